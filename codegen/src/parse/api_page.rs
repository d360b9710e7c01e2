//! API pages: paths, permissions, headers, request/response descriptions and examples.

use std::collections::BTreeSet;

use super::ascii::contains_ignore_ascii_case;
use super::http::{self, HttpBody};
use super::json::JsonDoc;
use super::markdown::{self, Block, Inline, Link};
use super::path_template::{ParsedPath, kebab_case, match_values, parse_path_template, split_request_url};
use super::resource_page::{RawEnum, RawProperty, prose_enum_name, read_members, read_property_row, values_heading};
use super::{AnnotatedFence, Located, Reporter, header_names, read_json_body};
use crate::diagnostics::Code;
use crate::ir::{ArgumentValue, EnumOrigin, FunctionArgument, HeaderDef, PathParameter, PathSegment, Permissions, SegmentKey};

#[derive(Debug, Default)]
pub struct ApiPage {
    pub paths: Vec<RawPath>,
    pub permissions: Permissions,
    pub headers: Vec<HeaderDef>,
    /// Links in the request body section's prose (the first resource link names the body type).
    pub request_body_links: Vec<Link>,
    /// Whether the request body prose says a resource's JSON representation is sent.
    pub request_body_is_resource: bool,
    /// The type the request body prose names without a link: "supply a JSON
    /// representation for the androidLobApp object".
    pub request_body_type_word: Option<String>,
    pub request_parameters: Vec<RawProperty>,
    /// Whether [`Self::request_parameters`] come from a `| Name | Value |` table.
    pub parameters_in_value_column: bool,
    /// Parameters of a function, passed in the URL (`cell(row=5,column=6)`): from tables
    /// headed "Function parameters", "Parameters" or "Path parameters" (less the keys the
    /// templates name), and from a GET page's "Request body" table.
    pub function_parameters: Vec<RawProperty>,
    /// The rows of those tables that name a placeholder of the templates, a key
    /// (`{shareIdOrEncodedSharingUrl}`) or in the query.
    pub key_parameters: Vec<RawProperty>,
    pub response_status: Option<u16>,
    /// Resource links in the response section's prose, with whether "collection" follows.
    pub response_links: Vec<(Link, bool)>,
    /// A primitive the response prose names without a link ("a Boolean in the response
    /// body", "String collection object"), and whether it is a collection.
    pub response_primitive: Option<(&'static str, bool)>,
    /// The first paragraph after the title.
    pub summary: String,
    pub examples: Vec<RawExample>,
    /// Offset of the page's HTTP request section heading (or 0).
    pub request_section_offset: usize,
    /// Enums the page defines for its own parameters, in `### x values` sections (newer
    /// pages do this for types no resource page documents, as `cloudPcOperatingSystem`
    /// on the Cloud PC actions).
    pub enums: Vec<RawEnum>,
}

#[derive(Debug, Clone)]
pub struct RawPath {
    pub method: String,
    pub parsed: ParsedPath,
    pub offset: usize,
}

#[derive(Debug, Clone, Default)]
pub struct RawExample {
    pub name: Option<String>,
    pub request: Option<RawRequest>,
    pub response: Option<RawResponse>,
    /// The example before it again, for another URL: a further request line in the same
    /// fence. It shares that example's headers, body and response, which are checked
    /// once, there.
    pub repeats_previous: bool,
}

#[derive(Debug, Clone)]
pub struct RawRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<RawBody>,
    pub offset: usize,
    /// The fence was annotated `request` (not recognised by its first line alone).
    pub annotated: bool,
}

#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: Option<u16>,
    pub headers: Vec<(String, String)>,
    pub body: Option<RawBody>,
    pub truncated: bool,
    pub is_collection: bool,
    pub odata_type: Option<String>,
    pub offset: usize,
}

/// A body with its parsed JSON (when it is JSON and parses) and file offset.
#[derive(Debug, Clone)]
pub struct RawBody {
    pub text: String,
    pub json: Option<JsonDoc>,
    pub offset: usize,
}

impl RawBody {
    /// The members of a JSON object body that are properties: instance annotations
    /// (`@odata.type`, `members@odata.bind`) left out. `None` when the body is no JSON
    /// object (a page's multipart HTML).
    pub fn members(&self) -> Option<Vec<&String>> {
        let object = self.json.as_ref()?.value.as_object()?;
        Some(object.keys().filter(|key| !key.contains('@')).collect())
    }
}

impl ApiPage {
    /// The parameters the page tables: of the request body, then of the function.
    pub fn parameters(&self) -> impl Iterator<Item = &RawProperty> {
        self.request_parameters.iter().chain(&self.function_parameters)
    }
    /// The bodies its request examples send.
    pub fn request_bodies(&self) -> impl Iterator<Item = &RawBody> + Clone {
        self.examples.iter().filter_map(|e| e.request.as_ref()?.body.as_ref())
    }
}

/// What a request body section's paragraph says the body is. A resource link followed
/// by "object" or "resource" ("provide an [extensionProperty](…) object", "the properties
/// of the [group](…) resource to specify") names it and goes first; otherwise "JSON
/// representation" or "supply the … object" says the first resource link is the body.
fn read_request_body_prose(content: &Inline<'_>, page: &mut ApiPage) {
    let lower = content.text.to_ascii_lowercase();
    if lower.contains("json representation") || lower.contains("supply the") && lower.contains("object") {
        page.request_body_is_resource = true;
    }
    // A response paragraph under a lower heading still sits in this section.
    let about_response = lower.contains("response") || lower.contains("return");
    for link in content.links.iter().filter(|l| is_resource_link(&l.dest)) {
        if !about_response && !page.request_body_is_resource && names_one_resource(&content.text, &link.text) {
            page.request_body_is_resource = true;
            page.request_body_links.insert(0, link.to_link());
        } else {
            page.request_body_links.push(link.to_link());
        }
    }
    if page.request_body_type_word.is_none() {
        page.request_body_type_word = unlinked_representation_type(&content.text);
    }
}

/// Whether the word after `link_text` in `text` is "object" or "resource" (one of it, not
/// "objects": an array of them is not a resource body).
fn names_one_resource(text: &str, link_text: &str) -> bool {
    if link_text.is_empty() {
        return false;
    }
    // The whole paragraph: "A [teamsTab](../resources/teamstab.md)." (`channel-post-tabs`).
    let whole = text.trim().trim_end_matches('.');
    if ["A ", "An "].iter().any(|article| whole.strip_prefix(article).is_some_and(|rest| rest.trim() == link_text)) {
        return true;
    }
    text.match_indices(link_text).any(|(at, _)| {
        let after = text[at + link_text.len()..].trim_start();
        let word: String = after.chars().take_while(char::is_ascii_alphabetic).collect::<String>().to_ascii_lowercase();
        word == "object" || word == "resource"
    })
}

/// The `X` of "JSON representation of/for the X object", when `X` is one word (a type
/// name the text does not link).
fn unlinked_representation_type(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find("json representation ")? + "json representation ".len();
    let mut words = text[at..].split_whitespace();
    if !matches!(words.next()?.to_ascii_lowercase().as_str(), "of" | "for") {
        return None;
    }
    let mut word = words.next()?;
    if matches!(word.to_ascii_lowercase().as_str(), "the" | "a" | "an") {
        word = words.next()?;
    }
    let follows = words.next()?.trim_end_matches(|c: char| !c.is_ascii_alphabetic()).to_ascii_lowercase();
    let is_name = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric());
    (is_name && follows == "object").then(|| word.to_owned())
}

fn is_request_section(section: &str) -> bool {
    section.starts_with("http request")
}

fn is_function_parameters_heading(heading: &str) -> bool {
    matches!(heading, "function parameters" | "parameters" | "path parameters")
}

/// The text of an included file, by the link the page writes (`../includes/permissions/x.md`).
pub(super) type IncludedText<'i> = dyn Fn(&str) -> Option<&'i str> + 'i;

pub(super) fn read_api_page(located: &[Located<'_>], fences: &[AnnotatedFence<'_>], reporter: &mut Reporter<'_>, included: &IncludedText<'_>) -> ApiPage {
    let mut page = ApiPage::default();
    read_prose_sections(located, &mut page, reporter, included);
    read_paths(fences, &mut page, reporter);
    apply_function_parameters(&mut page, reporter);
    read_examples(fences, &mut page, reporter);
    add_paths_written_as_examples(&mut page, reporter);
    // A values section defines an enum only for a parameter that names it: an API page
    // has other `### x values` tables ("Prefer header values", "Supported values").
    let named: Vec<String> = page.parameters().filter_map(|p| prose_enum_name(&p.type_expr)).collect();
    page.enums.retain(|raw| named.iter().any(|name| name.eq_ignore_ascii_case(&raw.name)));
    // Such a table may describe something else than the body (`site-follow` tables the
    // items of the `value` array its example sends): it stands only where the examples
    // send what it lists.
    if page.parameters_in_value_column {
        let tabled = |key: &&String| page.request_parameters.iter().any(|p| p.name.eq_ignore_ascii_case(key));
        if !page.request_bodies().filter_map(RawBody::members).all(|members| members.iter().all(tabled)) {
            page.request_parameters.clear();
        }
    }
    page
}

/// Whether a block is in the request body section: a `## Request body`, or a `### Request
/// body` under the request section (the OneDrive pages: `driveitem-copy`).
fn is_in_request_body(item: &Located<'_>) -> bool {
    item.section.starts_with("request body") || item.heading_level > 2 && item.heading_key.starts_with("request body")
}

