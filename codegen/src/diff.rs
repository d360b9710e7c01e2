//! Semantic API diff: what changed between two IRs, and whether each change breaks a user
//! of the generated crates.
//!
//! Items are matched by what users see, never by the page they came from, so renaming or
//! splitting a page reports nothing on its own:
//!
//! - types and enums by full OData name, properties and request parameters by wire name,
//!   enum members by wire value;
//! - operations by their endpoints: the method and the path template (with any query
//!   written into it) with parameter names dropped and letter case folded
//!   (`POST /users/{}/onlinemeetings`). An old and a new operation that share endpoints
//!   are the same operation when each is the other's closest match (most endpoints shared,
//!   then same title, then same request, response and permissions), because the docs
//!   document some endpoints on several pages. An operation whose endpoints are all gone
//!   is removed. Operations without a path have no endpoint and are not compared.
//!
//! A property is looked up on the type and then up its base types, because the generated
//! structs carry inherited properties: moving a property to a base type changes nothing
//! for the derived type. Titles, descriptions, examples, headers, response status codes,
//! deprecation marks and source positions are not compared.
//!
//! Every [`ChangeKind`] has one [`Impact`], decided by [`ChangeKind::impact`]; the README
//! ("Semantic diff") lists the same rules, and a test keeps the two in step. Changes are
//! sorted by workload, impact (breaking first), item and kind, so the same pair of specs
//! always gives the same listing.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use serde::Serialize;

use crate::ir::{Api, Operation, OperationPath, Permissions, Property, TypeDef, TypeRef, TypeRefKind};

/// Whether a change can break code that compiles and works against the old crates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Impact {
    Breaking,
    Additive,
}

impl Impact {
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Additive => "additive",
        }
    }
}

/// One row of a permissions table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PermissionScheme {
    DelegatedWork,
    DelegatedPersonal,
    Application,
}

impl PermissionScheme {
    fn label(self) -> &'static str {
        match self {
            PermissionScheme::DelegatedWork => "delegated (work or school account)",
            PermissionScheme::DelegatedPersonal => "delegated (personal account)",
            PermissionScheme::Application => "application",
        }
    }
}

/// An operation as users find it: its title and one endpoint it serves
/// (`POST /me/onlineMeetings`, spelled as the docs write it).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct OperationRef {
    pub title: String,
    pub endpoint: String,
}

/// What changed. Type, enum and property types are full OData names (`Edm.String`,
/// `Collection(microsoft.graph.identitySet)`); `None` means "not there".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ChangeKind {
    TypeAdded {
        #[serde(rename = "type")]
        type_name: String,
    },
    TypeRemoved {
        #[serde(rename = "type")]
        type_name: String,
    },
    TypeWorkloadChanged {
        #[serde(rename = "type")]
        type_name: String,
        old: String,
        new: String,
    },
    BaseTypeChanged {
        #[serde(rename = "type")]
        type_name: String,
        old: Option<String>,
        new: Option<String>,
    },
    /// The type gained its first derived type (or lost its last one) while properties,
    /// request bodies or responses use it, so those become (or stop being) an `Any*` enum.
    PolymorphismChanged {
        #[serde(rename = "type")]
        type_name: String,
        polymorphic: bool,
    },
    PropertyAdded {
        #[serde(rename = "type")]
        type_name: String,
        property: String,
        property_type: String,
    },
    PropertyRemoved {
        #[serde(rename = "type")]
        type_name: String,
        property: String,
    },
    /// The element type changed; a change of collection-ness is reported on its own.
    PropertyTypeChanged {
        #[serde(rename = "type")]
        type_name: String,
        property: String,
        old: String,
        new: String,
    },
    PropertyCollectionChanged {
        #[serde(rename = "type")]
        type_name: String,
        property: String,
        collection: bool,
    },
    PropertyReadOnlyChanged {
        #[serde(rename = "type")]
        type_name: String,
        property: String,
        read_only: bool,
    },
    EnumAdded {
        #[serde(rename = "enum")]
        enum_name: String,
    },
    EnumRemoved {
        #[serde(rename = "enum")]
        enum_name: String,
    },
    EnumWorkloadChanged {
        #[serde(rename = "enum")]
        enum_name: String,
        old: String,
        new: String,
    },
    EnumMemberAdded {
        #[serde(rename = "enum")]
        enum_name: String,
        member: String,
    },
    EnumMemberRemoved {
        #[serde(rename = "enum")]
        enum_name: String,
        member: String,
    },
    OperationAdded {
        operation: OperationRef,
        paths: Vec<String>,
    },
    OperationRemoved {
        operation: OperationRef,
        paths: Vec<String>,
    },
    OperationWorkloadChanged {
        operation: OperationRef,
        old: String,
        new: String,
    },
    PathAdded {
        operation: OperationRef,
        path: String,
    },
    PathRemoved {
        operation: OperationRef,
        path: String,
    },
    RequestBodyChanged {
        operation: OperationRef,
        old: Option<String>,
        new: Option<String>,
    },
    RequestParameterAdded {
        operation: OperationRef,
        parameter: String,
        parameter_type: String,
    },
    RequestParameterRemoved {
        operation: OperationRef,
        parameter: String,
    },
    RequestParameterTypeChanged {
        operation: OperationRef,
        parameter: String,
        old: String,
        new: String,
    },
    ResponseTypeChanged {
        operation: OperationRef,
        old: Option<String>,
        new: Option<String>,
    },
    PermissionsChanged {
        operation: OperationRef,
        scheme: PermissionScheme,
        added: Vec<String>,
        removed: Vec<String>,
    },
}

