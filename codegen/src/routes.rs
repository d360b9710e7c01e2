//! Which documented path an example URL calls: the rules of URL identity (aliases such as
//! `/me` for `/users/{id}`, keys written in parentheses, casts of a collection) that the
//! client's navigation is laid by, its replay cases are routed by, and the lint reports
//! example URLs by.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Api, ArgumentValue, Operation, OperationPath, PathSegment};
use crate::parse::path_template::{match_values, parse_path_template, split_request_url};

/// An example request whose URL is a Graph URL that parses but is an instance of no
/// documented path template with its method (the replay cannot call it either): one
/// `unmatched-example-url` warning each, at the example.
pub fn unmatched_example_urls(api: &Api) -> Vec<Diagnostic> {
    let index = PathIndex::new(api);
    let operations: Vec<&Operation> = api.operations.values().collect();
    // Each URL is parsed and matched on its own, so on all cores.
    let per_operation = crate::parallel::map_in_order(&operations, |op| {
        let mut diagnostics = Vec::new();
        for request in op.examples.iter().filter_map(|example| example.request.as_ref()) {
            let Some(concrete) = example_segments(&request.url) else { continue };
            if !index.calls_a_documented_path(&request.method, &concrete) {
                let method = request.method.to_ascii_uppercase();
                let path = split_request_url(&request.url).path;
                let message = format!("the example calls `{method} {path}`, which matches no documented {method} path template, on this page or another");
                diagnostics.push(Diagnostic::new(Code::UnmatchedExampleUrl, &request.source.file, request.source.line, 1, message));
            }
        }
        diagnostics
    });
    per_operation.into_iter().flatten().collect()
}

/// Every documented path laid as the client lays it ([`lay_path`]), by method, number of
/// segments and first segment, so that an example URL is matched only with the few of its
/// shape; and, kept apart, the collection reads a client may count.
struct PathIndex<'a> {
    paths: BTreeMap<Shape, Vec<Cow<'a, [PathSegment]>>>,
    countable: BTreeMap<Shape, Vec<Cow<'a, [PathSegment]>>>,
}

/// The method (upper case), the number of segments and the first segment (lower case; `*`
/// when a template starts with anything but a name).
type Shape = (String, usize, String);

impl<'a> PathIndex<'a> {
    fn new(api: &'a Api) -> Self {
        let mut index = PathIndex { paths: BTreeMap::new(), countable: BTreeMap::new() };
        for op in api.operations.values() {
            for path in &op.paths {
                let laid = lay_path(&path.segments).segments;
                let shape = shape(&path.method, &laid);
                if crate::emit::counts::is_countable(op, path) {
                    index.countable.entry(shape.clone()).or_default().push(laid.clone());
                }
                index.paths.entry(shape).or_default().push(laid);
            }
        }
        index
    }

    /// Whether an example URL is an instance of a documented path with its method, as
    /// written or with its keys in parentheses written as segments: directly, as the
    /// `/$count` of a documented collection read (which the client offers on each,
    /// [`crate::emit::counts`]), or as a cast of a documented collection. The client's
    /// replay cases are routed by the same rules ([`documented_path`]).
    fn calls_a_documented_path(&self, method: &str, concrete: &[PathSegment]) -> bool {
        let is_get = method.eq_ignore_ascii_case("GET");
        let matches = |segments: &[PathSegment]| {
            let laid = lay_path(segments);
            let laid = &laid.segments[..];
            let counted = match laid.split_last() {
                Some((PathSegment::System { name }, collection)) if is_get && name.eq_ignore_ascii_case("$count") => {
                    Self::find(&self.countable, "GET", collection)
                }
                _ => false,
            };
            Self::find(&self.paths, method, laid)
                || counted
                || is_get && cast_of_collection(laid).is_some_and(|(collection, _, _)| Self::find(&self.paths, "GET", collection))
        };
        matches(concrete) || keys_as_segments(concrete).is_some_and(|expanded| matches(&expanded))
    }

