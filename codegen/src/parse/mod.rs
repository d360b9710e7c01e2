//! Parse phase: one page's text → a page model with byte offsets, plus diagnostics.
//!
//! Nothing here looks at other pages; links stay unresolved until the resolve phase.

pub mod annotation;
pub mod ascii;
pub mod front_matter;
pub mod http;
pub mod json;
pub mod markdown;
pub mod path_template;
pub mod type_expr;

mod api_page;
mod resource_page;

pub use api_page::{ApiPage, RawBody, RawExample, RawPath, RawRequest, RawResponse, complete_relative_templates, example_roots};
pub use resource_page::{RawEnum, RawProperty, RawType, ResourcePage, links_page_named_by, prose_enum_name};

use crate::diagnostics::{Code, Diagnostic, LineIndex};
use annotation::Annotation;
use front_matter::FrontMatter;
use markdown::{Block, Document, Inline};

/// Which folder of the spec a page lives in decides how it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folder {
    Api,
    Resources,
}

#[derive(Debug)]
pub struct ParsedPage<'a> {
    /// Spec-relative path, e.g. `api/user-get.md`.
    pub path: String,
    pub text: &'a str,
    pub lines: LineIndex,
    pub front_matter: FrontMatter,
    /// The H1 text (tab markers excepted), else the front matter title.
    pub title: String,
    /// From a `Namespace: microsoft.graph.x` line; `microsoft.graph` when absent.
    pub namespace: String,
    pub body: PageBody,
}

#[derive(Debug)]
pub enum PageBody {
    // Boxed: an API page's model is several times a resource page's.
    Api(Box<ApiPage>),
    Resource(ResourcePage),
}

impl ParsedPage<'_> {
    pub fn source(&self, offset: usize) -> crate::ir::Source {
        crate::ir::Source { file: self.path.clone(), line: self.lines.line(offset) }
    }

    pub fn doc_type(&self) -> &str {
        self.front_matter.get("doc_type").map_or("", String::as_str)
    }

    /// The raw workload spelling: `ms.prod`, else `ms.subservice` (used by later pages).
    /// An empty value, or one that is not a product name, gives way to the other key.
    pub fn workload_spelling(&self) -> Option<&str> {
        workload_spelling(&self.front_matter).map(|(_, spelling)| spelling)
    }
}

/// The front matter keys that name a page's workload, in order of preference.
const WORKLOAD_KEYS: [&str; 2] = ["ms.prod", "ms.subservice"];

/// The first workload key with a product name, and its value.
fn workload_spelling(front_matter: &FrontMatter) -> Option<(&'static str, &str)> {
    WORKLOAD_KEYS.iter().find_map(|&key| front_matter.get(key).map(|value| (key, value.trim())).filter(|(_, value)| is_product_name(value)))
}

/// Whether a workload value names a product (`"cloud-communications"`, `"Microsoft To
/// Do"`): letters, digits and separators. A placeholder left in a page (`"**TODO: Add MS
/// prod. See [topic-level metadata reference](https://...)**"`) does not, and would not
/// make a cargo feature name.
pub fn is_product_name(spelling: &str) -> bool {
    spelling.chars().any(|c| c.is_ascii_alphanumeric()) && spelling.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'))
}

/// Lower-cased file stem of a link or path: `../resources/onlineMeeting.md#x` → `onlinemeeting`.
pub fn page_stem(path: &str) -> String {
    let file = path.split('#').next().unwrap_or_default().split('?').next().unwrap_or_default();
    let file = file.rsplit('/').next().unwrap_or_default();
    file.strip_suffix(".md").unwrap_or(file).to_ascii_lowercase()
}

/// Whether a paragraph is a callout ("Important: APIs under the /beta version ...",
/// "Note: ..."), which says something about the page, not what it documents: it is no
/// summary.
pub fn is_callout(text: &str) -> bool {
    let text = text.trim_start_matches(|c: char| c == '>' || c == '*' || c.is_whitespace());
    ["important", "note", "caution", "warning", "tip"].iter().any(|word| {
        text.get(..word.len()).is_some_and(|head| head.eq_ignore_ascii_case(word)) && text[word.len()..].trim_start_matches(['*', ' ']).starts_with(':')
    })
}

