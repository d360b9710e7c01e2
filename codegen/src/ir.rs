//! The API model (IR): what the reference docs say, as plain data with sorted maps.
//!
//! Names follow the docs and the official schema so that the IR can be compared with
//! it directly: types are keyed by their full OData name (`microsoft.graph.onlineMeeting`),
//! properties keep their wire name, and property types are spelled in the docs' own
//! terms (`Edm.String`, `microsoft.graph.identitySet`) with a separate collection flag.
//! Nothing here knows about Rust; the emitters decide how to render it.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The whole API: every type, enum and operation found in one spec folder.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Api {
    /// Entity and complex types, keyed by full OData name.
    pub types: BTreeMap<String, TypeDef>,
    /// Enumerations, keyed by full OData name.
    pub enums: BTreeMap<String, EnumDef>,
    /// Operations (one per API page), keyed by operation id.
    pub operations: BTreeMap<String, Operation>,
    /// Workloads (normalised `ms.prod` values), keyed by workload id.
    pub workloads: BTreeMap<String, Workload>,
}

/// Where an item was defined: a spec-relative file path and a 1-based line.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    pub file: String,
    pub line: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TypeKind {
    /// Has an identity (a key); addressed by id in paths.
    Entity,
    /// A structured value without identity.
    Complex,
}

/// An entity or complex type from a resource page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TypeDef {
    /// Full OData name, e.g. `microsoft.graph.onlineMeeting`.
    pub name: String,
    pub kind: TypeKind,
    /// Full OData name of the base type, when the page names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_type: Option<String>,
    /// Open types accept properties the docs do not list.
    #[serde(default, skip_serializing_if = "is_false")]
    pub is_open: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub is_abstract: bool,
    pub workload: String,
    /// The page's summary (front matter `description`, else the first paragraph).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Spec-relative path of the page, for links back to the docs.
    pub doc_page: String,
    /// Properties declared on this type (not inherited), in page order.
    pub properties: Vec<Property>,
    /// Properties the JSON representation marks as optional in examples.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub optional_properties: BTreeSet<String>,
    /// Wire names that appear in the page's JSON representation.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub json_properties: BTreeSet<String>,
    pub source: Source,
}

/// One row of a properties or relationships table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Property {
    /// The wire name, cleaned of markup and `(deprecated)`.
    pub name: String,
    #[serde(rename = "type")]
    pub type_ref: TypeRef,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub is_read_only: bool,
    /// From a relationships table: a navigation property.
    #[serde(default, skip_serializing_if = "is_false")]
    pub is_navigation: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub is_deprecated: bool,
    /// Values listed in "Possible values are" prose, when the type itself is not an enum.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documented_values: Vec<String>,
    pub source: Source,
}

/// A property's type in the docs' own terms.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
pub struct TypeRef {
    /// `Edm.String`, `microsoft.graph.identitySet`, ...; `Edm.Untyped` when unresolved.
    pub name: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub collection: bool,
    pub kind: TypeRefKind,
}

/// What a [`TypeRef`] resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TypeRefKind {
    Primitive,
    Enum,
    Complex,
    Entity,
    /// The docs name no usable type; treat the value as untyped JSON.
    Untyped,
}

impl TypeRef {
    pub fn untyped() -> Self {
        TypeRef { name: "Edm.Untyped".into(), collection: false, kind: TypeRefKind::Untyped }
    }
}

/// An enumeration, from any of the four forms the docs use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EnumDef {
    /// Full OData name, e.g. `microsoft.graph.onlineMeetingRole`.
    pub name: String,
    pub workload: String,
    pub members: Vec<EnumMember>,
    /// Which form of the docs defined it.
    pub origin: EnumOrigin,
    pub doc_page: String,
    pub source: Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EnumOrigin {
    /// A page of its own (`doc_type: enumPageType`, `## Members`).
    EnumPage,
    /// A `### x values` section with a table.
    ValuesSection,
    /// "Possible values are: `a`, `b`" in a property description.
    Prose,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EnumMember {
    /// The wire value.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl TypeRef {
    /// A primitive, by its `Edm.*` name.
    pub fn primitive(name: &str) -> Self {
        TypeRef { name: name.to_owned(), collection: false, kind: TypeRefKind::Primitive }
    }
}

/// One documented HTTP operation (one API page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Operation {
    /// Stable id: the page's file stem, lowercased.
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub workload: String,
    pub doc_page: String,
    /// The method of the first path; pages that mix methods keep each path's own.
    pub method: String,
    pub paths: Vec<OperationPath>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<TypeRef>,
    /// Parameters of an action's JSON body, from a request body table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub request_parameters: Vec<Property>,
    /// Parameters of a function, passed in its URL (`cell(row=5,column=6)`), from a
    /// parameters table; each path's function segment names them as placeholders.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub function_parameters: Vec<Property>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<ResponseDef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<HeaderDef>,
    pub permissions: Permissions,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
    pub source: Source,
}

