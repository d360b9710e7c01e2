//! `cargo xtask diff`: the semantic API diff between two specs, each a folder or a git
//! revision of this repository; and the summary of spec changes since `HEAD` that
//! `cargo xtask codegen --check` prints.

use std::io::{BufReader, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};

use codegen::SpecFile;
use codegen::diff::ApiDiff;
use xtask::spec;

/// Where a revision keeps the spec that `codegen` reads, relative to the repository root.
const SPEC_IN_REPOSITORY: &str = "spec/v1.0";

/// Both sides loaded and compared. A side is a folder when one exists at that path
/// (relative to the current directory), else a git revision; `None` is the working
/// tree's `spec/v1.0`.
pub fn compare(root: &Path, old: &str, new: Option<&str>) -> Result<ApiDiff, String> {
    let old_files = read_side(root, old)?;
    let new_files = match new {
        Some(side) => read_side(root, side)?,
        None => spec::read_spec(&spec::default_spec_dir())?,
    };
    Ok(codegen::diff::diff(&codegen::load(&old_files).api, &codegen::load(&new_files).api))
}

fn read_side(root: &Path, side: &str) -> Result<Vec<SpecFile>, String> {
    let path = Path::new(side);
    if path.is_dir() { spec::read_spec(path) } else { read_revision(root, side).map_err(|e| format!("`{side}` is not a folder, and as a git revision: {e}")) }
}

/// The pages of `spec/v1.0` at a revision, with the paths `read_spec` gives for a folder
/// (`api/user-get.md`): only `.md` files directly under `api/` and `resources/`.
pub fn read_revision(root: &Path, revision: &str) -> Result<Vec<SpecFile>, String> {
    if revision.starts_with('-') || revision.trim().is_empty() {
        return Err(format!("`{revision}` is not a revision"));
    }
    // `-z` entries: `<mode> <type> <object id>\t<path>`, NUL-terminated, paths unquoted.
    let listing = git(root, &["ls-tree", "-r", "-z", revision, "--", SPEC_IN_REPOSITORY])?;
    let mut pages: Vec<(String, String)> = Vec::new();
    for entry in listing.split(|byte| *byte == 0).filter(|entry| !entry.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else { continue };
        let mut fields = meta.split_whitespace();
        let (Some(_mode), Some("blob"), Some(object)) = (fields.next(), fields.next(), fields.next()) else { continue };
        let Some(relative) = path.strip_prefix(SPEC_IN_REPOSITORY).and_then(|rest| rest.strip_prefix('/')) else { continue };
        let is_page =
            relative.split_once('/').is_some_and(|(folder, name)| matches!(folder, "api" | "resources") && name.ends_with(".md") && !name.contains('/'));
        if is_page {
            pages.push((relative.to_owned(), object.to_owned()));
        }
    }
    if pages.is_empty() {
        return Err(format!("revision `{revision}` has no pages under {SPEC_IN_REPOSITORY}/api or {SPEC_IN_REPOSITORY}/resources"));
    }
    let objects: Vec<&str> = pages.iter().map(|(_, object)| object.as_str()).collect();
    let blobs = read_blobs(root, &objects)?;
    let mut files: Vec<SpecFile> = pages
        .into_iter()
        .zip(blobs)
        // Invalid UTF-8 is kept (replaced), as `read_spec` does.
        .map(|((path, _), bytes)| SpecFile { path, text: String::from_utf8_lossy(&bytes).into_owned() })
        .collect();
    files.sort();
    Ok(files)
}

/// Object contents in request order, through one `git cat-file --batch` process (one
/// `git show` per page would start thousands of processes).
fn read_blobs(root: &Path, objects: &[&str]) -> Result<Vec<Vec<u8>>, String> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return Err("git cat-file: no pipes".to_owned());
    };
    let request: String = objects.iter().map(|object| format!("{object}\n")).collect();
    // Written from another thread: writing every request before reading would block
    // once git's output fills the pipe. Closing stdin ends the batch.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut reader = BufReader::new(stdout);
    let read = objects.iter().map(|object| read_batch_entry(&mut reader, object)).collect::<Result<Vec<_>, String>>();
    if read.is_err() {
        let _ = child.kill();
    }
    drop(reader);
    let written = writer.join().map_err(|_| "git cat-file: the writer thread panicked".to_owned())?;
    let status = child.wait().map_err(|e| format!("git cat-file: {e}"))?;
    let blobs = read?;
    written.map_err(|e| format!("git cat-file: cannot send object ids: {e}"))?;
    if !status.success() {
        return Err(format!("git cat-file failed ({status})"));
    }
    Ok(blobs)
}

