//! Where bearer tokens come from: an object-safe async [`TokenProvider`] that any identity library can back, and a static token for scripts and tests.
//!
//! The client asks its provider for a token before every attempt (so a retry after a long
//! `Retry-After` gets a fresh one) and never caches it itself: caching and refreshing are the
//! provider's job, since only the identity library knows a token's lifetime.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use futures_util::future::BoxFuture;

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
