//! Decodes every documented response example into its typed model and into
//! `serde_json::Value`, in the same run; the ratio is the point (typed must be faster).
//! A second group repeats each example before moving on, to show what running a type's
//! code cold costs.
//!
//! Run: `cargo bench -p graph-models --all-features --bench decode`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use graph_models::registry::{self, Decoder};

fn response_examples() -> Vec<(Decoder, String)> {
    let files = xtask::spec::read_spec(&xtask::spec::default_spec_dir()).expect("spec/ is readable");
    let loaded = codegen::load(&files);
    let mut examples = Vec::new();
    for typed in loaded.typed_examples.iter().filter(|t| !t.is_request) {
        let operation = loaded.api.operations.values().find(|op| op.doc_page == typed.file).expect("operation");
        let body = operation.examples.iter().filter_map(|e| e.response.as_ref()).find(|r| r.source.line == typed.line).and_then(|r| r.body.as_ref());
        let Some(codegen::ir::ExampleBody::Json(value)) = body else { continue };
        let Some(item) = value.pointer(&typed.pointer) else { continue };
        let text = item.to_string();
        // Only examples that decode: the docs' own errors would measure error paths.
        if let Some(decode) = registry::decoder(&typed.type_name)
            && decode(&text).is_ok()
        {
            examples.push((decode, text));
        }
    }
    examples
}

fn bench_decode(c: &mut Criterion) {
    let examples = response_examples();
    let bytes: usize = examples.iter().map(|(_, text)| text.len()).sum();
    println!("decoding {} response examples ({bytes} bytes of JSON)", examples.len());
    let mut group = c.benchmark_group("decode_response_examples");
    group.throughput(criterion::Throughput::Bytes(bytes as u64));
    group.bench_function("serde_json_value", |b| {
        b.iter(|| {
            for (_, text) in &examples {
                black_box(serde_json::from_str::<serde_json::Value>(black_box(text)).ok());
            }
        })
    });
    group.bench_function("typed_models", |b| {
        b.iter(|| {
            for (decode, text) in &examples {
                black_box(decode(black_box(text)).ok());
            }
        })
    });
    group.finish();

    // The same examples, each decoded REPEAT times before the next, as a service calling
    // one endpoint again and again does. Above, every example is a different type from
    // the one before, so the typed side runs each type's code cold; the gap between the
    // two ratios is that cost. The figure the models issue sets (1.5x) is the one above.
    const REPEAT: usize = 8;
    let mut group = c.benchmark_group("decode_response_examples_each_repeated");
    group.throughput(criterion::Throughput::Bytes((REPEAT * bytes) as u64));
    group.bench_function("serde_json_value", |b| {
        b.iter(|| {
            for (_, text) in &examples {
                for _ in 0..REPEAT {
                    black_box(serde_json::from_str::<serde_json::Value>(black_box(text)).ok());
                }
            }
        })
    });
    group.bench_function("typed_models", |b| {
        b.iter(|| {
            for (decode, text) in &examples {
                for _ in 0..REPEAT {
                    black_box(decode(black_box(text)).ok());
                }
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_decode);
criterion_main!(benches);
