//! Resource pages: types (from the JSON-representation annotation), property and
//! relationship tables, base types, and enums in their three table forms.

use super::annotation::Annotation;
use super::front_matter::FrontMatter;
use super::json::JsonDoc;
use super::markdown::{Block, Inline, InlineLink, Link, TableRow, collapse_whitespace};
use serde_json::Value;

use super::ascii::{contains_ignore_ascii_case, find_ignore_ascii_case};
use super::json::escape_pointer;
use super::type_expr::{TypeExpr, TypeTarget, parse_type_cell, primitive_name};
use super::{AnnotatedFence, Located, Reporter, clean_name, header_names, read_json_body};
use crate::diagnostics::Code;
use crate::ir::{EnumMember, EnumOrigin};

#[derive(Debug, Default)]
pub struct ResourcePage {
    pub types: Vec<RawType>,
    pub enums: Vec<RawEnum>,
    /// The page's summary paragraph.
    pub summary: String,
    /// A `Methods` section exists (a hint that the type is an entity).
    pub has_methods: bool,
    /// The `Methods` table links to API pages: the type is addressed by operations of its own.
    pub lists_operations: bool,
    /// A `Relationships` section exists, even one that says "None." (a weaker hint).
    pub has_relationships: bool,
    /// The `Relationships` section has a table with rows.
    pub lists_relationships: bool,
}

#[derive(Debug, Clone)]
pub struct RawType {
    /// From the annotation (`microsoft.graph.onlineMeeting`) or, failing that, the title.
    pub name: String,
    pub annotation: Annotation,
    pub from_annotation: bool,
    /// "Inherits from [x](x.md)" in the text.
    pub base_link: Option<(Link, usize)>,
    /// Types the text says derive from this one ("the derived types are [x](x.md), ...",
    /// "is the base type for [x](x.md)", a "Derived types" section's links), with where.
    pub derived_links: Vec<(Link, usize)>,
    pub properties: Vec<RawProperty>,
    pub json: Option<JsonDoc>,
    /// File offset of the JSON representation's text.
    pub json_offset: usize,
    pub offset: usize,
}

#[derive(Debug, Clone)]
pub struct RawProperty {
    pub name: String,
    pub type_expr: TypeExpr,
    pub type_text: String,
    pub description: String,
    pub is_read_only: bool,
    pub is_navigation: bool,
    pub is_deprecated: bool,
    /// Values from "Possible values are: `a`, `b`".
    pub prose_values: Vec<String>,
    /// Known only from the JSON representation, not from a table.
    pub from_json: bool,
    /// The other types a cell offers ("[appHostedMediaConfig](…) or
    /// [serviceHostedMediaConfig](…)"); `type_expr` holds the first.
    pub alternatives: Vec<Link>,
    pub offset: usize,
}

#[derive(Debug, Clone)]
pub struct RawEnum {
    /// Short name as the docs write it (`onlineMeetingRole`), or a full name.
    pub name: String,
    pub members: Vec<EnumMember>,
    pub origin: EnumOrigin,
    pub offset: usize,
}

const NAME_HEADERS: &[&str] = &["property", "property name", "name", "relationship", "relationship name", "parameter", "parameter name"];

