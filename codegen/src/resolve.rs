//! Resolve phase: all parsed pages → one [`Api`]. Links and names resolve across pages
//! (case-insensitively, as on the live site); what cannot be resolved degrades to
//! untyped JSON with a diagnostic, and duplicates are settled by path order.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::*;
use crate::parse::path_template::{argument_is_quoted, kebab_case};
use crate::parse::type_expr::{TypeExpr, TypeTarget, primitive_name};
use crate::parse::{ApiPage, PageBody, ParsedPage, RawBody, RawEnum, RawProperty, RawType, ResourcePage, links_page_named_by, prose_enum_name};

/// The workload of pages whose `ms.prod` is empty or missing.
pub const FALLBACK_WORKLOAD: &str = "non-product-specific";

/// Normalises an `ms.prod` value into a workload id (and cargo feature name): its
/// words, lower-cased and joined by `-`. A value that is not a product name
/// ([`is_product_name`](crate::parse::is_product_name)) goes to the fallback.
pub fn workload_id(spelling: Option<&str>) -> String {
    let spelling = spelling.unwrap_or_default();
    if !crate::parse::is_product_name(spelling) {
        return FALLBACK_WORKLOAD.to_owned();
    }
    let words: Vec<String> = spelling.split(|c: char| !c.is_ascii_alphanumeric()).filter(|word| !word.is_empty()).map(str::to_ascii_lowercase).collect();
    match words.join("-").as_str() {
        // Universal Print is the product formerly documented as cloud printing.
        "universal-print" => "cloud-printing".to_owned(),
        id if RESERVED_WORKLOAD_IDS.contains(&id) => format!("{id}-workload"),
        id => id.to_owned(),
    }
}

/// Cargo features and module names the generated crates define for themselves: a
/// workload spelled so (`ms.prod: registry`) is renamed rather than declared twice.
const RESERVED_WORKLOAD_IDS: &[&str] = &["default", "full", "registry", "round-trip", "schemars"];

/// Where a name came from, for lookups that prefer the page's own namespace.
///
/// `Clone` only because [`Resolver`] holds it in a `Cow`; the main resolver owns it, so
/// it is never copied.
#[derive(Clone)]
struct Names {
    /// Lower-cased full name → full name, for types and enums.
    types: BTreeMap<String, String>,
    enums: BTreeMap<String, String>,
    /// Lower-cased short name → full names (sorted).
    type_short: BTreeMap<String, BTreeSet<String>>,
    enum_short: BTreeMap<String, BTreeSet<String>>,
    /// Lower-cased resource page stem → the page's main type or enum.
    page_target: BTreeMap<String, (String, TypeRefKind)>,
    entity_types: BTreeSet<String>,
    /// Lower-cased last segment of each namespace below `microsoft.graph` → the namespace:
    /// `security` → `microsoft.graph.security`, the prefix of its pages' file names.
    sub_namespaces: BTreeMap<String, String>,
}

pub(crate) fn short_name(full: &str) -> &str {
    full.rsplit('.').next().unwrap_or(full)
}

/// The full OData name of a name as a page writes it: a bare name is in the page's
/// namespace; one qualified by a namespace below `microsoft.graph` only
/// (`identityGovernance.workflowTrigger`, `graph.identitySet`) is completed.
fn qualify(name: &str, namespace: &str) -> String {
    let name = name.trim().trim_start_matches('#');
    let lower = name.to_ascii_lowercase();
    if !name.contains('.') {
        format!("{namespace}.{name}")
    } else if lower.starts_with("microsoft.") {
        name.to_owned()
    } else if lower.starts_with("graph.") {
        format!("microsoft.{name}")
    } else {
        format!("microsoft.graph.{name}")
    }
}

pub use crate::parse::page_stem;

impl Names {
    fn pick(candidates: Option<&BTreeSet<String>>, namespace: &str) -> Option<String> {
        let candidates = candidates?;
        let in_namespace = candidates.iter().find(|full| full.rsplit_once('.').is_some_and(|(ns, _)| ns.eq_ignore_ascii_case(namespace)));
        let in_graph = candidates.iter().find(|full| full.rsplit_once('.').is_some_and(|(ns, _)| ns == "microsoft.graph"));
        in_namespace.or(in_graph).or_else(|| candidates.iter().next()).cloned()
    }

    fn kind_of_type(&self, full: &str) -> TypeRefKind {
        if self.entity_types.contains(full) { TypeRefKind::Entity } else { TypeRefKind::Complex }
    }

    /// A bare or qualified name → a type or enum.
    fn lookup_name(&self, name: &str, namespace: &str) -> Option<(String, TypeRefKind)> {
        let name = name.trim().trim_start_matches('#');
        let lower = name.to_ascii_lowercase();
        if name.contains('.') {
            let qualified = qualify(name, namespace).to_ascii_lowercase();
            if let Some(full) = self.types.get(&lower).or_else(|| self.types.get(&qualified)) {
                return Some((full.clone(), self.kind_of_type(full)));
            }
            if let Some(full) = self.enums.get(&lower).or_else(|| self.enums.get(&qualified)) {
                return Some((full.clone(), TypeRefKind::Enum));
            }
            // `graph.x` or an unknown namespace: fall back to the last segment.
            return self.lookup_name(short_name(name), namespace).filter(|_| !lower.starts_with("microsoft.graph.") || lower.matches('.').count() == 2);
        }
        if let Some(full) = Self::pick(self.type_short.get(&lower), namespace) {
            return Some((full.clone(), self.kind_of_type(&full)));
        }
        Self::pick(self.enum_short.get(&lower), namespace).map(|full| (full, TypeRefKind::Enum))
    }

    /// A link from a type column: `x.md`, `../resources/x.md#anchor`, `#x-values`, `enums.md#x-values`.
    fn lookup_link(&self, dest: &str, text: &str, namespace: &str) -> Option<(String, TypeRefKind)> {
        let anchor = dest.split_once('#').map(|(_, anchor)| anchor.to_ascii_lowercase());
        if let Some(enum_name) = anchor.as_deref().and_then(|a| a.strip_suffix("-values")) {
            let stripped = enum_name.replace('-', "");
            if let Some(full) = Self::pick(self.enum_short.get(&stripped), namespace) {
                return Some((full, TypeRefKind::Enum));
            }
        }
        // A link to a page not named after its text
        // (`[identityGovernance.lifecycleWorkflowCategory](identitygovernance-workflow.md)`)
        // points at the type that uses the enum the text names.
        if !links_page_named_by(dest, text)
            && let Some(found @ (_, TypeRefKind::Enum)) = self.lookup_name(text, namespace)
        {
            return Some(found);
        }
        let stem = page_stem(dest);
        if !stem.is_empty()
            && stem != "enums"
            && let Some((name, kind)) = self.page_target.get(&stem)
        {
            let kind = if *kind == TypeRefKind::Enum { TypeRefKind::Enum } else { self.kind_of_type(name) };
            return Some((name.clone(), kind));
        }
        // A link to a page that is not there is read by its text; `security-alert.md`
        // names a type of `microsoft.graph.security`, which `alert` alone must not find
        // in another namespace.
        if let Some(sub_namespace) = stem.split_once('-').and_then(|(prefix, _)| self.sub_namespaces.get(prefix)) {
            return self.lookup_name(&format!("{sub_namespace}.{}", text.trim()), namespace);
        }
        self.lookup_name(text, namespace)
    }
}

/// Resolves a docs type name such as `microsoft.graph.user`, `Collection(microsoft.graph.x)` or `String`.
fn resolve_annotation_type(text: &str, names: &Names, namespace: &str) -> Option<TypeRef> {
    let trimmed = text.trim();
    let (inner, collection) = match trimmed.to_ascii_lowercase().strip_prefix("collection(") {
        Some(_) => (trimmed["collection(".len()..].trim_end_matches(')'), true),
        None => (trimmed, false),
    };
    if let Some(primitive) = primitive_name(inner) {
        return Some(TypeRef { name: primitive.to_owned(), collection, kind: TypeRefKind::Primitive });
    }
    names.lookup_name(inner, namespace).map(|(name, kind)| TypeRef { name, collection, kind })
}

struct Resolver<'p, 'a> {
    pages: &'p [ParsedPage<'a>],
    /// Owned by the main resolver; borrowed by the workers that build types and operations
    /// on all cores once the names are settled.
    names: Cow<'p, Names>,
    diagnostics: Vec<Diagnostic>,
}

impl<'p, 'a> Resolver<'p, 'a> {
    /// A resolver for one worker: the same pages and names, its own diagnostics.
    fn worker(&self) -> Resolver<'_, 'a> {
        Resolver { pages: self.pages, names: Cow::Borrowed(&*self.names), diagnostics: Vec::new() }
    }

    fn report(&mut self, code: Code, page: &ParsedPage<'_>, offset: usize, message: impl Into<String>) {
        let (line, column) = page.lines.line_col(page.text, offset);
        self.diagnostics.push(Diagnostic::new(code, &page.path, line, column, message));
    }

    fn resolve_type_expr(&mut self, page: &ParsedPage<'_>, property: &RawProperty) -> TypeRef {
        let TypeExpr { target, collection } = &property.type_expr;
        let collection = *collection;
        let found = match target {
            TypeTarget::Primitive(name) => return TypeRef { name: (*name).to_owned(), collection, kind: TypeRefKind::Primitive },
            TypeTarget::Link { dest, text } => self.names.lookup_link(dest, text, &page.namespace),
            TypeTarget::Name(name) => self.names.lookup_name(name, &page.namespace),
            TypeTarget::Unreadable(_) => None,
        };
        match found {
            Some((name, kind)) => TypeRef { name, collection, kind },
            None => {
                self.report(
                    Code::UnknownType,
                    page,
                    property.offset,
                    format!("type `{}` of property `{}` names no known type; it becomes untyped JSON", property.type_text.trim(), property.name),
                );
                TypeRef { collection, ..TypeRef::untyped() }
            }
        }
    }

    fn resolve_property(&mut self, page: &ParsedPage<'_>, raw: &RawProperty) -> Property {
        let mut type_ref = self.resolve_type_expr(page, raw);
        let mut documented_values = Vec::new();
        if type_ref.kind == TypeRefKind::Primitive && !raw.prose_values.is_empty() {
            documented_values = raw.prose_values.clone();
        }
        if type_ref.kind == TypeRefKind::Untyped && matches!(raw.type_expr.target, TypeTarget::Unreadable(_)) && !raw.prose_values.is_empty() {
            // Free text with listed values ("String. Possible values are ...") is a string.
            type_ref = TypeRef { name: "Edm.String".into(), collection: type_ref.collection, kind: TypeRefKind::Primitive };
            documented_values = raw.prose_values.clone();
        }
        Property {
            name: raw.name.clone(),
            type_ref,
            description: raw.description.clone(),
            is_read_only: raw.is_read_only,
            is_navigation: raw.is_navigation,
            is_deprecated: raw.is_deprecated,
            documented_values,
            source: page.source(raw.offset),
        }
    }
}

pub struct Resolved {
    pub api: Api,
    pub diagnostics: Vec<Diagnostic>,
    pub example_counts: crate::check::ExampleCounts,
    pub typed_examples: Vec<crate::check::TypedExample>,
}

/// Builds the API from parsed pages, which must be sorted by path.
///
/// Each operation's paths and examples are moved out of its page rather than copied (the
/// examples hold most of the corpus's JSON), so those parts of the pages are left empty.
pub fn resolve(pages: &mut [ParsedPage<'_>]) -> Resolved {
    let relative_paths = complete_relative_templates(pages);
    let mut resolver = Resolver { pages, names: Cow::Owned(collect_names(pages)), diagnostics: relative_paths };
    let mut api = Api::default();
    collect_enums(&mut resolver, &mut api);
    collect_types(&mut resolver, &mut api);
    let key_parameters = collect_operations(&mut resolver, &mut api);
    collections_from_keyed_paths(&mut resolver, &mut api);
    collection_responses_of_keyed_paths(&mut resolver, &mut api);
    let (example_counts, typed_examples) = crate::check::check_examples(&api, &mut resolver.diagnostics, pages);
    let mut diagnostics = resolver.diagnostics;
    // Checking reads the examples from the pages, so they move into the IR only now, and
    // their URLs are matched with the paths after.
    move_paths_and_examples(&mut api, pages, &key_parameters);
    diagnostics.extend(crate::routes::unmatched_example_urls(&api));
    type_keys_by_entity(&mut api);
    collect_workloads(&mut api);
    record_spellings(&mut api, pages);
    Resolved { api, diagnostics, example_counts, typed_examples }
}

/// Completes the templates some pages write relative to what they act on
/// ([`crate::parse::complete_relative_templates`]), which takes the roots every
/// page's examples call.
fn complete_relative_templates(pages: &mut [ParsedPage<'_>]) -> Vec<Diagnostic> {
    let called_roots: BTreeSet<SegmentKey> = pages
        .iter()
        .filter_map(|page| match &page.body {
            PageBody::Api(api) => Some(crate::parse::example_roots(api)),
            PageBody::Resource(_) => None,
        })
        .flatten()
        .collect();
    let mut diagnostics = Vec::new();
    for page in pages.iter_mut() {
        let ParsedPage { path, text, lines, body: PageBody::Api(api), .. } = page else { continue };
        let mut reporter = crate::parse::Reporter { path, text, lines, diagnostics: Vec::new() };
        crate::parse::complete_relative_templates(api, &called_roots, &mut reporter);
        diagnostics.extend(reporter.diagnostics);
    }
    diagnostics
}

fn resource_pages<'p, 'a>(pages: &'p [ParsedPage<'a>]) -> impl Iterator<Item = (&'p ParsedPage<'a>, &'p ResourcePage)> {
    pages.iter().filter_map(|page| match &page.body {
        PageBody::Resource(resource) => Some((page, resource)),
        PageBody::Api(_) => None,
    })
}

/// The pages that define enums, with their `### x values` sections and the properties or
/// parameters they table (whose "Possible values are" prose may define one): resource
/// pages first, whose definitions win over those API pages make for their parameters.
fn enum_defining_pages<'p, 'a>(pages: &'p [ParsedPage<'a>]) -> impl Iterator<Item = (&'p ParsedPage<'a>, &'p [RawEnum], Vec<&'p RawProperty>)> {
    let resources =
        resource_pages(pages).map(|(page, resource)| (page, resource.enums.as_slice(), resource.types.iter().flat_map(|t| &t.properties).collect()));
    let api_pages = pages.iter().filter_map(|page| match &page.body {
        PageBody::Api(api) => Some((page, api.enums.as_slice(), api.parameters().collect())),
        PageBody::Resource(_) => None,
    });
    resources.chain(api_pages)
}

