//! The runtime against a real loopback HTTP server (wiremock): decoding, Graph errors, throttling, timeouts, path safety, paging, token hygiene and load.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::{StreamExt, TryStreamExt};
use graph_client::{
    AccessToken, BoxFuture, Error, GraphClient, Method, Page, Request, RequestBuilder, RetryPolicy, TokenProvider, encode_path_segment, odata_string_literal,
};
use serde::Deserialize;
use serde_json::{Value, json};
use wiremock::matchers::{any, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "eyJ0eXAiOiJKV1Qi.SECRET-TOKEN-VALUE.sig";

/// A client for `server` under a `/v1.0` base path, with retries fast enough for tests.
fn client_for(server: &MockServer) -> GraphClient {
    builder_for(server).build().unwrap()
}

fn builder_for(server: &MockServer) -> graph_client::GraphClientBuilder {
    GraphClient::builder()
        .base_url(format!("{}/v1.0", server.uri()))
        .static_token(TOKEN)
        .timeout(Duration::from_secs(10))
        .retry_policy(RetryPolicy::default().with_initial_backoff(Duration::from_millis(10)).with_max_delay(Duration::from_secs(5)))
}

fn get<T>(client: &GraphClient, template: &'static str, path: impl Into<String>) -> RequestBuilder<T> {
    RequestBuilder::new(client.clone(), Request::new(Method::GET, template, path))
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |requests| requests.len())
}

fn graph_error_body(code: &str, message: &str, request_id: &str) -> Value {
    json!({"error": {"code": code, "message": message, "innerError": {"date": "2024-05-01T10:00:00", "request-id": request_id, "client-request-id": "client-1"}}})
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct User {
    id: String,
    display_name: Option<String>,
}

#[tokio::test]
async fn success_body_decodes_into_a_struct_and_into_json() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/me"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "48d31887", "displayName": "Adele Vance", "mail": "adele@contoso.com"})))
        .mount(&server)
        .await;
    let client = client_for(&server);

    let user: User = get(&client, "/me", "/me").send().await.unwrap();
    assert_eq!(user, User { id: "48d31887".into(), display_name: Some("Adele Vance".into()) });

    let value: Value = get(&client, "/me", "/me").send().await.unwrap();
    assert_eq!(value["mail"], "adele@contoso.com");
}

#[tokio::test]
async fn bearer_token_and_user_agent_arrive_as_headers() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("user-agent", "my-app/1.0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder_for(&server).user_agent("my-app/1.0").build().unwrap();

    let _: Value = get(&client, "/me", "/me").send().await.unwrap();
}

#[tokio::test]
async fn graph_error_body_becomes_a_typed_error() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(400).insert_header("request-id", "header-request-id").set_body_json(graph_error_body(
            "Request_BadRequest",
            "Invalid object identifier 'nope'.",
            "body-request-id",
        )))
        .mount(&server)
        .await;
    let client = client_for(&server);

    let error = get::<Value>(&client, "/users/{id}", "/users/nope").send().await.unwrap_err();
    let Error::Api(api) = &error else { panic!("expected an API error, got {error:?}") };
    assert_eq!(api.status.as_u16(), 400);
    assert_eq!(api.code(), Some("Request_BadRequest"));
    assert_eq!(api.message(), Some("Invalid object identifier 'nope'."));
    assert_eq!(api.request_id.as_deref(), Some("header-request-id"), "the response header wins over the body");
    assert_eq!(api.client_request_id.as_deref(), Some("client-1"));
    assert_eq!(api.attempts, 1);
    assert_eq!(error.request_id(), Some("header-request-id"));
    let text = error.to_string();
    assert!(text.contains("GET /users/{id}: 400 Bad Request: Request_BadRequest: Invalid object identifier"), "{text}");
    assert_eq!(request_count(&server).await, 1, "400 is not retried");
}

#[tokio::test]
async fn request_id_falls_back_to_the_error_body() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(404).set_body_json(graph_error_body("itemNotFound", "gone", "body-request-id"))).mount(&server).await;

    let error = get::<Value>(&client_for(&server), "/me/drive", "/me/drive").send().await.unwrap_err();
    assert_eq!(error.request_id(), Some("body-request-id"));
    assert_eq!(error.code(), Some("itemNotFound"));
}

#[tokio::test]
async fn throttled_request_is_retried_once_after_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1").set_body_json(graph_error_body("TooManyRequests", "slow down", "r1")))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "new"}))).mount(&server).await;
    let client = client_for(&server);

    let started = Instant::now();
    let request = Request::new(Method::POST, "/me/events", "/me/events").with_json_body(&json!({"subject": "Plan"})).unwrap();
    let created: Value = client.request(request).send().await.unwrap();

    assert_eq!(created["id"], "new");
    assert_eq!(request_count(&server).await, 2, "exactly one retry");
    assert!(started.elapsed() >= Duration::from_millis(950), "Retry-After: 1 was not honoured: {:?}", started.elapsed());
    let bodies: Vec<Vec<u8>> = server.received_requests().await.unwrap().into_iter().map(|request| request.body).collect();
    assert_eq!(bodies[0], bodies[1], "the retry replays the same body");
    assert_eq!(bodies[0], br#"{"subject":"Plan"}"#);
}

