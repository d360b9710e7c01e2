//! Tolerant JSON for doc examples: jsonc-parser's AST (which accepts trailing commas,
//! comments, unquoted keys, missing commas, Unicode whitespace and raw newlines in
//! strings) converted to `serde_json::Value`, keeping where each value starts.

use std::collections::BTreeMap;

use jsonc_parser::ast::{ObjectPropName, Value as AstValue};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};
use serde_json::{Map, Number, Value};

/// A parsed JSON text with the byte offset (into the parsed text) of every value,
/// keyed by JSON pointer; object members are keyed at their name.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonDoc {
    pub value: Value,
    pub positions: BTreeMap<String, usize>,
    /// `Some(offset)` when strict JSON rejects the text at that offset.
    pub non_strict_at: Option<usize>,
}

impl JsonDoc {
    /// The offset of the value at `pointer`, or of its nearest ancestor.
    pub fn position(&self, pointer: &str) -> usize {
        let mut current = pointer;
        loop {
            if let Some(offset) = self.positions.get(current) {
                return *offset;
            }
            match current.rfind('/') {
                Some(cut) => current = &current[..cut],
                None => return 0,
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub offset: usize,
    pub message: String,
}

pub fn parse_tolerant(text: &str) -> Result<JsonDoc, JsonError> {
    let options = ParseOptions {
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_non_finite_numbers: false,
        ..ParseOptions::default()
    };
    let parsed = parse_to_ast(text, &CollectOptions::default(), &options)
        .map_err(|error| JsonError { offset: error.range().start, message: error.kind().to_string() })?;
    let Some(root) = parsed.value else {
        return Err(JsonError { offset: 0, message: "no JSON value".into() });
    };
    let mut positions = BTreeMap::new();
    let value = convert(&root, String::new(), &mut positions);
    let non_strict_at = match serde_json::from_str::<serde::de::IgnoredAny>(text) {
        Ok(_) => None,
        Err(error) => Some(offset_of_line_col(text, error.line(), error.column())),
    };
    Ok(JsonDoc { value, positions, non_strict_at })
}

fn convert(node: &AstValue<'_>, pointer: String, positions: &mut BTreeMap<String, usize>) -> Value {
    positions.insert(pointer.clone(), node_start(node));
    match node {
        AstValue::StringLit(lit) => Value::String(lit.value.to_string()),
        AstValue::NumberLit(lit) => lit.value.parse::<Number>().map(Value::Number).unwrap_or_else(|_| Value::String(lit.value.to_owned())),
        AstValue::BooleanLit(lit) => Value::Bool(lit.value),
        AstValue::NullKeyword(_) => Value::Null,
        AstValue::Array(array) => Value::Array(
            array.elements.iter().enumerate().map(|(index, element)| convert(element, format!("{pointer}/{index}"), positions)).collect(),
        ),
        AstValue::Object(object) => {
            let mut map = Map::new();
            for prop in &object.properties {
                let name = match &prop.name {
                    ObjectPropName::String(lit) => lit.value.to_string(),
                    ObjectPropName::Word(word) => word.value.to_owned(),
                };
                let child = format!("{pointer}/{}", escape_pointer(&name));
                let value = convert(&prop.value, child.clone(), positions);
                positions.insert(child, prop.range.start);
                map.insert(name, value);
            }
            Value::Object(map)
        }
    }
}

fn node_start(node: &AstValue<'_>) -> usize {
    match node {
        AstValue::StringLit(lit) => lit.range.start,
        AstValue::NumberLit(lit) => lit.range.start,
        AstValue::BooleanLit(lit) => lit.range.start,
        AstValue::NullKeyword(lit) => lit.range.start,
        AstValue::Array(array) => array.range.start,
        AstValue::Object(object) => object.range.start,
    }
}

pub fn escape_pointer(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn offset_of_line_col(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_comma_parses_and_is_flagged_non_strict() {
        let doc = parse_tolerant("{\"blockType\": \"response\",}").unwrap();
        assert_eq!(doc.value["blockType"], "response");
        assert!(doc.non_strict_at.is_some());
    }

    #[test]
    fn unquoted_key_and_raw_newline_in_string_parse() {
        let doc = parse_tolerant("{isCollection: true, \"s\": \"a\nb\"}").unwrap();
        assert_eq!(doc.value["isCollection"], true);
        assert_eq!(doc.value["s"], "a\nb");
    }

    #[test]
    fn nbsp_whitespace_and_block_comments_are_tolerated() {
        let doc = parse_tolerant("{\u{a0}\"a\": 1 /* note */}").unwrap();
        assert_eq!(doc.value["a"], 1);
    }

    #[test]
    fn strict_json_is_not_flagged() {
        let doc = parse_tolerant("{\"a\": [1, {\"b\": null}]}").unwrap();
        assert_eq!(doc.non_strict_at, None);
        assert_eq!(doc.positions["/a/1/b"], 11);
    }

    #[test]
    fn ellipsis_placeholder_is_an_error_with_an_offset() {
        let error = parse_tolerant("{\n  \"a\": 1,\n  ...\n}").unwrap_err();
        assert!(error.offset >= 12, "{error:?}");
    }

    #[test]
    fn key_order_is_preserved() {
        let doc = parse_tolerant("{\"z\": 1, \"a\": 2}").unwrap();
        let keys: Vec<_> = doc.value.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["z", "a"]);
    }
}
