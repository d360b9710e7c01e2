//! Every JSON example in `spec/` with a known model type is deserialised into its
//! generated type and serialised back; the result must equal the example, explicit
//! `null`s aside. Examples the docs get wrong are listed, with the diagnostic code that
//! explains them, in `tests/example-expectations.txt`; a new failure fails the test, and
//! so does a listed one that now passes. `UPDATE_EXPECTATIONS=1` rewrites the list.

#![cfg(all(feature = "full", feature = "round-trip"))]

use std::collections::BTreeSet;
use std::sync::OnceLock;

use codegen::Loaded;
use codegen::ir::{Example, ExampleBody};
use serde_json::Value;

const EXPECTATIONS: &str = "tests/example-expectations.txt";

fn loaded() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| {
        let files = xtask::spec::read_spec(&xtask::spec::default_spec_dir()).expect("spec/ is readable");
        codegen::load(&files)
    })
}

/// The JSON as a comparable value: objects without their `null` members, and numbers
/// by value (JSON does not tell `1` from `1.0`), recursively.
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(map.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), without_nulls(v))).collect()),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        Value::Number(number) => number.as_f64().and_then(serde_json::Number::from_f64).map_or_else(|| value.clone(), Value::Number),
        other => other.clone(),
    }
}

fn body_of<'a>(loaded: &'a Loaded, file: &str, line: u32, is_request: bool) -> Option<&'a Value> {
    let operation = loaded.api.operations.values().find(|op| op.doc_page == file)?;
    let example: &Example = operation.examples.iter().find(|e| {
        if is_request { e.request.as_ref().is_some_and(|r| r.source.line == line) } else { e.response.as_ref().is_some_and(|r| r.source.line == line) }
    })?;
    let body = if is_request { example.request.as_ref()?.body.as_ref()? } else { example.response.as_ref()?.body.as_ref()? };
    match body {
        ExampleBody::Json(value) => Some(value),
        ExampleBody::Text(_) => None,
    }
}

/// The diagnostic code the lint gives inside the example's body, the docs' own verdict.
fn explaining_code(loaded: &Loaded, file: &str, lines: (u32, u32)) -> String {
    loaded
        .diagnostics
        .iter()
        .filter(|d| d.file == file && (lines.0..=lines.1).contains(&d.line))
        .map(|d| d.code.as_str())
        .find(|code| matches!(*code, "wrong-json-type" | "invalid-date-time" | "invalid-enum-value" | "invalid-guid" | "invalid-base64"))
        .unwrap_or("no-diagnostic")
        .to_owned()
}

#[test]
fn every_typed_example_round_trips_or_is_an_expected_docs_error() {
    let loaded = loaded();
    let mut attempted = 0;
    let mut passed = 0;
    let mut failures = BTreeSet::new();
    let mut unknown_types = BTreeSet::new();
    for example in &loaded.typed_examples {
        let body = body_of(loaded, &example.file, example.line, example.is_request).expect("typed example has a JSON body in the IR");
        let item = body.pointer(&example.pointer).expect("pointer into the body");
        let text = item.to_string();
        let Some(result) = graph_models::registry::round_trip_json(&example.type_name, &text) else {
            unknown_types.insert(example.type_name.clone());
            continue;
        };
        attempted += 1;
        let pointer = if example.pointer.is_empty() { "/" } else { example.pointer.as_str() };
        match result {
            Ok(back) if without_nulls(&back) == without_nulls(item) => passed += 1,
            Ok(back) => {
                failures.insert(format!(
                    "{}:{} {pointer} {} round-trip-mismatch",
                    example.file,
                    example.line,
                    explaining_code(loaded, &example.file, example.body_lines)
                ));
                eprintln!("mismatch {}:{} {pointer}\n  docs: {item}\n  back: {back}", example.file, example.line);
            }
            Err(error) => {
                let code = explaining_code(loaded, &example.file, example.body_lines);
                failures.insert(format!("{}:{} {pointer} {code} decode-error", example.file, example.line));
                eprintln!("decode error {}:{} {pointer} ({code}): {error}", example.file, example.line);
            }
        }
    }
    let total = loaded.typed_examples.len();
    println!("typed examples: {attempted} of {total} attempted, {passed} round-trip, {} listed as docs errors", failures.len());
    assert!(unknown_types.is_empty(), "the registry lacks types: {unknown_types:?}");
    assert_eq!(attempted, total, "every typed example must be attempted");

    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(EXPECTATIONS);
    if std::env::var_os("UPDATE_EXPECTATIONS").is_some() {
        let mut text = String::from("# Examples whose JSON disagrees with the docs' own types: `file:line pointer diagnostic-code outcome`.\n");
        text.push_str("# Written by `UPDATE_EXPECTATIONS=1 cargo test -p graph-models --all-features --test examples`; review every change.\n");
        for failure in &failures {
            text.push_str(failure);
            text.push('\n');
        }
        std::fs::write(&path, text).expect("write expectations");
        return;
    }
    let listed: BTreeSet<String> =
        std::fs::read_to_string(&path).expect("expectations file").lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(str::to_owned).collect();
    let new: Vec<&String> = failures.difference(&listed).collect();
    let fixed: Vec<&String> = listed.difference(&failures).collect();
    assert!(new.is_empty() && fixed.is_empty(), "examples changed outcome.\nnew failures: {new:#?}\nnow passing (remove from {EXPECTATIONS}): {fixed:#?}");
}