/// Collects diagnostics for one page, turning byte offsets into lines and columns.
pub struct Reporter<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub lines: &'a LineIndex,
    pub diagnostics: Vec<Diagnostic>,
}

impl Reporter<'_> {
    pub fn report(&mut self, code: Code, offset: usize, message: impl Into<String>) {
        let (line, column) = self.lines.line_col(self.text, offset);
        self.diagnostics.push(Diagnostic::new(code, self.path, line, column, message));
    }
}

/// A block together with the headings it sits under.
#[derive(Debug, Clone, Copy)]
pub struct Located<'d> {
    pub block: &'d Block<'d>,
    /// The nearest H2 (lowercased, trimmed), or "" before the first.
    pub section: &'d str,
    /// The nearest heading of any level, as written.
    pub heading: &'d str,
    /// The same heading lower-cased.
    pub heading_key: &'d str,
    pub heading_level: u8,
}

/// Tab markers (`# [HTTP](#tab/http)`) are headings in markdown but not in the page's outline.
pub fn is_tab_marker(content: &Inline) -> bool {
    content.links.iter().any(|link| link.dest.starts_with("#tab/")) || content.text.trim() == "---"
}

pub fn locate<'d>(document: &'d Document<'_>) -> Vec<Located<'d>> {
    // Sections are the H2s under the title; older pages have only H3s ("### Properties"),
    // and there the shallowest heading level below the title is the section level.
    let section_level = document
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Heading { level, content, .. } if *level >= 2 && !is_tab_marker(content) => Some(*level),
            _ => None,
        })
        .min()
        .unwrap_or(2);
    let mut located = Vec::with_capacity(document.blocks.len());
    let mut section: &str = "";
    let mut heading: &str = "";
    let mut heading_key: &str = "";
    let mut heading_level = 0;
    for block in &document.blocks {
        if let Block::Heading { level, content, key, .. } = block
            && !is_tab_marker(content)
        {
            if *level == 1 {
                section = "";
            } else if *level == section_level {
                section = key.as_ref();
            }
            heading = content.text.as_ref();
            heading_key = key.as_ref();
            heading_level = *level;
        }
        located.push(Located { block, section, heading, heading_key, heading_level });
    }
    located
}

/// One code fence with the annotation that precedes it, if any.
#[derive(Debug, Clone)]
pub struct AnnotatedFence<'d> {
    pub annotation: Option<(Annotation, usize)>,
    pub info: &'d str,
    pub text: &'d str,
    pub content_start: usize,
    pub start: usize,
    pub section: &'d str,
    pub heading_key: &'d str,
    /// A paragraph right after the fence that is one code span and nothing else, and where
    /// it starts: some pages write a plain-text body (a `$count`) there, outside the fence.
    pub code_after: Option<(&'d str, usize)>,
    /// The block before it is another fence, with nothing but blank lines between.
    pub follows_fence: bool,
}

impl AnnotatedFence<'_> {
    /// Inside an "HTTP request" section, whether an H2 or (on multi-part pages) an H3. An
    /// H3 of that name under an example (`### HTTP Request` over the delta call an example
    /// makes, with its concrete URL, in `todotask-delta.md`) heads that example's request,
    /// not the page's templates.
    pub fn in_request_section(&self) -> bool {
        self.section.starts_with("http request") || (self.heading_key.starts_with("http request") && !self.section.starts_with("example"))
    }
}