fn collect_names(pages: &[ParsedPage<'_>]) -> Names {
    let mut names = Names {
        types: BTreeMap::new(),
        enums: BTreeMap::new(),
        type_short: BTreeMap::new(),
        enum_short: BTreeMap::new(),
        page_target: BTreeMap::new(),
        entity_types: BTreeSet::new(),
        sub_namespaces: BTreeMap::new(),
    };
    for (page, resource) in resource_pages(pages) {
        for raw in &resource.types {
            let full = qualify(&raw.name, &page.namespace);
            names.types.entry(full.to_ascii_lowercase()).or_insert_with(|| full.clone());
        }
    }
    for (page, enums, properties) in enum_defining_pages(pages) {
        for raw in enums {
            let full = qualify(&raw.name, &page.namespace);
            names.enums.entry(full.to_ascii_lowercase()).or_insert_with(|| full.clone());
        }
        // Prose enums: a property whose type names an enum that is defined nowhere else.
        for raw in properties {
            if raw.prose_values.is_empty() {
                continue;
            }
            if let Some(name) = prose_enum_name(&raw.type_expr) {
                let full = qualify(&name, &page.namespace);
                names.enums.entry(full.to_ascii_lowercase()).or_insert(full);
            }
        }
    }
    for full in names.types.values() {
        names.type_short.entry(short_name(full).to_ascii_lowercase()).or_default().insert(full.clone());
        if let Some((namespace, _)) = full.rsplit_once('.')
            && namespace.len() > "microsoft.graph".len()
            && namespace.starts_with("microsoft.graph.")
        {
            names.sub_namespaces.entry(short_name(namespace).to_ascii_lowercase()).or_insert_with(|| namespace.to_owned());
        }
    }
    for full in names.enums.values() {
        names.enum_short.entry(short_name(full).to_ascii_lowercase()).or_default().insert(full.clone());
    }
    for (page, resource) in resource_pages(pages) {
        let stem = page_stem(&page.path);
        let target = match (resource.types.first(), resource.enums.first()) {
            (Some(main), _) => Some((qualify(&main.name, &page.namespace), TypeRefKind::Complex)),
            (None, Some(main)) if resource.enums.len() == 1 => Some((qualify(&main.name, &page.namespace), TypeRefKind::Enum)),
            _ => None,
        };
        if let Some((full, kind)) = target {
            let full = names.types.get(&full.to_ascii_lowercase()).or_else(|| names.enums.get(&full.to_ascii_lowercase())).cloned().unwrap_or(full);
            names.page_target.entry(stem).or_insert((full, kind));
        }
    }
    names
}

fn origin_rank(origin: EnumOrigin) -> u8 {
    match origin {
        EnumOrigin::EnumPage => 0,
        EnumOrigin::ValuesSection => 1,
        EnumOrigin::Prose => 2,
    }
}

fn collect_enums(resolver: &mut Resolver<'_, '_>, api: &mut Api) {
    let pages = resolver.pages;
    let mut candidates: Vec<(u8, usize, EnumDef, usize)> = Vec::new();
    let defining_pages: Vec<_> = enum_defining_pages(pages).collect();
    for (index, (page, enums, properties)) in defining_pages.iter().enumerate() {
        let workload = workload_id(page.workload_spelling());
        for raw in *enums {
            let def = EnumDef {
                name: qualify(&raw.name, &page.namespace),
                workload: workload.clone(),
                members: raw.members.clone(),
                origin: raw.origin,
                doc_page: page.path.clone(),
                source: page.source(raw.offset),
            };
            candidates.push((origin_rank(raw.origin), index, def, raw.offset));
        }
        for raw in properties {
            if raw.prose_values.is_empty() {
                continue;
            }
            let Some(name) = prose_enum_name(&raw.type_expr) else { continue };
            let members = raw.prose_values.iter().map(|value| EnumMember { name: value.clone(), value: None, description: String::new() }).collect();
            let def = EnumDef {
                name: qualify(&name, &page.namespace),
                workload: workload.clone(),
                members,
                origin: EnumOrigin::Prose,
                doc_page: page.path.clone(),
                source: page.source(raw.offset),
            };
            candidates.push((origin_rank(EnumOrigin::Prose), index, def, raw.offset));
        }
    }
    candidates.sort_by(|a, b| (a.0, a.1, &a.2.source).cmp(&(b.0, b.1, &b.2.source)));
    let page_list: Vec<&ParsedPage<'_>> = defining_pages.iter().map(|(page, _, _)| *page).collect();
    for (_, page_index, mut def, offset) in candidates {
        let key = resolver.names.enums.get(&def.name.to_ascii_lowercase()).cloned().unwrap_or_else(|| def.name.clone());
        // `null` in a member table ("Default value, no ageGroup has been set") is JSON's
        // null, which an unset field already is; as a member it would be sent as the text
        // `"null"`.
        if def.members.iter().any(|m| m.name.eq_ignore_ascii_case("null")) {
            def.members.retain(|m| !m.name.eq_ignore_ascii_case("null"));
            let message =
                format!("enum `{}` lists `null`, which is JSON's null (the property not set) rather than a member; it is left out", short_name(&def.name));
            resolver.report(Code::NullEnumMember, page_list[page_index], offset, message);
        }
        if def.members.is_empty() {
            resolver.report(Code::EmptyEnum, page_list[page_index], offset, format!("enum `{}` lists no members", short_name(&def.name)));
        }
        match api.enums.get_mut(&key) {
            Some(existing) => {
                // A member documented anywhere is a member: definitions are merged, the
                // first one's order, spelling and descriptions first. A member spelled in
                // other case (`None` in prose for `none` in `enums.md`) is the same member:
                // the service sends one spelling, and two variants would be junk API.
                let same = |a: &EnumMember, b: &EnumMember| a.name.eq_ignore_ascii_case(&b.name);
                let added: Vec<EnumMember> = def.members.iter().filter(|m| !existing.members.iter().any(|e| same(e, m))).cloned().collect();
                let respelled: Vec<String> =
                    def.members.iter().filter(|m| existing.members.iter().any(|e| same(e, m) && e.name != m.name)).map(|m| format!("`{}`", m.name)).collect();
                if !respelled.is_empty() {
                    let message = format!(
                        "enum `{}` is spelled {} here, in other case than its first definition in {} (line {}), whose spelling is kept",
                        short_name(&key),
                        respelled.join(", "),
                        existing.source.file,
                        existing.source.line
                    );
                    resolver.report(Code::DuplicateEnum, page_list[page_index], offset, message);
                }
                if !added.is_empty() {
                    let names = added.iter().map(|m| format!("`{}`", m.name)).collect::<Vec<_>>().join(", ");
                    let message = format!(
                        "enum `{}` is also defined in {} (line {}), which lacks {names}; the members are merged",
                        short_name(&key),
                        existing.source.file,
                        existing.source.line
                    );
                    existing.members.extend(added);
                    resolver.report(Code::DuplicateEnum, page_list[page_index], offset, message);
                }
            }
            None => {
                let mut def = EnumDef { name: key.clone(), ..def };
                let mut seen = BTreeSet::new();
                let before = def.members.len();
                def.members.retain(|member| seen.insert(member.name.to_ascii_lowercase()));
                if def.members.len() < before {
                    let message = format!("enum `{}` lists {} member(s) twice; the first row wins", short_name(&key), before - def.members.len());
                    resolver.report(Code::DuplicateEnumMember, page_list[page_index], offset, message);
                }
                api.enums.insert(key, def);
            }
        }
    }
}

/// Every page that defines one type, the preferred one first.
struct TypeDefinitions<'p, 'a> {
    pages: Vec<(&'p ParsedPage<'a>, &'p ResourcePage, &'p crate::parse::RawType)>,
}

fn group_type_definitions<'p, 'a>(resolver: &Resolver<'p, 'a>) -> BTreeMap<String, TypeDefinitions<'p, 'a>> {
    let mut groups: BTreeMap<String, TypeDefinitions<'p, 'a>> = BTreeMap::new();
    for (page, resource) in resource_pages(resolver.pages) {
        for raw in &resource.types {
            let qualified = qualify(&raw.name, &page.namespace);
            let full = resolver.names.types.get(&qualified.to_ascii_lowercase()).cloned().unwrap_or(qualified);
            groups.entry(full).or_insert_with(|| TypeDefinitions { pages: Vec::new() }).pages.push((page, resource, raw));
        }
    }
    // The page named after the type is the definition; others (Intune splits `user` and
    // `deviceManagement` over many pages) contribute the properties it lacks.
    for (full, group) in groups.iter_mut() {
        let short = short_name(full).to_ascii_lowercase();
        group.pages.sort_by_key(|(page, _, raw)| (page_stem(&page.path) != short, page.path.clone(), raw.offset));
    }
    groups
}

/// Whether `start` or a type it derives from has its own evidence of being an entity.
fn chain_has_entity(start: &str, bases: &BTreeMap<String, Option<String>>, direct_entities: &BTreeSet<String>) -> bool {
    ancestors(start, bases).iter().any(|name| direct_entities.contains(name))
}

/// The base chain of a type, itself first.
fn ancestors(start: &str, bases: &BTreeMap<String, Option<String>>) -> Vec<String> {
    let mut chain = vec![start.to_owned()];
    // `break_cycles` has run; the bound only guards against a chain longer than any real one.
    while let Some(Some(base)) = bases.get(chain.last().map(String::as_str).unwrap_or_default()).filter(|_| chain.len() < 64) {
        chain.push(base.clone());
    }
    chain
}

/// A cell that offers a choice ("[appHostedMediaConfig](…) or [serviceHostedMediaConfig](…)")
/// means a value of either type: the property's type is their nearest common base
/// (`mediaConfig`), which decodes to whichever one the service sends. With no common base
/// but the root `entity`, the first type written stays.
/// A type cell whose link text and link target name different types
/// (`[invitationParticipantInfo](participantinfo.md)`) is settled by the JSON
/// representation: when its sample's `@odata.type` is the text's type, the text wins.
/// Otherwise the target does, as on the live site, where the link is what readers follow.
fn link_text_named_by_json(resolver: &Resolver<'_, '_>, page: &ParsedPage<'_>, raw_type: &RawType, raw: &RawProperty, type_ref: &mut TypeRef) {
    let TypeTarget::Link { text, .. } = &raw.type_expr.target else { return };
    let Some((by_text, kind)) = resolver.names.lookup_name(text, &page.namespace) else { return };
    if by_text == type_ref.name || kind == TypeRefKind::Enum {
        return;
    }
    let Some(serde_json::Value::Object(members)) = raw_type.json.as_ref().map(|doc| &doc.value) else { return };
    let sample = match members.get(&raw.name) {
        Some(serde_json::Value::Array(items)) => items.first(),
        other => other,
    };
    let Some(written) = sample.and_then(|value| value.get("@odata.type")).and_then(|value| value.as_str()) else { return };
    let written = written.trim_start_matches('#');
    let written = written.strip_prefix("Collection(").and_then(|inner| inner.strip_suffix(')')).unwrap_or(written);
    if written.eq_ignore_ascii_case(&by_text) {
        type_ref.name = by_text;
        type_ref.kind = kind;
    }
}

fn common_base_of_alternatives(
    resolver: &Resolver<'_, '_>,
    page: &ParsedPage<'_>,
    raw: &RawProperty,
    bases: &BTreeMap<String, Option<String>>,
    type_ref: &mut TypeRef,
) {
    if raw.alternatives.is_empty() || !matches!(type_ref.kind, TypeRefKind::Complex | TypeRefKind::Entity) {
        return;
    }
    let mut others = Vec::new();
    for link in &raw.alternatives {
        let Some((other, _)) = resolver.names.lookup_link(&link.dest, &link.text, &page.namespace).filter(|(_, kind)| *kind != TypeRefKind::Enum) else {
            return;
        };
        others.push(other);
    }
    if let Some(common) = nearest_common_base(&type_ref.name, &others, bases) {
        type_ref.kind = resolver.names.kind_of_type(&common);
        type_ref.name = common;
    }
}

/// The nearest type that `first` and every one of `others` is or derives from, unless
/// that is only the root `entity`, which says nothing of what the value is.
fn nearest_common_base(first: &str, others: &[String], bases: &BTreeMap<String, Option<String>>) -> Option<String> {
    let mut shared = ancestors(first, bases);
    for other in others {
        let theirs = ancestors(other, bases);
        shared.retain(|name| theirs.contains(name));
    }
    shared.into_iter().next().filter(|common| common != ENTITY_TYPE)
}

/// The types that some page reads, updates or deletes by key (`GET /teams/{id}/schedule/
/// openShifts/{openShiftId}` returning an openShift): only an entity has a key, so this
/// is evidence for pages that show no `id` of their own.
fn keyed_response_types(resolver: &Resolver<'_, '_>) -> BTreeSet<String> {
    let mut keyed = BTreeSet::new();
    for page in resolver.pages {
        let PageBody::Api(raw) = &page.body else { continue };
        let by_key = raw.paths.iter().any(|path| {
            matches!(path.method.as_str(), "GET" | "PATCH" | "DELETE") && matches!(path.parsed.segments.last(), Some(PathSegment::Parameter { .. }))
        });
        if !by_key {
            continue;
        }
        let single = documented_response_type(&resolver.names, page, raw).filter(|t| !t.collection);
        keyed.extend(single.map(|t| t.name).filter(|name| resolver.names.types.contains_key(&name.to_ascii_lowercase())));
    }
    keyed
}

/// The complex and entity types that properties of other types have: those of
/// relationships tables when `navigation`, else those of properties tables. In OData a
/// navigation property always targets an entity, so the first are entity evidence for
/// pages that show no other sign of one (`appRoleAssignment`, `agreementFileVersion`,
/// `itemAnalytics`).
fn property_types(resolver: &Resolver<'_, '_>, navigation: bool) -> BTreeSet<String> {
    let mut targets = BTreeSet::new();
    for (page, resource) in resource_pages(resolver.pages) {
        for raw in resource.types.iter().flat_map(|t| &t.properties).filter(|p| p.is_navigation == navigation && !p.from_json) {
            let found = match &raw.type_expr.target {
                TypeTarget::Link { dest, text } => resolver.names.lookup_link(dest, text, &page.namespace),
                TypeTarget::Name(name) => resolver.names.lookup_name(name, &page.namespace),
                TypeTarget::Primitive(_) | TypeTarget::Unreadable(_) => None,
            };
            targets.extend(found.filter(|(_, kind)| *kind != TypeRefKind::Enum).map(|(name, _)| name));
        }
    }
    targets
}

/// The root entity type: it declares the key, `id`.
const ENTITY_TYPE: &str = "microsoft.graph.entity";

fn collect_types(resolver: &mut Resolver<'_, '_>, api: &mut Api) {
    let groups = group_type_definitions(resolver);
    // First pass: bases and entity evidence, so kinds are known before properties resolve.
    let mut bases: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut direct_entities = BTreeSet::new();
    let mut owners: BTreeMap<String, String> = BTreeMap::new();
    let structural_types = property_types(resolver, false);
    for (full, group) in &groups {
        let mut base = None;
        for (page, resource, raw) in &group.pages {
            let this_base = resolve_base(resolver, page, raw);
            let has_base = this_base.is_some();
            base = base.or(this_base);
            let has_id = raw.properties.iter().any(|p| p.name == "id");
            // A key names a property of the type or of its base. A key that a base-less type
            // with no operations of its own does not have (`implicitGrantSettings` annotates
            // `"keyProperty": "id"`) is a copied template line, not evidence; `print` and
            // `educationAssignmentSettings` list no `id` either, but have their own methods.
            let has_key =
                raw.annotation.key_property.as_ref().is_some_and(|key| has_base || resource.lists_operations || raw.properties.iter().any(|p| &p.name == key));
            // A "Relationships: None." section under a page with an `id` is the entity
            // template's (the comms `*Operation` types), but complex types copy it too
            // (`settingSource`). OData gives structural properties no entity types, so
            // such a page used as one is taken as complex.
            let only_template_hint = !resource.has_methods && !resource.lists_relationships;
            let entity_template = resource.has_relationships && !(only_template_hint && structural_types.contains(full));
            if has_key || (has_id && (resource.has_methods || entity_template)) || full == ENTITY_TYPE {
                direct_entities.insert(full.clone());
            }
        }
        if let Some((page, _, _)) = group.pages.first() {
            owners.insert(full.clone(), page.path.clone());
        }
        bases.insert(full.clone(), base);
    }
    // A base page that lists its derived types gives a base to those whose own page
    // names none (the Teams shift types, `educationPointsOutcome`, ...).
    for (full, group) in &groups {
        for (page, _, raw) in &group.pages {
            for (link, _) in &raw.derived_links {
                let Some((derived, _)) = resolver.names.lookup_link(&link.dest, &link.text, &page.namespace).filter(|(_, kind)| *kind != TypeRefKind::Enum)
                else {
                    continue;
                };
                if let Some(slot @ None) = bases.get_mut(&derived).filter(|_| &derived != full) {
                    *slot = Some(full.clone());
                }
            }
        }
    }
    break_cycles(resolver, &mut bases, &owners);
    direct_entities.extend(keyed_response_types(resolver));
    direct_entities.extend(property_types(resolver, true));
    // An entity cannot derive from a complex type: a type whose stated base is no entity
    // is complex, whatever else its page shows (the `identity` family lists an `id`).
    let derives_from_complex: Vec<String> = direct_entities
        .iter()
        .filter(|full| bases.get(*full).cloned().flatten().is_some_and(|base| !chain_has_entity(&base, &bases, &direct_entities)))
        .cloned()
        .collect();
    for full in derives_from_complex {
        direct_entities.remove(&full);
    }
    for full in bases.keys() {
        if chain_has_entity(full, &bases, &direct_entities) {
            resolver.names.to_mut().entity_types.insert(full.clone());
        }
    }
    // In Graph's schema every entity type derives from `entity`, which holds the key
    // (`id`); most pages never say so, so an entity type with no base gets that one. Not
    // one whose annotation keys it by another property (`"keyProperty": "tenantId"` on
    // `crossTenantAccessPolicyConfigurationPartner`): OData lets only a root type declare
    // a key, so such a type is a root of its own.
    let keyed_otherwise = |full: &str| {
        groups.get(full).is_some_and(|group| {
            group.pages.iter().any(|(_, _, raw)| raw.annotation.key_property.as_deref().is_some_and(|key| !key.trim().is_empty() && key.trim() != "id"))
        })
    };
    if bases.contains_key(ENTITY_TYPE) {
        for (full, base) in bases.iter_mut() {
            if base.is_none() && full != ENTITY_TYPE && resolver.names.entity_types.contains(full) && !keyed_otherwise(full) {
                *base = Some(ENTITY_TYPE.to_owned());
            }
        }
    }
    // Every property name each type's pages mention, in a table or the JSON alone.
    let mentioned: BTreeMap<&str, BTreeSet<&str>> = groups
        .iter()
        .map(|(full, group)| (full.as_str(), group.pages.iter().flat_map(|(_, _, raw)| raw.properties.iter().map(|p| p.name.as_str())).collect()))
        .collect();
    // With bases, kinds and names settled, each type's definition depends on its own
    // pages alone, so types are built on all cores and inserted in name order.
    let groups: Vec<(&String, &TypeDefinitions<'_, '_>)> = groups.iter().collect();
    let shared: &Resolver<'_, '_> = resolver;
    let built = crate::parallel::map_in_order(&groups, |&(full, group)| {
        let mut worker = shared.worker();
        let resolver = &mut worker;
        let Some((main_page, main_resource, main_raw)) = group.pages.first() else { return (None, worker.diagnostics) };
        // A derived type's JSON representation shows the properties it inherits too, with
        // sample values (`10` where the base's table says Double): those are the base's
        // properties, not new ones typed from the sample.
        let base_chain = ancestors(full, &bases);
        let inherited = |name: &str| base_chain.iter().skip(1).any(|base| mentioned.get(base.as_str()).is_some_and(|names| names.contains(name)));
        // A row that repeats an inherited property in another letter case (`Id` beside
        // `entity`'s `id`) would be a second member on the wire; JSON names are case-sensitive.
        let inherited_in_other_case = |name: &str| {
            base_chain.iter().skip(1).find_map(|base| {
                let spelling = mentioned.get(base.as_str())?.iter().find(|known| known.eq_ignore_ascii_case(name) && **known != name)?;
                Some((base.clone(), (*spelling).to_owned()))
            })
        };
        let mut properties: Vec<Property> = Vec::new();
        for (index, (page, _, raw)) in group.pages.iter().enumerate() {
            let before = properties.len();
            for raw_property in &raw.properties {
                if let Some(first) = properties.iter_mut().find(|p| p.name == raw_property.name) {
                    if index == 0 || first.source.file == page.path {
                        // A row under Relationships says what kind of member it is, even when
                        // the Properties table listed it first (`permissionGrantPolicy.includes`).
                        let becomes_navigation = raw_property.is_navigation && !first.is_navigation;
                        first.is_navigation |= becomes_navigation;
                        let message = format!(
                            "property `{}` is listed again (first at {}:{}); the first row wins{}",
                            raw_property.name,
                            first.source.file,
                            first.source.line,
                            if becomes_navigation { ", as a relationship" } else { "" }
                        );
                        resolver.report(Code::DuplicateProperty, page, raw_property.offset, message);
                    }
                    continue;
                }
                if raw_property.from_json && inherited(&raw_property.name) {
                    continue;
                }
                if !inherited(&raw_property.name)
                    && let Some((base, spelling)) = inherited_in_other_case(&raw_property.name)
                {
                    let message = format!(
                        "property `{}` differs only in letter case from `{spelling}`, which it inherits from `{}`; it is read as that property",
                        raw_property.name,
                        short_name(&base)
                    );
                    resolver.report(Code::DuplicateProperty, page, raw_property.offset, message);
                    continue;
                }
                if raw_property.from_json {
                    let message = format!("property `{}` is only in the JSON representation, not in a table; typed from its placeholder", raw_property.name);
                    resolver.report(Code::PropertyOnlyInJson, page, raw_property.offset, message);
                }
                let mut property = resolver.resolve_property(page, raw_property);
                link_text_named_by_json(resolver, page, raw, raw_property, &mut property.type_ref);
                common_base_of_alternatives(resolver, page, raw_property, &bases, &mut property.type_ref);
                properties.push(property);
            }
            if index > 0 {
                let merged = properties.len() - before;
                let message = format!(
                    "type `{full}` is also defined by {}; that definition wins and the {merged} properties only listed here are merged into it",
                    main_page.path
                );
                resolver.report(Code::DuplicateType, page, raw.offset, message);
            }
        }
        let mut json_properties = BTreeSet::new();
        let mut optional_properties = BTreeSet::new();
        for (_, _, raw) in &group.pages {
            if let Some(serde_json::Value::Object(map)) = raw.json.as_ref().map(|doc| &doc.value) {
                json_properties.extend(map.keys().filter(|k| !k.starts_with('@')).cloned());
            }
            optional_properties.extend(raw.annotation.optional_properties.iter().cloned());
        }
        let kind = if resolver.names.entity_types.contains(full) { TypeKind::Entity } else { TypeKind::Complex };
        let def = TypeDef {
            name: full.clone(),
            kind,
            base_type: bases.get(full).cloned().flatten(),
            is_open: group.pages.iter().any(|(_, _, raw)| raw.annotation.open_type),
            is_abstract: main_raw.annotation.is_abstract,
            workload: workload_id(main_page.workload_spelling()),
            description: main_page.front_matter.get("description").filter(|d| !d.trim().is_empty()).cloned().unwrap_or_else(|| main_resource.summary.clone()),
            doc_page: main_page.path.clone(),
            properties,
            optional_properties,
            json_properties,
            source: main_page.source(main_raw.offset),
        };
        (Some(def), worker.diagnostics)
    });
    for (def, diagnostics) in built {
        resolver.diagnostics.extend(diagnostics);
        if let Some(def) = def {
            api.types.insert(def.name.clone(), def);
        }
    }
}

fn resolve_base(resolver: &mut Resolver<'_, '_>, page: &ParsedPage<'_>, raw: &crate::parse::RawType) -> Option<String> {
    let from_annotation = raw.annotation.base_type.as_deref().map(|base| {
        let found = resolver.names.lookup_name(base, &page.namespace).filter(|(_, kind)| *kind != TypeRefKind::Enum).map(|(name, _)| name);
        (base.to_owned(), found)
    });
    let from_text = raw.base_link.as_ref().map(|(link, offset)| {
        let found = resolver.names.lookup_link(&link.dest, &link.text, &page.namespace).filter(|(_, kind)| *kind != TypeRefKind::Enum).map(|(name, _)| name);
        (link.text.clone(), found, *offset)
    });
    match (from_annotation, from_text) {
        (Some((_, Some(annotated))), Some((_, Some(text), offset))) => {
            if annotated == text {
                return Some(annotated);
            }
            // The annotation's `entity` is the root every entity has; a base the text names
            // is more specific. Otherwise the annotation, which tools check, wins.
            let (used, which) = if annotated == ENTITY_TYPE { (text.clone(), "text") } else { (annotated.clone(), "annotation") };
            resolver.report(
                Code::ConflictingBaseType,
                page,
                offset,
                format!("the annotation says the base type is `{annotated}` but the text says `{text}`; using the {which}"),
            );
            Some(used)
        }
        (Some((_, Some(annotated))), _) => Some(annotated),
        (_, Some((_, Some(text), _))) => Some(text),
        (Some((written, None)), _) => {
            resolver.report(Code::UnknownBaseType, page, raw.offset, format!("base type `{written}` is not defined by any page"));
            None
        }
        (None, Some((written, None, offset))) => {
            resolver.report(Code::UnknownBaseType, page, offset, format!("base type `{written}` is not defined by any page"));
            None
        }
        (None, None) => None,
    }
}

fn break_cycles(resolver: &mut Resolver<'_, '_>, bases: &mut BTreeMap<String, Option<String>>, owners: &BTreeMap<String, String>) {
    let names: Vec<String> = bases.keys().cloned().collect();
    for start in names {
        let mut seen = BTreeSet::new();
        let mut current = start.clone();
        seen.insert(current.clone());
        while let Some(Some(next)) = bases.get(&current).cloned() {
            if !seen.insert(next.clone()) {
                // The type that closes the cycle loses its base.
                bases.insert(current.clone(), None);
                if let Some(page) = owners.get(&current).and_then(|path| resolver.pages.iter().find(|p| &p.path == path)) {
                    resolver.report(Code::InheritanceCycle, page, 0, format!("base types of `{current}` form a cycle through `{next}`; the base is dropped"));
                }
                break;
            }
            current = next;
        }
    }
}

/// Builds the operations; returns each API page's tabled key parameters, resolved, for
/// [`move_paths_and_examples`] to type the paths' keys with.
fn collect_operations(resolver: &mut Resolver<'_, '_>, api: &mut Api) -> BTreeMap<String, Vec<Property>> {
    let pages = resolver.pages;
    let bases: BTreeMap<String, Option<String>> = api.types.iter().map(|(name, def)| (name.clone(), def.base_type.clone())).collect();
    // Each operation depends on the types and names alone, never on another operation, so
    // they are built on all cores and inserted in page order (a later page with the same
    // id replaces an earlier one, as before).
    let api_pages: Vec<(&ParsedPage<'_>, &ApiPage)> = pages
        .iter()
        .filter_map(|page| match &page.body {
            PageBody::Api(api_page) => Some((page, &**api_page)),
            PageBody::Resource(_) => None,
        })
        .collect();
    let shared: &Resolver<'_, '_> = resolver;
    let types_only: &Api = api;
    let built = crate::parallel::map_in_order(&api_pages, |&(page, api_page)| {
        let mut worker = shared.worker();
        let operation = build_operation(&mut worker, page, api_page, &bases, types_only);
        let keys: Vec<Property> = api_page.key_parameters.iter().map(|p| worker.resolve_property(page, p)).collect();
        (operation, keys, worker.diagnostics)
    });
    let mut key_parameters = BTreeMap::new();
    for ((page, _), (operation, keys, diagnostics)) in api_pages.iter().zip(built) {
        resolver.diagnostics.extend(diagnostics);
        if !keys.is_empty() {
            key_parameters.insert(page.path.clone(), keys);
        }
        api.operations.insert(operation.id.clone(), operation);
    }
    key_parameters
}

/// Types a path's parameters from the page's tables: an argument of a function segment
/// by the function's parameter of that name, a key by the "Path parameters" row that
/// names its placeholder (or one of its alternatives). An argument no table lists but
/// the template quotes (`range(address='<address>')`) is a string: OData quotes no other
/// literal without a type name.
fn type_path_parameters(path: &mut OperationPath, function_parameters: &[Property], key_parameters: &[Property]) {
    // (placeholder, function, argument) for each argument the caller supplies.
    let arguments: Vec<(&str, &str, &str)> = path
        .segments
        .iter()
        .filter_map(|segment| match segment {
            PathSegment::Function { name, arguments } => Some(arguments.iter().map(move |argument| (name, argument))),
            _ => None,
        })
        .flatten()
        .filter_map(|(function, argument)| match &argument.value {
            ArgumentValue::Parameter(parameter) => Some((parameter.as_str(), function.as_str(), argument.name.as_str())),
            ArgumentValue::Literal(_) => None,
        })
        .collect();
    let typed: Vec<Option<TypeRef>> = path
        .parameters
        .iter()
        .map(|parameter| match arguments.iter().find(|(placeholder, ..)| *placeholder == parameter.name) {
            Some(&(_, function, argument)) => function_parameters
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(argument))
                .map(|p| p.type_ref.clone())
                .or_else(|| (!argument.is_empty() && argument_is_quoted(&path.template, function, argument)).then(|| TypeRef::primitive("Edm.String"))),
            None => {
                let spellings: Vec<String> = std::iter::once(&parameter.docs_name).chain(&parameter.alternatives).map(|name| kebab_case(name)).collect();
                key_parameters.iter().find(|p| spellings.contains(&kebab_case(&p.name))).map(|p| p.type_ref.clone())
            }
        })
        .collect();
    for (parameter, type_ref) in path.parameters.iter_mut().zip(typed) {
        parameter.type_ref = type_ref;
    }
}

/// A relationship table sometimes leaves out "collection" (`chatMessage.hostedContents`),
/// but OData only lets a path key into a collection: `.../messages/{id}/hostedContents/{id}`
/// settles it. The type a path prefix reaches is the one a GET of that prefix returns, so
/// this needs no service root; a navigation listed as single that some path keys into
/// becomes a collection, with a warning at its table row. A GET documented to return a
/// collection is not taken as proof: such pages also contradict the service's schema
/// (`educationSchool.administrativeUnit` is single there, its "List" page notwithstanding).
fn collections_from_keyed_paths(resolver: &mut Resolver<'_, '_>, api: &mut Api) {
    let api_pages = || {
        resolver.pages.iter().filter_map(|page| match &page.body {
            PageBody::Api(raw) => api.operations.get(&page_stem(&page.path)).filter(|op| op.doc_page == page.path).map(|op| (page, raw, op)),
            PageBody::Resource(_) => None,
        })
    };
    let mut entity_at: BTreeMap<Vec<SegmentKey>, &str> = BTreeMap::new();
    for (_, raw, op) in api_pages() {
        let Some(returned) = op.response.as_ref().and_then(|r| r.type_ref.as_ref()).filter(|t| t.kind == TypeRefKind::Entity && !t.collection) else {
            continue;
        };
        for path in raw.paths.iter().filter(|path| path.method.eq_ignore_ascii_case("GET")) {
            entity_at.entry(path.parsed.segments.iter().map(PathSegment::key).collect()).or_insert(returned.name.as_str());
        }
    }
    // (type, property) → the first path (as page and line) that keys into it.
    // Pages are read on all cores; the first path in page order wins, as in one pass.
    let pages: Vec<(&ParsedPage<'_>, &ApiPage)> = api_pages().map(|(page, raw, _)| (page, &**raw)).collect();
    let keyed_by_page = crate::parallel::map_in_order(&pages, |&(page, raw)| {
        let mut keyed = Vec::new();
        for path in &raw.paths {
            let keys: Vec<SegmentKey> = path.parsed.segments.iter().map(PathSegment::key).collect();
            for (at, pair) in path.parsed.segments.windows(2).enumerate() {
                let [PathSegment::Literal { name }, PathSegment::Parameter { .. }] = pair else { continue };
                let Some(&owner) = entity_at.get(&keys[..at]) else { continue };
                let Some(declared) = declaring_type(api, owner, name) else { continue };
                keyed.push((declared, path));
            }
        }
        (page, keyed)
    });
    let mut keyed: BTreeMap<(String, String), (String, String, u32)> = BTreeMap::new();
    for (page, found) in keyed_by_page {
        for (declared, path) in found {
            keyed.entry(declared).or_insert_with(|| (path.parsed.template.clone(), page.path.clone(), page.lines.line(path.offset)));
        }
    }
    for ((type_name, property_name), (template, page, line)) in keyed {
        let Some(property) = api.types.get_mut(&type_name).and_then(|t| t.properties.iter_mut().find(|p| p.name == property_name)) else { continue };
        if property.type_ref.collection || property.type_ref.kind != TypeRefKind::Entity {
            continue;
        }
        property.type_ref.collection = true;
        let message = format!(
            "relationship `{property_name}` of `{}` is listed as one `{}`, but `{template}` ({page}:{line}) keys into it; it is read as a collection",
            short_name(&type_name),
            short_name(&property.type_ref.name)
        );
        resolver.diagnostics.push(Diagnostic::new(Code::KeyedSingleRelationship, &property.source.file, property.source.line, 1, message));
    }
}

/// A list page whose annotation leaves out `isCollection`, and whose prose (copied from
/// the get page) says "a [openShift] object", still answers with a collection when its
/// example is a `value` array and its path is one OData only lets be a collection: another
/// path keys into it (`/teams/{id}/schedule/openShifts/{openShiftId}`). Example and path
/// together settle it, with a warning at the response, when every GET path of the page
/// is such a collection, the list example is one of those paths' own, and the type has no
/// `value` property of its own. A path that ends in a key or a function, or carries a
/// query, is not taken: a get whose example is a list is the example's mistake (reported
/// by the checker), and a filter asks something else.
fn collection_responses_of_keyed_paths(resolver: &mut Resolver<'_, '_>, api: &mut Api) {
    let api_pages = || {
        resolver.pages.iter().filter_map(|page| match &page.body {
            PageBody::Api(raw) => Some((page, raw)),
            PageBody::Resource(_) => None,
        })
    };
    // `other` continues `path` with a key: `/schedule/openShifts/{id}` for `/schedule/openShifts`.
    let keys_into = |path: &[PathSegment], other: &[PathSegment]| {
        matches!(other.get(path.len()), Some(PathSegment::Parameter { .. }))
            && path.iter().zip(other).all(|pair| match pair {
                (PathSegment::Literal { name: a }, PathSegment::Literal { name: b }) => a.eq_ignore_ascii_case(b),
                (PathSegment::Parameter { .. }, PathSegment::Parameter { .. }) => true,
                (a, b) => a.key() == b.key(),
            })
    };
    let mut found = Vec::new();
    // Few pages qualify by their example, so the paths are searched for those alone.
    for (page, raw) in api_pages() {
        let Some(op) = api.operations.get(&page_stem(&page.path)).filter(|op| op.doc_page == page.path) else { continue };
        let Some(returned) = op.response.as_ref().and_then(|r| r.type_ref.as_ref()).filter(|t| !t.collection && t.kind == TypeRefKind::Entity) else {
            continue;
        };
        // A type with a `value` property of its own is answered with `value` as itself.
        if declaring_type(api, &returned.name, "value").is_some() {
            continue;
        }
        let gets: Vec<&crate::parse::RawPath> =
            raw.paths.iter().filter(|path| path.method.eq_ignore_ascii_case("GET") && path.parsed.query.is_none()).collect();
        let is_collection_path = |path: &crate::parse::RawPath| {
            matches!(path.parsed.segments.last(), Some(PathSegment::Literal { .. }))
                && api_pages().any(|(_, other)| other.paths.iter().any(|other| keys_into(&path.parsed.segments, &other.parsed.segments)))
        };
        // Every GET path must be one: a page that also gets one item (`/me/presence`
        // beside `/communications/presences`) keeps its single answer.
        if gets.is_empty() || !gets.iter().all(|path| is_collection_path(path)) {
            continue;
        }
        // The list example must be one of those paths' own, not another's on the page.
        let answered = raw.examples.iter().find_map(|example| {
            let (request, response) = (example.request.as_ref()?, example.response.as_ref()?);
            let example_path = crate::routes::example_segments(&request.url)?;
            let example_laid = crate::routes::lay_path(&example_path);
            let path = gets.iter().find(|path| {
                crate::parse::path_template::match_values(&crate::routes::lay_path(&path.parsed.segments).segments, &example_laid.segments).is_some()
            })?;
            response.body.as_ref().and_then(|b| b.json.as_ref()).is_some_and(|doc| is_value_array(&doc.value)).then_some((path, response))
        });
        if let Some((path, response)) = answered {
            let message = format!(
                "the response is annotated as one `{}`, but its example is a `value` array and `{}` is a collection (another path keys into it); it is read as a collection",
                short_name(&returned.name),
                path.parsed.template
            );
            found.push((op.id.clone(), Diagnostic::new(Code::UnannotatedCollectionResponse, &page.path, page.lines.line(response.offset), 1, message)));
        }
    }
    for (id, diagnostic) in found {
        if let Some(type_ref) = api.operations.get_mut(&id).and_then(|op| op.response.as_mut()).and_then(|r| r.type_ref.as_mut()) {
            type_ref.collection = true;
        }
        resolver.diagnostics.push(diagnostic);
    }
}

/// Types each key no table types by the `id` of the entity it keys into (the docs type
/// keys nowhere else), and each item path as the text it is. The entity is the one a GET
/// of the path through the key returns (`/users/{id}`), or whose collection a GET of the
/// path before it returns (`/users`), or the type of the relationship the key follows
/// (`.../members/{id}`: the `members` of the entity a GET of the path before that
/// returns). A key that reaches no known entity takes the `id` of `entity`, which every
/// entity derives from (the resolver gives it to those whose pages name no base); only
/// without an `entity` page does it stay untyped.
fn type_keys_by_entity(api: &mut Api) {
    let mut returned_at: BTreeMap<Vec<SegmentKey>, (String, bool)> = BTreeMap::new();
    for op in api.operations.values() {
        let Some(returned) = op.response.as_ref().and_then(|r| r.type_ref.as_ref()).filter(|t| t.kind == TypeRefKind::Entity) else { continue };
        for path in op.paths.iter().filter(|path| path.method.eq_ignore_ascii_case("GET")) {
            returned_at.entry(path.segments.iter().map(PathSegment::key).collect()).or_insert_with(|| (returned.name.clone(), returned.collection));
        }
    }
    // `keys` are the segments' keys, made once per path.
    let entity_keyed_at = |segments: &[PathSegment], keys: &[SegmentKey], at: usize| -> Option<String> {
        if let Some((name, false)) = returned_at.get(&keys[..=at]) {
            return Some(name.clone());
        }
        if let Some((name, true)) = returned_at.get(&keys[..at]) {
            return Some(name.clone());
        }
        let owner_at = at.checked_sub(1)?;
        let PathSegment::Literal { name: relationship } = &segments[owner_at] else { return None };
        let (owner, false) = returned_at.get(&keys[..owner_at])? else { return None };
        let (declarer, spelling) = declaring_type(api, owner, relationship)?;
        let property = api.types.get(&declarer)?.properties.iter().find(|p| p.name == spelling)?;
        (property.type_ref.kind == TypeRefKind::Entity).then(|| property.type_ref.name.clone())
    };
    let id_type = |entity: &str| -> Option<TypeRef> {
        let (declarer, spelling) = declaring_type(api, entity, "id")?;
        api.types.get(&declarer)?.properties.iter().find(|p| p.name == spelling).map(|p| TypeRef { collection: false, ..p.type_ref.clone() })
    };
    let root_key = id_type("microsoft.graph.entity");
    // Each operation's keys are typed from the shared maps alone, so on all cores.
    let operations: Vec<(&String, &Operation)> = api.operations.iter().collect();
    let typed = crate::parallel::map_in_order(&operations, |&(id, op)| {
        let mut typed: Vec<(String, usize, String, TypeRef)> = Vec::new();
        for (index, path) in op.paths.iter().enumerate() {
            let untyped = |name: &str| path.parameters.iter().any(|p| p.name == name && p.type_ref.is_none());
            if !path
                .segments
                .iter()
                .any(|segment| matches!(segment, PathSegment::Parameter { parameter } | PathSegment::ItemPath { parameter } if untyped(parameter)))
            {
                continue;
            }
            let keys: Vec<SegmentKey> = path.segments.iter().map(PathSegment::key).collect();
            for (at, segment) in path.segments.iter().enumerate() {
                let (parameter, type_ref) = match segment {
                    PathSegment::Parameter { parameter } => {
                        (parameter, entity_keyed_at(&path.segments, &keys, at).and_then(|entity| id_type(&entity)).or_else(|| root_key.clone()))
                    }
                    // `root:/{item-path}:` is addressed by the item's path, which is text.
                    PathSegment::ItemPath { parameter } => (parameter, Some(TypeRef::primitive("Edm.String"))),
                    _ => continue,
                };
                if let Some(type_ref) = type_ref.filter(|_| !path.parameters.iter().any(|p| p.name == *parameter && p.type_ref.is_some())) {
                    typed.push((id.clone(), index, parameter.clone(), type_ref));
                }
            }
        }
        typed
    });
    for (id, index, parameter, type_ref) in typed.into_iter().flatten() {
        if let Some(slot) = api.operations.get_mut(&id).and_then(|op| op.paths[index].parameters.iter_mut().find(|p| p.name == parameter)) {
            slot.type_ref = Some(type_ref);
        }
    }
}

/// The type, `type_name` or one of its bases, that declares `property` (matched as the
/// service matches it, ignoring case), and the property's own spelling.
pub(crate) fn declaring_type(api: &Api, type_name: &str, property: &str) -> Option<(String, String)> {
    let mut current = Some(type_name);
    let mut seen = BTreeSet::new();
    while let Some(name) = current.filter(|name| seen.insert(*name)) {
        let def = api.types.get(name)?;
        if let Some(found) = def.properties.iter().find(|p| p.name.eq_ignore_ascii_case(property)) {
            return Some((def.name.clone(), found.name.clone()));
        }
        current = def.base_type.as_deref();
    }
    None
}

/// An operation with everything but its paths and examples, which
/// [`move_paths_and_examples`] adds once the examples are checked.
fn build_operation(resolver: &mut Resolver<'_, '_>, page: &ParsedPage<'_>, raw: &ApiPage, bases: &BTreeMap<String, Option<String>>, api: &Api) -> Operation {
    let id = page_stem(&page.path);
    if raw.paths.is_empty() {
        resolver.report(Code::MissingHttpRequest, page, raw.request_section_offset, "API page documents no `METHOD /path` template");
    }
    let method = raw
        .paths
        .first()
        .map(|p| p.method.clone())
        .or_else(|| raw.examples.iter().find_map(|e| e.request.as_ref().map(|r| r.method.clone())))
        .unwrap_or_default();
    let sends_body = matches!(method.as_str(), "POST" | "PATCH" | "PUT");
    let named_in_prose = || {
        let word = raw.request_body_type_word.as_deref()?;
        resolver.names.lookup_name(word, &page.namespace).filter(|(_, kind)| matches!(kind, TypeRefKind::Complex | TypeRefKind::Entity))
    };
    // A POST whose example sends only members of its parameter table, half or more of
    // which the prose's type does not have, sends those parameters: an action ("supply a
    // JSON representation of the [cloudPcProvisioningPolicyAssignment] object" over
    // `| assignments | ... collection |`; `sendActivityNotification` linking [chat]).
    let example_members = raw.request_bodies().find_map(RawBody::members);
    let table_is_not_the_type = |name: &str| {
        let tabled = |key: &&String| raw.request_parameters.iter().any(|p| p.name.eq_ignore_ascii_case(key));
        // (A create whose type's page lags its table misses one or two: not half.)
        method == "POST"
            && example_members
                .as_ref()
                .is_some_and(|members| !members.is_empty() && members.iter().all(tabled) && undeclared_members(api, name, members) * 2 >= members.len())
    };
    let explicit_body = (sends_body && raw.request_body_is_resource)
        .then(|| raw.request_body_links.iter().find_map(|link| resolver.names.lookup_link(&link.dest, &link.text, &page.namespace)).or_else(named_in_prose))
        .flatten()
        .filter(|(name, _)| !table_is_not_the_type(name))
        .map(|(name, kind)| TypeRef { name, collection: false, kind });
    let request_body = explicit_body.or_else(|| updated_resource(resolver, page, raw, &method));
    let request_parameters = raw.request_parameters.iter().map(|p| resolver.resolve_property(page, p)).collect();
    let function_parameters = raw.function_parameters.iter().map(|p| resolver.resolve_property(page, p)).collect();
    let first_response = raw.examples.iter().find_map(|e| e.response.as_ref());
    let status = raw.response_status.or_else(|| first_response.and_then(|r| r.status));
    let type_ref = documented_response_type(&resolver.names, page, raw)
        .map(|t| widened_response_type(&resolver.names, page, raw, bases, t))
        .filter(|_| status != Some(204));
    let request_body = request_body.or_else(|| created_resource(api, page, raw, &method, status, type_ref.as_ref()));
    let response = (status.is_some() || type_ref.is_some()).then_some(ResponseDef { status, type_ref });
    Operation {
        id,
        title: page.title.clone(),
        description: page.front_matter.get("description").filter(|d| !d.trim().is_empty()).cloned().unwrap_or_else(|| raw.summary.clone()),
        workload: workload_id(page.workload_spelling()),
        doc_page: page.path.clone(),
        method,
        paths: Vec::new(),
        request_body,
        request_parameters,
        function_parameters,
        response,
        headers: raw.headers.clone(),
        permissions: raw.permissions.clone(),
        examples: Vec::new(),
        source: page.source(0),
    }
}

/// The type an API page says it returns: its first response example's annotation, else
/// the first resource its response prose links ("a [user](…) object", "collection").
fn documented_response_type(names: &Names, page: &ParsedPage<'_>, raw: &ApiPage) -> Option<TypeRef> {
    let prose_type = || {
        raw.response_links.iter().find_map(|(link, collection)| {
            names.lookup_link(&link.dest, &link.text, &page.namespace).map(|(name, kind)| TypeRef { name, collection: *collection, kind })
        })
    };
    let annotated = raw.examples.iter().find_map(|e| e.response.as_ref()).and_then(|r| {
        let written = r.odata_type.as_deref()?;
        let mut type_ref = resolve_annotation_type(written, names, &page.namespace)?;
        type_ref.collection |= r.is_collection;
        // An annotation often leaves out `isCollection`. Where the prose says "a collection
        // of [x] objects" of the very type it names and the example is a `value` array,
        // both say what the annotation does not. (Either alone is not enough: prose copied
        // from a list page says "collection of" on many a get.)
        let prose_says_collection = raw
            .response_links
            .iter()
            .any(|(link, collection)| *collection && names.lookup_link(&link.dest, &link.text, &page.namespace).is_some_and(|(name, _)| name == type_ref.name));
        type_ref.collection |= prose_says_collection && r.body.as_ref().and_then(|b| b.json.as_ref()).is_some_and(|doc| is_value_array(&doc.value));
        // Newer Intune pages annotate every response `Edm.String`, over a body of objects
        // and prose that names their type: the annotation is the one that is wrong.
        let body_holds_objects = r.body.as_ref().and_then(|b| b.json.as_ref()).is_some_and(|doc| holds_objects(&doc.value));
        if type_ref.kind == TypeRefKind::Primitive
            && body_holds_objects
            && prose_type().is_some_and(|t| matches!(t.kind, TypeRefKind::Complex | TypeRefKind::Entity))
        {
            return prose_type();
        }
        Some(type_ref)
    });
    annotated
        .or_else(prose_type)
        .or_else(|| raw.response_primitive.map(|(name, collection)| TypeRef { name: name.to_owned(), collection, kind: TypeRefKind::Primitive }))
}

/// Whether a response body is (or lists, in `value`) objects, not primitive values: `{"a":
/// 1}`, `{"value": [{...}]}`, but not `{"value": "x"}` or `{"value": ["a", "b"]}`.
pub(crate) fn holds_objects(body: &serde_json::Value) -> bool {
    let Some(members) = body.as_object() else { return false };
    match members.get("value") {
        Some(serde_json::Value::Array(items)) => items.iter().any(serde_json::Value::is_object),
        Some(serde_json::Value::Object(_)) => true,
        _ => members.keys().any(|key| key != "value" && !key.starts_with('@')),
    }
}

/// A collection response's body: `{"value": [...]}`, beside OData annotations only.
fn is_value_array(body: &serde_json::Value) -> bool {
    body.as_object().is_some_and(|members| {
        members.get("value").is_some_and(serde_json::Value::is_array) && members.keys().all(|key| key == "value" || key.starts_with('@'))
    })
}

/// The response type when the first example's annotation names one case of a polymorphic
/// response rather than the response itself. The page's prose names the returned type
/// ("an [Attachment](…) object") and an example is annotated with a type derived from it
/// (`microsoft.graph.fileAttachment`): the prose's type. No prose link, and the examples
/// annotate types that differ (`fileAttachment`, `itemAttachment`): their nearest common
/// base, unless that is only the root `entity`. Either way the response decodes to
/// whichever type the service sends. Otherwise `first`, the first annotation, stays.
fn widened_response_type(names: &Names, page: &ParsedPage<'_>, raw: &ApiPage, bases: &BTreeMap<String, Option<String>>, first: TypeRef) -> TypeRef {
    if !matches!(first.kind, TypeRefKind::Complex | TypeRefKind::Entity) {
        return first;
    }
    let prose = raw.response_links.iter().find_map(|(link, _)| names.lookup_link(&link.dest, &link.text, &page.namespace));
    let annotated: Vec<String> = raw
        .examples
        .iter()
        .filter_map(|e| e.response.as_ref()?.odata_type.as_deref())
        .filter_map(|written| resolve_annotation_type(written, names, &page.namespace))
        .map(|t| t.name)
        .collect();
    // Prose that names each annotated type as one outcome among several ("If an operation
    // fails, ... a [failedOperation]") leaves the examples' common base. (Examples of a
    // page's other paths annotate types its prose does not name: `shares-get`.)
    let prose_types: Vec<String> =
        raw.response_links.iter().filter_map(|(link, _)| names.lookup_link(&link.dest, &link.text, &page.namespace)).map(|(name, _)| name).collect();
    let outcomes_in_prose = annotated.iter().any(|name| *name != first.name) && annotated.iter().all(|name| prose_types.contains(name));
    let widened = match prose {
        Some((named, _)) if named == first.name && outcomes_in_prose => nearest_common_base(&first.name, &annotated, bases),
        Some((named, _)) => ancestors(&first.name, bases).into_iter().skip(1).find(|ancestor| *ancestor == named),
        None => nearest_common_base(&first.name, &annotated, bases),
    };
    match widened {
        Some(base) => TypeRef { kind: names.kind_of_type(&base), name: base, ..first },
        None => first,
    }
}

/// A create that documents no body ("Create shift": `POST /teams/{teamId}/schedule/shifts`,
/// `201 Created` and a [shift]) sends the resource it creates: the response's type, when
/// the page says nothing else about the body and its example sends that type's members.
fn created_resource(api: &Api, page: &ParsedPage<'_>, raw: &ApiPage, method: &str, status: Option<u16>, returned: Option<&TypeRef>) -> Option<TypeRef> {
    let returned = returned.filter(|t| !t.collection && matches!(t.kind, TypeRefKind::Complex | TypeRefKind::Entity))?;
    let creates = ["create", "add"].iter().any(|verb| page.title.split_whitespace().next().is_some_and(|first| first.eq_ignore_ascii_case(verb)));
    // Into a collection: not an action's result, not `$ref`.
    let into_collection = raw.paths.iter().all(|path| matches!(path.parsed.segments.last(), Some(PathSegment::Literal { .. })));
    // A table of the created type's own properties says the same ("supply the parameters
    // that are applicable to your rule" over messageRule's).
    let tables_its_properties = raw.request_parameters.iter().all(|p| declaring_type(api, &returned.name, &p.name).is_some());
    if method != "POST" || status != Some(201) || !creates || !into_collection || !tables_its_properties || raw.request_body_is_resource {
        return None;
    }
    // The examples send the type's members; a body that is no JSON object (a page's
    // multipart HTML) is not the type.
    let sends_its_members =
        raw.request_bodies().all(|body| body.members().is_some_and(|members| undeclared_members(api, &returned.name, &members) * 2 < members.len().max(1)));
    sends_its_members.then(|| returned.clone())
}

/// How many of `members` neither `type_name` nor a base of it declares.
fn undeclared_members(api: &Api, type_name: &str, members: &[&String]) -> usize {
    members.iter().filter(|key| declaring_type(api, type_name, key).is_none()).count()
}

/// An update (PATCH/PUT) sends a partial resource: the response's type, or the type the
/// title names ("Update printerShare").
fn updated_resource(resolver: &Resolver<'_, '_>, page: &ParsedPage<'_>, raw: &ApiPage, method: &str) -> Option<TypeRef> {
    // A `$ref` is set to a reference, never to the resource it is under: its body type
    // comes from the request body prose or nowhere.
    if !matches!(method, "PATCH" | "PUT") || !raw.paths.is_empty() && raw.paths.iter().all(|path| crate::ir::is_reference_path(&path.parsed.segments)) {
        return None;
    }
    let from_response = raw
        .examples
        .iter()
        .find_map(|e| e.response.as_ref())
        .and_then(|r| r.odata_type.as_deref())
        .and_then(|t| resolve_annotation_type(t, &resolver.names, &page.namespace));
    let from_title = || {
        page.title.split_whitespace().rev().map(|word| word.trim_matches(|c: char| !c.is_ascii_alphanumeric())).find_map(|word| {
            resolver
                .names
                .lookup_name(word, &page.namespace)
                .filter(|(_, kind)| matches!(kind, TypeRefKind::Complex | TypeRefKind::Entity))
                // "Update alert" on a page of `microsoft.graph.security` updates that
                // namespace's alert, not another namespace's of the same name.
                .filter(|(name, _)| {
                    page.namespace == "microsoft.graph" || name.rsplit_once('.').is_some_and(|(ns, _)| ns.eq_ignore_ascii_case(&page.namespace))
                })
                .map(|(name, kind)| TypeRef { name, collection: false, kind })
        })
    };
    from_response.filter(|t| !t.collection && matches!(t.kind, TypeRefKind::Complex | TypeRefKind::Entity)).or_else(from_title)
}

/// Moves each API page's paths and examples into the operation built from that page.
fn move_paths_and_examples(api: &mut Api, pages: &mut [ParsedPage<'_>], key_parameters: &BTreeMap<String, Vec<Property>>) {
    for page in pages.iter_mut() {
        let PageBody::Api(raw) = &mut page.body else { continue };
        // Two pages whose names differ only in case share an id; the later one's
        // operation is the one kept.
        let Some(operation) = api.operations.get_mut(&page_stem(&page.path)).filter(|op| op.doc_page == page.path) else { continue };
        let (path, lines) = (&page.path, &page.lines);
        let source = |offset: usize| Source { file: path.clone(), line: lines.line(offset) };
        operation.paths = std::mem::take(&mut raw.paths)
            .into_iter()
            .map(|path| OperationPath {
                method: path.method,
                template: path.parsed.template,
                segments: path.parsed.segments,
                parameters: path.parsed.parameters,
                query: path.parsed.query,
                source: source(path.offset),
            })
            .collect();
        let keys = key_parameters.get(path).map_or(&[][..], Vec::as_slice);
        for documented in &mut operation.paths {
            type_path_parameters(documented, &operation.function_parameters, keys);
        }
        operation.examples = std::mem::take(&mut raw.examples)
            .into_iter()
            .map(|example| Example {
                name: example.name,
                request: example.request.map(|request| ExampleRequest {
                    method: request.method,
                    url: request.url,
                    headers: request.headers,
                    body: request.body.map(example_body),
                    source: source(request.offset),
                }),
                response: example.response.map(|response| ExampleResponse {
                    status: response.status,
                    headers: response.headers,
                    body: response.body.map(example_body),
                    truncated: response.truncated,
                    is_collection: response.is_collection,
                    odata_type: response.odata_type,
                    source: source(response.offset),
                }),
            })
            .collect();
    }
}

fn example_body(body: RawBody) -> ExampleBody {
    match body.json {
        Some(doc) => ExampleBody::Json(doc.value),
        None => ExampleBody::Text(body.text),
    }
}

fn collect_workloads(api: &mut Api) {
    let mut workloads: BTreeMap<String, Workload> = BTreeMap::new();
    fn entry<'w>(workloads: &'w mut BTreeMap<String, Workload>, id: &str) -> &'w mut Workload {
        workloads.entry(id.to_owned()).or_insert_with(|| Workload { id: id.to_owned(), ..Workload::default() })
    }
    for def in api.types.values() {
        entry(&mut workloads, &def.workload).types.insert(def.name.clone());
    }
    for def in api.enums.values() {
        entry(&mut workloads, &def.workload).enums.insert(def.name.clone());
    }
    for op in api.operations.values() {
        entry(&mut workloads, &op.workload).operations.insert(op.id.clone());
    }
    api.workloads = workloads;
}

/// Adds the raw `ms.prod` spellings seen for each workload.
fn record_spellings(api: &mut Api, pages: &[ParsedPage<'_>]) {
    for page in pages {
        let spelling = page.workload_spelling().unwrap_or_default().to_owned();
        if let Some(workload) = api.workloads.get_mut(&workload_id(Some(&spelling))) {
            workload.spellings.insert(spelling);
        }
    }
}

#[cfg(test)]
mod tests {
    fn resource(name: &str, relationships: &str) -> String {
        format!(
            "---\ntitle: \"{name} resource type\"\nms.prod: \"teamwork\"\n---\n# {name} resource type\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n|id|String| The identifier. |\n\n## Relationships\n\n| Relationship | Type | Description |\n|:---|:---|:---|\n{relationships}\n"
        )
    }

    fn get_page(title: &str, template: &str, returned: &str) -> String {
        format!(
            "---\ntitle: \"{title}\"\nms.prod: \"teamwork\"\n---\n# {title}\n\n## HTTP request\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\nGET {template}\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a [{returned}](../resources/{}.md) object in the response body.\n",
            returned.to_ascii_lowercase()
        )
    }

    fn load(pages: &[(&str, &str)]) -> crate::Loaded {
        let files: Vec<crate::SpecFile> = pages.iter().map(|(path, text)| crate::SpecFile { path: (*path).to_owned(), text: (*text).to_owned() }).collect();
        crate::load(&files)
    }

    fn type_page(name: &str, prose: &str, sections: &str) -> String {
        format!(
            "---\ntitle: \"{name} resource type\"\nms.prod: \"teamwork\"\n---\n# {name} resource type\n\n{prose}\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n{sections}\n"
        )
    }

    fn api_page(title: &str, request: &str, rest: &str) -> String {
        format!(
            "---\ntitle: \"{title}\"\nms.prod: \"groups\"\n---\n# {title}\n\n## HTTP request\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\n{request}\n```\n\n{rest}\n"
        )
    }

    #[test]
    fn templates_relative_to_what_they_act_on_take_the_prefix_their_examples_call() {
        let example = |method: &str, url: &str| {
            format!("## Example\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"x\" }} -->\n```http\n{method} https://graph.microsoft.com/v1.0{url}\n```\n")
        };
        // As in an Excel page of some versions: every template starts at `/workbook`.
        let merge = api_page(
            "Range: merge",
            "POST /workbook/names/{name}/range/merge\nPOST /workbook/tables/{id|name}/columns/{id|name}/range/merge",
            &example("POST", "/me/drive/items/{id}/workbook/names/{name}/range/merge"),
        );
        // `/chats` is a root other examples call; a page that shows only `/me/chats` keeps it.
        let members = api_page("List members", "GET /chats/{chat-id}/members", &example("GET", "/me/chats/19:x/members"));
        let chat = api_page("Get chat", "GET /chats/{chat-id}", &example("GET", "/chats/19:x"));
        let loaded = load(&[("api/range-merge.md", &merge), ("api/chat-list-members.md", &members), ("api/chat-get.md", &chat)]);
        let templates = |id: &str| loaded.api.operations[id].paths.iter().map(|p| p.template.clone()).collect::<Vec<_>>();
        assert_eq!(
            templates("range-merge"),
            ["/me/drive/items/{id}/workbook/names/{name}/range/merge", "/me/drive/items/{id}/workbook/tables/{id|name}/columns/{id|name}/range/merge"]
        );
        assert_eq!(templates("chat-list-members"), ["/chats/{chat-id}/members"]);
        let warnings: Vec<_> =
            loaded.diagnostics.iter().filter(|d| d.code == crate::diagnostics::Code::RelativePathTemplate).map(|d| (d.file.as_str(), d.line)).collect();
        assert_eq!(warnings, [("api/range-merge.md", 10)]);
        // An example whose prefix holds a key value gives no prefix: it would be a literal.
        let valued =
            api_page("Range: merge", "POST /workbook/names/{name}/range/merge", &example("POST", "/me/drive/items/01BYE5RZ/workbook/names/x/range/merge"));
        let loaded = load(&[("api/range-merge.md", &valued)]);
        assert_eq!(loaded.api.operations["range-merge"].paths[0].template, "/workbook/names/{name}/range/merge");
    }

    #[test]
    fn a_name_qualified_by_a_sub_namespace_alone_is_completed() {
        // As in beta `identitygovernance-timebasedattributetrigger.md`: the type column names
        // the enum by its sub-namespace only; another page names it in full.
        let trigger = type_page(
            "timeBasedAttributeTrigger",
            "A trigger.",
            "| timeBasedAttribute | identityGovernance.workflowTriggerTimeBasedAttribute | Possible values are: `employeeHireDate`, `employeeLeaveDateTime`. |",
        );
        let other =
            type_page("otherTrigger", "Another.", "| attribute | microsoft.graph.identityGovernance.workflowTriggerTimeBasedAttribute | The attribute. |");
        let loaded = load(&[("resources/identitygovernance-timebasedattributetrigger.md", &trigger), ("resources/other.md", &other)]);
        let names: Vec<&String> = loaded.api.enums.keys().collect();
        assert_eq!(names, ["microsoft.graph.identityGovernance.workflowTriggerTimeBasedAttribute"]);
        let property = |type_name: &str| loaded.api.types[type_name].properties[0].type_ref.name.clone();
        assert_eq!(property("microsoft.graph.otherTrigger"), "microsoft.graph.identityGovernance.workflowTriggerTimeBasedAttribute");
        assert_eq!(super::qualify("graph.identitySet", "microsoft.graph.security"), "microsoft.graph.identitySet");
        assert_eq!(super::qualify("user", "microsoft.graph.security"), "microsoft.graph.security.user");
    }

    #[test]
    fn a_workload_placeholder_goes_to_the_fallback_with_a_warning() {
        assert_eq!(super::workload_id(Some("Microsoft To Do")), "microsoft-to-do");
        assert_eq!(super::workload_id(Some(" Sites_and.Lists ")), "sites-and-lists");
        assert_eq!(super::workload_id(Some("universal-print")), "cloud-printing");
        assert_eq!(super::workload_id(Some("Registry")), "registry-workload", "the models' own feature and module");
        assert_eq!(super::workload_id(Some("full")), "full-workload");
        // As in a newer page: the placeholder would have become a cargo feature name.
        let placeholder = "**TODO: Add MS prod. See [topic-level metadata reference](https://aka.ms/msgo?pagePath=Document-APIs/Guidelines/Metadata)**";
        assert_eq!(super::workload_id(Some(placeholder)), super::FALLBACK_WORKLOAD);
        let page = |front_matter: &str| {
            format!(
                "---\ntitle: \"chat resource type\"\n{front_matter}\n---\n# chat resource type\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n|id|String| The key. |\n"
            )
        };
        let todo = page(&format!("author: someone\nms.prod: \"{placeholder}\""));
        let loaded = load(&[("resources/chat.md", &todo)]);
        assert_eq!(loaded.api.types["microsoft.graph.chat"].workload, super::FALLBACK_WORKLOAD);
        let warnings: Vec<_> = loaded.diagnostics.iter().filter(|d| d.code == crate::diagnostics::Code::InvalidWorkload).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].line, 4, "the line of the key");
        // An empty or placeholder `ms.prod` gives way to `ms.subservice`, without a warning.
        let empty = page("ms.prod: \"\"\nms.subservice: \"teams\"");
        let loaded = load(&[("resources/chat.md", &empty)]);
        assert_eq!(loaded.api.types["microsoft.graph.chat"].workload, "teams");
        assert!(loaded.diagnostics.iter().all(|d| d.code != crate::diagnostics::Code::InvalidWorkload));
    }

    #[test]
    fn a_reference_is_never_set_to_the_resource_it_is_under() {
        // As the beta `b2xidentityuserflow-post-identityproviders.md`, when the page of the
        // type it links is not in the spec: the title names the holder.
        let flow = type_page("b2xIdentityUserFlow", "A user flow.", "|id|String| The key. |");
        let rest = "## Request body\n\nIn the request body, provide a JSON representation of the `id` of the [identityProvider](../resources/identityprovider.md) you want to add.\n";
        let update = api_page("Add identity provider to a b2xIdentityUserFlow", "PATCH /identity/b2xUserFlows/{id}/identityProviders/$ref", rest);
        let loaded = load(&[("resources/b2xidentityuserflow.md", &flow), ("api/update.md", &update)]);
        assert_eq!(loaded.api.operations["update"].request_body, None);
        // Without `$ref` the same page updates the holder.
        let update = update.replace("/identityProviders/$ref", "");
        let loaded = load(&[("resources/b2xidentityuserflow.md", &flow), ("api/update.md", &update)]);
        assert_eq!(loaded.api.operations["update"].request_body.as_ref().map(|t| t.name.as_str()), Some("microsoft.graph.b2xIdentityUserFlow"));
    }

    #[test]
    fn a_single_entity_wrapped_in_value_is_noted_and_checked_as_the_entity() {
        let response = |body: &str| {
            format!(
                "## Example\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"x\" }} -->\n```http\nGET https://graph.microsoft.com/v1.0/things/1\n```\n\n<!-- {{ \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.thing\" }} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{body}\n```\n"
            )
        };
        let thing = type_page("thing", "A thing.", "|id|String| The key. |\n|size|Int32| The size. |");
        // As the Intune pages write it; `size` is wrong inside, and is found there.
        let get = api_page("Get thing", "GET /things/{id}", &response(r#"{"value": {"id": "1", "size": "big"}}"#));
        let loaded = load(&[("resources/thing.md", &thing), ("api/get.md", &get)]);
        use crate::diagnostics::Code;
        let codes: Vec<Code> = loaded.diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.contains(&Code::SingleEntityInValue), "{codes:?}");
        assert!(codes.contains(&Code::WrongJsonType), "the entity inside is checked: {codes:?}");
        // A type whose own property is `value` is no wrapper.
        let holder = type_page("thing", "A thing.", "|id|String| The key. |\n|value|thing| Another. |");
        let loaded = load(&[("resources/thing.md", &holder), ("api/get.md", &get)]);
        assert!(loaded.diagnostics.iter().all(|d| d.code != Code::SingleEntityInValue));
    }

    #[test]
    fn an_api_page_defines_the_enums_of_its_parameters_that_no_resource_page_does() {
        // As in the Cloud PC actions of later versions: the enum's values are on the action's page.
        let rows = "|osVersion|[cloudPcOperatingSystem](#cloudpcoperatingsystem-values)|The OS. Possible values are: `windows10`, `windows11`.|\n|userAccountType|cloudPcUserAccountType|The account. The possible values are: `standardUser`, `administrator`.|";
        let values = "### cloudPcOperatingSystem values\n\n|Member|Description|\n|:--|:--|\n|windows10|Windows 10.|\n|windows11|Windows 11.|\n\n### scanType values\n\n|Value|Description|\n|:--|:--|\n|quick|Soon.|";
        let rest = format!("## Request body\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n{rows}\n\n{values}\n");
        let reprovision = api_page("cloudPC: reprovision", "POST /deviceManagement/virtualEndpoint/cloudPCs/{id}/reprovision", &rest);
        // A resource page's definition wins over the action's prose. A values section no
        // parameter names is about something else.
        let account = "---\ntitle: \"cloudPcUserAccountType enum type\"\ndoc_type: enumPageType\n---\n# cloudPcUserAccountType enum type\n\n| Member | Description |\n|:--|:--|\n|standardUser|A user.|\n|administrator|An admin.|\n|unknownFutureValue|Evolvable.|\n";
        let loaded = load(&[("api/reprovision.md", &reprovision), ("resources/cloudpcuseraccounttype.md", account)]);
        let parameters: Vec<(&str, &str)> =
            loaded.api.operations["reprovision"].request_parameters.iter().map(|p| (p.name.as_str(), p.type_ref.name.as_str())).collect();
        assert_eq!(parameters, [("osVersion", "microsoft.graph.cloudPcOperatingSystem"), ("userAccountType", "microsoft.graph.cloudPcUserAccountType")]);
        let members = |name: &str| loaded.api.enums[name].members.iter().map(|m| m.name.as_str()).collect::<Vec<_>>();
        assert_eq!(members("microsoft.graph.cloudPcOperatingSystem"), ["windows10", "windows11"]);
        assert_eq!(loaded.api.enums["microsoft.graph.cloudPcOperatingSystem"].workload, "groups");
        assert_eq!(members("microsoft.graph.cloudPcUserAccountType"), ["standardUser", "administrator", "unknownFutureValue"]);
        assert!(!loaded.api.enums.contains_key("microsoft.graph.scanType"), "no parameter names the values of `scanType`");
    }

    #[test]
    fn a_link_to_the_page_of_a_type_that_uses_an_enum_is_read_by_the_enum_its_text_names() {
        // As in `api/place-update.md`: `[bookingType](../resources/room.md)`.
        let room = type_page(
            "room",
            "A room.",
            "|id|String| The key. |\n|bookingType|[bookingType](#bookingtype-values)| The kind. |\n\n### bookingType values\n\n|Member|Description|\n|:--|:--|\n|standard|Bookable.|\n|reserved|Not bookable.|",
        );
        let rest = "## Request body\n\n| Property | Type | Description |\n|:--|:--|:--|\n|bookingType|[bookingType](../resources/room.md)| Possible values are `standard` and `reserved`. |\n|capacity|[room](../resources/room.md)| Not an enum. |\n";
        let update = api_page("Update place", "PATCH /places/{id}", rest);
        let loaded = load(&[("resources/room.md", &room), ("api/update.md", &update)]);
        let types: Vec<&str> = loaded.api.operations["update"].request_parameters.iter().map(|p| p.type_ref.name.as_str()).collect();
        assert_eq!(types, ["microsoft.graph.bookingType", "microsoft.graph.room"]);
    }

    #[test]
    fn an_action_example_of_its_parameters_sends_them_not_the_type_the_prose_links() {
        let chat = type_page("chat", "A chat.", "|id|String| The key. |\n|topic|String| The topic. |\n|chatType|String| The kind. |");
        let post = |title: &str, template: &str, rows: &str, body: &str| {
            let rest = format!(
                "## Request body\n\nIn the request body, supply a JSON representation of the [chat](../resources/chat.md) object.\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n{rows}\n\n## Example\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"x\" }} -->\n```http\nPOST https://graph.microsoft.com/v1.0{template}\nContent-type: application/json\n\n{body}\n```\n"
            );
            api_page(title, &format!("POST {template}"), &rest)
        };
        // As in `api/chat-sendactivitynotification.md`: `topic` is a chat's, the rest are not.
        let notify = post(
            "chat: sendActivityNotification",
            "/chats/1/sendActivityNotification",
            "|topic|String| The topic. |\n|activityType|String| The kind. |\n|previewText|String| The text. |",
            r#"{"topic": "x", "activityType": "taskCreated", "previewText": "y"}"#,
        );
        // A create whose table names one member the type's page has not caught up with.
        let create = post(
            "Create chat",
            "/chats",
            "|topic|String| The topic. |\n|chatType|String| The kind. |\n|members|String| New. |",
            r#"{"topic": "x", "chatType": "group", "members": "y"}"#,
        );
        let loaded = load(&[("resources/chat.md", &chat), ("api/notify.md", &notify), ("api/create.md", &create)]);
        let body = |id: &str| loaded.api.operations[id].request_body.as_ref().map(|t| t.name.clone());
        assert_eq!(body("notify"), None);
        assert_eq!(loaded.api.operations["notify"].request_parameters.len(), 3);
        assert_eq!(body("create").as_deref(), Some("microsoft.graph.chat"));
    }

    #[test]
    fn a_create_without_a_documented_body_sends_what_it_creates() {
        // As in `api/schedule-post-shifts.md`: no "Request body" section at all.
        let shift = type_page("shift", "A shift.", "|id|String| The key. |\n|userId|String| The user. |\n|schedulingGroupId|String| The group. |");
        let create = |title: &str, template: &str, body: &str| {
            let rest = format!(
                "## Response\n\nIf successful, this method returns a `201 Created` response code and a new [shift](../resources/shift.md) object in the response body.\n\n## Example\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"x\" }} -->\n```http\nPOST https://graph.microsoft.com/v1.0{template}\nContent-type: application/json\n\n{body}\n```\n"
            );
            api_page(title, &format!("POST {template}"), &rest)
        };
        let shifts = create("Create shift", "/teams/1/schedule/shifts", r#"{"userId": "u", "schedulingGroupId": "g", "group@odata.bind": "x"}"#);
        // An action that answers with the type takes something else.
        let share = create("Create shift", "/teams/1/schedule/shifts/share", r#"{"notifyTeam": true, "startDateTime": "2019-03-11T00:00:00.000Z"}"#);
        let reply = create("shift: createReply", "/teams/1/schedule/shifts/reply", r#"{"userId": "u"}"#);
        let refs = create("Add shift", "/teams/1/schedule/shifts/$ref", r#"{"@odata.id": "https://graph.microsoft.com/v1.0/shifts/1"}"#);
        // As in `api/mailfolder-post-messagerules.md`: a table of the type's own properties.
        let table = "## Request body\n\n| Property | Type | Description |\n|:--|:--|:--|\n|userId|String| The user. |\n\n";
        let tabled = create("Create shift", "/teams/1/schedule/tabled", r#"{"userId": "u"}"#).replace("## Response", &format!("{table}## Response"));
        let other = table.replace("userId", "notifyTeam");
        let untabled = create("Create shift", "/teams/1/schedule/other", r#"{"userId": "u"}"#).replace("## Response", &format!("{other}## Response"));
        let loaded = load(&[
            ("resources/shift.md", &shift),
            ("api/shifts.md", &shifts),
            ("api/share.md", &share),
            ("api/reply.md", &reply),
            ("api/refs.md", &refs),
            ("api/tabled.md", &tabled),
            ("api/untabled.md", &untabled),
        ]);
        let body = |id: &str| loaded.api.operations[id].request_body.as_ref().map(|t| t.name.clone());
        assert_eq!(body("shifts").as_deref(), Some("microsoft.graph.shift"));
        assert_eq!(body("share"), None, "its members are not a shift's");
        assert_eq!(body("reply"), None, "its title names no create");
        assert_eq!(body("refs"), None, "a `$ref` body is a reference");
        assert_eq!(body("tabled").as_deref(), Some("microsoft.graph.shift"));
        assert_eq!(body("untabled"), None, "its table lists what a shift does not have");
    }

    #[test]
    fn a_primitive_annotation_over_a_body_of_objects_yields_to_the_prose() {
        // As in the newer reference's Intune pages (`intune-apps-mobileapp-list.md`).
        let app = type_page("mobileApp", "An app.", "|id|String| The key. |\n|displayName|String| The name. |");
        let list = |body: &str| {
            let rest = format!(
                "## Response\n\nIf successful, this method returns a `200 OK` response code and a collection of [mobileApp](../resources/mobileapp.md) objects in the response body.\n\n## Example\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"x\" }} -->\n```http\nGET https://graph.microsoft.com/v1.0/deviceAppManagement/mobileApps\n```\n\n<!-- {{ \"blockType\": \"response\", \"@odata.type\": \"Edm.String\" }} -->\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{body}\n```\n"
            );
            api_page("List mobileApps", "GET /deviceAppManagement/mobileApps", &rest)
        };
        let objects = list(r#"{"value": [{"id": "1", "displayName": "x"}]}"#);
        // Strings in `value` are what the annotation says.
        let strings = list(r#"{"value": ["a", "b"]}"#);
        let loaded = load(&[("resources/mobileapp.md", &app), ("api/objects.md", &objects), ("api/strings.md", &strings)]);
        let returned = |id: &str| loaded.api.operations[id].response.as_ref().and_then(|r| r.type_ref.as_ref()).map(|t| (t.name.clone(), t.collection));
        assert_eq!(returned("objects"), Some(("microsoft.graph.mobileApp".to_owned(), true)));
        assert_eq!(returned("strings"), Some(("Edm.String".to_owned(), false)));
        // And its example is checked as what the operation returns.
        assert!(loaded.diagnostics.iter().all(|d| d.file != "api/objects.md" || d.code != crate::Code::WrongJsonType), "{:?}", loaded.diagnostics);
        assert!(
            loaded.typed_examples.iter().any(|t| t.file == "api/objects.md" && t.type_name == "microsoft.graph.mobileApp" && t.pointer == "/value/0"),
            "{:?}",
            loaded.typed_examples
        );
    }

    #[test]
    fn prose_naming_each_annotated_outcome_returns_their_common_base() {
        // As in the newer `partners-billing-operation-get.md`: one outcome per paragraph.
        let entity = type_page("entity", "The base.", "|id|String| The key. |");
        let operation = type_page("operation", "Inherits from [entity](entity.md).", "|status|String| The status. |");
        let failed = type_page("failedOperation", "Inherits from [operation](operation.md).", "|error|String| The error. |");
        let running = type_page("runningOperation", "Inherits from [operation](operation.md).", "|percent|Int32| Done. |");
        let response = |annotation: &str| {
            format!("<!-- {{ \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.{annotation}\" }} -->\n```http\nHTTP/1.1 200 OK\n```\n")
        };
        let example = format!(
            "<!-- {{ \"blockType\": \"request\", \"name\": \"x\" }} -->\n```http\nGET https://graph.microsoft.com/v1.0/operations/1\n```\n\n{}",
            response("failedOperation")
        );
        let second = format!(
            "<!-- {{ \"blockType\": \"request\", \"name\": \"y\" }} -->\n```http\nGET https://graph.microsoft.com/v1.0/operations/2\n```\n\n{}",
            response("runningOperation")
        );
        let outcomes = "If an operation fails, this method returns a `200 OK` response code and a [failedOperation](../resources/failedoperation.md) object in the response body.\n\nIf it is still running, this method returns a `200 OK` response code and a [runningOperation](../resources/runningoperation.md) object in the response body.";
        let both = api_page("Get operation", "GET /operations/{id}", &format!("## Response\n\n{outcomes}\n\n## Examples\n\n{example}\n{second}"));
        // Prose that names only the first leaves it: the other example is another path's.
        let first_only = both.replace("\n\nIf it is still running, this method returns a `200 OK` response code and a [runningOperation](../resources/runningoperation.md) object in the response body.", "");
        let loaded = load(&[
            ("resources/entity.md", &entity),
            ("resources/operation.md", &operation),
            ("resources/failedoperation.md", &failed),
            ("resources/runningoperation.md", &running),
            ("api/both.md", &both),
            ("api/first.md", &first_only),
        ]);
        let returned = |id: &str| loaded.api.operations[id].response.as_ref().and_then(|r| r.type_ref.as_ref()).map(|t| t.name.clone());
        assert_eq!(returned("both").as_deref(), Some("microsoft.graph.operation"));
        assert_eq!(returned("first").as_deref(), Some("microsoft.graph.failedOperation"));
    }

    #[test]
    fn a_list_example_settles_a_collection_path_but_is_reported_on_a_get_by_key() {
        // As `openshift-list` (annotated and described as one `openShift`) beside
        // `openshift-get`, whose `{id}` shows `openShifts` to be a collection; and as
        // `signin-get`, a get by key shown answering with a list.
        let entity = type_page("entity", "The base.", "|id|String| The key. |");
        let shift = type_page("openShift", "Inherits from [entity](entity.md).", "|note|String| A note. |");
        let example = |url: &str| {
            format!(
                "## Response

If successful, this method returns a `200 OK` response code and an [openShift](../resources/openshift.md) object in the response body.

## Example

<!-- {{ \"blockType\": \"request\", \"name\": \"x\" }} -->\n```http\nGET https://graph.microsoft.com/v1.0{url}\n```\n\n<!-- {{ \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.openShift\" }} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{{\"value\": [{{\"id\": \"1\", \"note\": \"n\"}}]}}\n```\n"
            )
        };
        let list = api_page("List openShifts", "GET /schedule/openShifts", &example("/schedule/openShifts"));
        let get = api_page("Get openShift", "GET /schedule/openShifts/{id}", &example("/schedule/openShifts/1"));
        let filtered = api_page("Find openShift", "GET /schedule/openShifts/{id}/latest", &example("/schedule/openShifts/1/latest?$filter=note eq 'n'"));
        // A page that also gets one item (`/me/presence` beside `/communications/presences`)
        // keeps its single answer, whatever its first example shows.
        let mixed = api_page("Get openShift or list", "GET /me/openShift\nGET /schedule/openShifts", &example("/schedule/openShifts"));
        let loaded = load(&[
            ("resources/entity.md", &entity),
            ("resources/openshift.md", &shift),
            ("api/openshift-list.md", &list),
            ("api/openshift-get.md", &get),
            ("api/openshift-find.md", &filtered),
            ("api/openshift-mixed.md", &mixed),
        ]);
        let collection = |id: &str| loaded.api.operations[id].response.as_ref().and_then(|r| r.type_ref.as_ref()).map(|t| t.collection);
        assert_eq!(collection("openshift-list"), Some(true));
        assert_eq!(collection("openshift-get"), Some(false));
        assert_eq!(collection("openshift-find"), Some(false), "nothing keys into `latest`");
        assert_eq!(collection("openshift-mixed"), Some(false), "`/me/openShift` gets one");
        let reported = |code: crate::Code| loaded.diagnostics.iter().filter(|d| d.code == code).map(|d| d.file.as_str()).collect::<Vec<_>>();
        assert_eq!(reported(crate::Code::UnannotatedCollectionResponse), ["api/openshift-list.md"]);
        assert_eq!(
            reported(crate::Code::CollectionExampleOfSingleResponse),
            ["api/openshift-get.md", "api/openshift-mixed.md"],
            "a list asked for with `$filter` is no mistake"
        );
    }

    #[test]
    fn null_in_a_member_table_is_no_member() {
        // As `resources/user.md`'s `ageGroup values`: "null | Default value, no ageGroup has been set".
        let user = type_page(
            "user",
            "A user.",
            "|ageGroup|[ageGroup](#agegroup-values)| The age group. |\n\n#### ageGroup values\n\n| Member | Description |\n|:---|:---|\n|null|Default value, not set.|\n|minor|A minor.|\n|adult|An adult.|",
        );
        let loaded = load(&[("resources/user.md", &user)]);
        let members: Vec<&str> = loaded.api.enums["microsoft.graph.ageGroup"].members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(members, ["minor", "adult"]);
        assert!(loaded.diagnostics.iter().any(|d| d.code == crate::Code::NullEnumMember && d.file == "resources/user.md"), "{:?}", loaded.diagnostics);
    }

    #[test]
    fn a_link_to_a_missing_page_of_a_sub_namespace_finds_no_type_of_another() {
        let alert = type_page("alert", "A legacy alert.", "|id|String| The key. |");
        let case = "---\ntitle: \"case resource type\"\n---\n# case resource type\n\nNamespace: microsoft.graph.security\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n|id|String| The key. |\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.security.case\" } -->\n```json\n{ \"id\": \"String\" }\n```\n";
        let get = |page: &str| {
            let rest = format!(
                "## Response\n\nIf successful, this method returns a `200 OK` response code and an [alert](../resources/{page}) object in the response body."
            );
            api_page("Get alert", "GET /security/alerts_v2/{id}", &rest)
        };
        // As in the newer `security-alert-update.md` when `security-alert.md` is not given.
        let missing = get("security-alert.md");
        let legacy = get("alert.md");
        let loaded = load(&[("resources/alert.md", &alert), ("resources/security-case.md", case), ("api/missing.md", &missing), ("api/legacy.md", &legacy)]);
        let returned = |id: &str| loaded.api.operations[id].response.as_ref().and_then(|r| r.type_ref.as_ref()).map(|t| t.name.clone());
        assert_eq!(returned("missing"), None);
        assert_eq!(returned("legacy").as_deref(), Some("microsoft.graph.alert"));
    }

    #[test]
    fn prose_and_a_value_array_make_a_collection_the_annotation_leaves_out() {
        // As in `api/chat-list-members.md`: "a list of [conversationMember] objects", an
        // example `{"value": [...]}`, and an annotation without `isCollection`.
        let member = type_page("conversationMember", "A member.", "|id|String| The key. |\n|displayName|String| The name. |");
        let response = |prose: &str, body: &str| {
            format!(
                "## Response\n\nIf successful, this method returns a `200 OK` response code and {prose} in the response body.\n\n## Example\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"x\" }} -->\n```http\nGET https://graph.microsoft.com/v1.0/chats/1/members\n```\n\n<!-- {{ \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.conversationMember\" }} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{body}\n```\n"
            )
        };
        let page_of_members = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#members", "@odata.count": 1, "value": [{"id": "1"}]}"#;
        let list = api_page(
            "List members",
            "GET /chats/{chat-id}/members",
            &response("a list of [conversationMember](../resources/conversationmember.md) objects", page_of_members),
        );
        // As in `api/chat-get.md`: prose copied from a list page, a single object shown.
        let get = api_page(
            "Get member",
            "GET /chats/{chat-id}/members/{id}",
            &response("a collection of [conversationMember](../resources/conversationmember.md) objects", r#"{"id": "1"}"#),
        );
        // The array alone, with prose naming one object, is left to the annotation.
        let one = api_page(
            "Get members",
            "GET /chats/{chat-id}/memberList",
            &response("a [conversationMember](../resources/conversationmember.md) object", r#"{"value": [{"id": "1"}]}"#),
        );
        let loaded = load(&[("resources/conversationmember.md", &member), ("api/list.md", &list), ("api/get.md", &get), ("api/one.md", &one)]);
        let collection = |id: &str| loaded.api.operations[id].response.as_ref().and_then(|r| r.type_ref.as_ref()).map(|t| t.collection);
        assert_eq!(collection("list"), Some(true));
        // Its example is checked item by item, as the collection resolution made it.
        assert!(loaded.diagnostics.iter().all(|d| d.file != "api/list.md" || d.code != crate::Code::UnknownPropertyInExample), "{:?}", loaded.diagnostics);
        assert_eq!(collection("get"), Some(false));
        assert_eq!(collection("one"), Some(false));
    }

    #[test]
    fn path_parameters_are_typed_by_their_tables_or_the_entity_they_key() {
        let entity = type_page("entity", "The base.", "|id|String| The key. |");
        let group = type_page(
            "group",
            "Inherits from [entity](entity.md).",
            "|displayName|String| Name. |\n\n## Relationships\n\n| Relationship | Type | Description |\n|:--|:--|:--|\n|members|[directoryObject](directoryobject.md) collection| Members. |",
        );
        // A type of its own `id` tells the relationship walk from the fallback to `entity`.
        let member = type_page("directoryObject", "Inherits from [entity](entity.md).", "|id|Guid| The key. |\n|deletedDateTime|DateTimeOffset| When. |");
        let returns_group =
            "## Response\n\nIf successful, this method returns a `200 OK` response code and a [group](../resources/group.md) object in the response body.";
        let get = api_page("Get group", "GET /groups/{id}", returns_group);
        let remove = api_page("Remove member", "DELETE /groups/{group-id}/members/{member-id}/$ref", "");
        let report = api_page(
            "getReport",
            "GET /reports/getReport(date={date_value})",
            "## Function parameters\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n|date|Date| The day. |",
        );
        let share = api_page(
            "Get share",
            "GET /shares/{shareId}",
            "### Path parameters\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n|shareId|Int32| The share. |",
        );
        let item = api_page("Get item", "GET /drives/{drive-id}/root:/{item-path}", "");
        let range = api_page("Get range", "GET /workbook/range(address='<address>')", "");
        let loaded = load(&[
            ("resources/entity.md", &entity),
            ("resources/group.md", &group),
            ("resources/directoryobject.md", &member),
            ("api/group-get.md", &get),
            ("api/group-delete-members.md", &remove),
            ("api/reportroot-getreport.md", &report),
            ("api/shares-get.md", &share),
            ("api/driveitem-get.md", &item),
            ("api/range-get.md", &range),
        ]);
        let types = |operation: &str| -> Vec<(String, Option<String>)> {
            let path = &loaded.api.operations[operation].paths[0];
            path.parameters.iter().map(|p| (p.docs_name.clone(), p.type_ref.as_ref().map(|t| t.name.clone()))).collect()
        };
        let typed = |name: &str, type_name: Option<&str>| (name.to_owned(), type_name.map(str::to_owned));
        assert_eq!(types("group-get"), [typed("id", Some("Edm.String"))], "a GET through the key returns the entity");
        assert_eq!(
            types("group-delete-members"),
            [typed("group-id", Some("Edm.String")), typed("member-id", Some("Edm.Guid"))],
            "the second key follows `members`"
        );
        assert_eq!(types("reportroot-getreport"), [typed("date_value", Some("Edm.Date"))], "the function parameter table");
        assert_eq!(types("shares-get"), [typed("shareId", Some("Edm.Int32"))], "the path parameter table");
        assert_eq!(
            types("driveitem-get"),
            [typed("drive-id", Some("Edm.String")), typed("item-path", Some("Edm.String"))],
            "a drive is an entity, keyed by entity's id"
        );
        assert_eq!(types("range-get"), [typed("address", Some("Edm.String"))], "a quoted argument is a string");
    }

    #[test]
    fn navigation_targets_are_entities_and_structural_uses_overrule_the_template_hint() {
        let entity = type_page("entity", "The base.", "|id|String| The key. |");
        // As in `resources/serviceprincipal.md` → `resources/approleassignment.md`: a
        // Relationships row names a type whose own page shows only an `id`.
        let principal = type_page(
            "servicePrincipal",
            "An app.",
            "|id|String| The key. |\n|source|[settingSource](settingsource.md)| Structural. |\n|targets|[invitationParticipantInfo](participantinfo.md) collection| Text and link differ. |\n|includes|[assignment](assignment.md) collection| Listed twice. |\n\n## Relationships\n\n| Relationship | Type | Description |\n|:--|:--|:--|\n|appRoleAssignedTo|[appRoleAssignment](approleassignment.md) collection| Navigation. |\n|includes|[assignment](assignment.md) collection| Listed twice. |\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.servicePrincipal\" } -->\n```json\n{ \"targets\": [{ \"@odata.type\": \"#microsoft.graph.invitationParticipantInfo\" }] }\n```",
        );
        let assignment = type_page("appRoleAssignment", "An assignment.", "|id|String| The key. |");
        let listed = type_page("assignment", "An assignment.", "|id|String| The key. |");
        // As in `resources/intune-deviceconfig-settingsource.md` (complex) and
        // `resources/playpromptoperation.md` (an entity): the same template, "None." under
        // Relationships, told apart by a Properties table's use of the first.
        let source = type_page("settingSource", "A source.", "|id|String| The id. |\n\n## Relationships\n\nNone.");
        let operation = type_page("playPromptOperation", "An operation.", "|id|String| The id. |\n\n## Relationships\n\nNone.");
        let participant = type_page("participantInfo", "A participant.", "|identity|String| Who. |");
        let invitation = type_page("invitationParticipantInfo", "An invitee.", "|identity|String| Who. |");
        let loaded = load(&[
            ("resources/entity.md", &entity),
            ("resources/serviceprincipal.md", &principal),
            ("resources/approleassignment.md", &assignment),
            ("resources/assignment.md", &listed),
            ("resources/settingsource.md", &source),
            ("resources/playpromptoperation.md", &operation),
            ("resources/participantinfo.md", &participant),
            ("resources/invitationparticipantinfo.md", &invitation),
        ]);
        use crate::ir::TypeKind;
        let kind = |name: &str| loaded.api.types[&format!("microsoft.graph.{name}")].kind;
        assert_eq!(kind("appRoleAssignment"), TypeKind::Entity);
        assert_eq!(kind("settingSource"), TypeKind::Complex);
        assert_eq!(kind("playPromptOperation"), TypeKind::Entity);
        let principal = &loaded.api.types["microsoft.graph.servicePrincipal"];
        let property = |name: &str| principal.properties.iter().find(|p| p.name == name).expect(name);
        assert_eq!(property("targets").type_ref.name, "microsoft.graph.invitationParticipantInfo", "the JSON's @odata.type settles text against link");
        assert!(property("includes").is_navigation, "a Relationships listing makes the first row a navigation property");
        assert!(!property("source").is_navigation);
    }

    #[test]
    fn bases_come_from_derived_type_lists_and_entities_derive_from_entity() {
        let entity = type_page("entity", "The base.", "|id|String| The key. |");
        // As in `resources/changetrackedentity.md` and `resources/openshift.md`: the base
        // page names the derived type, the derived page names no base and has no `id`.
        let tracked = type_page(
            "changeTrackedEntity",
            "The derived types are [openShift](openshift.md).",
            "|id|String| The key. |\n\n## Methods\n\n| Method | Return type | Description |\n|:--|:--|:--|\n|[Get](../api/x-get.md)|changeTrackedEntity| Read. |",
        );
        let open_shift = type_page("openShift", "An open shift.", "|draftOpenShift|String| The draft. |");
        // An `id` and a relationships section make no entity of a type derived from a
        // complex one (as in `resources/teamworkuseridentity.md`).
        let identity = type_page("identity", "An identity.", "|displayName|String| The name. |");
        let user_identity = type_page("teamworkUserIdentity", "Inherits from [identity](identity.md).", "|id|String| The id. |\n\n## Relationships\n\nNone.");
        let user = type_page(
            "user",
            "A user.",
            "|id|String| The id. |\n\n## Relationships\n\n| Relationship | Type | Description |\n|:--|:--|:--|\n|manager|[user](user.md)| The manager. |",
        );
        // Read by key: an entity, though its page shows no `id` (as `resources/timeoffrequest.md`).
        let request = type_page("timeOffRequest", "A request.", "|startDateTime|DateTimeOffset| The start. |");
        let get_request = get_page("Get timeOffRequest", "/teams/{teamId}/schedule/timeOffRequests/{timeOffRequestId}", "timeOffRequest");
        let pages = [
            ("resources/entity.md", entity.as_str()),
            ("resources/changetrackedentity.md", &tracked),
            ("resources/openshift.md", &open_shift),
            ("resources/identity.md", &identity),
            ("resources/teamworkuseridentity.md", &user_identity),
            ("resources/user.md", &user),
            ("resources/timeoffrequest.md", &request),
            ("api/timeoffrequest-get.md", &get_request),
        ];
        let api = load(&pages).api;
        let of = |name: &str| (api.types[name].kind, api.types[name].base_type.as_deref());
        use crate::ir::TypeKind::{Complex, Entity};
        assert_eq!(of("microsoft.graph.entity"), (Entity, None));
        assert_eq!(of("microsoft.graph.changeTrackedEntity"), (Entity, Some("microsoft.graph.entity")));
        assert_eq!(of("microsoft.graph.openShift"), (Entity, Some("microsoft.graph.changeTrackedEntity")), "an entity by its base");
        assert_eq!(of("microsoft.graph.teamworkUserIdentity"), (Complex, Some("microsoft.graph.identity")));
        assert_eq!(of("microsoft.graph.identity"), (Complex, None));
        assert_eq!(of("microsoft.graph.user"), (Entity, Some("microsoft.graph.entity")));
        assert_eq!(of("microsoft.graph.timeOffRequest"), (Entity, Some("microsoft.graph.entity")));
    }

    #[test]
    fn a_path_that_keys_into_a_single_relationship_makes_it_a_collection() {
        let message = resource("chatMessage", "|hostedContents|[hostedContent](hostedcontent.md)| Content. |");
        // The same relationship name on a type no path keys through stays as its table says.
        let draft = resource("draft", "|hostedContents|[hostedContent](hostedcontent.md)| Content. |");
        let content = resource("hostedContent", "|message|[chatMessage](chatmessage.md)| The message. |");
        let get_message = get_page("Get chatMessage", "/chats/{chat-id}/messages/{message-id}", "chatMessage");
        let get_content = get_page("Get hostedContent", "/chats/{chatId}/messages/{messageId}/hostedContents/{hostedContentId}", "hostedContent");
        let loaded = load(&[
            ("resources/chatmessage.md", &message),
            ("resources/draft.md", &draft),
            ("resources/hostedcontent.md", &content),
            ("api/chatmessage-get.md", &get_message),
            ("api/hostedcontent-get.md", &get_content),
        ]);
        let relationship = |owner: &str| loaded.api.types[owner].properties.iter().find(|p| p.name == "hostedContents").map(|p| p.type_ref.collection);
        assert_eq!(relationship("microsoft.graph.chatMessage"), Some(true));
        assert_eq!(relationship("microsoft.graph.draft"), Some(false));
        let warned: Vec<(&str, u32)> =
            loaded.diagnostics.iter().filter(|d| d.code == crate::diagnostics::Code::KeyedSingleRelationship).map(|d| (d.file.as_str(), d.line)).collect();
        let row = message.lines().position(|line| line.starts_with("|hostedContents|")).expect("the row") as u32 + 1;
        assert_eq!(warned, [("resources/chatmessage.md", row)]);
    }

    /// A resource page whose JSON representation annotation says `"keyProperty": "id"`.
    fn keyed_page(name: &str, sections: &str) -> String {
        format!(
            "---\ntitle: \"{name} resource type\"\nms.prod: \"applications\"\n---\n# {name} resource type\n\nSettings.\n\n{sections}\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n|enabled|Boolean| On. |\n\n## JSON representation\n\n<!-- {{\n  \"blockType\": \"resource\",\n  \"keyProperty\": \"id\",\n  \"@odata.type\": \"microsoft.graph.{name}\"\n}}-->\n```json\n{{\n  \"enabled\": true\n}}\n```\n"
        )
    }

    #[test]
    fn a_key_the_type_cannot_have_is_no_entity_evidence() {
        // As `resources/implicitgrantsettings.md` (complex in the official schema): a copied
        // `keyProperty`, no `id`, no base, no methods. `resources/educationassignmentsettings.md`
        // (an entity) has the same annotation and its own methods.
        let settings = keyed_page("implicitGrantSettings", "");
        let assignment_settings = keyed_page(
            "educationAssignmentSettings",
            "## Methods\n\n| Method | Return type | Description |\n|:--|:--|:--|\n|[Get](../api/educationassignmentsettings-get.md)|educationAssignmentSettings| Read. |",
        );
        let api = load(&[("resources/implicitgrantsettings.md", &settings), ("resources/educationassignmentsettings.md", &assignment_settings)]).api;
        assert_eq!(api.types["microsoft.graph.implicitGrantSettings"].kind, crate::ir::TypeKind::Complex);
        assert_eq!(api.types["microsoft.graph.educationAssignmentSettings"].kind, crate::ir::TypeKind::Entity);
    }

    #[test]
    fn enum_members_spelled_in_other_case_elsewhere_are_the_same_members() {
        // As `resources/enums.md` (`none`, ...) and `resources/responsestatus.md` (prose: `None`, ...).
        let enums =
            "---\ntitle: \"Enum values\"\nms.prod: \"outlook\"\n---\n# Enum values\n\n### responseType values\n\n| Member |\n|:---|\n| none |\n| organizer |\n";
        let status = type_page("responseStatus", "The response.", "| response | responseType | The possible values are: `None`, `Organizer`, `Declined`. |");
        let loaded = load(&[("resources/enums.md", enums), ("resources/responsestatus.md", &status)]);
        let members: Vec<&str> = loaded.api.enums["microsoft.graph.responseType"].members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(members, ["none", "organizer", "Declined"]);
        let notes: Vec<&str> = loaded.diagnostics.iter().filter(|d| d.code == crate::diagnostics::Code::DuplicateEnum).map(|d| d.message.as_str()).collect();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes.iter().any(|m| m.contains("spelled `None`, `Organizer` here")), "{notes:?}");
    }

    #[test]
    fn a_choice_of_types_is_their_common_base() {
        // As in `resources/call.md`: "[appHostedMediaConfig](…) or [serviceHostedMediaConfig](…)".
        let media = type_page("mediaConfig", "The base.", "|removeFromDefaultAudioGroup|Boolean| A flag. |");
        let app = type_page("appHostedMediaConfig", "Inherits from [mediaConfig](mediaconfig.md).", "|blob|String| The blob. |");
        let service = type_page("serviceHostedMediaConfig", "Inherits from [mediaConfig](mediaconfig.md).", "|preFetchMedia|String| Media. |");
        let other = type_page("chatInfo", "Unrelated.", "|threadId|String| The thread. |");
        let call = type_page(
            "call",
            "A call.",
            "|mediaConfig|[appHostedMediaConfig](apphostedmediaconfig.md) or [serviceHostedMediaConfig](servicehostedmediaconfig.md)| The media. |\n|unrelated|[appHostedMediaConfig](apphostedmediaconfig.md) or [chatInfo](chatinfo.md)| No common base. |",
        );
        let api = load(&[
            ("resources/mediaconfig.md", &media),
            ("resources/apphostedmediaconfig.md", &app),
            ("resources/servicehostedmediaconfig.md", &service),
            ("resources/chatinfo.md", &other),
            ("resources/call.md", &call),
        ])
        .api;
        let type_of = |name: &str| api.types["microsoft.graph.call"].properties.iter().find(|p| p.name == name).map(|p| p.type_ref.name.clone());
        assert_eq!(type_of("mediaConfig").as_deref(), Some("microsoft.graph.mediaConfig"));
        assert_eq!(type_of("unrelated").as_deref(), Some("microsoft.graph.appHostedMediaConfig"));
    }

    #[test]
    fn an_entity_keyed_by_another_property_does_not_derive_from_entity() {
        // As in newer `resources/crosstenantaccesspolicyconfigurationpartner.md`.
        let entity = type_page("entity", "The base.", "|id|String| The key. |");
        let keyed = |key: &str| {
            format!(
                "---\ntitle: \"partner resource type\"\nms.prod: \"identity-and-sign-in\"\n---\n# partner resource type\n\nA partner.\n\n## Methods\n\n| Method | Return type | Description |\n|:---|:---|:---|\n|[Get](../api/partner-get.md)|[partner](partner.md)|Read it.|\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n|tenantId|String| The tenant. |\n|id|String| The id. |\n\n## JSON representation\n\n<!-- {{\n  \"blockType\": \"resource\",\n  \"keyProperty\": \"{key}\",\n  \"@odata.type\": \"microsoft.graph.partner\"\n}}-->\n```json\n{{\n  \"tenantId\": \"String\"\n}}\n```\n"
            )
        };
        let base_of = |key: &str| {
            let loaded = load(&[("resources/entity.md", &entity), ("resources/partner.md", &keyed(key))]);
            let partner = &loaded.api.types["microsoft.graph.partner"];
            (partner.kind, partner.base_type.clone())
        };
        assert_eq!(base_of("tenantId"), (crate::ir::TypeKind::Entity, None), "a root of its own");
        assert_eq!(base_of("id"), (crate::ir::TypeKind::Entity, Some("microsoft.graph.entity".to_owned())));
    }

    #[test]
    fn a_row_repeating_an_inherited_property_in_another_case_is_that_property() {
        // As in beta `resources/learningcourseactivity.md`: `|Id|String|...|` under a type
        // that inherits `id` from `entity`.
        let entity = type_page("entity", "The base.", "|id|String| The key. |");
        let activity = "---\ntitle: \"learningCourseActivity resource type\"\nms.prod: \"employee-learning\"\n---\n# learningCourseActivity resource type\n\nInherits from [entity](entity.md).\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n|Id|String| The ID. |\n|status|String| The status. |\n";
        let loaded = load(&[("resources/entity.md", &entity), ("resources/learningcourseactivity.md", activity)]);
        let own: Vec<&str> = loaded.api.types["microsoft.graph.learningCourseActivity"].properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(own, ["status"], "no second member named `Id`");
        let reported: Vec<&str> = loaded.diagnostics.iter().filter(|d| d.code == crate::Code::DuplicateProperty).map(|d| d.message.as_str()).collect();
        assert_eq!(reported.len(), 1, "{reported:?}");
        assert!(reported[0].contains("`Id` differs only in letter case from `id`, which it inherits from `entity`"), "{reported:?}");
    }

    #[test]
    fn a_derived_type_json_shows_inherited_properties_without_redeclaring_them() {
        // As in `resources/teleconferencedeviceaudioquality.md`: the JSON representation
        // repeats the base's properties with sample values (`10` for a Double).
        let base = type_page("teleconferenceDeviceMediaQuality", "The base.", "|averageInboundPacketLossRateInPercentage|Double| Percent. |");
        let audio = "---\ntitle: \"teleconferenceDeviceAudioQuality resource type\"\nms.prod: \"cloud-communications\"\n---\n# teleconferenceDeviceAudioQuality resource type\n\nInherits from [teleconferenceDeviceMediaQuality](teleconferencedevicemediaquality.md).\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n|channelIndex|Int32| The channel. |\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.teleconferenceDeviceAudioQuality\" } -->\n```json\n{\n  \"averageInboundPacketLossRateInPercentage\": 10,\n  \"channelIndex\": 1,\n  \"sampleOnlyInJson\": 2\n}\n```\n";
        let loaded = load(&[("resources/teleconferencedevicemediaquality.md", &base), ("resources/teleconferencedeviceaudioquality.md", audio)]);
        let own: Vec<(&str, &str)> = loaded.api.types["microsoft.graph.teleconferenceDeviceAudioQuality"]
            .properties
            .iter()
            .map(|p| (p.name.as_str(), p.type_ref.name.as_str()))
            .collect();
        assert_eq!(own, [("channelIndex", "Edm.Int32"), ("sampleOnlyInJson", "Edm.Int32")], "the inherited Double is the base's alone");
        let notes: Vec<&str> = loaded.diagnostics.iter().filter(|d| d.code == crate::Code::PropertyOnlyInJson).map(|d| d.message.as_str()).collect();
        assert_eq!(notes.len(), 1, "only the property no table declares is reported: {notes:?}");
        assert!(notes[0].contains("sampleOnlyInJson"));
    }

    #[test]
    fn an_example_of_a_derived_type_does_not_narrow_the_response() {
        let attachment = type_page("attachment", "The base.", "|id|String| The key. |");
        let file = type_page("fileAttachment", "Inherits from [attachment](attachment.md).", "|contentBytes|Binary| The bytes. |");
        let item = type_page("itemAttachment", "Inherits from [attachment](attachment.md).", "|item|String| The item. |");
        let settings = type_page("mailboxSettings", "Settings.", "|timeZone|String| The zone. |");
        let hours = type_page("workingHours", "Hours.", "|startTime|String| The start. |");
        let get = |title: &str, prose: &str, annotations: &[&str]| {
            let examples: String = annotations
                .iter()
                .map(|annotation| format!("<!-- {{ \"blockType\": \"request\" }} -->\n```http\nGET https://graph.microsoft.com/v1.0/me/x\n```\n\n<!-- {{ \"blockType\": \"response\", \"@odata.type\": \"{annotation}\" }} -->\n```http\nHTTP/1.1 200 OK\n\n{{}}\n```\n\n"))
                .collect();
            format!(
                "---\ntitle: \"{title}\"\nms.prod: \"outlook\"\n---\n# {title}\n\n## HTTP request\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\nGET /me/x\n```\n\n## Response\n\n{prose}\n\n## Example\n\n{examples}"
            )
        };
        // As in `api/message-post-attachments.md` (prose) and `api/attachment-get.md` (none).
        let with_prose = get(
            "Add attachment",
            "If successful, this method returns `201 Created` and an [Attachment](../resources/attachment.md) object.",
            &["microsoft.graph.fileAttachment"],
        );
        let without_prose =
            get("Get attachment", "If successful, this method returns `200 OK`.", &["microsoft.graph.fileAttachment", "microsoft.graph.itemAttachment"]);
        // As in `api/user-get-mailboxsettings.md`: unrelated types, one per path; the first stays.
        let unrelated =
            get("Get mailboxSettings", "If successful, this method returns `200 OK`.", &["microsoft.graph.mailboxSettings", "microsoft.graph.workingHours"]);
        let one_case = get("Get file attachment", "If successful, this method returns `200 OK`.", &["microsoft.graph.fileAttachment"]);
        let api = load(&[
            ("resources/attachment.md", &attachment),
            ("resources/fileattachment.md", &file),
            ("resources/itemattachment.md", &item),
            ("resources/mailboxsettings.md", &settings),
            ("resources/workinghours.md", &hours),
            ("api/with-prose.md", &with_prose),
            ("api/without-prose.md", &without_prose),
            ("api/unrelated.md", &unrelated),
            ("api/one-case.md", &one_case),
        ])
        .api;
        let returns = |id: &str| api.operations[id].response.as_ref().and_then(|r| r.type_ref.as_ref()).map(|t| t.name.clone()).unwrap_or_default();
        assert_eq!(returns("with-prose"), "microsoft.graph.attachment");
        assert_eq!(returns("without-prose"), "microsoft.graph.attachment");
        assert_eq!(returns("unrelated"), "microsoft.graph.mailboxSettings");
        assert_eq!(returns("one-case"), "microsoft.graph.fileAttachment", "one annotation and no prose: nothing says it is one case of many");
    }
}
