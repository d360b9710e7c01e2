//! The client and its builder, and `execute`: the one non-generic routine that authenticates, sends, times out, retries and traces every request.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use futures_util::future::BoxFuture;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{StatusCode, Url};
use tracing::Instrument;

use crate::auth::{AccessToken, StaticTokenProvider, TokenProvider};
use crate::error::ApiError;
use crate::path::check_encoded_path;
use crate::retry::{RetryPolicy, parse_retry_after};
use crate::{Error, RawResponse, Request, RequestBuilder};

/// The public Graph endpoint; national clouds have their own (for example `https://graph.microsoft.us/v1.0`).
pub const DEFAULT_BASE_URL: &str = "https://graph.microsoft.com/v1.0";
/// Per attempt, like the .NET `HttpClient` that the official SDKs use.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(100);
const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Bytes encoded in a query name or value. Spaces become `%20` (never `+`, which OData may read
/// literally), and `+`, `&`, `=`, `;`, `#`, `%` are encoded so a value cannot start another
/// parameter; OData punctuation such as `$ , ( ) : / @` stays readable.
const QUERY_COMPONENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'\'')
    .add(b'+')
    .add(b';')
    .add(b'<')
    .add(b'=')
    .add(b'>')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A Microsoft Graph client. Cloning is cheap (the state is shared) and clones share one
/// connection pool, so build one and pass clones around.
#[derive(Clone)]
pub struct GraphClient {
    inner: Arc<ClientInner>,
}

struct ClientInner {
    http: reqwest::Client,
    base_url: Url,
    /// The base URL without a trailing `/`; request paths are appended to it.
    base_prefix: String,
    /// The base URL's path without a trailing `/` (`/v1.0`, or empty).
    base_path: String,
    token_provider: Arc<dyn TokenProvider>,
    user_agent: HeaderValue,
    timeout: Duration,
    retry_policy: RetryPolicy,
}

impl GraphClient {
    pub fn builder() -> GraphClientBuilder {
        GraphClientBuilder::default()
    }