impl ChangeKind {
    /// The classification rules, for a user of graph-models (structs of `Option` fields
    /// built with `..Default::default()`, `#[non_exhaustive]` enums with an
    /// `Unrecognized(String)` catch-all) and of graph-client (one endpoint per path).
    pub fn impact(&self) -> Impact {
        use ChangeKind::*;
        match self {
            // Something new to use; nothing existing changes shape.
            TypeAdded { .. } | PropertyAdded { .. } | EnumAdded { .. } | EnumMemberAdded { .. } | OperationAdded { .. } | PathAdded { .. } => Impact::Additive,
            // An optional field in the action's parameters, like a property.
            RequestParameterAdded { .. } => Impact::Additive,
            // Names users wrote no longer exist, or hold a different Rust type.
            TypeRemoved { .. } | PropertyRemoved { .. } | EnumRemoved { .. } | EnumMemberRemoved { .. } | OperationRemoved { .. } | PathRemoved { .. } => {
                Impact::Breaking
            }
            PropertyTypeChanged { .. } | PropertyCollectionChanged { .. } | BaseTypeChanged { .. } | PolymorphismChanged { .. } => Impact::Breaking,
            RequestBodyChanged { .. } | RequestParameterRemoved { .. } | RequestParameterTypeChanged { .. } | ResponseTypeChanged { .. } => Impact::Breaking,
            // The item is now compiled under another cargo feature.
            TypeWorkloadChanged { .. } | EnumWorkloadChanged { .. } | OperationWorkloadChanged { .. } => Impact::Breaking,
            // A value users used to send is now rejected; the reverse only allows more.
            PropertyReadOnlyChanged { read_only, .. } => {
                if *read_only {
                    Impact::Breaking
                } else {
                    Impact::Additive
                }
            }
            // An app granted only a dropped permission can no longer call the endpoint.
            PermissionsChanged { removed, .. } => {
                if removed.is_empty() {
                    Impact::Additive
                } else {
                    Impact::Breaking
                }
            }
        }
    }

    /// What the change is about, for sorting: types, then enums, then operations.
    fn item(&self) -> (u8, &str, &str) {
        use ChangeKind::*;
        match self {
            TypeAdded { type_name }
            | TypeRemoved { type_name }
            | TypeWorkloadChanged { type_name, .. }
            | BaseTypeChanged { type_name, .. }
            | PolymorphismChanged { type_name, .. }
            | PropertyAdded { type_name, .. }
            | PropertyRemoved { type_name, .. }
            | PropertyTypeChanged { type_name, .. }
            | PropertyCollectionChanged { type_name, .. }
            | PropertyReadOnlyChanged { type_name, .. } => (0, type_name, ""),
            EnumAdded { enum_name }
            | EnumRemoved { enum_name }
            | EnumWorkloadChanged { enum_name, .. }
            | EnumMemberAdded { enum_name, .. }
            | EnumMemberRemoved { enum_name, .. } => (1, enum_name, ""),
            OperationAdded { operation, .. }
            | OperationRemoved { operation, .. }
            | OperationWorkloadChanged { operation, .. }
            | PathAdded { operation, .. }
            | PathRemoved { operation, .. }
            | RequestBodyChanged { operation, .. }
            | RequestParameterAdded { operation, .. }
            | RequestParameterRemoved { operation, .. }
            | RequestParameterTypeChanged { operation, .. }
            | ResponseTypeChanged { operation, .. }
            | PermissionsChanged { operation, .. } => (2, &operation.title, &operation.endpoint),
        }
    }

