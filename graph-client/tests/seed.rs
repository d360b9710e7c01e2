//! The seed call, "Create onlineMeeting", both documented examples through `/me` and
//! `/users/{userId}`, against a loopback server: the request arrives as documented,
//! `Accept-Language` with it, and the documented response decodes with its nested types.

use codegen::ir::{ExampleBody, Operation};
use graph_client::GraphClient;
use graph_models::{BroadcastMeetingSettings, OnlineMeeting};
use serde_json::Value;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn seed_operation() -> Operation {
    let files = xtask::spec::read_spec(&xtask::spec::default_spec_dir()).expect("spec/ is readable");
    let loaded = codegen::load(&files);
    loaded.api.operations.get("application-post-onlinemeetings").expect("the seed page is in spec/").clone()
}

/// The `joinInformation` the page shows for `Accept-Language: ja`: a member fragment in
/// its own fence after example 1's response, which is not part of any example.
fn japanese_join_information() -> Value {
    let page = std::fs::read_to_string(xtask::spec::default_spec_dir().join("api/application-post-onlinemeetings.md")).expect("the seed page");
    let note = page.find("Accept-Language: ja").expect("the page's note on Accept-Language: ja");
    let fence = note + page[note..].find("```json").expect("the fragment's fence") + "```json".len();
    let end = fence + page[fence..].find("```").expect("the fence closes");
    let object: Value = serde_json::from_str(&format!("{{{}}}", &page[fence..end])).expect("the fragment is a JSON member");
    object["joinInformation"].clone()
}

fn json(body: Option<&ExampleBody>) -> Value {
    match body {
        Some(ExampleBody::Json(value)) => value.clone(),
        other => panic!("the seed examples have JSON bodies, not {other:?}"),
    }
}

async fn client_for(server: &MockServer) -> GraphClient {
    GraphClient::builder().base_url(format!("{}/v1.0", server.uri())).static_token("seed-token").build().expect("client")
}

#[tokio::test]
async fn create_online_meeting_examples_through_me_and_users() {
    let operation = seed_operation();
    assert_eq!(operation.examples.len(), 2, "the seed page has two examples");
    for (index, example) in operation.examples.iter().enumerate() {
        let request_body = json(example.request.as_ref().and_then(|r| r.body.as_ref()));
        let mut response_body = json(example.response.as_ref().and_then(|r| r.body.as_ref()));
        if index == 0 {
            // What the service answers to `Accept-Language: ja`, as the page shows it.
            response_body["joinInformation"] = japanese_join_information();
        }
        let meeting: OnlineMeeting = serde_json::from_value(request_body.clone()).expect("the example body decodes");

        for via_users in [false, true] {
            let server = MockServer::start().await;
            let expected_path = if via_users { "/v1.0/users/dc17674c-81d9-4adb-bfb2-8f6a442e4622/onlineMeetings" } else { "/v1.0/me/onlineMeetings" };
            Mock::given(method("POST"))
                .and(path(expected_path))
                .and(header("accept-language", "ja"))
                .and(header("authorization", "Bearer seed-token"))
                .and(body_json(&request_body))
                .respond_with(ResponseTemplate::new(201).set_body_json(&response_body))
                .expect(1)
                .mount(&server)
                .await;
            let client = client_for(&server).await;
            let request = if via_users {
                client.user("dc17674c-81d9-4adb-bfb2-8f6a442e4622").online_meetings().create(&meeting)
            } else {
                client.me().online_meetings().create(&meeting)
            };
            let created = request.accept_language("ja").send().await.unwrap_or_else(|error| panic!("example {}: {error}", index + 1));

            assert!(created.join_web_url.is_some());
            if index == 0 {
                let join = created.join_information.as_ref().expect("joinInformation is typed");
                // The content is URL-encoded HTML whose text is Japanese (会議 = meeting).
                assert!(join.content.as_deref().is_some_and(|c| c.contains("%E4%BC%9A%E8%AD%B0")), "joinInformation.content decodes");
                // The docs write `Html`, the enum lists `html`: kept as sent.
                assert_eq!(join.content_type.as_ref().map(|t| t.as_str()), Some("Html"));
            }
            if index == 1 {
                let broadcast: &BroadcastMeetingSettings = created.broadcast_settings.as_deref().expect("broadcastSettings is typed");
                assert!(broadcast.allowed_audience.is_some());
                assert_eq!(created.is_broadcast, Some(true));
            }
            server.verify().await;
        }
    }
}

#[tokio::test]
async fn an_error_names_the_template_of_the_path_the_caller_took() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(403)).mount(&server).await;
    let client = client_for(&server).await;
    let meeting = OnlineMeeting { subject: Some("Plan".into()), ..OnlineMeeting::default() };

    let through_me = client.me().online_meetings().create(&meeting).send().await.unwrap_err();
    let through_users = client.user("8b081ef6").online_meetings().create(&meeting).send().await.unwrap_err();

    assert!(through_me.to_string().contains("POST /me/onlineMeetings:"), "{through_me}");
    assert!(through_users.to_string().contains("POST /users/{userId}/onlineMeetings:"), "{through_users}");
}
