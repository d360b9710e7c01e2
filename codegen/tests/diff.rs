//! The semantic API diff: real page versions (the 2021 onlineMeeting pages against their
//! seed-era versions), synthetic pages with one of every kind of change, and the
//! invariants (a spec against itself, renamed pages) on the whole committed spec.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::SpecFile;
use codegen::diff::{ApiDiff, ChangeKind, Impact, diff};
use codegen::ir::Api;
use common::{loaded_spec, spec_files};

fn fixture_dir(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff").join(relative)
}

/// The pages of a fixture folder, as codegen's input; `only` keeps the listed paths.
fn pages(relative: &str, only: Option<&[&str]>) -> Vec<SpecFile> {
    let dir = fixture_dir(relative);
    let mut files = Vec::new();
    for folder in ["api", "resources"] {
        for entry in std::fs::read_dir(dir.join(folder)).expect("fixture folder exists") {
            let path = entry.expect("listable").path();
            let name = path.file_name().and_then(|n| n.to_str()).expect("utf-8 name").to_owned();
            let relative_path = format!("{folder}/{name}");
            if name.ends_with(".md") && only.is_none_or(|only| only.contains(&relative_path.as_str())) {
                files.push(SpecFile { path: relative_path, text: std::fs::read_to_string(&path).expect("readable page") });
            }
        }
    }
    files.sort();
    files
}

fn api(files: &[SpecFile]) -> Api {
    codegen::load(files).api
}

/// The two pages the issue names, in both versions.
const SEED_PAGES: &[&str] = &["api/application-post-onlinemeetings.md", "resources/onlinemeeting.md"];

fn seed_pages_diff() -> ApiDiff {
    diff(&api(&pages("2021", Some(SEED_PAGES))), &api(&pages("seed-era", Some(SEED_PAGES))))
}

fn synthetic_diff() -> ApiDiff {
    diff(&api(&pages("synthetic/old", None)), &api(&pages("synthetic/new", None)))
}

/// `(kind, impact)` of every change, as the JSON output names them.
fn kinds_and_impacts(diff: &ApiDiff) -> BTreeSet<(String, String)> {
    let json: serde_json::Value = serde_json::from_str(&diff.to_json()).expect("the JSON output parses");
    json["changes"]
        .as_array()
        .expect("a list of changes")
        .iter()
        .map(|change| (change["kind"].as_str().unwrap_or_default().to_owned(), change["impact"].as_str().unwrap_or_default().to_owned()))
        .collect()
}

#[test]
fn seed_era_pages_against_2021_as_markdown() {
    insta::assert_snapshot!("seed_era_pages_markdown", seed_pages_diff().to_markdown());
}

#[test]
fn seed_era_pages_against_2021_as_json() {
    insta::assert_snapshot!("seed_era_pages_json", seed_pages_diff().to_json());
}

/// Between 2021 and the seed era the two pages only grew: new settings, new enums.
#[test]
fn seed_era_pages_extend_the_2021_api_without_breaking_it() {
    let found = seed_pages_diff();
    assert!(!found.has_breaking(), "{}", found.to_human());
    let expected = [
        ChangeKind::PropertyAdded {
            type_name: "microsoft.graph.onlineMeeting".into(),
            property: "allowMeetingChat".into(),
            property_type: "microsoft.graph.meetingChatMode".into(),
        },
        ChangeKind::EnumAdded { enum_name: "microsoft.graph.meetingChatMode".into() },
    ];
    for kind in expected {
        assert!(found.changes.iter().any(|c| c.kind == kind && c.workload == "cloud-communications"), "missing {kind:?} in\n{}", found.to_human());
    }
    // The operation's paths, body, response and permissions are the same in both versions.
    assert!(found.changes.iter().all(|c| !c.kind.sentence().starts_with("operation")), "{}", found.to_human());
}

/// The whole onlineMeeting family: new settings types, new enum members, and `identity`
/// moving from the catch-all workload to `files`.
#[test]
fn seed_era_family_against_2021() {
    let found = diff(&api(&pages("2021", None)), &api(&pages("seed-era", None)));
    insta::assert_snapshot!("seed_era_family_human", found.to_human());
    let moved = ChangeKind::TypeWorkloadChanged { type_name: "microsoft.graph.identity".into(), old: "non-product-specific".into(), new: "files".into() };
    assert!(found.changes.iter().any(|c| c.kind == moved && c.impact == Impact::Breaking), "{}", found.to_human());
    for member in ["producer", "coorganizer"] {
        let added = ChangeKind::EnumMemberAdded { enum_name: "microsoft.graph.onlineMeetingRole".into(), member: member.into() };
        assert!(found.changes.iter().any(|c| c.kind == added && c.impact == Impact::Additive), "{member} not reported");
    }
}

#[test]
fn synthetic_changes_as_human_listing() {
    insta::assert_snapshot!("synthetic_human", synthetic_diff().to_human());
}

#[test]
fn synthetic_changes_as_markdown() {
    insta::assert_snapshot!("synthetic_markdown", synthetic_diff().to_markdown());
}