    /// One sentence, with names in backticks and the `microsoft.graph.` prefix dropped.
    pub fn sentence(&self) -> String {
        use ChangeKind::*;
        let operation_text = |operation: &OperationRef| format!("operation `{}` (`{}`)", operation.title, operation.endpoint);
        match self {
            TypeAdded { type_name } => format!("type {} added", code(type_name)),
            TypeRemoved { type_name } => format!("type {} removed", code(type_name)),
            TypeWorkloadChanged { type_name, old, new } => format!("type {} moved from workload `{old}` to `{new}`", code(type_name)),
            BaseTypeChanged { type_name, old, new } => {
                format!("base type of {} changed from {} to {}", code(type_name), optional_code(old.as_deref()), optional_code(new.as_deref()))
            }
            PolymorphismChanged { type_name, polymorphic: true } => {
                format!("type {} now has derived types: values of this type become its `Any*` enum", code(type_name))
            }
            PolymorphismChanged { type_name, polymorphic: false } => {
                format!("type {} no longer has derived types: its `Any*` enum becomes the plain struct", code(type_name))
            }
            PropertyAdded { type_name, property, property_type } => format!("property {} added: {}", member(type_name, property), code(property_type)),
            PropertyRemoved { type_name, property } => format!("property {} removed", member(type_name, property)),
            PropertyTypeChanged { type_name, property, old, new } => {
                format!("property {} changed type from {} to {}", member(type_name, property), code(old), code(new))
            }
            PropertyCollectionChanged { type_name, property, collection: true } => format!("property {} became a collection", member(type_name, property)),
            PropertyCollectionChanged { type_name, property, collection: false } => {
                format!("property {} is no longer a collection", member(type_name, property))
            }
            PropertyReadOnlyChanged { type_name, property, read_only: true } => format!("property {} became read-only", member(type_name, property)),
            PropertyReadOnlyChanged { type_name, property, read_only: false } => format!("property {} is no longer read-only", member(type_name, property)),
            EnumAdded { enum_name } => format!("enum {} added", code(enum_name)),
            EnumRemoved { enum_name } => format!("enum {} removed", code(enum_name)),
            EnumWorkloadChanged { enum_name, old, new } => format!("enum {} moved from workload `{old}` to `{new}`", code(enum_name)),
            EnumMemberAdded { enum_name, member: value } => format!("enum member {} added", member(enum_name, value)),
            EnumMemberRemoved { enum_name, member: value } => format!("enum member {} removed", member(enum_name, value)),
            OperationAdded { operation, paths } => format!("operation `{}` added: {}", operation.title, code_list(paths)),
            OperationRemoved { operation, paths } => format!("operation `{}` removed: {}", operation.title, code_list(paths)),
            OperationWorkloadChanged { operation, old, new } => format!("{} moved from workload `{old}` to `{new}`", operation_text(operation)),
            PathAdded { operation, path } => format!("{}: path `{path}` added", operation_text(operation)),
            PathRemoved { operation, path } => format!("{}: path `{path}` removed", operation_text(operation)),
            RequestBodyChanged { operation, old, new } => {
                format!("{}: request body changed from {} to {}", operation_text(operation), optional_code(old.as_deref()), optional_code(new.as_deref()))
            }
            RequestParameterAdded { operation, parameter, parameter_type } => {
                format!("{}: request parameter `{parameter}` added: {}", operation_text(operation), code(parameter_type))
            }
            RequestParameterRemoved { operation, parameter } => format!("{}: request parameter `{parameter}` removed", operation_text(operation)),
            RequestParameterTypeChanged { operation, parameter, old, new } => {
                format!("{}: request parameter `{parameter}` changed type from {} to {}", operation_text(operation), code(old), code(new))
            }
            ResponseTypeChanged { operation, old, new } => {
                format!("{}: response type changed from {} to {}", operation_text(operation), optional_code(old.as_deref()), optional_code(new.as_deref()))
            }
            PermissionsChanged { operation, scheme, added, removed } => {
                let mut parts = Vec::new();
                if !added.is_empty() {
                    parts.push(format!("{} added", code_list(added)));
                }
                if !removed.is_empty() {
                    parts.push(format!("{} removed", code_list(removed)));
                }
                format!("{}: {} permissions: {}", operation_text(operation), scheme.label(), parts.join("; "))
            }
        }
    }
}

/// A name as the text renderers show it: `microsoft.graph.` is the namespace of nearly
/// everything, so it is dropped (`callRecords.session` keeps its sub-namespace).
fn short(name: &str) -> String {
    name.replace("microsoft.graph.", "")
}

fn code(name: &str) -> String {
    format!("`{}`", short(name))
}

fn optional_code(name: Option<&str>) -> String {
    name.map_or_else(|| "none".to_owned(), code)
}

fn member(owner: &str, name: &str) -> String {
    format!("`{}.{name}`", short(owner))
}

fn code_list(names: &[String]) -> String {
    names.iter().map(|name| code(name)).collect::<Vec<_>>().join(", ")
}

/// One change, with the workload it is filed under (the new side's, or the old side's
/// for something removed) and its classification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub workload: String,
    pub impact: Impact,
    #[serde(flatten)]
    pub kind: ChangeKind,
}

