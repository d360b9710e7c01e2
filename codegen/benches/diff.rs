//! The semantic diff of two whole v1.0 specs against loading both, measured in the same
//! run: the diff must cost little next to parse + resolve.
//!
//! The new side is the committed `spec/v1.0`; the old side is the same spec with the
//! onlineMeeting family put back to its 2021 pages (`codegen/tests/fixtures/diff/2021`),
//! so the two differ the way two docs snapshots do.
//!
//! Run: `cargo bench -p codegen --bench diff`.

use std::hint::black_box;
use std::path::Path;

use codegen::SpecFile;
use criterion::{Criterion, criterion_group, criterion_main};

/// The `.md` pages under `dir/{api,resources}`, as codegen's input.
fn pages(dir: &Path) -> Vec<SpecFile> {
    let mut files = Vec::new();
    for folder in ["api", "resources"] {
        for entry in std::fs::read_dir(dir.join(folder)).expect("spec folder") {
            let path = entry.expect("entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
            if name.ends_with(".md") {
                files.push(SpecFile { path: format!("{folder}/{name}"), text: std::fs::read_to_string(&path).expect("page") });
            }
        }
    }
    files.sort();
    files
}

/// `(old, new)`: the 2021 onlineMeeting family in place of the seed-era one, and the spec.
fn spec_pair() -> (Vec<SpecFile>, Vec<SpecFile>) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let new = pages(&manifest.join("../spec/v1.0"));
    let seed_era: Vec<String> = pages(&manifest.join("tests/fixtures/diff/seed-era")).into_iter().map(|f| f.path).collect();
    let mut old: Vec<SpecFile> = new.iter().filter(|f| !seed_era.contains(&f.path)).cloned().collect();
    old.extend(pages(&manifest.join("tests/fixtures/diff/2021")));
    old.sort();
    (old, new)
}

fn bench_diff(c: &mut Criterion) {
    let (old, new) = spec_pair();
    let (old_api, new_api) = (codegen::load(&old).api, codegen::load(&new).api);
    let changes = codegen::diff::diff(&old_api, &new_api);
    println!("{} and {} pages; {} changes ({} breaking)", old.len(), new.len(), changes.changes.len(), changes.breaking);

    let mut group = c.benchmark_group("spec_pair");
    group.sample_size(10);
    group.bench_function("load_both", |b| b.iter(|| black_box((codegen::load(black_box(&old)), codegen::load(black_box(&new))))));
    group.bench_function("load_both_and_diff", |b| {
        b.iter(|| {
            let (before, after) = (codegen::load(black_box(&old)), codegen::load(black_box(&new)));
            black_box(codegen::diff::diff(&before.api, &after.api))
        })
    });
    group.bench_function("diff_alone", |b| b.iter(|| black_box(codegen::diff::diff(black_box(&old_api), black_box(&new_api)))));
    group.finish();
}

criterion_group!(benches, bench_diff);
criterion_main!(benches);