/// One `METHOD /path` line of an HTTP request section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OperationPath {
    pub method: String,
    /// The template as written, whitespace-trimmed.
    pub template: String,
    pub segments: Vec<PathSegment>,
    /// Path parameters in order of appearance; names are unique within the path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<PathParameter>,
    /// A query string written into the template (`?$filter=...`), without the `?`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    pub source: Source,
}

/// One segment of a path template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum PathSegment {
    /// An entity set, navigation property, singleton or bare function name.
    Literal { name: String },
    /// A key placeholder such as `{id}` or `{id | userPrincipalName}`.
    Parameter { parameter: String },
    /// A function or key call with arguments: `fn(k='v')`, `range(address={a})`.
    Function { name: String, arguments: Vec<FunctionArgument> },
    /// A type-cast segment such as `microsoft.graph.user`.
    Cast { type_name: String },
    /// Path-based addressing: `root:/{item-path}:`.
    ItemPath { parameter: String },
    /// `$ref`, `$value`, `$count`, ...
    System { name: String },
}

/// How a segment is told apart from its siblings: names compare case-insensitively (the
/// service does), keys are all alike, functions differ by name and argument names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SegmentKey {
    Literal(String),
    Key,
    Function(String, Vec<String>),
    Cast(String),
    ItemPath,
    System(String),
}

/// Whether a path addresses a reference (`.../$ref`): a request there sends or removes an
/// entity reference, never the entity.
pub fn is_reference_path(segments: &[PathSegment]) -> bool {
    matches!(segments.last(), Some(PathSegment::System { name }) if name.eq_ignore_ascii_case("$ref"))
}

impl PathSegment {
    /// What the segment addresses, whatever its placeholder is called, so that
    /// `/chats/{chat-id}` on one page is `/chats/{chatId}` on another.
    pub fn key(&self) -> SegmentKey {
        match self {
            PathSegment::Literal { name } => SegmentKey::Literal(name.to_ascii_lowercase()),
            PathSegment::Parameter { .. } => SegmentKey::Key,
            PathSegment::Function { name, arguments } => {
                SegmentKey::Function(name.to_ascii_lowercase(), arguments.iter().map(|a| a.name.to_ascii_lowercase()).collect())
            }
            PathSegment::Cast { type_name } => SegmentKey::Cast(type_name.to_ascii_lowercase()),
            PathSegment::ItemPath { .. } => SegmentKey::ItemPath,
            PathSegment::System { name } => SegmentKey::System(name.to_ascii_lowercase()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FunctionArgument {
    pub name: String,
    pub value: ArgumentValue,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum ArgumentValue {
    /// `{name}`: supplied by the caller.
    Parameter(String),
    /// A value written in the docs, without quotes.
    Literal(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PathParameter {
    /// Unique within the path (`id`, `id-2`, ...).
    pub name: String,
    /// The placeholder text as written, braces removed.
    pub docs_name: String,
    /// Alternatives offered by `{id | userPrincipalName}`, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
    /// The type a table on the page gives it: a function argument's from the function's
    /// parameter table, a key's from a "Path parameters" table. Absent where no table
    /// does (most keys: the docs type them nowhere but in the entity's `id`).
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub type_ref: Option<TypeRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ResponseDef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub type_ref: Option<TypeRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct HeaderDef {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
}

/// The permissions table; `None` in a cell means "Not supported". Each entry of a list is
/// one way to be allowed the call: a scope, or scopes needed together, joined by " and "
/// as the pages write them (`Policy.Read.All and Application.ReadWrite.All`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Permissions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegated_work: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegated_personal: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<Vec<String>>,
}

/// A request and/or response example from the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Example {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<ExampleRequest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<ExampleResponse>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ExampleRequest {
    pub method: String,
    pub url: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<ExampleBody>,
    pub source: Source,
}

impl ExampleRequest {
    /// The example's `Content-Type` header, as written.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.iter().find(|(name, _)| name.eq_ignore_ascii_case("content-type")).map(|(_, value)| value.as_str())
    }

    /// Whether the example names another media type than JSON (a file, a MIME message).
    pub fn sends_other_media_than_json(&self) -> bool {
        self.content_type().is_some_and(|media| !media.to_ascii_lowercase().contains("json"))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ExampleResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<ExampleBody>,
    /// The annotation says the body is shortened.
    #[serde(default, skip_serializing_if = "is_false")]
    pub truncated: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub is_collection: bool,
    /// The annotation's `@odata.type`, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    pub source: Source,
}

/// A body: parsed JSON when the (tolerant) parser accepts it, the raw text otherwise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ExampleBody {
    Json(serde_json::Value),
    Text(String),
}

/// A workload: the normalised `ms.prod` of its pages, used as a cargo feature.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Workload {
    pub id: String,
    /// The raw `ms.prod` spellings merged into this workload.
    pub spellings: BTreeSet<String>,
    pub types: BTreeSet<String>,
    pub enums: BTreeSet<String>,
    pub operations: BTreeSet<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}