/// Every change between two IRs, sorted; empty when they agree on everything compared.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ApiDiff {
    pub breaking: usize,
    pub additive: usize,
    pub changes: Vec<Change>,
}

/// Compares two IRs. Pure and deterministic: the result depends only on what is compared.
pub fn diff(old: &Api, new: &Api) -> ApiDiff {
    let mut changes = Changes::default();
    diff_types(old, new, &mut changes);
    diff_enums(old, new, &mut changes);
    diff_operations(old, new, &mut changes);
    let mut changes = changes.0;
    changes.sort_by(|a, b| (&a.workload, a.impact, a.kind.item(), &a.kind).cmp(&(&b.workload, b.impact, b.kind.item(), &b.kind)));
    changes.dedup();
    let breaking = changes.iter().filter(|c| c.impact == Impact::Breaking).count();
    ApiDiff { breaking, additive: changes.len() - breaking, changes }
}

#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, workload: &str, kind: ChangeKind) {
        self.0.push(Change { workload: workload.to_owned(), impact: kind.impact(), kind });
    }
}

fn type_text(type_ref: &TypeRef) -> String {
    if type_ref.collection { format!("Collection({})", type_ref.name) } else { type_ref.name.clone() }
}

fn diff_types(old: &Api, new: &Api, changes: &mut Changes) {
    for (name, def) in &old.types {
        if !new.types.contains_key(name) {
            changes.push(&def.workload, ChangeKind::TypeRemoved { type_name: name.clone() });
        }
    }
    let old_polymorphic = polymorphic_types(old);
    let new_polymorphic = polymorphic_types(new);
    for (name, new_def) in &new.types {
        let Some(old_def) = old.types.get(name) else {
            changes.push(&new_def.workload, ChangeKind::TypeAdded { type_name: name.clone() });
            continue;
        };
        let workload = new_def.workload.as_str();
        if old_def.workload != new_def.workload {
            changes.push(workload, ChangeKind::TypeWorkloadChanged { type_name: name.clone(), old: old_def.workload.clone(), new: new_def.workload.clone() });
        }
        if old_def.base_type != new_def.base_type {
            changes.push(workload, ChangeKind::BaseTypeChanged { type_name: name.clone(), old: old_def.base_type.clone(), new: new_def.base_type.clone() });
        }
        let polymorphic = new_polymorphic.contains(name.as_str());
        if old_polymorphic.contains(name.as_str()) != polymorphic {
            changes.push(workload, ChangeKind::PolymorphismChanged { type_name: name.clone(), polymorphic });
        }
        diff_properties(old, old_def, new, new_def, changes);
    }
}

/// Types that get an `Any*` enum: they have a derived type and something (a property, a
/// request body or a response) is typed with them.
fn polymorphic_types(api: &Api) -> BTreeSet<&str> {
    let with_derived: BTreeSet<&str> = api.types.values().filter_map(|def| def.base_type.as_deref()).filter(|base| api.types.contains_key(*base)).collect();
    let struct_kind = |type_ref: &TypeRef| matches!(type_ref.kind, TypeRefKind::Complex | TypeRefKind::Entity);
    let property_types = api.types.values().flat_map(|def| &def.properties).map(|p| &p.type_ref).filter(|t| struct_kind(t));
    let operation_types = api.operations.values().flat_map(|op| op.request_body.iter().chain(op.response.iter().filter_map(|r| r.type_ref.as_ref())));
    property_types.chain(operation_types).map(|t| t.name.as_str()).filter(|name| with_derived.contains(name)).collect()
}

/// Properties by wire name; the last declaration wins, as it does in the emitted struct.
fn own_properties(def: &TypeDef) -> BTreeMap<&str, &Property> {
    def.properties.iter().map(|property| (property.name.as_str(), property)).collect()
}

/// A property as the generated struct sees it: declared on the type, else inherited.
fn effective_property<'a>(api: &'a Api, own: &BTreeMap<&str, &'a Property>, def: &'a TypeDef, name: &str) -> Option<&'a Property> {
    if let Some(property) = own.get(name) {
        return Some(property);
    }
    let mut base = def.base_type.as_deref().and_then(|base| api.types.get(base));
    // Base chains are short; the bound only guards against a cycle the resolver missed.
    for _ in 0..64 {
        let def = base?;
        if let Some(property) = def.properties.iter().rev().find(|p| p.name == name) {
            return Some(property);
        }
        base = def.base_type.as_deref().and_then(|base| api.types.get(base));
    }
    None
}