#[tokio::test]
async fn endless_503_gives_up_after_the_configured_attempts_with_the_last_error() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).insert_header("request-id", "last-503").set_body_json(graph_error_body(
            "serviceNotAvailable",
            "try later",
            "x",
        )))
        .mount(&server)
        .await;
    let client = builder_for(&server).retry_policy(RetryPolicy::default().with_max_attempts(4).with_initial_backoff(Duration::from_millis(5))).build().unwrap();

    let error = get::<Value>(&client, "/me", "/me").send().await.unwrap_err();

    assert_eq!(request_count(&server).await, 4);
    let api = error.api().expect("the last status error");
    assert_eq!(api.status.as_u16(), 503);
    assert_eq!(api.code(), Some("serviceNotAvailable"));
    assert_eq!(api.attempts, 4);
    assert!(error.to_string().contains("after 4 attempts"), "{error}");
}

#[tokio::test]
async fn disabled_retry_policy_sends_once() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0")).mount(&server).await;
    let client = builder_for(&server).retry_policy(RetryPolicy::disabled()).build().unwrap();

    let error = get::<Value>(&client, "/me", "/me").send().await.unwrap_err();

    assert_eq!(error.status().map(|status| status.as_u16()), Some(429));
    assert_eq!(error.api().unwrap().retry_after, Some(Duration::ZERO));
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn a_gateway_timeout_is_retried_for_a_get_but_never_for_a_post() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(504)).mount(&server).await;
    let client = client_for(&server);

    let error = get::<Value>(&client, "/me", "/me").send().await.unwrap_err();
    assert_eq!(error.api().map(|api| api.attempts), Some(3), "{error}");
    assert_eq!(request_count(&server).await, 3);

    server.reset().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(504)).mount(&server).await;
    let create = Request::new(Method::POST, "/me/onlineMeetings", "/me/onlineMeetings").with_json_body(&json!({"subject": "once"})).unwrap();
    let error = client.request::<Value>(create).send().await.unwrap_err();
    assert_eq!(error.status().map(|status| status.as_u16()), Some(504));
    assert_eq!(request_count(&server).await, 1, "a POST that may have been applied is not sent again");
}

#[tokio::test]
async fn a_retry_after_beyond_max_delay_is_returned_not_cut_short() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "120")).mount(&server).await;
    // `builder_for` caps delays at 5 s.
    let client = client_for(&server);

    let started = Instant::now();
    let error = get::<Value>(&client, "/me", "/me").send().await.unwrap_err();

    assert_eq!(request_count(&server).await, 1, "no retry before the service allows one");
    assert_eq!(error.api().unwrap().retry_after, Some(Duration::from_secs(120)));
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_callers_authorization_header_is_replaced_by_the_token_not_sent_beside_it() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    let client = client_for(&server);

    let mut request = Request::new(Method::GET, "/me", "/me");
    request.set_header(graph_client::HeaderName::from_static("authorization"), graph_client::HeaderValue::from_static("Bearer someone-else"));
    let _: Value = client.request(request).send().await.unwrap();

    let received = server.received_requests().await.unwrap();
    let sent: Vec<&str> = received[0].headers.get_all("authorization").iter().map(|value| value.to_str().unwrap()).collect();
    assert_eq!(sent, [format!("Bearer {TOKEN}")]);
}