/// Links each annotation to the next code fence, across prose and headings, and reports
/// annotations that cannot be read or that no fence follows.
pub fn annotated_fences<'d>(located: &[Located<'d>], reporter: &mut Reporter<'_>) -> Vec<AnnotatedFence<'d>> {
    let mut fences = Vec::new();
    let mut pending: Option<(Annotation, usize)> = None;
    let mut following_fence = false;
    for item in located {
        let just_after_fence = std::mem::take(&mut following_fence);
        match item.block {
            Block::Comment { text, body_start, start } => match annotation::parse_annotation(text) {
                Ok(Some(parsed)) if parsed.is_page_footer => {}
                Ok(Some(parsed)) => {
                    if let Some(offset) = parsed.non_strict_at {
                        reporter.report(Code::NonStrictAnnotation, body_start + offset, "annotation is not strict JSON; read tolerantly");
                    }
                    if parsed.block_type.is_some() {
                        if let Some((previous, at)) = pending.take() {
                            report_orphan(reporter, &previous, at);
                        }
                        pending = Some((parsed, *start));
                    }
                }
                Ok(None) => {}
                Err(error) => {
                    if !text.contains("#page.annotation") {
                        reporter.report(Code::InvalidAnnotation, body_start + error.offset, format!("annotation does not parse: {}", error.message));
                    }
                }
            },
            Block::CodeFence { info, text, content_start, start } => {
                fences.push(AnnotatedFence {
                    annotation: pending.take(),
                    info,
                    text,
                    content_start: *content_start,
                    start: *start,
                    section: item.section,
                    heading_key: item.heading_key,
                    code_after: None,
                    follows_fence: just_after_fence,
                });
                following_fence = true;
                continue;
            }
            Block::Paragraph { content, start } if just_after_fence => {
                if let ([code], Some(fence)) = (content.code_spans.as_slice(), fences.last_mut())
                    && content.text.trim() == code.trim()
                {
                    fence.code_after = Some((code.as_ref(), *start));
                }
            }
            _ => {}
        }
    }
    if let Some((previous, at)) = pending.take() {
        report_orphan(reporter, &previous, at);
    }
    fences
}

fn report_orphan(reporter: &mut Reporter<'_>, annotation: &Annotation, at: usize) {
    let kind = annotation.block_type.as_deref().unwrap_or_default();
    if matches!(kind, "request" | "response" | "resource") {
        reporter.report(Code::OrphanAnnotation, at, format!("`{kind}` annotation is not followed by a code fence"));
    }
}

/// Files that pages pull in with `[!INCLUDE]` and that are not pages themselves: the
/// newer reference keeps each API page's permissions table in
/// `includes/permissions/<name>-permissions.md`. Keyed by path relative to the spec
/// folder, in lower case (links resolve case-insensitively, as on the live site).
#[derive(Debug, Clone, Default)]
pub struct Includes<'a> {
    by_path: std::collections::BTreeMap<String, &'a str>,
}

impl<'a> Includes<'a> {
    /// The folder, relative to the spec folder, whose files pages include.
    pub const FOLDER: &'static str = "includes/permissions/";

    pub fn insert(&mut self, path: &str, text: &'a str) {
        self.by_path.insert(path.replace('\\', "/").to_ascii_lowercase(), text);
    }

    /// The text of the file a link on the page at `page_path` points at, if it was given.
    pub fn get(&self, page_path: &str, link: &str) -> Option<&'a str> {
        let mut parts: Vec<&str> = page_path.split('/').collect();
        parts.pop();
        for part in link.split(['#', '?']).next().unwrap_or_default().split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    // A link that climbs out of the spec folder names nothing given.
                    parts.pop()?;
                }
                part => parts.push(part),
            }
        }
        self.by_path.get(&parts.join("/").to_ascii_lowercase()).copied()
    }
}

/// Parses one page. Never panics; problems become diagnostics.
pub fn parse_page<'a>(path: &str, text: &'a str, folder: Folder) -> (ParsedPage<'a>, Vec<Diagnostic>) {
    parse_page_with_includes(path, text, folder, &Includes::default())
}

