//! `<!-- { ... } -->` annotations: the machine-readable hints the docs put before code fences.

use serde_json::Value;

use super::json::{JsonError, parse_tolerant};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Annotation {
    pub block_type: Option<String>,
    pub name: Option<String>,
    /// `@odata.type`, or `@type` where a page uses that spelling.
    pub odata_type: Option<String>,
    pub truncated: bool,
    pub is_collection: bool,
    pub base_type: Option<String>,
    pub open_type: bool,
    pub is_abstract: bool,
    pub optional_properties: Vec<String>,
    pub key_property: Option<String>,
    /// The `#page.annotation` footer carries no API information.
    pub is_page_footer: bool,
    /// Where strict JSON rejects the text, if it does (offset into the comment body).
    pub non_strict_at: Option<usize>,
}

/// `Ok(None)` when the comment is not JSON-shaped (a plain HTML comment).
pub fn parse_annotation(comment_body: &str) -> Result<Option<Annotation>, JsonError> {
    let trimmed = comment_body.trim_start();
    if !trimmed.starts_with('{') {
        return Ok(None);
    }
    let lead = comment_body.len() - trimmed.len();
    let doc = parse_tolerant(trimmed).map_err(|error| JsonError { offset: error.offset + lead, message: error.message })?;
    let Value::Object(map) = &doc.value else { return Ok(None) };
    let text = |key: &str| match map.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Array(items)) => items.iter().find_map(|item| item.as_str().map(str::to_owned)),
        _ => None,
    };
    Ok(Some(Annotation {
        block_type: text("blockType"),
        name: text("name"),
        odata_type: text("@odata.type").or_else(|| text("@type")),
        truncated: flag(map.get("truncated")),
        is_collection: flag(map.get("isCollection")),
        base_type: text("baseType").filter(|base| !base.trim().is_empty()),
        open_type: flag(map.get("openType")),
        is_abstract: flag(map.get("abstract")),
        optional_properties: match map.get("optionalProperties") {
            Some(Value::Array(items)) => items.iter().filter_map(|item| item.as_str().map(str::to_owned)).collect(),
            _ => Vec::new(),
        },
        key_property: text("keyProperty"),
        is_page_footer: text("type").is_some_and(|kind| kind == "#page.annotation"),
        non_strict_at: doc.non_strict_at.map(|offset| offset + lead),
    }))
}

/// Booleans are sometimes written as strings (`"truncated": "true"`).
fn flag(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(flag)) => *flag,
        Some(Value::String(text)) => text.trim().eq_ignore_ascii_case("true"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_annotation_reads_name() {
        let a = parse_annotation("{\n  \"blockType\": \"request\",\n  \"name\": \"create-onlinemeeting-user-token\"\n}").unwrap().unwrap();
        assert_eq!(a.block_type.as_deref(), Some("request"));
        assert_eq!(a.name.as_deref(), Some("create-onlinemeeting-user-token"));
        assert_eq!(a.non_strict_at, None);
    }

    #[test]
    fn trailing_comma_and_string_true_are_tolerated() {
        let a = parse_annotation(" {\"blockType\": \"response\", \"truncated\": \"true\",} ").unwrap().unwrap();
        assert!(a.truncated);
        assert!(a.non_strict_at.is_some());
    }

    #[test]
    fn unquoted_key_is_tolerated() {
        let a = parse_annotation("{ \"blockType\": \"response\", isCollection: true }").unwrap().unwrap();
        assert!(a.is_collection);
    }

    #[test]
    fn at_type_stands_for_odata_type_and_null_base_is_none() {
        let a = parse_annotation("{\"blockType\": \"resource\", \"@type\": \"microsoft.graph.itemActivity\", \"baseType\": null}").unwrap().unwrap();
        assert_eq!(a.odata_type.as_deref(), Some("microsoft.graph.itemActivity"));
        assert_eq!(a.base_type, None);
    }

    #[test]
    fn plain_comment_is_not_an_annotation() {
        assert_eq!(parse_annotation(" uuid: 8fcb5dbc-d5aa-4681-8e31-b001d5168d79 ").unwrap(), None);
    }

    #[test]
    fn footer_is_recognised() {
        let a = parse_annotation("\n{\n  \"type\": \"#page.annotation\",\n  \"suppressions\": []\n}\n").unwrap().unwrap();
        assert!(a.is_page_footer);
    }

    #[test]
    fn broken_annotation_reports_offset_in_comment() {
        let error = parse_annotation("  {\"blockType\": \"request\" \"name\": }").unwrap_err();
        assert!(error.offset > 2, "{error:?}");
    }
}