pub(super) fn read_resource_page(
    title: &str,
    front_matter: &FrontMatter,
    located: &[Located<'_>],
    fences: &[AnnotatedFence<'_>],
    reporter: &mut Reporter<'_>,
) -> ResourcePage {
    let mut page = ResourcePage::default();
    let mut properties = Vec::new();
    let mut base_link = None;
    let mut derived_links = Vec::new();
    // A paragraph that ends "...derived types:" introduces a list of them.
    let mut derived_list_follows = false;
    let mut says_open_type = false;
    let mut says_abstract = false;
    let mut enum_page_members: Option<(Vec<EnumMember>, usize)> = None;
    let is_enum_page =
        front_matter.get("doc_type").is_some_and(|t| t.eq_ignore_ascii_case("enumPageType")) || title.to_ascii_lowercase().ends_with("enum type");
    // A section may name the type first: "## operationError Properties".
    let titled_type = title.split_whitespace().next().unwrap_or_default().to_ascii_lowercase();
    let is_section = |section: &str, name: &str| {
        section.starts_with(name)
            || section.strip_prefix(titled_type.as_str()).and_then(|rest| rest.strip_prefix(' ')).is_some_and(|rest| rest.starts_with(name))
    };

    for item in located {
        match item.block {
            Block::Heading { key, .. } => {
                derived_list_follows = false;
                // Even a section that says "None." is the entity page template's.
                if item.section == &**key {
                    page.has_methods |= key.starts_with("methods");
                    page.has_relationships |= key.starts_with("relationships");
                }
            }
            Block::Paragraph { content, start } => {
                // "This type is an open type", as `feedbackTokenSet` and the planner maps say
                // in their introduction while their annotation does not.
                says_open_type |= item.section.is_empty() && contains_ignore_ascii_case(&content.text, "is an open type");
                says_abstract |= item.section.is_empty() && calls_itself_abstract(&content.text);
                if page.summary.is_empty()
                    && item.section.is_empty()
                    && !content.text.starts_with("Namespace:")
                    && !content.text.starts_with('[')
                    && !content.text.starts_with('>')
                    && !super::is_callout(&content.text)
                {
                    page.summary = content.text.to_string();
                }
                if base_link.is_none()
                    && let Some(link) = inherits_from(content)
                {
                    base_link = Some((link, *start));
                }
                // A list item names its subject first: "[x](x.md) is a derived type of ...".
                let is_item_of_link = content.links.first().is_some_and(|link| content.text.starts_with(&*link.text));
                let introduced = derived_types_introduced(content);
                let links = if item.section.starts_with("derived types") && !is_item_of_link {
                    resource_links(content, 0)
                } else if item.section.starts_with("derived types") || derived_list_follows && is_item_of_link {
                    resource_links(content, 0).into_iter().take(1).collect()
                } else {
                    introduced.map(|rest| resource_links(content, content.text.len() - rest.len())).unwrap_or_default()
                };
                derived_list_follows = derived_list_follows && is_item_of_link || introduced.is_some_and(|rest| rest.trim_end().ends_with(':'));
                derived_links.extend(links.into_iter().map(|link| (link, *start)));
            }
            Block::Table { header, rows, start } => {
                derived_list_follows = false;
                page.lists_relationships |= !rows.is_empty() && is_section(item.section, "relationships");
                // `participantJoiningResponse`: a "Derived types" table, one type per row.
                if item.section.starts_with("derived types") {
                    for row in rows {
                        let first_link = row.cells.first().and_then(|cell| resource_links(cell, 0).into_iter().next());
                        derived_links.extend(first_link.map(|link| (link, row.start)));
                    }
                    continue;
                }
                if item.section.starts_with("methods") {
                    page.lists_operations |= rows.iter().flat_map(|row| &row.cells).flat_map(|cell| &cell.links).any(|link| link.dest.contains("api/"));
                    continue;
                }
                let names = header_names(header);
                if let Some(enum_name) = values_heading(item.heading) {
                    if let Some(members) = read_members(&names, rows) {
                        page.enums.push(RawEnum { name: enum_name, members, origin: EnumOrigin::ValuesSection, offset: *start });
                    }
                    continue;
                }
                if is_enum_page && (item.section.starts_with("members") || item.section.is_empty() || item.section.starts_with("values")) {
                    if let Some(members) = read_members(&names, rows) {
                        let slot = enum_page_members.get_or_insert((Vec::new(), *start));
                        slot.0.extend(members);
                    }
                    continue;
                }
                let navigation = is_section(item.section, "relationship");
                let in_property_section = is_section(item.section, "propert") || navigation;
                let is_property_table =
                    names.first().is_some_and(|n| NAME_HEADERS.contains(&n.as_str())) && names.get(1).is_some_and(|n| n.starts_with("type"));
                if in_property_section && is_property_table {
                    if let Some(subject) = property_contents_subject(item, &properties) {
                        let message = format!("the table under `{}` describes {subject}, not the type; its rows are not read as properties", item.heading);
                        reporter.report(Code::PropertyContentsTable, *start, message);
                        continue;
                    }
                    for row in rows {
                        let Some(property) = read_property_row(row, navigation, &names, reporter) else { continue };
                        // `@odata.etag`, `@microsoft.graph.teamCreationMode`: OData instance
                        // annotations, which the schema declares as terms, not properties.
                        if property.name.starts_with('@') {
                            let message = format!("`{}` is an instance annotation, not a property; it is not read as one", property.name);
                            reporter.report(Code::InstanceAnnotationInTable, row.start, message);
                            continue;
                        }
                        properties.push(property);
                    }
                }
            }
            _ => {}
        }
    }

    if is_enum_page {
        let name = title.split_whitespace().next().unwrap_or_default().to_owned();
        match enum_page_members {
            Some((members, offset)) => page.enums.push(RawEnum { name, members, origin: EnumOrigin::EnumPage, offset }),
            // `enums.md` and its kin are enum pages that hold `### x values` sections instead.
            None if !page.enums.is_empty() => {}
            None => reporter.report(Code::EmptyEnum, 0, format!("enum page `{name}` lists no members")),
        }
    }

    for fence in fences {
        let Some((annotation, at)) = &fence.annotation else { continue };
        if annotation.block_type.as_deref() != Some("resource") {
            continue;
        }
        let Some(name) = annotation.odata_type.clone().filter(|n| !n.trim().is_empty()) else {
            reporter.report(Code::InvalidAnnotation, *at, "resource annotation has no `@odata.type`");
            continue;
        };
        let name = name.trim().trim_start_matches('#').to_owned();
        // Newer enum pages end with a JSON representation that names the enum itself
        // (`{ "@odata.type": "#microsoft.graph.granularRestoreItems" }`): it describes
        // the enum, so it makes no type (an empty one would shadow the enum).
        let short = name.rsplit('.').next().unwrap_or_default();
        if properties.is_empty() && page.enums.iter().any(|e| e.name.eq_ignore_ascii_case(short)) {
            continue;
        }
        let json = read_json_body(fence.text, fence.content_start, reporter);
        page.types.push(RawType {
            name,
            annotation: annotation.clone(),
            from_annotation: true,
            base_link: None,
            derived_links: Vec::new(),
            properties: Vec::new(),
            json,
            json_offset: fence.content_start,
            offset: *at,
        });
    }
    if page.types.is_empty() && !properties.is_empty() {
        let short = title.split_whitespace().next().unwrap_or_default().to_owned();
        reporter.report(
            Code::MissingResourceAnnotation,
            properties[0].offset,
            format!("page has a property table but no `resource` annotation; naming the type `{short}` from the title"),
        );
        page.types.push(RawType {
            name: short,
            annotation: Annotation::default(),
            from_annotation: false,
            base_link: None,
            derived_links: Vec::new(),
            properties: Vec::new(),
            json: None,
            json_offset: 0,
            offset: 0,
        });
    }
    // The page's tables describe its first (main) type.
    if let Some(main) = page.types.first_mut() {
        main.properties = properties;
        main.base_link = base_link;
        main.derived_links = derived_links;
        main.annotation.open_type |= says_open_type;
        main.annotation.is_abstract |= says_abstract;
        adopt_json_spellings(main, reporter);
        adopt_json_collection_shapes(main, reporter);
    }
    for raw in &mut page.types {
        add_json_only_properties(raw);
    }
    page
}

/// What a property table under a sub-heading of the properties section describes, when
/// that is not the type itself: policy pages table the JSON held in their `definition`
/// string under "Properties of a ... policy definition", and examples of it.
fn property_contents_subject(item: &Located<'_>, properties_so_far: &[RawProperty]) -> Option<String> {
    if item.heading_key == item.section {
        return None;
    }
    if item.heading_key.starts_with("example") {
        return Some("an example".to_owned());
    }
    item.heading
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find(|word| !word.is_empty() && properties_so_far.iter().any(|p| p.name == *word))
        .map(|name| format!("the contents of property `{name}`"))
}

/// The table and the JSON representation are two schemas of one type. Where they disagree
/// on whether a property is a collection, the JSON's shape is used, as its spelling is
/// ([`adopt_json_spellings`]), and the member is reported so that a maintainer can check.
/// The JSON block is the one the page annotates as the type's schema (`blockType:
/// resource`); the table is prose. (`presence.md` tables `availability` as a `string
/// collection`; its JSON, its examples and the service's published schema have a single
/// string.)
fn adopt_json_collection_shapes(raw: &mut RawType, reporter: &mut Reporter<'_>) {
    if raw.annotation.open_type {
        return;
    }
    let Some(doc) = &raw.json else { return };
    let Value::Object(map) = &doc.value else { return };
    let names_collection = |text: &str| text.trim_start().trim_start_matches('#').get(..11).is_some_and(|head| head.eq_ignore_ascii_case("collection("));
    for property in &mut raw.properties {
        let in_json = match map.get(&property.name) {
            None | Some(Value::Null) => continue,
            Some(Value::Array(_)) => true,
            // `"collection(microsoft.graph.x)"`, `{"@odata.type": "Collection(...)"}`.
            Some(Value::String(text)) => names_collection(text),
            Some(Value::Object(object)) => object.get("@odata.type").and_then(Value::as_str).is_some_and(names_collection),
            Some(_) => false,
        };
        if in_json != property.type_expr.collection {
            let (table, json) = if property.type_expr.collection { ("a collection", "a single value") } else { ("a single value", "a collection") };
            let offset = raw.json_offset + doc.position(&format!("/{}", escape_pointer(&property.name)));
            let message = format!(
                "property `{}` is {table} in the table (`{}`) but {json} in the JSON representation; the JSON's shape is used",
                property.name, property.type_text
            );
            reporter.report(Code::CollectionMismatch, offset, message);
            property.type_expr.collection = in_json;
        }
    }
}

/// The JSON representation shows the wire names. Where a table spells one in other case
/// (`printerID` for `"printerId"`, `DateTime` for `"dateTime"`), the service sends the
/// JSON's spelling, so that one is used and the row reported.
fn adopt_json_spellings(raw: &mut RawType, reporter: &mut Reporter<'_>) {
    // An open type's JSON shows example members, not a schema.
    if raw.annotation.open_type {
        return;
    }
    let Some(doc) = &raw.json else { return };
    let Value::Object(map) = &doc.value else { return };
    let mut taken: Vec<String> = raw.properties.iter().map(|p| p.name.clone()).collect();
    for property in &mut raw.properties {
        if map.contains_key(&property.name) {
            continue;
        }
        let Some(spelling) = map.keys().find(|key| key.eq_ignore_ascii_case(&property.name) && !taken.contains(key)) else { continue };
        let message =
            format!("property `{}` is spelled `{spelling}` in the JSON representation; the JSON's spelling is the wire name and is used", property.name);
        reporter.report(Code::PropertyNameCaseMismatch, property.offset, message);
        property.name = spelling.clone();
        taken.push(spelling.clone());
    }
}

/// The JSON representation is the docs' second schema: members no table lists
/// (`educationOutcome` has only the JSON) become properties typed from their placeholders.
fn add_json_only_properties(raw: &mut RawType) {
    // An open type's JSON shows example members (user ids, keys), not a schema.
    if raw.annotation.open_type {
        return;
    }
    let Some(doc) = &raw.json else { return };
    let Value::Object(map) = &doc.value else { return };
    for (name, placeholder) in map {
        if name.starts_with('@') || name.contains('@') || raw.properties.iter().any(|p| &p.name == name) {
            continue;
        }
        let (target, collection) = match placeholder {
            Value::Array(items) => (placeholder_target(items.first()), true),
            single => (placeholder_target(Some(single)), false),
        };
        let type_text = placeholder.to_string();
        let offset = raw.json_offset + doc.position(&format!("/{}", escape_pointer(name)));
        raw.properties.push(RawProperty {
            name: name.clone(),
            type_expr: TypeExpr { target, collection },
            type_text,
            description: String::new(),
            is_read_only: false,
            is_navigation: false,
            is_deprecated: false,
            prose_values: Vec::new(),
            from_json: true,
            alternatives: Vec::new(),
            offset,
        });
    }
}

/// `"String (timestamp)"`, `{"@odata.type": "microsoft.graph.x"}`, `true`, `1024`.
fn placeholder_target(value: Option<&Value>) -> TypeTarget {
    match value {
        Some(Value::String(text)) => {
            let first = text.split(|c: char| c.is_whitespace() || c == '(').next().unwrap_or_default();
            if contains_ignore_ascii_case(text, "timestamp") {
                TypeTarget::Primitive("Edm.DateTimeOffset")
            } else if let Some(primitive) = primitive_name(first) {
                TypeTarget::Primitive(primitive)
            } else if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') && text.starts_with(|c: char| c.is_ascii_alphabetic()) {
                // `"lastShared": "sharingDetail"` names the type.
                TypeTarget::Name(text.clone())
            } else {
                // A literal sample value ("Brad Cleaver") is at least a string.
                TypeTarget::Primitive("Edm.String")
            }
        }
        Some(Value::Bool(_)) => TypeTarget::Primitive("Edm.Boolean"),
        Some(Value::Number(number)) if number.is_f64() => TypeTarget::Primitive("Edm.Double"),
        Some(Value::Number(_)) => TypeTarget::Primitive("Edm.Int32"),
        Some(Value::Object(object)) => match object.get("@odata.type").and_then(Value::as_str) {
            Some(name) => TypeTarget::Name(name.trim_start_matches('#').to_owned()),
            None => TypeTarget::Unreadable(Value::Object(object.clone()).to_string()),
        },
        _ => TypeTarget::Unreadable("null".to_owned()),
    }
}

/// The enum name a property's type column points at, when its values are only in prose
/// or in a `### x values` section.
pub fn prose_enum_name(expr: &TypeExpr) -> Option<String> {
    match &expr.target {
        TypeTarget::Name(name) => Some(name.clone()),
        TypeTarget::Link { dest, text } if dest.contains("-values") || dest.starts_with('#') => {
            let anchor = dest.split_once('#').map(|(_, a)| a.trim_end_matches("-values").to_owned()).unwrap_or_default();
            Some(if text.eq_ignore_ascii_case(&anchor.replace('-', "")) { text.clone() } else { anchor })
        }
        // `[microsoft.graph.identityGovernance.lifecycleWorkflowCategory](identitygovernance-workflow.md)`:
        // the text names the enum, the link the page of a type that uses it.
        TypeTarget::Link { dest, text } if !links_page_named_by(dest, text) => Some(text.trim().to_owned()),
        _ => None,
    }
    // A name, not a phrase or an expression (`Collection(x)`).
    .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_')))
}

/// Whether a link's page is named after its text (`[riskLevel](risklevel.md)`,
/// `[microsoft.graph.security.alert](security-alert.md)`): whether it points at the
/// definition of what it names.
pub fn links_page_named_by(dest: &str, text: &str) -> bool {
    let stem = super::page_stem(dest).replace('-', "");
    let text = text.trim().to_ascii_lowercase();
    let short = text.rsplit('.').next().unwrap_or_default();
    stem.is_empty() || stem.ends_with(short) || stem == text.replace('.', "")
}

/// `### onlineMeetingRole values` (also "enum values", any level from 2 to 4).
pub(super) fn values_heading(heading: &str) -> Option<String> {
    let lower = heading.to_ascii_lowercase();
    let stem = lower.strip_suffix(" values")?;
    let length = stem.len();
    let original = heading.get(..length)?.trim();
    let original = original.strip_suffix(" enum").unwrap_or(original).trim();
    let name = original.trim_matches(|c: char| matches!(c, '*' | '`'));
    (!name.is_empty() && !name.contains(' ')).then(|| name.to_owned())
}

/// Members of an enum table: `Member|Value|Description`, `Member`, `Value|Description`, ...
pub(super) fn read_members(names: &[String], rows: &[TableRow]) -> Option<Vec<EnumMember>> {
    let first = names.first()?;
    if !(first.starts_with("member") || first.starts_with("value") || first == "name") {
        return None;
    }
    let value_column = names.iter().position(|n| n == "value" || n == "int value").filter(|i| *i > 0);
    let description_column = names.iter().position(|n| n.starts_with("description"));
    let members = rows
        .iter()
        .filter_map(|row| {
            let name = clean_name(&row.cells.first()?.text).0;
            if name.is_empty() {
                return None;
            }
            let value = value_column.and_then(|i| row.cells.get(i)).and_then(|c| c.text.trim().parse::<i64>().ok());
            let description = description_column.and_then(|i| row.cells.get(i)).map(|c| c.text.to_string()).unwrap_or_default();
            Some(EnumMember { name, value, description })
        })
        .collect();
    Some(members)
}

/// The phrases that name the page's own base type, as the pages write them.
const BASE_TYPE_PHRASES: &[&str] = &[
    "inherits from",
    "derived from",
    "derives from",
    "subclass of",
    "subclass from",
    "is a type of",
    "inherits the properties from",
    "inherits all the properties of",
    "inherits all the properties from",
    // "The following properties are inherited from **[baseItem][]**."
    "properties are inherited from",
    "this is inherited from",
];

/// "Inherits from [entity](entity.md)", "derived from ...", "A subclass of ...": the link
/// names the base. Not "all the session controls inherit from": that names other types'.
fn inherits_from(content: &Inline<'_>) -> Option<Link> {
    let text = &content.text;
    let at = BASE_TYPE_PHRASES.iter().find_map(|phrase| find_ignore_ascii_case(text, phrase))?;
    let after = &content.text[at..];
    // The link written first after the phrase; where two start at one place
    // ("[teamsApp](…)" inside "teamsAppInstallation"), the longer text is that link.
    content
        .links
        .iter()
        .filter(|link| !link.dest.starts_with("http") && !link.text.is_empty())
        .filter_map(|link| after.find(&*link.text).map(|position| (position, std::cmp::Reverse(link.text.len()), link)))
        .min_by_key(|(position, length, _)| (*position, *length))
        .map(|(_, _, link)| link.to_link())
}

/// The text after a phrase that introduces derived types ("the derived types are",
/// "is the base type for"), if the paragraph has one.
fn derived_types_introduced<'t>(content: &'t Inline<'_>) -> Option<&'t str> {
    let text: &str = &content.text;
    // Not "base class for": "a base class for apply actions in the [settings](…)".
    ["derived types", "base type for", "base resource for", "base entity type for"]
        .iter()
        .filter_map(|phrase| find_ignore_ascii_case(text, phrase).map(|at| at + phrase.len()))
        .min()
        .map(|at| &text[at..])
}

/// Links to other resource pages that stand at or after byte `from` of the text. Links
/// come in text order, so each is found after the one before: "derived from [message].
/// ... the base type for [x] ... of the event message" does not place `message` late.
fn resource_links(content: &Inline<'_>, from: usize) -> Vec<Link> {
    let mut cursor = 0;
    let mut links = Vec::new();
    for link in &content.links {
        let at = content.text.get(cursor..).and_then(|rest| find_whole(rest, &link.text)).map(|found| cursor + found);
        if let Some(at) = at {
            cursor = at + link.text.len();
        }
        let stands_after = at.is_some_and(|at| at >= from);
        if stands_after && !link.dest.starts_with("http") && !link.dest.contains("/api/") && !link.dest.starts_with('#') && !link.text.is_empty() {
            links.push(InlineLink::to_link(link));
        }
    }
    links
}

/// One row of a properties, relationships or parameters table.
/// Reads a row of a property or parameter table whose header names are `header`: the name,
/// the type, and the rest as the description. A "Required?" column (`printer-create`) is
/// said in the description as the pages usually say it, "Required." or "Optional.".
pub(super) fn read_property_row(row: &TableRow, navigation: bool, header: &[String], reporter: &mut Reporter<'_>) -> Option<RawProperty> {
    let header_width = header.len();
    let name_cell = row.cells.first()?;
    let (name, is_deprecated) = clean_name(&name_cell.text);
    // GFM pads short rows with empty cells, so the source tells a short row from a group row.
    let written_cells = reporter.text.get(row.start..row.end).map_or(row.cells.len(), source_cell_count);
    if written_cells < header_width.min(3) {
        reporter.report(Code::MalformedTableRow, row.start, format!("table row has {written_cells} cells where the header has {header_width}"));
        if row.cells.get(1).is_none_or(|c| c.text.trim().is_empty()) {
            return None;
        }
    }
    let type_cell = row.cells.get(1);
    if name.is_empty() || type_cell.is_none_or(|c| c.text.trim().is_empty()) {
        // Group rows such as `|**Calendar**|||` carry no property.
        if !name_cell.text.trim().is_empty() && row.cells.iter().skip(1).all(|c| c.text.trim().is_empty()) {
            return None;
        }
        reporter.report(Code::MalformedTableRow, row.start, "table row has no property name or no type");
        return None;
    }
    let type_cell = type_cell?;
    let required_column = header.iter().position(|name| name.trim_end_matches('?') == "required").filter(|&at| at >= 2);
    let description_cells: Vec<&Inline<'_>> =
        row.cells.iter().enumerate().skip(2).filter(|(at, _)| Some(*at) != required_column).map(|(_, cell)| cell).collect();
    let mut description = match description_cells.as_slice() {
        // Cell text is already collapsed, so the common single description cell is used as is.
        [only] => only.text.to_string(),
        cells => collapse_whitespace(&cells.iter().map(|c| &*c.text).collect::<Vec<_>>().join(" ")),
    };
    let required = required_column.and_then(|at| row.cells.get(at)).map(|cell| cell.text.trim().trim_end_matches('.').to_ascii_lowercase());
    let said = match required.as_deref() {
        Some("yes" | "true" | "required") => Some("Required."),
        Some("no" | "false" | "optional") => Some("Optional."),
        _ => None,
    };
    if let Some(said) = said.filter(|said| !contains_ignore_ascii_case(&description, said)) {
        description = if description.is_empty() { said.to_owned() } else { format!("{} {said}", description.trim_end()) };
    }
    let is_read_only = ["read-only", "read only", "readonly"].iter().any(|phrase| contains_ignore_ascii_case(&description, phrase));
    let prose_values = description_cells.iter().copied().find_map(possible_values).unwrap_or_default();
    let is_deprecated = is_deprecated
        || description.as_bytes().get(..10).is_some_and(|head| head.eq_ignore_ascii_case(b"deprecated"))
        || contains_ignore_ascii_case(&description, "(deprecated)");
    Some(RawProperty {
        name,
        type_expr: parse_type_cell(type_cell),
        type_text: type_cell.text.to_string(),
        description,
        is_read_only,
        is_navigation: navigation,
        is_deprecated,
        prose_values,
        from_json: false,
        alternatives: alternative_links(type_cell),
        offset: row.start,
    })
}

/// The links after the first in a type cell that offers a choice of types ("A or B").
fn alternative_links(cell: &Inline<'_>) -> Vec<Link> {
    if !cell.text.split_whitespace().any(|word| word == "or") {
        return Vec::new();
    }
    let mut links = cell.links.iter().filter(|link| !link.dest.starts_with("http") && !link.dest.starts_with('/'));
    links.next();
    links.map(InlineLink::to_link).collect()
}

/// How many cells a table row's source writes: pipes outside code spans and escapes,
/// without the optional leading and trailing ones.
fn source_cell_count(row: &str) -> usize {
    let line = row.lines().next().unwrap_or_default().trim();
    let inner = line.strip_prefix('|').unwrap_or(line);
    let inner = inner.strip_suffix('|').filter(|rest| !rest.ends_with('\\')).unwrap_or(inner);
    let (mut separators, mut in_code, mut escaped) = (0, false, false);
    for c in inner.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '`' => in_code = !in_code,
            '|' if !in_code => separators += 1,
            _ => {}
        }
    }
    separators + 1
}

