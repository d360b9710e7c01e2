//! Decodes an empty object into every model type once: the build-cost probe for a crate
//! that uses every model (`cargo xtask bench-build`).

fn main() {
    let mut decoded = 0;
    for name in graph_models::registry::TYPE_NAMES {
        if let Some(Ok(_)) = graph_models::registry::decode_json(name, "{}") {
            decoded += 1;
        }
    }
    println!("decoded {decoded} of {} model types", graph_models::registry::TYPE_NAMES.len());
}
