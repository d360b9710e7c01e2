//! Emission never fails on pages it has not seen: synthetic resource and API pages with
//! names chosen to collide after case conversion, or to be Rust keywords, primitives or
//! the generated code's own names, must still give Rust that parses, with no name used
//! twice where Rust forbids it, and cargo feature names cargo accepts.

use std::collections::BTreeSet;

use codegen::SpecFile;
use proptest::prelude::*;
use syn::{Fields, ImplItem, Item};

/// Type, property, enum member and path segment names that a careless generator would
/// turn into a keyword, a clash with another of them, or one of its own names.
const NAMES: &[&str] = &[
    "item",
    "Item",
    "items",
    "ITEM",
    "self",
    "Self",
    "type",
    "Type",
    "ref",
    "match",
    "crate",
    "super",
    "async",
    "await",
    "dyn",
    "try",
    "box",
    "String",
    "Option",
    "Vec",
    "Box",
    "Value",
    "Default",
    "Result",
    "default",
    "new",
    "path",
    "clone",
    "fmt",
    "id",
    "ID",
    "Id",
    "iD",
    "odataType",
    "odata_type",
    "additionalProperties",
    "additional_properties",
    "unknownFutureValue",
    "Unrecognized",
    "unrecognized",
    "none",
    "None",
    "a1",
    "A1",
    "x_y",
    "xY",
    "XY",
    "x",
    "X",
    "send",
    "stream",
    "value",
    "as_str",
    "from_wire",
    "content",
];

/// Property types: primitives, a link to another synthetic type, collections, and an
/// enum by name.
fn property_type(choice: usize, names: &[String]) -> String {
    let target = &names[choice % names.len()];
    match choice % 9 {
        0 => "String".to_owned(),
        1 => "Int32".to_owned(),
        2 => "Boolean collection".to_owned(),
        3 => "DateTimeOffset".to_owned(),
        4 => format!("[{target}]({}.md)", target.to_ascii_lowercase()),
        5 => format!("[{target}]({}.md) collection", target.to_ascii_lowercase()),
        6 => "Edm.Guid".to_owned(),
        7 => format!("{target}Kind"),
        _ => "Json".to_owned(),
    }
}

/// A path segment: a name, a keyed name, a function call, or one of OData's `$` segments.
fn path_segment(choice: usize) -> String {
    let name = NAMES[choice % NAMES.len()];
    match choice % 7 {
        0 => format!("/{name}/{{{name}-id}}"),
        1 => format!("/{name}(value='{{{name}}}',id={{id}})"),
        2 => ["/$value", "/$ref", "/$count"][choice % 3].to_owned(),
        _ => format!("/{name}"),
    }
}

fn resource_page(name: &str, base: Option<&str>, properties: &[(String, String)], members: &[&str]) -> String {
    // Workload spellings that a careless generator would turn into a feature or module
    // it defines itself, or into no valid feature name at all.
    let workloads = ["teams", "Microsoft To Do", "registry", "full", "default", "round-trip", "schemars", "**TODO: [x](y)**", "mod"];
    let workload = workloads[name.bytes().map(usize::from).sum::<usize>() % workloads.len()];
    let mut text = format!("---\ntitle: \"{name} resource type\"\nms.prod: \"{workload}\"\n---\n# {name} resource type\n\n");
    if let Some(base) = base {
        text += &format!("Inherits from [{base}]({}.md).\n\n", base.to_ascii_lowercase());
    }
    text += "## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n";
    for (property, kind) in properties {
        text += &format!("| {property} | {kind} | A property. |\n");
    }
    text += &format!("\n### {name}Kind values\n\n| Member | Description |\n|:---|:---|\n");
    for member in members {
        text += &format!("| {member} | A member. |\n");
    }
    text
}

fn api_page(index: usize, method: &str, template: &str, returned: &str) -> String {
    format!(
        "---\ntitle: \"Operation {index}\"\nms.prod: \"teams\"\n---\n# Operation {index}\n\n## HTTP request\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\n{method} {template}\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a [{returned}](../resources/{}.md) object in the response body.\n",
        returned.to_ascii_lowercase()
    )
}