fn diff_properties(old: &Api, old_def: &TypeDef, new: &Api, new_def: &TypeDef, changes: &mut Changes) {
    // Most types do not change; an identical list needs no lookups.
    if old_def.properties == new_def.properties {
        return;
    }
    let type_name = &new_def.name;
    let workload = new_def.workload.as_str();
    let (old_own, new_own) = (own_properties(old_def), own_properties(new_def));
    let declared: BTreeSet<&str> = old_own.keys().chain(new_own.keys()).copied().collect();
    for name in declared {
        let property = name.to_owned();
        match (effective_property(old, &old_own, old_def, name), effective_property(new, &new_own, new_def, name)) {
            (None, None) => {}
            (None, Some(added)) => {
                changes.push(workload, ChangeKind::PropertyAdded { type_name: type_name.clone(), property, property_type: type_text(&added.type_ref) });
            }
            (Some(_), None) => changes.push(workload, ChangeKind::PropertyRemoved { type_name: type_name.clone(), property }),
            (Some(before), Some(after)) => {
                if before.type_ref.name != after.type_ref.name {
                    let (old, new) = (before.type_ref.name.clone(), after.type_ref.name.clone());
                    changes.push(workload, ChangeKind::PropertyTypeChanged { type_name: type_name.clone(), property: property.clone(), old, new });
                }
                if before.type_ref.collection != after.type_ref.collection {
                    let collection = after.type_ref.collection;
                    changes.push(workload, ChangeKind::PropertyCollectionChanged { type_name: type_name.clone(), property: property.clone(), collection });
                }
                if before.is_read_only != after.is_read_only {
                    changes.push(workload, ChangeKind::PropertyReadOnlyChanged { type_name: type_name.clone(), property, read_only: after.is_read_only });
                }
            }
        }
    }
}

fn diff_enums(old: &Api, new: &Api, changes: &mut Changes) {
    for (name, def) in &old.enums {
        if !new.enums.contains_key(name) {
            changes.push(&def.workload, ChangeKind::EnumRemoved { enum_name: name.clone() });
        }
    }
    for (name, new_def) in &new.enums {
        let Some(old_def) = old.enums.get(name) else {
            changes.push(&new_def.workload, ChangeKind::EnumAdded { enum_name: name.clone() });
            continue;
        };
        let workload = new_def.workload.as_str();
        if old_def.workload != new_def.workload {
            changes.push(workload, ChangeKind::EnumWorkloadChanged { enum_name: name.clone(), old: old_def.workload.clone(), new: new_def.workload.clone() });
        }
        let old_members: BTreeSet<&str> = old_def.members.iter().map(|m| m.name.as_str()).collect();
        let new_members: BTreeSet<&str> = new_def.members.iter().map(|m| m.name.as_str()).collect();
        for removed in old_members.difference(&new_members) {
            changes.push(workload, ChangeKind::EnumMemberRemoved { enum_name: name.clone(), member: (*removed).to_owned() });
        }
        for added in new_members.difference(&old_members) {
            changes.push(workload, ChangeKind::EnumMemberAdded { enum_name: name.clone(), member: (*added).to_owned() });
        }
    }
}

/// The identity of an endpoint: the method and the template (with its query, if the docs
/// write one) with parameter names dropped and letter case folded, so
/// `/users/{id | userPrincipalName}/onlineMeetings` and `/users/{userId}/onlinemeetings`
/// are one endpoint.
pub fn endpoint_key(path: &OperationPath) -> String {
    let mut key = path.method.trim().to_ascii_uppercase();
    key.push(' ');
    crate::parse::path_template::push_shape(&mut key, &path.template);
    while key.ends_with('/') && !key.ends_with(" /") {
        key.pop();
    }
    if let Some(query) = path.query.as_deref().filter(|q| !q.trim().is_empty()) {
        key.push('?');
        crate::parse::path_template::push_shape(&mut key, query);
    }
    key
}

/// Endpoint keys of both sides, each interned once, so that the sets compared while
/// pairing operations are sets of small integers.
#[derive(Default)]
struct KeyTable {
    /// Only looked up, never iterated, so hashing cannot reach the output.
    ids: HashMap<String, usize>,
}

impl KeyTable {
    fn intern(&mut self, key: String) -> usize {
        let next = self.ids.len();
        *self.ids.entry(key).or_insert(next)
    }
}

/// A path as users read it: `GET /me/messages/{id}?$expand=...`.
fn written_path(path: &OperationPath) -> String {
    match path.query.as_deref().filter(|q| !q.trim().is_empty()) {
        Some(query) => format!("{} {}?{query}", path.method, path.template),
        None => format!("{} {}", path.method, path.template),
    }
}

/// An operation with the endpoint key of each of its paths, computed once.
struct Served<'a> {
    operation: &'a Operation,
    /// One interned key per path, in page order.
    path_keys: Vec<usize>,
    keys: BTreeSet<usize>,
}

