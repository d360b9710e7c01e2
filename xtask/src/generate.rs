//! `cargo xtask codegen [--check] [--spec DIR]`: regenerates every generated file and, in check mode,
//! reports stale, missing and orphaned files with a unified diff instead of writing,
//! after what the spec's changes since `HEAD` do to the API (`crate::diff`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use xtask::spec;

use crate::diff;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// What one run found, per file (relative to the workspace root).
#[derive(Debug, Default)]
pub struct Outcome {
    pub written: Vec<String>,
    pub stale: Vec<(String, String)>,
    pub missing: Vec<String>,
    pub orphaned: Vec<String>,
    pub removed: Vec<String>,
    /// Check mode: what the spec's changes since `HEAD` do to the API.
    pub spec_changes: Option<diff::SpecChanges>,
}

impl Outcome {
    pub fn is_clean(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.orphaned.is_empty()
    }
}

/// Every generated file from the spec in `spec_dir`, keyed by path relative to the
/// workspace root.
pub fn generate(spec_dir: &Path) -> Result<BTreeMap<String, String>, String> {
    let files = spec::read_spec(spec_dir)?;
    let loaded = codegen::load(&files);
    let mut outputs = BTreeMap::new();
    outputs.insert("codegen/ir.schema.json".to_owned(), codegen::ir_schema_json());
    for file in codegen::emit::models::generate(&loaded.api)?.into_iter().chain(codegen::emit::client::generate(&loaded.api)?) {
        outputs.insert(file.path, file.text);
    }
    Ok(outputs)
}

/// Folders owned by the generator: any file in them that it did not produce is orphaned.
const GENERATED_DIRS: &[&str] = &[codegen::emit::models::GENERATED_DIR, codegen::emit::client::GENERATED_DIR, "graph-client/tests/generated"];

pub fn run(root: &Path, spec_dir: &Path, mode: Mode) -> Result<Outcome, String> {
    let outputs = generate(spec_dir)?;
    let mut outcome = Outcome::default();
    for (relative, text) in &outputs {
        ensure_file_contents(root, relative, text, mode, &mut outcome)?;
    }
    for dir in GENERATED_DIRS {
        for existing in list_files(&root.join(dir)) {
            let relative = existing.strip_prefix(root).unwrap_or(&existing).to_string_lossy().replace('\\', "/");
            if outputs.contains_key(&relative) {
                continue;
            }
            match mode {
                Mode::Check => outcome.orphaned.push(relative),
                Mode::Write => {
                    std::fs::remove_file(&existing).map_err(|e| format!("cannot remove {relative}: {e}"))?;
                    outcome.removed.push(relative);
                }
            }
        }
    }
    if mode == Mode::Check {
        outcome.spec_changes = Some(diff::spec_changes_since_head(root, spec_dir));
    }
    Ok(outcome)
}

/// The one way generated text reaches the disk: written only when it differs.
pub fn ensure_file_contents(root: &Path, relative: &str, text: &str, mode: Mode, outcome: &mut Outcome) -> Result<(), String> {
    let path = root.join(relative);
    let current = std::fs::read_to_string(&path).ok();
    if current.as_deref() == Some(text) {
        return Ok(());
    }
    match mode {
        Mode::Check => match current {
            Some(old) => outcome.stale.push((relative.to_owned(), unified_diff(relative, &old, text))),
            None => outcome.missing.push(relative.to_owned()),
        },
        Mode::Write => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            std::fs::write(&path, text).map_err(|e| format!("cannot write {relative}: {e}"))?;
            outcome.written.push(relative.to_owned());
        }
    }
    Ok(())
}

fn unified_diff(relative: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new).unified_diff().context_radius(3).header(&format!("a/{relative}"), &format!("b/{relative}")).to_string()
}

fn list_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Prints what a run did or found; returns whether check mode found drift.
pub fn report(outcome: &Outcome, mode: Mode) -> bool {
    match mode {
        Mode::Write => {
            for path in &outcome.written {
                println!("wrote {path}");
            }
            for path in &outcome.removed {
                println!("removed {path}");
            }
            if outcome.written.is_empty() && outcome.removed.is_empty() {
                println!("generated files are up to date");
            }
            true
        }
        Mode::Check => {
            match &outcome.spec_changes {
                Some(diff::SpecChanges::Changed(found)) => print!("API changes since HEAD's spec/v1.0:\n{}", found.to_human()),
                Some(diff::SpecChanges::Unavailable(reason)) => println!("no semantic diff against HEAD: {reason}"),
                Some(diff::SpecChanges::Unchanged) | None => {}
            }
            for (_, diff) in &outcome.stale {
                print!("{diff}");
            }
            for path in &outcome.missing {
                println!("missing: {path}");
            }
            for path in &outcome.orphaned {
                println!("orphaned: {path}");
            }
            if outcome.is_clean() {
                println!("generated files are up to date");
                true
            } else {
                eprintln!("generated files are stale: run `cargo xtask codegen` and commit the result");
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain `cargo test` catches generated files that no longer match `spec/`.
    #[test]
    fn generated_files_are_up_to_date() {
        let outcome = run(&spec::workspace_root(), &spec::default_spec_dir(), Mode::Check).expect("codegen runs");
        let stale: Vec<&str> = outcome.stale.iter().map(|(path, _)| path.as_str()).collect();
        assert!(
            outcome.is_clean(),
            "run `cargo xtask codegen`: stale {stale:?}, missing {:?}, orphaned {:?}\n{}",
            outcome.missing,
            outcome.orphaned,
            outcome.stale.iter().map(|(_, d)| d.as_str()).collect::<String>()
        );
    }
}
