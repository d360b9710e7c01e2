//! Collection responses: [`Page<T>`] and the streams that follow `@odata.nextLink` (to the client's own origin only) until the last page and its `@odata.deltaLink`.
//!
//! A page is decoded in two steps so that only the `value` array is generic: the envelope
//! (links, count, other annotations) is read once with the array kept as raw JSON, then the
//! array is decoded into `Vec<T>`. Decode errors in the array still point into the whole body.

use std::fmt;
use std::marker::PhantomData;

use futures_util::stream::{self, Stream, TryStreamExt};
use reqwest::Url;
use reqwest::header::HeaderMap;
use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::{Error, GraphClient, RawResponse, Request, RequestBuilder};

/// One page of a collection: `{"value": [...], "@odata.nextLink": ..., "@odata.deltaLink": ..., "@odata.count": ...}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub value: Vec<T>,
    /// The URL of the next page; absent on the last page.
    pub next_link: Option<String>,
    /// On the last page of a delta query: the URL that returns the changes since this one.
    pub delta_link: Option<String>,
    /// The total count, when `$count=true` was asked for.
    pub count: Option<i64>,
    /// Every other `@`-prefixed member (`@odata.context`, ...), as sent.
    pub annotations: Map<String, Value>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page { value: Vec::new(), next_link: None, delta_link: None, count: None, annotations: Map::new() }
    }
}

/// Decodes from JSON (serde_json) only, because the `value` array is kept raw at first.
impl<'de, T: DeserializeOwned> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let envelope = PageEnvelope::<Box<RawValue>>::deserialize(deserializer)?;
        let Some(items) = &envelope.value else {
            return Err(de::Error::missing_field("value"));
        };
        let value = serde_json::from_str(items.get()).map_err(de::Error::custom)?;
        Ok(envelope.into_page(value))
    }
}

/// A page with its `value` array not yet decoded (`V` is raw JSON, borrowed or owned).
struct PageEnvelope<V> {
    value: Option<V>,
    next_link: Option<String>,
    delta_link: Option<String>,
    count: Option<i64>,
    annotations: Map<String, Value>,
}

impl<V> PageEnvelope<V> {
    fn into_page<T>(self, value: Vec<T>) -> Page<T> {
        Page { value, next_link: self.next_link, delta_link: self.delta_link, count: self.count, annotations: self.annotations }
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for PageEnvelope<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EnvelopeVisitor(PhantomData))
    }
}