    /// The base URL every request path is appended to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_prefix
    }

    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// A reference to the entity at `path` (the [`path`](crate::Node::path) of a generated
    /// navigation type, already encoded), on this client's base URL: the body a `$ref`
    /// request sends.
    ///
    /// ```no_run
    /// # fn example(client: &graph_client::GraphClient) {
    /// let user = client.reference_to("/directoryObjects/6ea91a8d-e32e-41a1-b7bd-d2d185eed0e0");
    /// assert_eq!(user.odata_id, format!("{}/directoryObjects/6ea91a8d-e32e-41a1-b7bd-d2d185eed0e0", client.base_url()));
    /// # }
    /// ```
    pub fn reference_to(&self, path: &str) -> crate::Reference {
        crate::Reference::new(format!("{}{path}", self.inner.base_prefix))
    }

    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry_policy
    }

    /// Wraps `request` in a builder whose response decodes into `T`.
    pub fn request<T>(&self, request: Request) -> RequestBuilder<T> {
        RequestBuilder::new(self.clone(), request)
    }

    /// Sends `request` and returns its 2xx response with the body read.
    ///
    /// Before each attempt the token provider is asked for a token. Each attempt is bounded by
    /// the client's timeout. 429 and 503 are retried as the [`RetryPolicy`] says, and 504 only
    /// for idempotent methods; a `Retry-After` beyond the policy's `max_delay` ends the retries.
    /// The last status error is returned with its parsed Graph error. Every attempt
    /// is traced in a `graph_request` span with the method, path template, attempt, status and
    /// request-id, never the token, path or query.
    pub async fn execute(&self, request: Request) -> Result<RawResponse, Error> {
        let span = tracing::debug_span!(
            "graph_request",
            method = %request.method,
            template = request.template,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        self.execute_in_current_span(request).instrument(span).await
    }

    /// `execute` behind one pointer, so each typed `send` future stays small and shares this code.
    pub(crate) fn execute_boxed(&self, request: Request) -> BoxFuture<'_, Result<RawResponse, Error>> {
        Box::pin(self.execute(request))
    }

    async fn execute_in_current_span(&self, request: Request) -> Result<RawResponse, Error> {
        let inner = &*self.inner;
        if let Some(problem) = request.deferred_error {
            return Err(Error::InvalidInput(format!("`{}`: {problem}", request.template)));
        }
        let url = self.resolve_url(&request)?;
        let Request { method, template, headers, body, .. } = request;
        // Bytes clone by reference count, so each attempt replays the same body for free.
        let body = body.map(Bytes::from);
        let span = tracing::Span::current();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            // The client's timeout bounds getting a token too: a provider that hangs must
            // not hold the request forever.
            let token = tokio::time::timeout(inner.timeout, inner.token_provider.token())
                .await
                .map_err(|_| Error::auth(format!("no token came within the client's timeout ({:?})", inner.timeout)))??;
            // The client's token replaces any `authorization` the caller set (reqwest's
            // `header` would add a second one); a caller's `user-agent` is kept.
            let mut attempt_headers = headers.clone();
            attempt_headers.insert(header::AUTHORIZATION, bearer_header(&token)?);
            attempt_headers.entry(header::USER_AGENT).or_insert_with(|| inner.user_agent.clone());
            let mut outgoing = inner.http.request(method.clone(), url.clone()).headers(attempt_headers);
            if let Some(body) = &body {
                outgoing = outgoing.body(body.clone());
            }
            let started = Instant::now();
            let exchanged = tokio::time::timeout(inner.timeout, exchange(outgoing)).await;
            let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
            let (status, response_headers, response_body) = match exchanged {
                Ok(Ok(parts)) => parts,
                Ok(Err(error)) if !error.is_timeout() => {
                    let error = error.without_url();
                    tracing::debug!(attempt, elapsed_ms, error = %error, "graph request failed in transport");
                    return Err(Error::Transport { method, template, source: error });
                }
                Err(_) | Ok(Err(_)) => {
                    tracing::debug!(attempt, elapsed_ms, "graph request timed out");
                    return Err(Error::Timeout { method, template, timeout: inner.timeout });
                }
            };
            let request_id = response_headers.get("request-id").and_then(|value| value.to_str().ok()).unwrap_or_default();
            span.record("status", status.as_u16());
            span.record("request_id", request_id);
            if status.is_success() {
                tracing::debug!(attempt, status = status.as_u16(), request_id, elapsed_ms, "graph response");
                return Ok(RawResponse::new(method, template, status, response_headers, response_body));
            }
            let retry_after = response_headers.get(header::RETRY_AFTER).and_then(|value| parse_retry_after(value, SystemTime::now()));
            let delay = (RetryPolicy::may_retry(&method, status) && attempt < inner.retry_policy.max_attempts())
                .then(|| inner.retry_policy.delay_before_retry(attempt, retry_after))
                .flatten();
            if let Some(delay) = delay {
                let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
                tracing::warn!(attempt, status = status.as_u16(), request_id, elapsed_ms, delay_ms, "graph request throttled or unavailable; retrying");
                tokio::time::sleep(delay).await;
                continue;
            }
            tracing::debug!(attempt, status = status.as_u16(), request_id, elapsed_ms, "graph error response");
            let mut error = ApiError::from_response(method, template, status, &response_headers, &response_body);
            error.retry_after = retry_after;
            error.attempts = attempt;
            return Err(Error::Api(Box::new(error)));
        }
    }

    /// The URL for `request`: the checked path and encoded query on the base URL, or a link
    /// that was checked to be on the client's origin.
    fn resolve_url(&self, request: &Request) -> Result<Url, Error> {
        let inner = &*self.inner;
        if let Some(link) = &request.absolute_url {
            self.check_same_origin(link)?;
            return Ok(link.clone());
        }
        check_encoded_path(&request.path, request.template)?;
        let mut text = String::with_capacity(inner.base_prefix.len() + request.path.len() + 64);
        text.push_str(&inner.base_prefix);
        text.push_str(&request.path);
        for (index, (name, value)) in request.query.iter().enumerate() {
            text.push(if index == 0 { '?' } else { '&' });
            text.extend(utf8_percent_encode(name, QUERY_COMPONENT));
            text.push('=');
            text.extend(utf8_percent_encode(value, QUERY_COMPONENT));
        }
        let url = Url::parse(&text).map_err(|error| Error::InvalidInput(format!("the URL for `{}` does not parse: {error}", request.template)))?;
        // Defence in depth: the checked path must come through URL parsing unchanged.
        let path_is_unchanged = url.path().strip_prefix(inner.base_path.as_str()) == Some(request.path.as_str());
        if !path_is_unchanged {
            return Err(Error::InvalidInput(format!("the path for `{}` would be changed by URL parsing", request.template)));
        }
        Ok(url)
    }

    /// The request that follows `link` (an `@odata.nextLink`), keeping `headers`, or an error
    /// when the link leaves the client's origin.
    pub(crate) fn follow_link(&self, template: &'static str, headers: &HeaderMap, link: &str) -> Result<Request, Error> {
        let url = self.inner.base_url.join(link).map_err(|_| Error::InvalidInput(format!("the next link of `{template}` is not a URL")))?;
        self.check_same_origin(&url)?;
        Ok(Request::for_link(template, headers.clone(), url))
    }

    /// Only the base URL's origin (scheme, host and port) ever receives the token.
    fn check_same_origin(&self, url: &Url) -> Result<(), Error> {
        let base = &self.inner.base_url;
        if url.origin() != base.origin() {
            return Err(Error::ForeignLink { link_origin: url.origin().ascii_serialization(), base_origin: base.origin().ascii_serialization() });
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::InvalidInput("a link carries credentials in its URL; it is not followed".to_owned()));
        }
        Ok(())
    }
}

