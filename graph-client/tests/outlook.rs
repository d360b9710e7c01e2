//! Outlook endpoints whose calls need more than a path, against a real loopback server: a
//! derived object built in code, sent through an endpoint whose body is an `Any*` enum,
//! arrives as that derived type; a query the template requires (calendarView's time
//! range) is sent from the method's arguments.

use graph_client::GraphClient;
use graph_models::{AnyAttachment, FileAttachment, primitives::Base64};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_file_attachment_built_in_code_is_sent_with_its_odata_type_first() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1.0/me/messages/AAMkAGI/attachments"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_raw(r##"{"@odata.type":"#microsoft.graph.fileAttachment","id":"AAMkAGI1","name":"menu.txt"}"##, "application/json"),
        )
        .mount(&server)
        .await;
    let client = GraphClient::builder().base_url(format!("{}/v1.0", server.uri())).static_token("token").build().expect("client");
    let attachment = AnyAttachment::FileAttachment(Box::new(FileAttachment {
        name: Some("menu.txt".into()),
        content_bytes: Some(Base64(b"mac and cheese today".to_vec())),
        ..Default::default()
    }));

    let created = client.me().message("AAMkAGI").attachments().create(&attachment).send().await.expect("created");

    let requests = server.received_requests().await.expect("recorded");
    let sent = String::from_utf8(requests[0].body.clone()).expect("utf-8");
    assert_eq!(sent, r##"{"@odata.type":"#microsoft.graph.fileAttachment","name":"menu.txt","contentBytes":"bWFjIGFuZCBjaGVlc2UgdG9kYXk="}"##);
    let Some(AnyAttachment::FileAttachment(file)) = created else { panic!("not a file attachment: {created:?}") };
    assert_eq!(file.id.as_deref(), Some("AAMkAGI1"));
}

/// calendarView answers only for a time range: the template's `startDateTime` and
/// `endDateTime` are arguments, sent under the template's names and percent-encoded (a
/// `+` offset would otherwise arrive as a space).
#[tokio::test]
async fn a_calendar_view_is_asked_for_the_range_its_arguments_give() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/users/adele/calendar/calendarView"))
        .and(query_param("startDateTime", "2017-01-01T19:00:00+08:00"))
        .and(query_param("endDateTime", "2017-01-07T19:00:00+08:00"))
        .and(query_param("$select", "subject"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"value":[{"id":"AAMkAGI1","subject":"Review"}]}"#, "application/json"))
        .mount(&server)
        .await;
    let client = GraphClient::builder().base_url(format!("{}/v1.0", server.uri())).static_token("token").build().expect("client");

    let page = client
        .user("adele")
        .calendar()
        .calendar_view()
        .list("2017-01-01T19:00:00+08:00", "2017-01-07T19:00:00+08:00")
        .select(&["subject"])
        .send()
        .await
        .expect("the range is sent");

    assert_eq!(page.value[0].subject.as_deref(), Some("Review"));
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests[0].url.query(), Some("startDateTime=2017-01-01T19:00:00%2B08:00&endDateTime=2017-01-07T19:00:00%2B08:00&$select=subject"));
}