impl Served<'_> {
    /// Named by its first path whose key is in `keys`, else by its first path.
    fn named_by(&self, keys: Option<&BTreeSet<usize>>) -> OperationRef {
        let position = self.path_keys.iter().position(|key| keys.is_none_or(|keys| keys.contains(key))).unwrap_or(0);
        OperationRef { title: self.operation.title.clone(), endpoint: self.operation.paths.get(position).map(written_path).unwrap_or_default() }
    }

    /// The paths whose endpoint `other` does not serve.
    fn paths_missing_from<'s>(&'s self, other: &'s Endpoints<'_>) -> impl Iterator<Item = &'s OperationPath> + 's {
        self.operation.paths.iter().zip(&self.path_keys).filter(|(_, key)| !other.by_key.contains_key(*key)).map(|(path, _)| path)
    }
}

/// One side's operations that have at least one endpoint.
struct Endpoints<'a> {
    /// Operation id → the operation. Ids come from page file names, so they are only
    /// handles here: they never decide a pairing nor reach the output.
    operations: BTreeMap<&'a str, Served<'a>>,
    /// Interned endpoint key → ids of the operations that serve it.
    by_key: BTreeMap<usize, BTreeSet<&'a str>>,
}

impl<'a> Endpoints<'a> {
    fn new(api: &'a Api, table: &mut KeyTable) -> Self {
        let mut operations = BTreeMap::new();
        let mut by_key: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
        for (id, operation) in &api.operations {
            let path_keys: Vec<usize> = operation.paths.iter().map(|path| table.intern(endpoint_key(path))).collect();
            if path_keys.is_empty() {
                continue;
            }
            for key in &path_keys {
                by_key.entry(*key).or_default().insert(id.as_str());
            }
            let keys = path_keys.iter().copied().collect();
            operations.insert(id.as_str(), Served { operation, path_keys, keys });
        }
        Endpoints { operations, by_key }
    }

    /// Ids of the operations sharing at least one endpoint with `keys`.
    fn sharing(&self, keys: &BTreeSet<usize>) -> BTreeSet<&'a str> {
        keys.iter().filter_map(|key| self.by_key.get(key)).flatten().copied().collect()
    }
}

/// How alike two operations that share an endpoint are: how many endpoints they share,
/// then whether their titles match, then whether what they send, return and require
/// matches. The docs document some endpoints on several pages (`GET /me/calendar/events`
/// under "List events" of both calendar and user); this picks the right counterpart.
fn likeness(a: &Served<'_>, b: &Served<'_>) -> (usize, bool, bool) {
    let shared = a.keys.intersection(&b.keys).count();
    let same_title = a.operation.title.trim().eq_ignore_ascii_case(b.operation.title.trim());
    (shared, same_title, same_contract(a.operation, b.operation))
}

/// Whether two operations send, return and require the same: everything
/// [`diff_operation_pair`] compares but the workload.
fn same_contract(a: &Operation, b: &Operation) -> bool {
    fn response_type(op: &Operation) -> Option<&TypeRef> {
        op.response.as_ref().and_then(|r| r.type_ref.as_ref())
    }
    a.request_body == b.request_body
        && a.request_parameters.iter().map(|p| (&p.name, &p.type_ref)).eq(b.request_parameters.iter().map(|p| (&p.name, &p.type_ref)))
        && response_type(a) == response_type(b)
        && a.permissions == b.permissions
}

/// For each operation of `from`, the operations of `to` most like it ([`likeness`] is
/// symmetric, so this serves both directions).
fn best_matches<'a>(from: &Endpoints<'a>, to: &Endpoints<'a>) -> BTreeMap<&'a str, BTreeSet<&'a str>> {
    let mut best = BTreeMap::new();
    for (id, served) in &from.operations {
        let scored: Vec<(&str, (usize, bool, bool))> =
            to.sharing(&served.keys).into_iter().map(|other| (other, likeness(served, &to.operations[other]))).collect();
        if let Some(top) = scored.iter().map(|(_, score)| *score).max() {
            best.insert(*id, scored.into_iter().filter(|(_, score)| *score == top).map(|(other, _)| other).collect());
        }
    }
    best
}

