//! Reads the path templates of the reference pages' "HTTP request" sections into typed
//! segments, and splits the URLs of example requests into host, version, path and query.
//!
//! The docs write templates by hand, so the parser accepts the spellings that occur in
//! real pages (alternations, angle-bracket placeholders, `root:/{item-path}:` addressing,
//! absolute URLs) and reports anything it cannot read with a byte offset into the input.

use std::fmt;

use crate::ir::{ArgumentValue, FunctionArgument, PathParameter, PathSegment};

/// A parsed path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedPath {
    /// The normalised path: a leading `/`, no host, version, trailing `/` or query.
    pub template: String,
    pub segments: Vec<PathSegment>,
    /// Path parameters in order of appearance; names are unique within the path.
    pub parameters: Vec<PathParameter>,
    /// A query string written into the template, verbatim and without the `?`.
    pub query: Option<String>,
}

/// Whether `template` writes `argument` of the call to `function` quoted
/// (`range(address='<address>')`): OData quotes strings, and no other literal without a
/// type name.
pub fn argument_is_quoted(template: &str, function: &str, argument: &str) -> bool {
    let Some(start) = template.find(&format!("{function}(")) else { return false };
    let call = &template[start + function.len()..];
    let call = &call[..call.find(')').unwrap_or(call.len())];
    call.find(&format!("{argument}=")).is_some_and(|at| call[at + argument.len() + 1..].trim_start().starts_with(['\'', '"']))
}

/// Appends `text` (a template or its query) with placeholders unnamed (`{}`), whitespace
/// dropped and case folded: two templates that differ only there name one endpoint.
pub fn push_shape(out: &mut String, text: &str) {
    let mut in_placeholder = false;
    for c in text.chars() {
        match c {
            '{' => {
                in_placeholder = true;
                out.push_str("{}");
            }
            '}' => in_placeholder = false,
            _ if in_placeholder || c.is_whitespace() => {}
            _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            _ => out.extend(c.to_lowercase()),
        }
    }
}

/// The caller-supplied values of `template` as written in a concrete example path, in
/// accessor order; `None` when the example is not an instance of the template.
pub fn match_values(template: &[PathSegment], example: &[PathSegment]) -> Option<Vec<String>> {
    if template.len() != example.len() {
        return None;
    }
    let concrete = |segment: &PathSegment| -> Option<String> {
        match segment {
            PathSegment::Literal { name } => Some(name.clone()),
            PathSegment::Parameter { parameter } => Some(format!("{{{parameter}}}")),
            _ => None,
        }
    };
    let mut values = Vec::new();
    for (expected, actual) in template.iter().zip(example) {
        match (expected, actual) {
            (PathSegment::Literal { name: a }, PathSegment::Literal { name: b })
            | (PathSegment::System { name: a }, PathSegment::System { name: b })
            | (PathSegment::Cast { type_name: a }, PathSegment::Cast { type_name: b }) => {
                if !a.eq_ignore_ascii_case(b) {
                    return None;
                }
            }
            (PathSegment::Parameter { .. }, actual) => values.push(concrete(actual)?),
            (PathSegment::ItemPath { .. }, PathSegment::ItemPath { parameter }) => values.push(parameter.clone()),
            // A concrete item path (`root:/FolderA/FileB.txt:`) is read as one literal segment.
            (PathSegment::ItemPath { .. }, PathSegment::Literal { name }) if name.starts_with(":/") => {
                values.push(name[2..].strip_suffix(':').unwrap_or(&name[2..]).to_owned())
            }
            (PathSegment::Function { name: a, arguments: expected_args }, PathSegment::Function { name: b, arguments: actual_args }) => {
                if !a.eq_ignore_ascii_case(b) || expected_args.len() != actual_args.len() {
                    return None;
                }
                for expected_arg in expected_args {
                    let actual_arg = actual_args.iter().find(|x| x.name.eq_ignore_ascii_case(&expected_arg.name))?;
                    let actual_value = match &actual_arg.value {
                        ArgumentValue::Literal(value) => value.clone(),
                        ArgumentValue::Parameter(parameter) => format!("{{{parameter}}}"),
                    };
                    match &expected_arg.value {
                        ArgumentValue::Parameter(_) => values.push(actual_value),
                        ArgumentValue::Literal(fixed) if fixed.eq_ignore_ascii_case(&actual_value) => {}
                        ArgumentValue::Literal(_) => return None,
                    }
                }
            }
            _ => return None,
        }
    }
    Some(values)
}

/// Why a template could not be read; `offset` is a byte offset into the input text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for PathError {}

/// An example request URL (absolute `https://graph.microsoft.com/v1.0/me/events?$top=1`,
/// or relative `/me/events`) split into parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestTarget {
    /// The host of an absolute URL, as written.
    pub host: Option<String>,
    /// The version segment as written (`v1.0`, `beta`, `V1.0`, `v1`).
    pub version: Option<String>,
    /// The path with a leading `/` and without the version.
    pub path: String,
    /// Everything after the first `?`, verbatim.
    pub query: Option<String>,
}

/// Parses the text that follows the HTTP method on one line of an HTTP request block.
pub fn parse_path_template(text: &str) -> Result<ParsedPath, PathError> {
    let whole = Span { text, at: 0 }.trim();
    if whole.text.is_empty() {
        return Err(whole.error("empty path template"));
    }
    let after_host = skip_scheme_and_host(whole);
    let (path, query) = match find_query(after_host) {
        Some(mark) => (after_host.slice(0, mark), non_empty(after_host.tail(mark + 1).text)),
        None => (after_host, None),
    };
    let path = skip_version(path.strip_leading(b'/')).strip_trailing(b'/');
    if path.text.is_empty() {
        return Err(path.error("empty path (nothing after the host and version)"));
    }

    let mut builder = Builder::default();
    for raw in split_segments(path)? {
        let segment = match raw {
            RawSegment::Plain(span) => builder.segment(span)?,
            RawSegment::Item { inner, whole } => builder.item_path(inner, whole)?,
        };
        builder.segments.push(segment);
    }
    Ok(ParsedPath { template: format!("/{}", path.text), segments: builder.segments, parameters: builder.parameters, query })
}

/// Splits the first line of an example request (the text after the method).
///
/// Never fails: example URLs are concrete, so whatever is written is kept verbatim and only
/// cut into parts.
pub fn split_request_url(url: &str) -> RequestTarget {
    let text = strip_http_version(url.trim());
    let (host, rest) = match scheme_len(text) {
        Some(scheme) => {
            let after = text.get(scheme..).unwrap_or("");
            let end = after.find(['/', '?']).unwrap_or(after.len());
            let (host, rest) = after.split_at_checked(end).unwrap_or((after, ""));
            (Some(host.to_string()), rest)
        }
        None => (None, text),
    };
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, non_empty(query)),
        None => (rest, None),
    };
    let path = path.strip_prefix('/').unwrap_or(path);
    let (first, remainder) = path.split_once('/').unwrap_or((path, ""));
    let (version, path) = if is_version(first) { (Some(first.to_string()), remainder) } else { (None, path) };
    RequestTarget { host, version, path: format!("/{path}"), query }
}

/// A piece of the input and where it starts, so that errors point into the original text.
#[derive(Debug, Clone, Copy)]
struct Span<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Span<'a> {
    /// Callers cut next to ASCII delimiters, which are always char boundaries; `get` keeps
    /// a mistake from panicking.
    fn slice(self, start: usize, end: usize) -> Span<'a> {
        Span { text: self.text.get(start..end).unwrap_or(""), at: self.at + start }
    }

    fn tail(self, start: usize) -> Span<'a> {
        self.slice(start, self.text.len())
    }

    fn trim(self) -> Span<'a> {
        let lead = self.text.len() - self.text.trim_start().len();
        Span { text: self.text.trim(), at: self.at + lead }
    }

    fn strip_leading(self, byte: u8) -> Span<'a> {
        if self.text.as_bytes().first() == Some(&byte) { self.tail(1) } else { self }
    }

    fn strip_trailing(self, byte: u8) -> Span<'a> {
        match self.text.len().checked_sub(1) {
            Some(last) if self.text.as_bytes().get(last) == Some(&byte) => self.slice(0, last),
            _ => self,
        }
    }

    fn error(self, message: impl Into<String>) -> PathError {
        self.error_at(0, message)
    }

    fn error_at(self, index: usize, message: impl Into<String>) -> PathError {
        PathError { offset: self.at + index, message: message.into() }
    }
}