/// Sends one attempt and reads the whole body (so the timeout covers both).
async fn exchange(request: reqwest::RequestBuilder) -> Result<(StatusCode, HeaderMap, Bytes), reqwest::Error> {
    let mut response = request.send().await?;
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let body = response.bytes().await?;
    Ok((status, headers, body))
}

/// `Bearer <token>`, marked sensitive so that no `Debug` of the request shows it.
fn bearer_header(token: &AccessToken) -> Result<HeaderValue, Error> {
    if token.secret().is_empty() {
        return Err(Error::auth("the token provider returned an empty token"));
    }
    let mut value = HeaderValue::try_from(format!("Bearer {}", token.secret()))
        .map_err(|_| Error::auth("the token provider returned a token with characters not allowed in a header"))?;
    value.set_sensitive(true);
    Ok(value)
}

impl fmt::Debug for GraphClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("GraphClient")
            .field("base_url", &inner.base_prefix)
            .field("token_provider", &"<redacted>")
            .field("user_agent", &inner.user_agent)
            .field("timeout", &inner.timeout)
            .field("retry_policy", &inner.retry_policy)
            .finish()
    }
}

/// Configures a [`GraphClient`]; only a token provider is required.
pub struct GraphClientBuilder {
    base_url: String,
    token_provider: Option<Arc<dyn TokenProvider>>,
    user_agent: String,
    timeout: Duration,
    retry_policy: RetryPolicy,
    http_client: Option<reqwest::Client>,
}

impl Default for GraphClientBuilder {
    fn default() -> Self {
        GraphClientBuilder {
            base_url: DEFAULT_BASE_URL.to_owned(),
            token_provider: None,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            retry_policy: RetryPolicy::default(),
            http_client: None,
        }
    }
}