fn diff_operations(old: &Api, new: &Api, changes: &mut Changes) {
    let mut table = KeyTable::default();
    let before = Endpoints::new(old, &mut table);
    let after = Endpoints::new(new, &mut table);
    // An old and a new operation are one operation when each is the other's best match,
    // whatever their pages are called; a split or merged page pairs with each part.
    let best_new = best_matches(&before, &after);
    let best_old = best_matches(&after, &before);
    let mut pairs: BTreeMap<(&str, &str), OperationRef> = BTreeMap::new();
    for (old_id, new_ids) in &best_new {
        for new_id in new_ids {
            if best_old.get(new_id).is_some_and(|old_ids| old_ids.contains(old_id)) {
                pairs.insert((old_id, new_id), after.operations[new_id].named_by(Some(&before.operations[old_id].keys)));
            }
        }
    }
    for ((old_id, new_id), subject) in &pairs {
        diff_operation_pair(before.operations[old_id].operation, after.operations[new_id].operation, subject, changes);
    }
    // Endpoints served on one side only. Each is filed under the operation that served
    // it, named as in its pairing that sorts first (so ids do not decide the name); an
    // operation left with no endpoint at all was removed (or added) as a whole.
    let mut old_subjects: BTreeMap<&str, &OperationRef> = BTreeMap::new();
    let mut new_subjects: BTreeMap<&str, &OperationRef> = BTreeMap::new();
    for ((old_id, new_id), subject) in &pairs {
        old_subjects.entry(old_id).and_modify(|s| *s = (*s).min(subject)).or_insert(subject);
        new_subjects.entry(new_id).and_modify(|s| *s = (*s).min(subject)).or_insert(subject);
    }
    for (id, served) in &before.operations {
        let gone: Vec<&OperationPath> = served.paths_missing_from(&after).collect();
        let operation = served.operation;
        if gone.len() == operation.paths.len() {
            let paths = operation.paths.iter().map(written_path).collect();
            changes.push(&operation.workload, ChangeKind::OperationRemoved { operation: served.named_by(None), paths });
            continue;
        }
        let subject = old_subjects.get(id).map_or_else(|| served.named_by(None), |s| (*s).clone());
        for path in gone {
            changes.push(&operation.workload, ChangeKind::PathRemoved { operation: subject.clone(), path: written_path(path) });
        }
    }
    for (id, served) in &after.operations {
        let fresh: Vec<&OperationPath> = served.paths_missing_from(&before).collect();
        let operation = served.operation;
        if fresh.len() == operation.paths.len() {
            let paths = operation.paths.iter().map(written_path).collect();
            changes.push(&operation.workload, ChangeKind::OperationAdded { operation: served.named_by(None), paths });
            continue;
        }
        let subject = new_subjects.get(id).map_or_else(|| served.named_by(None), |s| (*s).clone());
        for path in fresh {
            changes.push(&operation.workload, ChangeKind::PathAdded { operation: subject.clone(), path: written_path(path) });
        }
    }
}

fn diff_operation_pair(old: &Operation, new: &Operation, subject: &OperationRef, changes: &mut Changes) {
    // Nearly every pair is unchanged; that is quicker to confirm than to take apart.
    if old.workload == new.workload && same_contract(old, new) {
        return;
    }
    let workload = new.workload.as_str();
    let operation = || subject.clone();
    if old.workload != new.workload {
        changes.push(workload, ChangeKind::OperationWorkloadChanged { operation: operation(), old: old.workload.clone(), new: new.workload.clone() });
    }
    let (old_body, new_body) = (old.request_body.as_ref().map(type_text), new.request_body.as_ref().map(type_text));
    if old_body != new_body {
        changes.push(workload, ChangeKind::RequestBodyChanged { operation: operation(), old: old_body, new: new_body });
    }
    let parameters = |op: &Operation| op.request_parameters.iter().map(|p| (p.name.clone(), type_text(&p.type_ref))).collect::<BTreeMap<_, _>>();
    let (old_parameters, new_parameters) = (parameters(old), parameters(new));
    for (parameter, old_type) in &old_parameters {
        match new_parameters.get(parameter) {
            None => changes.push(workload, ChangeKind::RequestParameterRemoved { operation: operation(), parameter: parameter.clone() }),
            Some(new_type) if new_type != old_type => {
                let kind = ChangeKind::RequestParameterTypeChanged {
                    operation: operation(),
                    parameter: parameter.clone(),
                    old: old_type.clone(),
                    new: new_type.clone(),
                };
                changes.push(workload, kind);
            }
            Some(_) => {}
        }
    }
    for (parameter, parameter_type) in &new_parameters {
        if !old_parameters.contains_key(parameter) {
            let kind = ChangeKind::RequestParameterAdded { operation: operation(), parameter: parameter.clone(), parameter_type: parameter_type.clone() };
            changes.push(workload, kind);
        }
    }
    let response = |op: &Operation| op.response.as_ref().and_then(|r| r.type_ref.as_ref()).map(type_text);
    let (old_response, new_response) = (response(old), response(new));
    if old_response != new_response {
        changes.push(workload, ChangeKind::ResponseTypeChanged { operation: operation(), old: old_response, new: new_response });
    }
    for (scheme, old_scopes, new_scopes) in permission_rows(&old.permissions, &new.permissions) {
        let added: Vec<String> = new_scopes.difference(&old_scopes).map(|s| (*s).to_owned()).collect();
        let removed: Vec<String> = old_scopes.difference(&new_scopes).map(|s| (*s).to_owned()).collect();
        if !added.is_empty() || !removed.is_empty() {
            changes.push(workload, ChangeKind::PermissionsChanged { operation: operation(), scheme, added, removed });
        }
    }
}

