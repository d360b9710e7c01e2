//! Example checking: every JSON example with a known type is compared with the IR —
//! unknown properties, wrong JSON types, invalid enum values and date-times, and
//! properties missing from complete responses.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Api, Operation, Property, TypeRef, TypeRefKind};
use crate::parse::json::{JsonDoc, JsonLocator, escape_pointer};
use crate::parse::{PageBody, ParsedPage, RawBody};
use crate::resolve::{page_stem, short_name};

/// One example value with a known model type: a whole body, or one item of a collection
/// body. The models' tests deserialise each of these into its generated type.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TypedExample {
    /// The page and the line of the example's annotation (its IR `source`).
    pub file: String,
    pub line: u32,
    pub is_request: bool,
    /// JSON pointer of the value within the body (`""`, `/value/0`).
    pub pointer: String,
    /// Full OData name of the type.
    pub type_name: String,
    pub kind: TypeRefKind,
    /// Lines of the body in the page, to find the diagnostics that explain a failure.
    pub body_lines: (u32, u32),
}

/// Counts of example bodies, for the lint summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExampleCounts {
    /// Bodies that look like JSON (start with `{` or `[`).
    pub json_bodies: usize,
    pub parsed: usize,
    pub checked: usize,
}

/// Lower-cased full names → canonical names, for annotation and `@odata.type` lookups,
/// and every type's inherited properties, gathered once for all pages.
struct NameIndex<'a> {
    types: BTreeMap<String, &'a crate::ir::TypeDef>,
    enums: BTreeMap<String, &'a str>,
    views: BTreeMap<&'a str, TypeView<'a>>,
}

impl<'a> NameIndex<'a> {
    fn new(api: &'a Api) -> Self {
        NameIndex {
            types: api.types.values().map(|t| (t.name.to_ascii_lowercase(), t)).collect(),
            enums: api.enums.values().map(|e| (e.name.to_ascii_lowercase(), e.name.as_str())).collect(),
            views: api.types.keys().map(|name| (name.as_str(), TypeView::of_type(api, name))).collect(),
        }
    }

    fn view(&self, type_name: &str) -> &TypeView<'a> {
        static NO_TYPE: TypeView<'static> = TypeView { properties: Vec::new(), by_name: Vec::new(), open: false };
        self.views.get(type_name).unwrap_or(&NO_TYPE)
    }
}

/// The properties an object of one type may have: its own first, then each base's.
struct TypeView<'a> {
    properties: Vec<&'a Property>,
    /// Each name with the index of its first property, sorted for lookups, so a
    /// redeclared inherited property resolves to the type's own row as in a linear scan.
    by_name: Vec<(&'a str, usize)>,
    /// The type or a base is open.
    open: bool,
}

impl<'a> TypeView<'a> {
    fn of_type(api: &'a Api, type_name: &str) -> Self {
        let mut properties = Vec::new();
        let mut open = false;
        // Base chains can form cycles in broken docs; each type is visited once.
        let mut seen = BTreeSet::new();
        let mut current = api.types.get(type_name);
        while let Some(def) = current {
            if !seen.insert(def.name.as_str()) {
                break;
            }
            open |= def.is_open;
            properties.extend(def.properties.iter());
            current = def.base_type.as_deref().and_then(|base| api.types.get(base));
        }
        Self::new(properties, open)
    }

    fn new(properties: Vec<&'a Property>, open: bool) -> Self {
        let mut by_name: Vec<(&str, usize)> = properties.iter().enumerate().map(|(index, p)| (p.name.as_str(), index)).collect();
        // Stable, so among equal names the first (own) property stays first.
        by_name.sort_by_key(|(name, _)| *name);
        by_name.dedup_by_key(|(name, _)| *name);
        TypeView { properties, by_name, open }
    }

    fn get(&self, name: &str) -> Option<&'a Property> {
        let found = self.by_name.binary_search_by_key(&name, |(name, _)| name).ok()?;
        Some(self.properties[self.by_name[found].1])
    }
}