/// The values listed after "Possible values are" (or "The possible values are", "Supported values are").
pub fn possible_values(cell: &Inline) -> Option<Vec<String>> {
    // Every phrase below says "values"; most cells do not, and are done after one scan.
    if !contains_ignore_ascii_case(&cell.text, "values") {
        return None;
    }
    let at = ["possible values are", "possible values:", "possible values include", "supported values are", "valid values are"]
        .iter()
        .find_map(|phrase| find_ignore_ascii_case(&cell.text, phrase).map(|i| i + phrase.len()))?;
    let after = &cell.text[at..];
    // The list is one sentence; code spans after it are other words ("Supports `$filter`
    // (`eq` operator only)", "Required if **type** is `weekly`").
    let sentence_end = after.find(". ").unwrap_or(after.len());
    let mut values: Vec<String> = Vec::new();
    let mut searched = 0;
    for span in &cell.code_spans {
        if let Some(found) = after.get(searched..).and_then(|rest| find_whole(rest, span)).filter(|found| searched + found < sentence_end) {
            searched += found + span.len();
            let value = span.trim();
            if is_member_name(value) && !values.iter().any(|v| v == value) {
                values.push(value.to_owned());
            }
        }
    }
    // A list in code spans may hold one value, an evolvable enum with one member so far
    // ("Possible values are: `attendee`."), when the sentence ends there: a value that
    // starts a list of definitions ("`AzureADMyOrg`: Users with...") is only the first.
    let ends_after_one = || after.get(searched..).is_some_and(|rest| rest.trim_start().is_empty() || rest.trim_start().starts_with('.'));
    if values.len() >= 2 || values.len() == 1 && ends_after_one() {
        return Some(values);
    }
    values.clear();
    // Plain lists: "Possible values are: none, low, medium, high."
    let sentence = after.split(". ").next().unwrap_or(after);
    for word in sentence.split([',', ':']).flat_map(|part| part.split(" or ")).flat_map(|part| part.split(" and ")) {
        let value = word.trim().trim_end_matches('.').trim_matches(|c: char| matches!(c, '*' | '\'' | '"'));
        if is_member_name(value) && !values.iter().any(|v| v == value) {
            values.push(value.to_owned());
        }
    }
    // A plain list needs two: one word after the phrase is as likely prose as a value.
    (values.len() >= 2).then_some(values)
}

