//! Reads the Microsoft Graph reference docs into an API model (the IR) and diagnostics,
//! and renders the Rust of `graph-models` and `graph-client` from it.
//!
//! # Phases
//!
//! The crate is pure: it takes `(path, text)` pairs and returns data. Only `xtask`
//! touches the disk.
//!
//! 1. **Parse** ([`parse`]): each page on its own. One pulldown-cmark pass
//!    ([`parse::markdown`]) turns the text into blocks with byte offsets; the YAML front
//!    matter, `<!-- { ... } -->` annotations, HTTP fences, tables and JSON bodies are
//!    read from those blocks into a page model ([`parse::ParsedPage`]): an API page's
//!    paths, permissions, headers and examples, or a resource page's types, properties
//!    and enums. Links stay unresolved. Every problem becomes a [`Diagnostic`] with a
//!    file, line and column; parsing never panics and never drops a page.
//! 2. **Resolve** ([`resolve`]): all pages together. Type-column links and names are
//!    looked up case-insensitively (as the live site does), base types and entity kinds
//!    are settled, duplicates are decided by path order, and what cannot be resolved
//!    becomes untyped JSON with a diagnostic.
//! 3. **IR** ([`ir`]): the result, [`ir::Api`], is plain serde + schemars data in sorted
//!    maps, named in the docs' own terms (full OData names, wire names, `Edm.*`), so it
//!    can be compared with the official schema and serialises to the same bytes every run.
//!    Examples are then checked against it ([`check`]), and each example's URL against
//!    the documented path templates ([`routes`]).
//! 4. **Emit** ([`emit`]): the IR is rendered to Rust tokens (`quote`) and formatted text
//!    (prettyplease): the models, the client's navigation and endpoints, and the replay
//!    cases that call each endpoint with its documented examples.
//!
//! Two IRs can also be compared ([`diff`]): the semantic API diff lists what changed
//! between two versions of the docs and classifies each change as breaking or additive
//! for users of the generated crates.

pub mod check;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod ir;
pub mod naming;
pub mod parallel;
pub mod parse;
pub mod resolve;
pub mod routes;
pub mod temporal;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use diagnostics::{Code, Diagnostic, Severity};
use parse::{Folder, PageBody};

/// One input file: its path relative to the spec folder and its text. A page is in `api/`
/// or `resources/` (`api/user-get.md`); a file in `includes/permissions/` is the
/// permissions table a newer page includes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SpecFile {
    pub path: String,
    pub text: String,
}

/// Everything the parse and resolve phases produce for one spec folder.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub api: ir::Api,
    /// Sorted by file, line, column and code.
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    /// Example values with a known model type, in page order (see [`check::TypedExample`]).
    pub typed_examples: Vec<check::TypedExample>,
}

/// Corpus figures printed by `cargo xtask lint`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    pub pages: usize,
    pub api_pages: usize,
    /// Pages under `resources/` that are not enum pages.
    pub resource_pages: usize,
    pub enum_pages: usize,
    /// API pages that yield an operation with a method and at least one path.
    pub operations: usize,
    pub paths: usize,
    pub types: usize,
    pub properties: usize,
    pub enums: usize,
    /// JSON example bodies (requests and responses that look like JSON).
    pub examples: usize,
    pub examples_parsed: usize,
    pub examples_checked: usize,
    pub diagnostics_by_severity: BTreeMap<String, usize>,
    pub diagnostics_by_code: BTreeMap<String, usize>,
}

/// Which folder a spec-relative path belongs to; other files are not pages.
pub fn folder_of(path: &str) -> Option<Folder> {
    let normalized = path.replace('\\', "/");
    if !normalized.ends_with(".md") {
        return None;
    }
    if normalized.starts_with("api/") {
        Some(Folder::Api)
    } else if normalized.starts_with("resources/") {
        Some(Folder::Resources)
    } else {
        None
    }
}