/// A JSON pointer into a body, rendered only when a diagnostic needs it: checking a
/// member borrows its parent's pointer instead of formatting a string per member.
#[derive(Clone, Copy)]
enum Pointer<'p> {
    /// The checked value's own pointer within the body (`""`, `/value/0`).
    Root(&'p str),
    Member(&'p Pointer<'p>, &'p str),
    Index(&'p Pointer<'p>, usize),
}

impl Pointer<'_> {
    fn render(&self) -> String {
        match self {
            Pointer::Root(root) => (*root).to_owned(),
            Pointer::Member(parent, name) => format!("{}/{}", parent.render(), escape_pointer(name)),
            Pointer::Index(parent, index) => format!("{}/{index}", parent.render()),
        }
    }
}

struct Checker<'a, 'p> {
    api: &'a Api,
    names: &'a NameIndex<'a>,
    page: &'p ParsedPage<'p>,
    doc: &'p JsonDoc,
    /// Positions of the body's values, read the first time a diagnostic needs one.
    locator: Option<JsonLocator<'p>>,
    body_offset: usize,
    diagnostics: &'a mut Vec<Diagnostic>,
}

/// Checks every example on every API page, returning the counts.
pub fn check_examples(api: &Api, diagnostics: &mut Vec<Diagnostic>, pages: &[ParsedPage<'_>]) -> (ExampleCounts, Vec<TypedExample>) {
    let names = NameIndex::new(api);
    let mut counts = ExampleCounts::default();
    let mut typed = Vec::new();
    // Pages are checked independently, so on all cores; results are joined in page order.
    for (page_counts, page_diagnostics, page_typed) in crate::parallel::map_in_order(pages, |page| check_page(api, &names, page)) {
        counts.json_bodies += page_counts.json_bodies;
        counts.parsed += page_counts.parsed;
        counts.checked += page_counts.checked;
        diagnostics.extend(page_diagnostics);
        typed.extend(page_typed);
    }
    (counts, typed)
}

/// Where a body sits, for [`TypedExample`].
struct Site<'t> {
    offset: usize,
    is_request: bool,
    /// For a response, the URL of its request, which may ask for a list (`?$filter=...`).
    request_url: Option<&'t str>,
    typed: &'t mut Vec<TypedExample>,
}

fn check_page(api: &Api, names: &NameIndex<'_>, page: &ParsedPage<'_>) -> (ExampleCounts, Vec<Diagnostic>, Vec<TypedExample>) {
    let mut counts = ExampleCounts::default();
    let mut found = Vec::new();
    let mut typed = Vec::new();
    let diagnostics = &mut found;
    if let PageBody::Api(raw) = &page.body
        && let Some(operation) = api.operations.get(&page_stem(&page.path))
    {
        for example in raw.examples.iter().filter(|e| !e.repeats_previous) {
            if let Some(request) = &example.request {
                let target = request_target(operation, &request.method);
                let site = Site { offset: request.offset, is_request: true, request_url: None, typed: &mut typed };
                check_body(api, names, page, request.body.as_ref(), target, false, site, &mut counts, diagnostics);
            }
            if let Some(response) = &example.response {
                let documented = || operation.response.as_ref().and_then(|r| r.type_ref.clone());
                let annotated = response.odata_type.as_deref().and_then(|written| annotation_type(names, written, response.is_collection));
                // A primitive annotation over a body of objects (newer Intune pages) is checked
                // as the type the operation resolved to instead, as resolution reads it.
                let holds_objects = response.body.as_ref().and_then(|b| b.json.as_ref()).is_some_and(|doc| crate::resolve::holds_objects(&doc.value));
                let annotated = match annotated {
                    Some(primitive) if primitive.kind == TypeRefKind::Primitive && holds_objects => {
                        documented().filter(|t| matches!(t.kind, TypeRefKind::Complex | TypeRefKind::Entity)).or(Some(primitive))
                    }
                    // The annotation's type, which resolution found to be a collection (its
                    // prose and a `value` array say so where the annotation does not).
                    Some(single) if !single.collection && documented().is_some_and(|t| t.collection && t.name == single.name) => documented(),
                    other => other,
                };
                let target = annotated.or_else(|| documented().filter(|_| response.odata_type.is_none()));
                // `odata.error` marks an error body, which has OData's error format, not a
                // model type.
                let is_error_body =
                    response.odata_type.as_deref().is_some_and(|written| written.trim().trim_start_matches('#').eq_ignore_ascii_case("odata.error"));
                if target.is_none()
                    && let Some(written) = &response.odata_type
                    && response.body.as_ref().is_some_and(|b| b.json.is_some())
                    && !written.trim().is_empty()
                    && !is_error_body
                {
                    let (line, column) = page.lines.line_col(page.text, response.offset);
                    diagnostics.push(Diagnostic::new(
                        Code::UnknownExampleType,
                        &page.path,
                        line,
                        column,
                        format!("response `@odata.type` `{written}` names no known type; the body is not checked"),
                    ));
                }
                let complete = !response.truncated;
                let request_url = example.request.as_ref().map(|r| r.url.as_str());
                let site = Site { offset: response.offset, is_request: false, request_url, typed: &mut typed };
                check_body(api, names, page, response.body.as_ref(), target.map(|t| (t, &[][..])), complete, site, &mut counts, diagnostics);
            }
        }
    }
    (counts, found, typed)
}