#[test]
fn a_refused_base_url_never_echoes_its_credentials_or_query() {
    for base_url in ["https://user:hunter2@graph.microsoft.com/v1.0", "https://graph.microsoft.com/v1.0?code=hunter2", "http://hunter2@example.com/v1.0"] {
        let error = GraphClient::builder().base_url(base_url).static_token(TOKEN).build().unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("://"), "the origin is still named: {shown}");
    }
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_an_excerpt() {
    let server = MockServer::start().await;
    let body = format!(r#"{{"id": "1", "notes": "{}", "displayName": , "mail": "a@b.c"}}"#, "x".repeat(5_000));
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json")).mount(&server).await;

    let error = get::<User>(&client_for(&server), "/me", "/me").send().await.unwrap_err();

    let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
    assert!(decode.excerpt.contains(r#""displayName": ,"#), "{}", decode.excerpt);
    assert!(decode.excerpt.len() < 400, "the excerpt is bounded: {} bytes", decode.excerpt.len());
    assert_eq!(decode.body_len, body.len());
    assert_eq!(decode.status.as_u16(), 200);
    let text = error.to_string();
    assert!(text.contains("GET /me: cannot decode the 200 OK response") && text.contains("near"), "{text}");
    assert!(text.len() < 700, "Display stays short");
}

#[tokio::test]
async fn malformed_and_empty_error_bodies_never_panic() {
    let server = MockServer::start().await;
    Mock::given(path("/v1.0/html")).respond_with(ResponseTemplate::new(500).set_body_raw("<html>oops", "text/html")).mount(&server).await;
    Mock::given(path("/v1.0/empty")).respond_with(ResponseTemplate::new(502)).mount(&server).await;
    Mock::given(path("/v1.0/binary")).respond_with(ResponseTemplate::new(200).set_body_bytes(vec![0xff, 0xfe, 0x00, 0x7b])).mount(&server).await;
    let client = client_for(&server);

    let html = get::<Value>(&client, "/html", "/html").send().await.unwrap_err();
    assert_eq!(html.api().unwrap().body_excerpt.as_deref(), Some("<html>oops"));
    let empty = get::<Value>(&client, "/empty", "/empty").send().await.unwrap_err();
    assert!(empty.api().unwrap().error.is_none() && empty.api().unwrap().body_excerpt.is_none());
    let binary = get::<Value>(&client, "/binary", "/binary").send().await.unwrap_err();
    assert!(matches!(binary, Error::Decode(_)), "{binary:?}");
}

#[tokio::test]
async fn empty_204_body_decodes_into_unit() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = client_for(&server);
    let delete = || client.request::<()>(Request::new(Method::DELETE, "/me/events/{id}", "/me/events/AAMk"));

    delete().send().await.unwrap();

    let error = client.request::<User>(Request::new(Method::DELETE, "/me/events/{id}", "/me/events/AAMk")).send().await.unwrap_err();
    assert!(error.to_string().contains("the response body was empty"), "{error}");
}

#[tokio::test]
async fn ignored_any_accepts_an_empty_body_or_any_json() {
    let server = MockServer::start().await;
    Mock::given(path("/v1.0/empty")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    Mock::given(path("/v1.0/body")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"unexpected": [1, 2]}))).mount(&server).await;
    let client = client_for(&server);

    // For operations documented as 204 that sometimes answer with a body.
    let _: serde::de::IgnoredAny = get(&client, "/empty", "/empty").send().await.unwrap();
    let _: serde::de::IgnoredAny = get(&client, "/body", "/body").send().await.unwrap();
}

#[tokio::test]
async fn a_redirect_is_followed_to_content_and_202_gives_where_to_follow() {
    let server = MockServer::start().await;
    let download = format!("{}/download/report.csv", server.uri());
    Mock::given(path("/v1.0/reports/getEmailActivityCounts(period='D7')"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", download.as_str()))
        .mount(&server)
        .await;
    Mock::given(path("/download/report.csv"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"Report Refresh Date,Send\n2024-01-01,3\n".to_vec(), "application/octet-stream"))
        .mount(&server)
        .await;
    Mock::given(path("/v1.0/teams"))
        .respond_with(ResponseTemplate::new(202).insert_header("location", "/teams('t1')/operations('op1')").insert_header("content-location", "/teams('t1')"))
        .mount(&server)
        .await;
    let client = client_for(&server);

    let report: graph_client::Content =
        get(&client, "/reports/getEmailActivityCounts(period='{period}')", "/reports/getEmailActivityCounts(period='D7')").send().await.unwrap();
    assert_eq!(report.content_type.as_deref(), Some("application/octet-stream"));
    assert_eq!(&report.bytes[..], b"Report Refresh Date,Send\n2024-01-01,3\n");
    assert!(!format!("{report:?}").contains("Refresh"), "Debug shows the length, not the content");

    let created: graph_client::Accepted = RequestBuilder::new(client.clone(), Request::new(Method::POST, "/teams", "/teams")).send().await.unwrap();
    assert_eq!(created.location.as_deref(), Some("/teams('t1')/operations('op1')"));
    assert_eq!(created.content_location.as_deref(), Some("/teams('t1')"));
}

#[tokio::test]
async fn uploaded_content_arrives_as_sent_with_its_media_type() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1.0/me/drive/items/a%2Fb/content"))
        .and(header("content-type", "text/plain"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "a/b"})))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let upload = graph_client::Content::new("text/plain", b"The contents of the file".to_vec());
    let item = graph_client::Node::root(&client).literal("me").literal("drive").literal("items").key("a/b").literal("content");
    let created: Value = item.request_with_content(Method::PUT, "/me/drive/items/{id}/content", upload).send().await.unwrap();
    assert_eq!(created["id"], "a/b");
    let received = server.received_requests().await.unwrap();
    assert_eq!(&received[0].body[..], b"The contents of the file");

    let bad = graph_client::Content::new("text/plain\n", Vec::new());
    let error = item.request_with_content::<Value>(Method::PUT, "/me/drive/items/{id}/content", bad).send().await.unwrap_err();
    assert!(error.to_string().contains("not a valid content type"), "{error}");
}