/// The README's rules table and the code agree: the synthetic fixtures produce every
/// `(kind, impact)` row of the table, and nothing the table does not list.
#[test]
fn every_kind_of_change_is_classified_as_the_readme_says() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md")).expect("README.md");
    let section = readme.split("## Semantic diff").nth(1).expect("README has a \"Semantic diff\" section").split("\n## ").next().unwrap_or_default();
    let documented: BTreeSet<(String, String)> = section
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.trim().strip_prefix('|')?.split('|').map(str::trim).collect();
            let kind = cells.first()?.strip_prefix('`')?.split('`').next()?;
            Some((kind.to_owned(), (*cells.get(1)?).to_owned()))
        })
        .collect();
    assert!(documented.len() >= 26, "the README's rules table has only {} rows: {documented:?}", documented.len());
    let found = kinds_and_impacts(&synthetic_diff());
    let undocumented: Vec<_> = found.difference(&documented).collect();
    let unexercised: Vec<_> = documented.difference(&found).collect();
    assert!(undocumented.is_empty(), "changes the README's rules table does not list: {undocumented:?}");
    assert!(unexercised.is_empty(), "README rows the synthetic fixtures do not produce: {unexercised:?}");
}

/// `notes` moved from `widget` to its base type `item`: the generated `Widget` struct still
/// has the field, so only `item` gains a property.
#[test]
fn a_property_moved_to_its_base_type_is_reported_only_on_the_base() {
    let found = synthetic_diff();
    let about_notes: Vec<&ChangeKind> = found
        .changes
        .iter()
        .map(|c| &c.kind)
        .filter(|k| matches!(k, ChangeKind::PropertyAdded { property, .. } | ChangeKind::PropertyRemoved { property, .. } if property == "notes"))
        .collect();
    assert_eq!(
        about_notes,
        [&ChangeKind::PropertyAdded { type_name: "microsoft.graph.item".into(), property: "notes".into(), property_type: "Edm.String".into() }]
    );
}

/// `api/widget-list.md` became `api/list-widgets.md` with the same text.
#[test]
fn a_renamed_page_reports_nothing() {
    let found = synthetic_diff();
    let about_list: Vec<String> =
        found.changes.iter().map(|c| c.kind.sentence()).filter(|s| s.contains("List widgets") || s.contains("`GET /widgets`")).collect();
    assert!(about_list.is_empty(), "{about_list:?}");
}

/// Going back undoes every change: what was added is removed and the reverse.
#[test]
fn diffing_backwards_swaps_added_and_removed() {
    let old = api(&pages("synthetic/old", None));
    let new = api(&pages("synthetic/new", None));
    let (forward, backward) = (diff(&old, &new), diff(&new, &old));
    assert_eq!(forward.changes.len(), backward.changes.len(), "forward:\n{}backward:\n{}", forward.to_human(), backward.to_human());
    for change in &forward.changes {
        let reversed = match &change.kind {
            ChangeKind::TypeAdded { type_name } => ChangeKind::TypeRemoved { type_name: type_name.clone() },
            ChangeKind::EnumMemberRemoved { enum_name, member } => ChangeKind::EnumMemberAdded { enum_name: enum_name.clone(), member: member.clone() },
            ChangeKind::PathAdded { path, .. } => {
                assert!(
                    backward.changes.iter().any(|c| matches!(&c.kind, ChangeKind::PathRemoved { path: p, .. } if p == path)),
                    "{path} not removed backwards"
                );
                continue;
            }
            _ => continue,
        };
        assert!(backward.changes.iter().any(|c| c.kind == reversed), "{reversed:?} missing backwards");
    }
}

#[test]
fn a_spec_diffed_against_itself_reports_nothing() {
    let api = &loaded_spec().api;
    let found = diff(api, api);
    assert!(found.is_empty(), "{}", found.to_human());
    assert_eq!(found.to_human(), "no API changes\n");
    assert_eq!(found.to_markdown(), "## API changes\n\nNo changes.\n");
}

/// Operation ids come from API page file names and links may name resource pages; the
/// diff depends on neither. (Renaming every resource page would leave the links other
/// pages make to them dangling, which does change what the docs say.)
#[test]
fn renaming_pages_of_the_spec_reports_nothing() {
    let renamed: Vec<SpecFile> = spec_files()
        .iter()
        .map(|file| {
            let path = match file.path.as_str() {
                "resources/onlinemeeting.md" => "resources/online-meeting-resource.md".to_owned(),
                other => other.strip_prefix("api/").map_or_else(|| other.to_owned(), |name| format!("api/renamed-{name}")),
            };
            SpecFile { path, text: file.text.clone() }
        })
        .collect();
    let renamed_api = api(&renamed);
    assert!(renamed_api.operations.keys().all(|id| id.starts_with("renamed-")), "the renaming left operation ids unchanged");
    assert_eq!(renamed_api.types["microsoft.graph.onlineMeeting"].doc_page, "resources/online-meeting-resource.md");
    let found = diff(&loaded_spec().api, &renamed_api);
    assert!(found.is_empty(), "{}", found.to_human());
}
