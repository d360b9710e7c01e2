//! A success response as bytes, and the one small generic step that decodes it into the endpoint's type.
//!
//! Everything before decoding (auth, retries, timeouts, tracing) is non-generic and compiled
//! once; only [`RawResponse::json`] is instantiated per response type.

use std::fmt;
use std::marker::PhantomData;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::Error;
use crate::error::DecodeError;

/// A 2xx response whose body has been read in full.
#[non_exhaustive]
pub struct RawResponse {
    pub method: Method,
    /// The documented path template of the endpoint that was called.
    pub template: &'static str,
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl RawResponse {
    pub(crate) fn new(method: Method, template: &'static str, status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        RawResponse { method, template, status, headers, body }
    }

    /// Graph's `request-id` response header.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.get("request-id").and_then(|value| value.to_str().ok())
    }

    /// Decodes the body as JSON. An empty body (204 No Content) decodes as `null`, so `()` and
    /// `Option<_>` work, and a struct gets a decode error that says the body was empty.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(self.json_text()).map_err(|error| self.decode_error(error))
    }

    /// The body, or `null` when it is empty or only whitespace.
    pub(crate) fn json_text(&self) -> &[u8] {
        if self.body.trim_ascii().is_empty() { b"null" } else { &self.body }
    }

    /// The error for a failure while decoding the whole body (non-generic on purpose).
    pub(crate) fn decode_error(&self, error: serde_json::Error) -> Error {
        Error::Decode(Box::new(DecodeError::new(self, 0, &self.body, error)))
    }

    /// The error for a failure while decoding `region`, a slice of the body.
    pub(crate) fn decode_error_in(&self, region: &[u8], error: serde_json::Error) -> Error {
        let region_start = (region.as_ptr() as usize).saturating_sub(self.body.as_ptr() as usize).min(self.body.len());
        Error::Decode(Box::new(DecodeError::new(self, region_start, region, error)))
    }
}

/// What a response decodes into, in [`RequestBuilder::send`](crate::RequestBuilder::send):
/// JSON for the models and every other `DeserializeOwned` type, or the bytes themselves
/// for [`Content`].
pub trait FromResponse: Sized {
    fn from_response(response: RawResponse) -> Result<Self, Error>;
}

impl<T: DeserializeOwned> FromResponse for T {
    fn from_response(response: RawResponse) -> Result<Self, Error> {
        response.json()
    }
}

/// The result of an endpoint that serves content rather than JSON: a file, a photo, a
/// message's MIME text, or a report's CSV, after the redirect to it (`302 Found`, which
/// reqwest follows, dropping `Authorization` when the host changes) was followed.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Content {
    /// The `Content-Type` header, when it is present and readable.
    pub content_type: Option<String>,
    pub bytes: Bytes,
}

impl Content {
    /// Content to upload (a file, a photo, a Teams app package, a OneNote page's multipart
    /// form) with its media type, for the endpoints that take a body other than JSON.
    pub fn new(content_type: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        Content { content_type: Some(content_type.into()), bytes: bytes.into() }
    }
}

impl FromResponse for Content {
    fn from_response(response: RawResponse) -> Result<Self, Error> {
        let content_type = response.headers.get(reqwest::header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).map(str::to_owned);
        Ok(Content { content_type, bytes: response.body })
    }
}

impl fmt::Debug for Content {
    /// The type and the length: content can be large and hold personal data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Content").field("content_type", &self.content_type).field("len", &self.bytes.len()).finish()
    }
}

/// A single primitive or enum value as OData sends it, inside an object:
/// `{"@odata.context": "...", "value": "en-US"}`. The result of a function that returns a
/// string (a chart's image) and of a read of one primitive property
/// (`/me/mailboxSettings/timeZone`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValueOf<T> {
    pub value: T,
}

/// Written out rather than derived so that the client needs no derive macros (see
/// `GraphError`): `value` is read, every other member (`@odata.context`) skipped.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for ValueOf<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Envelope<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Envelope<T> {
            type Value = ValueOf<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object with a `value` member")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ValueOf<T>, A::Error> {
                let mut value = None;
                while let Some(name) = map.next_key::<String>()? {
                    if name != "value" {
                        map.next_value::<IgnoredAny>()?;
                    } else if value.is_some() {
                        return Err(de::Error::duplicate_field("value"));
                    } else {
                        value = Some(map.next_value()?);
                    }
                }
                value.map(|value| ValueOf { value }).ok_or_else(|| de::Error::missing_field("value"))
            }
        }
        deserializer.deserialize_map(Envelope(PhantomData))
    }
}

impl<T> ValueOf<T> {
    /// The value itself.
    pub fn into_inner(self) -> T {
        self.value
    }
}

/// The result of an operation the service accepts and finishes later (`202 Accepted`,
/// such as creating or cloning a team): where to follow its progress.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Accepted {
    /// The `Location` header: the operation to poll, or the resource being created.
    pub location: Option<String>,
    /// The `Content-Location` header, which some operations send instead.
    pub content_location: Option<String>,
}

impl FromResponse for Accepted {
    fn from_response(response: RawResponse) -> Result<Self, Error> {
        let header = |name: reqwest::header::HeaderName| response.headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_owned);
        Ok(Accepted { location: header(reqwest::header::LOCATION), content_location: header(reqwest::header::CONTENT_LOCATION) })
    }
}

impl fmt::Debug for RawResponse {
    /// Headers by name and the body by length: bodies can be large and hold personal data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("method", &self.method)
            .field("template", &self.template)
            .field("status", &self.status)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::ValueOf;

    #[test]
    fn value_of_reads_value_and_skips_the_rest() {
        let read: ValueOf<String> =
            serde_json::from_str(r#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#Edm.String","value":"en-US","x":[1,{"y":2}]}"#).unwrap();
        assert_eq!(read.into_inner(), "en-US");
        assert!(serde_json::from_str::<ValueOf<String>>(r#"{"@odata.context":"c"}"#).unwrap_err().to_string().contains("missing field `value`"));
        assert!(serde_json::from_str::<ValueOf<String>>(r#"{"value":"a","value":"b"}"#).unwrap_err().to_string().contains("duplicate field `value`"));
        assert!(serde_json::from_str::<ValueOf<i32>>(r#"{"value":"seven"}"#).is_err());
    }
}