#[tokio::test]
async fn slow_server_is_a_timeout_error() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(json!({})).set_delay(Duration::from_secs(3))).mount(&server).await;
    let client = builder_for(&server).timeout(Duration::from_millis(200)).build().unwrap();

    let started = Instant::now();
    let error = get::<Value>(&client, "/me", "/me").send().await.unwrap_err();

    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(error.is_timeout());
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
    assert_eq!(error.to_string(), "GET /me: no complete response within 200ms");
}

#[tokio::test]
async fn path_values_cannot_change_the_path() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    let client = client_for(&server);

    for (id, expected_path) in
        [("../me", "/v1.0/users/..%2Fme/messages"), ("a/b?c#d%e f", "/v1.0/users/a%2Fb%3Fc%23d%25e%20f/messages"), ("...", "/v1.0/users/.../messages")]
    {
        let path = format!("/users/{}/messages", encode_path_segment(id));
        let _: Value = get(&client, "/users/{id}/messages", path).send().await.unwrap();
        let requests = server.received_requests().await.unwrap();
        let seen = &requests.last().unwrap().url;
        assert_eq!(seen.path(), expected_path, "for id {id:?}");
        assert_eq!(seen.query(), None, "for id {id:?}");
    }

    let sent_so_far = request_count(&server).await;
    for id in ["..", ".", ""] {
        let path = format!("/users/{}/messages", encode_path_segment(id));
        let error = get::<Value>(&client, "/users/{id}/messages", path).send().await.unwrap_err();
        assert!(matches!(error, Error::InvalidInput(_)), "id {id:?}: {error:?}");
    }
    let unencoded = get::<Value>(&client, "/users/{id}", "/users/a/../../me").send().await.unwrap_err();
    assert!(matches!(unencoded, Error::InvalidInput(_)), "{unencoded:?}");
    assert_eq!(request_count(&server).await, sent_so_far, "refused paths never reach the server");
}

#[tokio::test]
async fn odata_function_arguments_arrive_quoted_and_escaped() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    let client = client_for(&server);

    let path = format!("/me/drive/root/search(q={})", odata_string_literal("O'Brien/plans"));
    let _: Value = get(&client, "/me/drive/root/search(q='{search-text}')", path).send().await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.path(), "/v1.0/me/drive/root/search(q=%27O%27%27Brien%2Fplans%27)");
}

#[tokio::test]
async fn query_options_are_encoded() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": []}))).mount(&server).await;
    let client = client_for(&server);
    let filter = "displayName eq 'O''Brien & Co' and mail ne null";

    let _: Page<Value> = get(&client, "/users", "/users")
        .select(&["id", "displayName"])
        .filter(filter)
        .orderby(&["displayName desc"])
        .top(5)
        .skip(10)
        .count(true)
        .search("\"displayName:a+b\"")
        .expand(&["manager($select=id)"])
        .query("extra", "x=y;z")
        .consistency_level("eventual")
        .prefer("odata.maxpagesize=5")
        .accept_language("fr-FR")
        .if_match("W/\"etag\"")
        .send()
        .await
        .unwrap();

    let request = &server.received_requests().await.unwrap()[0];
    let raw_query = request.url.query().unwrap();
    assert!(raw_query.starts_with("$select=id,displayName&"), "{raw_query}");
    assert!(raw_query.contains("&$top=5&"), "{raw_query}");
    assert!(!raw_query.contains('+') && !raw_query.contains(' '), "spaces are %20, a plus is %2B: {raw_query}");
    let pairs: Vec<(String, String)> = request.url.query_pairs().map(|(name, value)| (name.into_owned(), value.into_owned())).collect();
    let value_of = |name: &str| pairs.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str());
    assert_eq!(value_of("$filter"), Some(filter));
    assert_eq!(value_of("$orderby"), Some("displayName desc"));
    assert_eq!(value_of("$search"), Some("\"displayName:a+b\""));
    assert_eq!(value_of("$expand"), Some("manager($select=id)"));
    assert_eq!(value_of("$skip"), Some("10"));
    assert_eq!(value_of("$count"), Some("true"));
    assert_eq!(value_of("extra"), Some("x=y;z"));
    assert_eq!(pairs.len(), 9);
    let header_of = |name: &str| request.headers.get(name).and_then(|value| value.to_str().ok());
    assert_eq!(header_of("consistencylevel"), Some("eventual"));
    assert_eq!(header_of("prefer"), Some("odata.maxpagesize=5"));
    assert_eq!(header_of("accept-language"), Some("fr-FR"));
    assert_eq!(header_of("if-match"), Some("W/\"etag\""));
}

