//! The type column of property tables, read syntactically: which primitive, link or
//! name it gives, and whether it is a collection. Resolution to a real type happens later.

use super::markdown::Inline;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeTarget {
    /// A canonical primitive name such as `Edm.String`, or `microsoft.graph.Json`.
    Primitive(&'static str),
    /// A markdown link: `[identitySet](identityset.md)`, `[x](#x-values)`, `[x](enums.md#x-values)`.
    Link { dest: String, text: String },
    /// A bare or namespace-qualified name: `riskLevel`, `microsoft.graph.callRecords.session`.
    Name(String),
    /// Text that names no type ("4230 minutes (under 3 days)").
    Unreadable(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeExpr {
    pub target: TypeTarget,
    pub collection: bool,
}

/// Maps every spelling of a primitive seen in the docs to its `Edm` name.
pub fn primitive_name(word: &str) -> Option<&'static str> {
    let word = word.trim();
    // Lower-cased on the stack: this runs for every type cell, placeholder and example
    // type. No spelling below is longer than the buffer, so a longer word is no primitive.
    let mut buffer = [0u8; 24];
    let lower = buffer.get_mut(..word.len())?;
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    let lower = std::str::from_utf8(lower).ok()?;
    let bare = lower.strip_prefix("edm.").unwrap_or(lower);
    Some(match bare {
        "string" | "str" | "url" | "uri" => "Edm.String",
        "boolean" | "bool" => "Edm.Boolean",
        "int32" | "int" | "integer" | "number" => "Edm.Int32",
        "int64" | "long" => "Edm.Int64",
        "int16" | "short" => "Edm.Int16",
        "byte" => "Edm.Byte",
        "sbyte" => "Edm.SByte",
        "single" | "float" => "Edm.Single",
        "double" => "Edm.Double",
        "decimal" => "Edm.Decimal",
        "datetimeoffset" | "datetime" | "timestamp" => "Edm.DateTimeOffset",
        "date" => "Edm.Date",
        "timeofday" => "Edm.TimeOfDay",
        "duration" | "timespan" => "Edm.Duration",
        "guid" | "uuid" => "Edm.Guid",
        "binary" | "base64" => "Edm.Binary",
        "stream" => "Edm.Stream",
        "json" | "microsoft.graph.json" => "microsoft.graph.Json",
        _ => return None,
    })
}

pub fn parse_type_cell(cell: &Inline) -> TypeExpr {
    let text = cell.text.trim();
    // "collection" as a word or `Collection(`; never inside a name like `siteCollection`.
    let collection = text.split(|c: char| !c.is_ascii_alphanumeric()).any(|word| word.eq_ignore_ascii_case("collection"));
    let link = cell.links.iter().find(|link| !link.dest.starts_with("http") && !link.dest.starts_with("/"));
    if let Some(link) = link {
        // A link to a primitive's docs page is still the primitive.
        if let Some(primitive) = primitive_name(&link.text) {
            return TypeExpr { target: TypeTarget::Primitive(primitive), collection };
        }
        return TypeExpr { target: TypeTarget::Link { dest: link.dest.to_string(), text: link.text.to_string() }, collection };
    }
    let core = strip_collection_words(text);
    // "(Optional) String": a leading remark is not the type.
    let core = match core.strip_prefix('(').and_then(|rest| rest.split_once(')')) {
        Some((_, rest)) if !rest.trim().is_empty() => rest.trim().to_owned(),
        _ => core,
    };
    if ["json object", "untyped json object", "object", "json"].iter().any(|spelling| core.eq_ignore_ascii_case(spelling)) {
        return TypeExpr { target: TypeTarget::Primitive("microsoft.graph.Json"), collection };
    }
    let first_word = core.split(|c: char| c.is_whitespace() || c == '(').find(|w| !w.is_empty()).unwrap_or_default();
    let word = first_word.trim_matches(|c: char| matches!(c, '[' | ']' | '*' | '`' | '"' | ',' | '.'));
    if let Some(primitive) = primitive_name(word) {
        return TypeExpr { target: TypeTarget::Primitive(primitive), collection };
    }
    let is_identifier = !word.is_empty()
        && word.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
    // A bare name is a type only if nothing but "collection" words surround it.
    let leftover_words = core.split_whitespace().count();
    if is_identifier && leftover_words == 1 {
        return TypeExpr { target: TypeTarget::Name(word.to_owned()), collection };
    }
    if is_identifier && core.contains('(') && core.split('(').next().is_some_and(|head| head.split_whitespace().count() == 1) {
        // "string (url)", "Int32 (milliseconds)": the word before the remark is the type.
        return TypeExpr { target: TypeTarget::Name(word.to_owned()), collection };
    }
    TypeExpr { target: TypeTarget::Unreadable(text.to_owned()), collection }
}

/// Removes `Collection(...)` wrappers and the word "collection" wherever it stands.
fn strip_collection_words(text: &str) -> String {
    let mut core = text.trim().to_owned();
    if let Some(open) = super::ascii::find_ignore_ascii_case(&core, "collection(") {
        let inner_start = open + "collection(".len();
        let inner_end = core.rfind(')').filter(|end| *end >= inner_start).unwrap_or(core.len());
        core = core[inner_start..inner_end].to_owned();
    }
    core.split_whitespace().filter(|word| !word.eq_ignore_ascii_case("collection") && !word.eq_ignore_ascii_case("of")).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::markdown::{Block, parse_document};

    fn type_of(cell_markdown: &str) -> TypeExpr {
        let page = format!("| Property | Type |\n|--|--|\n| p | {cell_markdown} |\n\n[identitySet]: identityset.md\n");
        let doc = parse_document(&page);
        let Some(Block::Table { rows, .. }) = doc.blocks.first() else { panic!("no table") };
        parse_type_cell(&rows[0].cells[1])
    }

    #[test]
    fn primitive_spellings_are_canonical() {
        for cell in ["String", "string", "`string`", "Edm.String", "string (url)"] {
            assert_eq!(type_of(cell).target, TypeTarget::Primitive("Edm.String"), "{cell}");
        }
        assert_eq!(type_of("DateTime").target, TypeTarget::Primitive("Edm.DateTimeOffset"));
        assert_eq!(type_of("int").target, TypeTarget::Primitive("Edm.Int32"));
        assert_eq!(type_of("Json").target, TypeTarget::Primitive("microsoft.graph.Json"));
    }

    #[test]
    fn collections_in_both_spellings() {
        assert_eq!(type_of("String collection"), TypeExpr { target: TypeTarget::Primitive("Edm.String"), collection: true });
        assert_eq!(type_of("Collection(String)"), TypeExpr { target: TypeTarget::Primitive("Edm.String"), collection: true });
        let linked = type_of("Collection([itemReference](itemreference.md))");
        assert!(linked.collection);
        assert!(matches!(linked.target, TypeTarget::Link { ref dest, .. } if dest == "itemreference.md"));
    }

    #[test]
    fn links_of_every_style() {
        assert!(matches!(type_of("[audioConferencing](audioconferencing.md)").target, TypeTarget::Link { ref dest, .. } if dest == "audioconferencing.md"));
        assert!(
            matches!(type_of("[onlineMeetingPresenters](#onlinemeetingpresenters-values)").target, TypeTarget::Link { ref dest, .. } if dest == "#onlinemeetingpresenters-values")
        );
        assert!(matches!(type_of("[identitySet][]").target, TypeTarget::Link { ref dest, .. } if dest == "identityset.md"));
    }

    #[test]
    fn collection_inside_a_name_is_not_a_collection() {
        assert!(!type_of("[siteCollection](sitecollection.md)").collection);
        assert!(type_of("[siteCollection](sitecollection.md) collection").collection);
    }

    #[test]
    fn bare_and_qualified_names() {
        assert_eq!(type_of("riskLevel").target, TypeTarget::Name("riskLevel".into()));
        assert_eq!(
            type_of("microsoft.graph.callRecords.session collection"),
            TypeExpr { target: TypeTarget::Name("microsoft.graph.callRecords.session".into()), collection: true }
        );
    }

    #[test]
    fn remarks_and_untyped_objects() {
        assert_eq!(type_of("(Optional) String").target, TypeTarget::Primitive("Edm.String"));
        assert_eq!(type_of("Untyped JSON object").target, TypeTarget::Primitive("microsoft.graph.Json"));
    }

    #[test]
    fn free_text_is_unreadable() {
        assert!(matches!(type_of("4230 minutes (under 3 days)").target, TypeTarget::Unreadable(_)));
    }
}
