//! Where bearer tokens come from: an object-safe async [`TokenProvider`] that any identity library can back, a static token for scripts and tests, and the client credentials flow for apps that call Graph as themselves.
//!
//! The client asks its provider for a token before every attempt (so a retry after a long
//! `Retry-After` gets a fresh one) and never caches it itself: caching and refreshing are the
//! provider's job, since only the identity library knows a token's lifetime.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use futures_util::future::BoxFuture;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Url;
use reqwest::header::{ACCEPT, CONTENT_TYPE};

use crate::Error;

/// An OAuth 2.0 access token. Its `Debug` never shows the secret.
#[derive(Clone)]
pub struct AccessToken {
    secret: String,
    expires_at: Option<SystemTime>,
}

impl AccessToken {
    /// A token with no known expiry.
    pub fn new(secret: impl Into<String>) -> Self {
        AccessToken { secret: secret.into(), expires_at: None }
    }

    /// A token that expires at `expires_at` (informational: the provider decides when to refresh).
    pub fn with_expiry(secret: impl Into<String>, expires_at: SystemTime) -> Self {
        AccessToken { secret: secret.into(), expires_at: Some(expires_at) }
    }

    /// The secret, to put in the `Authorization` header. Do not log it.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken").field("secret", &"<redacted>").field("expires_at", &self.expires_at).finish()
    }
}

/// Supplies the bearer token for each request attempt.
///
/// It returns a boxed future so that it stays object-safe: the client holds it as
/// `Arc<dyn TokenProvider>`, and one compiled client serves any identity library.
/// Return [`Error::auth`] or [`Error::auth_with_source`] on failure; the message must not
/// contain secrets.
///
/// ```
/// use graph_client::{AccessToken, BoxFuture, Error, TokenProvider};
///
/// struct FromEnvironment;
///
/// impl TokenProvider for FromEnvironment {
///     fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
///         Box::pin(async { std::env::var("GRAPH_TOKEN").map(AccessToken::new).map_err(|e| Error::auth_with_source("GRAPH_TOKEN is not set", e)) })
///     }
/// }
/// ```
pub trait TokenProvider: Send + Sync {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>>;
}

impl<P: TokenProvider + ?Sized> TokenProvider for Arc<P> {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        (**self).token()
    }
}

impl<P: TokenProvider + ?Sized> TokenProvider for Box<P> {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        (**self).token()
    }
}

/// Always hands out the same token: for scripts, tests and tokens obtained elsewhere.
#[derive(Clone)]
pub struct StaticTokenProvider {
    token: AccessToken,
}

impl StaticTokenProvider {
    pub fn new(token: impl Into<String>) -> Self {
        StaticTokenProvider { token: AccessToken::new(token) }
    }
}

impl From<AccessToken> for StaticTokenProvider {
    fn from(token: AccessToken) -> Self {
        StaticTokenProvider { token }
    }
}

impl TokenProvider for StaticTokenProvider {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        Box::pin(std::future::ready(Ok(self.token.clone())))
    }
}

impl fmt::Debug for StaticTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaticTokenProvider").field("token", &self.token).finish()
    }
}

/// The OAuth 2.0 client credentials flow of the Microsoft identity platform, for an app
/// that calls Graph as itself (a daemon, a service) with its application permissions.
///
/// It asks `{authority}/{tenant}/oauth2/v2.0/token` for a token with the app's client id
/// and secret, keeps it, and asks again shortly before it expires (five minutes, or half
/// its lifetime if that is shorter). Requests that arrive while a token is being fetched
/// wait for that one fetch and share its outcome, token or error. The secret is sent only
/// to the token URL (https, or http on loopback; redirects are not followed), and appears
/// in no `Debug` output or error.
///
/// ```no_run
/// use graph_client::{ClientCredentials, GraphClient};
///
/// # fn example() -> Result<(), Box<dyn std::error::Error>> {
/// let secret = std::env::var("GRAPH_CLIENT_SECRET")?;
/// let credentials = ClientCredentials::new("contoso.onmicrosoft.com", "client-id", secret)?;
/// let client = GraphClient::builder().token_provider(credentials).build()?;
/// # let _ = client;
/// # Ok(())
/// # }
/// ```
pub struct ClientCredentials {
    http: reqwest::Client,
    token_url: Url,
    client_id: String,
    client_secret: String,
    scope: String,
    /// Held while a token is fetched, so that concurrent callers share that one fetch.
    state: tokio::sync::Mutex<FetchState>,
    /// Bumped when a fetch ends, so that a caller that waited for it takes its outcome
    /// rather than fetching again (read before the lock is taken).
    fetches: std::sync::atomic::AtomicU64,
}

