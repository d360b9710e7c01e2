//! `<!-- { ... } -->` annotations: the machine-readable hints the docs put before code fences.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::json::{JsonError, parse_non_strict};

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
    // Strict JSON is read straight into the few members used; a `Value` tree of every
    // member cost more than the rest of the annotation handling.
    let error = match serde_json::from_str::<Members<'_>>(trimmed) {
        Ok(members) => return Ok(Some(members.into_annotation(None))),
        Err(error) => error,
    };
    let doc = parse_non_strict(trimmed, &error).map_err(|error| JsonError { offset: error.offset + lead, message: error.message })?;
    let Value::Object(map) = &doc.value else { return Ok(None) };
    Ok(Some(Members::from_map(map).into_annotation(doc.non_strict_at.map(|offset| offset + lead))))
}

/// The members an annotation is read for. In a JSON object a repeated member keeps its
/// last value, and so it does here.
#[derive(Default)]
struct Members<'a> {
    block_type: Member<'a>,
    name: Member<'a>,
    odata_type: Member<'a>,
    at_type: Member<'a>,
    truncated: Member<'a>,
    is_collection: Member<'a>,
    base_type: Member<'a>,
    open_type: Member<'a>,
    is_abstract: Member<'a>,
    optional_properties: Member<'a>,
    key_property: Member<'a>,
    kind: Member<'a>,
}

impl<'a> Members<'a> {
    fn slot(&mut self, key: &str) -> Option<&mut Member<'a>> {
        Some(match key {
            "blockType" => &mut self.block_type,
            "name" => &mut self.name,
            "@odata.type" => &mut self.odata_type,
            "@type" => &mut self.at_type,
            "truncated" => &mut self.truncated,
            "isCollection" => &mut self.is_collection,
            "baseType" => &mut self.base_type,
            "openType" => &mut self.open_type,
            "abstract" => &mut self.is_abstract,
            "optionalProperties" => &mut self.optional_properties,
            "keyProperty" => &mut self.key_property,
            "type" => &mut self.kind,
            _ => return None,
        })
    }

    /// The members of an object the tolerant parser read.
    fn from_map(map: &'a serde_json::Map<String, Value>) -> Self {
        let mut members = Members::default();
        for (key, value) in map {
            if let Some(slot) = members.slot(key) {
                *slot = Member::from_value(value);
            }
        }
        members
    }

    fn into_annotation(self, non_strict_at: Option<usize>) -> Annotation {
        Annotation {
            block_type: self.block_type.text(),
            name: self.name.text(),
            odata_type: self.odata_type.text().or_else(|| self.at_type.text()),
            truncated: self.truncated.flag(),
            is_collection: self.is_collection.flag(),
            base_type: self.base_type.text().filter(|base| !base.trim().is_empty()),
            open_type: self.open_type.flag(),
            is_abstract: self.is_abstract.flag(),
            optional_properties: self.optional_properties.strings(),
            key_property: self.key_property.text(),
            is_page_footer: self.kind.text().is_some_and(|kind| kind == "#page.annotation"),
            non_strict_at,
        }
    }
}

/// A member's value, kept as far as annotations read it.
#[derive(Default)]
enum Member<'a> {
    #[default]
    Absent,
    Text(Cow<'a, str>),
    Flag(bool),
    /// An array's string items (its other items are never read).
    Strings(Vec<Cow<'a, str>>),
    /// A number, null or object.
    Other,
}

impl<'a> Member<'a> {
    fn from_value(value: &'a Value) -> Self {
        match value {
            Value::String(text) => Member::Text(Cow::Borrowed(text)),
            Value::Bool(flag) => Member::Flag(*flag),
            Value::Array(items) => Member::Strings(items.iter().filter_map(|item| item.as_str().map(Cow::Borrowed)).collect()),
            _ => Member::Other,
        }
    }

    /// A string, or an array's first string.
    fn text(&self) -> Option<String> {
        match self {
            Member::Text(text) => Some(text.to_string()),
            Member::Strings(items) => items.first().map(|item| item.to_string()),
            _ => None,
        }
    }

    /// Booleans are sometimes written as strings (`"truncated": "true"`).
    fn flag(&self) -> bool {
        match self {
            Member::Flag(flag) => *flag,
            Member::Text(text) => text.trim().eq_ignore_ascii_case("true"),
            _ => false,
        }
    }

    fn strings(&self) -> Vec<String> {
        match self {
            Member::Strings(items) => items.iter().map(|item| item.to_string()).collect(),
            _ => Vec::new(),
        }
    }
}

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'de>, A::Error> {
                let mut members = Members::default();
                while let Some(Key(key)) = map.next_key()? {
                    match members.slot(&key) {
                        Some(slot) => *slot = map.next_value()?,
                        None => {
                            map.next_value::<Checked>()?;
                        }
                    }
                }
                Ok(members)
            }
        }
        deserializer.deserialize_map(MembersVisitor)
    }
}