/// `extension_b7d8e5fa6bb14ae8b1d5b1b6d7b7f2a1_courseId`: a directory extension property,
/// named after the app (its id without dashes) that registered it.
fn is_directory_extension(key: &str) -> bool {
    key.strip_prefix("extension_")
        .and_then(|rest| rest.split_once('_'))
        .is_some_and(|(app, name)| app.len() == 32 && app.bytes().all(|b| b.is_ascii_hexdigit()) && !name.is_empty())
}

/// What a request body should be: the documented body type, or the action's parameters.
fn request_target<'o>(operation: &'o Operation, method: &str) -> Option<(TypeRef, &'o [Property])> {
    if !matches!(method, "POST" | "PATCH" | "PUT") {
        return None;
    }
    match &operation.request_body {
        Some(body) => Some((body.clone(), &[])),
        None if !operation.request_parameters.is_empty() => Some((TypeRef::untyped(), &operation.request_parameters)),
        None => None,
    }
}

fn annotation_type(names: &NameIndex<'_>, written: &str, is_collection: bool) -> Option<TypeRef> {
    annotation_type_by(written, is_collection, |qualified| {
        if let Some(def) = names.types.get(qualified) {
            return Some(type_ref_of(def));
        }
        names.enums.get(qualified).map(|name| TypeRef { name: (*name).to_owned(), collection: false, kind: TypeRefKind::Enum })
    })
}

/// A reference to a type definition.
pub(crate) fn type_ref_of(def: &crate::ir::TypeDef) -> TypeRef {
    let kind = if def.kind == crate::ir::TypeKind::Entity { TypeRefKind::Entity } else { TypeRefKind::Complex };
    TypeRef { name: def.name.clone(), collection: false, kind }
}

/// The type an example's `@odata.type` annotation names: `#` and `Collection(...)` in any
/// case, a primitive, or a type or enum that `find` knows by its full name in lower case
/// (a bare name is in `microsoft.graph`). `is_collection` is the annotation's own flag.
pub(crate) fn annotation_type_by(written: &str, is_collection: bool, find: impl Fn(&str) -> Option<TypeRef>) -> Option<TypeRef> {
    let trimmed = written.trim().trim_start_matches('#');
    let (inner, collection) = match trimmed.get(..11) {
        Some(head) if head.eq_ignore_ascii_case("collection(") => (trimmed[11..].trim_end_matches(')'), true),
        _ => (trimmed, false),
    };
    let collection = collection || is_collection;
    if let Some(primitive) = crate::parse::type_expr::primitive_name(inner) {
        return Some(TypeRef { name: primitive.to_owned(), collection, kind: TypeRefKind::Primitive });
    }
    let lower = inner.to_ascii_lowercase();
    let qualified = if lower.contains('.') { lower } else { format!("microsoft.graph.{lower}") };
    find(&qualified).map(|type_ref| TypeRef { collection, ..type_ref })
}

