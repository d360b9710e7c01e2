//! Parse + resolve of all of `spec/` (`codegen::load`) against a bare pulldown-cmark event
//! pass over the same files, measured in the same run so the ratio is machine-independent.
//!
//! `load` parses pages (and builds types and operations, and checks examples) on all cores
//! through `codegen::parallel::map_in_order`. For a fair ratio the baseline runs its
//! pass through that same helper, so both sides use the same cores in the same way:
//! `load / baseline_pulldown_cmark_events_all_cores` is the figure to compare. The
//! one-core baseline is kept for reference (it is what the ratio was taken against before
//! both sides were measured alike, and `load` is not one-core).
//!
//! Run: `cargo bench -p codegen --bench parse`.

// The allocator `xtask` runs `load` with, so the figure is the tool's (see the README's
// "Why these dependencies"); both sides of the ratio use it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

fn count_events(file: &SpecFile) -> usize {
    Parser::new_ext(&file.text, Options::ENABLE_TABLES).into_offset_iter().count()
}

fn bench_spec(c: &mut Criterion) {
    let files = spec_files();
    let mut group = c.benchmark_group("spec");
    group.sample_size(20);
    group.bench_function("baseline_pulldown_cmark_events_all_cores", |b| {
        b.iter(|| black_box(codegen::parallel::map_in_order(&files, count_events).into_iter().sum::<usize>()))
    });
    group.bench_function("baseline_pulldown_cmark_events_one_core", |b| b.iter(|| black_box(files.iter().map(count_events).sum::<usize>())));
    group.bench_function("parse_and_resolve", |b| b.iter(|| black_box(codegen::load(black_box(&files)))));
    group.finish();
}

criterion_group!(benches, bench_spec);
criterion_main!(benches);