    fn find(paths: &BTreeMap<Shape, Vec<Cow<'a, [PathSegment]>>>, method: &str, example: &[PathSegment]) -> bool {
        let (method, len, first) = shape(method, example);
        [first, "*".to_owned()]
            .into_iter()
            .filter_map(|first| paths.get(&(method.clone(), len, first)))
            .flatten()
            .any(|template| match_values(template, example).is_some())
    }
}

fn shape(method: &str, segments: &[PathSegment]) -> Shape {
    let first = match segments.first() {
        Some(PathSegment::Literal { name }) => name.to_ascii_lowercase(),
        _ => "*".to_owned(),
    };
    (method.to_ascii_uppercase(), segments.len(), first)
}

/// A path as laid into the tree, with where it used an alias.
pub(crate) struct LaidPath<'a> {
    pub segments: std::borrow::Cow<'a, [PathSegment]>,
    pub aliases: Vec<AliasUse>,
}

/// An alias in a laid path: its segments start at `at` and number `len`.
pub(crate) struct AliasUse {
    pub at: usize,
    pub len: usize,
    pub name: &'static str,
}

/// Some URLs name a resource that another URL also names, and the docs document some
/// paths under one and some under the other:
/// - `/me` is the signed-in user, `/users/{id}`;
/// - `/drive` is the signed-in user's drive, `/users/{id}/drive`;
/// - a drive's `root` is one of its items, `items/{id}`.
///
/// So each is laid into the tree as the URL it stands for, and the two share one subtree:
/// `me()`, `drive()` and `root()` reach the node that `user(id)`, `user(id).drive()` and
/// `items().item(id)` reach, with the alias in the URL, and each offers every path the
/// docs document under either.
pub(crate) fn lay_path(segments: &[PathSegment]) -> LaidPath<'_> {
    let literal = |segment: &PathSegment, expected: &str| matches!(segment, PathSegment::Literal { name } if name.eq_ignore_ascii_case(expected));
    // Every alias ends where the URL it stands for ends, so the segments as written tell
    // whether a `root` follows a drive (`/me/drive/root`, `/drive/root`, `/drives/{id}/root`).
    let alias_at = |index: usize| -> Option<&'static str> {
        let segment = &segments[index];
        if index == 0 && literal(segment, "me") {
            return Some("me");
        }
        if index == 0 && literal(segment, "drive") {
            return Some("drive");
        }
        let after_drive = match &segments[..index] {
            [.., last] if literal(last, "drive") => true,
            // A key: a placeholder in a template, a value (or `{drive-id}`) in an example.
            [.., drives, PathSegment::Parameter { .. } | PathSegment::Literal { .. }] => literal(drives, "drives"),
            _ => false,
        };
        (literal(segment, "root") && after_drive).then_some("root")
    };
    // Most paths use no alias and are laid as they are, without a copy.
    if !(0..segments.len()).any(|index| alias_at(index).is_some()) {
        return LaidPath { segments: std::borrow::Cow::Borrowed(segments), aliases: Vec::new() };
    }
    let mut laid: Vec<PathSegment> = Vec::with_capacity(segments.len() + 2);
    let mut aliases = Vec::new();
    for (index, segment) in segments.iter().enumerate() {
        match alias_at(index) {
            Some(name) => {
                let replacement = alias_replacement(name);
                aliases.push(AliasUse { at: laid.len(), len: replacement.len(), name });
                laid.extend(replacement);
            }
            None => laid.push(segment.clone()),
        }
    }
    LaidPath { segments: std::borrow::Cow::Owned(laid), aliases }
}

/// The segments an alias stands for (see [`lay_path`]).
pub(crate) fn alias_replacement(name: &str) -> Vec<PathSegment> {
    let literal = |name: &str| PathSegment::Literal { name: name.to_owned() };
    let key = |parameter: &str| PathSegment::Parameter { parameter: parameter.to_owned() };
    match name {
        "me" => vec![literal("users"), key("user-id")],
        "drive" => vec![literal("users"), key("user-id"), literal("drive")],
        _ => vec![literal("items"), key("item-id")],
    }
}