impl GraphClientBuilder {
    /// The service root, including the version (`https://graph.microsoft.com/beta`, a national
    /// cloud, or a loopback test server). It must be `https`, except on a loopback host.
    pub fn base_url(mut self, base_url: impl AsRef<str>) -> Self {
        self.base_url = base_url.as_ref().to_owned();
        self
    }

    /// Where tokens come from (an identity library's credential, wrapped).
    pub fn token_provider(mut self, provider: impl TokenProvider + 'static) -> Self {
        self.token_provider = Some(Arc::new(provider));
        self
    }

    /// A fixed token, for scripts and tests.
    pub fn static_token(self, token: impl Into<String>) -> Self {
        self.token_provider(StaticTokenProvider::new(token))
    }

    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The limit for one attempt, from sending to the last byte of the body (default 100 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn retry_policy(mut self, retry_policy: RetryPolicy) -> Self {
        self.retry_policy = retry_policy;
        self
    }

    /// A preconfigured reqwest client (proxies, extra root certificates). Its redirect policy
    /// should drop `Authorization` across hosts, as reqwest's default does.
    pub fn http_client(mut self, http_client: reqwest::Client) -> Self {
        self.http_client = Some(http_client);
        self
    }

    pub fn build(self) -> Result<GraphClient, Error> {
        let base_url = parse_safe_url(&self.base_url, "base URL")?;
        let token_provider = self.token_provider.ok_or_else(|| Error::InvalidInput("no token provider: call `token_provider` or `static_token`".to_owned()))?;
        let user_agent = HeaderValue::from_str(&self.user_agent).map_err(|_| Error::InvalidInput("the user agent is not valid header text".to_owned()))?;
        let http = match self.http_client {
            Some(http) => http,
            None => reqwest::Client::builder().build().map_err(|error| Error::InvalidInput(format!("the HTTP client cannot be created: {error}")))?,
        };
        let base_prefix = base_url.as_str().trim_end_matches('/').to_owned();
        let base_path = base_url.path().trim_end_matches('/').to_owned();
        Ok(GraphClient {
            inner: Arc::new(ClientInner {
                http,
                base_url,
                base_prefix,
                base_path,
                token_provider,
                user_agent,
                timeout: self.timeout,
                retry_policy: self.retry_policy,
            }),
        })
    }
}

impl fmt::Debug for GraphClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GraphClientBuilder")
            .field("base_url", &self.base_url)
            .field("token_provider", &self.token_provider.as_ref().map(|_| "<redacted>"))
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("retry_policy", &self.retry_policy)
            .finish_non_exhaustive()
    }
}

