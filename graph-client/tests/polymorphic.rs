//! A derived object built in code, sent through a generated endpoint whose body is an
//! `Any*` enum, arrives at a real loopback server as that derived type.

use graph_client::GraphClient;
use graph_models::{AnyAttachment, FileAttachment, primitives::Base64};
use wiremock::matchers::{method, path};
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
