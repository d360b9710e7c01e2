//! What generated endpoints fill in: a non-generic [`Request`], and a thin typed [`RequestBuilder`] with headers and OData query options whose `send` decodes the answer.
//!
//! All the work happens on `Request` and in [`GraphClient::execute`], which are compiled once.
//! `RequestBuilder<T>` only carries the response type: its methods are one-line forwards, and
//! `send` is one call to `execute` plus one decode, because the client is instantiated for
//! about a thousand model types and build time matters.

use std::fmt;
use std::marker::PhantomData;

use reqwest::Method;
use reqwest::Url;
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

use crate::{Error, FromResponse, GraphClient, RawResponse};

/// One HTTP request to Graph, independent of the response type.
#[derive(Clone)]
pub struct Request {
    pub method: Method,
    /// The documented path template (`/users/{id}/messages`), used in tracing and errors
    /// because, unlike the path, it carries no ids.
    pub template: &'static str,
    /// The already-encoded path relative to the base URL, starting with `/`; build it with
    /// [`encode_path_segment`](crate::encode_path_segment). It is checked before sending.
    pub path: String,
    /// Query parameters, not yet encoded: names like `$select`, values as the caller wrote them.
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    /// The body bytes (JSON unless a `content-type` header says otherwise). Held as bytes so a
    /// throttled request can be replayed exactly.
    pub body: Option<Vec<u8>>,
    /// Set when following an `@odata.nextLink`: the whole URL, already checked to be on the
    /// client's origin, used instead of `path` and `query`.
    pub(crate) absolute_url: Option<Url>,
    /// The first problem met while building (an invalid header value, a body that would not
    /// serialise), reported by `send` so that the builder chain stays infallible.
    pub(crate) deferred_error: Option<String>,
}

impl Request {
    /// A request for `path` (already encoded) documented as `template`.
    pub fn new(method: Method, template: &'static str, path: impl Into<String>) -> Self {
        Request { method, template, path: path.into(), query: Vec::new(), headers: HeaderMap::new(), body: None, absolute_url: None, deferred_error: None }
    }

    /// Serialises `body` as the JSON request body and sets `content-type: application/json`.
    pub fn with_json_body<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body).map_err(|error| Error::InvalidInput(format!("the body for `{}` cannot be serialised: {error}", self.template)))?;
        self.set_body(HeaderValue::from_static("application/json"), bytes);
        Ok(self)
    }

    /// Like [`with_json_body`](Self::with_json_body), but a body that will not serialise is
    /// reported by `send` instead, so that generated endpoints stay infallible to call.
    pub fn with_deferred_json_body<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.set_body(HeaderValue::from_static("application/json"), bytes),
            Err(error) => self.deferred_error = Some(format!("the body cannot be serialised: {error}")),
        }
        self
    }

    /// Sets a non-JSON body (file content, a photo) with its content type.
    pub fn with_body(mut self, content_type: HeaderValue, bytes: Vec<u8>) -> Self {
        self.set_body(content_type, bytes);
        self
    }

    pub fn set_body(&mut self, content_type: HeaderValue, bytes: Vec<u8>) {
        self.headers.insert(header::CONTENT_TYPE, content_type);
        self.body = Some(bytes);
    }

    /// Sets `name`, replacing earlier values. `authorization` is always replaced by the
    /// client's token; values of credential-like headers are marked sensitive so that no
    /// `Debug` shows them.
    pub fn set_header(&mut self, name: HeaderName, mut value: HeaderValue) {
        if is_credential_header(&name) {
            value.set_sensitive(true);
        }
        self.headers.insert(name, value);
    }

    /// Adds a value to `name`, keeping earlier ones (for headers such as `Prefer`).
    pub fn append_header(&mut self, name: HeaderName, mut value: HeaderValue) {
        if is_credential_header(&name) {
            value.set_sensitive(true);
        }
        self.headers.append(name, value);
    }

    /// Sets a header from text; text that is not a valid header value fails the request at `send`.
    pub fn set_header_text(&mut self, name: HeaderName, value: &str) {
        match HeaderValue::from_str(value) {
            Ok(value) => self.set_header(name, value),
            Err(_) => self.defer_error(format!("the `{name}` header value is not valid header text")),
        }
    }

    fn append_header_text(&mut self, name: HeaderName, value: &str) {
        match HeaderValue::from_str(value) {
            Ok(value) => self.append_header(name, value),
            Err(_) => self.defer_error(format!("the `{name}` header value is not valid header text")),
        }
    }

    /// Sets query parameter `name`, replacing earlier values (OData options appear once).
    pub fn set_query(&mut self, name: &str, value: String) {
        self.query.retain(|(existing, _)| existing != name);
        self.query.push((name.to_owned(), value));
    }

    /// Adds query parameter `name`, keeping earlier values.
    pub fn append_query(&mut self, name: &str, value: String) {
        self.query.push((name.to_owned(), value));
    }

    fn defer_error(&mut self, message: String) {
        self.deferred_error.get_or_insert(message);
    }

    /// The request that fetches `link` (an `@odata.nextLink` already checked to be on the
    /// client's origin): a GET with the first request's headers (`ConsistencyLevel`, `Prefer`)
    /// and no body; the link already holds the query options.
    pub(crate) fn for_link(template: &'static str, mut headers: HeaderMap, link: Url) -> Request {
        headers.remove(header::CONTENT_TYPE);
        Request { method: Method::GET, template, path: String::new(), query: Vec::new(), headers, body: None, absolute_url: Some(link), deferred_error: None }
    }
}

