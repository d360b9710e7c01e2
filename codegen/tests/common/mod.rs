//! Test support: the committed spec, read once per test binary.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use codegen::{Loaded, SpecFile};

pub fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("spec").join("v1.0")
}

/// Every page under `spec/v1.0/{api,resources}`, as codegen's input.
pub fn spec_files() -> &'static [SpecFile] {
    static FILES: OnceLock<Vec<SpecFile>> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut files = Vec::new();
        for folder in ["api", "resources"] {
            let entries = std::fs::read_dir(spec_dir().join(folder)).expect("spec folder exists");
            for entry in entries {
                let path = entry.expect("listable").path();
                let name = path.file_name().and_then(|n| n.to_str()).expect("utf-8 name").to_owned();
                if name.ends_with(".md") {
                    let text = std::fs::read_to_string(&path).expect("readable page");
                    files.push(SpecFile { path: format!("{folder}/{name}"), text });
                }
            }
        }
        files.sort();
        files
    })
}

#[allow(dead_code, reason = "not every test binary loads the whole spec")]
pub fn loaded_spec() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| codegen::load(spec_files()))
}
