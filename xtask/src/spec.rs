//! Reading a spec folder from disk into the `(path, text)` pairs codegen takes.

use std::path::{Path, PathBuf};

use codegen::SpecFile;

/// The workspace root (xtask lives one level below it).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

pub fn default_spec_dir() -> PathBuf {
    workspace_root().join("spec").join("v1.0")
}

/// Reads `api/*.md` and `resources/*.md` under `dir`, sorted by path.
pub fn read_spec(dir: &Path) -> Result<Vec<SpecFile>, String> {
    let mut files = Vec::new();
    let mut found_folder = false;
    for folder in ["api", "resources"] {
        let folder_path = dir.join(folder);
        let Ok(entries) = std::fs::read_dir(&folder_path) else { continue };
        found_folder = true;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot list {}: {e}", folder_path.display()))?;
            let path = entry.path();
            if path.extension().is_none_or(|ext| ext != "md") || !path.is_file() {
                continue;
            }
            let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            // Invalid UTF-8 is kept (replaced) rather than dropping the page.
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            files.push(SpecFile { path: format!("{folder}/{name}"), text });
        }
    }
    if !found_folder {
        return Err(format!("{} has neither an `api/` nor a `resources/` folder", dir.display()));
    }
    files.sort();
    Ok(files)
}
