//! The whole committed spec through parse and resolve: coverage figures, the seed page's
//! IR and lint output as snapshots, and determinism.

mod common;

use std::collections::BTreeMap;

use codegen::ir::{TypeDef, TypeRefKind};
use codegen::{Code, Severity, parse};
use common::{loaded_spec, spec_files};

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 { 100.0 } else { part as f64 * 100.0 / whole as f64 }
}

#[test]
fn api_pages_yield_operations_with_method_and_path() {
    let loaded = loaded_spec();
    let api_pages = spec_files().iter().filter(|f| f.path.starts_with("api/")).count();
    let with_path = loaded.api.operations.values().filter(|op| !op.method.is_empty() && !op.paths.is_empty()).count();
    let share = percent(with_path, api_pages);
    println!("API pages with an operation (method + path): {with_path} of {api_pages} ({share:.2}%)");
    assert!(share >= 99.0, "only {share:.2}% of API pages yield an operation");
}

/// A type page is a resource page that defines a type (by a `resource` annotation or a
/// property table) and whose docs list at least one property, in a table row or a JSON
/// member; it must yield that type with at least one property, own or inherited. Types
/// the docs describe as having no properties ("Properties: None.") are counted apart.
#[test]
fn type_pages_yield_types_with_properties() {
    let api = &loaded_spec().api;
    let (mut type_pages, mut property_less) = (0, Vec::new());
    let mut without = Vec::new();
    for file in spec_files().iter().filter(|f| f.path.starts_with("resources/")) {
        let (page, _) = parse::parse_page(&file.path, &file.text, parse::Folder::Resources);
        let parse::PageBody::Resource(resource) = &page.body else { continue };
        if resource.types.is_empty() {
            continue;
        }
        if !lists_properties(&file.text) {
            property_less.push(file.path.as_str());
            continue;
        }
        type_pages += 1;
        let has_properties = resource.types.iter().any(|raw| {
            let full = if raw.name.contains('.') { raw.name.clone() } else { format!("{}.{}", page.namespace, raw.name) };
            api.types.keys().find(|k| k.eq_ignore_ascii_case(&full)).is_some_and(|name| has_any_property(api, name))
        });
        if !has_properties {
            without.push(file.path.as_str());
        }
    }
    let yielding = type_pages - without.len();
    let share = percent(yielding, type_pages);
    println!("type pages yielding a type with properties: {yielding} of {type_pages} ({share:.2}%); failing: {without:?}");
    println!("pages of types the docs give no properties: {} {property_less:?}", property_less.len());
    assert!(share >= 99.0, "only {share:.2}% of type pages yield a type with properties: {without:?}");
}

/// Whether the text lists a property: a data row in a table under "Properties" or
/// "Relationships", or a
/// non-annotation member in the JSON representation. Deliberately independent of the parser.
fn lists_properties(text: &str) -> bool {
    let table_rows = ["## Properties", "## Relationships"].iter().any(|heading| {
        let section = text.split(heading).nth(1).map(|rest| rest.split("\n## ").next().unwrap_or(""));
        section.is_some_and(|section| section.lines().filter(|l| l.trim_start().starts_with('|') && l.contains(char::is_alphabetic)).count() > 1)
    });
    let json_members = text
        .split("\"blockType\": \"resource\"")
        .nth(1)
        .and_then(|rest| rest.split("```").nth(1))
        .is_some_and(|json| json.lines().any(|line| line.contains("\":") && !line.trim_start().starts_with("\"@")));
    table_rows || json_members
}

fn has_any_property(api: &codegen::ir::Api, name: &str) -> bool {
    let mut current = api.types.get(name);
    let mut steps = 0;
    while let Some(def) = current {
        if !def.properties.is_empty() {
            return true;
        }
        steps += 1;
        current = def.base_type.as_deref().and_then(|base| api.types.get(base)).filter(|_| steps < 32);
    }
    false
}

#[test]
fn every_property_is_resolved_or_diagnosed() {
    let loaded = loaded_spec();
    let diagnosed: Vec<(&str, u32)> = loaded.diagnostics.iter().filter(|d| d.code == Code::UnknownType).map(|d| (d.file.as_str(), d.line)).collect();
    let mut untyped = 0;
    for def in loaded.api.types.values() {
        for property in &def.properties {
            if property.type_ref.kind == TypeRefKind::Untyped {
                untyped += 1;
                assert!(
                    diagnosed.contains(&(property.source.file.as_str(), property.source.line)),
                    "{}.{} is untyped without a diagnostic",
                    def.name,
                    property.name
                );
            } else {
                assert!(
                    property.type_ref.name.starts_with("Edm.") || property.type_ref.name.contains('.'),
                    "{}.{} has a bare type name",
                    def.name,
                    property.name
                );
            }
        }
    }
    let total: usize = loaded.api.types.values().map(|t| t.properties.len()).sum();
    println!("properties: {total}, resolved {}, untyped with a diagnostic {untyped}", total - untyped);
}

#[test]
fn json_examples_parse() {
    let summary = &loaded_spec().summary;
    let share = percent(summary.examples_parsed, summary.examples);
    println!("JSON examples parsed: {} of {} ({share:.2}%); checked against a type: {}", summary.examples_parsed, summary.examples, summary.examples_checked);
    assert!(share >= 97.0, "only {share:.2}% of JSON examples parse");
}

