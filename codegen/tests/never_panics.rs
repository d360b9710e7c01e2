//! Parsing never panics, whatever the input: random bytes, and real pages truncated,
//! shuffled and mutated. Bad input must come back as diagnostics, not a crash, and the
//! emitters must still turn whatever was read into Rust that parses.

mod common;

use codegen::SpecFile;
use proptest::prelude::*;

/// A handful of real pages of every kind, as material to damage.
fn sample_pages() -> Vec<&'static SpecFile> {
    let wanted = [
        "api/application-post-onlinemeetings.md",
        "api/call-get.md",
        "api/user-getmailtips.md",
        "api/intune-apps-mobileapp-get.md",
        "api/chart-get.md",
        "resources/onlinemeeting.md",
        "resources/user.md",
        "resources/enums.md",
        "resources/driveitem.md",
        "resources/intune-deviceconfig-windowsstartmenumodetype.md",
    ];
    let files = common::spec_files();
    let found: Vec<&SpecFile> = files.iter().filter(|f| wanted.contains(&f.path.as_str())).collect();
    assert!(found.len() >= 8, "sample pages missing from spec/");
    found
}

fn load_one(path: &str, text: String) {
    let loaded = codegen::load(&[SpecFile { path: path.to_owned(), text }]);
    // Rendering touches every diagnostic's position: it must stay in range.
    for diagnostic in &loaded.diagnostics {
        let _ = diagnostic.render(None);
    }
    // `generate` parses every file it renders, so `Ok` means the Rust parses.
    if let Err(error) = codegen::emit::models::generate(&loaded.api).and_then(|_| codegen::emit::client::generate(&loaded.api)) {
        panic!("{path}: emission failed: {error}");
    }
}

fn cut_at_char_boundary(text: &str, at: usize) -> &str {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    &text[..at]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), api in any::<bool>()) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        load_one(if api { "api/random.md" } else { "resources/random.md" }, text);
    }

    #[test]
    fn markdown_like_noise_never_panics(text in "[-|#`<>!{}\\[\\]():\"',\\n a-z0-9@.*\\\\]{0,1500}", api in any::<bool>()) {
        load_one(if api { "api/noise.md" } else { "resources/noise.md" }, text);
    }

    #[test]
    fn truncated_real_pages_never_panic(page in 0usize..10, cut in 0usize..200_000) {
        let pages = sample_pages();
        let file = pages[page % pages.len()];
        load_one(&file.path, cut_at_char_boundary(&file.text, cut % (file.text.len() + 1)).to_owned());
    }

    #[test]
    fn shuffled_real_pages_never_panic(page in 0usize..10, order in proptest::collection::vec(any::<u32>(), 1..400)) {
        let pages = sample_pages();
        let file = pages[page % pages.len()];
        let mut lines: Vec<&str> = file.text.lines().collect();
        let len = lines.len();
        for (i, key) in order.iter().enumerate() {
            lines.swap(i % len, *key as usize % len);
        }
        load_one(&file.path, lines.join("\n"));
    }

    #[test]
    fn mutated_real_pages_never_panic(page in 0usize..10, edits in proptest::collection::vec((any::<u32>(), any::<u8>()), 1..64)) {
        let pages = sample_pages();
        let file = pages[page % pages.len()];
        let mut bytes = file.text.clone().into_bytes();
        for (at, byte) in edits {
            let at = at as usize % bytes.len().max(1);
            // Mostly structural characters, so the damage lands on tables, fences and JSON.
            let replacement = b"|`{}[]\":,<>-#\n "[byte as usize % 15];
            if let Some(slot) = bytes.get_mut(at) {
                *slot = if byte > 200 { byte } else { replacement };
            }
        }
        load_one(&file.path, String::from_utf8_lossy(&bytes).into_owned());
    }
}

#[test]
fn empty_and_degenerate_pages_never_panic() {
    for text in ["", "---", "---\n", "---\n---\n", "<!--", "<!-- {", "```", "```http\nGET", "|a|\n|-|\n|", "# \n## HTTP request\n```\n\n```"] {
        load_one("api/x.md", text.to_owned());
        load_one("resources/x.md", text.to_owned());
    }
}