/// One `<object id> blob <size>\n<content>\n` reply.
fn read_batch_entry(reader: &mut impl std::io::BufRead, object: &str) -> Result<Vec<u8>, String> {
    let mut header = String::new();
    reader.read_line(&mut header).map_err(|e| format!("git cat-file: {e}"))?;
    let mut fields = header.split_whitespace();
    let size = match (fields.next(), fields.next(), fields.next()) {
        (Some(_), Some("blob"), Some(size)) => size.parse::<usize>().map_err(|_| format!("git cat-file: bad size in `{}`", header.trim()))?,
        _ => return Err(format!("git cat-file: unexpected reply `{}` for {object}", header.trim())),
    };
    let mut content = vec![0; size + 1];
    reader.read_exact(&mut content).map_err(|e| format!("git cat-file: {e}"))?;
    content.pop();
    Ok(content)
}

/// Runs git in the repository; its stdout, or its first stderr line as the error.
fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git").arg("-C").arg(root).args(args).output().map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        return Ok(output.stdout);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let reason = stderr.lines().find(|line| !line.trim().is_empty()).unwrap_or("no message").trim().to_owned();
    Err(format!("git {} failed: {reason}", args.first().copied().unwrap_or_default()))
}

/// What `codegen --check` reports about the spec's API since the last commit.
#[derive(Debug)]
pub enum SpecChanges {
    Unchanged,
    Changed(ApiDiff),
    /// No git, not a checkout, no spec at `HEAD`: why, in one line.
    Unavailable(String),
}

/// Compares `HEAD`'s `spec/v1.0` with `spec_dir`: the working tree's, or another folder
/// given to `codegen --spec`. For the working tree, `git status` decides first whether
/// the spec changed at all, so a clean checkout (CI) pays for no second load.
pub fn spec_changes_since_head(root: &Path, spec_dir: &Path) -> SpecChanges {
    let in_repository = same_folder(spec_dir, &root.join(SPEC_IN_REPOSITORY));
    if in_repository {
        let status = match git(root, &["status", "--porcelain", "--untracked-files=all", "--", SPEC_IN_REPOSITORY]) {
            Ok(status) => status,
            Err(reason) => return SpecChanges::Unavailable(reason),
        };
        if status.iter().all(u8::is_ascii_whitespace) {
            return SpecChanges::Unchanged;
        }
    }
    let head = match read_revision(root, "HEAD") {
        Ok(files) => files,
        Err(reason) => return SpecChanges::Unavailable(reason),
    };
    let working = match spec::read_spec(spec_dir) {
        Ok(files) => files,
        Err(reason) => return SpecChanges::Unavailable(reason),
    };
    let found = codegen::diff::diff(&codegen::load(&head).api, &codegen::load(&working).api);
    if found.is_empty() { SpecChanges::Unchanged } else { SpecChanges::Changed(found) }
}