/// The path segments of an example's URL, with its values in place, when it is a Graph
/// URL whose path parses.
pub(crate) fn example_segments(url: &str) -> Option<Vec<PathSegment>> {
    let target = split_request_url(url);
    if !is_graph_url(&target) {
        return None;
    }
    let parsed = parse_path_template(&target.path).ok()?;
    Some(concrete_segments(&parsed.segments, &parsed.parameters, &target.path))
}

/// The documented path with `method` that an example path is an instance of, as an
/// operation and the index of its path: one of the example's own operation, or else any
/// operation's (examples often use a path another page documents, `/me/...` for
/// `/users/{id}/...`).
pub(crate) fn documented_path<'o>(api: &'o Api, op: &'o Operation, method: &str, example_laid: &[PathSegment]) -> Option<(&'o Operation, usize)> {
    let matches = |path: &OperationPath| path.method.eq_ignore_ascii_case(method) && match_values(&lay_path(&path.segments).segments, example_laid).is_some();
    match op.paths.iter().position(matches) {
        Some(index) => Some((op, index)),
        None => api.operations.values().find_map(|other| other.paths.iter().position(matches).map(|index| (other, index))),
    }
}

/// A path that ends in a cast, optionally followed by `/$count`: the collection before
/// the cast, the type cast to, and whether it is counted.
pub(crate) fn cast_of_collection(segments: &[PathSegment]) -> Option<(&[PathSegment], &str, bool)> {
    let (counted, rest) = match segments.split_last() {
        Some((PathSegment::System { name }, rest)) if name.eq_ignore_ascii_case("$count") => (true, rest),
        _ => (false, segments),
    };
    match rest.split_last() {
        Some((PathSegment::Cast { type_name }, collection)) if !collection.is_empty() => Some((collection, type_name.as_str(), counted)),
        _ => None,
    }
}

/// Whether an example URL addresses Graph itself; examples also show the notifications
/// Graph sends to an application's own endpoint (`https://bot.contoso.com/api/calls`).
pub fn is_graph_url(target: &crate::parse::path_template::RequestTarget) -> bool {
    target.host.as_deref().is_none_or(|host| host.to_ascii_lowercase().contains("graph.microsoft"))
}

/// An example path with its placeholders written back as the docs wrote them (`{userId}`
/// or `<timestamp>`, not the parser's normalised `user-id`) and its values percent-decoded,
/// as a caller would pass them.
pub(crate) fn concrete_segments(segments: &[PathSegment], parameters: &[crate::ir::PathParameter], example_path: &str) -> Vec<PathSegment> {
    let placeholder = |name: &str| {
        let docs = parameters.iter().find(|p| p.name == name).map(|p| p.docs_name.as_str()).unwrap_or(name);
        let braced = format!("{{{docs}}}");
        let angled = format!("<{docs}>");
        if !example_path.contains(&braced) && example_path.contains(&angled) { angled } else { braced }
    };
    segments
        .iter()
        .map(|segment| match segment {
            PathSegment::Literal { name } => PathSegment::Literal { name: percent_decode(name) },
            PathSegment::Parameter { parameter } => PathSegment::Literal { name: placeholder(parameter) },
            PathSegment::ItemPath { parameter } => PathSegment::ItemPath { parameter: placeholder(parameter) },
            PathSegment::Function { name, arguments } => PathSegment::Function {
                name: name.clone(),
                arguments: arguments
                    .iter()
                    .map(|argument| crate::ir::FunctionArgument {
                        name: argument.name.clone(),
                        value: match &argument.value {
                            ArgumentValue::Literal(value) => ArgumentValue::Literal(percent_decode(value)),
                            ArgumentValue::Parameter(parameter) => ArgumentValue::Literal(placeholder(parameter)),
                        },
                    })
                    .collect(),
            },
            other => other.clone(),
        })
        .collect()
}

