//! Parse + resolve of all of `spec/` against a bare pulldown-cmark event pass over the
//! same files, measured in the same run so the ratio is machine-independent.
//!
//! Run: `cargo bench -p codegen --bench parse`.

use std::hint::black_box;
use std::path::Path;

use codegen::SpecFile;
use criterion::{Criterion, criterion_group, criterion_main};
use pulldown_cmark::{Options, Parser};

fn spec_files() -> Vec<SpecFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/v1.0");
    let mut files = Vec::new();
    for folder in ["api", "resources"] {
        for entry in std::fs::read_dir(root.join(folder)).expect("spec folder") {
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

fn bench_spec(c: &mut Criterion) {
    let files = spec_files();
    let mut group = c.benchmark_group("spec");
    group.sample_size(20);
    group.bench_function("baseline_pulldown_cmark_events", |b| {
        b.iter(|| {
            let mut events = 0usize;
            for file in &files {
                events += Parser::new_ext(&file.text, Options::ENABLE_TABLES).into_offset_iter().count();
            }
            black_box(events)
        })
    });
    group.bench_function("parse_and_resolve", |b| b.iter(|| black_box(codegen::load(black_box(&files)))));
    group.finish();
}

criterion_group!(benches, bench_spec);
criterion_main!(benches);
