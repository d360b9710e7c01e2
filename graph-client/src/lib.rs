//! A typed Microsoft Graph client: this hand-written runtime (auth, retries, paging, errors), which knows no endpoint, plus the endpoints generated from the reference docs that call it.
//!
//! # Design
//!
//! - [`GraphClient`] is built once ([`GraphClient::builder`]) and cloned freely. It owns the
//!   connection pool, the base URL, a [`TokenProvider`], the per-attempt timeout and the
//!   [`RetryPolicy`].
//! - A generated endpoint fills a non-generic [`Request`] (method, documented path template,
//!   encoded path, body) and returns a [`RequestBuilder<T>`], where `T` is the documented
//!   response type. Callers add headers and OData query options and call `send().await`.
//! - All real work happens in [`GraphClient::execute`], which is not generic: it gets a token,
//!   sends, bounds each attempt by the timeout, retries 429 and 503 (and 504 for idempotent
//!   methods), honouring `Retry-After`, and traces the attempt. `send` adds one small generic step, decoding the body into `T`.
//!   Since the client is instantiated for about a thousand model types, keeping that step small
//!   is what keeps build times down.
//! - Collections are [`Page<T>`]; `RequestBuilder<Page<T>>` adds `stream()` (every item) and
//!   `pages()` (every page, so the caller gets the final `@odata.deltaLink`).
//!
//! # Safety rules
//!
//! - Path values go through [`encode_path_segment`] (or [`odata_string_literal`] for function
//!   arguments), and `execute` refuses any path a URL parser would change, so an id such as
//!   `../me` or `a/b?c` can never address a different resource.
//! - The bearer token is sent only to the base URL's origin: an `@odata.nextLink` elsewhere is
//!   refused ([`Error::ForeignLink`]), the base URL must be https (plain http only on loopback),
//!   and the token appears in no `Debug`, error message or tracing event.
//!
//! # Example
//!
//! ```no_run
//! use graph_client::{GraphClient, Method, Page, Request, RequestBuilder, encode_path_segment};
//!
//! # async fn example() -> Result<(), graph_client::Error> {
//! let client = GraphClient::builder().static_token("eyJ0eXAi...").build()?;
//!
//! // What a generated `users().get(id)` does:
//! let path = format!("/users/{}", encode_path_segment("adele@contoso.com"));
//! let user: serde_json::Value = RequestBuilder::new(client.clone(), Request::new(Method::GET, "/users/{id}", path)).select(&["id", "displayName"]).send().await?;
//!
//! // A collection, every page followed:
//! use futures::TryStreamExt;
//! let users: Vec<serde_json::Value> =
//!     client.request::<Page<serde_json::Value>>(Request::new(Method::GET, "/users", "/users")).top(100).stream().try_collect().await?;
//! # let _ = (user, users);
//! # Ok(())
//! # }
//! ```

mod auth;
mod client;
mod error;
// Written by `cargo xtask codegen`; formatted by prettyplease, not rustfmt.
#[rustfmt::skip]
mod generated;
mod node;
mod paging;
mod path;
mod reference;
mod request;
mod response;
mod retry;

pub use auth::{AccessToken, ClientCredentials, StaticTokenProvider, TokenProvider};
pub use client::{DEFAULT_BASE_URL, DEFAULT_TIMEOUT, GraphClient, GraphClientBuilder};
pub use error::{ApiError, DecodeError, Error, GraphError, GraphErrorDetail, InnerError};
pub use futures_util::future::BoxFuture;
// Empty when no workload feature is on (the runtime alone).
#[allow(unused_imports)]
pub use generated::*;
pub use node::{FunctionArgument, NoContent, Node, OfType};
pub use paging::Page;
pub use path::{encode_path_segment, odata_string_literal};
pub use reference::Reference;
pub use request::{Request, RequestBuilder};
pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
pub use reqwest::{Method, StatusCode};
pub use response::{Accepted, Content, FromResponse, RawResponse, ValueOf};
pub use retry::RetryPolicy;