/// Each scheme's scopes on both sides; "Not supported" and a missing row are both empty.
fn permission_rows<'a>(old: &'a Permissions, new: &'a Permissions) -> Vec<(PermissionScheme, BTreeSet<&'a str>, BTreeSet<&'a str>)> {
    let scopes = |list: &'a Option<Vec<String>>| list.iter().flatten().map(String::as_str).collect::<BTreeSet<_>>();
    vec![
        (PermissionScheme::DelegatedWork, scopes(&old.delegated_work), scopes(&new.delegated_work)),
        (PermissionScheme::DelegatedPersonal, scopes(&old.delegated_personal), scopes(&new.delegated_personal)),
        (PermissionScheme::Application, scopes(&old.application), scopes(&new.application)),
    ]
}

impl ApiDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    pub fn has_breaking(&self) -> bool {
        self.breaking > 0
    }

    fn by_workload(&self) -> BTreeMap<&str, Vec<&Change>> {
        let mut grouped: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
        for change in &self.changes {
            grouped.entry(change.workload.as_str()).or_default().push(change);
        }
        grouped
    }

    fn totals(&self) -> String {
        format!("{} breaking, {} additive", self.breaking, self.additive)
    }

    /// The compact listing: one line per change under its workload, then the totals.
    pub fn to_human(&self) -> String {
        if self.is_empty() {
            return "no API changes\n".to_owned();
        }
        let mut out = String::new();
        for (workload, changes) in self.by_workload() {
            let _ = writeln!(out, "{workload}");
            for change in changes {
                let _ = writeln!(out, "  {}  {}", change.impact.as_str(), change.kind.sentence());
            }
        }
        let _ = writeln!(out, "{} changes: {}", self.changes.len(), self.totals());
        out
    }

    /// A section to paste into a pull request or CHANGELOG: per workload, breaking
    /// changes first.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("## API changes\n\n");
        if self.is_empty() {
            out.push_str("No changes.\n");
            return out;
        }
        let _ = writeln!(out, "{} changes: {}.", self.changes.len(), self.totals());
        for (workload, changes) in self.by_workload() {
            let _ = write!(out, "\n### {workload}\n");
            for impact in [Impact::Breaking, Impact::Additive] {
                let listed: Vec<&&Change> = changes.iter().filter(|c| c.impact == impact).collect();
                if listed.is_empty() {
                    continue;
                }
                let _ = write!(out, "\n**{}**\n\n", if impact == Impact::Breaking { "Breaking" } else { "Additive" });
                for change in listed {
                    let _ = writeln!(out, "- {}", capitalised(&change.kind.sentence()));
                }
            }
        }
        out
    }

    /// Pretty JSON, `{"breaking": n, "additive": n, "changes": [...]}`, with full names.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

fn capitalised(sentence: &str) -> String {
    let mut chars = sentence.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(method: &str, template: &str, query: Option<&str>) -> OperationPath {
        OperationPath {
            method: method.into(),
            template: template.into(),
            segments: Vec::new(),
            parameters: Vec::new(),
            query: query.map(str::to_owned),
            source: crate::ir::Source::default(),
        }
    }

    #[test]
    fn endpoint_keys_ignore_parameter_names_and_case() {
        let key = |method, template| endpoint_key(&path(method, template, None));
        assert_eq!(key("POST", "/users/{id | userPrincipalName}/onlineMeetings"), key("post", "/users/{userId}/onlinemeetings/"));
        assert_eq!(key("POST", "/users/{userId}/onlineMeetings"), "POST /users/{}/onlinemeetings");
        assert_ne!(key("GET", "/me/events"), key("POST", "/me/events"));
        assert_ne!(key("GET", "/me/events"), key("GET", "/me/calendar/events"));
        assert_eq!(key("GET", "/"), "GET /");
    }

    #[test]
    fn a_query_written_into_the_template_makes_another_endpoint() {
        let plain = endpoint_key(&path("GET", "/me/messages/{id}", None));
        let expanded = endpoint_key(&path("GET", "/me/messages/{id}", Some("$expand=singleValueExtendedProperties($filter=id eq '{id_value}')")));
        assert_ne!(plain, expanded);
        assert_eq!(expanded, "GET /me/messages/{}?$expand=singlevalueextendedproperties($filter=ideq'{}')");
    }

    #[test]
    fn read_only_changes_break_only_when_a_property_stops_being_writable() {
        let change = |read_only| ChangeKind::PropertyReadOnlyChanged { type_name: "t".into(), property: "p".into(), read_only };
        assert_eq!(change(true).impact(), Impact::Breaking);
        assert_eq!(change(false).impact(), Impact::Additive);
    }
}