fn read_prose_sections(located: &[Located<'_>], page: &mut ApiPage, reporter: &mut Reporter<'_>, included: &IncludedText<'_>) {
    // The first `[!INCLUDE]` of the permissions section, and where it is.
    let mut include = None;
    for item in located {
        match item.block {
            Block::Heading { level: 2, start, .. } if is_request_section(item.section) && page.request_section_offset == 0 => {
                page.request_section_offset = *start;
            }
            Block::Paragraph { content, start } => {
                if page.summary.is_empty()
                    && item.section.is_empty()
                    && !content.text.starts_with("Namespace:")
                    && !content.text.starts_with('[')
                    && !super::is_callout(&content.text)
                {
                    page.summary = content.text.to_string();
                }
                if is_in_request_body(item) {
                    read_request_body_prose(content, page);
                }
                if item.section.starts_with("permission") && include.is_none() && content.text.to_ascii_uppercase().contains("!INCLUDE") {
                    let included = content.links.first().map_or_else(|| content.text.trim().to_owned(), |link| link.dest.to_string());
                    include = Some((*start, included));
                }
                if item.section.starts_with("response") && !item.section.starts_with("response header") {
                    if page.response_status.is_none() {
                        page.response_status = first_status_code(content);
                    }
                    if page.response_primitive.is_none() {
                        page.response_primitive = primitive_in_response_body(&content.text);
                    }
                    for link in content.links.iter().filter(|l| is_resource_link(&l.dest)) {
                        let mut around = content.text.split(&*link.text);
                        let before = around.next().unwrap_or_default().trim_end().to_ascii_lowercase();
                        let after = around.next().unwrap_or_default();
                        // "...a `Location` header, which contains the location of the
                        // [teamsAsyncOperation]", "a link to the [printerCreateOperation] in
                        // the `Operation-Location` header": a resource the response points
                        // at, which its body does not hold. ("Without the `Prefer` header
                        // ... a new [schema] object in the response body" is its body.)
                        let sentence =
                            format!("{} {}", before.rsplit(". ").next().unwrap_or_default(), after.split(". ").next().unwrap_or_default().to_ascii_lowercase());
                        let points_at = ["header", "link to", "location of"].iter().any(|phrase| sentence.contains(phrase));
                        if points_at && !sentence.contains("response body") {
                            continue;
                        }
                        // "[x] collection", or "a list of [x] objects", "a collection of the [x]".
                        let before = before.strip_suffix(" the").unwrap_or(&before);
                        let collection = after.trim_start().to_ascii_lowercase().starts_with("collection")
                            || ["collection of", "list of", "array of", "set of"].iter().any(|phrase| before.ends_with(phrase));
                        page.response_links.push((link.to_link(), collection));
                    }
                }
            }
            Block::Table { header, rows, start } => {
                let names = header_names(header);
                // Kept only if a parameter names it (`read_api_page`), so the table is also
                // read as whatever else its section makes it.
                if let Some(name) = values_heading(item.heading)
                    && let Some(members) = read_members(&names, rows)
                {
                    page.enums.push(RawEnum { name, members, origin: EnumOrigin::ValuesSection, offset: *start });
                }
                if item.section.starts_with("permission") || item.section.starts_with("prerequisite") {
                    read_permissions(&names, rows.iter().map(|row| row.cells.as_slice()), &mut page.permissions);
                } else if (item.section.starts_with("request header") || item.section.starts_with("optional request header"))
                    // "### Prefer header values" lists a header's values, not headers.
                    && !item.heading_key.contains("values")
                {
                    for row in rows {
                        let Some(name) = row.cells.first().map(|c| c.text.trim().trim_matches('*').to_owned()) else { continue };
                        // A row may show the header with its value: `Prefer: outlook.timezone`.
                        let name = name.split_once(':').map_or(name.as_str(), |(name, _)| name).trim().to_owned();
                        if name.is_empty() || name.contains(' ') {
                            continue;
                        }
                        // `| Name | Type | Description |`: the type column ("String") is no part of it.
                        let skip = if names.get(1).is_some_and(|n| n == "type") { 2 } else { 1 };
                        let description = row.cells.iter().skip(skip).map(|c| &*c.text).collect::<Vec<_>>().join(" ");
                        let lower = description.to_ascii_lowercase();
                        let required = lower.contains("required") && !lower.contains("optional");
                        page.headers.push(HeaderDef { name, description, required });
                    }
                } else if is_function_parameters_heading(item.heading_key) && names.len() >= 2 && names[1] == "type" {
                    for row in rows {
                        if let Some(property) = read_property_row(row, false, &names, reporter) {
                            page.function_parameters.push(property);
                        }
                    }
                } else if is_in_request_body(item)
                    && names.len() >= 2
                    // `| Name | Value | Description |` tables type their parameters in the
                    // value column (`| comment | string | ... |`) on some pages and show
                    // example values on others (`| extensionName | %unique_string% |`).
                    && (names[1] == "type" || names[1] == "value" && rows.iter().all(|row| row.cells.get(1).is_some_and(reads_as_a_type)))
                {
                    page.parameters_in_value_column |= names[1] == "value";
                    for row in rows {
                        if let Some(property) = read_property_row(row, false, &names, reporter) {
                            page.request_parameters.push(property);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    // Newer pages keep the permissions table in a file of its own
    // (`[!INCLUDE [permissions-table](../includes/permissions/chat-delete-permissions.md)]`):
    // it is read when it was given, and otherwise the page says so rather than list none
    // in silence. (Older pages include notes there, `limited-info.md`, next to a table of
    // their own.)
    if let Some((offset, link)) = include
        && page.permissions == Permissions::default()
    {
        match included(&link) {
            Some(text) => {
                for block in &markdown::parse_document(text).blocks {
                    if let Block::Table { header, rows, .. } = block {
                        read_permissions(&header_names(header), rows.iter().map(|row| row.cells.as_slice()), &mut page.permissions);
                    }
                }
                if page.permissions == Permissions::default() {
                    reporter.report(Code::PermissionsInInclude, offset, format!("the included file `{link}` holds no permissions table; none are read"));
                }
            }
            None => reporter.report(
                Code::PermissionsInInclude,
                offset,
                format!("the permissions are in an included file (`{link}`) that was not given; none are read"),
            ),
        }
    }
}

/// The primitive a response sentence names right before "in the response body": "and a
/// Boolean", "and String collection object", "an Int32 value".
fn primitive_in_response_body(text: &str) -> Option<(&'static str, bool)> {
    let at = super::ascii::find_ignore_ascii_case(text, " in the response body")?;
    let mut words: Vec<&str> = text[..at].split_whitespace().collect();
    let mut collection = false;
    while let Some(last) = words.last() {
        match last.trim_matches('`').to_ascii_lowercase().as_str() {
            "object" | "value" => {}
            "collection" => collection = true,
            _ => break,
        }
        words.pop();
    }
    let word = words.pop()?.trim_matches(|c: char| c == '`' || c == '*');
    let before = words.last()?.to_ascii_lowercase();
    let primitive = super::type_expr::primitive_name(word)?;
    ["a", "an", "and", "of"].contains(&before.as_str()).then_some((primitive, collection))
}

/// Whether a table cell names a type: a primitive, a link, or a type name.
fn reads_as_a_type(cell: &Inline<'_>) -> bool {
    !matches!(super::type_expr::parse_type_cell(cell).target, super::type_expr::TypeTarget::Unreadable(_))
}

/// The first success status the prose names. "a 200-series response code" names none:
/// the example's status (`201 Created`) is the one.
fn first_status_code(content: &Inline) -> Option<u16> {
    let spans = content.code_spans.iter().map(|span| &**span);
    spans.chain(std::iter::once(&*content.text)).find_map(|text| {
        let mut at = 0;
        text.split(|c: char| !c.is_ascii_digit())
            .filter(|word| {
                let start = at + text[at..].find(word).unwrap_or(0);
                at = start + word.len();
                let after = text[at..].trim_start_matches([' ', '-']);
                word.len() == 3 && !after.get(..6).is_some_and(|next| next.eq_ignore_ascii_case("series"))
            })
            .find_map(|w| w.parse::<u16>().ok().filter(|c| (200..300).contains(c)))
    })
}

/// Links to resource pages: relative `.md` links that are not API pages or external.
pub fn is_resource_link(dest: &str) -> bool {
    let file = dest.split('#').next().unwrap_or_default();
    // Newer pages also link the reference site-absolutely:
    // `/graph/api/resources/user?view=graph-rest-1.0`.
    if let Some((_, page)) = file.split('?').next().unwrap_or_default().split_once("/graph/api/resources/") {
        return !page.is_empty() && !page.contains('/');
    }
    !dest.starts_with("http") && !dest.starts_with('/') && file.ends_with(".md") && !file.contains("/api/") && !file.starts_with("../api")
}

/// Reads a permissions table into `permissions`. A page may have several (one per
/// scenario: "Permissions for channel", "... for chat"), and their scopes are merged:
/// any of them grants the call in some scenario. Two layouts occur: one row per
/// permission type (`| Permission type | Permissions |`), and one row per resource with a
/// column per permission type (`| Supported resource | Delegated (work or school
/// account) | ... | Application |`).
fn read_permissions<'r, 'a: 'r>(header: &[String], rows: impl Iterator<Item = &'r [Inline<'a>]>, permissions: &mut Permissions) {
    fn slot<'p>(permissions: &'p mut Permissions, kind: &str) -> Option<&'p mut Option<Vec<String>>> {
        if kind.contains("application") {
            Some(&mut permissions.application)
        } else if kind.contains("personal") {
            Some(&mut permissions.delegated_personal)
        } else if kind.contains("delegated") {
            Some(&mut permissions.delegated_work)
        } else {
            None
        }
    }
    fn merge(slot: &mut Option<Vec<String>>, scopes: Vec<String>) {
        let merged = slot.get_or_insert_with(Vec::new);
        for scope in scopes {
            if !merged.contains(&scope) {
                merged.push(scope);
            }
        }
    }
    if header.first().is_some_and(|h| h.contains("permission")) {
        // Newer tables split the scopes: `| Permission type | Least privileged permissions
        // | Higher privileged permissions |`; each of them grants the call.
        let mut scope_columns: Vec<usize> = (1..header.len()).filter(|&at| header[at].contains("permission") || header[at].contains("privileged")).collect();
        if scope_columns.is_empty() {
            scope_columns.push(1);
        }
        for cells in rows {
            let Some(kind) = cells.first() else { continue };
            let Some(slot) = slot(permissions, &kind.text.to_ascii_lowercase()) else { continue };
            merge(slot, scope_columns.iter().filter_map(|&at| cells.get(at)).flat_map(|value| permission_scopes(&value.text)).collect());
        }
    } else if header.iter().skip(1).any(|h| h.contains("delegated") || h.contains("application")) {
        for cells in rows {
            for (kind, value) in header.iter().zip(cells).skip(1) {
                if let Some(slot) = slot(permissions, kind) {
                    merge(slot, permission_scopes(&value.text));
                }
            }
        }
    }
}

/// The ways a permissions cell grants the call, each a scope (`User.Read.All`) or scopes
/// needed together, written as the pages write them: `Policy.Read.All and
/// Application.ReadWrite.All`. Commas separate the ways (an Oxford comma's "and" too);
/// "Not supported." gives none.
fn permission_scopes(cell: &str) -> Vec<String> {
    let mut ways = Vec::new();
    for alternative in cell.split([',', ';']) {
        let alternative = alternative.trim();
        let alternative = alternative.strip_prefix("and ").or_else(|| alternative.strip_prefix("or ")).unwrap_or(alternative);
        let together: Vec<Vec<String>> = alternative.split(" and ").map(scope_names).collect();
        if together.len() > 1 && together.iter().all(|scopes| scopes.len() == 1) {
            ways.push(together.concat().join(" and "));
        } else {
            ways.extend(together.into_iter().flatten());
        }
    }
    ways
}

/// The scope names in some text, whatever else it says.
fn scope_names(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(|word| word.trim_matches(|c: char| matches!(c, '.' | '*' | '`' | '(' | ')')))
        .filter(|word| {
            // `eDiscovery.Read.All` starts in lower case; "e.g." has no capital at all.
            word.contains('.')
                && word.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && word.chars().any(|c| c.is_ascii_uppercase())
                && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-')
        })
        .map(str::to_owned)
        .collect()
}

fn read_paths(fences: &[AnnotatedFence<'_>], page: &mut ApiPage, reporter: &mut Reporter<'_>) {
    for fence in fences.iter().filter(|f| f.in_request_section()) {
        read_path_lines(fence, page, reporter);
    }
    if page.paths.is_empty() {
        // Pages without an "HTTP request" heading put their templates in unannotated or
        // `ignored` fences under headings of their own ("Get the tenant's root site").
        let is_template_fence = |fence: &&AnnotatedFence<'_>| {
            let block_type = fence.annotation.as_ref().and_then(|(a, _)| a.block_type.as_deref());
            let lines: Vec<&str> = fence.text.lines().filter(|l| !l.trim().is_empty()).collect();
            matches!(block_type, None | Some("ignored"))
                && !fence.section.starts_with("example")
                && !lines.is_empty()
                && lines.iter().all(|line| http::request_line(line).is_some_and(|(_, target)| !target.starts_with("http")))
        };
        for fence in fences.iter().filter(is_template_fence) {
            read_path_lines(fence, page, reporter);
        }
    }
    let first_method = page.paths.first().map(|p| p.method.clone());
    if let Some(method) = first_method
        && let Some(other) = page.paths.iter().find(|p| p.method != method)
    {
        reporter.report(Code::MixedMethods, other.offset, format!("page documents both {method} and {} paths", other.method));
    }
}

/// The request examples' URLs, parsed as templates, with their methods.
fn example_paths(page: &ApiPage) -> Vec<(&str, ParsedPath)> {
    page.examples
        .iter()
        .filter_map(|e| e.request.as_ref())
        .filter_map(|r| parse_path_template(&split_request_url(&r.url).path).ok().map(|parsed| (r.method.as_str(), parsed)))
        .collect()
}

/// The first segment of every request example's URL: the roots of the API that the docs
/// call, as opposed to those a template only names. Only that segment is parsed.
pub fn example_roots(page: &ApiPage) -> impl Iterator<Item = SegmentKey> + '_ {
    page.examples.iter().filter_map(|e| e.request.as_ref()).filter_map(|r| {
        let path = split_request_url(&r.url).path;
        let first = path.trim_start_matches('/').split(['/', '?']).next().unwrap_or_default();
        parse_path_template(&format!("/{first}")).ok()?.segments.first().map(PathSegment::key)
    })
}

/// Some pages write their templates relative to the resource they act on (`POST
/// /workbook/names/{name}/range/merge`, the Excel pages of some versions), while their
/// examples call the whole URL (`/me/drive/items/{id}/workbook/names/{name}/range/merge`).
/// Read as written, such a template would make `workbook` a root of the API. So when a
/// template starts with a segment no example of the whole spec starts with
/// (`called_roots`), no example URL of its page is an instance of a template, and one
/// ends with an instance of it, that example's leading segments are the missing prefix:
/// they are put before every template that starts as that one does. Only a prefix of
/// plain names and placeholders is taken: an example's key values (`01BYE5RZ...`) would
/// be literals. (`/chats/{chat-id}/members` called as `/me/chats/...` stays as written:
/// other examples call `/chats`.)
pub fn complete_relative_templates(page: &mut ApiPage, called_roots: &BTreeSet<SegmentKey>, reporter: &mut Reporter<'_>) {
    // Nearly every page: each template starts at a root the examples call.
    if page.paths.iter().all(|path| path.parsed.segments.first().is_none_or(|first| called_roots.contains(&first.key()))) {
        return;
    }
    let examples = example_paths(page);
    let instance_at = |path: &RawPath, example: &ParsedPath, start: usize| {
        example.segments.get(start..).is_some_and(|tail| match_values(&path.parsed.segments, tail).is_some())
    };
    if examples.iter().any(|(method, example)| page.paths.iter().any(|path| path.method == *method && instance_at(path, example, 0))) {
        return;
    }
    let found = page.paths.iter().find_map(|path| {
        examples.iter().filter(|(method, _)| path.method == *method).find_map(|(_, example)| {
            let start = example.segments.len().checked_sub(path.parsed.segments.len()).filter(|start| *start > 0)?;
            instance_at(path, example, start).then(|| (path.parsed.segments.first().map(PathSegment::key), example.segments[..start].to_vec()))
        })
    });
    let Some((Some(first), prefix)) = found else { return };
    if called_roots.contains(&first) {
        return;
    }
    let prefix_text: Option<String> = prefix
        .iter()
        .map(|segment| match segment {
            PathSegment::Literal { name } if name.chars().all(|c| c.is_ascii_alphabetic()) => Some(format!("/{name}")),
            PathSegment::Parameter { parameter } => Some(format!("/{{{parameter}}}")),
            _ => None,
        })
        .collect();
    let Some(prefix_text) = prefix_text else { return };
    let mut completed = 0;
    for path in page.paths.iter_mut().filter(|path| path.parsed.segments.first().map(PathSegment::key).as_ref() == Some(&first)) {
        if let Ok(parsed) = parse_path_template(&format!("{prefix_text}{}", path.parsed.template)) {
            if completed == 0 {
                reporter.report(
                    Code::RelativePathTemplate,
                    path.offset,
                    format!(
                        "`{}` is written relative to the resource it acts on; read as `{}`, as the examples call it",
                        path.parsed.template, parsed.template
                    ),
                );
            }
            path.parsed = parsed;
            completed += 1;
        }
    }
}

/// Some pages document their calls by example alone: the OneDrive pages put an annotated
/// request under each "List a site's drives" heading, its URL written as a template
/// (`GET /sites/{siteId}/drives`: no host, placeholders for the keys), and give the
/// "HTTP request" section only the first. Such a URL is a path of the operation. A URL
/// with a host, or without a placeholder, is a call with values, and adds nothing.
fn add_paths_written_as_examples(page: &mut ApiPage, reporter: &mut Reporter<'_>) {
    let method = page.paths.first().map(|p| p.method.clone());
    let mut shapes: Vec<String> = page.paths.iter().map(|p| path_shape(&p.parsed.template)).collect();
    let mut added = Vec::new();
    for request in page.examples.iter().filter_map(|e| e.request.as_ref()).filter(|r| r.annotated && r.url.starts_with('/')) {
        if method.as_ref().is_some_and(|m| *m != request.method) {
            continue;
        }
        let Ok(mut parsed) = parse_path_template(&request.url) else { continue };
        let shape = path_shape(&parsed.template);
        // A function called with values (`getActivitiesByInterval(startDateTime='2017-01-01')`)
        // is a call, however the rest of the URL is written.
        let has_argument_values = parsed.segments.iter().any(
            |segment| matches!(segment, PathSegment::Function { arguments, .. } if arguments.iter().any(|a| matches!(a.value, ArgumentValue::Literal(_)))),
        );
        if has_argument_values || !shape.contains("{}") || shapes.contains(&shape) {
            continue;
        }
        // Query options in an example are the caller's choice, not part of the path.
        parsed.query = None;
        reporter.report(
            Code::PathOnlyInExample,
            request.offset,
            format!(
                "`{} {}` is written as a template in an example but listed in no request section; it is read as a path of the operation",
                request.method, parsed.template
            ),
        );
        shapes.push(shape);
        added.push(RawPath { method: request.method.clone(), parsed, offset: request.offset });
    }
    page.paths.extend(added);
}

/// A template with its placeholders unnamed and its case folded: two templates with the
/// same shape are one path.
fn path_shape(template: &str) -> String {
    let mut shape = String::with_capacity(template.len());
    super::path_template::push_shape(&mut shape, template);
    shape
}

fn read_path_lines(fence: &AnnotatedFence<'_>, page: &mut ApiPage, reporter: &mut Reporter<'_>) {
    let mut line_offset = fence.content_start;
    for line in fence.text.split_inclusive('\n') {
        let at = line_offset;
        line_offset += line.len();
        let Some((method, target)) = http::request_line(line) else { continue };
        let target_offset = at + line.find(target).unwrap_or(0);
        match parse_path_template(target) {
            Ok(mut parsed) => {
                for value in key_values_as_placeholders(&mut parsed) {
                    let at = target.find(value.as_str()).map_or(target_offset, |column| target_offset + column);
                    reporter.report(
                        Code::KeyValueInPath,
                        at,
                        format!("path template has the key value `{value}` where a placeholder belongs; read as `{{id}}`"),
                    );
                }
                page.paths.push(RawPath { method, parsed, offset: target_offset });
            }
            Err(error) => reporter.report(
                Code::MalformedPath,
                target_offset + error.offset,
                format!("path template `{}` cannot be read: {}", target.trim(), error.message),
            ),
        }
    }
}

/// Makes the templates of a function page agree with its parameter table.
///
/// - A GET sends no body, so a GET page's "Request body" table lists the function's
///   parameters ("provide the following query parameters").
/// - A "Path parameters" table also lists the keys; those are not function parameters.
/// - An argument the template writes as a value (`getRecentNotebooks(includePersonalNotebooks=includePersonalNotebooks-value)`,
///   `Image(width=0,height=0,fittingMode='fit')`) is a sample the caller replaces when the
///   table lists it: it becomes a placeholder.
/// - A GET template that ends in a plain name and has no argument for any tabled
///   parameter (`/range/cell` for `cell(row, column)`) has lost its argument list: the list
///   is added, with a warning. The bare template is kept too when every parameter is
///   optional, since the function can then be called without arguments.
fn apply_function_parameters(page: &mut ApiPage, reporter: &mut Reporter<'_>) {
    if page.paths.first().is_some_and(|path| path.method == "GET") {
        let tabled_as_body = std::mem::take(&mut page.request_parameters);
        page.function_parameters.extend(tabled_as_body);
    }
    // The placeholders of keys and item paths; a function's own argument placeholders
    // (`getPstnCalls(fromDateTime={fromDateTime})`) are what its table describes.
    fn key_placeholders(path: &RawPath) -> impl Iterator<Item = &PathParameter> {
        let is_key = |name: &str| {
            path.parsed
                .segments
                .iter()
                .any(|segment| matches!(segment, PathSegment::Parameter { parameter } | PathSegment::ItemPath { parameter } if parameter == name))
        };
        path.parsed.parameters.iter().filter(move |parameter| is_key(&parameter.name))
    }
    let keys: std::collections::BTreeSet<String> = page
        .paths
        .iter()
        .flat_map(key_placeholders)
        .flat_map(|parameter| std::iter::once(&parameter.docs_name).chain(&parameter.alternatives).map(|name| kebab_case(name)).chain([parameter.name.clone()]))
        .chain(page.paths.iter().filter_map(|path| path.parsed.query.as_deref()).flat_map(query_placeholders))
        .collect();
    let (key_rows, function_rows): (Vec<RawProperty>, Vec<RawProperty>) =
        std::mem::take(&mut page.function_parameters).into_iter().partition(|parameter| keys.contains(&kebab_case(&parameter.name)));
    page.key_parameters = key_rows;
    let mut seen = std::collections::BTreeSet::new();
    page.function_parameters = function_rows.into_iter().filter(|parameter| seen.insert(parameter.name.to_ascii_lowercase())).collect();
    if page.function_parameters.is_empty() {
        return;
    }
    let parameters = &page.function_parameters;
    let is_tabled = |argument: &str| parameters.iter().any(|p| p.name.eq_ignore_ascii_case(argument));
    let mut tabled_in_a_template = false;
    for path in page.paths.iter_mut().filter(|path| path.method == "GET") {
        let ParsedPath { segments, parameters: placeholders, .. } = &mut path.parsed;
        for segment in segments.iter_mut() {
            let PathSegment::Function { arguments, .. } = segment else { continue };
            for argument in arguments.iter_mut().filter(|argument| is_tabled(&argument.name)) {
                tabled_in_a_template = true;
                if matches!(argument.value, ArgumentValue::Literal(_)) {
                    argument.value = ArgumentValue::Parameter(add_placeholder(placeholders, &argument.name));
                }
            }
        }
    }
    if tabled_in_a_template {
        return;
    }
    let every_one_optional = parameters.iter().all(|p| contains_ignore_ascii_case(&p.description, "optional"));
    let mut added = Vec::new();
    // One warning per function: its first template, with a count of the others.
    let mut reported: Vec<(usize, String, String, usize)> = Vec::new();
    for (index, path) in page.paths.iter_mut().enumerate() {
        let Some(PathSegment::Literal { name }) = path.parsed.segments.last().filter(|_| path.method == "GET") else { continue };
        let name = name.clone();
        let mut with_arguments = path.clone();
        let arguments: Vec<FunctionArgument> = parameters
            .iter()
            .map(|parameter| FunctionArgument {
                name: parameter.name.clone(),
                value: ArgumentValue::Parameter(add_placeholder(&mut with_arguments.parsed.parameters, &parameter.name)),
            })
            .collect();
        // The template text says what the segments now do, so that it names this path
        // apart from the one without arguments that an optional list keeps beside it.
        let written: Vec<String> = arguments
            .iter()
            .map(|a| match &a.value {
                ArgumentValue::Parameter(placeholder) => format!("{}={{{placeholder}}}", a.name),
                ArgumentValue::Literal(value) => format!("{}={value}", a.name),
            })
            .collect();
        let call = format!("{name}({})", written.join(","));
        with_arguments.parsed.template = format!("{}({})", with_arguments.parsed.template, written.join(","));
        match reported.iter_mut().find(|(_, function, _, _)| *function == name) {
            Some((_, _, _, others)) => *others += 1,
            None => reported.push((path.offset, name.clone(), call, 0)),
        }
        if let Some(last) = with_arguments.parsed.segments.last_mut() {
            *last = PathSegment::Function { name, arguments };
        }
        if every_one_optional {
            added.push((index + 1, with_arguments));
        } else {
            *path = with_arguments;
        }
    }
    for (offset, name, call, others) in reported {
        let also = match others {
            0 => String::new(),
            1 => " (and on 1 more template)".to_owned(),
            n => format!(" (and on {n} more templates)"),
        };
        let message = format!("`{name}` has tabled parameters but the template writes no argument list; read as `{call}`{also}");
        reporter.report(Code::FunctionArgumentsNotInTemplate, offset, message);
    }
    // Later insertions first, so the earlier indices still hold.
    for (index, path) in added.into_iter().rev() {
        page.paths.insert(index, path);
    }
}

/// `{id_value}` in `$filter=id eq '{id_value}'`, as kebab-case names.
fn query_placeholders(query: &str) -> Vec<String> {
    query.split('{').skip(1).filter_map(|rest| rest.split_once('}')).map(|(name, _)| kebab_case(name)).collect()
}

/// Registers a placeholder named after `argument` (a function argument, or `id` for a key
/// value), unique within the path.
fn add_placeholder(placeholders: &mut Vec<PathParameter>, argument: &str) -> String {
    let base = kebab_case(argument);
    let base = if base.is_empty() { "value".to_owned() } else { base };
    let mut name = base.clone();
    let mut suffix = 2;
    while placeholders.iter().any(|p| p.name == name) {
        name = format!("{base}-{suffix}");
        suffix += 1;
    }
    placeholders.push(PathParameter { name: name.clone(), docs_name: argument.to_owned(), alternatives: Vec::new(), type_ref: None });
    name
}

/// Turns literal segments that are GUIDs (`/classes/acdefc6b-2dc6-4e71-b1e9-6d9810ab1793`)
/// into key parameters: no collection or property is named like that, so the page has
/// pasted a key value into its template. Returns the values replaced.
fn key_values_as_placeholders(parsed: &mut ParsedPath) -> Vec<String> {
    let mut replaced = Vec::new();
    for segment in &mut parsed.segments {
        let PathSegment::Literal { name } = segment else { continue };
        if !is_guid(name) {
            continue;
        }
        let parameter = add_placeholder(&mut parsed.parameters, "id");
        parsed.template = parsed.template.replacen(name.as_str(), "{id}", 1);
        replaced.push(std::mem::take(name));
        *segment = PathSegment::Parameter { parameter };
    }
    // Parameters are listed in order of appearance.
    if !replaced.is_empty() {
        let order: Vec<String> =
            parsed.segments.iter().filter_map(|s| if let PathSegment::Parameter { parameter } = s { Some(parameter.clone()) } else { None }).collect();
        parsed.parameters.sort_by_key(|p| order.iter().position(|name| *name == p.name).unwrap_or(usize::MAX));
    }
    replaced
}

/// `8-4-4-4-12` hexadecimal digits.
fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5 && groups.iter().zip([8, 4, 4, 4, 12]).all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn read_examples(fences: &[AnnotatedFence<'_>], page: &mut ApiPage, reporter: &mut Reporter<'_>) {
    for (index, fence) in fences.iter().enumerate() {
        let block_type = fence.annotation.as_ref().and_then(|(a, _)| a.block_type.as_deref());
        let looks_http = fence.info.is_empty() || fence.info.eq_ignore_ascii_case("http");
        let first_line = fence.text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
        // A request section's fences are templates, unless annotated as an example too.
        if fence.in_request_section() && !matches!(block_type, Some("request" | "response")) {
            continue;
        }
        // A sample in a section that describes the call ("Optional query parameters":
        // `GET /teams/{id}/schedule/dayNotes?$filter=...`) shows syntax, not an example.
        let in_reference_section =
            ["optional query", "query parameter", "request header", "permission", "request body"].iter().any(|section| fence.section.starts_with(section));
        let kind = match block_type {
            Some("request") => Some(true),
            Some("response") => Some(false),
            None if in_reference_section => None,
            // Intune pages carry no annotations: their fences are known by their first line.
            None if looks_http && http::request_line(first_line).is_some() => Some(true),
            None if looks_http && http::status_line(first_line).is_some() => Some(false),
            // An ignored request still lets the response after it find its pair.
            Some("ignored") if http::request_line(first_line).is_some() && fence.section.starts_with("example") => Some(true),
            _ => None,
        };
        match kind {
            Some(true) => read_request(fence, fences.get(index + 1), block_type == Some("request"), page, reporter),
            Some(false) => read_response(fence, fences.get(index + 1), page, reporter),
            None => {}
        }
    }
}

/// The JSON in `next` as the body of the example in the fence before it (`what` is
/// "request" or "response"), when `next` follows that fence with only blank lines
/// between, is unannotated, and is plain or `json` and an object or array: prose between
/// the two, or an annotation, makes it something else (a notification payload, say).
fn body_in_next_fence(next: Option<&AnnotatedFence<'_>>, what: &str, content_type: Option<&str>, reporter: &mut Reporter<'_>) -> Option<RawBody> {
    let next = next.filter(|next| {
        next.follows_fence
            && next.annotation.is_none()
            && (next.info.is_empty() || next.info.eq_ignore_ascii_case("json"))
            && next.text.trim_start().starts_with(['{', '['])
    })?;
    reporter.report(Code::BodyInNextFence, next.start, format!("the {what}'s JSON body is in the next fence; it is read as the body"));
    let leading = next.text.len() - next.text.trim_start().len();
    body_of(Some(HttpBody { text: next.text.trim().to_owned(), offset: leading }), next, content_type, reporter)
}

fn body_of(body: Option<HttpBody>, fence: &AnnotatedFence<'_>, content_type: Option<&str>, reporter: &mut Reporter<'_>) -> Option<RawBody> {
    let body = body?;
    let offset = fence.content_start + body.offset;
    // The content type is not trusted: pages label JSON bodies `text/plain` and vice versa.
    let _ = content_type;
    let json = body.text.starts_with(['{', '[']).then(|| read_json_body(&body.text, offset, reporter)).flatten();
    Some(RawBody { text: body.text, json, offset })
}

fn header_value<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// `next` is the fence after this one: a POST, PUT or PATCH written without a body may
/// have it there (`directory-deleteditems-user-owned.md`), as a response may.
fn read_request(fence: &AnnotatedFence<'_>, next: Option<&AnnotatedFence<'_>>, annotated: bool, page: &mut ApiPage, reporter: &mut Reporter<'_>) {
    let at = fence.annotation.as_ref().map_or(fence.start, |(_, at)| *at);
    let Some(request) = http::parse_request(fence.text) else {
        reporter.report(Code::MalformedHttp, fence.content_start, "request example has no `METHOD URL` line");
        return;
    };
    let name = fence.annotation.as_ref().and_then(|(a, _)| a.name.clone());
    let content_type = header_value(&request.headers, "content-type").map(str::to_owned);
    let mut body = body_of(request.body, fence, content_type.as_deref(), reporter);
    if body.is_none() && matches!(request.method.as_str(), "POST" | "PUT" | "PATCH") {
        body = body_in_next_fence(next, "request", content_type.as_deref(), reporter);
    }
    let raw = RawRequest { method: request.method, url: request.url, headers: request.headers, body, offset: at, annotated };
    let repeats: Vec<RawExample> = request
        .also
        .into_iter()
        .map(|(offset, method, url)| {
            let request = RawRequest { method, url, offset: fence.content_start + offset, ..raw.clone() };
            RawExample { name: None, request: Some(request), response: None, repeats_previous: true }
        })
        .collect();
    page.examples.push(RawExample { name, request: Some(raw), response: None, repeats_previous: false });
    page.examples.extend(repeats);
}

/// `next` is the fence after this one, which may hold its JSON body (`search-query.md`:
/// `HTTP/1.1 200 OK` and a `Content-type` in an `HTTP` fence, the JSON in a `json` one).
fn read_response(fence: &AnnotatedFence<'_>, next: Option<&AnnotatedFence<'_>>, page: &mut ApiPage, reporter: &mut Reporter<'_>) {
    let at = fence.annotation.as_ref().map_or(fence.start, |(_, at)| *at);
    let annotation = fence.annotation.as_ref().map(|(a, _)| a.clone()).unwrap_or_default();
    let response = match http::parse_response(fence.text) {
        Ok(response) => response,
        Err(message) => {
            reporter.report(Code::MalformedHttp, fence.content_start, message);
            return;
        }
    };
    let content_type = header_value(&response.headers, "content-type").map(str::to_owned);
    let mut body = body_of(response.body, fence, content_type.as_deref(), reporter);
    let plain_text = content_type.as_deref().is_some_and(|value| value.trim().to_ascii_lowercase().starts_with("text/plain"));
    if let (None, true, Some((code, at))) = (&body, plain_text, fence.code_after) {
        reporter.report(Code::BodyAfterFence, at, "the plain-text response body is written after the fence, as inline code; it is read as the body");
        body = Some(RawBody { text: code.trim().to_owned(), json: None, offset: at });
    }
    if body.is_none() {
        body = body_in_next_fence(next, "response", content_type.as_deref(), reporter);
    }
    let raw = RawResponse {
        status: response.status,
        headers: response.headers,
        body,
        truncated: annotation.truncated,
        is_collection: annotation.is_collection,
        odata_type: annotation.odata_type.clone(),
        offset: at,
    };
    // Pair by name first, then with the nearest earlier request still waiting. The
    // request's further URLs (`repeats_previous`) get the same response.
    let by_name = annotation
        .name
        .as_ref()
        .and_then(|name| page.examples.iter().rposition(|e| !e.repeats_previous && e.response.is_none() && e.name.as_ref() == Some(name)));
    let last_request = page
        .examples
        .iter()
        .rposition(|e| !e.repeats_previous)
        .filter(|&index| page.examples[index].request.is_some() && page.examples[index].response.is_none());
    match by_name.or(last_request) {
        Some(index) => {
            for repeat in page.examples[index + 1..].iter_mut().take_while(|e| e.repeats_previous) {
                repeat.response = Some(raw.clone());
            }
            page.examples[index].response = Some(raw);
        }
        None => {
            // Right after a request and its response: another outcome of the same call, or
            // where its redirect leads (a report's `302 Found`, then the CSV it downloads).
            let follows_an_answered_request =
                page.examples.iter().rev().find(|e| !e.repeats_previous).is_some_and(|e| e.request.is_some() && e.response.is_some());
            if follows_an_answered_request {
                reporter.report(
                    Code::FurtherResponse,
                    at,
                    "a further response to the request before it (another outcome, or where its redirect leads); checked on its own",
                );
            } else {
                reporter.report(Code::UnpairedResponse, at, "response example has no request example before it");
            }
            page.examples.push(RawExample { name: annotation.name.clone(), request: None, response: Some(raw), repeats_previous: false });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::parse::{Folder, PageBody, parse_page};

    #[test]
    fn request_body_prose_names_the_resource_sent() {
        let body_of = |prose: &str| {
            let (page, _) = api(&format!(
                "# Create x\n\n## HTTP request\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\nPOST /groups\n```\n\n## Request body\n\n{prose}\n"
            ));
            (page.request_body_is_resource, page.request_body_links.first().map(|l| l.text.clone()), page.request_body_type_word)
        };
        // As in `api/group-post-groups.md`, `api/application-post-extensionproperty.md`.
        let group = "The following table shows the properties of the [group](../resources/group.md) resource to specify when you create a group.";
        assert_eq!(body_of(group), (true, Some("group".to_owned()), None));
        let extension = "See [directory extensions](../resources/x.md). In the request body, provide an [extensionProperty](../resources/extensionproperty.md) object with the following properties.";
        assert_eq!(body_of(extension), (true, Some("extensionProperty".to_owned()), None), "the link naming an object goes first");
        // As in `api/channel-post-tabs.md`: the paragraph is the link alone.
        assert_eq!(body_of("A [teamsTab](../resources/teamstab.md)."), (true, Some("teamsTab".to_owned()), None));
        assert!(!body_of("A [teamsTab](../resources/teamstab.md) holds the settings.").0);
        // As in the Intune create pages: the type is named, not linked.
        assert_eq!(body_of("In the request body, supply a JSON representation for the androidLobApp object."), (true, None, Some("androidLobApp".to_owned())));
        assert_eq!(body_of("In the request body, supply JSON representation of the parameters."), (true, None, None));
        // An array of objects is not one resource; ids of objects are not the objects.
        assert!(!body_of("In the request body, supply an array of [patchContentCommand](../resources/patchcontentcommand.md) objects.").0);
        assert!(!body_of("Provide the `id` of a [user](../resources/user.md) to be added.").0);
        // A response paragraph under a lower heading of the request body section.
        let response = "Do not supply a request body.\n\n### Response\nThis method returns `200 OK` and a [workbookRange](../resources/range.md) object in the response body.";
        assert!(!body_of(response).0);
    }

    fn api(text: &str) -> (super::ApiPage, Vec<crate::Diagnostic>) {
        let (page, diagnostics) = parse_page("api/x.md", text, Folder::Api);
        match page.body {
            PageBody::Api(api) => (*api, diagnostics),
            PageBody::Resource(_) => unreachable!("api folder"),
        }
    }

    #[test]
    fn a_parameter_table_under_a_values_heading_is_still_read() {
        let text = "---\ntitle: x\n---\n# x\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPOST /x/act\n```\n\n## Request body\n\n### Parameter values\n\n| Name | Type | Description |\n|:--|:--|:--|\n| mode | String | The mode. |\n";
        let page = api(text).0;
        assert_eq!(page.request_parameters.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["mode"]);
        assert!(page.enums.is_empty(), "no parameter names `Parameter`");
    }

    #[test]
    fn a_request_body_heading_under_the_request_section_is_the_request_body() {
        // As `driveitem-copy.md`: `### Request body` under `## HTTP request`.
        let text = "---\ntitle: x\n---\n# x\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPOST /drives/{driveId}/items/{itemId}/copy\n```\n\n### Request body\n\n| Name | Value | Description |\n|:--|:--|:--|\n| parentReference | [ItemReference](../resources/itemreference.md) | Optional. |\n| name | string | Optional. |\n\n### Remarks\n\n| Name | Type | Description |\n|:--|:--|:--|\n| other | String | Not a parameter. |\n";
        let names: Vec<String> = api(text).0.request_parameters.iter().map(|p| p.name.clone()).collect();
        assert_eq!(names, ["parentReference", "name"]);
    }

    #[test]
    fn a_required_column_is_said_in_the_description_not_appended_to_it() {
        // As `printer-create.md` and the print reports: "Required?" after or before the description.
        let text = "---\ntitle: x\n---\n# x\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPOST /print/printers/create\n```\n\n## Request body\n\n| Parameter | Type |Description| Required? |\n|:--|:--|:--|:--|\n|displayName|String|The display name.|Yes|\n|connectorId|String|The connector.|No|\n|model|String|The model. Required.|Yes|\n";
        let descriptions: Vec<String> = api(text).0.request_parameters.iter().map(|p| p.description.clone()).collect();
        assert_eq!(descriptions, ["The display name. Required.", "The connector. Optional.", "The model. Required."]);
        let before = text
            .replace("| Parameter | Type |Description| Required? |", "| Parameter | Type | Required? | Description |")
            .replace("|The display name.|Yes|", "|Yes|The display name.|");
        assert_eq!(api(&before).0.request_parameters[0].description, "The display name. Required.");
    }

    const PAGE: &str = r##"---
title: "Create onlineMeeting"
ms.prod: "cloud-communications"
---
# Create onlineMeeting

## Permissions

| Permission type                        | Permissions (from least to most privileged) |
|:---------------------------------------|:--------------------------------------------|
| Delegated (work or school account)     | OnlineMeetings.ReadWrite                    |
| Delegated (personal Microsoft account) | Not Supported                               |
| Application                            | OnlineMeetings.ReadWrite.All, User.Read.All |

## HTTP request
<!-- { "blockType": "ignored" } -->
```http
POST /me/onlineMeetings
POST /users/{userId}/onlineMeetings
```

## Request headers
| Name          | Description               |
|:--------------|:--------------------------|
| Authorization | Bearer {token}. Required. |
| Accept-Language  | Language. Optional. |

## Request body
In the request body, supply a JSON representation of an [onlineMeeting](../resources/onlinemeeting.md) object.

## Response
If successful, this method returns a `201 Created` response code and an [onlineMeeting](../resources/onlinemeeting.md) object in the response body.

## Examples

<!-- {
  "blockType": "request",
  "name": "create-live-event-user-token"
}-->
#### Request

```http
POST https://graph.microsoft.com/v1.0/me/onlineMeetings
Content-Type: application/json

{
  "subject":"User Token Live Event",
}
```

#### Response

<!-- {
  "blockType": "response",
  "truncated": "true",
  "@odata.type": "microsoft.graph.onlineMeeting"
} -->
```json
{
  "id": "x"
}
```
"##;

    #[test]
    fn an_argument_placeholder_named_as_its_argument_is_still_the_functions() {
        // As in newer `callrecords-callrecord-getpstncalls.md`; keys stay keys.
        let text = "---\ntitle: x\n---\n# getPstnCalls\n\n## HTTP request\n```http\nGET /communications/{id}/getPstnCalls(fromDateTime={fromDateTime})\n```\n\n## Function parameters\n\n|Parameter|Type|Description|\n|:---|:---|:---|\n|fromDateTime|DateTimeOffset|Start.|\n|id|String|The key.|\n";
        let (page, _) = api(text);
        let names = |rows: &[super::RawProperty]| rows.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&page.function_parameters), ["fromDateTime"]);
        assert_eq!(names(&page.key_parameters), ["id"]);
    }

    #[test]
    fn an_example_url_written_as_a_template_is_a_path() {
        let request = |url: &str| format!("<!-- {{ \"blockType\": \"request\" }} -->\n```http\nGET {url}\n```\n\n");
        let text = format!(
            "---\ntitle: \"List drives\"\n---\n# List drives\n\n## List a group's drives\n\n### HTTP request\n\n{}## List a site's drives\n\n{}## Example\n\n{}{}{}{}",
            request("/groups/{groupId}/drives"),
            request("/sites/{siteId}/drives"),
            request("/Groups/{id}/drives?$top=2"),
            request("https://graph.microsoft.com/v1.0/users/{userId}/drives"),
            request("/me/drives"),
            request("/drives/{drive-id}/getActivitiesByInterval(startDateTime='2017-01-01')"),
        );
        let (page, diagnostics) = api(&text);
        let templates: Vec<&str> = page.paths.iter().map(|p| p.parsed.template.as_str()).collect();
        assert_eq!(templates, ["/groups/{groupId}/drives", "/sites/{siteId}/drives"], "only the host-less URL with a placeholder, new in shape");
        assert_eq!(page.paths[1].parsed.parameters.len(), 1);
        let notes: Vec<u32> = diagnostics.iter().filter(|d| d.code == crate::Code::PathOnlyInExample).map(|d| d.line).collect();
        assert_eq!(notes, [17], "at the annotation of the site example");
        assert_eq!(page.examples.len(), 6, "every example stays an example");
    }

    #[test]
    fn an_http_request_heading_inside_an_example_heads_its_request_not_the_templates() {
        // As in `api/todotask-delta.md`: `### HTTP Request` under `## Example` over an
        // `ignored` fence with the concrete URL of the call.
        let text = "---\ntitle: \"todoTask: delta\"\nms.prod: \"outlook\"\n---\n# todoTask: delta\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /me/todo/lists/{id}/tasks/delta\n```\n\n## Example\n### Request\nThe delta call.\n\n### HTTP Request\n<!-- { \"blockType\": \"ignored\" } -->\n``` http\nGET https://graph.microsoft.com/v1.0/me/todo/lists/gDbc8U7HGwADDZocJgAAAA==/tasks/delta?$deltatoken=w0vf\n```\n\n### Response\n```http\nHTTP/1.1 200 OK\n\n{\"value\": []}\n```\n";
        let (page, _) = api(text);
        let templates: Vec<&str> = page.paths.iter().map(|p| p.parsed.template.as_str()).collect();
        assert_eq!(templates, ["/me/todo/lists/{id}/tasks/delta"], "the example's URL is not a template");
        // Multi-part pages keep their H3 templates (`an_example_url_written_as_a_template_is_a_path`).
    }

    #[test]
    fn further_request_lines_are_examples_sharing_the_response() {
        // As in `api/user-list-agreementacceptances.md`.
        let text = "---\ntitle: \"List agreementAcceptances\"\nms.prod: \"governance\"\n---\n# List agreementAcceptances\n\n## Example\n\n<!-- { \"blockType\": \"request\", \"name\": \"get\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/me/agreementAcceptances\n\nGET https://graph.microsoft.com/v1.0/users/f2f4/agreementAcceptances\n```\n\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 200 OK\n\n{\"value\": []}\n```\n";
        let (page, diagnostics) = api(text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let urls: Vec<(&str, bool, bool)> = page
            .examples
            .iter()
            .map(|e| (e.request.as_ref().map_or("", |r| r.url.as_str()), e.repeats_previous, e.response.as_ref().is_some_and(|r| r.body.is_some())))
            .collect();
        assert_eq!(
            urls,
            [
                ("https://graph.microsoft.com/v1.0/me/agreementAcceptances", false, true),
                ("https://graph.microsoft.com/v1.0/users/f2f4/agreementAcceptances", true, true)
            ]
        );
        assert!(page.examples.iter().all(|e| e.request.as_ref().is_some_and(|r| r.body.is_none())), "the second line is not a body");
        let line_of = |offset: usize| text[..offset].lines().count();
        assert_eq!(line_of(page.examples[1].request.as_ref().unwrap().offset), 12, "the repeat is located at its own line");
    }

    #[test]
    fn scopes_joined_by_and_are_one_way_to_be_allowed() {
        // As `application-list-tokenissuancepolicies.md`, and an Oxford comma's list.
        assert_eq!(
            super::permission_scopes("Policy.Read.All and Application.ReadWrite.All, Policy.ReadWrite.ApplicationConfiguration and Application.ReadWrite.All"),
            ["Policy.Read.All and Application.ReadWrite.All", "Policy.ReadWrite.ApplicationConfiguration and Application.ReadWrite.All"]
        );
        assert_eq!(
            super::permission_scopes("Policy.Read.All, Policy.ReadWrite.ConditionalAccess and Application.Read.All"),
            ["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess and Application.Read.All"]
        );
        assert_eq!(super::permission_scopes("User.Read, User.ReadWrite, and User.Read.All"), ["User.Read", "User.ReadWrite", "User.Read.All"]);
        assert_eq!(super::permission_scopes("Not supported."), Vec::<String>::new());
    }

    #[test]
    fn newer_permission_forms_are_read() {
        // As in the newer reference's `chatmessage-setreaction.md` (a table per scenario),
        // `security-ediscoverycase-get.md` (a scope in lower case) and `subscription-delete.md`
        // (a column per permission type).
        let text = "---\ntitle: x\n---\n# x\n\n## Permissions\n\n### Permissions for channel\n\n|Permission type|Permissions|\n|:--|:--|\n|Delegated (work or school account)|ChannelMessage.Send|\n|Application|Not supported.|\n\n### Permissions for chat\n\n|Permission type|Permissions|\n|:--|:--|\n|Delegated (work or school account)|Chat.ReadWrite, ChatMessage.Send, eDiscovery.Read.All, e.g. this|\n\n## HTTP request\n\n```http\nGET /me\n```\n";
        let (page, _) = api(text);
        assert_eq!(
            page.permissions.delegated_work.as_deref(),
            Some(&["ChannelMessage.Send", "Chat.ReadWrite", "ChatMessage.Send", "eDiscovery.Read.All"].map(String::from)[..])
        );
        assert_eq!(page.permissions.application.as_deref(), Some(&[][..]));
        let text = "---\ntitle: x\n---\n# x\n\n## Permissions\n\n| Supported resource | Delegated (work or school account) | Delegated (personal Microsoft account) | Application |\n|:--|:--|:--|:--|\n|[chat](../resources/chat.md)|Chat.ReadBasic|Not supported.|ChatMember.Read.Chat|\n|[driveItem](../resources/driveitem.md)|Files.ReadWrite|Files.ReadWrite|Not supported.|\n\n## HTTP request\n\n```http\nGET /me\n```\n";
        let (page, _) = api(text);
        assert_eq!(page.permissions.delegated_work.as_deref(), Some(&["Chat.ReadBasic", "Files.ReadWrite"].map(String::from)[..]));
        assert_eq!(page.permissions.delegated_personal.as_deref(), Some(&["Files.ReadWrite".to_owned()][..]));
        assert_eq!(page.permissions.application.as_deref(), Some(&["ChatMember.Read.Chat".to_owned()][..]));
    }

    #[test]
    fn an_include_next_to_a_permissions_table_is_not_reported() {
        // As in `api/administrativeunit-list-members.md`: a note included above the table.
        let text = "---\ntitle: x\n---\n# x\n\n## Permissions\n\n[!INCLUDE [limited-info](../../includes/limited-info.md)]\n\n|Permission type|Permissions|\n|:--|:--|\n|Application|Directory.Read.All|\n\n## HTTP request\n\n```http\nGET /me\n```\n";
        let (page, diagnostics) = api(text);
        assert_eq!(page.permissions.application.as_deref(), Some(&["Directory.Read.All".to_owned()][..]));
        assert!(diagnostics.iter().all(|d| d.code != crate::Code::PermissionsInInclude), "{diagnostics:?}");
    }

    #[test]
    fn permissions_in_an_include_are_reported() {
        // As in the newer reference's `chat-delete.md`.
        let text = "---\ntitle: x\n---\n# x\n\n## Permissions\n\n<!-- { \"blockType\": \"permissions\", \"name\": \"chat_delete\" } -->\n[!INCLUDE [permissions-table](../includes/permissions/chat-delete-permissions.md)]\n\n## HTTP request\n\n```http\nDELETE /chats/{chat-id}\n```\n";
        let (page, diagnostics) = api(text);
        assert_eq!(page.permissions, Default::default());
        let reported: Vec<_> = diagnostics.iter().filter(|d| d.code == crate::Code::PermissionsInInclude).collect();
        assert_eq!(reported.len(), 1, "{diagnostics:?}");
        assert!(reported[0].message.contains("../includes/permissions/chat-delete-permissions.md"), "{}", reported[0].message);
    }

    #[test]
    fn permissions_in_a_given_include_are_read_from_every_scope_column() {
        // The newer reference's layout: `api/chat-delete.md` includes
        // `includes/permissions/chat-delete-permissions.md`, a table of least and higher
        // privileged scopes.
        let text = "---\ntitle: x\n---\n# x\n\n## Permissions\n\n<!-- { \"blockType\": \"permissions\", \"name\": \"chat_delete\" } -->\n[!INCLUDE [permissions-table](../includes/permissions/Chat-Delete-permissions.md)]\n\n## HTTP request\n\n```http\nDELETE /chats/{chat-id}\n```\n";
        let table = "|Permission type|Least privileged permissions|Higher privileged permissions|\n|:---|:---|:---|\n|Delegated (work or school account)|Chat.ReadWrite|Chat.ReadWrite.All, Directory.Read.All|\n|Delegated (personal Microsoft account)|Not supported.|Not supported.|\n|Application|Chat.Delete.All|Not available.|";
        let mut includes = crate::parse::Includes::default();
        includes.insert("includes/permissions/chat-delete-permissions.md", table);
        let (page, diagnostics) = crate::parse::parse_page_with_includes("api/chat-delete.md", text, Folder::Api, &includes);
        let PageBody::Api(page) = page.body else { panic!("an API page") };
        assert!(diagnostics.iter().all(|d| d.code != crate::Code::PermissionsInInclude), "{diagnostics:?}");
        assert_eq!(page.permissions.delegated_work.as_deref(), Some(&["Chat.ReadWrite", "Chat.ReadWrite.All", "Directory.Read.All"].map(String::from)[..]));
        assert_eq!(page.permissions.delegated_personal.as_deref(), Some(&[][..]));
        assert_eq!(page.permissions.application.as_deref(), Some(&["Chat.Delete.All".to_owned()][..]));
        // A link that climbs out of the spec folder names no given file.
        assert_eq!(includes.get("api/chat-delete.md", "../../includes/permissions/chat-delete-permissions.md"), None);
    }

    #[test]
    fn a_header_row_may_show_its_value_and_a_list_of_objects_is_a_collection() {
        // As in the newer reference's `calendar-getschedule.md` and `schedule-list-daynotes.md`.
        let text = "---\ntitle: x\n---\n# x\n\n## HTTP request\n\n```http\nGET /me/x\n```\n\n## Request headers\n\n| Name | Type | Description |\n|:--|:--|:--|\n| Authorization | string | Bearer {token}. Required. |\n| Prefer: outlook.timezone | string | The time zone. Optional. |\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a list of [dayNote](../resources/daynote.md) objects in the response body.\n";
        let (page, _) = api(text);
        let headers: Vec<&str> = page.headers.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(headers, ["Authorization", "Prefer"]);
        assert_eq!(page.response_links.iter().map(|(link, collection)| (link.text.as_str(), *collection)).collect::<Vec<_>>(), [("dayNote", true)]);
    }

    #[test]
    fn resource_links_are_relative_or_site_absolute() {
        assert!(super::is_resource_link("../resources/user.md"));
        assert!(super::is_resource_link("/graph/api/resources/security-alert?view=graph-rest-1.0"));
        assert!(super::is_resource_link("https://learn.microsoft.com/en-us/graph/api/resources/user"));
        assert!(!super::is_resource_link("/graph/api/user-get?view=graph-rest-1.0"));
        assert!(!super::is_resource_link("../api/user-get.md"));
        assert!(!super::is_resource_link("/graph/permissions-reference"));
    }

    #[test]
    fn a_primitive_named_before_in_the_response_body_is_the_response() {
        use super::primitive_in_response_body as primitive;
        // As in the Intune action pages and `api/directoryobject-getmembergroups.md`.
        assert_eq!(primitive("this function returns a `200 OK` response code and a Boolean in the response body."), Some(("Edm.Boolean", false)));
        assert_eq!(primitive("this method returns `200 OK` response code and String collection object in the response body."), Some(("Edm.String", true)));
        assert_eq!(primitive("this action returns a `200 OK` response code and an Int32 in the response body."), Some(("Edm.Int32", false)));
        assert_eq!(primitive("this method returns a `204 No Content` response code. It does not return anything in the response body."), None);
        assert_eq!(primitive("this method returns a `200 OK` response code and the new string in the response body."), None);
    }

    #[test]
    fn a_name_value_table_types_the_body_when_its_examples_send_what_it_lists() {
        let page = |rows: &str, body: &str| {
            format!(
                "---\ntitle: x\n---\n# x\n\n## HTTP request\n\n```http\nPOST /drives/{{id}}/items/{{id}}/checkin\n```\n\n## Request body\n\n| Name | Value | Description |\n|:--|:--|:--|\n{rows}\n\n## Example\n\n<!-- {{ \"blockType\": \"request\" }} -->\n```http\nPOST https://graph.microsoft.com/v1.0/drives/1/items/2/checkin\nContent-type: application/json\n\n{body}\n```\n"
            )
        };
        let names = |text: &str| api(text).0.request_parameters.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
        // As in `api/driveitem-checkin.md`.
        assert_eq!(
            names(&page("| checkInAs | string | The status. |\n| comment | string | A comment. |", r#"{"comment": "Updating"}"#)),
            ["checkInAs", "comment"]
        );
        // As in `api/site-follow.md`: the table describes the items of `value`.
        assert!(names(&page("| id | string | The site. |", r#"{"value": [{"id": "1"}]}"#)).is_empty());
        // As in `api/opentypeextension-post-opentypeextension.md`: values, not types.
        assert!(names(&page("| extensionName | %unique_string% | The name. |", r#"{"extensionName": "x"}"#)).is_empty());
    }

    #[test]
    fn optional_request_headers_are_headers_and_their_values_are_not() {
        // As in `api/shares-get.md` and the newer `driveitem-delete.md`.
        let text = "---\ntitle: x\n---\n# x\n\n## HTTP request\n\n```http\nDELETE /me/drive/items/{id}\n```\n\n## Optional request headers\n\n| Name | Type | Description |\n|:--|:--|:--|\n| if-match | String | If this request header is included and the eTag does not match, a `412 Precondition Failed` is returned. |\n\n### Prefer header values\n\n| Name | Description |\n|:--|:--|\n| redeemSharingLink | Grants access. |\n";
        let (page, _) = api(text);
        let headers: Vec<(&str, &str)> = page.headers.iter().map(|h| (h.name.as_str(), h.description.as_str())).collect();
        assert_eq!(headers, [("if-match", "If this request header is included and the eTag does not match, a 412 Precondition Failed is returned.")]);
    }

    #[test]
    fn a_resource_the_response_points_at_in_a_header_is_not_its_body() {
        let links = |prose: &str| {
            let (page, _) = api(&format!(
                "# x\n\n## HTTP request\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\nPOST /teams/{{id}}/archive\n```\n\n## Response\n\n{prose}\n"
            ));
            page.response_links.iter().map(|(link, _)| link.text.clone()).collect::<Vec<_>>()
        };
        // As in `api/team-archive.md`, `api/printer-create.md` and `api/team-post.md`.
        assert!(links("This method returns a `202 Accepted` response code. The response will also contain a `Location` header, which contains the location of the [teamsAsyncOperation](../resources/teamsasyncoperation.md) that was created.").is_empty());
        assert!(links("This method returns a `202 Accepted` response code and a link to the associated [printerCreateOperation](../resources/printercreateoperation.md) in the `Operation-Location` header.").is_empty());
        assert!(
            links(
                "If successful, this API returns a `202 Accepted` response containing a link to the [teamsAsyncOperation](../resources/teamsasyncoperation.md)."
            )
            .is_empty()
        );
        // As in `api/externalconnectors-schema-create.md`: a request header named, the body linked.
        let schema = "Without the `Prefer: respond-async` header included in the request, this method returns a `201 Created` response code and a new [schema](../resources/externalconnectors-schema.md) object in the response body.";
        assert_eq!(links(schema), ["schema"]);
    }

    #[test]
    fn paths_permissions_and_headers() {
        let (page, _) = api(PAGE);
        let templates: Vec<&str> = page.paths.iter().map(|p| p.parsed.template.as_str()).collect();
        assert_eq!(templates, ["/me/onlineMeetings", "/users/{userId}/onlineMeetings"]);
        assert_eq!(page.permissions.delegated_work.as_deref(), Some(&["OnlineMeetings.ReadWrite".to_owned()][..]));
        assert_eq!(page.permissions.delegated_personal.as_deref(), Some(&[][..]));
        assert_eq!(page.permissions.application.as_ref().map(Vec::len), Some(2));
        assert_eq!(page.headers[1].name, "Accept-Language");
        assert!(page.headers[0].required && !page.headers[1].required);
        assert!(page.request_body_is_resource);
        assert_eq!(page.response_status, Some(201));
    }

    #[test]
    fn a_guid_pasted_into_a_template_becomes_a_key_with_a_warning() {
        // As in `api/educationassignment-get.md`.
        let page = "# Get educationAssignment\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /education/classes/{id}/assignments/cf6005fc-9e13-44a2-a6ac-a53322006454\n```\n";
        let (page, diagnostics) = api(page);
        let parsed = &page.paths[0].parsed;
        assert_eq!(parsed.template, "/education/classes/{id}/assignments/{id}");
        let names: Vec<&str> = parsed.parameters.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["id", "id-2"]);
        assert!(matches!(&parsed.segments[4], crate::ir::PathSegment::Parameter { parameter } if parameter == "id-2"));
        let warning = diagnostics.iter().find(|d| d.code == crate::diagnostics::Code::KeyValueInPath).expect("a warning");
        assert_eq!((warning.line, warning.column), (6, 41));
        assert!(super::is_guid("CF6005FC-9e13-44a2-a6ac-a53322006454") && !super::is_guid("onlineMeetings") && !super::is_guid("cf6005fc-9e13-44a2-a6ac"));
    }

    fn function_arguments(page: &super::ApiPage, path: usize) -> Vec<(String, String)> {
        let Some(crate::ir::PathSegment::Function { arguments, .. }) = page.paths[path].parsed.segments.last() else { return Vec::new() };
        arguments
            .iter()
            .map(|a| match &a.value {
                crate::ir::ArgumentValue::Parameter(p) => (a.name.clone(), format!("{{{p}}}")),
                crate::ir::ArgumentValue::Literal(v) => (a.name.clone(), v.clone()),
            })
            .collect()
    }

    #[test]
    fn a_status_series_is_no_status() {
        // As in `api/oauth2permissiongrant-post.md`, whose example answers `201 Created`.
        let page = |prose: &str| api(&format!("# Create grant\n\n## Response\n\n{prose}\n")).0.response_status;
        assert_eq!(page("If successful, this method returns a 200-series response code and a new object."), None);
        assert_eq!(page("If successful, this method returns a 200 series response code, then `201 Created`."), Some(201));
        assert_eq!(page("If successful, this method returns a `201 Created` response code."), Some(201));
        assert_eq!(page("If successful, this method returns a 204 No Content response code."), Some(204));
    }

    #[test]
    fn tabled_function_parameters_complete_a_template_without_an_argument_list() {
        // As in `api/range-cell.md`: the template is bare, the table has the parameters,
        // and the "Path parameters" table also lists a key, which is not one of them.
        let text = "# Range: Cell

## HTTP request
<!-- { \"blockType\": \"ignored\" } -->
```http
GET /me/drive/items/{id}/workbook/names/{name}/range/cell
```

## Path parameters

| Parameter | Type | Description |
|:--|:--|:--|
|name|String|The range name.|
|row|Int32|Row number.|
|column|Int32|Column number.|
";
        let (page, diagnostics) = api(text);
        let names: Vec<&str> = page.function_parameters.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["row", "column"]);
        assert_eq!(page.paths.len(), 1, "the bare template cannot be called, so it is replaced");
        assert_eq!(function_arguments(&page, 0), [("row".to_owned(), "{row}".to_owned()), ("column".to_owned(), "{column}".to_owned())]);
        let warning = diagnostics.iter().find(|d| d.code == crate::Code::FunctionArgumentsNotInTemplate).expect("a warning");
        assert_eq!(warning.line, 6);

        // Every parameter optional: the bare template stays, and the call with arguments is added.
        let optional = text.replace("Row number.", "Optional. Row.").replace("Column number.", "Optional. Column.");
        let (page, _) = api(&optional);
        assert_eq!(page.paths.len(), 2);
        assert!(function_arguments(&page, 0).is_empty());
        assert_eq!(function_arguments(&page, 1).len(), 2);
        // The template text tells the two apart as the segments do.
        let templates: Vec<&str> = page.paths.iter().map(|p| p.parsed.template.as_str()).collect();
        assert_eq!(
            templates,
            ["/me/drive/items/{id}/workbook/names/{name}/range/cell", "/me/drive/items/{id}/workbook/names/{name}/range/cell(row={row},column={column})"]
        );
    }

    #[test]
    fn sample_values_of_tabled_arguments_become_placeholders_and_a_get_body_table_is_parameters() {
        let text = "# getRecentNotebooks

## HTTP request
<!-- { \"blockType\": \"ignored\" } -->
```http
GET /me/onenote/notebooks/getRecentNotebooks(includePersonalNotebooks=includePersonalNotebooks-value)
GET /me/onenote/notebooks/getRecentNotebooks(includePersonalNotebooks=true,other='x')
```

## Request body

| Parameter | Type | Description |
|:--|:--|:--|
|includePersonalNotebooks|Boolean|Include them.|
";
        let (page, diagnostics) = api(text);
        assert!(page.request_parameters.is_empty(), "a GET has no body");
        assert_eq!(function_arguments(&page, 0), [("includePersonalNotebooks".to_owned(), "{include-personal-notebooks}".to_owned())]);
        assert_eq!(
            function_arguments(&page, 1),
            [("includePersonalNotebooks".to_owned(), "{include-personal-notebooks}".to_owned()), ("other".to_owned(), "x".to_owned())],
            "an argument the table does not list keeps its fixed value"
        );
        assert!(!diagnostics.iter().any(|d| d.code == crate::Code::FunctionArgumentsNotInTemplate), "{diagnostics:?}");
    }

    #[test]
    fn annotation_before_a_heading_still_names_the_next_fence_and_pairs() {
        let (page, diagnostics) = api(PAGE);
        assert_eq!(page.examples.len(), 1);
        let example = &page.examples[0];
        assert_eq!(example.name.as_deref(), Some("create-live-event-user-token"));
        let request = example.request.as_ref().unwrap();
        assert_eq!(request.method, "POST");
        assert_eq!(request.body.as_ref().unwrap().json.as_ref().unwrap().value["subject"], "User Token Live Event");
        let response = example.response.as_ref().unwrap();
        assert!(response.truncated, "\"true\" as a string counts");
        assert_eq!(response.odata_type.as_deref(), Some("microsoft.graph.onlineMeeting"));
        // The trailing comma is tolerated, and noted.
        assert!(diagnostics.iter().any(|d| d.code == crate::Code::NonStrictJson));
    }

    #[test]
    fn unannotated_intune_fences_are_recognised_by_their_first_line() {
        let text = "---\ntitle: x\n---\n# Get x\n\n## HTTP Request\n```http\nGET /deviceManagement/deviceCategories/{deviceCategoryId}\n```\n\n## Example\n\n### Request\n```http\nGET https://graph.microsoft.com/v1/deviceManagement/deviceCategories/{deviceCategoryId}\n```\n\n### Response\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{\n  \"value\": {\"id\": \"1\"}\n}\n```\n";
        let (page, diagnostics) = api(text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(page.paths.len(), 1);
        assert_eq!(page.examples.len(), 1);
        assert_eq!(page.examples[0].response.as_ref().unwrap().status, Some(200));
    }

    #[test]
    fn a_json_fence_right_after_a_bodiless_response_is_its_body() {
        // As in `search-query.md`: the status and headers in one fence, the JSON in the next.
        let page = |between: &str| {
            format!(
                "---\ntitle: x\n---\n# Query\n\n## HTTP request\n```http\nPOST /search/query\n```\n\n## Example\n\n<!-- {{ \"blockType\": \"request\" }} -->\n```http\nPOST https://graph.microsoft.com/v1.0/search/query\n```\n\n<!-- {{ \"blockType\": \"response\" }} -->\n```HTTP\nHTTP/1.1 200 OK\nContent-type: application/json\n```\n{between}\n```json\n{{\"value\": [1]}}\n```\n"
            )
        };
        let (adjacent, diagnostics) = api(&page(""));
        let body = adjacent.examples[0].response.as_ref().and_then(|r| r.body.as_ref());
        assert_eq!(body.and_then(|b| b.json.as_ref()).map(|json| json.value.to_string()).as_deref(), Some("{\"value\":[1]}"));
        assert!(diagnostics.iter().any(|d| d.code == crate::Code::BodyInNextFence && d.line == 24), "{diagnostics:?}");
        // Prose between the two makes the JSON something else.
        let (apart, _) = api(&page("\nA notification payload:\n"));
        assert!(apart.examples[0].response.as_ref().is_some_and(|r| r.body.is_none()));
    }

    #[test]
    fn a_json_fence_right_after_a_bodiless_post_is_its_body() {
        // As in `directory-deleteditems-user-owned.md`: the request line and headers in one
        // fence, the JSON in the next. A GET takes no body from there.
        let page = |method: &str| {
            format!(
                "---\ntitle: x\n---\n# x\n\n## HTTP request\n```http\n{method} /x\n```\n\n## Example\n\n``` http\n{method} https://graph.microsoft.com/v1.0/x\nContent-type: application/json\n```\n\n``` json\n{{\"userId\": \"1\"}}\n```\n"
            )
        };
        let (post, diagnostics) = api(&page("POST"));
        let body = post.examples[0].request.as_ref().and_then(|r| r.body.as_ref());
        assert_eq!(body.and_then(|b| b.json.as_ref()).map(|json| json.value.to_string()).as_deref(), Some("{\"userId\":\"1\"}"));
        assert!(diagnostics.iter().any(|d| d.code == crate::Code::BodyInNextFence && d.line == 18), "{diagnostics:?}");
        let (get, _) = api(&page("GET"));
        assert!(get.examples[0].request.as_ref().is_some_and(|r| r.body.is_none()));
    }

    #[test]
    fn a_response_after_an_answered_request_is_a_further_response() {
        // As in the newer reports pages: a redirect, then where it leads.
        let text = "---\ntitle: x\n---\n# x\n\n## HTTP request\n```http\nGET /reports/x\n```\n\n## Example\n<!-- { \"blockType\": \"request\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/reports/x\n```\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 302 Found\nLocation: https://example.com/x.csv\n```\n\nFollow the redirect:\n\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 200 OK\nContent-Type: application/octet-stream\n```\n";
        let (page, diagnostics) = api(text);
        assert!(diagnostics.iter().all(|d| d.code != crate::Code::UnpairedResponse), "{diagnostics:?}");
        assert!(diagnostics.iter().any(|d| d.code == crate::Code::FurtherResponse && d.line == 24), "{diagnostics:?}");
        assert_eq!(page.examples.len(), 2, "the further response is kept");
        assert_eq!(page.examples[1].response.as_ref().and_then(|r| r.status), Some(200));
    }

    #[test]
    fn response_without_a_request_is_reported() {
        let text = "---\ntitle: x\n---\n# x\n\n## Response\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 204 No Content\n```\n";
        let (_, diagnostics) = api(text);
        assert!(diagnostics.iter().any(|d| d.code == crate::Code::UnpairedResponse && d.line == 7), "{diagnostics:?}");
    }

    #[test]
    fn a_plain_text_body_written_after_the_fence_is_the_body() {
        let page = |content_type: &str| {
            format!(
                "---\ntitle: x\n---\n# x\n\n## Example\n<!-- {{ \"blockType\": \"request\" }} -->\n```http\nGET https://graph.microsoft.com/v1.0/groups/{{id}}/members/$count\n```\n\n<!-- {{ \"blockType\": \"response\" }} -->\n```http\nHTTP/1.1 200 OK\nContent-type: {content_type}\n```\n\n`893`\n"
            )
        };
        let (plain, diagnostics) = api(&page("text/plain"));
        let body = plain.examples[0].response.as_ref().and_then(|r| r.body.as_ref()).map(|b| b.text.as_str());
        assert_eq!(body, Some("893"));
        assert!(diagnostics.iter().any(|d| d.code == crate::Code::BodyAfterFence && d.line == 18), "{diagnostics:?}");
        // A JSON response's prose is prose, even when it is a code span.
        let (json, diagnostics) = api(&page("application/json"));
        assert!(json.examples[0].response.as_ref().is_some_and(|r| r.body.is_none()));
        assert!(!diagnostics.iter().any(|d| d.code == crate::Code::BodyAfterFence));
    }
}