fn is_credential_header(name: &HeaderName) -> bool {
    name == header::AUTHORIZATION || name == header::PROXY_AUTHORIZATION || name == header::COOKIE
}

impl fmt::Debug for Request {
    /// Header values and the body are left out: they may hold credentials or personal data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("template", &self.template)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .finish_non_exhaustive()
    }
}

/// A request whose successful response decodes into `T`.
///
/// Generated endpoint functions return one of these; callers add headers and OData query
/// options, then `send().await`. For collections, `T` is [`Page<Item>`](crate::Page), which
/// adds `stream()` and `pages()`.
#[must_use = "a request does nothing until it is sent"]
pub struct RequestBuilder<T> {
    client: GraphClient,
    request: Request,
    _output: PhantomData<fn() -> T>,
}

impl<T> RequestBuilder<T> {
    pub fn new(client: GraphClient, request: Request) -> Self {
        RequestBuilder { client, request, _output: PhantomData }
    }

    /// The request as built so far.
    pub fn request(&self) -> &Request {
        &self.request
    }

    pub fn into_parts(self) -> (GraphClient, Request) {
        (self.client, self.request)
    }

    /// Sets any header, replacing earlier values.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.request.set_header(name, value);
        self
    }

    /// `Accept-Language`, for localised names in responses.
    pub fn accept_language(mut self, language: impl AsRef<str>) -> Self {
        self.request.set_header_text(header::ACCEPT_LANGUAGE, language.as_ref());
        self
    }

    /// Adds a `Prefer` preference (`odata.maxpagesize=50`, `return=minimal`, `outlook.timezone="..."`).
    pub fn prefer(mut self, preference: impl AsRef<str>) -> Self {
        self.request.append_header_text(HeaderName::from_static("prefer"), preference.as_ref());
        self
    }

    /// `ConsistencyLevel` (`eventual`), which directory queries need for `$count`, `$search` and advanced `$filter`.
    pub fn consistency_level(mut self, level: impl AsRef<str>) -> Self {
        self.request.set_header_text(HeaderName::from_static("consistencylevel"), level.as_ref());
        self
    }

    /// `If-Match` with an ETag, so an update fails instead of overwriting a newer version.
    pub fn if_match(mut self, etag: impl AsRef<str>) -> Self {
        self.request.set_header_text(header::IF_MATCH, etag.as_ref());
        self
    }

    /// `$select=a,b`: the properties to return.
    pub fn select(mut self, properties: &[&str]) -> Self {
        self.request.set_query("$select", properties.join(","));
        self
    }

    /// `$expand=a,b`: related entities to include (each item may carry nested options in parentheses).
    pub fn expand(mut self, relations: &[&str]) -> Self {
        self.request.set_query("$expand", relations.join(","));
        self
    }

    /// `$orderby=a desc,b`.
    pub fn orderby(mut self, orderings: &[&str]) -> Self {
        self.request.set_query("$orderby", orderings.join(","));
        self
    }

    /// `$filter`: an OData expression, as written (`startswith(displayName,'J')`); it is percent-encoded on send.
    pub fn filter(mut self, expression: impl AsRef<str>) -> Self {
        self.request.set_query("$filter", expression.as_ref().to_owned());
        self
    }

    /// `$search`: as Graph expects it, usually quoted (`"displayName:Joni"`).
    pub fn search(mut self, expression: impl AsRef<str>) -> Self {
        self.request.set_query("$search", expression.as_ref().to_owned());
        self
    }

    /// `$top`: the page size to ask for.
    pub fn top(mut self, count: u32) -> Self {
        self.request.set_query("$top", count.to_string());
        self
    }

    /// `$skip`: items to skip (not supported by every endpoint).
    pub fn skip(mut self, count: u32) -> Self {
        self.request.set_query("$skip", count.to_string());
        self
    }

    /// `$count=true`: ask for `@odata.count` (directory objects also need `consistency_level("eventual")`).
    pub fn count(mut self, include_count: bool) -> Self {
        self.request.set_query("$count", include_count.to_string());
        self
    }

    /// Any other query parameter, added as written (it is percent-encoded on send).
    pub fn query(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.request.append_query(name.as_ref(), value.as_ref().to_owned());
        self
    }

    /// Sends the request and returns the response undecoded (for binary content such as `/$value`).
    pub async fn send_raw(self) -> Result<RawResponse, Error> {
        self.client.execute_boxed(self.request).await
    }
}

impl<T: FromResponse> RequestBuilder<T> {
    /// Sends the request (with auth, retries and the timeout) and decodes the response into `T`.
    /// An empty body decodes as JSON `null`, so `T = ()` suits 204 No Content;
    /// [`Content`](crate::Content) takes the body as it is.
    pub async fn send(self) -> Result<T, Error> {
        let response = self.client.execute_boxed(self.request).await?;
        T::from_response(response)
    }
}

impl<T> fmt::Debug for RequestBuilder<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestBuilder").field("client", &self.client).field("request", &self.request).finish()
    }
}