#[test]
fn corpus_diagnostics_by_code() {
    let summary = &loaded_spec().summary;
    let mut by_code: Vec<_> = summary.diagnostics_by_code.iter().collect();
    by_code.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (code, count) in &by_code {
        println!("{count:>6}  {code}");
    }
    // Every code reported is a documented one, so renaming a code is a visible change.
    for (code, _) in by_code {
        assert!(Code::ALL.iter().any(|c| c.as_str() == code), "undocumented code {code}");
    }
}

#[test]
fn output_is_deterministic_whatever_the_input_order() {
    let mut reversed = spec_files().to_vec();
    reversed.reverse();
    let again = codegen::load(&reversed);
    let first = serde_json::to_string(&loaded_spec().api).unwrap();
    let second = serde_json::to_string(&again.api).unwrap();
    assert!(first == second, "IR differs between runs");
    assert_eq!(loaded_spec().diagnostics, again.diagnostics);
}

const SEED_PAGE: &str = "api/application-post-onlinemeetings.md";

#[test]
fn seed_operation_ir() {
    let operation = &loaded_spec().api.operations["application-post-onlinemeetings"];
    insta::assert_json_snapshot!("seed_operation", operation);
}

/// The onlineMeeting type family and the enums its properties use.
#[test]
fn online_meeting_family_ir() {
    let api = &loaded_spec().api;
    let family = [
        "onlineMeeting",
        "audioConferencing",
        "broadcastMeetingSettings",
        "broadcastMeetingCaptionSettings",
        "chatInfo",
        "identity",
        "identitySet",
        "itemBody",
        "joinMeetingIdSettings",
        "lobbyBypassSettings",
        "meetingParticipantInfo",
        "meetingParticipants",
        "watermarkProtectionValues",
    ];
    let types: BTreeMap<&str, &TypeDef> = family.iter().map(|name| (*name, &api.types[&format!("microsoft.graph.{name}")])).collect();
    let enums: BTreeMap<&str, _> = types
        .values()
        .flat_map(|t| &t.properties)
        .filter(|p| p.type_ref.kind == TypeRefKind::Enum)
        .map(|p| (p.type_ref.name.as_str(), &api.enums[&p.type_ref.name]))
        .collect();
    insta::assert_json_snapshot!("online_meeting_family", serde_json::json!({ "types": types, "enums": enums }));
}

#[test]
fn seed_page_lint() {
    let loaded = loaded_spec();
    let text = &spec_files().iter().find(|f| f.path == SEED_PAGE).unwrap().text;
    let rendered: String = loaded.diagnostics.iter().filter(|d| d.file == SEED_PAGE).map(|d| d.render(Some(text))).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!("seed_page_lint", rendered);
}

#[test]
fn seed_examples_report_the_documented_mistakes() {
    let loaded = loaded_spec();
    let unknown: Vec<&str> =
        loaded.diagnostics.iter().filter(|d| d.file == SEED_PAGE && d.code == Code::UnknownPropertyInExample).map(|d| d.message.as_str()).collect();
    for property in ["`ConferenceId`", "`autoAdmittedUsers`", "`producers`"] {
        assert!(unknown.iter().any(|m| m.starts_with(property)), "{property} not reported: {unknown:?}");
    }
    assert!(!loaded.diagnostics.iter().any(|d| d.file == SEED_PAGE && d.severity == Severity::Error));
}

/// How the onlineMeeting family is rendered as Rust.
#[test]
fn online_meeting_family_code() {
    let names = [
        "microsoft.graph.onlineMeeting",
        "microsoft.graph.broadcastMeetingSettings",
        "microsoft.graph.meetingParticipantInfo",
        "microsoft.graph.broadcastMeetingAudience",
        "microsoft.graph.onlineMeetingRole",
        "microsoft.graph.onlineMeetingPresenters",
        "microsoft.graph.meetingChatMode",
    ];
    let code = codegen::emit::models::render_items(&loaded_spec().api, &names).expect("renders");
    insta::assert_snapshot!("online_meeting_family_code", code);
}

/// The API surface per workload: any docs change that alters it shows up here.
#[test]
fn corpus_summary() {
    let loaded = loaded_spec();
    let api = &loaded.api;
    let mut workloads = BTreeMap::new();
    for (id, workload) in &api.workloads {
        let properties: usize = workload.types.iter().map(|t| api.types[t].properties.len()).sum();
        let examples: usize = workload.operations.iter().map(|o| api.operations[o].examples.len()).sum();
        workloads.insert(
            id.as_str(),
            serde_json::json!({
                "types": workload.types.len(),
                "properties": properties,
                "enums": workload.enums.len(),
                "operations": workload.operations.len(),
                "examples": examples,
            }),
        );
    }
    let summary = serde_json::json!({
        "workloads": workloads,
        "diagnostics_by_code": loaded.summary.diagnostics_by_code,
        "typed_examples": loaded.typed_examples.len(),
    });
    insta::assert_json_snapshot!("corpus_summary", summary);
}