/// Whether an introduction says the page's own type is abstract ("An abstract class
/// containing…", "This is an abstract type…", "This superclass is abstract", "The
/// **baseItem** resource is an abstract resource…"), which the annotation often does not.
/// Only a sentence whose short subject is the type counts: "Any open extension … is
/// derived from the extension abstract type" is about another one.
fn calls_itself_abstract(text: &str) -> bool {
    text.split(". ").any(|sentence| {
        let sentence = sentence.trim_start().to_ascii_lowercase();
        let Some(at) = find_whole(&sentence, "abstract") else { return false };
        let subject = &sentence[..at];
        let first_word = subject.split_whitespace().next().unwrap_or_default();
        // A line break reads as a space, so a sentence that lacks its period runs into
        // the next: "...based on your needs This is an abstract type."
        let ends_this_is = ["this is an", "this is a", "this type is an", "this type is a"].iter().any(|phrase| subject.trim_end().ends_with(phrase));
        subject.is_empty() || ends_this_is || (["this", "it", "an", "a", "the"].contains(&first_word) && subject.split_whitespace().count() <= 6)
    })
}

/// Where `needle` first occurs in `text` as a whole word: a span written before the
/// list (`Group` in "When **type** is `Group`, ... Possible values are: `unifiedGroups`")
/// must not be found inside a member name.
fn find_whole(text: &str, needle: &str) -> Option<usize> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find(needle)) {
        let at = from + found;
        let end = at + needle.len();
        let before_ok = !text[..at].chars().next_back().is_some_and(is_word) || !needle.starts_with(is_word);
        let after_ok = !text[end..].chars().next().is_some_and(is_word) || !needle.ends_with(is_word);
        if before_ok && after_ok {
            return Some(at);
        }
        from = at + needle.chars().next().map_or(1, char::len_utf8);
    }
    None
}