struct EnvelopeVisitor<V>(PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for EnvelopeVisitor<V> {
    type Value = PageEnvelope<V>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a collection response: an object with a `value` array")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut envelope = PageEnvelope { value: None, next_link: None, delta_link: None, count: None, annotations: Map::new() };
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "value" => envelope.value = Some(map.next_value()?),
                "@odata.nextLink" => envelope.next_link = map.next_value()?,
                "@odata.deltaLink" => envelope.delta_link = map.next_value()?,
                "@odata.count" => envelope.count = map.next_value()?,
                _ if key.starts_with('@') => {
                    let annotation = map.next_value::<Value>()?;
                    envelope.annotations.insert(key, annotation);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(envelope)
    }
}

/// Decodes a page; the only generic step is the `value` array.
fn decode_page<T: DeserializeOwned>(response: &RawResponse) -> Result<Page<T>, Error> {
    let (envelope, items) = read_envelope(response)?;
    let value = serde_json::from_str(items.get()).map_err(|error| response.decode_error_in(items.get().as_bytes(), error))?;
    Ok(envelope.into_page(value))
}

/// The envelope with the `value` array borrowed from the body, or a decode error.
fn read_envelope(response: &RawResponse) -> Result<(PageEnvelope<&RawValue>, &RawValue), Error> {
    let envelope = serde_json::from_slice::<PageEnvelope<&RawValue>>(response.json_text()).map_err(|error| response.decode_error(error))?;
    match envelope.value {
        Some(items) => Ok((envelope, items)),
        None => Err(response.decode_error(de::Error::missing_field("value"))),
    }
}

/// Where a page stream stands between pages.
enum Cursor {
    Fetch(Box<Request>),
    Fail(Error),
    Done,
}

/// What the next page request needs from the current one.
struct LinkContext {
    template: &'static str,
    headers: HeaderMap,
    current_url: Option<Url>,
}

impl LinkContext {
    fn of(request: &Request) -> Self {
        LinkContext { template: request.template, headers: request.headers.clone(), current_url: request.absolute_url.clone() }
    }

    /// The cursor after a page whose `@odata.nextLink` is `next_link`.
    fn next(self, client: &GraphClient, next_link: Option<&str>) -> Cursor {
        let Some(link) = next_link else { return Cursor::Done };
        match client.follow_link(self.template, &self.headers, link) {
            Ok(request) if request.absolute_url.is_some() && request.absolute_url == self.current_url => {
                Cursor::Fail(Error::InvalidInput(format!("the next link of `{}` repeats the page just read; stopping instead of looping", self.template)))
            }
            Ok(request) => Cursor::Fetch(Box::new(request)),
            Err(error) => Cursor::Fail(error),
        }
    }
}

/// Sends one page request (non-generic, so shared by every item type).
async fn fetch_page(client: &GraphClient, request: Request) -> Result<(RawResponse, LinkContext), Error> {
    let context = LinkContext::of(&request);
    let response = client.execute_boxed(request).await?;
    Ok((response, context))
}

impl<T: DeserializeOwned> RequestBuilder<Page<T>> {
    /// Every page, following `@odata.nextLink`; the last page carries the `@odata.deltaLink`
    /// of a delta query. A link to another origin ends the stream with [`Error::ForeignLink`]
    /// before anything is sent there; any error ends the stream after it is yielded.
    pub fn pages(self) -> impl Stream<Item = Result<Page<T>, Error>> {
        let (client, request) = self.into_parts();
        stream::unfold(Cursor::Fetch(Box::new(request)), move |cursor| {
            let client = client.clone();
            async move {
                let request = match cursor {
                    Cursor::Fetch(request) => *request,
                    Cursor::Fail(error) => return Some((Err(error), Cursor::Done)),
                    Cursor::Done => return None,
                };
                let (response, context) = match fetch_page(&client, request).await {
                    Ok(fetched) => fetched,
                    Err(error) => return Some((Err(error), Cursor::Done)),
                };
                match decode_page::<T>(&response) {
                    Ok(page) => {
                        let next = context.next(&client, page.next_link.as_deref());
                        Some((Ok(page), next))
                    }
                    Err(error) => Some((Err(error), Cursor::Done)),
                }
            }
        })
    }

    /// Every item of every page, in order (see [`pages`](Self::pages) for how links are followed).
    pub fn stream(self) -> impl Stream<Item = Result<T, Error>> {
        self.pages().map_ok(|page| stream::iter(page.value.into_iter().map(Ok))).try_flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_reads_links_count_and_annotations() {
        let body = r#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users","@odata.count":2,"value":[{"id":"1"},{"id":"2"}],"@odata.nextLink":"https://graph.microsoft.com/v1.0/users?$skiptoken=X","other":1}"#;
        let page: Page<serde_json::Value> = serde_json::from_str(body).unwrap();
        assert_eq!(page.value.len(), 2);
        assert_eq!(page.count, Some(2));
        assert_eq!(page.next_link.as_deref(), Some("https://graph.microsoft.com/v1.0/users?$skiptoken=X"));
        assert_eq!(page.delta_link, None);
        assert_eq!(page.annotations.keys().collect::<Vec<_>>(), ["@odata.context"]);
    }

    #[test]
    fn page_without_value_is_an_error() {
        let error = serde_json::from_str::<Page<u32>>(r#"{"@odata.deltaLink":"x"}"#).unwrap_err();
        assert!(error.to_string().contains("missing field `value`"), "{error}");
    }

    #[test]
    fn null_links_are_absent() {
        let page: Page<u32> = serde_json::from_str(r#"{"value":[1],"@odata.nextLink":null}"#).unwrap();
        assert_eq!(page.next_link, None);
    }

    #[test]
    fn item_errors_point_into_the_whole_body() {
        let body = "{\"@odata.context\":\"c\",\n\"value\":[1,2,\"three\"]}";
        let response = RawResponse::new(reqwest::Method::GET, "/x", reqwest::StatusCode::OK, HeaderMap::new(), body.as_bytes().to_vec().into());
        let Err(Error::Decode(error)) = decode_page::<u32>(&response) else { panic!("expected a decode error") };
        // serde_json points at the last byte of the offending token, the closing quote of "three".
        assert_eq!((error.line, error.column), (2, 20));
        assert!(error.reason.ends_with("at line 2 column 20"), "{}", error.reason);
        assert!(error.excerpt.contains("three"));
    }
}