#[allow(clippy::too_many_arguments)]
fn check_body(
    api: &Api,
    names: &NameIndex<'_>,
    page: &ParsedPage<'_>,
    body: Option<&RawBody>,
    target: Option<(TypeRef, &[Property])>,
    complete: bool,
    site: Site<'_>,
    counts: &mut ExampleCounts,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(body) = body else { return };
    if !body.text.starts_with(['{', '[']) {
        return;
    }
    counts.json_bodies += 1;
    let Some(doc) = &body.json else { return };
    counts.parsed += 1;
    let Some((type_ref, parameters)) = target else { return };
    if type_ref.kind == TypeRefKind::Untyped && parameters.is_empty() {
        return;
    }
    counts.checked += 1;
    let mut checker = Checker { api, names, page, doc, locator: None, body_offset: body.offset, diagnostics };
    if !parameters.is_empty() {
        if let Value::Object(map) = &doc.value {
            let parameters = TypeView::new(parameters.iter().collect(), false);
            checker.check_members(map, "action parameters", &parameters, &Pointer::Root(""));
        }
        return;
    }
    let value = &doc.value;
    let items: Vec<(String, &Value)> = match (type_ref.collection, value) {
        // A collection response: `{"value": [...]}`.
        (true, Value::Object(map)) => match map.get("value") {
            Some(Value::Array(items)) => items.iter().enumerate().map(|(i, item)| (format!("/value/{i}"), item)).collect(),
            _ => vec![(String::new(), value)],
        },
        (true, Value::Array(items)) => items.iter().enumerate().map(|(i, item)| (format!("/{i}"), item)).collect(),
        // OData sends a primitive or enum result as `{"@odata.context": ..., "value": true}`.
        (false, Value::Object(map))
            if matches!(type_ref.kind, TypeRefKind::Primitive | TypeRefKind::Enum)
                && map.contains_key("value")
                && map.keys().all(|key| key == "value" || key.starts_with('@')) =>
        {
            vec![("/value".to_owned(), &map["value"])]
        }
        // `{"value": {...}}` wraps a single entity on many pages (the Intune ones).
        (false, _) if let Some(entity) = single_entity_in_value(api, &type_ref, value) => {
            let message =
                format!("the response wraps one {} in `value`; the service sends the entity itself, which is what is checked", short_name(&type_ref.name));
            checker.report(Code::SingleEntityInValue, &Pointer::Root("/value"), message);
            vec![("/value".to_owned(), entity)]
        }
        // `{"value": [..]}` for an operation that returns one object: each item is checked
        // as that object. Unless the request asked for a list (`?$filter=...`), the example
        // is reported: the service would not answer the call with one (a get by key shown
        // with a list response).
        (false, Value::Object(map))
            if map.len() <= 2 && names.view(&type_ref.name).get("value").is_none() && map.get("value").is_some_and(|v| v.is_object() || v.is_array()) =>
        {
            match &map["value"] {
                Value::Array(items) if !site.request_url.is_some_and(asks_for_a_list) => {
                    let message = format!(
                        "the operation returns one {}, but this example is a collection (a `value` array); each item is checked as one",
                        short_name(&type_ref.name)
                    );
                    checker.report(Code::CollectionExampleOfSingleResponse, &Pointer::Root("/value"), message);
                    items.iter().enumerate().map(|(i, item)| (format!("/value/{i}"), item)).collect()
                }
                Value::Array(items) => items.iter().enumerate().map(|(i, item)| (format!("/value/{i}"), item)).collect(),
                inner => vec![("/value".to_owned(), inner)],
            }
        }
        _ => vec![(String::new(), value)],
    };
    let single = TypeRef { collection: false, ..type_ref };
    let body_lines = (page.lines.line(body.offset), page.lines.line(body.offset + body.text.len()));
    for (pointer, item) in items {
        checker.check_value(item, &single, &Pointer::Root(&pointer), complete);
        if matches!(single.kind, TypeRefKind::Complex | TypeRefKind::Entity | TypeRefKind::Enum) {
            site.typed.push(TypedExample {
                file: page.path.clone(),
                line: page.lines.line(site.offset),
                is_request: site.is_request,
                pointer,
                type_name: single.name.clone(),
                kind: single.kind,
                body_lines,
            });
        }
    }
}