/// Tracks `{...}`, `(...)` and `'...'` while scanning bytes, so that delimiters inside them
/// are not taken for structure. Quotes are only special outside braces and braces only
/// outside quotes, which is how the docs use them (`'{name}'`, `{user's id}`).
#[derive(Debug, Default)]
struct Nesting {
    brace: Option<usize>,
    quote: Option<usize>,
    parens: Vec<usize>,
}

impl Nesting {
    fn is_top(&self) -> bool {
        self.brace.is_none() && self.quote.is_none() && self.parens.is_empty()
    }

    /// A doubled quote `''` needs no special case: closing and reopening leaves the
    /// balance as it was.
    fn feed(&mut self, byte: u8, index: usize) -> Result<(), (usize, &'static str)> {
        if self.brace.is_some() {
            match byte {
                b'}' => self.brace = None,
                b'{' => return Err((index, "`{` inside a placeholder")),
                _ => {}
            }
        } else if self.quote.is_some() {
            if byte == b'\'' {
                self.quote = None;
            }
        } else {
            match byte {
                b'{' => self.brace = Some(index),
                b'}' => return Err((index, "`}` without a matching `{`")),
                b'(' => self.parens.push(index),
                b')' => {
                    self.parens.pop().ok_or((index, "`)` without a matching `(`"))?;
                }
                b'\'' => self.quote = Some(index),
                _ => {}
            }
        }
        Ok(())
    }

    fn finish(&self) -> Result<(), (usize, &'static str)> {
        let open =
            [self.brace.map(|at| (at, "unclosed `{`")), self.quote.map(|at| (at, "unclosed quote")), self.parens.first().map(|&at| (at, "unclosed `(`"))];
        // An unclosed inner opener swallows the closers of the outer ones, so the latest
        // opener is the one the author most likely forgot to close.
        match open.into_iter().flatten().max_by_key(|(at, _)| *at) {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }
}

fn nesting_error(span: Span<'_>, (index, message): (usize, &str)) -> PathError {
    span.error_at(index, message)
}

/// The first `byte` outside braces, quotes and parentheses.
fn find_top(span: Span<'_>, target: u8) -> Result<Option<usize>, PathError> {
    let mut nesting = Nesting::default();
    for (index, &byte) in span.text.as_bytes().iter().enumerate() {
        if byte == target && nesting.is_top() {
            return Ok(Some(index));
        }
        nesting.feed(byte, index).map_err(|e| nesting_error(span, e))?;
    }
    nesting.finish().map_err(|e| nesting_error(span, e))?;
    Ok(None)
}

fn split_top(span: Span<'_>, separator: u8) -> Result<Vec<Span<'_>>, PathError> {
    let mut nesting = Nesting::default();
    let mut pieces = Vec::new();
    let mut start = 0;
    for (index, &byte) in span.text.as_bytes().iter().enumerate() {
        if byte == separator && nesting.is_top() {
            pieces.push(span.slice(start, index));
            start = index + 1;
            continue;
        }
        nesting.feed(byte, index).map_err(|e| nesting_error(span, e))?;
    }
    nesting.finish().map_err(|e| nesting_error(span, e))?;
    pieces.push(span.tail(start));
    Ok(pieces)
}

/// The `?` that starts the query. Quoted function arguments may contain `?`, and so may
/// placeholders; unbalanced text is left for the segment splitter to report.
fn find_query(span: Span<'_>) -> Option<usize> {
    let mut nesting = Nesting::default();
    for (index, &byte) in span.text.as_bytes().iter().enumerate() {
        if byte == b'?' && nesting.is_top() {
            return Some(index);
        }
        // A stray closer does not change where the query starts.
        let _ = nesting.feed(byte, index);
    }
    None
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_string())
}

/// Length of `https://` (any alphabetic scheme), if the text starts with one.
fn scheme_len(text: &str) -> Option<usize> {
    let (scheme, _) = text.split_once("://")?;
    let is_scheme = !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphabetic());
    is_scheme.then_some(scheme.len() + 3)
}

