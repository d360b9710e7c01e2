//! The client's one error type: what went wrong, with the context needed to act on it (method, path template, status, Graph's error code and request-id), and never the bearer token.
//!
//! Messages name the documented path *template* rather than the concrete path or query,
//! because those carry ids and filter values that do not belong in logs.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::de::{self, Deserialize, Deserializer};
use serde_json::Value;

use crate::RawResponse;

/// How many bytes of a body an error keeps on each side of the interesting position.
const EXCERPT_RADIUS: usize = 120;
/// The longest Graph error message kept in `Display` (the full text stays in the field).
const DISPLAY_MESSAGE_LIMIT: usize = 500;

/// Everything a Graph call can fail with.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Graph answered with a non-success status (after any retries); its error body is parsed.
    Api(Box<ApiError>),
    /// The request could not be sent or its response not read (DNS, connect, TLS, reset).
    /// The URL is stripped from `source` because it carries ids and query values.
    Transport { method: Method, template: &'static str, source: reqwest::Error },
    /// No complete response arrived within the client's per-attempt timeout.
    Timeout { method: Method, template: &'static str, timeout: Duration },
    /// A success response whose body is not the JSON the endpoint documents.
    Decode(Box<DecodeError>),
    /// The token provider could not supply a usable token.
    Auth { message: String, source: Option<Box<dyn std::error::Error + Send + Sync>> },
    /// The caller's input cannot become a safe request (bad base URL, unsafe path, bad header value).
    InvalidInput(String),
    /// An `@odata.nextLink` pointed at another origin; following it would send the token there.
    ForeignLink { link_origin: String, base_origin: String },
}

// Display and source are written out rather than derived with thiserror: its derive macro
// cost a user's clean build 1.5 s of CPU for this one enum.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(api) => api.fmt(f),
            Error::Transport { method, template, source } => write!(f, "{method} {template}: {}", describe_transport(source)),
            Error::Timeout { method, template, timeout } => write!(f, "{method} {template}: no complete response within {timeout:?}"),
            Error::Decode(decode) => decode.fmt(f),
            Error::Auth { message, .. } => write!(f, "authentication failed: {message}"),
            Error::InvalidInput(message) => write!(f, "invalid input: {message}"),
            Error::ForeignLink { link_origin, base_origin } => write!(
                f,
                "refusing to follow a link to {link_origin}: only links to the client's origin {base_origin} are followed, so the token never leaves it"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // `Api` and `Decode` are the inner error itself, so their source is its source.
            Error::Api(api) => api.source(),
            Error::Decode(decode) => decode.source(),
            Error::Transport { source, .. } => Some(source),
            Error::Auth { source, .. } => source.as_deref().map(|source| source as &(dyn std::error::Error + 'static)),
            Error::Timeout { .. } | Error::InvalidInput(_) | Error::ForeignLink { .. } => None,
        }
    }
}

impl Error {
    /// An [`Error::Auth`] for token providers.
    pub fn auth(message: impl Into<String>) -> Self {
        Error::Auth { message: message.into(), source: None }
    }

    /// An [`Error::Auth`] that keeps the identity library's error as its source.
    pub fn auth_with_source(message: impl Into<String>, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Error::Auth { message: message.into(), source: Some(source.into()) }
    }

    /// The Graph error, when Graph answered with a non-success status.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The HTTP status of a non-success or undecodable response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode(decode) => Some(decode.status),
            _ => None,
        }
    }

    /// Graph's error code (`Request_ResourceNotFound`), when there is one.
    pub fn code(&self) -> Option<&str> {
        self.api().and_then(ApiError::code)
    }

    /// The `request-id` to quote to Microsoft support, when a response carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(api) => api.request_id.as_deref(),
            Error::Decode(decode) => decode.request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether this is [`Error::Timeout`].
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }
}