/// Names Rust requires to be unique: the fields of a struct, the variants of an enum, the
/// items of a module and the functions of a type (across its impl blocks).
fn duplicates(file: &syn::File) -> Vec<String> {
    let mut found = Vec::new();
    let mut check = |scope: &str, names: Vec<String>| {
        let mut seen = BTreeSet::new();
        for name in names {
            if !seen.insert(name.clone()) {
                found.push(format!("{scope}: `{name}` twice"));
            }
        }
    };
    fn check_items(scope: &str, items: &[Item], check: &mut dyn FnMut(&str, Vec<String>)) {
        let mut module_names = Vec::new();
        let mut functions: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for item in items {
            match item {
                Item::Struct(item) => {
                    module_names.push(item.ident.to_string());
                    if let Fields::Named(fields) = &item.fields {
                        check(&format!("struct {}", item.ident), fields.named.iter().filter_map(|f| f.ident.as_ref().map(ToString::to_string)).collect());
                    }
                }
                Item::Enum(item) => {
                    module_names.push(item.ident.to_string());
                    check(&format!("enum {}", item.ident), item.variants.iter().map(|v| v.ident.to_string()).collect());
                }
                Item::Fn(item) => module_names.push(item.sig.ident.to_string()),
                Item::Type(item) => module_names.push(item.ident.to_string()),
                Item::Const(item) => module_names.push(item.ident.to_string()),
                Item::Mod(item) => {
                    module_names.push(item.ident.to_string());
                    if let Some((_, inner)) = &item.content {
                        check_items(&format!("{scope}::{}", item.ident), inner, check);
                    }
                }
                Item::Impl(item) if item.trait_.is_none() => {
                    let self_type = quote::ToTokens::to_token_stream(&item.self_ty).to_string();
                    let names = functions.entry(self_type).or_default();
                    names.extend(item.items.iter().filter_map(|i| match i {
                        ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                        _ => None,
                    }));
                }
                _ => {}
            }
        }
        check(&format!("module {scope}"), module_names);
        for (self_type, names) in functions {
            check(&format!("impl {self_type}"), names);
        }
    }
    check_items("crate", &file.items, &mut check);
    found
}

/// A cargo feature name: letters, digits, `_`, `-`, `+` and `.`, starting with a letter,
/// digit or `_`.
fn is_cargo_feature_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') && name.chars().all(|c| c.is_ascii_alphanumeric() || "_-+.".contains(c))
}

fn features_of(manifest: &str) -> Vec<String> {
    let section = manifest.split("[features]").nth(1).unwrap_or_default().lines().take_while(|line| !line.starts_with('['));
    section.filter(|line| !line.starts_with('#')).filter_map(|line| line.split_once(" = ")).map(|(name, _)| name.trim().to_owned()).collect()
}