fn is_member_name(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 64
        && value.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use crate::parse::{Folder, PageBody, parse_page};

    fn resource(text: &str) -> (crate::parse::ResourcePage, Vec<crate::Diagnostic>) {
        let (page, diagnostics) = parse_page("resources/x.md", text, Folder::Resources);
        match page.body {
            PageBody::Resource(resource) => (resource, diagnostics),
            PageBody::Api(_) => unreachable!("resources folder"),
        }
    }

    #[test]
    fn a_section_named_after_the_type_is_its_properties_section() {
        // As in `resources/operationerror.md`.
        let text = "---\ntitle: \"operationError resource type\"\nms.prod: \"microsoft-teams\"\n---\n# operationError resource type\n\n## operationError Properties\n| Property\t   | Type\t|Description|\n|:---|:---|:---|\n|code|string (readonly)|Operation error code.|\n\n## Other notes\n| Property | Type | Description |\n|:---|:---|:---|\n|notMine|String|Not under a properties heading.|\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.operationError\" } -->\n```json\n{\n  \"code\": \"TeamUnavailable\"\n}\n```\n";
        let (page, _) = resource(text);
        let names: Vec<(&str, bool)> = page.types[0].properties.iter().map(|p| (p.name.as_str(), p.from_json)).collect();
        assert_eq!(names, [("code", false)], "read from the table, not the JSON sample");
    }

    const MEETING_PARTICIPANT_INFO: &str = r##"---
title: "meetingParticipantInfo resource type"
ms.subservice: "cloud-communications"
doc_type: resourcePageType
---

# meetingParticipantInfo resource type

Namespace: microsoft.graph

Information about a participant in a meeting.

## Properties

| Property | Type                          | Description                                                                         |
| :------- | :---------------------------- | :---------------------------------------------------------------------------------- |
| identity | [identitySet](identityset.md) | Identity information of the participant.                                            |
| role     | [onlineMeetingRole](#onlinemeetingrole-values)     | Specifies the participant's role in the meeting.|
| upn      | String                        | User principal name of the participant. Read-only.                                  |

### onlineMeetingRole values

| Value              | Description                                                            |
| ------------------ | ---------------------------------------------------------------------- |
| attendee            | Participant's role is attendee. This value applies to all meetings.   |
| presenter           | Participant's role is presenter. |

## JSON representation

<!-- {
  "blockType": "resource",
  "optionalProperties": [

  ],
  "@odata.type": "microsoft.graph.meetingParticipantInfo"
}-->
```json
{
  "identity": {"@odata.type": "#microsoft.graph.identitySet"},
  "upn": "String",
  "role": "String"
}
```
"##;

    #[test]
    fn type_name_comes_from_the_annotation_and_rows_become_properties() {
        let (page, diagnostics) = resource(MEETING_PARTICIPANT_INFO);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let main = &page.types[0];
        assert_eq!(main.name, "microsoft.graph.meetingParticipantInfo");
        let names: Vec<&str> = main.properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["identity", "role", "upn"]);
        assert!(main.properties[2].is_read_only);
        assert!(!main.properties[0].is_read_only);
    }

    #[test]
    fn in_page_values_section_is_an_enum() {
        let (page, _) = resource(MEETING_PARTICIPANT_INFO);
        assert_eq!(page.enums.len(), 1);
        assert_eq!(page.enums[0].name, "onlineMeetingRole");
        let members: Vec<&str> = page.enums[0].members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(members, ["attendee", "presenter"]);
    }

    #[test]
    fn standalone_enum_page_with_member_value_table() {
        let text = "---\ntitle: \"windowsStartMenuModeType enum type\"\ndoc_type: enumPageType\n---\n\n# windowsStartMenuModeType enum type\n\nNamespace: microsoft.graph\n\n## Members\n|Member|Value|Description|\n|:---|:---|:---|\n|userDefined|0|User set.|\n|fullScreen|1|Full screen.|\n";
        let (page, diagnostics) = resource(text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(page.enums[0].name, "windowsStartMenuModeType");
        assert_eq!(page.enums[0].members[1].name, "fullScreen");
        assert_eq!(page.enums[0].members[1].value, Some(1));
    }

    #[test]
    fn an_enum_page_whose_json_representation_names_the_enum_makes_no_type() {
        // As in the newer reference's `granularrestoreitems.md`.
        let text = "---\ntitle: \"granularRestoreItems enum type\"\ndoc_type: enumPageType\n---\n\n# granularRestoreItems enum type\n\nNamespace: microsoft.graph\n\n## Members\n\n| Member | Description |\n|:---|:---|\n| email | Email. |\n| note | Note. |\n\n## JSON representation\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.granularRestoreItems\"\n}\n-->\n\n```json\n{\n  \"@odata.type\": \"#microsoft.graph.granularRestoreItems\"\n}\n```\n";
        let (page, diagnostics) = resource(text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert!(page.types.is_empty(), "{:?}", page.types);
        assert_eq!(page.enums.len(), 1);
        assert_eq!(page.enums[0].members.len(), 2);
    }

    #[test]
    fn a_type_that_calls_itself_abstract_after_a_sentence_without_a_period() {
        // As in the newer reference's `networkaccess-forwardingrule.md`.
        assert!(super::calls_itself_abstract(
            "Forwarding rule is used to forward selective traffic to Network Access Cloud based on your needs This is an abstract type."
        ));
        assert!(super::calls_itself_abstract("Represents a place. This is an abstract type."));
        assert!(!super::calls_itself_abstract("Inherits from the abstract [place](place.md) type, which rooms and buildings derive from in many ways."));
        assert!(!super::calls_itself_abstract("Describes how a rule applies to the traffic it forwards, as set out in the abstract policy."));
    }

    #[test]
    fn derived_types_named_in_prose_lists_and_sections() {
        let derived = |body: &str| {
            let text = format!(
                "---\ntitle: x\n---\n# educationOutcome resource type\n\n{body}\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The id. |\n"
            );
            let (page, _) = resource(&text);
            page.types[0].derived_links.iter().map(|(link, _)| link.text.clone()).collect::<Vec<_>>()
        };
        // As in `resources/educationoutcome.md` and `resources/eventmessage.md`: links after
        // the phrase, not the ones before it.
        // (Real type names: a link is placed by where its text stands, and a one-letter
        // name would stand at the article "a".)
        let outcome =
            "This is a base class; the derived types are [educationFeedbackOutcome](f.md), [educationPointsOutcome](p.md), and [educationRubricOutcome](r.md).";
        assert_eq!(derived(outcome), ["educationFeedbackOutcome", "educationPointsOutcome", "educationRubricOutcome"]);
        assert_eq!(derived("**x** is derived from [message](message.md). **x** is the base type for [req](req.md) and [resp](resp.md)."), ["req", "resp"]);
        // As in `resources/eventmessage.md`: the earlier link's text also stands later.
        let event = "The **eventMessage** entity is derived from [message](message.md). **eventMessage** is the base type for [eventMessageRequest](a.md) and [eventMessageResponse](b.md). The **meetingMessageType** property identifies the type of the event message.";
        assert_eq!(derived(event), ["eventMessageRequest", "eventMessageResponse"]);
        // As in `resources/accessreviewapplyaction.md`: a list introduced by a colon, one
        // subject per item.
        let listed = "A base class for actions in the [settings](settings.md). Supported derived types:\n\n- [remove](remove.md) is a derived type of x, used with [settings](settings.md).\n- [disable](disable.md) is another.\n\nA later paragraph about [other](other.md).";
        assert_eq!(derived(listed), ["remove", "disable"]);
        assert_eq!(derived("## Derived types\n\n- [first](first.md)\n- [second](second.md)"), ["first", "second"]);
        assert!(derived("Inherits from [entity](entity.md). See [the API](../api/x.md).").is_empty());
    }

    #[test]
    fn an_introduction_that_says_open_type_makes_the_type_open() {
        // As in `resources/callrecords-feedbacktokenset.md`: the JSON shows sample members.
        let page_with = |introduction: &str| {
            let text = format!(
                "---\ntitle: x\n---\n# feedbackTokenSet resource type\n\n{introduction}\n\n## Properties\n\nNot documented.\n\n## JSON representation\n\n<!-- {{\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.callRecords.feedbackTokenSet\"\n}}-->\n```json\n{{\n  \"DistortedSpeech\": true\n}}\n```\n"
            );
            let (page, _) = resource(&text);
            (page.types[0].annotation.open_type, page.types[0].properties.len())
        };
        assert_eq!(page_with("The set of tokens. This is an _open type_ of Boolean properties."), (true, 0));
        assert_eq!(page_with("The set of tokens, used in the open type [x](x.md)."), (false, 1));
    }

    #[test]
    fn an_introduction_that_calls_the_type_abstract_makes_it_abstract() {
        let abstract_with = |introduction: &str| {
            let text = format!(
                "---\ntitle: x\n---\n# x resource type\n\n{introduction}\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The id. |\n"
            );
            resource(&text).0.types[0].annotation.is_abstract
        };
        // As in `resources/intune-apps-mobileapp.md`, `resources/meetinginfo.md`,
        // `resources/educationassignmentrecipient.md`, `resources/baseitem.md` and
        // `resources/educationsubmissionrecipient.md`.
        assert!(abstract_with("An abstract class containing the base properties for Intune mobile apps."));
        assert!(abstract_with("This is an abstract class that contains meeting specific information."));
        assert!(abstract_with("Recipients of an assignment. This superclass is abstract and you cannot instantiate it."));
        assert!(abstract_with("The **baseItem** resource is an abstract resource that contains common properties."));
        assert!(abstract_with("Abstract class that represents the different sets of users."));
        // As in `resources/opentypeextension.md` and `resources/identityuserflowattribute.md`.
        assert!(!abstract_with(
            "Any open extension shows up in the **extensions** property, which is derived from the [extension](extension.md) abstract type."
        ));
        assert!(!abstract_with("Custom user flow attributes are an abstraction over schema extensions."));
        assert!(!abstract_with("A meeting."));
    }

    #[test]
    fn a_derived_types_table_names_one_derived_type_per_row() {
        // As in `resources/participantjoiningresponse.md`.
        let text = "---\ntitle: x\n---\n# participantJoiningResponse resource type\n\nAn abstract base class.\n\n## Derived types\n\n| Type | Description |\n| :-- | :-- |\n| [acceptJoinResponse](./acceptjoinresponse.md) | Accept, see [call](call.md). |\n| [rejectJoinResponse](./rejectjoinresponse.md) | Reject. |\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The id. |\n";
        let (page, _) = resource(text);
        let derived: Vec<&str> = page.types[0].derived_links.iter().map(|(link, _)| link.text.as_str()).collect();
        assert_eq!(derived, ["acceptJoinResponse", "rejectJoinResponse"]);
    }

    #[test]
    fn a_prose_enum_is_named_by_a_name_only() {
        use super::{TypeExpr, TypeTarget, prose_enum_name};
        let link = |text: &str, dest: &str| TypeExpr { target: TypeTarget::Link { dest: dest.to_owned(), text: text.to_owned() }, collection: false };
        // The text names the enum; the link, the page of the type that uses it.
        assert_eq!(prose_enum_name(&link("bookingType", "../resources/room.md")).as_deref(), Some("bookingType"));
        // A link to the enum's own page is the enum page's business, not prose.
        assert_eq!(prose_enum_name(&link("riskLevel", "../resources/risklevel.md")), None);
        // An expression or a phrase names nothing.
        assert_eq!(prose_enum_name(&link("Collection(riskLevel)", "../resources/user.md")), None);
        assert_eq!(prose_enum_name(&link("risk level", "../resources/user.md")), None);
        assert_eq!(prose_enum_name(&link("x", "#risklevel-values")).as_deref(), Some("risklevel"), "an anchor names it");
        assert_eq!(prose_enum_name(&link("x", "#risk-level-values")), None, "a heading's slug with words is no name");
    }

    #[test]
    fn possible_values_stop_at_the_end_of_the_sentence() {
        // As in `resources/recurrencepattern.md` and `resources/signin.md`.
        let text = "---\ntitle: x\n---\n# x resource type\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| daysOfWeek | dayOfWeek collection | The possible values are: `sunday`, `monday`. <br>If **type** is `relativeMonthly` or `weekly`, the first. |\n| status | conditionalAccessStatus | Possible values are: `success`, `failure`. Supports `$filter` (`eq` operator only). |\n";
        let (page, _) = resource(text);
        assert_eq!(page.types[0].properties[0].prose_values, ["sunday", "monday"]);
        assert_eq!(page.types[0].properties[1].prose_values, ["success", "failure"]);
    }

    #[test]
    fn possible_values_in_code_may_be_one_but_a_plain_list_needs_two() {
        // As in the newer reference's `virtualeventsession.md`: an evolvable enum with one member.
        let text = "---\ntitle: x\n---\n# x resource type\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| roles | onlineMeetingRole collection | Roles. Possible values are: `attendee`. |\n| kind | String | Possible values are described below. |\n| audience | String | Supported values are:<ul><li>`AzureADMyOrg`: Users in my organization.</li><li>`AzureADMultipleOrgs`: Users in any organization.</li></ul> |\n";
        let (page, _) = resource(text);
        assert_eq!(page.types[0].properties[0].prose_values, ["attendee"]);
        assert!(page.types[0].properties[1].prose_values.is_empty());
        // Not its first value alone (the sentence ends inside the list of definitions).
        assert!(page.types[0].properties[2].prose_values.is_empty());
    }

    #[test]
    fn a_span_before_the_list_is_not_found_inside_a_member() {
        // As in `resources/targetresource.md`: `Group` is written before the list and is a
        // part of `unifiedGroups`, not a member.
        let text = "---\ntitle: x\n---\n# x resource type\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| groupType | groupType | When **type** is set to `Group`, this is the group type. Possible values are: `unifiedGroups`, `azureAD`, and `unknownFutureValue` |\n";
        let (page, _) = resource(text);
        assert_eq!(page.types[0].properties[0].prose_values, ["unifiedGroups", "azureAD", "unknownFutureValue"]);
    }

    #[test]
    fn a_callout_is_no_summary() {
        assert!(super::super::is_callout("Important: APIs under the /beta version are subject to change."));
        assert!(super::super::is_callout("**Note:** Only admins."));
        assert!(super::super::is_callout("Note : spaced"));
        assert!(!super::super::is_callout("Notebooks are containers."));
        let text = "---\ntitle: x\n---\n# chat resource type\n\n> **Important:** APIs under the /beta version in Microsoft Graph are subject to change.\n\nA chat between users.\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The key. |\n";
        let (page, _) = resource(text);
        assert_eq!(page.summary, "A chat between users.");
    }

    #[test]
    fn properties_inherited_from_a_reference_link_name_the_base() {
        // As in `resources/listitem.md` of the docs after 2021, with no annotation to say it.
        let text = "---\ntitle: x\n---\n# listItem resource type\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| fields | String | The values. |\n\nThe following properties are inherited from **[baseItem][]**.\n\n| Property | Type | Description |\n|:--|:--|:--|\n| name | String | The name. |\n\n[baseItem]: baseItem.md\n";
        let (page, _) = resource(text);
        assert_eq!(page.types[0].base_link.as_ref().map(|(link, _)| link.dest.as_str()), Some("baseItem.md"));
        // "This is inherited from [x]" names it too.
        let text = "---\ntitle: x\n---\n# serviceHostedMediaConfig resource type\n\nThe media that's hosted remotely. This is inherited from [mediaConfig](mediaconfig.md).\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The key. |\n";
        let (page, _) = resource(text);
        assert_eq!(page.types[0].base_link.as_ref().map(|(link, _)| link.dest.as_str()), Some("mediaconfig.md"));
    }

    #[test]
    fn inherits_from_text_and_possible_values_prose() {
        let text = "---\ntitle: x\n---\n# aadUserNotificationRecipient resource type\n\nInherits from [teamworkNotificationRecipient](teamworknotificationrecipient.md).\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| level | riskLevel | Possible values are: `low`, `medium`, `high`. |\n| **userId** (deprecated) | String | The user. |\n";
        let (page, diagnostics) = resource(text);
        let main = &page.types[0];
        assert_eq!(main.base_link.as_ref().map(|(link, _)| link.dest.as_str()), Some("teamworknotificationrecipient.md"));
        assert_eq!(main.properties[0].prose_values, ["low", "medium", "high"]);
        assert_eq!(main.properties[1].name, "userId");
        assert!(main.properties[1].is_deprecated);
        // No annotation: the title names the type, and that is reported.
        assert!(diagnostics.iter().any(|d| d.code == crate::Code::MissingResourceAnnotation));
    }

    #[test]
    fn a_base_named_as_subclass_or_type_of() {
        let base_of = |sentence: &str| {
            let text = format!(
                "---\ntitle: x\n---\n# x resource type\n\n{sentence}\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The id. |\n"
            );
            let (page, _) = resource(&text);
            page.types[0].base_link.as_ref().map(|(link, _)| link.text.clone())
        };
        // As in `resources/educationlinkresource.md`, `resources/educationassignmentpointsgrade.md`,
        // `resources/principalresourcemembershipsscope.md` and `resources/teleconferencedeviceaudioquality.md`.
        assert_eq!(base_of("A subclass of [educationResource](educationresource.md)."), Some("educationResource".to_owned()));
        assert_eq!(base_of("Each submission has this. This creates a subclass from [grade](grade.md), which adds who."), Some("grade".to_owned()));
        assert_eq!(base_of("The scope is a type of [accessReviewScope](accessreviewscope.md) which selects."), Some("accessReviewScope".to_owned()));
        assert_eq!(base_of("**x** inherits all the properties of the [mediaQuality](mediaquality.md) resource."), Some("mediaQuality".to_owned()));
        // As in `resources/conditionalaccesssessioncontrols.md`: other types' base, not this one's.
        assert_eq!(base_of("All the session controls inherit from [sessionControl](sessioncontrol.md)."), None);
    }

    #[test]
    fn group_rows_are_skipped_and_short_rows_reported() {
        let text = "---\ntitle: x\n---\n# a resource type\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n|**Calendar**|||\n| subject |\n| body | String | Body. |\n";
        let (page, diagnostics) = resource(text);
        let names: Vec<&str> = page.types[0].properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["body"]);
        assert!(diagnostics.iter().any(|d| d.code == crate::Code::MalformedTableRow && d.line == 11), "{diagnostics:?}");
    }

    #[test]
    fn table_and_json_disagreeing_on_collections_take_the_json_shape_and_are_reported_at_the_json_member() {
        let text = "---\ntitle: presence\n---\n# presence resource type\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| availability | string collection | A. |\n| activity | String | B. |\n| tags | String collection | C. |\n| owners | [identity](identity.md) collection | D. |\n| note | String | E. |\n\n## JSON representation\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.presence\"\n}-->\n```json\n{\n  \"availability\": \"string\",\n  \"activity\": [\"string\"],\n  \"tags\": [\"String\"],\n  \"owners\": {\"@odata.type\": \"Collection(microsoft.graph.identity)\"},\n  \"note\": null\n}\n```\n";
        let (page, diagnostics) = resource(text);
        assert_eq!(page.types[0].properties.len(), 5);
        let mismatches: Vec<(u32, bool)> = diagnostics
            .iter()
            .filter(|d| d.code == crate::Code::CollectionMismatch)
            .map(|d| (d.line, d.message.contains("`availability` is a collection")))
            .collect();
        // `availability` (line 24) and `activity` (line 25); `tags`, `owners` and `note` agree or say nothing.
        assert_eq!(mismatches, [(24, true), (25, false)], "{diagnostics:?}");
        // The JSON's shape wins.
        let collections: Vec<bool> = page.types[0].properties.iter().map(|p| p.type_expr.collection).collect();
        assert_eq!(collections, [false, true, true, true, false]);
    }

    #[test]
    fn a_table_spelling_in_other_case_takes_the_json_spelling() {
        // As in `resources/printusagebyprinter.md`: `printerID` in the table, `"printerId"` in the JSON.
        let text = "---\ntitle: x\n---\n# printUsageByPrinter resource type\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| printerID | String | The printer. |\n| printerName | String | Its name. |\n\n## JSON representation\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.printUsageByPrinter\"\n}-->\n```json\n{\n  \"printerId\": \"String\",\n  \"printerName\": \"String\"\n}\n```\n";
        let (page, diagnostics) = resource(text);
        let names: Vec<&str> = page.types[0].properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["printerId", "printerName"]);
        let reported: Vec<u32> = diagnostics.iter().filter(|d| d.code == crate::Code::PropertyNameCaseMismatch).map(|d| d.line).collect();
        assert_eq!(reported, [10], "{diagnostics:?}");
        assert!(!diagnostics.iter().any(|d| d.code == crate::Code::PropertyOnlyInJson), "{diagnostics:?}");
    }

    #[test]
    fn tables_of_a_property_contents_or_an_example_are_not_the_types_properties() {
        // As in `resources/tokenlifetimepolicy.md` and `resources/claimsmappingpolicy.md`.
        let text = "---\ntitle: x\n---\n# tokenLifetimePolicy resource type\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| definition | String collection | A JSON string. |\n\n### Properties of a token lifetime policy definition\n\n| Property | Type | Description |\n|:--|:--|:--|\n| Version | Integer | 1. |\n\n#### Example: **definition** that sets a lifetime\n\n| Property | Type | Description |\n|:--|:--|:--|\n| MaxAgeSingleFactor | String | A duration. |\n\n## Relationships\n\n| Relationship | Type | Description |\n|:--|:--|:--|\n| appliesTo | [directoryObject](directoryobject.md) collection | Where. |\n";
        let (page, diagnostics) = resource(text);
        let names: Vec<&str> = page.types[0].properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["definition", "appliesTo"]);
        let skipped: Vec<(u32, bool)> = diagnostics
            .iter()
            .filter(|d| d.code == crate::Code::PropertyContentsTable)
            .map(|d| (d.line, d.message.contains("property `definition`")))
            .collect();
        assert_eq!(skipped, [(14, true), (20, false)], "{diagnostics:?}");
    }
}