/// [`parse_page`], reading what the page includes from `includes`. Never panics either.
pub fn parse_page_with_includes<'a>(path: &str, text: &'a str, folder: Folder, includes: &Includes<'_>) -> (ParsedPage<'a>, Vec<Diagnostic>) {
    let lines = LineIndex::new(text);
    let document = markdown::parse_document(text);
    let mut reporter = Reporter { path, text, lines: &lines, diagnostics: Vec::new() };
    let front_matter = match &document.front_matter {
        Some((yaml, offset)) => match front_matter::parse_front_matter(yaml) {
            Ok(front_matter) => front_matter,
            Err(message) => match front_matter::recover_repeated_keys(yaml) {
                // One repeated key should not cost the page its workload and title.
                Some((recovered, repeated)) => {
                    let keys = repeated.iter().map(|key| format!("`{key}`")).collect::<Vec<_>>().join(", ");
                    reporter.report(
                        Code::InvalidFrontMatter,
                        *offset,
                        format!("front matter does not parse: {message}; read with the last value of the repeated {keys}"),
                    );
                    recovered
                }
                None => {
                    reporter.report(Code::InvalidFrontMatter, *offset, format!("front matter does not parse: {message}"));
                    FrontMatter::new()
                }
            },
        },
        None => {
            reporter.report(Code::MissingFrontMatter, 0, "page has no YAML front matter");
            FrontMatter::new()
        }
    };
    if let Some((yaml, offset)) = &document.front_matter
        && workload_spelling(&front_matter).is_none()
    {
        for key in WORKLOAD_KEYS {
            if let Some(value) = front_matter.get(key).filter(|value| !value.trim().is_empty()) {
                let line_start = yaml.split_inclusive('\n').take_while(|line| !line.trim_start().starts_with(key)).map(str::len).sum::<usize>();
                reporter.report(
                    Code::InvalidWorkload,
                    offset + line_start.min(yaml.len()),
                    format!("`{key}: {value}` is not a product name; the page goes to the `{}` workload", crate::resolve::FALLBACK_WORKLOAD),
                );
            }
        }
    }
    let title = document
        .blocks
        .iter()
        .find_map(|block| match block {
            Block::Heading { level: 1, content, .. } if !is_tab_marker(content) => Some(content.text.to_string()),
            _ => None,
        })
        .or_else(|| front_matter.get("title").cloned())
        .unwrap_or_default();
    let namespace = document
        .blocks
        .iter()
        .find_map(|block| match block {
            Block::Paragraph { content, .. } => content.text.strip_prefix("Namespace:").map(|rest| rest.split_whitespace().next().unwrap_or("").to_owned()),
            _ => None,
        })
        .filter(|namespace| namespace.starts_with("microsoft."))
        .unwrap_or_else(|| "microsoft.graph".to_owned());
    let located = locate(&document);
    let fences = annotated_fences(&located, &mut reporter);
    let body = match folder {
        Folder::Api => PageBody::Api(Box::new(api_page::read_api_page(&located, &fences, &mut reporter, &|link| includes.get(path, link)))),
        Folder::Resources => PageBody::Resource(resource_page::read_resource_page(&title, &front_matter, &located, &fences, &mut reporter)),
    };
    let diagnostics = reporter.diagnostics;
    (ParsedPage { path: path.to_owned(), text, lines, front_matter, title, namespace, body }, diagnostics)
}

/// Reads a JSON body tolerantly; a failure is reported and the raw text kept.
pub fn read_json_body(text: &str, file_offset: usize, reporter: &mut Reporter<'_>) -> Option<json::JsonDoc> {
    match json::parse_tolerant(text) {
        Ok(doc) => {
            if let Some(at) = doc.non_strict_at {
                reporter.report(Code::NonStrictJson, file_offset + at, "JSON is not strict; read tolerantly");
            }
            Some(doc)
        }
        Err(error) => {
            reporter.report(Code::InvalidJson, file_offset + error.offset, format!("JSON does not parse: {}", error.message));
            None
        }
    }
}

/// Cleans a name cell: markup is already gone; drop `(deprecated)`, footnote marks and quotes.
pub fn clean_name(text: &str) -> (String, bool) {
    let deprecated = ascii::contains_ignore_ascii_case(text, "(deprecated)");
    let head = text.split('(').next().unwrap_or_default();
    let name = head.trim().trim_matches(|c: char| matches!(c, '*' | '`' | '"' | '\'' | '\\' | ':')).trim();
    let name = name.split_whitespace().next().unwrap_or_default();
    (name.to_owned(), deprecated)
}

/// Lower-cased, trimmed header cell texts of a table.
pub fn header_names(header: &[Inline]) -> Vec<String> {
    header.iter().map(|cell| cell.text.trim().to_ascii_lowercase()).collect()
}