fn check_generated(files: &[SpecFile]) -> Result<(), TestCaseError> {
    let loaded = codegen::load(files);
    let pages = files.iter().filter(|file| file.path.starts_with("resources/")).count();
    prop_assert!(loaded.api.types.len() + loaded.api.enums.len() >= pages, "a page made no type: {:?}", loaded.api.types.keys().collect::<Vec<_>>());
    if std::env::var_os("EMIT_VERBOSE").is_some() {
        eprintln!("{} types, {} enums, {} operations", loaded.api.types.len(), loaded.api.enums.len(), loaded.api.operations.len());
    }
    let generated = codegen::emit::models::generate(&loaded.api)
        .and_then(|models| Ok(models.into_iter().chain(codegen::emit::client::generate(&loaded.api)?).collect::<Vec<_>>()))
        .map_err(|error| TestCaseError::fail(format!("emission failed: {error}")))?;
    for file in &generated {
        if file.path.ends_with(".rs") {
            let parsed = syn::parse_file(&file.text).map_err(|error| TestCaseError::fail(format!("{} does not parse: {error}", file.path)))?;
            let found = duplicates(&parsed);
            prop_assert!(found.is_empty(), "{}: {found:?}", file.path);
        } else if file.path.ends_with("Cargo.toml") {
            let features = features_of(&file.text);
            for feature in &features {
                prop_assert!(is_cargo_feature_name(feature), "{}: feature `{feature}`", file.path);
            }
            let unique: BTreeSet<&String> = features.iter().collect();
            prop_assert_eq!(unique.len(), features.len(), "{}: a feature declared twice: {:?}", file.path, features);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn colliding_names_still_give_valid_rust(
        type_names in proptest::sample::subsequence(NAMES.to_vec(), 2..7),
        properties in proptest::collection::vec((0usize..NAMES.len(), 0usize..64), 1..10),
        members in proptest::sample::subsequence(NAMES.to_vec(), 1..8),
        bases in proptest::collection::vec(proptest::option::of(0usize..8), 8),
        operations in proptest::collection::vec((0usize..4, proptest::collection::vec(0usize..4 * NAMES.len(), 1..5), 0usize..8), 0..6),
    ) {
        let names: Vec<String> = type_names.iter().map(|name| (*name).to_owned()).collect();
        let mut files = Vec::new();
        for (index, name) in names.iter().enumerate() {
            let base = bases[index % bases.len()].map(|b| names[b % names.len()].as_str()).filter(|base| *base != name);
            let rows: Vec<(String, String)> = properties.iter().map(|(property, kind)| (NAMES[*property].to_owned(), property_type(kind + index, &names))).collect();
            files.push(SpecFile { path: format!("resources/{}.md", name.to_ascii_lowercase()), text: resource_page(name, base, &rows, &members) });
        }
        for (index, (method, segments, returned)) in operations.iter().enumerate() {
            let method = ["GET", "POST", "PATCH", "DELETE"][*method];
            let template: String = segments.iter().map(|segment| path_segment(*segment)).collect::<String>() + "/{id}";
            files.push(SpecFile { path: format!("api/operation-{index}.md"), text: api_page(index, method, &template, &names[returned % names.len()]) });
        }
        check_generated(&files)?;
    }
}

#[test]
fn the_checker_sees_a_duplicate_field() {
    let file = syn::parse_file("struct A { x: u8, x: u8 } mod m { enum B { P, P } }").expect("parses");
    assert_eq!(duplicates(&file), ["struct A: `x` twice", "enum B: `P` twice"]);
    assert!(!is_cargo_feature_name("**todo:-add"));
}

#[test]
fn two_collections_with_one_singular_get_distinct_shortcuts() {
    // Found by the property above: both shortcuts were `additional_property(id)`.
    let resource = resource_page("item", None, &[("id".to_owned(), "String".to_owned())], &["x"]);
    let mut files = vec![SpecFile { path: "resources/item.md".to_owned(), text: resource }];
    for (index, segment) in ["additionalProperties", "additional_properties"].iter().enumerate() {
        files.push(SpecFile { path: format!("api/operation-{index}.md"), text: api_page(index, "GET", &format!("/{segment}/{{id}}"), "item") });
    }
    check_generated(&files).expect("valid Rust");
}

#[test]
fn prelude_and_runtime_names_stay_free() {
    // A docs type `option` would shadow `Option` in generated code, and a root path
    // `/clones/{id}` would give `GraphClient` a `clone(id)` that hides `Clone::clone`.
    let files = vec![
        SpecFile { path: "resources/option.md".to_owned(), text: resource_page("option", None, &[("id".to_owned(), "String".to_owned())], &["x"]) },
        SpecFile { path: "resources/page.md".to_owned(), text: resource_page("page", None, &[("id".to_owned(), "String".to_owned())], &["x"]) },
        SpecFile { path: "api/operation-0.md".to_owned(), text: api_page(0, "GET", "/clones/{id}", "option") },
        SpecFile { path: "api/operation-1.md".to_owned(), text: api_page(1, "GET", "/page/{id}", "page") },
    ];
    let loaded = codegen::load(&files);
    let models = codegen::emit::models::generate(&loaded.api).expect("models");
    let client = codegen::emit::client::generate(&loaded.api).expect("client");
    let text = |files: &[codegen::emit::GeneratedFile]| files.iter().map(|file| file.text.as_str()).collect::<String>();
    let (models, client) = (text(&models), text(&client));
    assert!(models.contains("pub struct GraphOption {") && !models.contains("pub struct Option {"), "{models}");
    assert!(!client.contains("pub fn clone(") && client.contains("pub fn clones(&self)"), "{client}");
    assert!(!client.contains("pub struct Page {"), "{client}");
}

#[test]
fn the_client_root_names_are_reserved() {
    let lib = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../graph-client/src/lib.rs")).expect("graph-client/src/lib.rs");
    let file = syn::parse_file(&lib).expect("parses");
    fn leaves(tree: &syn::UseTree, out: &mut Vec<String>) {
        match tree {
            syn::UseTree::Path(path) => leaves(&path.tree, out),
            syn::UseTree::Name(name) => out.push(name.ident.to_string()),
            syn::UseTree::Rename(rename) => out.push(rename.rename.to_string()),
            syn::UseTree::Group(group) => group.items.iter().for_each(|item| leaves(item, out)),
            syn::UseTree::Glob(_) => {}
        }
    }
    let mut names = Vec::new();
    for item in &file.items {
        match item {
            Item::Use(item) if matches!(item.vis, syn::Visibility::Public(_)) => leaves(&item.tree, &mut names),
            Item::Struct(item) => names.push(item.ident.to_string()),
            Item::Enum(item) => names.push(item.ident.to_string()),
            Item::Trait(item) => names.push(item.ident.to_string()),
            _ => {}
        }
    }
    let types: Vec<&String> =
        names.iter().filter(|name| name.starts_with(|c: char| c.is_ascii_uppercase()) && name.chars().any(|c| c.is_ascii_lowercase())).collect();
    assert!(types.len() >= 20, "{types:?}");
    let missing: Vec<&&String> = types.iter().filter(|name| !codegen::naming::CLIENT_ROOT_NAMES.contains(&name.as_str())).collect();
    assert!(missing.is_empty(), "add to CLIENT_ROOT_NAMES: {missing:?}");

    // And `GraphClient`'s own methods, which its generated ones must not take.
    let client = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../graph-client/src/client.rs")).expect("graph-client/src/client.rs");
    let file = syn::parse_file(&client).expect("parses");
    let methods: Vec<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Impl(item) if item.trait_.is_none() && quote::ToTokens::to_token_stream(&item.self_ty).to_string() == "GraphClient" => Some(item),
            _ => None,
        })
        .flat_map(|item| item.items.iter().filter_map(|i| if let ImplItem::Fn(f) = i { Some(f.sig.ident.to_string()) } else { None }))
        .collect();
    assert!(methods.len() >= 5, "{methods:?}");
    let missing: Vec<&String> = methods.iter().filter(|name| !codegen::naming::CLIENT_ROOT_METHODS.contains(&name.as_str())).collect();
    assert!(missing.is_empty(), "add to CLIENT_ROOT_METHODS: {missing:?}");
}
