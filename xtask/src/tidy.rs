//! Repository-wide checks that run as tests: every Rust file says what it is for.

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if path.is_dir() {
                if !matches!(name, "target" | ".git" | "spec") {
                    rust_files(&path, found);
                }
            } else if name.ends_with(".rs") {
                found.push(path);
            }
        }
    }

    /// Hand-written files open with a `//!` line; generated ones with the `@generated`
    /// header and then a `//!` line.
    #[test]
    fn every_rust_file_opens_with_a_module_doc() {
        let root = xtask::spec::workspace_root();
        let mut files = Vec::new();
        rust_files(&root, &mut files);
        assert!(files.len() > 10, "found only {} Rust files under {}", files.len(), root.display());
        let mut missing = Vec::new();
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let mut lines = text.lines();
            let first = lines.next().unwrap_or_default();
            let documented = first.starts_with("//!") || (first.starts_with("// @generated") && lines.next().is_some_and(|l| l.starts_with("//!")));
            if !documented {
                missing.push(path.strip_prefix(&root).unwrap_or(&path).display().to_string());
            }
        }
        assert!(missing.is_empty(), "files without a leading `//!` line: {missing:?}");
    }
}
