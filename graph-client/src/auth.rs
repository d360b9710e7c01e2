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
/// and secret, keeps it, and asks again five minutes before it expires. Concurrent requests
/// that find no usable token wait for one request to the identity platform, not one each.
/// The secret is sent only there (https, or http on loopback), and appears in no `Debug`
/// output or error.
///
/// ```no_run
/// use graph_client::{ClientCredentials, GraphClient};
///
/// # fn example() -> Result<(), graph_client::Error> {
/// let credentials = ClientCredentials::new("contoso.onmicrosoft.com", "client-id", std::env::var("GRAPH_CLIENT_SECRET").unwrap_or_default())?;
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
    refresh_before: Duration,
    /// Held while a token is fetched, so concurrent callers share that one fetch.
    cached: tokio::sync::Mutex<Option<AccessToken>>,
}

impl ClientCredentials {
    /// The identity platform of the global cloud.
    pub const DEFAULT_AUTHORITY: &'static str = "https://login.microsoftonline.com";
    /// Every application permission granted to the app, on the global cloud's Graph.
    pub const DEFAULT_SCOPE: &'static str = "https://graph.microsoft.com/.default";
    /// How long before its expiry a token is replaced, so that none expires in flight.
    pub const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(300);

    /// The flow for an app registered in `tenant` (its id or a verified domain) on the
    /// global cloud.
    pub fn new(tenant: &str, client_id: impl Into<String>, client_secret: impl Into<String>) -> Result<Self, Error> {
        Self::with_authority(Self::DEFAULT_AUTHORITY, tenant, client_id, client_secret)
    }

    /// The flow on another cloud's identity platform (`https://login.microsoftonline.us`);
    /// set that cloud's Graph with [`scope`](Self::scope) too.
    pub fn with_authority(authority: &str, tenant: &str, client_id: impl Into<String>, client_secret: impl Into<String>) -> Result<Self, Error> {
        let authority = crate::client::parse_safe_url(authority, "authority")?;
        if tenant.trim().is_empty() {
            return Err(Error::InvalidInput("the tenant is empty".to_owned()));
        }
        let path = format!("{}/{}/oauth2/v2.0/token", authority.path().trim_end_matches('/'), crate::encode_path_segment(tenant));
        let mut token_url = authority;
        token_url.set_path(&path);
        // A tenant the URL parser would rewrite cannot send the secret somewhere else.
        if token_url.path() != path {
            return Err(Error::InvalidInput("the tenant does not make a valid token URL".to_owned()));
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|error| Error::InvalidInput(format!("the HTTP client cannot be created: {error}")))?;
        Ok(ClientCredentials {
            http,
            token_url,
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scope: Self::DEFAULT_SCOPE.to_owned(),
            refresh_before: Self::REFRESH_BEFORE_EXPIRY,
            cached: tokio::sync::Mutex::new(None),
        })
    }

    /// The scope to ask for, `{resource}/.default` (`https://graph.microsoft.us/.default`).
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = scope.into();
        self
    }

    /// Where the secret is sent.
    pub fn token_url(&self) -> &str {
        self.token_url.as_str()
    }

    fn usable(&self, token: &AccessToken) -> bool {
        // A token whose lifetime the platform did not give is not kept.
        token.expires_at().is_some_and(|expires_at| SystemTime::now() + self.refresh_before < expires_at)
    }

    async fn fetch(&self) -> Result<AccessToken, Error> {
        let form = [("grant_type", "client_credentials"), ("client_id", &self.client_id), ("client_secret", &self.client_secret), ("scope", &self.scope)]
            .iter()
            .map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, NON_ALPHANUMERIC)))
            .collect::<Vec<_>>()
            .join("&");
        let response = self
            .http
            .post(self.token_url.clone())
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body(form)
            .send()
            .await
            .map_err(|error| Error::auth_with_source("the identity platform could not be reached", error))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|error| Error::auth_with_source("the identity platform's answer was cut off", error))?;
        let answer: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        let text = |name: &str| answer.get(name).and_then(serde_json::Value::as_str).unwrap_or_default();
        if !status.is_success() {
            // The platform's own words (`AADSTS7000215: Invalid client secret provided.`),
            // first line only (the rest is trace ids); the secret is cut out should it
            // ever be quoted back.
            let description = text("error_description").lines().next().unwrap_or_default().replace(self.client_secret.as_str(), "<redacted>");
            return Err(Error::auth(
                format!("the identity platform refused the client credentials ({status}): {} {description}", text("error")).trim_end().to_owned(),
            ));
        }
        let secret = text("access_token");
        if secret.is_empty() {
            return Err(Error::auth(format!("the identity platform answered {status} without an access token")));
        }
        // `expires_in` is a number of seconds, or (in the older form) that number as text.
        let lifetime = answer.get("expires_in").and_then(|value| value.as_u64().or_else(|| value.as_str()?.parse().ok()));
        Ok(match lifetime {
            Some(seconds) => AccessToken::with_expiry(secret, SystemTime::now() + Duration::from_secs(seconds)),
            None => AccessToken::new(secret),
        })
    }
}

impl TokenProvider for ClientCredentials {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        Box::pin(async move {
            let mut cached = self.cached.lock().await;
            if let Some(token) = cached.as_ref().filter(|token| self.usable(token)) {
                return Ok(token.clone());
            }
            let token = self.fetch().await?;
            *cached = Some(token.clone());
            Ok(token)
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