#[tokio::test]
async fn an_invalid_header_value_fails_at_send_without_a_request() {
    let server = MockServer::start().await;
    let error = get::<Value>(&client_for(&server), "/me", "/me").accept_language("en\r\nX-Injected: 1").send().await.unwrap_err();

    assert!(matches!(error, Error::InvalidInput(_)), "{error:?}");
    assert_eq!(request_count(&server).await, 0);
}

struct FailingTokenProvider;

impl TokenProvider for FailingTokenProvider {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        Box::pin(async { Err(Error::auth_with_source("the refresh token expired", std::io::Error::other("AADSTS700082"))) })
    }
}

#[tokio::test]
async fn token_provider_failures_are_auth_errors_and_send_nothing() {
    let server = MockServer::start().await;
    let client = GraphClient::builder().base_url(server.uri()).token_provider(FailingTokenProvider).build().unwrap();

    let error = get::<Value>(&client, "/me", "/me").send().await.unwrap_err();

    assert!(matches!(error, Error::Auth { .. }), "{error:?}");
    assert_eq!(error.to_string(), "authentication failed: the refresh token expired");
    assert_eq!(request_count(&server).await, 0);
}

/// Counts how often it is asked, so tests can see a fresh token per attempt.
struct CountingTokenProvider(AtomicU64);

impl TokenProvider for CountingTokenProvider {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        let issued = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        Box::pin(async move { Ok(AccessToken::new(format!("token-{issued}"))) })
    }
}

#[tokio::test]
async fn each_attempt_asks_the_provider_for_a_token() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).with_priority(1).mount(&server).await;
    Mock::given(header("authorization", "Bearer token-2")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    let provider = Arc::new(CountingTokenProvider(AtomicU64::new(0)));
    let client = builder_for(&server).token_provider(Arc::clone(&provider)).build().unwrap();

    let _: Value = get(&client, "/me", "/me").send().await.unwrap();
    assert_eq!(provider.0.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn the_token_never_appears_in_debug_or_errors() {
    let server = MockServer::start().await;
    Mock::given(path("/v1.0/bad")).respond_with(ResponseTemplate::new(400).set_body_json(graph_error_body("BadRequest", "no", "r"))).mount(&server).await;
    Mock::given(path("/v1.0/garbage")).respond_with(ResponseTemplate::new(200).set_body_string("{not json")).mount(&server).await;
    Mock::given(path("/v1.0/slow")).respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3))).mount(&server).await;
    let builder = builder_for(&server).timeout(Duration::from_millis(100));
    assert!(!format!("{builder:?}").contains(TOKEN));
    let client = builder.build().unwrap();
    assert!(!format!("{client:?}").contains(TOKEN));
    assert!(!format!("{:?}", get::<Value>(&client, "/me", "/me")).contains(TOKEN));

    let unreachable = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        drop(listener);
        GraphClient::builder().base_url(format!("http://{address}")).static_token(TOKEN).build().unwrap()
    };
    let errors = [
        get::<Value>(&client, "/bad", "/bad").send().await.unwrap_err(),
        get::<Value>(&client, "/garbage", "/garbage").send().await.unwrap_err(),
        get::<Value>(&client, "/slow", "/slow").send().await.unwrap_err(),
        get::<Value>(&unreachable, "/me", "/me").send().await.unwrap_err(),
    ];
    assert!(matches!(errors[3], Error::Transport { .. }), "{:?}", errors[3]);
    for error in &errors {
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(TOKEN) && !shown.contains("SECRET-TOKEN-VALUE"), "{shown}");
    }
}

fn page_body(items: &[u32], next_link: Option<String>, delta_link: Option<String>) -> Value {
    let mut body = json!({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", "value": items.iter().map(|id| json!({"id": id.to_string()})).collect::<Vec<_>>()});
    if let Some(link) = next_link {
        body["@odata.nextLink"] = link.into();
    }
    if let Some(link) = delta_link {
        body["@odata.deltaLink"] = link.into();
    }
    body
}

#[tokio::test]
async fn pages_follow_next_links_to_the_delta_link() {
    let server = MockServer::start().await;
    let base = format!("{}/v1.0", server.uri());
    Mock::given(query_param("$skiptoken", "p2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(&[3, 4], Some(format!("{base}/users/delta?$skiptoken=p3")), None)))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(query_param("$skiptoken", "p3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(&[5], None, Some(format!("{base}/users/delta?$deltatoken=d1")))))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/v1.0/users/delta"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(&[1, 2], Some(format!("{base}/users/delta?$skiptoken=p2")), None)))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let delta = || get::<Page<User>>(&client, "/users/delta", "/users/delta").select(&["id"]).prefer("odata.maxpagesize=2");

    // Spawned, which also proves the stream is `Send + 'static`.
    let ids: Vec<String> = tokio::spawn(delta().stream().map_ok(|user| user.id).try_collect::<Vec<_>>()).await.unwrap().unwrap();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);

    let pages: Vec<Page<User>> = delta().pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[2].delta_link.as_deref(), Some(format!("{base}/users/delta?$deltatoken=d1").as_str()));
    assert!(pages[2].next_link.is_none());
    assert_eq!(pages[0].annotations["@odata.context"], "https://graph.microsoft.com/v1.0/$metadata#users");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 6);
    for request in &requests {
        assert_eq!(request.headers.get("prefer").unwrap(), "odata.maxpagesize=2", "headers are kept on every page");
        assert_eq!(request.headers.get("authorization").unwrap().to_str().unwrap(), format!("Bearer {TOKEN}"));
    }
    assert_eq!(requests[1].url.query(), Some("$skiptoken=p2"), "a next link is sent as given, without the first page's options");
}