fn describe_transport(error: &reqwest::Error) -> &'static str {
    if error.is_connect() {
        "could not connect"
    } else if error.is_body() || error.is_decode() {
        "the connection failed while reading the response"
    } else if error.is_redirect() {
        "too many redirects"
    } else if error.is_builder() {
        "the request could not be built"
    } else {
        "the request failed before a response arrived"
    }
}

/// A non-success response from Graph, with its error body parsed when it has the documented
/// shape `{"error": {"code", "message", "innerError": {"request-id", "client-request-id", "date"}}}`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    pub method: Method,
    /// The documented path template of the endpoint (`/users/{id}`).
    pub template: &'static str,
    pub status: StatusCode,
    /// The parsed `error` object; `None` when the body was empty or not Graph's error shape.
    pub error: Option<GraphError>,
    /// From the `request-id` response header, else from `innerError`.
    pub request_id: Option<String>,
    /// From the `client-request-id` response header, else from `innerError`.
    pub client_request_id: Option<String>,
    /// How long the server asked us to wait (`Retry-After`), when it said.
    pub retry_after: Option<Duration>,
    /// How many attempts were made before giving up (1 when the status was not retried).
    pub attempts: u32,
    /// A bounded excerpt of the body when it could not be parsed as a Graph error.
    pub body_excerpt: Option<String>,
}

impl ApiError {
    pub(crate) fn from_response(method: Method, template: &'static str, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Self {
        let error = GraphError::from_body(body);
        let inner = error.as_ref().and_then(|error| error.inner_error.as_ref());
        let request_id = header_text(headers, "request-id").or_else(|| inner.and_then(|inner| inner.request_id.clone()));
        let client_request_id = header_text(headers, "client-request-id").or_else(|| inner.and_then(|inner| inner.client_request_id.clone()));
        let body_excerpt = match &error {
            None if !body.trim_ascii().is_empty() => Some(excerpt(body, 0)),
            _ => None,
        };
        ApiError { method, template, status, error, request_id, client_request_id, retry_after: None, attempts: 1, body_excerpt }
    }

    /// Graph's error code (`Request_BadRequest`).
    pub fn code(&self) -> Option<&str> {
        self.error.as_ref().and_then(|error| error.code.as_deref())
    }

    /// Graph's human-readable message.
    pub fn message(&self) -> Option<&str> {
        self.error.as_ref().and_then(|error| error.message.as_deref())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.method, self.template, self.status)?;
        if let Some(code) = self.code() {
            write!(f, ": {code}")?;
        }
        if let Some(message) = self.message() {
            write!(f, ": {}", truncate_on_char_boundary(message, DISPLAY_MESSAGE_LIMIT))?;
        }
        if let Some(excerpt) = &self.body_excerpt {
            write!(f, "; body: {excerpt:?}")?;
        }
        if let Some(request_id) = &self.request_id {
            write!(f, " (request-id {request_id})")?;
        }
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// Graph's `error` object. Every member is optional so that a partial body still parses.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct GraphError {
    pub code: Option<String>,
    pub message: Option<String>,
    pub target: Option<String>,
    pub details: Option<Vec<GraphErrorDetail>>,
    /// `innerError` (older services spell it `innererror`).
    pub inner_error: Option<InnerError>,
}

/// One entry of `error.details`.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct GraphErrorDetail {
    pub code: Option<String>,
    pub message: Option<String>,
    pub target: Option<String>,
}

/// `error.innerError`: the ids Microsoft support asks for.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct InnerError {
    /// `request-id`.
    pub request_id: Option<String>,
    /// `client-request-id`.
    pub client_request_id: Option<String>,
    pub date: Option<String>,
    pub code: Option<String>,
}

// The error types are read member by member from a `Value` rather than derived: a member
// of an unexpected type is dropped instead of losing the whole error, and the client's
// dependency tree stays free of serde's derive macros, which a user's clean build would
// otherwise compile for these four structs alone.