fn skip_scheme_and_host(span: Span<'_>) -> Span<'_> {
    match scheme_len(span.text) {
        Some(scheme) => {
            let after = span.tail(scheme);
            let end = after.text.find(['/', '?']).unwrap_or(after.text.len());
            after.tail(end)
        }
        None => span,
    }
}

/// Drops a leading version segment; `path` has no leading `/`.
fn skip_version(path: Span<'_>) -> Span<'_> {
    match path.text.find('/') {
        Some(end) if is_version(path.text.get(..end).unwrap_or("")) => path.tail(end + 1),
        None if is_version(path.text) => path.tail(path.text.len()),
        _ => path,
    }
}

/// `beta`, `v1.0`, `V1.0`, `v1`: no entity set in the API is spelled like a version.
fn is_version(segment: &str) -> bool {
    if segment.eq_ignore_ascii_case("beta") {
        return true;
    }
    let Some(number) = segment.strip_prefix(['v', 'V']) else {
        return false;
    };
    (1..=2).contains(&number.split('.').count()) && number.split('.').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

fn strip_http_version(text: &str) -> &str {
    match text.rsplit_once(char::is_whitespace) {
        Some((head, last)) if last.get(..5).is_some_and(|prefix| prefix.eq_ignore_ascii_case("HTTP/")) => head.trim_end(),
        _ => text,
    }
}

enum RawSegment<'a> {
    Plain(Span<'a>),
    /// `inner` is the text between `:/` and the closing `:`; `whole` includes both colons.
    Item {
        inner: Span<'a>,
        whole: Span<'a>,
    },
}

/// Cuts the path (no leading `/`) at top-level `/`, and lifts out `:/.../:` item paths,
/// whose own slashes belong to the item path.
fn split_segments(path: Span<'_>) -> Result<Vec<RawSegment<'_>>, PathError> {
    let bytes = path.text.as_bytes();
    let mut nesting = Nesting::default();
    let mut segments = Vec::new();
    let mut start = 0;
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if nesting.is_top() && byte == b'/' {
            segments.push(RawSegment::Plain(path.slice(start, index)));
            start = index + 1;
        } else if nesting.is_top() && byte == b':' && bytes.get(index + 1) == Some(&b'/') {
            segments.push(RawSegment::Plain(path.slice(start, index)));
            let (item, next) = item_path_at(path, index)?;
            segments.push(item);
            match next {
                Some(next) => {
                    start = next;
                    index = next;
                    continue;
                }
                None => return Ok(segments),
            }
        } else {
            nesting.feed(byte, index).map_err(|e| nesting_error(path, e))?;
        }
        index += 1;
    }
    nesting.finish().map_err(|e| nesting_error(path, e))?;
    segments.push(RawSegment::Plain(path.tail(start)));
    Ok(segments)
}

/// Reads the item path whose `:/` starts at `colon`; returns it and where the next segment
/// starts, or `None` when the item path runs to the end.
fn item_path_at(path: Span<'_>, colon: usize) -> Result<(RawSegment<'_>, Option<usize>), PathError> {
    let bytes = path.text.as_bytes();
    let mut nesting = Nesting::default();
    let mut index = colon + 2;
    while let Some(&byte) = bytes.get(index) {
        if nesting.is_top() && byte == b':' {
            let item = RawSegment::Item { inner: path.slice(colon + 2, index), whole: path.slice(colon, index + 1) };
            return match bytes.get(index + 1) {
                None => Ok((item, None)),
                Some(b'/') => Ok((item, Some(index + 2))),
                Some(_) => Err(path.error_at(index + 1, "expected `/` after the closing `:` of an item path")),
            };
        }
        nesting.feed(byte, index).map_err(|e| nesting_error(path, e))?;
        index += 1;
    }
    nesting.finish().map_err(|e| nesting_error(path, e))?;
    let item = RawSegment::Item { inner: path.tail(colon + 2), whole: path.tail(colon) };
    Ok((item, None))
}

/// The text inside `{...}` or `<...>` when the placeholder is the whole of `span`.
fn placeholder_inner(span: Span<'_>) -> Option<Span<'_>> {
    let text = span.text;
    [('{', '}'), ('<', '>')].into_iter().find_map(|(open, close)| {
        let whole = text.len() >= 2 && text.starts_with(open) && text.ends_with(close);
        let inner = span.slice(1, text.len().saturating_sub(1));
        let clean = !inner.text.contains(['{', '}', open, close]);
        (whole && clean).then_some(inner)
    })
}

fn has_brace(text: &str) -> bool {
    text.contains(['{', '}'])
}

/// Rejects what cannot be part of a navigation name or function name.
fn check_literal(span: Span<'_>) -> Result<(), PathError> {
    for (index, c) in span.text.char_indices() {
        let message = match c {
            c if c.is_whitespace() => "whitespace in a path segment".to_string(),
            c if c.is_control() => "control character in a path segment".to_string(),
            '{' | '}' => "a placeholder must fill the whole segment".to_string(),
            '<' | '>' | '|' | '\'' | '"' | '\\' | '^' | '`' | '#' => {
                format!("`{c}` cannot appear in a path segment")
            }
            _ => continue,
        };
        return Err(span.error_at(index, message));
    }
    Ok(())
}

/// Whitespace is only allowed inside braces (`{tenant id}`), quotes and parentheses.
fn check_top_whitespace(span: Span<'_>) -> Result<(), PathError> {
    let mut nesting = Nesting::default();
    for (index, c) in span.text.char_indices() {
        if c.is_whitespace() && nesting.is_top() {
            return Err(span.error_at(index, "whitespace in a path segment"));
        }
        if let Ok(byte) = u8::try_from(c) {
            nesting.feed(byte, index).map_err(|e| nesting_error(span, e))?;
        }
    }
    Ok(())
}

fn system_name(text: &str) -> Option<&str> {
    let word = text.strip_prefix('$')?;
    let is_word = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    is_word.then_some(text)
}

/// `microsoft.graph.user`, `microsoft.graph.callRecords.session`. Graph namespaces all start
/// with `microsoft.`, which keeps host names such as `contoso.com` literal.
fn is_cast(text: &str) -> bool {
    text.split('.').count() >= 3
        && text.split('.').next() == Some("microsoft")
        && text.split('.').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

/// `Type` in the typed literal `Type'value'`.
fn is_qualified_name(text: &str) -> bool {
    !text.is_empty() && text.split('.').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

fn is_bare_word(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// `mobileAppId` → `mobile-app-id`, `period_value` → `period-value`, `tenant id` → `tenant-id`.
pub fn kebab_case(text: &str) -> String {
    let mut out = String::new();
    let mut boundary = false;
    let mut previous: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_alphanumeric() {
            boundary = true;
            previous = None;
            continue;
        }
        if c.is_uppercase()
            && let Some(p) = previous
        {
            // `HTMLContent` splits before the last capital of the acronym.
            let next_lower = chars.peek().is_some_and(|n| n.is_lowercase());
            if p.is_lowercase() || p.is_numeric() || (p.is_uppercase() && next_lower) {
                boundary = true;
            }
        }
        if boundary && !out.is_empty() {
            out.push('-');
        }
        boundary = false;
        out.extend(c.to_lowercase());
        previous = Some(c);
    }
    out
}

#[derive(Default)]
struct Builder {
    segments: Vec<PathSegment>,
    parameters: Vec<PathParameter>,
}

impl Builder {
    /// Records a parameter and returns its unique name; `at` is where errors point.
    fn register(&mut self, docs_name: &str, alternatives: Vec<String>, at: usize) -> Result<String, PathError> {
        let error = |message: &str| PathError { offset: at, message: message.to_string() };
        if docs_name.is_empty() {
            return Err(error("placeholder without a name"));
        }
        if alternatives.iter().any(String::is_empty) {
            return Err(error("empty alternative in a placeholder"));
        }
        let first = alternatives.first().map_or(docs_name, String::as_str);
        let base = kebab_case(first);
        if base.is_empty() {
            return Err(error("placeholder name has no letters or digits"));
        }
        let mut name = base.clone();
        let mut counter = 1;
        while self.parameters.iter().any(|p| p.name == name) {
            counter += 1;
            name = format!("{base}-{counter}");
        }
        self.parameters.push(PathParameter { name: name.clone(), docs_name: docs_name.to_string(), alternatives, type_ref: None });
        Ok(name)
    }

    /// `inner` is the text between the delimiters; errors point at the opening delimiter.
    fn placeholder(&mut self, inner: Span<'_>) -> Result<String, PathError> {
        let docs_name = inner.text.trim();
        let alternatives = if docs_name.contains('|') { docs_name.split('|').map(|a| a.trim().to_string()).collect() } else { Vec::new() };
        self.register(docs_name, alternatives, inner.at.saturating_sub(1))
    }

    fn segment(&mut self, span: Span<'_>) -> Result<PathSegment, PathError> {
        let text = span.text;
        if text.is_empty() {
            return Err(span.error("empty path segment"));
        }
        if let Some(inner) = placeholder_inner(span) {
            return Ok(PathSegment::Parameter { parameter: self.placeholder(inner)? });
        }
        if text.starts_with('{') {
            return self.bar_after_placeholder(span);
        }
        check_top_whitespace(span)?;
        if let Some(name) = system_name(text) {
            return Ok(PathSegment::System { name: name.to_string() });
        }
        if let Some(open) = find_top(span, b'(')? {
            return self.function(span, open);
        }
        // `roleTemplateId={roleTemplateId}`: a key written without parentheses. A trailing
        // `=` is base64 padding of a concrete id (`AAMkAGI1AAAt9AHjAAA=`), not a key.
        if !text.ends_with('=') && find_top(span, b'=')?.is_some() {
            return Ok(PathSegment::Function { name: String::new(), arguments: self.arguments(span)? });
        }
        if is_cast(text) {
            return Ok(PathSegment::Cast { type_name: text.to_string() });
        }
        check_literal(span)?;
        Ok(PathSegment::Literal { name: text.to_string() })
    }

    /// `{user-id} | user-principal-name`: the docs once put the bar outside the braces;
    /// it means the same as `{user-id | user-principal-name}`.
    fn bar_after_placeholder(&mut self, span: Span<'_>) -> Result<PathSegment, PathError> {
        let Some(close) = span.text.find('}') else {
            return Err(span.error("unclosed `{`"));
        };
        let inner = span.slice(1, close);
        let rest = span.tail(close + 1);
        let Some(extra) = rest.text.trim_start().strip_prefix('|') else {
            return Err(rest.error("text after a placeholder in the same segment"));
        };
        let mut alternatives: Vec<String> = inner.text.split('|').map(|a| a.trim().to_string()).collect();
        for part in extra.split('|') {
            let part = part.trim();
            let part = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')).unwrap_or(part).trim();
            if part.is_empty() || part.contains(|c: char| c.is_whitespace() || matches!(c, '{' | '}')) {
                return Err(rest.error("cannot read the alternative after `|`"));
            }
            alternatives.push(part.to_string());
        }
        let docs_name = alternatives.join(" | ");
        let parameter = self.register(&docs_name, alternatives, span.at)?;
        Ok(PathSegment::Parameter { parameter })
    }

    fn function(&mut self, span: Span<'_>, open: usize) -> Result<PathSegment, PathError> {
        let name = span.slice(0, open);
        let close = matching_paren(span, open)?;
        if close + 1 != span.text.len() {
            return Err(span.error_at(close + 1, "text after `)` in the same segment"));
        }
        check_literal(name)?;
        let arguments = span.slice(open + 1, close);
        let bare = arguments.text.trim();
        if name.text.is_empty() && is_bare_word(bare) {
            // `/teams/(team-id)/channels`: a key placeholder written with parentheses.
            let parameter = self.register(bare, Vec::new(), span.at)?;
            return Ok(PathSegment::Parameter { parameter });
        }
        Ok(PathSegment::Function { name: name.text.to_string(), arguments: self.arguments(arguments)? })
    }

    fn arguments(&mut self, span: Span<'_>) -> Result<Vec<FunctionArgument>, PathError> {
        if span.text.trim().is_empty() {
            return Ok(Vec::new());
        }
        let mut arguments = Vec::new();
        for piece in split_top(span, b',')? {
            let piece = piece.trim();
            if piece.text.is_empty() {
                return Err(piece.error("empty function argument"));
            }
            let (name, value) = match find_top(piece, b'=')? {
                Some(eq) => {
                    let key = piece.slice(0, eq).trim();
                    if key.text.is_empty() {
                        return Err(piece.error("argument without a name before `=`"));
                    }
                    check_literal(key)?;
                    (key.text.to_string(), piece.tail(eq + 1).trim())
                }
                None => (String::new(), piece),
            };
            let value = self.argument_value(value)?;
            arguments.push(FunctionArgument { name, value });
        }
        Ok(arguments)
    }

    fn argument_value(&mut self, span: Span<'_>) -> Result<ArgumentValue, PathError> {
        let text = span.text;
        if text.is_empty() {
            return Err(span.error("argument without a value"));
        }
        // `'value'`, or the typed literal `microsoft.graph.timeZoneStandard'{timezone_format}'`.
        let opening = match text.find('\'') {
            Some(q) if q + 1 < text.len() && text.ends_with('\'') => (q == 0 || is_qualified_name(text.get(..q).unwrap_or(""))).then_some(q),
            _ => None,
        };
        let Some(opening) = opening else {
            if let Some(inner) = placeholder_inner(span) {
                return Ok(ArgumentValue::Parameter(self.placeholder(inner)?));
            }
            if has_brace(text) {
                return Err(span.error("a placeholder must be the whole argument value"));
            }
            return Ok(ArgumentValue::Literal(text.to_string()));
        };
        let body = span.slice(opening + 1, text.len() - 1);
        if let Some(inner) = placeholder_inner(body) {
            return Ok(ArgumentValue::Parameter(self.placeholder(inner)?));
        }
        if has_brace(body.text) {
            return Err(body.error("a placeholder must be the whole argument value"));
        }
        if opening > 0 {
            // A typed literal keeps its type name; dropping it would change the value.
            return Ok(ArgumentValue::Literal(text.to_string()));
        }
        Ok(ArgumentValue::Literal(body.text.replace("''", "'")))
    }

    fn item_path(&mut self, inner: Span<'_>, whole: Span<'_>) -> Result<PathSegment, PathError> {
        if let Some(placeholder) = placeholder_inner(inner) {
            return Ok(PathSegment::ItemPath { parameter: self.placeholder(placeholder)? });
        }
        if inner.text.is_empty() {
            return Err(whole.error("empty item path between `:/` and `:`"));
        }
        if has_brace(inner.text) {
            return Err(inner.error("an item path must be one placeholder or literal text"));
        }
        // A concrete item path is kept whole, colons included, so nothing is lost.
        Ok(PathSegment::Literal { name: whole.text.to_string() })
    }
}

/// Index of the `)` that closes the `(` at `open`; the span is already known to balance.
fn matching_paren(span: Span<'_>, open: usize) -> Result<usize, PathError> {
    let mut nesting = Nesting::default();
    for (index, &byte) in span.text.as_bytes().iter().enumerate().skip(open) {
        nesting.feed(byte, index).map_err(|e| nesting_error(span, e))?;
        if nesting.is_top() {
            return Ok(index);
        }
    }
    Err(span.error_at(open, "unclosed `(`"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(text: &str) -> ParsedPath {
        match parse_path_template(text) {
            Ok(parsed) => parsed,
            Err(error) => panic!("{text:?} did not parse: {error}"),
        }
    }

    fn parse_err(text: &str) -> PathError {
        match parse_path_template(text) {
            Ok(parsed) => panic!("{text:?} parsed unexpectedly: {parsed:?}"),
            Err(error) => error,
        }
    }

    fn lit(name: &str) -> PathSegment {
        PathSegment::Literal { name: name.into() }
    }

    fn param(name: &str) -> PathSegment {
        PathSegment::Parameter { parameter: name.into() }
    }

    fn item(name: &str) -> PathSegment {
        PathSegment::ItemPath { parameter: name.into() }
    }

    fn system(name: &str) -> PathSegment {
        PathSegment::System { name: name.into() }
    }

    fn cast(name: &str) -> PathSegment {
        PathSegment::Cast { type_name: name.into() }
    }

    fn func(name: &str, arguments: Vec<FunctionArgument>) -> PathSegment {
        PathSegment::Function { name: name.into(), arguments }
    }

    fn arg_lit(name: &str, value: &str) -> FunctionArgument {
        FunctionArgument { name: name.into(), value: ArgumentValue::Literal(value.into()) }
    }

    fn arg_param(name: &str, parameter: &str) -> FunctionArgument {
        FunctionArgument { name: name.into(), value: ArgumentValue::Parameter(parameter.into()) }
    }

    fn pp(name: &str, docs_name: &str, alternatives: &[&str]) -> PathParameter {
        PathParameter { name: name.into(), docs_name: docs_name.into(), alternatives: alternatives.iter().map(|a| a.to_string()).collect(), type_ref: None }
    }

    fn names(parsed: &ParsedPath) -> Vec<&str> {
        parsed.parameters.iter().map(|p| p.name.as_str()).collect()
    }

    #[test]
    fn literal_segments_become_literals() {
        let parsed = parse("/me/onlineMeetings");
        assert_eq!(parsed.template, "/me/onlineMeetings");
        assert_eq!(parsed.segments, vec![lit("me"), lit("onlineMeetings")]);
        assert!(parsed.parameters.is_empty());
        assert_eq!(parsed.query, None);
    }

    #[test]
    fn surrounding_whitespace_is_trimmed() {
        let parsed = parse("  /users/{id | userPrincipalName}/messages/{id}/$value \t");
        assert_eq!(parsed.template, "/users/{id | userPrincipalName}/messages/{id}/$value");
        assert_eq!(parsed.segments.last(), Some(&system("$value")));
    }

    #[test]
    fn missing_leading_slash_is_tolerated() {
        let parsed = parse("policies/tokenLifetimePolicies");
        assert_eq!(parsed.template, "/policies/tokenLifetimePolicies");
        assert_eq!(parsed.segments, vec![lit("policies"), lit("tokenLifetimePolicies")]);
        assert_eq!(parse("users/{id}").segments, vec![lit("users"), param("id")]);
    }

    #[test]
    fn trailing_slash_is_tolerated() {
        let parsed = parse("/users/{id | userPrincipalName}/settings/");
        assert_eq!(parsed.template, "/users/{id | userPrincipalName}/settings");
        assert_eq!(parsed.segments.len(), 3);
        let charts = parse("/me/drive/items/{id}/workbook/worksheets/{id|name}/charts/");
        assert_eq!(charts.segments.last(), Some(&lit("charts")));
    }

    #[test]
    fn absolute_urls_lose_scheme_host_and_version() {
        for url in [
            "https://graph.microsoft.com/v1.0/sites/{site-id}/lists",
            "https://graph.microsoft.com/beta/sites/{site-id}/lists",
            "https://graph.microsoft.com/V1.0/sites/{site-id}/lists",
            "https://graph.microsoft.com/v1/sites/{site-id}/lists",
            "http://graph.microsoft.com/v1.0/sites/{site-id}/lists/",
        ] {
            let parsed = parse(url);
            assert_eq!(parsed.template, "/sites/{site-id}/lists", "{url}");
            assert_eq!(parsed.segments, vec![lit("sites"), param("site-id"), lit("lists")], "{url}");
        }
        assert_eq!(parse("https://graph.microsoft.com/me").template, "/me");
    }

    #[test]
    fn relative_version_prefix_is_removed() {
        assert_eq!(parse("/v1.0/me/events").template, "/me/events");
        assert_eq!(parse("/beta/me/events").template, "/me/events");
        assert_eq!(parse("v1.0/me").template, "/me");
    }

    #[test]
    fn simple_placeholder_becomes_parameter() {
        let parsed = parse("/deviceAppManagement/mobileApps/{mobileAppId}");
        assert_eq!(parsed.segments, vec![lit("deviceAppManagement"), lit("mobileApps"), param("mobile-app-id")]);
        assert_eq!(parsed.parameters, vec![pp("mobile-app-id", "mobileAppId", &[])]);
    }

    #[test]
    fn placeholder_names_are_kebab_case() {
        for (template, expected) in [
            ("/a/{mobileAppId}", "mobile-app-id"),
            ("/a/{item-path}", "item-path"),
            ("/a/{period_value}", "period-value"),
            ("/a/{tenant id}", "tenant-id"),
            ("/a/{Id}", "id"),
            ("/a/{ID}", "id"),
            ("/a/{HTMLContent}", "html-content"),
            ("/a/{property_1}", "property-1"),
            ("/a/{path and filename}", "path-and-filename"),
        ] {
            assert_eq!(names(&parse(template)), vec![expected], "{template}");
        }
    }

    #[test]
    fn placeholder_with_space_keeps_docs_name() {
        let parsed = parse("/organization/{tenant id}/branding/{property name}");
        assert_eq!(parsed.parameters, vec![pp("tenant-id", "tenant id", &[]), pp("property-name", "property name", &[])]);
    }

    #[test]
    fn alternation_becomes_one_parameter() {
        for (template, docs, alternatives, name) in [
            ("/users/{id | userPrincipalName}/onlineMeetings", "id | userPrincipalName", ["id", "userPrincipalName"], "id"),
            ("/users/{id|name}/onlineMeetings", "id|name", ["id", "name"], "id"),
            ("/users/{Id|userPrincipalName}/onlineMeetings", "Id|userPrincipalName", ["Id", "userPrincipalName"], "id"),
            ("/users/{user-id | user-principal-name}/onlineMeetings", "user-id | user-principal-name", ["user-id", "user-principal-name"], "user-id"),
        ] {
            let parsed = parse(template);
            assert_eq!(parsed.segments, vec![lit("users"), param(name), lit("onlineMeetings")], "{template}");
            assert_eq!(parsed.parameters, vec![pp(name, docs, &alternatives)], "{template}");
        }
    }

    #[test]
    fn bar_outside_braces_reads_as_alternation() {
        let parsed = parse("/users/{user-id} | user-principal-name/chats/{chat-id}/members/{membership-id}");
        assert_eq!(parsed.segments, vec![lit("users"), param("user-id"), lit("chats"), param("chat-id"), lit("members"), param("membership-id")]);
        assert_eq!(parsed.parameters.first(), Some(&pp("user-id", "user-id | user-principal-name", &["user-id", "user-principal-name"])));
        assert_eq!(parse("/users/{user-id} | user-principal-name").parameters, parse("/users/{user-id | user-principal-name}").parameters);
    }

    #[test]
    fn angle_bracket_placeholder_is_a_parameter() {
        let parsed = parse("/sites/<site-id>/lists");
        assert_eq!(parsed.segments, vec![lit("sites"), param("site-id"), lit("lists")]);
        assert_eq!(parsed.parameters, vec![pp("site-id", "site-id", &[])]);
    }

    #[test]
    fn repeated_placeholder_names_get_numbered() {
        let parsed = parse("/administrativeUnits/{id}/members/{id}/$ref");
        assert_eq!(parsed.segments, vec![lit("administrativeUnits"), param("id"), lit("members"), param("id-2"), system("$ref")]);
        assert_eq!(parsed.parameters, vec![pp("id", "id", &[]), pp("id-2", "id", &[])]);
        let three = parse("/users/{id | userPrincipalName}/calendars/{id}/events/{id}");
        assert_eq!(names(&three), vec!["id", "id-2", "id-3"]);
    }

    #[test]
    fn numbering_skips_names_already_taken() {
        let parsed = parse("/a/{id-2}/b/{id}/c/{id}");
        assert_eq!(names(&parsed), vec!["id-2", "id", "id-3"]);
    }

    #[test]
    fn numbering_spans_function_arguments() {
        let parsed = parse("/me/drive/items/{id}/workbook/worksheets/{id}/range/resizedRange(deltaRows={n}, deltaColumns={n})");
        assert_eq!(names(&parsed), vec!["id", "id-2", "n", "n-2"]);
        assert_eq!(parsed.segments.last(), Some(&func("resizedRange", vec![arg_param("deltaRows", "n"), arg_param("deltaColumns", "n-2")])));
    }

    #[test]
    fn dollar_segments_are_system_segments() {
        for name in ["$ref", "$value", "$count", "$batch", "$metadata"] {
            assert_eq!(parse(&format!("/groups/{{id}}/members/{name}")).segments.last(), Some(&system(name)));
        }
        assert_eq!(parse("https://graph.microsoft.com/v1.0/$batch").segments, vec![system("$batch")]);
    }

    #[test]
    fn function_with_literal_argument() {
        let parsed = parse("/identityGovernance/accessReviews/definitions/filterByCurrentUser(on='reviewer')");
        assert_eq!(parsed.segments.last(), Some(&func("filterByCurrentUser", vec![arg_lit("on", "reviewer")])));
        assert!(parsed.parameters.is_empty());
    }

    #[test]
    fn function_with_several_literal_arguments() {
        let parsed = parse("/me/drive/items/{id}/workbook/worksheets/{id|name}/charts/{name}/Image(width=0,height=0,fittingMode='fit')");
        assert_eq!(parsed.segments.last(), Some(&func("Image", vec![arg_lit("width", "0"), arg_lit("height", "0"), arg_lit("fittingMode", "fit")])));
        let activities = parse("/sites/{site-id}/getActivitiesByInterval(startDateTime='2016-01-01',endDateTime='2017-05-20',interval='month')");
        assert_eq!(
            activities.segments.last(),
            Some(&func(
                "getActivitiesByInterval",
                vec![arg_lit("startDateTime", "2016-01-01"), arg_lit("endDateTime", "2017-05-20"), arg_lit("interval", "month")]
            ))
        );
    }

    #[test]
    fn colon_and_slash_inside_quotes_do_not_split() {
        let parsed = parse("/me/drive/items/{id}/workbook/worksheets/{id}/range(address='A1:B2')/format");
        assert_eq!(parsed.segments.get(7), Some(&func("range", vec![arg_lit("address", "A1:B2")])));
        assert_eq!(parsed.segments.last(), Some(&lit("format")));
        let slashed = parse("/a/fn(path='x:/y/z')");
        assert_eq!(slashed.segments, vec![lit("a"), func("fn", vec![arg_lit("path", "x:/y/z")])]);
    }

    #[test]
    fn function_arguments_in_braces_are_parameters() {
        let parsed = parse("/drives/{drive-id}/root/getByPath(path={path})");
        assert_eq!(parsed.segments.last(), Some(&func("getByPath", vec![arg_param("path", "path")])));
        assert_eq!(names(&parsed), vec!["drive-id", "path"]);

        let view = parse("/users/{id | userPrincipalName}/reminderView(startDateTime={startDateTime},endDateTime={endDateTime})");
        assert_eq!(
            view.segments.last(),
            Some(&func("reminderView", vec![arg_param("startDateTime", "start-date-time"), arg_param("endDateTime", "end-date-time")]))
        );
        assert_eq!(names(&view), vec!["id", "start-date-time", "end-date-time"]);
    }

    #[test]
    fn quoted_placeholder_argument_is_a_parameter() {
        let parsed = parse("/reports/getEmailActivityCounts(period='{period_value}')");
        assert_eq!(parsed.segments, vec![lit("reports"), func("getEmailActivityCounts", vec![arg_param("period", "period-value")])]);
        assert_eq!(parsed.parameters, vec![pp("period-value", "period_value", &[])]);
        let search = parse("/me/drive/root/search(q='{search-text}')");
        assert_eq!(search.segments.last(), Some(&func("search", vec![arg_param("q", "search-text")])));
    }

    #[test]
    fn key_in_parentheses_is_a_positional_argument() {
        let parsed = parse("/me/drive/items/{id}/workbook/names('{name}')");
        assert_eq!(parsed.segments.last(), Some(&func("names", vec![arg_param("", "name")])));

        let sheets = parse("/me/drive/items/{id}/workbook/worksheets('{id|name}')/items('{id}')");
        assert_eq!(
            sheets.segments,
            vec![
                lit("me"),
                lit("drive"),
                lit("items"),
                param("id"),
                lit("workbook"),
                func("worksheets", vec![arg_param("", "id-2")]),
                func("items", vec![arg_param("", "id-3")]),
            ]
        );
        assert_eq!(sheets.parameters.get(1), Some(&pp("id-2", "id|name", &["id", "name"])));
        let literal_key = parse("/a/items('abc')");
        assert_eq!(literal_key.segments.last(), Some(&func("items", vec![arg_lit("", "abc")])));
    }

    #[test]
    fn angle_bracket_arguments_are_parameters() {
        let bare = parse("/me/drive/items/{id}/workbook/worksheets/{id|name}/range(<address>)/format/protection");
        assert_eq!(bare.segments.get(7), Some(&func("range", vec![arg_param("", "address")])));
        let quoted = parse("/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='<address>')");
        assert_eq!(quoted.segments.last(), Some(&func("range", vec![arg_param("address", "address")])));
        assert_eq!(quoted.parameters.last(), Some(&pp("address", "address", &[])));
    }

    #[test]
    fn empty_argument_list_is_a_function() {
        let parsed = parse("/me/fn()");
        assert_eq!(parsed.segments, vec![lit("me"), func("fn", vec![])]);
    }

    #[test]
    fn doubled_quotes_are_unescaped() {
        let parsed = parse("/me/fn(name='it''s',other='')");
        assert_eq!(parsed.segments.last(), Some(&func("fn", vec![arg_lit("name", "it's"), arg_lit("other", "")])));
    }

    #[test]
    fn unquoted_literal_arguments_are_kept_verbatim() {
        let parsed = parse("/me/onenote/notebooks/getRecentNotebooks(includePersonalNotebooks=includePersonalNotebooks-value)");
        assert_eq!(parsed.segments.last(), Some(&func("getRecentNotebooks", vec![arg_lit("includePersonalNotebooks", "includePersonalNotebooks-value")])));
        let count = parse("/me/drive/items/{id}/workbook/worksheets/{id}/range/columnsAfter(count=n)");
        assert_eq!(count.segments.last(), Some(&func("columnsAfter", vec![arg_lit("count", "n")])));
    }

    #[test]
    fn typed_literal_with_placeholder_is_a_parameter() {
        let parsed = parse("/users/{id|userPrincipalName}/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'{timezone_format}')");
        assert_eq!(parsed.segments.last(), Some(&func("supportedTimeZones", vec![arg_param("TimeZoneStandard", "timezone-format")])));
        let fixed = parse("/me/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'Iana')");
        assert_eq!(fixed.segments.last(), Some(&func("supportedTimeZones", vec![arg_lit("TimeZoneStandard", "microsoft.graph.timeZoneStandard'Iana'")])));
    }

    #[test]
    fn item_path_after_root() {
        let parsed = parse("/drives/{drive-id}/root:/{item-path}:/content");
        assert_eq!(parsed.segments, vec![lit("drives"), param("drive-id"), lit("root"), item("item-path"), lit("content")]);
        assert_eq!(parsed.parameters, vec![pp("drive-id", "drive-id", &[]), pp("item-path", "item-path", &[])]);
        assert_eq!(parsed.template, "/drives/{drive-id}/root:/{item-path}:/content");
    }

    #[test]
    fn item_path_after_parameter() {
        let parsed = parse("/me/drive/items/{parent-id}:/{filename}:/content");
        assert_eq!(parsed.segments, vec![lit("me"), lit("drive"), lit("items"), param("parent-id"), item("filename"), lit("content")]);
    }

    #[test]
    fn item_path_without_closing_colon_runs_to_the_end() {
        let parsed = parse("/sites/{hostname}:/{server-relative-path}");
        assert_eq!(parsed.segments, vec![lit("sites"), param("hostname"), item("server-relative-path")]);
        let root = parse("/drives/{drive-id}/root:/{item-path}");
        assert_eq!(root.segments.last(), Some(&item("item-path")));
        let closed_at_end = parse("/me/drive/root:/{item-path}:");
        assert_eq!(closed_at_end.segments, vec![lit("me"), lit("drive"), lit("root"), item("item-path")]);
    }

    #[test]
    fn item_path_continues_into_workbook() {
        let parsed = parse("/me/drive/root:/{item-path}:/workbook/tables/{id|name}/columns/{id|name}/range");
        assert_eq!(
            parsed.segments,
            vec![
                lit("me"),
                lit("drive"),
                lit("root"),
                item("item-path"),
                lit("workbook"),
                lit("tables"),
                param("id"),
                lit("columns"),
                param("id-2"),
                lit("range"),
            ]
        );
        let path_to = parse("/drive/root:/{path-to-item}:/workbook/names");
        assert_eq!(path_to.segments.get(2), Some(&item("path-to-item")));
    }

    #[test]
    fn item_path_placeholder_with_spaces_and_query() {
        let parsed = parse("/drive/root:/{path and filename}:/content?format={format}");
        assert_eq!(parsed.segments, vec![lit("drive"), lit("root"), item("path-and-filename"), lit("content")]);
        assert_eq!(parsed.query.as_deref(), Some("format={format}"));
        assert_eq!(names(&parsed), vec!["path-and-filename"]);
    }

    #[test]
    fn literal_item_path_is_kept_raw() {
        let parsed = parse("/me/drive/root:/Documents/Book.xlsx:/workbook");
        assert_eq!(parsed.segments, vec![lit("me"), lit("drive"), lit("root"), lit(":/Documents/Book.xlsx:"), lit("workbook")]);
        assert!(parsed.parameters.is_empty());
        let open = parse("/me/drive/root:/Documents/Book.xlsx");
        assert_eq!(open.segments.last(), Some(&lit(":/Documents/Book.xlsx")));
    }

    #[test]
    fn type_cast_segments() {
        let parsed = parse("/deviceManagement/deviceConfigurations/{id}/microsoft.graph.windowsDomainJoinConfiguration");
        assert_eq!(parsed.segments.last(), Some(&cast("microsoft.graph.windowsDomainJoinConfiguration")));
        let mid = parse("/deviceAppManagement/mobileApps/{mobileAppId}/microsoft.graph.mobileLobApp/contentVersions");
        assert_eq!(mid.segments.get(3), Some(&cast("microsoft.graph.mobileLobApp")));
        let nested = parse("/officeConfiguration/clientConfigurations/microsoft.management.services.api.updatePriorities");
        assert_eq!(nested.segments.last(), Some(&cast("microsoft.management.services.api.updatePriorities")));
    }

    #[test]
    fn dotted_function_keeps_its_dots() {
        let parsed = parse("/users/microsoft.graph.delta()");
        assert_eq!(parsed.segments, vec![lit("users"), func("microsoft.graph.delta", vec![])]);
    }

    #[test]
    fn host_name_segment_stays_literal() {
        let parsed = parse("/domains/contoso.com/serviceConfigurationRecords");
        assert_eq!(parsed.segments, vec![lit("domains"), lit("contoso.com"), lit("serviceConfigurationRecords")]);
    }

    #[test]
    fn key_value_segment_is_a_nameless_function() {
        let parsed = parse("/directoryRoles/roleTemplateId={roleTemplateId}");
        assert_eq!(parsed.segments, vec![lit("directoryRoles"), func("", vec![arg_param("roleTemplateId", "role-template-id")])]);
        assert_eq!(parsed.parameters, vec![pp("role-template-id", "roleTemplateId", &[])]);
        let literal = parse("/directoryRoles/roleTemplateId=62e90394-69f5-4237-9190-012177145e10/members");
        assert_eq!(literal.segments.get(1), Some(&func("", vec![arg_lit("roleTemplateId", "62e90394-69f5-4237-9190-012177145e10")])));
    }

    #[test]
    fn base64_id_with_padding_stays_literal() {
        let parsed = parse("/me/messages/AAMkADA1MTAAAAqldOAAA=/createForward");
        assert_eq!(parsed.segments, vec![lit("me"), lit("messages"), lit("AAMkADA1MTAAAAqldOAAA="), lit("createForward")]);
        assert_eq!(parse("/me/events/AAMkAGI1AAAt9AHjAA==").segments.last(), Some(&lit("AAMkAGI1AAAt9AHjAA==")));
    }

    #[test]
    fn parenthesised_key_without_name_is_a_parameter() {
        let parsed = parse("/teams/(team-id)/channels/{channel-id}/messages/{message-id}");
        assert_eq!(parsed.segments, vec![lit("teams"), param("team-id"), lit("channels"), param("channel-id"), lit("messages"), param("message-id")]);
        assert_eq!(parsed.parameters.first(), Some(&pp("team-id", "team-id", &[])));
    }

    #[test]
    fn literal_guid_stays_literal() {
        let parsed = parse("/directoryRoles/62e90394-69f5-4237-9190-012177145e10/members");
        assert_eq!(parsed.segments.get(1), Some(&lit("62e90394-69f5-4237-9190-012177145e10")));
    }

    #[test]
    fn ellipsis_segment_is_literal() {
        let parsed = parse("/me/mailFolders/{id}/childFolders/{id}/.../messages");
        assert_eq!(parsed.segments, vec![lit("me"), lit("mailFolders"), param("id"), lit("childFolders"), param("id-2"), lit("..."), lit("messages")]);
    }

    #[test]
    fn bare_function_names_are_literal() {
        let parsed = parse("/users/{id|userPrincipalName}/todo/lists/delta");
        assert_eq!(parsed.segments.last(), Some(&lit("delta")));
    }

    #[test]
    fn quoted_arguments_are_read_within_their_call() {
        let template = "/workbook/range(address='<address>')/f(address={a},b= \"x\")";
        assert!(argument_is_quoted(template, "range", "address"));
        assert!(!argument_is_quoted(template, "f", "address"), "the other call's own argument is bare");
        assert!(argument_is_quoted(template, "f", "b"));
        assert!(!argument_is_quoted(template, "g", "address"));
    }

    #[test]
    fn query_is_split_off_verbatim() {
        let parsed = parse("/security/alerts?$filter={property} eq '{property-value}'&$top=5");
        assert_eq!(parsed.template, "/security/alerts");
        assert_eq!(parsed.segments, vec![lit("security"), lit("alerts")]);
        assert_eq!(parsed.query.as_deref(), Some("$filter={property} eq '{property-value}'&$top=5"));
        assert!(parsed.parameters.is_empty(), "query placeholders are not path parameters");
    }

    #[test]
    fn query_after_trailing_slash() {
        let parsed = parse("/me/mailFolders/?includeHiddenFolders=true");
        assert_eq!(parsed.template, "/me/mailFolders");
        assert_eq!(parsed.query.as_deref(), Some("includeHiddenFolders=true"));
        let encoded = parse("/communications/onlineMeetings/?$filter=VideoTeleconferenceId%20eq%20'{videoTeleconferenceId}'");
        assert_eq!(encoded.segments, vec![lit("communications"), lit("onlineMeetings")]);
    }

    #[test]
    fn query_may_contain_a_url() {
        let parsed = parse("/groups/{id}/acceptedSenders/$ref?$id=https://graph.microsoft.com/v1.0/users/{user-id}");
        assert_eq!(parsed.segments, vec![lit("groups"), param("id"), lit("acceptedSenders"), system("$ref")]);
        assert_eq!(parsed.query.as_deref(), Some("$id=https://graph.microsoft.com/v1.0/users/{user-id}"));
    }

    #[test]
    fn query_of_absolute_url_is_split_off() {
        let parsed = parse("https://graph.microsoft.com/v1.0/sites/{site-id}/lists/{list-id}/items?expand=fields(select=Column1,Column2)");
        assert_eq!(parsed.template, "/sites/{site-id}/lists/{list-id}/items");
        assert_eq!(parsed.query.as_deref(), Some("expand=fields(select=Column1,Column2)"));
    }

    #[test]
    fn question_mark_inside_quotes_or_braces_is_not_a_query() {
        let quoted = parse("/me/drive/root/search(q='why?')");
        assert_eq!(quoted.query, None);
        assert_eq!(quoted.segments.last(), Some(&func("search", vec![arg_lit("q", "why?")])));
        let braced = parse("/a/{what?}?x=1");
        assert_eq!(braced.query.as_deref(), Some("x=1"));
        assert_eq!(braced.parameters, vec![pp("what", "what?", &[])]);
    }

    #[test]
    fn empty_query_is_none() {
        assert_eq!(parse("/me?").query, None);
    }

    #[test]
    fn empty_template_is_an_error() {
        assert_eq!(parse_err("").offset, 0);
        assert_eq!(parse_err("   ").offset, 3);
        parse_err("/");
        parse_err("https://graph.microsoft.com/v1.0/");
        parse_err("/beta");
        parse_err("?$top=1");
    }

    #[test]
    fn unbalanced_brace_is_an_error() {
        let error = parse_err("/users/{id/events");
        assert_eq!(error.offset, 7);
        assert!(error.message.contains('{'), "{error}");
        assert_eq!(parse_err("/users/id}/events").offset, 9);
        assert_eq!(parse_err("/users/{{id}}").offset, 8);
    }

    #[test]
    fn unbalanced_parenthesis_is_an_error() {
        // A real typo from the worksheet range pages.
        let text = "/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='<address>'/entireRow";
        let error = parse_err(text);
        assert_eq!(error.offset, text.find('(').unwrap_or(usize::MAX));
        assert_eq!(parse_err("/a/fn)").offset, 5);
    }

    #[test]
    fn unbalanced_quote_is_an_error() {
        let error = parse_err("/me/fn(a='x)/b");
        assert_eq!(error.offset, 9);
        assert!(error.message.contains("quote"), "{error}");
    }

    #[test]
    fn empty_placeholder_is_an_error() {
        assert_eq!(parse_err("/users/{}/events").offset, 7);
        assert_eq!(parse_err("/users/{ }").offset, 7);
        assert_eq!(parse_err("/users/<>").offset, 7);
        assert_eq!(parse_err("/fn(a={})").offset, 6);
        parse_err("/users/{id|}");
        parse_err("/users/{---}");
    }

    #[test]
    fn empty_segment_is_an_error() {
        assert_eq!(parse_err("/users//events").offset, 7);
        assert_eq!(parse_err("//users").offset, 1);
        parse_err("/users//");
    }

    #[test]
    fn whitespace_in_segment_is_an_error() {
        assert_eq!(parse_err("/users/ foo").offset, 7);
        assert_eq!(parse_err("/users/foo bar/x").offset, 10);
        assert_eq!(parse_err("/users/{id} /x").offset, 11);
        assert_eq!(parse_err("/a/b=c d").offset, 6);
    }

    #[test]
    fn text_after_closing_parenthesis_is_an_error() {
        assert_eq!(parse_err("/a/fn(x=1)y").offset, 10);
    }

    #[test]
    fn placeholder_mixed_with_text_is_an_error() {
        assert_eq!(parse_err("/users/{id}x").offset, 11);
        assert_eq!(parse_err("/users/x{id}").offset, 8);
        parse_err("/fn(a='pre{x}')");
        parse_err("/drive/root:/folder/{name}:/content");
    }

    #[test]
    fn forbidden_characters_are_errors() {
        assert_eq!(parse_err("/users/a|b").offset, 8);
        assert_eq!(parse_err("/users/a\"b").offset, 8);
        assert_eq!(parse_err("/users/a<b").offset, 8);
    }

    #[test]
    fn malformed_arguments_are_errors() {
        parse_err("/fn(a=1,)");
        parse_err("/fn(=1)");
        parse_err("/fn(a=)");
        parse_err("/fn(a b=1)");
    }

    #[test]
    fn item_path_needs_slash_after_closing_colon() {
        assert_eq!(parse_err("/root:/{p}:x").offset, 11);
        parse_err("/root:/:/content");
        parse_err("/:/{p}");
    }

    #[test]
    fn error_offsets_point_into_the_original_text() {
        let text = "  https://graph.microsoft.com/v1.0/users//x";
        let error = parse_err(text);
        assert_eq!(text.get(error.offset..), Some("/x"));
        let unicode = "/é/{ü/x";
        assert_eq!(unicode.get(parse_err(unicode).offset..), Some("{ü/x"));
    }

    #[test]
    fn error_displays_message_and_offset() {
        let error = PathError { offset: 3, message: "bad".into() };
        assert_eq!(error.to_string(), "bad (at byte 3)");
    }

    #[test]
    fn split_absolute_graph_url() {
        assert_eq!(
            split_request_url("https://graph.microsoft.com/v1.0/me/events?$top=1"),
            RequestTarget { host: Some("graph.microsoft.com".into()), version: Some("v1.0".into()), path: "/me/events".into(), query: Some("$top=1".into()) }
        );
    }

    #[test]
    fn split_keeps_version_as_written() {
        for (url, version) in [
            ("https://graph.microsoft.com/beta/me/onlineMeetings", "beta"),
            ("https://graph.microsoft.com/V1.0/teams/{id}/channels", "V1.0"),
            ("https://graph.microsoft.com/v1/teams/{teamId}/schedule", "v1"),
        ] {
            let target = split_request_url(url);
            assert_eq!(target.version.as_deref(), Some(version), "{url}");
            assert_eq!(target.host.as_deref(), Some("graph.microsoft.com"), "{url}");
            assert!(!target.path.to_lowercase().contains(&version.to_lowercase()), "{url}");
        }
    }

    #[test]
    fn split_relative_url() {
        assert_eq!(split_request_url("/me/drive/root"), RequestTarget { host: None, version: None, path: "/me/drive/root".into(), query: None });
        let bare = split_request_url("policies/tokenLifetimePolicies");
        assert_eq!(bare.path, "/policies/tokenLifetimePolicies");
        let versioned = split_request_url("/v1.0/me");
        assert_eq!((versioned.version.as_deref(), versioned.path.as_str()), (Some("v1.0"), "/me"));
    }

    #[test]
    fn split_non_graph_host() {
        let target = split_request_url("https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token");
        assert_eq!(target.host.as_deref(), Some("login.microsoftonline.com"));
        assert_eq!(target.version, None);
        assert_eq!(target.path, "/{tenant}/oauth2/v2.0/token");
        let bot = split_request_url("https://bot.contoso.com");
        assert_eq!((bot.host.as_deref(), bot.path.as_str()), (Some("bot.contoso.com"), "/"));
    }

    #[test]
    fn split_keeps_unencoded_spaces_in_query() {
        let target = split_request_url("https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName, 'a')");
        assert_eq!(target.path, "/users");
        assert_eq!(target.query.as_deref(), Some("$filter=startswith(displayName, 'a')"));
    }

    #[test]
    fn split_strips_http_version_suffix() {
        let target = split_request_url("https://graph.microsoft.com/v1.0/me/events?$filter=a eq 'b' HTTP/1.1");
        assert_eq!(target.query.as_deref(), Some("$filter=a eq 'b'"));
        assert_eq!(split_request_url("/me HTTP/1.1").path, "/me");
        assert_eq!(split_request_url("/me http/2").path, "/me");
    }

    #[test]
    fn split_version_only_and_empty() {
        let target = split_request_url("https://graph.microsoft.com/v1.0");
        assert_eq!((target.version.as_deref(), target.path.as_str()), (Some("v1.0"), "/"));
        assert_eq!(split_request_url("").path, "/");
        let query_only = split_request_url("https://graph.microsoft.com?x=1");
        assert_eq!((query_only.path.as_str(), query_only.query.as_deref()), ("/", Some("x=1")));
    }

    /// Pieces that combine into valid templates.
    fn valid_segment() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z][a-zA-Z0-9]{0,8}",
            "\\{[a-zA-Z][a-zA-Z0-9_ -]{0,8}\\}",
            "\\{[a-z]{1,4} \\| [a-z]{1,4}\\}",
            "<[a-z]{1,6}>",
            Just("$ref".to_string()),
            Just("root:/{item-path}:".to_string()),
            Just("microsoft.graph.user".to_string()),
            "[a-z]{1,6}\\(([a-z]{1,4}='[a-z:/ ]{0,4}'|[a-z]{1,4}=\\{[a-z]{1,4}\\}|'\\{[a-z]{1,4}\\}')?\\)",
        ]
    }

    fn check_invariants(text: &str, result: &Result<ParsedPath, PathError>) {
        match result {
            Ok(parsed) => {
                assert!(parsed.template.starts_with('/'));
                let mut seen: Vec<&str> = Vec::new();
                for parameter in &parsed.parameters {
                    assert!(!parameter.name.is_empty());
                    assert!(!seen.contains(&parameter.name.as_str()), "duplicate {}", parameter.name);
                    seen.push(&parameter.name);
                }
                let mut referenced = Vec::new();
                for segment in &parsed.segments {
                    match segment {
                        PathSegment::Parameter { parameter } | PathSegment::ItemPath { parameter } => {
                            referenced.push(parameter.as_str());
                        }
                        PathSegment::Function { arguments, .. } => {
                            for argument in arguments {
                                if let ArgumentValue::Parameter(parameter) = &argument.value {
                                    referenced.push(parameter.as_str());
                                }
                            }
                        }
                        _ => {}
                    }
                }
                assert_eq!(referenced, seen, "parameters follow order of appearance");
            }
            Err(error) => {
                assert!(error.offset <= text.len());
                assert!(text.is_char_boundary(error.offset));
                assert!(!error.message.is_empty());
            }
        }
    }

    proptest! {
        #[test]
        fn random_strings_never_panic(text in any::<String>()) {
            let result = parse_path_template(&text);
            check_invariants(&text, &result);
            let _ = split_request_url(&text);
        }

        #[test]
        fn delimiter_soup_never_panics(text in "[{}()/':|$?=. a<>,é\t]{0,40}") {
            let result = parse_path_template(&text);
            check_invariants(&text, &result);
            let _ = split_request_url(&text);
        }

        #[test]
        fn generated_templates_parse(segments in prop::collection::vec(valid_segment(), 1..8)) {
            // A fixed first segment, since a generated `v1` there would be read as a version.
            let text = format!("/me/{}", segments.join("/"));
            let result = parse_path_template(&text);
            check_invariants(&text, &result);
            prop_assert!(result.is_ok(), "{text:?}: {result:?}");
        }
    }
}