#[test]
fn seed_examples_decode_into_typed_online_meetings() {
    let loaded = loaded();
    let seed = &loaded.api.operations["application-post-onlinemeetings"];
    let responses: Vec<&Value> = seed
        .examples
        .iter()
        .filter_map(|e| match e.response.as_ref()?.body.as_ref()? {
            ExampleBody::Json(value) => Some(value),
            ExampleBody::Text(_) => None,
        })
        .collect();
    assert_eq!(responses.len(), 2);
    let live: graph_models::OnlineMeeting = serde_json::from_value(responses[1].clone()).expect("live event decodes");
    let broadcast: &graph_models::BroadcastMeetingSettings = live.broadcast_settings.as_deref().expect("broadcastSettings typed");
    assert_eq!(broadcast.is_recording_enabled, Some(true));
    assert_eq!(broadcast.allowed_audience, Some(graph_models::BroadcastMeetingAudience::Organization));
    let lobby: &graph_models::LobbyBypassSettings = live.lobby_bypass_settings.as_deref().expect("lobbyBypassSettings typed");
    assert_eq!(lobby.scope, Some(graph_models::LobbyBypassScope::Organization));
    // Undocumented members stay in the map: nothing is lost.
    assert_eq!(live.additional_properties["autoAdmittedUsers"], "EveryoneInCompany");

    let first: graph_models::OnlineMeeting = serde_json::from_value(responses[0].clone()).expect("meeting decodes");
    assert_eq!(first.subject.as_deref(), Some("User Token Meeting"));
    // The page shows `joinInformation` as a fragment outside the example; decode it too.
    let join: graph_models::OnlineMeeting =
        serde_json::from_str(r#"{"joinInformation": {"content": "data%3Atext%2Fhtml", "contentType": "Html"}}"#).expect("joinInformation decodes");
    let info: &graph_models::ItemBody = join.join_information.as_deref().expect("joinInformation typed");
    assert_eq!(info.content.as_deref(), Some("data%3Atext%2Fhtml"));
    // The docs list `html`; the service's `Html` is kept as sent rather than guessed at.
    assert_eq!(info.content_type.as_ref().map(|t| t.as_str()), Some("Html"));
    assert_eq!(serde_json::to_value(info).unwrap()["contentType"], "Html");
}

/// A response puts `@odata.context` before `@odata.type`; the concrete type is still the
/// one `@odata.type` names, and the annotations before it are kept.
#[test]
fn odata_type_after_other_annotations_still_picks_the_derived_type() {
    let json = r##"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('x')/messages('y')/attachments/$entity", "@odata.etag": "W/\"1\"", "@odata.type": "#microsoft.graph.fileAttachment", "id": "AAMk", "name": "menu.txt", "contentBytes": "bWFjIGFuZCBjaGVlc2UgdG9kYXk="}"##;
    let attachment: graph_models::AnyAttachment = serde_json::from_str(json).expect("decodes");
    let graph_models::AnyAttachment::FileAttachment(file) = &attachment else { panic!("not a fileAttachment: {attachment:?}") };
    assert_eq!(file.name.as_deref(), Some("menu.txt"));
    assert!(file.content_bytes.is_some(), "the derived type's own field is typed");
    assert_eq!(file.odata_type.as_deref(), Some("#microsoft.graph.fileAttachment"));
    let kept: Vec<&str> = file.additional_properties.keys().map(String::as_str).collect();
    assert_eq!(kept, ["@odata.context", "@odata.etag"]);
    assert_eq!(serde_json::to_value(&attachment).unwrap(), serde_json::from_str::<Value>(json).unwrap());
    // A property before `@odata.type` ends the search: the declared type, nothing lost.
    let late = r##"{"@odata.context": "c", "id": "AAMk", "@odata.type": "#microsoft.graph.fileAttachment", "contentBytes": "bWFj"}"##;
    let attachment: graph_models::AnyAttachment = serde_json::from_str(late).expect("decodes");
    let graph_models::AnyAttachment::Attachment(base) = &attachment else { panic!("{attachment:?}") };
    assert_eq!(base.additional_properties["contentBytes"], "bWFj");
    assert_eq!(base.odata_type.as_deref(), Some("#microsoft.graph.fileAttachment"));
    assert_eq!(serde_json::to_value(&attachment).unwrap(), serde_json::from_str::<Value>(late).unwrap());
}

/// A derived object built in code is sent as what it is: its `Any*` enum writes the
/// variant's `@odata.type`, first, as OData asks (the service needs it to create a file
/// attachment rather than the abstract `attachment`). One read from the wire keeps its own
/// text, and the declared type writes none.
#[test]
fn a_derived_variant_built_in_code_is_written_with_its_odata_type_first() {
    use graph_models::{AnyAttachment, Attachment, FileAttachment};
    let built = AnyAttachment::FileAttachment(Box::new(FileAttachment { name: Some("menu.txt".into()), ..Default::default() }));
    assert_eq!(serde_json::to_string(&built).unwrap(), r##"{"@odata.type":"#microsoft.graph.fileAttachment","name":"menu.txt"}"##);
    let read: AnyAttachment = serde_json::from_str(r##"{"name":"menu.txt","@odata.type":"microsoft.graph.fileAttachment"}"##).unwrap();
    assert_eq!(serde_json::to_string(&read).unwrap(), r##"{"@odata.type":"microsoft.graph.fileAttachment","name":"menu.txt"}"##);
    let declared = AnyAttachment::Attachment(Box::new(Attachment { name: Some("menu.txt".into()), ..Default::default() }));
    assert_eq!(serde_json::to_string(&declared).unwrap(), r##"{"name":"menu.txt"}"##);
    // The struct on its own writes only what it holds.
    let file = FileAttachment { name: Some("menu.txt".into()), ..Default::default() };
    assert_eq!(serde_json::to_string(&file).unwrap(), r##"{"name":"menu.txt"}"##);
}

/// A list of a base type (a group's `members`, a message's `attachments`) holds many
/// derived types; what they all share is read without a `match` over every variant,
/// including from the base variant that stands for a type this build does not know.
#[test]
fn properties_of_the_base_type_are_read_through_any_variant() {
    use graph_models::AnyAttachment;
    let json = r##"[
        {"@odata.type": "#microsoft.graph.fileAttachment", "id": "a1", "name": "menu.txt", "size": 7, "contentBytes": "bWFj"},
        {"@odata.type": "#microsoft.graph.itemAttachment", "id": "a2", "name": "Holiday", "isInline": false},
        {"@odata.type": "#microsoft.graph.futureAttachment", "id": "a3", "name": "later", "shape": "round"}
    ]"##;
    let attachments: Vec<AnyAttachment> = serde_json::from_str(json).expect("decodes");
    assert!(matches!(attachments[0], AnyAttachment::FileAttachment(_)));
    assert!(matches!(attachments[1], AnyAttachment::ItemAttachment(_)));
    assert!(matches!(attachments[2], AnyAttachment::Attachment(_)));
    let ids: Vec<Option<&str>> = attachments.iter().map(AnyAttachment::id).collect();
    assert_eq!(ids, [Some("a1"), Some("a2"), Some("a3")]);
    let names: Vec<Option<&str>> = attachments.iter().map(AnyAttachment::name).collect();
    assert_eq!(names, [Some("menu.txt"), Some("Holiday"), Some("later")]);
    assert_eq!(attachments[0].size(), Some(7));
    assert_eq!(attachments[1].is_inline(), Some(false));
    assert_eq!(attachments[1].size(), None);
    assert_eq!(attachments[2].odata_type(), Some("#microsoft.graph.futureAttachment"));
    assert_eq!(attachments[2].additional_properties()["shape"], "round");
    assert!(attachments[0].additional_properties().is_empty(), "contentBytes is a field of the file variant");
}