#[tokio::test]
async fn next_link_to_another_origin_is_refused_without_a_request_there() {
    let server = MockServer::start().await;
    let foreign = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(page_body(&[], None, None))).mount(&foreign).await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(&[1, 2], Some(format!("{}/v1.0/users?$skiptoken=steal", foreign.uri())), None)))
        .mount(&server)
        .await;
    let client = client_for(&server);

    let items: Vec<Result<User, Error>> = get::<Page<User>>(&client, "/users", "/users").stream().collect().await;

    assert_eq!(items.len(), 3, "two items, then the error, then the end");
    assert_eq!(items[1].as_ref().unwrap().id, "2");
    let Err(error @ Error::ForeignLink { link_origin, .. }) = &items[2] else { panic!("expected a foreign-link error, got {:?}", items[2]) };
    assert_eq!(link_origin, &foreign.uri());
    assert!(error.to_string().contains("refusing to follow"), "{error}");
    assert_eq!(request_count(&foreign).await, 0);
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn a_bad_item_in_a_page_is_a_decode_error_pointing_at_it() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_string(r#"{"value":[{"id":"1"},{"id":2}]}"#)).mount(&server).await;

    let items: Vec<Result<User, Error>> = get::<Page<User>>(&client_for(&server), "/users", "/users").stream().collect().await;

    assert_eq!(items.len(), 1);
    let Err(Error::Decode(decode)) = &items[0] else { panic!("expected a decode error, got {:?}", items[0]) };
    assert!(decode.excerpt.contains(r#"{"id":2}"#), "{}", decode.excerpt);
    assert!(decode.reason.contains("column 28"), "the position is in the whole body: {}", decode.reason);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_concurrent_requests_share_one_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1", "displayName": "x"}))).mount(&server).await;
    let client = client_for(&server);

    let requests = (0..500).map(|index| {
        let request = get::<User>(&client, "/users/{id}", format!("/users/{index}"));
        tokio::spawn(request.send())
    });
    let results = futures::future::join_all(requests).await;

    assert!(results.into_iter().all(|joined| joined.unwrap().is_ok()));
    assert_eq!(request_count(&server).await, 500);
}

/// Records every span field and event field as text, to check what tracing would log.
#[derive(Clone, Default)]
struct RecordingSubscriber {
    log: Arc<Mutex<String>>,
    next_id: Arc<AtomicU64>,
}

struct FieldWriter<'a>(&'a Mutex<String>);

impl tracing::field::Visit for FieldWriter<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0.lock().unwrap(), "{}={:?} ", field.name(), value);
    }
}

impl tracing::Subscriber for RecordingSubscriber {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let _ = write!(self.log.lock().unwrap(), "\nspan {}: ", span.metadata().name());
        span.record(&mut FieldWriter(&self.log));
        tracing::span::Id::from_u64(self.next_id.fetch_add(1, Ordering::SeqCst) + 1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut FieldWriter(&self.log));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        self.log.lock().unwrap().push_str("\nevent: ");
        event.record(&mut FieldWriter(&self.log));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn tracing_shows_template_status_and_request_id_but_not_the_token_or_ids() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503).insert_header("request-id", "rid-503")).up_to_n_times(1).with_priority(1).mount(&server).await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).insert_header("request-id", "rid-200").set_body_json(json!({}))).mount(&server).await;
    let client = client_for(&server);
    let subscriber = RecordingSubscriber::default();
    let log = Arc::clone(&subscriber.log);

    {
        let _guard = tracing::subscriber::set_default(subscriber);
        let _: Value = get(&client, "/users/{id}", "/users/private-user-id").filter("mail eq 'secret@contoso.com'").send().await.unwrap();
    }

    let log = log.lock().unwrap().clone();
    assert!(log.contains("span graph_request: method=GET template=\"/users/{id}\""), "{log}");
    assert!(log.contains("attempt=2") && log.contains("status=503") && log.contains("status=200"), "{log}");
    assert!(log.contains("rid-503") && log.contains("rid-200"), "{log}");
    for secret in [TOKEN, "private-user-id", "secret@contoso.com", "Bearer"] {
        assert!(!log.contains(secret), "{secret} leaked into tracing: {log}");
    }
}