/// Parses and resolves a spec folder's pages. Input order does not matter.
pub fn load(files: &[SpecFile]) -> Loaded {
    let mut sorted: Vec<&SpecFile> = files.iter().filter(|file| folder_of(&file.path).is_some()).collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    // What pulldown-cmark reads: the text itself, but for tabs in table delimiter rows
    // and lone carriage returns, each changed byte for byte so that offsets stay true.
    let texts: Vec<std::borrow::Cow<'_, str>> =
        parallel::map_in_order(&sorted, |file| match parse::markdown::with_lone_carriage_returns_as_line_feeds(&file.text) {
            std::borrow::Cow::Borrowed(text) => parse::markdown::with_delimiter_row_tabs_as_spaces(text),
            std::borrow::Cow::Owned(text) => std::borrow::Cow::Owned(parse::markdown::with_delimiter_row_tabs_as_spaces(&text).into_owned()),
        });
    let inputs: Vec<(&str, &str)> = sorted.iter().zip(&texts).map(|(file, text)| (file.path.as_str(), text.as_ref())).collect();
    let mut includes = parse::Includes::default();
    for file in files.iter().filter(|file| file.path.replace('\\', "/").starts_with(parse::Includes::FOLDER)) {
        includes.insert(&file.path, &file.text);
    }
    let mut pages = Vec::with_capacity(sorted.len());
    let mut diagnostics = Vec::new();
    // Pages are independent until resolution, so they are parsed on all cores.
    let parsed = parallel::map_in_order(&inputs, |&(path, text)| folder_of(path).map(|folder| parse::parse_page_with_includes(path, text, folder, &includes)));
    for (page, page_diagnostics) in parsed.into_iter().flatten() {
        diagnostics.extend(page_diagnostics);
        pages.push(page);
    }
    let resolved = resolve::resolve(&mut pages);
    diagnostics.extend(resolved.diagnostics);
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column, a.code, &a.message).cmp(&(&b.file, b.line, b.column, b.code, &b.message)));
    diagnostics.dedup();

    let api = resolved.api;
    let (diagnostics_by_severity, diagnostics_by_code) = diagnostics::count_by_code(&diagnostics);
    let enum_pages = pages.iter().filter(|p| matches!(&p.body, PageBody::Resource(r) if r.enums.iter().any(|e| e.origin == ir::EnumOrigin::EnumPage))).count();
    let summary = Summary {
        pages: pages.len(),
        api_pages: pages.iter().filter(|p| matches!(p.body, PageBody::Api(_))).count(),
        resource_pages: pages.iter().filter(|p| matches!(p.body, PageBody::Resource(_))).count() - enum_pages,
        enum_pages,
        operations: api.operations.values().filter(|op| !op.method.is_empty() && !op.paths.is_empty()).count(),
        paths: api.operations.values().map(|op| op.paths.len()).sum(),
        types: api.types.len(),
        properties: api.types.values().map(|t| t.properties.len()).sum(),
        enums: api.enums.len(),
        examples: resolved.example_counts.json_bodies,
        examples_parsed: resolved.example_counts.parsed,
        examples_checked: resolved.example_counts.checked,
        diagnostics_by_severity,
        diagnostics_by_code,
    };
    parallel::drop_in_parallel(pages);
    Loaded { api, diagnostics, summary, typed_examples: resolved.typed_examples }
}

/// The JSON Schema of the IR, as committed in `codegen/ir.schema.json`.
pub fn ir_schema_json() -> String {
    let schema = serde_json::to_value(schemars::schema_for!(ir::Api)).unwrap_or_default();
    // JSON has no comments: the generated-file header is a `$comment`, first.
    let mut with_header = serde_json::Map::new();
    with_header.insert("$comment".to_owned(), "@generated by `cargo xtask codegen` from codegen/src/ir.rs; do not edit".into());
    if let serde_json::Value::Object(members) = schema {
        with_header.extend(members);
    }
    let mut text = serde_json::to_string_pretty(&with_header).unwrap_or_default();
    text.push('\n');
    text
}
