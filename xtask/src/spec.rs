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
    // `includes/permissions/` holds the permissions tables that newer pages include; it is
    // read when a spec folder has it (the reference's own layout), and is not a page folder.
    let includes = codegen::parse::Includes::FOLDER.trim_end_matches('/');
    for folder in ["api", "resources", includes] {
        let folder_path = dir.join(folder);
        let Ok(entries) = std::fs::read_dir(&folder_path) else { continue };
        found_folder |= folder != includes;
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

#[cfg(test)]
mod tests {
    #[test]
    fn a_spec_folder_with_included_permissions_tables_has_them_read() {
        // The newer reference's layout: the page includes `includes/permissions/x.md`.
        let dir = std::env::temp_dir().join(format!("xtask-spec-includes-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("api")).expect("api folder");
        std::fs::create_dir_all(dir.join("includes/permissions")).expect("includes folder");
        let page = "---\ntitle: \"Delete chat\"\n---\n# Delete chat\n\n## Permissions\n\n[!INCLUDE [permissions-table](../includes/permissions/chat-delete-permissions.md)]\n\n## HTTP request\n\n```http\nDELETE /chats/{chat-id}\n```\n";
        let table = "---\nms.topic: include\n---\n\n|Permission type|Least privileged permissions|Higher privileged permissions|\n|:---|:---|:---|\n|Application|Chat.Delete.All|Not available.|\n";
        std::fs::write(dir.join("api/chat-delete.md"), page).expect("page");
        std::fs::write(dir.join("includes/permissions/chat-delete-permissions.md"), table).expect("include");
        let files = super::read_spec(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        let files = files.expect("readable");
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["api/chat-delete.md", "includes/permissions/chat-delete-permissions.md"]);
        let loaded = codegen::load(&files);
        assert_eq!(loaded.summary.pages, 1, "an included file is not a page");
        let operation = loaded.api.operations.values().next().expect("one operation");
        assert_eq!(operation.permissions.application.as_deref(), Some(&["Chat.Delete.All".to_owned()][..]));
        assert!(loaded.diagnostics.iter().all(|d| d.code != codegen::Code::PermissionsInInclude), "{:?}", loaded.diagnostics);
    }
}