const CLIENT_SECRET: &str = "Xy7~app.SECRET-CLIENT-VALUE";

/// A client-credentials provider whose identity platform is `server`.
fn credentials_for(server: &MockServer, tenant: &str) -> graph_client::ClientCredentials {
    graph_client::ClientCredentials::with_authority(&server.uri(), tenant, "app-id", CLIENT_SECRET).expect("a loopback authority")
}

fn token_answer(token: &str, expires_in: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"token_type": "Bearer", "expires_in": expires_in, "access_token": token}))
}

/// The flow posts the form the identity platform expects to the tenant's token URL, and
/// the token it gets back is the one Graph receives, fetched once for many requests.
#[tokio::test]
async fn client_credentials_fetch_a_token_once_and_graph_receives_it() {
    let identity = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/contoso.onmicrosoft.com/oauth2/v2.0/token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(token_answer("fetched-app-token", json!(3599)))
        .mount(&identity)
        .await;
    let graph = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/users"))
        .and(header("authorization", "Bearer fetched-app-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": []})))
        .mount(&graph)
        .await;
    let client = builder_for(&graph).token_provider(credentials_for(&identity, "contoso.onmicrosoft.com")).build().unwrap();

    for _ in 0..3 {
        let _: Page<Value> = get(&client, "/users", "/users").send().await.expect("the fetched token is accepted");
    }

    let asked = identity.received_requests().await.unwrap();
    assert_eq!(asked.len(), 1, "a token valid for an hour is kept");
    let form: Vec<(String, String)> = url_pairs(&String::from_utf8(asked[0].body.clone()).unwrap());
    let expected =
        [("grant_type", "client_credentials"), ("client_id", "app-id"), ("client_secret", CLIENT_SECRET), ("scope", "https://graph.microsoft.com/.default")];
    assert_eq!(form, expected.map(|(name, value)| (name.to_owned(), value.to_owned())));
}

/// `a=1&b=x%20y`, decoded, in order.
fn url_pairs(form: &str) -> Vec<(String, String)> {
    let decode = |text: &str| percent_encoding::percent_decode_str(text).decode_utf8().unwrap().into_owned();
    form.split('&').map(|pair| pair.split_once('=').unwrap()).map(|(name, value)| (decode(name), decode(value))).collect()
}

/// A token is kept until shortly before it expires (five minutes, or half its lifetime if
/// shorter); requests that arrive together while none is usable share one fetch, and
/// share its failure too, rather than asking a failing platform once each.
#[tokio::test]
async fn client_credentials_share_one_fetch_and_replace_an_expiring_token() {
    let identity = MockServer::start().await;
    Mock::given(method("POST")).respond_with(token_answer("hour-long", json!(3599)).set_delay(Duration::from_millis(50))).mount(&identity).await;
    let concurrent_tokens = |credentials: Arc<graph_client::ClientCredentials>| async move {
        let callers = (0..8).map(|_| {
            let credentials = Arc::clone(&credentials);
            tokio::spawn(async move { graph_client::TokenProvider::token(&*credentials).await })
        });
        futures::future::join_all(callers).await.into_iter().map(|joined| joined.unwrap()).collect::<Vec<_>>()
    };
    for token in concurrent_tokens(Arc::new(credentials_for(&identity, "tenant-id"))).await {
        assert_eq!(token.expect("a token").secret(), "hour-long");
    }
    assert_eq!(request_count(&identity).await, 1, "eight callers, one fetch");

    // A platform that fails is asked once for the callers waiting on it.
    let failing = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"error": "temporarily_unavailable"})).set_delay(Duration::from_millis(50)))
        .mount(&failing)
        .await;
    for token in concurrent_tokens(Arc::new(credentials_for(&failing, "tenant-id"))).await {
        let error = token.expect_err("no token");
        assert!(error.to_string().contains("temporarily_unavailable"), "{error}");
    }
    assert_eq!(request_count(&failing).await, 1, "eight callers, one failed fetch");

    // The older form gives the lifetime as text; two minutes is kept for half of it.
    let short = MockServer::start().await;
    Mock::given(method("POST")).respond_with(token_answer("two-minutes", json!("120"))).mount(&short).await;
    let credentials = credentials_for(&short, "tenant-id");
    for _ in 0..2 {
        assert_eq!(graph_client::TokenProvider::token(&credentials).await.expect("a token").secret(), "two-minutes");
    }
    assert_eq!(request_count(&short).await, 1, "a two-minute token is kept for a minute");

    // A one-second token is replaced after half a second.
    let expiring = MockServer::start().await;
    Mock::given(method("POST")).respond_with(token_answer("one-second", json!(1.0))).mount(&expiring).await;
    let credentials = credentials_for(&expiring, "tenant-id");
    graph_client::TokenProvider::token(&credentials).await.expect("a token");
    tokio::time::sleep(Duration::from_millis(600)).await;
    graph_client::TokenProvider::token(&credentials).await.expect("a token");
    assert_eq!(request_count(&expiring).await, 2, "a token within its refresh margin is not used");
}

