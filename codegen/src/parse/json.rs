//! Tolerant JSON for doc examples: strict serde_json where it suffices, else
//! jsonc-parser's AST (which accepts trailing commas, comments, unquoted keys, missing
//! commas, Unicode whitespace and raw newlines in strings) converted to `serde_json::Value`.

use jsonc_parser::ast::{ObjectPropName, Value as AstValue};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};
use serde_json::{Map, Number, Value};

/// A parsed JSON text. Positions are found on demand (only diagnostics need them), so
/// the common strict case costs one serde_json parse.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonDoc {
    pub value: Value,
    /// The text that was parsed, for locating values later.
    pub text: String,
    /// `Some(offset)` when strict JSON rejects the text at that offset.
    pub non_strict_at: Option<usize>,
}

impl JsonDoc {
    /// The byte offset of the value at a JSON pointer (an object member's name for
    /// members), or of its nearest ancestor that exists.
    pub fn position(&self, pointer: &str) -> usize {
        self.locator().position(pointer)
    }

    /// The text's syntax tree, for finding several positions with one parse.
    pub fn locator(&self) -> JsonLocator<'_> {
        let root = parse_to_ast(&self.text, &CollectOptions::default(), &tolerant_options()).ok().and_then(|parsed| parsed.value);
        JsonLocator { root }
    }
}

/// A parsed JSON text with byte ranges, kept while a body's diagnostics are placed.
pub struct JsonLocator<'t> {
    root: Option<AstValue<'t>>,
}

impl JsonLocator<'_> {
    /// See [`JsonDoc::position`].
    pub fn position(&self, pointer: &str) -> usize {
        let Some(mut node) = self.root.as_ref() else { return 0 };
        let mut offset = node_start(node);
        for segment in pointer.split('/').skip(1) {
            let segment = segment.replace("~1", "/").replace("~0", "~");
            let next = match node {
                AstValue::Object(object) => {
                    object.properties.iter().rev().find(|prop| prop_name(&prop.name) == segment).map(|prop| (&prop.value, prop.range.start))
                }
                AstValue::Array(array) => {
                    segment.parse::<usize>().ok().and_then(|index| array.elements.get(index)).map(|element| (element, node_start(element)))
                }
                _ => None,
            };
            match next {
                Some((child, start)) => {
                    node = child;
                    offset = start;
                }
                None => break,
            }
        }
        offset
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub offset: usize,
    pub message: String,
}

fn tolerant_options() -> ParseOptions {
    ParseOptions { allow_single_quoted_strings: false, allow_hexadecimal_numbers: false, allow_non_finite_numbers: false, ..ParseOptions::default() }
}

/// Strict JSON first (fast, and the common case); the tolerant parser only when it fails.
pub fn parse_tolerant(text: &str) -> Result<JsonDoc, JsonError> {
    match serde_json::from_str::<Value>(text) {
        Ok(value) => Ok(JsonDoc { value, text: text.to_owned(), non_strict_at: None }),
        Err(error) => parse_non_strict(text, &error),
    }
}

/// The tolerant parse of a text that strict JSON rejected with `strict_error`.
pub fn parse_non_strict(text: &str, strict_error: &serde_json::Error) -> Result<JsonDoc, JsonError> {
    let strict_error = offset_of_line_col(text, strict_error.line(), strict_error.column());
    let parsed = parse_to_ast(text, &CollectOptions::default(), &tolerant_options())
        .map_err(|error| JsonError { offset: error.range().start, message: error.kind().to_string() })?;
    let Some(root) = parsed.value else {
        return Err(JsonError { offset: 0, message: "no JSON value".into() });
    };
    Ok(JsonDoc { value: convert(&root), text: text.to_owned(), non_strict_at: Some(strict_error) })
}

fn prop_name(name: &ObjectPropName<'_>) -> String {
    match name {
        ObjectPropName::String(lit) => lit.value.to_string(),
        ObjectPropName::Word(word) => word.value.to_owned(),
    }
}

fn convert(node: &AstValue<'_>) -> Value {
    match node {
        AstValue::StringLit(lit) => Value::String(lit.value.to_string()),
        AstValue::NumberLit(lit) => lit.value.parse::<Number>().map(Value::Number).unwrap_or_else(|_| Value::String(lit.value.to_owned())),
        AstValue::BooleanLit(lit) => Value::Bool(lit.value),
        AstValue::NullKeyword(_) => Value::Null,
        AstValue::Array(array) => Value::Array(array.elements.iter().map(convert).collect()),
        AstValue::Object(object) => {
            Value::Object(object.properties.iter().map(|prop| (prop_name(&prop.name), convert(&prop.value))).collect::<Map<String, Value>>())
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
        assert_eq!(doc.position("/a/1/b"), 11);
        assert_eq!(doc.position("/a/1/missing"), 10);
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