struct FetchState {
    /// The last fetch's token, or why it failed (an error's text: errors are not `Clone`).
    last: Option<Result<AccessToken, String>>,
    /// When the last fetch ended, which with the token's expiry gives its lifetime.
    fetched_at: SystemTime,
}

impl ClientCredentials {
    /// The identity platform of the global cloud.
    pub const DEFAULT_AUTHORITY: &'static str = "https://login.microsoftonline.com";
    /// Every application permission granted to the app, on the global cloud's Graph.
    pub const DEFAULT_SCOPE: &'static str = "https://graph.microsoft.com/.default";
    /// How long before its expiry a token is replaced, so that none expires in flight
    /// (half the token's lifetime when that is shorter).
    pub const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(300);
    /// A token answer larger than this is refused rather than read.
    const MAX_ANSWER_BYTES: usize = 64 * 1024;

    /// The flow for an app registered in `tenant` (its id or a verified domain) on the
    /// global cloud.
    pub fn new(tenant: &str, client_id: impl Into<String>, client_secret: impl Into<String>) -> Result<Self, Error> {
        Self::with_authority(Self::DEFAULT_AUTHORITY, tenant, client_id, client_secret)
    }

    /// The flow on another cloud's identity platform (`https://login.microsoftonline.us`,
    /// without the tenant, which is the second argument); set that cloud's Graph with
    /// [`with_scope`](Self::with_scope) too.
    pub fn with_authority(authority: &str, tenant: &str, client_id: impl Into<String>, client_secret: impl Into<String>) -> Result<Self, Error> {
        let authority = crate::client::parse_safe_url(authority, "authority")?;
        let (client_id, client_secret) = (client_id.into(), client_secret.into());
        for (what, value) in [("tenant", tenant), ("client id", client_id.as_str()), ("client secret", client_secret.as_str())] {
            if value.trim().is_empty() {
                return Err(Error::InvalidInput(format!("the {what} is empty")));
            }
        }
        let path = format!("{}/{}/oauth2/v2.0/token", authority.path().trim_end_matches('/'), crate::encode_path_segment(tenant.trim()));
        let mut token_url = authority;
        token_url.set_path(&path);
        // A tenant the URL parser would rewrite cannot send the secret somewhere else.
        if token_url.path() != path {
            return Err(Error::InvalidInput("the tenant does not make a valid token URL".to_owned()));
        }
        // The secret is posted in the body: a redirect must not take it to another server.
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| Error::InvalidInput(format!("the HTTP client cannot be created: {error}")))?;
        Ok(ClientCredentials {
            http,
            token_url,
            client_id,
            client_secret,
            scope: Self::DEFAULT_SCOPE.to_owned(),
            state: tokio::sync::Mutex::new(FetchState { last: None, fetched_at: SystemTime::UNIX_EPOCH }),
            fetches: std::sync::atomic::AtomicU64::new(0),
        })
    }

    /// The scope to ask for, `{resource}/.default` (`https://graph.microsoft.us/.default`).
    pub fn with_scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = scope.into();
        self
    }

    /// The HTTP client to reach the identity platform with (a proxy, extra root
    /// certificates). Build it without following redirects
    /// (`reqwest::redirect::Policy::none()`), or the secret may follow one.
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// Where the secret is sent.
    pub fn token_url(&self) -> &str {
        self.token_url.as_str()
    }

    /// The secret cut out of a text the platform sends back, should it ever quote it.
    fn redacted(&self, text: &str) -> String {
        text.replace(self.client_secret.as_str(), "<redacted>")
    }

    async fn fetch(&self) -> Result<AccessToken, Error> {
        let form = [("grant_type", "client_credentials"), ("client_id", &self.client_id), ("client_secret", &self.client_secret), ("scope", &self.scope)]
            .iter()
            .map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, NON_ALPHANUMERIC)))
            .collect::<Vec<_>>()
            .join("&");
        let sent = self
            .http
            .post(self.token_url.clone())
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body(form)
            .send()
            .await;
        let unreachable = |error: reqwest::Error| {
            let what = if error.is_timeout() { "the identity platform did not answer in time" } else { "the identity platform could not be reached" };
            Error::auth_with_source(what, error.without_url())
        };
        let mut response = sent.map_err(unreachable)?;
        let status = response.status();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(unreachable)? {
            body.extend_from_slice(&chunk);
            if body.len() > Self::MAX_ANSWER_BYTES {
                return Err(Error::auth(format!("the identity platform's answer ({status}) is larger than {} bytes", Self::MAX_ANSWER_BYTES)));
            }
        }
        let Ok(serde_json::Value::Object(answer)) = serde_json::from_slice::<serde_json::Value>(&body) else {
            let content_type = response.headers().get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or("no content type");
            return Err(Error::auth(format!("the identity platform answered {status} with no JSON object ({content_type}, {} bytes)", body.len())));
        };
        let text = |name: &str| answer.get(name).and_then(serde_json::Value::as_str).unwrap_or_default();
        if !status.is_success() {
            // The platform's own words (`invalid_client`, `AADSTS7000215: Invalid client
            // secret provided.`), the first line only (the rest is trace ids).
            let description = text("error_description").lines().next().unwrap_or_default();
            let said = self.redacted(format!("{} {description}", text("error")).trim());
            let said = if said.is_empty() { "no reason given".to_owned() } else { said };
            return Err(Error::auth(format!("the identity platform refused the client credentials ({status}): {said}")));
        }
        let secret = text("access_token");
        if secret.is_empty() {
            return Err(Error::auth(format!("the identity platform answered {status} without an access token")));
        }
        // `expires_in` is a number of seconds, or (in the older form) that number as text.
        let lifetime =
            answer.get("expires_in").and_then(|value| value.as_f64().or_else(|| value.as_str()?.trim().parse().ok())).filter(|seconds| *seconds >= 0.0);
        Ok(match lifetime {
            Some(seconds) => AccessToken::with_expiry(secret, SystemTime::now() + Duration::from_secs_f64(seconds.min(86_400.0 * 365.0))),
            None => AccessToken::new(secret),
        })
    }
}