/// Whether a request URL's query asks for a list (`?$filter=...`).
fn asks_for_a_list(url: &str) -> bool {
    crate::parse::path_template::split_request_url(url).query.is_some_and(|query| crate::routes::has_collection_query_option(&query))
}

/// The entity inside a response example of one entity that is written as a collection
/// would be, `{"value": {...}}` (beside annotations such as `@odata.context`), when the
/// type has no `value` property of its own. The checker reads such an example as the
/// entity, and so does the client's replay.
pub fn single_entity_in_value<'v>(api: &Api, type_ref: &TypeRef, body: &'v Value) -> Option<&'v Value> {
    let Value::Object(map) = body else { return None };
    let is_structured = matches!(type_ref.kind, TypeRefKind::Complex | TypeRefKind::Entity);
    if type_ref.collection || !is_structured || !map.keys().all(|key| key == "value" || key.starts_with('@')) {
        return None;
    }
    let entity = map.get("value").filter(|value| value.is_object())?;
    crate::resolve::declaring_type(api, &type_ref.name, "value").is_none().then_some(entity)
}

/// Whether a response example of one object is a list, `{"value": [...]}`, when the type
/// has no `value` property of its own (`changeNotificationCollection` has): what the
/// client's replay must not take as that one object.
pub fn list_for_single_object(api: &Api, type_ref: &TypeRef, body: &Value) -> bool {
    !type_ref.collection && body.get("value").is_some_and(Value::is_array) && crate::resolve::declaring_type(api, &type_ref.name, "value").is_none()
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<'a> Checker<'a, '_> {
    fn report(&mut self, code: Code, pointer: &Pointer<'_>, message: String) {
        let locator = self.locator.get_or_insert_with(|| self.doc.locator());
        let offset = self.body_offset + locator.position(&pointer.render());
        let (line, column) = self.page.lines.line_col(self.page.text, offset);
        self.diagnostics.push(Diagnostic::new(code, &self.page.path, line, column, message));
    }

    fn check_value(&mut self, value: &Value, type_ref: &TypeRef, pointer: &Pointer<'_>, complete: bool) {
        if value.is_null() || type_ref.kind == TypeRefKind::Untyped {
            return;
        }
        if type_ref.collection {
            match value {
                Value::Array(items) => {
                    let single = TypeRef { collection: false, ..type_ref.clone() };
                    for (index, item) in items.iter().enumerate() {
                        self.check_value(item, &single, &Pointer::Index(pointer, index), false);
                    }
                }
                other => self.report(
                    Code::WrongJsonType,
                    pointer,
                    format!("`{}` should be an array of {}, found {}", display_pointer(&pointer.render()), type_ref.name, json_kind(other)),
                ),
            }
            return;
        }
        match type_ref.kind {
            TypeRefKind::Primitive => self.check_primitive(value, &type_ref.name, pointer),
            TypeRefKind::Enum => self.check_enum(value, &type_ref.name, pointer),
            TypeRefKind::Complex | TypeRefKind::Entity => match value {
                Value::Object(map) => {
                    let names = self.names;
                    // An object that names a type no page defines (one newer than the docs'
                    // pages, or one whose page is missing) is that type's, not the declared
                    // one's: its members are not checked against the declared type.
                    let known = self.concrete_type(map);
                    if let Some(written) = map.get("@odata.type").and_then(Value::as_str)
                        && known.is_none()
                        && !written.trim_start_matches('#').eq_ignore_ascii_case(&type_ref.name)
                    {
                        let message =
                            format!("`@odata.type` `{written}` at `{}` names no known type; its members are not checked", display_pointer(&pointer.render()));
                        return self.report(Code::UnknownExampleType, pointer, message);
                    }
                    let concrete = known.map_or(type_ref.name.as_str(), |def| def.name.as_str());
                    self.check_members(map, concrete, names.view(concrete), pointer);
                    if complete {
                        self.check_required(map, concrete, pointer);
                    }
                }
                other => self.report(
                    Code::WrongJsonType,
                    pointer,
                    format!("`{}` should be an object ({}), found {}", display_pointer(&pointer.render()), type_ref.name, json_kind(other)),
                ),
            },
            TypeRefKind::Untyped => {}
        }
    }

    /// `@odata.type` in the data names the concrete (derived) type when it is known.
    fn concrete_type(&self, map: &Map<String, Value>) -> Option<&'a crate::ir::TypeDef> {
        let written = map.get("@odata.type").and_then(Value::as_str)?;
        self.names.types.get(&written.trim_start_matches('#').to_ascii_lowercase()).copied()
    }

    fn check_members(&mut self, map: &Map<String, Value>, type_name: &str, view: &TypeView<'_>, pointer: &Pointer<'_>) {
        for (key, value) in map {
            // Instance annotations (`@odata.type`, `members@odata.bind`) are not properties,
            // and directory extensions (`extension_<app id>_<name>`) are an app's own, which
            // no page can list.
            if key.contains('@') || is_directory_extension(key) {
                continue;
            }
            let child = Pointer::Member(pointer, key);
            match view.get(key) {
                Some(property) => self.check_value(value, &property.type_ref, &child, false),
                None if view.open => {}
                None => {
                    let hint =
                        view.properties.iter().find(|p| p.name.eq_ignore_ascii_case(key)).map(|p| format!(" (did you mean `{}`?)", p.name)).unwrap_or_default();
                    self.report(Code::UnknownPropertyInExample, &child, format!("`{key}` is not a property of {type_name}{hint}"));
                }
            }
        }
    }

    fn check_required(&mut self, map: &Map<String, Value>, type_name: &str, pointer: &Pointer<'_>) {
        let Some(def) = self.api.types.get(type_name) else { return };
        let missing: Vec<&String> = def.json_properties.iter().filter(|name| !map.contains_key(*name) && !def.optional_properties.contains(*name)).collect();
        if !missing.is_empty() {
            let list = missing.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ");
            self.report(
                Code::MissingRequiredProperty,
                pointer,
                format!("complete response omits {list} of {type_name} (mark the example truncated or list them in optionalProperties)"),
            );
        }
    }

    fn check_enum(&mut self, value: &Value, enum_name: &str, pointer: &Pointer<'_>) {
        let Some(text) = value.as_str() else {
            return self.report(
                Code::WrongJsonType,
                pointer,
                format!("`{}` should be a string ({enum_name}), found {}", display_pointer(&pointer.render()), json_kind(value)),
            );
        };
        let Some(def) = self.api.enums.get(enum_name) else { return };
        // Flag enums are written as comma-separated members.
        for member in text.split(',').map(str::trim) {
            if !def.members.iter().any(|m| m.name == member) {
                let known = def.members.iter().map(|m| m.name.as_str()).collect::<Vec<_>>().join(", ");
                self.report(Code::InvalidEnumValue, pointer, format!("`{member}` is not a member of {enum_name} ({known})"));
            }
        }
    }

    fn check_primitive(&mut self, value: &Value, name: &str, pointer: &Pointer<'_>) {
        let expected = match name {
            "Edm.Boolean" => value.is_boolean().then_some(()).ok_or("a boolean"),
            "Edm.Int16" | "Edm.Int32" | "Edm.Int64" | "Edm.Byte" | "Edm.SByte" => (value.is_i64() || value.is_u64()).then_some(()).ok_or("an integer"),
            "Edm.Single" | "Edm.Double" | "Edm.Decimal" => {
                (value.is_number() || matches!(value.as_str(), Some("NaN" | "INF" | "-INF"))).then_some(()).ok_or("a number")
            }
            "Edm.Stream" | "microsoft.graph.Json" | "Edm.Untyped" => Ok(()),
            _ => value.is_string().then_some(()).ok_or("a string"),
        };
        if let Err(expected) = expected {
            return self.report(
                Code::WrongJsonType,
                pointer,
                format!("`{}` should be {expected} ({name}), found {}", display_pointer(&pointer.render()), json_kind(value)),
            );
        }
        let Some(text) = value.as_str() else { return };
        let valid = match name {
            "Edm.DateTimeOffset" => crate::temporal::is_date_time_offset(text),
            "Edm.Date" => crate::temporal::is_date(text),
            "Edm.TimeOfDay" => crate::temporal::is_time_of_day(text),
            "Edm.Duration" => crate::temporal::is_duration(text),
            _ => true,
        };
        if !valid {
            self.report(Code::InvalidDateTime, pointer, format!("`{text}` is not a valid {name}"));
        }
        if name == "Edm.Guid" && !crate::temporal::is_guid(text) {
            self.report(Code::InvalidGuid, pointer, format!("`{text}` is not a GUID"));
        }
        if name == "Edm.Binary" && !crate::temporal::is_base64(text) {
            self.report(Code::InvalidBase64, pointer, format!("`{}` is not padded standard base64", text.chars().take(40).collect::<String>()));
        }
    }
}