/// The text member `name` of a JSON object.
fn text_member(object: &Value, name: &str) -> Option<String> {
    object.get(name).and_then(Value::as_str).map(str::to_owned)
}

impl GraphError {
    /// The `error` member of an error body, when the body is Graph's error shape.
    fn from_body(body: &[u8]) -> Option<Self> {
        let body: Value = serde_json::from_slice(body).ok()?;
        Self::from_json(body.get("error")?)
    }

    fn from_json(error: &Value) -> Option<Self> {
        error.is_object().then(|| GraphError {
            code: text_member(error, "code"),
            message: text_member(error, "message"),
            target: text_member(error, "target"),
            details: error.get("details").and_then(Value::as_array).map(|details| details.iter().filter_map(GraphErrorDetail::from_json).collect()),
            inner_error: error.get("innerError").or_else(|| error.get("innererror")).and_then(InnerError::from_json),
        })
    }
}

impl GraphErrorDetail {
    fn from_json(detail: &Value) -> Option<Self> {
        detail.is_object().then(|| GraphErrorDetail {
            code: text_member(detail, "code"),
            message: text_member(detail, "message"),
            target: text_member(detail, "target"),
        })
    }
}

impl InnerError {
    fn from_json(inner: &Value) -> Option<Self> {
        inner.is_object().then(|| InnerError {
            request_id: text_member(inner, "request-id"),
            client_request_id: text_member(inner, "client-request-id"),
            date: text_member(inner, "date"),
            code: text_member(inner, "code"),
        })
    }
}

/// `Deserialize` for the error types, through [`Value`] (see above).
macro_rules! deserialize_from_json {
    ($($type:ident: $expected:literal),* $(,)?) => {$(
        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = Value::deserialize(deserializer)?;
                $type::from_json(&value).ok_or_else(|| de::Error::invalid_type(de::Unexpected::Other("a non-object"), &$expected))
            }
        }
    )*};
}

deserialize_from_json!(GraphError: "Graph's error object", GraphErrorDetail: "an error detail object", InnerError: "an innerError object");

/// A success response whose body did not decode into the expected type.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    pub method: Method,
    pub template: &'static str,
    pub status: StatusCode,
    pub request_id: Option<String>,
    /// serde_json's description, with line and column in the whole body.
    pub reason: String,
    /// 1-based position of the error in the whole body (0 when serde gave none).
    pub line: usize,
    pub column: usize,
    /// Up to a few hundred bytes of the body around the error position.
    pub excerpt: String,
    pub body_len: usize,
    source: serde_json::Error,
}