/// Whether a token is still worth sending: not within the refresh margin of its expiry.
/// One whose lifetime the platform did not give is used by the requests that waited for
/// it, and fetched again after.
fn usable(token: &AccessToken, fetched_at: SystemTime) -> bool {
    let Some(expires_at) = token.expires_at() else { return false };
    let lifetime = expires_at.duration_since(fetched_at).unwrap_or_default();
    SystemTime::now() + ClientCredentials::REFRESH_BEFORE_EXPIRY.min(lifetime / 2) < expires_at
}

impl TokenProvider for ClientCredentials {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        use std::sync::atomic::Ordering;
        Box::pin(async move {
            let seen = self.fetches.load(Ordering::Acquire);
            let mut state = self.state.lock().await;
            // A fetch ended while this caller waited: its outcome is this caller's too, so
            // a failing platform is asked once, not once per waiting request.
            if self.fetches.load(Ordering::Acquire) != seen
                && let Some(outcome) = &state.last
            {
                return outcome.clone().map_err(Error::auth);
            }
            if let Some(Ok(token)) = &state.last
                && usable(token, state.fetched_at)
            {
                return Ok(token.clone());
            }
            let outcome = self.fetch().await;
            state.fetched_at = SystemTime::now();
            state.last = Some(match &outcome {
                Ok(token) => Ok(token.clone()),
                Err(Error::Auth { message, .. }) => Err(message.clone()),
                Err(other) => Err(other.to_string()),
            });
            self.fetches.fetch_add(1, Ordering::Release);
            outcome
        })
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.token_url.as_str())
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        let token = AccessToken::new("s3cr3t-value");
        assert!(!format!("{token:?}").contains("s3cr3t-value"));
        assert!(!format!("{:?}", StaticTokenProvider::new("s3cr3t-value")).contains("s3cr3t-value"));
    }
}
