//! Every primitive property of every model, one at a time: decoded, it must land in its
//! own typed field and come back under its own name, and a value of the wrong JSON type
//! must be refused. The member loop fills these fields at the offsets the generated
//! field tables give (`graph_models::de`), so this checks every offset and kind the
//! generator wrote, against the serialiser, which names each field in its own code.

#![cfg(all(feature = "full", feature = "round-trip"))]

use codegen::ir::{Api, Property, TypeRefKind};
use serde_json::{Value, json};

/// A value of the property's type, and one of the wrong JSON type, for the types the
/// member loop reads by offset; `None` for the others.
fn samples(property: &Property) -> Option<(Value, Option<Value>)> {
    let type_ref = &property.type_ref;
    let text = Value::String(format!("s:{}", property.name));
    let (good, bad) = match (type_ref.kind, type_ref.name.as_str(), type_ref.collection) {
        (TypeRefKind::Primitive, "Edm.String", false) => (text, Some(json!(1))),
        (TypeRefKind::Primitive, "Edm.String", true) => (json!([text]), Some(json!([1]))),
        (TypeRefKind::Primitive, "Edm.Boolean", false) => (json!(true), Some(json!("true"))),
        (TypeRefKind::Primitive, "Edm.Int32", false) => (json!(-7), Some(json!("7"))),
        // Past what an f64 holds exactly: only an i64 field gives it back.
        (TypeRefKind::Primitive, "Edm.Int64", false) => (json!(9_007_199_254_740_993_i64), Some(json!("7"))),
        (TypeRefKind::Primitive, "Edm.Double", false) => (json!(1.5), Some(json!("1.5"))),
        (TypeRefKind::Primitive, "Edm.DateTimeOffset", false) => (json!("2019-07-12T14:30:34.2444915-07:00"), Some(json!("noon"))),
        (TypeRefKind::Primitive, "Edm.Guid", false) => (json!("00000000-0000-0000-0000-000000000001"), Some(json!("not-a-guid"))),
        // Untyped JSON takes anything, so there is no wrong value.
        (TypeRefKind::Untyped, _, false) => (json!({"nested": [1, "two"]}), None),
        _ => return None,
    };
    Some((good, bad))
}

/// The properties of `type_name` and of every type it inherits from.
fn all_properties<'a>(api: &'a Api, type_name: &str) -> Vec<&'a Property> {
    let mut properties = Vec::new();
    let mut next = api.types.get(type_name);
    let mut seen = std::collections::BTreeSet::new();
    while let Some(def) = next.filter(|def| seen.insert(def.name.as_str())) {
        properties.extend(&def.properties);
        next = def.base_type.as_deref().and_then(|base| api.types.get(base));
    }
    properties
}

#[test]
fn every_primitive_field_of_every_model_is_read_into_itself() {
    let files = xtask::spec::read_spec(&xtask::spec::default_spec_dir()).expect("spec/ is readable");
    let api = codegen::load(&files).api;
    let mut checked = 0;
    let mut failures = Vec::new();
    for type_name in graph_models::registry::TYPE_NAMES {
        if !api.types.contains_key(*type_name) {
            continue;
        }
        for property in all_properties(&api, type_name) {
            let Some((good, bad)) = samples(property) else { continue };
            let object = json!({ property.name.as_str(): good });
            let text = object.to_string();
            match graph_models::registry::round_trip_json(type_name, &text).expect("a model") {
                Ok(back) if back == object => {}
                Ok(back) => failures.push(format!("{type_name}.{}: {text} came back as {back}", property.name)),
                Err(error) => failures.push(format!("{type_name}.{}: {text} failed: {error}", property.name)),
            }
            if let Some(bad) = bad {
                let text = json!({ property.name.as_str(): bad }).to_string();
                if graph_models::registry::decode_json(type_name, &text).expect("a model").is_ok() {
                    failures.push(format!("{type_name}.{}: {text} was accepted (not a typed field?)", property.name));
                }
            }
            checked += 1;
        }
    }
    println!("{checked} primitive fields checked");
    assert!(checked > 4000, "only {checked} fields checked: is spec/ complete?");
    assert!(failures.is_empty(), "{} of {checked} fields:\n{}", failures.len(), failures.join("\n"));
}
