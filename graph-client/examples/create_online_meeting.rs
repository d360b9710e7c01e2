//! Creates an online meeting for the signed-in user and prints its join URL: the seed call.
//!
//! ```sh
//! GRAPH_TOKEN=eyJ0eXAi... cargo run -p graph-client --example create_online_meeting --features cloud-communications
//! ```
//!
//! `GRAPH_BASE_URL` points it elsewhere (a national cloud, or a local test server).

use graph_client::GraphClient;
use graph_models::OnlineMeeting;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("GRAPH_TOKEN").map_err(|_| "set GRAPH_TOKEN to a bearer token with OnlineMeetings.ReadWrite")?;
    let mut builder = GraphClient::builder().static_token(token);
    if let Ok(base_url) = std::env::var("GRAPH_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;

    let request = OnlineMeeting { subject: Some("User Token Meeting".into()), ..Default::default() };
    let meeting = client.me().online_meetings().create(&request).accept_language("en-US").send().await?;
    match meeting.join_web_url {
        Some(url) => println!("{url}"),
        None => println!("created meeting {:?}, but the response has no joinWebUrl", meeting.id),
    }
    Ok(())
}