/// Whether two paths name one folder (`spec/v1.0` and `./spec/v1.0/`, or a link to it).
fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading `HEAD` gives the same kind of input as reading a folder. Skipped (with a
    /// message) where there is no git or no checkout.
    #[test]
    fn head_spec_reads_like_a_spec_folder() {
        let root = spec::workspace_root();
        let files = match read_revision(&root, "HEAD") {
            Ok(files) => files,
            Err(reason) => {
                eprintln!("skipped: {reason}");
                return;
            }
        };
        assert!(files.len() > 3000, "only {} pages at HEAD", files.len());
        assert!(files.windows(2).all(|pair| pair[0].path < pair[1].path), "not sorted");
        for file in &files {
            assert!(codegen::folder_of(&file.path).is_some(), "{} is not a page path", file.path);
        }
        let seed = files.iter().find(|f| f.path == "api/application-post-onlinemeetings.md").expect("the seed page is committed");
        assert!(seed.text.starts_with("---\ntitle: \"Create onlineMeeting\""), "{}", &seed.text[..60.min(seed.text.len())]);
    }

    /// A fresh folder under the system temp dir, removed when dropped.
    struct Scratch(std::path::PathBuf);

    impl Scratch {
        fn new(name: &str) -> Self {
            let dir = std::env::temp_dir().join(format!("xtask-diff-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).expect("temp dir");
            Scratch(dir)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// Replaces `root/spec/v1.0` with the synthetic fixture pages of `side` (`old`/`new`).
    fn put_synthetic_spec(root: &Path, side: &str) {
        let target = root.join(SPEC_IN_REPOSITORY);
        let _ = std::fs::remove_dir_all(&target);
        let fixture = spec::workspace_root().join("codegen/tests/fixtures/diff/synthetic").join(side);
        for file in spec::read_spec(&fixture).expect("fixture pages") {
            let path = target.join(&file.path);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
            std::fs::write(path, file.text).expect("page written");
        }
    }

    /// A scratch git repository whose one commit holds the old synthetic spec. Git is
    /// required: the check it serves reads HEAD through it.
    fn scratch_with_old_spec_committed(name: &str) -> Scratch {
        let scratch = Scratch::new(name);
        let root = scratch.0.as_path();
        put_synthetic_spec(root, "old");
        let commit = ["-c", "user.name=xtask", "-c", "user.email=xtask@invalid", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "old spec"];
        git(root, &["init", "-q"]).and_then(|_| git(root, &["add", "."])).and_then(|_| git(root, &commit)).expect("git commits the old spec");
        scratch
    }

    #[test]
    fn codegen_check_reports_the_api_changes_of_an_edited_spec() {
        let scratch = scratch_with_old_spec_committed("edited");
        let root = scratch.0.as_path();
        assert!(matches!(spec_changes_since_head(root, &root.join(SPEC_IN_REPOSITORY)), SpecChanges::Unchanged));
        put_synthetic_spec(root, "new");
        match spec_changes_since_head(root, &root.join(SPEC_IN_REPOSITORY)) {
            SpecChanges::Changed(found) => assert_eq!((found.breaking, found.additive), (19, 10), "{}", found.to_human()),
            other => panic!("expected changes, got {other:?}"),
        }
    }

    #[test]
    fn codegen_check_of_another_folder_compares_it_with_head() {
        let scratch = scratch_with_old_spec_committed("other-folder");
        let root = scratch.0.as_path();
        // The working tree is clean, but `codegen --spec` reads another folder.
        let fixture = spec::workspace_root().join("codegen/tests/fixtures/diff/synthetic");
        assert!(matches!(spec_changes_since_head(root, &fixture.join("old")), SpecChanges::Unchanged));
        match spec_changes_since_head(root, &fixture.join("new")) {
            SpecChanges::Changed(found) => assert_eq!((found.breaking, found.additive), (19, 10), "{}", found.to_human()),
            other => panic!("expected changes, got {other:?}"),
        }
    }

    #[test]
    fn codegen_check_says_why_there_is_no_semantic_diff_outside_a_checkout() {
        let scratch = Scratch::new("no-checkout");
        put_synthetic_spec(&scratch.0, "old");
        match spec_changes_since_head(&scratch.0, &scratch.0.join(SPEC_IN_REPOSITORY)) {
            SpecChanges::Unavailable(reason) => assert!(!reason.contains('\n'), "{reason}"),
            other => panic!("expected no semantic diff, got {other:?}"),
        }
    }

    #[test]
    fn a_side_that_is_neither_folder_nor_revision_is_an_error() {
        let error = read_side(&spec::workspace_root(), "no-such-folder-or-revision").expect_err("not a spec");
        assert!(error.contains("no-such-folder-or-revision"), "{error}");
        assert!(read_revision(&spec::workspace_root(), "--output=x").is_err());
    }
}