/// A refusal comes back as an auth error in the platform's words, without the secret
/// (even if the platform quoted it) or its trace ids; the tenant cannot redirect the
/// secret elsewhere, nor can the platform; and `Debug` never shows it.
#[tokio::test]
async fn client_credentials_errors_and_debug_never_show_the_secret() {
    let identity = MockServer::start().await;
    let description = format!("AADSTS7000215: Invalid client secret provided: '{CLIENT_SECRET}'.\r\nTrace ID: 0b4f\r\nCorrelation ID: 9a1c");
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": format!("invalid_client {CLIENT_SECRET}"), "error_description": description})))
        .mount(&identity)
        .await;
    let credentials = credentials_for(&identity, "tenant-id");
    let error = graph_client::TokenProvider::token(&credentials).await.expect_err("refused");
    let shown = format!("{error} {error:?}");
    assert!(matches!(error, Error::Auth { .. }), "{shown}");
    assert!(shown.contains("invalid_client") && shown.contains("AADSTS7000215"), "{shown}");
    assert!(!shown.contains("SECRET-CLIENT-VALUE") && !shown.contains("Trace ID"), "{shown}");
    assert!(!format!("{credentials:?}").contains("SECRET-CLIENT-VALUE"));

    let graph = MockServer::start().await;
    let client = builder_for(&graph).token_provider(credentials).build().unwrap();
    let failed = get::<Value>(&client, "/me", "/me").send().await.expect_err("no token, no request");
    assert!(matches!(failed, Error::Auth { .. }), "{failed}");
    assert_eq!(request_count(&graph).await, 0);

    // A redirect is not followed: the form holds the secret.
    let elsewhere = MockServer::start().await;
    Mock::given(any()).respond_with(token_answer("stolen", json!(3599))).mount(&elsewhere).await;
    let redirecting = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(307).insert_header("location", format!("{}/token", elsewhere.uri()).as_str()))
        .mount(&redirecting)
        .await;
    let refused = graph_client::TokenProvider::token(&credentials_for(&redirecting, "tenant-id")).await.expect_err("a redirect is no token");
    assert!(refused.to_string().contains("307"), "{refused}");
    assert_eq!(request_count(&elsewhere).await, 0, "the secret stays with the token URL");

    for tenant in ["..", "a/b"] {
        let built = graph_client::ClientCredentials::with_authority(&identity.uri(), tenant, "app-id", CLIENT_SECRET);
        let token_url = built.as_ref().map(|c| c.token_url().to_owned());
        assert!(token_url.as_ref().is_err() || token_url.as_ref().is_ok_and(|url| url.contains("/a%2Fb/")), "{tenant}: {token_url:?}");
    }
    for (tenant, client_id, secret) in [("", "app-id", CLIENT_SECRET), ("t", " ", CLIENT_SECRET), ("t", "app-id", "")] {
        assert!(graph_client::ClientCredentials::with_authority(&identity.uri(), tenant, client_id, secret).is_err(), "{tenant:?} {client_id:?} {secret:?}");
    }
    assert!(graph_client::ClientCredentials::with_authority("http://login.example.com", "t", "app-id", CLIENT_SECRET).is_err(), "plain http off loopback");
}

/// An answer that is not a token (an HTML error page, or one too large to be one) is an
/// auth error that says what came back.
#[tokio::test]
async fn client_credentials_refuse_answers_that_are_no_token() {
    let html = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(502).set_body_raw("<html>Bad Gateway</html>", "text/html")).mount(&html).await;
    let error = graph_client::TokenProvider::token(&credentials_for(&html, "t")).await.expect_err("no token");
    assert!(error.to_string().contains("502") && error.to_string().contains("text/html"), "{error}");

    let huge = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_raw(vec![b' '; 200_000], "application/json")).mount(&huge).await;
    let error = graph_client::TokenProvider::token(&credentials_for(&huge, "t")).await.expect_err("no token");
    assert!(error.to_string().contains("larger than"), "{error}");
}

/// A provider that never answers does not hold a request past the client's timeout.
#[tokio::test]
async fn getting_a_token_is_bounded_by_the_client_timeout() {
    struct Hangs;
    impl TokenProvider for Hangs {
        fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
            Box::pin(std::future::pending())
        }
    }
    let graph = MockServer::start().await;
    let client = builder_for(&graph).token_provider(Hangs).timeout(Duration::from_millis(200)).build().unwrap();
    let error = get::<Value>(&client, "/me", "/me").send().await.expect_err("no token");
    assert!(matches!(error, Error::Auth { .. }) && error.to_string().contains("timeout"), "{error}");
    assert_eq!(request_count(&graph).await, 0);
}