/// A base URL (`what`: of Graph, or of the identity platform a secret is sent to) that is
/// safe to send a credential to: https (or http on loopback), a host, and no credentials,
/// query or fragment.
pub(crate) fn parse_safe_url(text: &str, what: &str) -> Result<Url, Error> {
    let parsed = Url::parse(text.trim());
    // Only the scheme and host are named: the rest may be the secret that made it unsafe
    // (`https://user:password@host`, `?code=...`).
    let origin = parsed.as_ref().ok().and_then(|url| Some(format!("{}://{}", url.scheme(), url.host_str().filter(|host| !host.is_empty())?)));
    let refuse = |why: &str| {
        Err(Error::InvalidInput(match &origin {
            Some(origin) => format!("the {what} on `{origin}` {why}"),
            None => format!("the {what} {why}"),
        }))
    };
    let Ok(url) = parsed else {
        return refuse("is not an absolute URL");
    };
    if url.host_str().is_none_or(str::is_empty) {
        return refuse("has no host");
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => return refuse("uses plain http, which would expose the credential; use https (http is allowed on loopback only)"),
        _ => return refuse("is not http(s)"),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return refuse("carries credentials");
    }
    if url.query().is_some() || url.fragment().is_some() {
        return refuse("has a query or fragment");
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else { return false };
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>().is_ok_and(|address| address.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;

    fn client(base_url: &str) -> GraphClient {
        GraphClient::builder().base_url(base_url).static_token("t").build().unwrap()
    }

    #[test]
    fn base_url_must_be_safe_for_a_token() {
        let build = |url: &str| GraphClient::builder().base_url(url).static_token("t").build();
        assert!(build("https://graph.microsoft.com/v1.0").is_ok());
        assert!(build("https://graph.microsoft.us/v1.0/").is_ok());
        assert!(build("http://127.0.0.1:8080").is_ok());
        assert!(build("http://[::1]:8080/v1.0").is_ok());
        assert!(build("http://localhost:1").is_ok());
        for bad in
            ["http://graph.microsoft.com/v1.0", "ftp://x/", "graph.microsoft.com", "https://u:p@graph.microsoft.com", "https://graph.microsoft.com/v1.0?x=1"]
        {
            assert!(matches!(build(bad), Err(Error::InvalidInput(_))), "{bad} should be refused");
        }
    }

    #[test]
    fn client_requests_and_errors_cross_threads() {
        fn shareable<T: Clone + Send + Sync + 'static>() {}
        fn sendable<T: Send + Sync + 'static>() {}
        shareable::<GraphClient>();
        shareable::<Request>();
        sendable::<Error>();
        sendable::<RawResponse>();
    }

    #[test]
    fn a_token_provider_is_required() {
        assert!(matches!(GraphClient::builder().build(), Err(Error::InvalidInput(_))));
    }

    #[test]
    fn paths_append_to_the_base_path_and_queries_are_encoded() {
        let client = client("https://graph.microsoft.com/v1.0/");
        let mut request = Request::new(Method::GET, "/users", "/users");
        request.set_query("$select", "id,displayName".to_owned());
        request.set_query("$filter", "startswith(displayName,'A & B+C')".to_owned());
        let url = client.resolve_url(&request).unwrap();
        assert_eq!(url.as_str(), "https://graph.microsoft.com/v1.0/users?$select=id,displayName&$filter=startswith(displayName,%27A%20%26%20B%2BC%27)");
    }

    #[test]
    fn links_are_followed_on_the_same_origin_only() {
        let client = client("https://graph.microsoft.com/v1.0");
        let headers = HeaderMap::new();
        assert!(client.follow_link("/users", &headers, "https://graph.microsoft.com/v1.0/users?$skiptoken=x").is_ok());
        assert!(client.follow_link("/users", &headers, "https://graph.microsoft.com:443/beta/users").is_ok());
        for foreign in [
            "http://graph.microsoft.com/v1.0/users",
            "https://graph.microsoft.com:8443/v1.0/users",
            "https://evil.example/v1.0/users",
            "https://graph.microsoft.com.evil.example/",
        ] {
            assert!(matches!(client.follow_link("/users", &headers, foreign), Err(Error::ForeignLink { .. })), "{foreign} should be refused");
        }
        assert!(matches!(client.follow_link("/users", &headers, "https://u:p@graph.microsoft.com/v1.0/users"), Err(Error::InvalidInput(_))));
    }

    #[test]
    fn debug_hides_the_token() {
        let builder = GraphClient::builder().static_token("super-secret-token");
        assert!(!format!("{builder:?}").contains("super-secret-token"));
        let client = builder.build().unwrap();
        assert!(!format!("{client:?}").contains("super-secret-token"));
    }

    proptest::proptest! {
        #[test]
        fn any_encoded_value_reaches_the_url_as_one_unchanged_segment(value in "\\PC+") {
            proptest::prop_assume!(value != "." && value != "..");
            let client = client("https://graph.microsoft.com/v1.0");
            let path = format!("/users/{}/messages", crate::encode_path_segment(&value));
            let url = client.resolve_url(&Request::new(Method::GET, "/users/{id}/messages", path.clone())).unwrap();
            proptest::prop_assert_eq!(url.path(), format!("/v1.0{path}"));
            proptest::prop_assert_eq!(url.query(), None);
            proptest::prop_assert_eq!(url.path_segments().map(Iterator::count), Some(4));
        }
    }
}