impl<'de> Deserialize<'de> for Member<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MemberVisitor;
        impl<'de> Visitor<'de> for MemberVisitor {
            type Value = Member<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E>(self, flag: bool) -> Result<Member<'de>, E> {
                Ok(Member::Flag(flag))
            }
            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Member<'de>, E> {
                Ok(Member::Text(Cow::Borrowed(text)))
            }
            fn visit_str<E>(self, text: &str) -> Result<Member<'de>, E> {
                Ok(Member::Text(Cow::Owned(text.to_owned())))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Member<'de>, A::Error> {
                let mut strings = Vec::new();
                while let Some(item) = seq.next_element::<StringItem<'de>>()? {
                    strings.extend(item.0);
                }
                Ok(Member::Strings(strings))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Member<'de>, A::Error> {
                check_map(map).map(|()| Member::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Member<'de>, E> {
                Ok(Member::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Member<'de>, E> {
                Ok(Member::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Member<'de>, E> {
                Ok(Member::Other)
            }
            fn visit_unit<E>(self) -> Result<Member<'de>, E> {
                Ok(Member::Other)
            }
        }
        deserializer.deserialize_any(MemberVisitor)
    }
}

/// An array item: its text when it is a string.
struct StringItem<'a>(Option<Cow<'a, str>>);

impl<'de> Deserialize<'de> for StringItem<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Member::deserialize(deserializer)? {
            Member::Text(text) => Ok(StringItem(Some(text))),
            _ => Ok(StringItem(None)),
        }
    }
}

/// A value that is read and dropped. Unlike `IgnoredAny` it parses numbers too, so the
/// texts accepted here are exactly those a `Value` parse accepts (`1e400` is out of range
/// for both), and strictness is judged the same on either path.
struct Checked;

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Member::deserialize(deserializer).map(|_| Checked)
    }
}

fn check_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_key::<Key<'de>>()?.is_some() {
        map.next_value::<Checked>()?;
    }
    Ok(())
}

/// A member name, borrowed unless it holds escapes (serde's own `Cow` always copies).
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(text)))
            }
            fn visit_str<E>(self, text: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(text.to_owned())))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
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
    fn strict_and_tolerant_reads_agree() {
        // The trailing comma sends the same members through the tolerant parser.
        for members in [
            r#""blockType": "response", "truncated": "True ", "isCollection": true, "@odata.type": "microsoft.graph.user""#,
            r#""blockType": ["request", 1], "name": ["a", "b"], "optionalProperties": ["x", 2, ["y"], "z"], "keyProperty": "id""#,
            r#""name": "first", "name": "second", "baseType": " ", "abstract": "false", "openType": 1"#,
            r##""suppressions": [{"a": [1e10, null]}], "@type": "microsoft.graph.x", "type": "#page.annotation""##,
            r#""blockType": "resource", "optionalProperties": "not an array", "name\u0041": "escaped key""#,
        ] {
            let strict = parse_annotation(&format!("{{{members}}}")).unwrap().unwrap();
            let tolerant = parse_annotation(&format!("{{{members},}}")).unwrap().unwrap();
            assert_eq!(strict.non_strict_at, None);
            assert!(tolerant.non_strict_at.is_some());
            assert_eq!(strict, Annotation { non_strict_at: None, ..tolerant }, "{members}");
        }
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