/// Whether a query (as written, without the `?`) carries one of OData's options that apply
/// only to collections: `$filter`, `$search`, `$orderby`, `$top`, `$skip`, `$count`. A
/// request with one asks for a list, whatever the page's prose calls its answer.
pub(crate) fn has_collection_query_option(query: &str) -> bool {
    const COLLECTION_OPTIONS: [&str; 6] = ["$filter", "$search", "$orderby", "$top", "$skip", "$count"];
    query_pairs(query).any(|(name, _)| COLLECTION_OPTIONS.iter().any(|collection_option| name.trim().eq_ignore_ascii_case(collection_option)))
}

/// A query (as written, without the `?`) as its decoded `name=value` pairs, in order; a
/// parameter without `=` has an empty value.
pub(crate) fn query_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query.split('&').filter(|pair| !pair.is_empty()).map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        (percent_decode(name), percent_decode(value))
    })
}

/// `%3A` → `:`; malformed escapes stay as written.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = (bytes[index] == b'%').then(|| text.get(index + 1..index + 3).and_then(|hex| u8::from_str_radix(hex, 16).ok())).flatten();
        match escaped {
            Some(byte) => {
                out.push(byte);
                index += 3;
            }
            None => {
                out.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// The segments with each key written in parentheses, `events('AAMk…')` or
/// `worksheets({id})` (a name and one unnamed argument), as two segments: `events/AAMk…`.
/// `None` when there is none.
pub(crate) fn keys_as_segments(segments: &[PathSegment]) -> Option<Vec<PathSegment>> {
    let mut expanded = Vec::with_capacity(segments.len() + 1);
    let mut changed = false;
    for segment in segments {
        match segment {
            PathSegment::Function { name, arguments } if !name.is_empty() && arguments.len() == 1 && arguments[0].name.is_empty() => {
                let key = match &arguments[0].value {
                    ArgumentValue::Literal(value) => value.trim_matches('\'').to_owned(),
                    ArgumentValue::Parameter(parameter) => format!("{{{parameter}}}"),
                };
                expanded.push(PathSegment::Literal { name: name.clone() });
                expanded.push(PathSegment::Literal { name: key });
                changed = true;
            }
            other => expanded.push(other.clone()),
        }
    }
    changed.then_some(expanded)
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Code;

    #[test]
    fn an_example_url_no_template_documents_is_reported_and_aliases_and_casts_are_not() {
        let page = |title: &str, templates: &str, examples: &[(&str, &str)]| {
            let examples: String = examples
                .iter()
                .map(|(method, url)| {
                    format!("<!-- {{ \"blockType\": \"request\", \"name\": \"x\" }} -->\n```http\n{method} https://graph.microsoft.com/v1.0{url}\n```\n\n")
                })
                .collect();
            format!(
                "---\ntitle: \"{title}\"\nms.prod: \"outlook\"\n---\n# {title}\n\n## HTTP request\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\n{templates}\n```\n\n## Examples\n\n{examples}"
            )
        };
        // As `calendar-delete.md`: the default calendar cannot be deleted, and no template says it can.
        let delete = page("Delete calendar", "DELETE /users/{id}/calendars/{id}", &[("DELETE", "/me/calendars/AAMk"), ("DELETE", "/me/calendar")]);
        let list =
            page("List members", "GET /groups/{id}/members", &[("GET", "/groups/1/members/microsoft.graph.user/$count"), ("GET", "/groups('1')/members")]);
        let files: Vec<crate::SpecFile> = [("api/calendar-delete.md", delete), ("api/group-list-members.md", list)]
            .into_iter()
            .map(|(path, text)| crate::SpecFile { path: path.to_owned(), text })
            .collect();
        let loaded = crate::load(&files);
        let unmatched: Vec<(&str, u32)> =
            loaded.diagnostics.iter().filter(|d| d.code == Code::UnmatchedExampleUrl).map(|d| (d.file.as_str(), d.line)).collect();
        assert_eq!(unmatched, [("api/calendar-delete.md", 20)], "{:#?}", loaded.diagnostics);
    }
}