impl DecodeError {
    /// Builds the error for `source`, which was raised while decoding `region`, the part of
    /// the response body that starts at byte `region_start` (the whole body, or a page's
    /// `value` array).
    pub(crate) fn new(response: &RawResponse, region_start: usize, region: &[u8], source: serde_json::Error) -> Self {
        let body = &response.body[..];
        let (line, column, offset) = if source.line() == 0 {
            (0, 0, region_start)
        } else {
            let offset = region_start + byte_offset(region, source.line(), source.column());
            let (line, column) = line_and_column(body, offset);
            (line, column, offset)
        };
        let mut reason = source.to_string();
        if body.trim_ascii().is_empty() {
            reason = format!("the response body was empty ({reason})");
        } else if region_start != 0 && line != 0 {
            // serde_json counted from the start of the region; restate in whole-body terms.
            reason = format!("{} at line {line} column {column}", strip_position(&reason));
        }
        DecodeError {
            method: response.method.clone(),
            template: response.template,
            status: response.status,
            request_id: response.request_id().map(str::to_owned),
            reason,
            line,
            column,
            excerpt: excerpt(body, offset),
            body_len: body.len(),
            source,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: cannot decode the {} response ({} bytes): {}", self.method, self.template, self.status, self.body_len, self.reason)?;
        if !self.excerpt.is_empty() {
            write!(f, "; near {:?}", self.excerpt)?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_owned)
}

/// The byte offset of a 1-based (line, column) position, clamped to the text.
fn byte_offset(text: &[u8], line: usize, column: usize) -> usize {
    let mut line_start = 0;
    for _ in 1..line {
        match text[line_start..].iter().position(|&byte| byte == b'\n') {
            Some(newline) => line_start += newline + 1,
            None => break,
        }
    }
    (line_start + column.saturating_sub(1)).min(text.len())
}

fn line_and_column(text: &[u8], offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = 1 + before.iter().filter(|&&byte| byte == b'\n').count();
    let line_start = before.iter().rposition(|&byte| byte == b'\n').map_or(0, |newline| newline + 1);
    (line, offset - line_start + 1)
}

fn strip_position(reason: &str) -> &str {
    reason.rfind(" at line ").map_or(reason, |cut| &reason[..cut])
}

/// Up to `EXCERPT_RADIUS` bytes either side of `offset`, lossily decoded, with `…` where cut.
pub(crate) fn excerpt(body: &[u8], offset: usize) -> String {
    let offset = offset.min(body.len());
    let start = offset.saturating_sub(EXCERPT_RADIUS);
    let end = (offset + EXCERPT_RADIUS).min(body.len());
    let mut text = String::new();
    if start > 0 {
        text.push('…');
    }
    text.push_str(&String::from_utf8_lossy(&body[start..end]));
    if end < body.len() {
        text.push('…');
    }
    text
}

fn truncate_on_char_boundary(text: &str, limit: usize) -> std::borrow::Cow<'_, str> {
    if text.len() <= limit {
        return text.into();
    }
    let mut cut = limit;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}…", &text[..cut]).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_error(body: &[u8]) -> DecodeError {
        let source = serde_json::from_slice::<serde_json::Value>(body).unwrap_err();
        let response = RawResponse::new(Method::GET, "/me", StatusCode::OK, HeaderMap::new(), body.to_vec().into());
        DecodeError::new(&response, 0, body, source)
    }

    #[test]
    fn excerpt_is_bounded_and_marks_cuts() {
        let body = vec![b'x'; 10_000];
        let text = excerpt(&body, 5_000);
        assert!(text.starts_with('…') && text.ends_with('…'));
        assert!(text.len() <= 2 * EXCERPT_RADIUS + 2 * '…'.len_utf8());
    }

    #[test]
    fn excerpt_survives_a_cut_through_a_multibyte_character() {
        let body = "é".repeat(500);
        let text = excerpt(body.as_bytes(), 251);
        assert!(text.contains('é'));
    }

    #[test]
    fn decode_error_points_into_the_body() {
        let mut body = b"{\"items\": [".to_vec();
        body.extend(std::iter::repeat_n(b'1', 1000).flat_map(|digit| [digit, b',']));
        body.extend(b"oops]}");
        let error = decode_error(&body);
        assert!(error.excerpt.contains("oops"), "{}", error.excerpt);
        assert!(error.excerpt.len() < 300);
        assert_eq!(error.line, 1);
    }

    #[test]
    fn error_display_and_source_are_the_inner_errors() {
        use std::error::Error as _;
        let decode = decode_error(b"{oops");
        let (display, source) = (decode.to_string(), decode.source().map(ToString::to_string));
        let error = Error::Decode(Box::new(decode));
        assert_eq!(error.to_string(), display);
        assert_eq!(error.source().map(ToString::to_string), source);
        assert!(source.is_some());

        let api = Error::Api(Box::new(ApiError::from_response(Method::GET, "/me", StatusCode::NOT_FOUND, &HeaderMap::new(), b"")));
        assert!(api.to_string().starts_with("GET /me: 404 Not Found"), "{api}");
        assert!(api.source().is_none());

        let auth = Error::auth_with_source("no token", std::io::Error::other("keychain locked"));
        assert_eq!(auth.to_string(), "authentication failed: no token");
        assert_eq!(auth.source().map(ToString::to_string).as_deref(), Some("keychain locked"));
        assert!(Error::auth("no token").source().is_none());
        assert_eq!(Error::InvalidInput("bad header".to_owned()).to_string(), "invalid input: bad header");
    }

    #[test]
    fn empty_body_is_named() {
        let error = decode_error(b"");
        assert!(error.to_string().contains("the response body was empty"), "{error}");
    }

    #[test]
    fn graph_error_body_is_parsed_with_its_ids() {
        let body = br#"{"error":{"code":"Request_BadRequest","message":"Invalid object identifier 'x'.","innerError":{"date":"2024-01-01T00:00:00","request-id":"rid-1","client-request-id":"cid-1"}}}"#;
        let error = ApiError::from_response(Method::GET, "/users/{id}", StatusCode::BAD_REQUEST, &HeaderMap::new(), body);
        assert_eq!(error.code(), Some("Request_BadRequest"));
        assert_eq!(error.request_id.as_deref(), Some("rid-1"));
        assert_eq!(error.client_request_id.as_deref(), Some("cid-1"));
        assert_eq!(error.error.as_ref().and_then(|e| e.inner_error.as_ref()).and_then(|i| i.date.as_deref()), Some("2024-01-01T00:00:00"));
        assert!(error.body_excerpt.is_none());
    }

    #[test]
    fn a_member_of_the_wrong_type_is_dropped_and_the_rest_kept() {
        let body = br#"{"error":{"code":42,"message":"Bad things.","details":[{"code":"d1"},"junk"],"innererror":{"request-id":"rid-2","date":7}}}"#;
        let error = ApiError::from_response(Method::GET, "/me", StatusCode::BAD_REQUEST, &HeaderMap::new(), body);
        let graph = error.error.as_ref().expect("the error object is kept");
        assert_eq!((graph.code.as_deref(), graph.message.as_deref()), (None, Some("Bad things.")));
        assert_eq!(graph.details.as_ref().map(|details| details.iter().map(|d| d.code.clone()).collect::<Vec<_>>()), Some(vec![Some("d1".to_owned())]));
        assert_eq!(error.request_id.as_deref(), Some("rid-2"));
        // `error` that is not an object is not Graph's shape: the body is kept instead.
        let error = ApiError::from_response(Method::GET, "/me", StatusCode::BAD_REQUEST, &HeaderMap::new(), br#"{"error":"nope"}"#);
        assert!(error.error.is_none());
        assert_eq!(error.body_excerpt.as_deref(), Some(r#"{"error":"nope"}"#));
        // The public `Deserialize` agrees.
        assert_eq!(serde_json::from_str::<GraphError>(r#"{"code":"c"}"#).unwrap().code.as_deref(), Some("c"));
        assert!(serde_json::from_str::<GraphError>("[]").is_err());
    }

    #[test]
    fn non_graph_error_body_keeps_an_excerpt() {
        let error = ApiError::from_response(Method::GET, "/me", StatusCode::BAD_GATEWAY, &HeaderMap::new(), b"<html>bad gateway</html>");
        assert!(error.error.is_none());
        assert_eq!(error.body_excerpt.as_deref(), Some("<html>bad gateway</html>"));
        assert!(error.to_string().contains("502 Bad Gateway"));
    }

    #[test]
    fn long_messages_are_truncated_in_display_only() {
        let message = "m".repeat(2_000);
        let body = format!(r#"{{"error":{{"code":"c","message":"{message}"}}}}"#);
        let error = ApiError::from_response(Method::GET, "/me", StatusCode::BAD_REQUEST, &HeaderMap::new(), body.as_bytes());
        assert_eq!(error.message().map(str::len), Some(2_000));
        assert!(error.to_string().len() < 700);
    }
}