fn display_pointer(pointer: &str) -> String {
    let trimmed = pointer.trim_start_matches('/');
    if trimmed.is_empty() { "(body)".to_owned() } else { trimmed.replace('/', ".") }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_error_body_annotated_odata_error_is_no_unknown_type() {
        // As in the newer `educationassignment-setupresourcesfolder.md`.
        let page = |annotation: &str| {
            format!(
                "---\ntitle: x\n---\n# x\n\n## HTTP request\n\n```http\nPOST /x/setUp\n```\n\n## Example\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"x\" }} -->\n```http\nPOST https://graph.microsoft.com/v1.0/x/setUp\n```\n\n<!-- {{ \"blockType\": \"response\", \"@odata.type\": \"{annotation}\" }} -->\n```http\nHTTP/1.1 400 Bad request\nContent-type: application/json\n\n{{\"error\": {{\"code\": \"badRequest\", \"message\": \"x\"}}}}\n```\n"
            )
        };
        let unknown = |annotation: &str| {
            let text = page(annotation);
            crate::load(&[crate::SpecFile { path: "api/x.md".into(), text }]).diagnostics.iter().filter(|d| d.code == crate::Code::UnknownExampleType).count()
        };
        assert_eq!(unknown("odata.error"), 0);
        assert_eq!(unknown("microsoft.graph.notAType"), 1);
    }

    #[test]
    fn directory_extension_names_are_told_from_other_members() {
        assert!(super::is_directory_extension("extension_b7d8e5fa6bb14ae8b1d5b1b6d7b7f2a1_courseId"));
        assert!(!super::is_directory_extension("extension_courseId"));
        assert!(!super::is_directory_extension("extensionName"));
        assert!(!super::is_directory_extension("extension_b7d8e5fa-6bb1-4ae8-b1d5-b1b6d7b7f2a1_courseId"));
        assert!(!super::is_directory_extension("extension_b7d8e5fa6bb14ae8b1d5b1b6d7b7f2a1_"));
    }
}
