//! The graph-client emitter: one navigation type per distinct URL prefix in the docs, with
//! a method per documented operation, and the replay cases that call them from the docs'
//! own request examples.
//!
//! Navigation mirrors the URL. Every path template of every operation is laid into one
//! tree whose nodes are URL prefixes (`/me`, `/me/onlineMeetings`, `/users/{}`), merged
//! case-insensitively and with all key placeholders alike, as the service treats them.
//! Each node is a struct wrapping the runtime's `Node`; its methods step to the children
//! (`online_meetings()`, `user(id)`, `as_user()`, `range(address)`) or issue the operations
//! documented on exactly that path (`get`, `list`, `create`, `update`, `delete`, `post`).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote};

use super::models::{ModelsPlan, plan};
use super::{GeneratedFile, doc_text, docs_url, format_rust};
use crate::ir::{Api, ArgumentValue, Operation, OperationPath, PathSegment, SegmentKey, TypeRef, TypeRefKind};
use crate::naming::{CLIENT_ROOT_METHODS, CLIENT_ROOT_NAMES, Case, NODE_METHODS, PRELUDE_TYPE_NAMES, UniqueNames, sanitize};
use crate::parse::path_template::{argument_is_quoted, match_values, split_request_url};
use crate::resolve::short_name;
use crate::routes::{
    alias_replacement, cast_of_collection, documented_path, example_segments, has_collection_query_option, is_graph_url, keys_as_segments, lay_path,
    percent_decode, query_pairs,
};

const GENERATOR: &str = "codegen/src/emit/client.rs";
pub const GENERATED_DIR: &str = "graph-client/src/generated";
pub const REPLAY_FILE: &str = "graph-client/tests/generated/replay_cases.rs";

/// One URL prefix.
#[derive(Debug, Default)]
struct UrlNode {
    /// The segment as first written in the docs (operations are visited in id order).
    segment: Option<PathSegment>,
    /// For a function segment: which arguments the docs quote (OData strings).
    quoted_arguments: BTreeSet<String>,
    /// For a function segment: the types its page's parameter table gives the arguments
    /// (lower-case names).
    argument_types: BTreeMap<String, TypeRef>,
    children: BTreeMap<SegmentKey, usize>,
    /// Operations documented on exactly this path: (operation id, index of the path).
    operations: Vec<(String, usize)>,
    parent: Option<usize>,
    rust_name: String,
    /// The workloads (cargo features) of every operation at or below this node.
    features: BTreeSet<String>,
}

struct Tree {
    nodes: Vec<UrlNode>,
    /// Accessors for the aliases the paths use (see [`lay_path`]): (the node the alias
    /// starts at, its name, the node it reaches).
    aliases: BTreeSet<(usize, &'static str, usize)>,
}

impl Tree {
    fn build(api: &Api) -> Tree {
        let mut nodes = vec![UrlNode::default()];
        let mut aliases = BTreeSet::new();
        for op in api.operations.values() {
            for (path_index, path) in op.paths.iter().enumerate() {
                let mut at = 0;
                let laid = lay_path(&path.segments);
                for (position, segment) in laid.segments.iter().enumerate() {
                    if let Some(alias) = laid.aliases.iter().find(|alias| alias.at == position) {
                        aliases.insert((at, alias.name));
                    }
                    let key = segment.key();
                    let next = match nodes[at].children.get(&key) {
                        Some(&next) => next,
                        None => {
                            nodes.push(UrlNode { segment: Some(segment.clone()), parent: Some(at), ..UrlNode::default() });
                            let next = nodes.len() - 1;
                            nodes[at].children.insert(key, next);
                            next
                        }
                    };
                    if let PathSegment::Function { name, arguments } = segment {
                        let quoted = arguments.iter().filter(|a| argument_is_quoted(&path.template, name, &a.name)).map(|a| a.name.to_ascii_lowercase());
                        nodes[next].quoted_arguments.extend(quoted);
                        for argument in arguments {
                            let Some(tabled) = op.function_parameters.iter().find(|p| p.name.eq_ignore_ascii_case(&argument.name)) else { continue };
                            let lower = argument.name.to_ascii_lowercase();
                            // A string is quoted by OData's rule whether or not the template
                            // shows quotes (`reminderView(startDateTime=startDateTime-value)`),
                            // and so is an enum member the template does not write.
                            let is_string =
                                tabled.type_ref.kind == TypeRefKind::Primitive && tabled.type_ref.name == "Edm.String" && !tabled.type_ref.collection;
                            if is_string || is_text(&tabled.type_ref) && !writes_argument(&path.template, name, &argument.name) {
                                nodes[next].quoted_arguments.insert(lower.clone());
                            }
                            nodes[next].argument_types.entry(lower).or_insert_with(|| tabled.type_ref.clone());
                        }
                    }
                    nodes[next].features.insert(op.workload.clone());
                    at = next;
                }
                // Two templates of one page can name the same URL (`{id}` and `{user-id}`);
                // one page can also document two methods for it (PATCH and PUT). Of two
                // that reach one node, the one that writes the query the call needs
                // (`.../content?format={format}` beside a bare `.../content`) gives the
                // method its arguments, whichever the page lists first.
                let same_call = nodes[at].operations.iter_mut().find(|(id, index)| id == &op.id && op.paths[*index].method.eq_ignore_ascii_case(&path.method));
                match same_call {
                    Some((_, index)) => {
                        if required_query(path).len() > required_query(&op.paths[*index]).len() {
                            *index = path_index;
                        }
                    }
                    None => nodes[at].operations.push((op.id.clone(), path_index)),
                }
                nodes[0].features.insert(op.workload.clone());
            }
        }
        // The node an alias reaches is known once its segments are laid.
        let aliases = aliases
            .into_iter()
            .filter_map(|(start, name)| {
                let mut at = start;
                for segment in &alias_replacement(name) {
                    at = *nodes[at].children.get(&segment.key())?;
                }
                Some((start, name, at))
            })
            .collect();
        let mut tree = Tree { nodes, aliases };
        tree.name_nodes();
        tree
    }

    /// Struct names from the path: `/users/{id}/onlineMeetings` → `UsersItemOnlineMeetings`.
    fn name_nodes(&mut self) {
        let mut names = UniqueNames::reserving(&[PRELUDE_TYPE_NAMES, CLIENT_ROOT_NAMES].concat());
        // Shallow nodes first, so the short names go to the common paths; a call with
        // arguments after the plain segment of the same name (`/applications` before
        // `/applications(appId={appId})`), which then takes its arguments' names, as its
        // accessor does (`ApplicationsWithAppId`), rather than a number.
        let arguments_of = |nodes: &[UrlNode], index: usize| -> Vec<String> {
            match &nodes[index].segment {
                Some(PathSegment::Function { arguments, .. }) => arguments.iter().map(|a| a.name.clone()).collect(),
                _ => Vec::new(),
            }
        };
        let mut order: Vec<usize> = (1..self.nodes.len()).collect();
        order.sort_by_cached_key(|&index| (self.depth(index), !arguments_of(&self.nodes, index).is_empty(), self.words(index)));
        for index in order {
            let words = self.words(index);
            let mut base = sanitize(&words, Case::Pascal);
            let arguments = arguments_of(&self.nodes, index);
            if names.contains(&base) && !arguments.is_empty() {
                base = sanitize(&format!("{words} with {}", arguments.join(" and ")), Case::Pascal);
            }
            self.nodes[index].rust_name = names.unique(base, Case::Pascal);
        }
    }

    fn depth(&self, mut index: usize) -> usize {
        let mut depth = 0;
        while let Some(parent) = self.nodes[index].parent {
            depth += 1;
            index = parent;
        }
        depth
    }

    fn words(&self, index: usize) -> String {
        let mut words = Vec::new();
        let mut at = Some(index);
        while let Some(current) = at {
            if let Some(segment) = &self.nodes[current].segment {
                words.push(segment_word(segment));
            }
            at = self.nodes[current].parent;
        }
        words.reverse();
        words.join(" ")
    }
}

fn alias_doc(name: &str, target: &str) -> String {
    match name {
        "me" => format!(" `/me`: the signed-in user, with everything `{target}` offers"),
        "drive" => format!(" `/drive`: the signed-in user's drive, with everything `{target}` offers"),
        _ => format!(" `/{name}`: the drive's root folder, with everything `{target}` offers"),
    }
}

fn segment_word(segment: &PathSegment) -> String {
    match segment {
        PathSegment::Literal { name } => name.clone(),
        PathSegment::Parameter { .. } => "item".to_owned(),
        PathSegment::Function { name, .. } if name.is_empty() => "call".to_owned(),
        PathSegment::Function { name, .. } => name.clone(),
        PathSegment::Cast { type_name } => format!("as {}", short_name(type_name)),
        PathSegment::ItemPath { .. } => "item path".to_owned(),
        PathSegment::System { name } => name.trim_start_matches('$').to_owned(),
    }
}

/// Strings and enum members are quoted in a function call's URL.
fn is_text(type_ref: &TypeRef) -> bool {
    !type_ref.collection && (type_ref.kind == TypeRefKind::Enum || type_ref.kind == TypeRefKind::Primitive && type_ref.name == "Edm.String")
}

/// Whether `template` writes `argument=` in its call of `name`.
fn writes_argument(template: &str, name: &str, argument: &str) -> bool {
    let Some(start) = template.find(&format!("{name}(")) else { return false };
    let call = &template[start + name.len()..];
    call[..call.find(')').unwrap_or(call.len())].contains(&format!("{argument}="))
}

/// How a function argument is typed in Rust: numbers and booleans by their type, the
/// rest (strings, enum members, dates, ids) as text the caller writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArgumentKind {
    Text,
    Integer(&'static str),
    Float(&'static str),
    Boolean,
}

fn argument_kind(type_ref: Option<&TypeRef>) -> ArgumentKind {
    let Some(type_ref) = type_ref.filter(|t| !t.collection && t.kind == TypeRefKind::Primitive) else { return ArgumentKind::Text };
    match type_ref.name.as_str() {
        "Edm.Int32" => ArgumentKind::Integer("i32"),
        "Edm.Int64" => ArgumentKind::Integer("i64"),
        "Edm.Int16" => ArgumentKind::Integer("i16"),
        "Edm.Byte" => ArgumentKind::Integer("u8"),
        "Edm.SByte" => ArgumentKind::Integer("i8"),
        "Edm.Double" | "Edm.Decimal" => ArgumentKind::Float("f64"),
        "Edm.Single" => ArgumentKind::Float("f32"),
        "Edm.Boolean" => ArgumentKind::Boolean,
        _ => ArgumentKind::Text,
    }
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The `cfg` for code that exists when any of `features` is on.
fn cfg_any(features: &BTreeSet<String>, all: &BTreeSet<String>) -> TokenStream {
    if features == all {
        return TokenStream::new();
    }
    match features.iter().collect::<Vec<_>>().as_slice() {
        [only] => quote! { #[cfg(feature = #only)] },
        several => quote! { #[cfg(any(#(feature = #several),*))] },
    }
}

/// The noun of a collection segment in the singular, for the accessor that takes a key:
/// `users` → `user`. Anything the rules do not cover takes an `_item` suffix instead.
fn singular(plural: &str) -> String {
    sanitize(&singular_words(&sanitize(plural, Case::Snake)), Case::Snake)
}

fn singular_words(snake: &str) -> String {
    if let Some(stem) = snake.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for ending in ["sses", "shes", "ches", "xes"] {
        if let Some(stem) = snake.strip_suffix(ending) {
            return format!("{stem}{}", &ending[..ending.len() - 2]);
        }
    }
    match snake.strip_suffix('s') {
        Some(stem) if !stem.ends_with('s') && !stem.is_empty() => stem.to_owned(),
        _ => format!("{snake}_item"),
    }
}

/// A method that steps from one node to a child.
struct Accessor {
    name: String,
    child: usize,
    /// The method's parameters and the `Node` call that appends the segment.
    params: TokenStream,
    step: TokenStream,
    /// The Rust type of each value parameter, for the replay's literals (keys are text).
    argument_kinds: Vec<ArgumentKind>,
}

/// Method names a node's generated methods must leave free: those of the traits it
/// implements and of the hand-written code beside it; at the root, `GraphClient`'s own
/// (a path `/clones/{id}` must not give it a `clone(id)`).
fn reserved_methods(node: usize) -> &'static [&'static str] {
    if node == 0 { CLIENT_ROOT_METHODS } else { NODE_METHODS }
}

pub fn generate(api: &Api) -> Result<Vec<GeneratedFile>, String> {
    let api = &super::prepare(api);
    let models = plan(api);
    let tree = Tree::build(api);
    let all_features: BTreeSet<String> = api.workloads.keys().cloned().collect();
    let krate = quote! { graph_models };

    // Accessors of every node, named once so that the replay cases use the same names.
    let mut accessors: Vec<Vec<Accessor>> = (0..tree.nodes.len()).map(|_| Vec::new()).collect();
    let example_answers = example_answers(api);
    let mut method_names = MethodNames::new();
    for (index, node) in tree.nodes.iter().enumerate() {
        let mut names = UniqueNames::reserving(reserved_methods(index));
        for ((op_id, path_index), name) in operation_method_names(api, &models, node, &example_answers) {
            method_names.insert((index, op_id, path_index), names.unique(name, Case::Snake));
        }
        let mut list = Vec::new();
        for &child in node.children.values() {
            let Some(segment) = tree.nodes[child].segment.as_ref() else { continue };
            list.push(accessor_for(&tree, child, segment, &mut names));
        }
        accessors[index] = list;
    }
    // `me()`, `drive()`, `root()`: at the node the URL they stand for reaches (see `lay_path`).
    for &(parent, name, target) in &tree.aliases {
        let taken = reserved_methods(parent).contains(&name)
            || accessors[parent].iter().any(|a| a.name == name)
            || method_names.iter().any(|((n, _, _), m)| *n == parent && m == name);
        if !taken {
            accessors[parent].push(Accessor {
                name: name.to_owned(),
                child: target,
                params: quote! {},
                step: quote! { .literal(#name) },
                argument_kinds: Vec::new(),
            });
        }
    }
    // A key directly under a literal (`/users/{id}`) is reached from the grandparent too:
    // `users()` for the collection, `user(id)` for one of it (`users().item(id)` works too).
    let mut shortcuts: Vec<(usize, Accessor)> = Vec::new();
    for node in &tree.nodes {
        let (Some(parent), Some(PathSegment::Literal { name })) = (node.parent, &node.segment) else { continue };
        if let Some(&key_child) = node.children.get(&SegmentKey::Key) {
            // Two literals can share a singular (`additionalProperties`, `additional_properties`).
            let earlier_shortcuts = shortcuts.iter().filter(|(p, _)| *p == parent).map(|(_, a)| a.name.as_str());
            let taken: BTreeSet<&str> = reserved_methods(parent)
                .iter()
                .copied()
                .chain(
                    accessors[parent]
                        .iter()
                        .map(|a| a.name.as_str())
                        .chain(method_names.iter().filter(|((n, _, _), _)| *n == parent).map(|(_, m)| m.as_str()))
                        .chain(earlier_shortcuts),
                )
                .collect();
            let mut candidate = singular(name);
            if taken.contains(candidate.as_str()) {
                candidate = format!("{}_item", sanitize(name, Case::Snake));
            }
            if taken.contains(candidate.as_str()) {
                continue;
            }
            let key_param = ident(&key_parameter_name(&tree, key_child));
            let literal = name.clone();
            shortcuts.push((
                parent,
                Accessor {
                    name: candidate,
                    child: key_child,
                    params: quote! { #key_param: &str },
                    step: quote! { .literal(#literal).key(#key_param) },
                    argument_kinds: Vec::new(),
                },
            ));
        }
    }
    for (parent, shortcut) in shortcuts {
        accessors[parent].push(shortcut);
    }
    let casts = cast_collections(api, &tree, &models, &accessors, &method_names);

    let mut files_by_root: BTreeMap<String, (BTreeSet<String>, Vec<TokenStream>)> = BTreeMap::new();
    let mut root_methods = Vec::new();
    for (index, node) in tree.nodes.iter().enumerate() {
        let accessor_tokens: Vec<TokenStream> = accessors[index]
            .iter()
            .map(|accessor| {
                let child = &tree.nodes[accessor.child];
                let method = ident(&accessor.name);
                let child_type = ident(&child.rust_name);
                let cfg = cfg_any(&child.features, &all_features);
                let params = &accessor.params;
                let step = &accessor.step;
                let base = if index == 0 {
                    quote! { crate::Node::root(self) }
                } else {
                    quote! { self.0 }
                };
                let is_alias = tree.aliases.iter().any(|&(parent, name, target)| parent == index && name == accessor.name && target == accessor.child);
                let doc = if is_alias {
                    alias_doc(&accessor.name, &display_path(&tree, accessor.child))
                } else {
                    format!(" `{}`", display_path(&tree, accessor.child))
                };
                quote! {
                    #[doc = #doc]
                    #cfg
                    pub fn #method(&self, #params) -> #child_type {
                        #child_type(#base #step)
                    }
                }
            })
            .collect();
        let operation_tokens: Vec<TokenStream> = node
            .operations
            .iter()
            .map(|(op_id, path_index)| {
                let op = &api.operations[op_id];
                let method = ident(&method_names[&(index, op_id.clone(), *path_index)]);
                let answers = example_answers.get(&(op_id.clone(), *path_index)).cloned().unwrap_or_default();
                operation_tokens(&models, &krate, op, &op.paths[*path_index], method, &answers)
            })
            .collect();
        let cast_tokens = casts.get(&index).map(|cast| cast_tokens(&models, cast));
        if index == 0 {
            root_methods.extend(accessor_tokens);
            root_methods.extend(operation_tokens);
            continue;
        }
        let name = ident(&node.rust_name);
        let cfg = cfg_any(&node.features, &all_features);
        let doc = format!(" `{}`", display_path(&tree, index));
        let tokens = quote! {
            #[doc = #doc]
            #cfg
            #[derive(Debug, Clone)]
            pub struct #name(pub(crate) crate::Node);

            #cfg
            impl #name {
                /// The encoded path this points at, relative to the base URL.
                pub fn path(&self) -> &str {
                    self.0.path()
                }
                #(#accessor_tokens)*
                #(#operation_tokens)*
                #cast_tokens
            }
        };
        let (features, items) = files_by_root.entry(root_segment_module(&tree, index)).or_default();
        features.extend(node.features.iter().cloned());
        items.push(tokens);
    }

    let mut files = Vec::new();
    let mut module_items = Vec::new();
    for (module, (features, items)) in &files_by_root {
        let module_ident = ident(module);
        let cfg = cfg_any(features, &all_features);
        let doc = format!(" Endpoints under `/{module}`-like paths ({} navigation types).", items.len());
        files.push(GeneratedFile { path: format!("{GENERATED_DIR}/{module}.rs"), text: format_rust(GENERATOR, quote! { #![doc = #doc] #(#items)* })? });
        module_items.push(quote! { #cfg mod #module_ident; #cfg pub use #module_ident::*; });
    }
    let mod_tokens = quote! {
        #![doc = " Generated endpoints: one navigation type per URL prefix in the docs; everything is re-exported at the crate root."]
        #(#module_items)*

        impl crate::GraphClient {
            #(#root_methods)*
        }
    };
    files.push(GeneratedFile { path: format!("{GENERATED_DIR}/mod.rs"), text: format_rust(GENERATOR, mod_tokens)? });
    files.push(GeneratedFile { path: "graph-client/Cargo.toml".to_owned(), text: cargo_toml(&all_features) });
    files.push(replay_cases(api, &tree, &accessors, &method_names, &casts, &models, &krate)?);
    files.sort();
    Ok(files)
}

/// A collection whose items have derived types, so that a cast can narrow it.
struct CastCollection {
    /// The documented template and workload of the collection's list operation.
    template: String,
    feature: String,
    item_type: String,
}

/// The nodes whose list operation returns items of a type with derived types (such as
/// `members`, a collection of `directoryObject`): each gets `of_type::<T>()`, the OData
/// cast `/members/microsoft.graph.user`. One generic method serves every derived type, so
/// the casts cost no generated code per type.
fn cast_collections(api: &Api, tree: &Tree, models: &ModelsPlan, accessors: &[Vec<Accessor>], method_names: &MethodNames) -> BTreeMap<usize, CastCollection> {
    let mut casts = BTreeMap::new();
    for (index, node) in tree.nodes.iter().enumerate().skip(1) {
        let taken = accessors[index].iter().any(|a| a.name == CAST_METHOD) || method_names.iter().any(|((n, _, _), name)| *n == index && name == CAST_METHOD);
        if taken {
            continue;
        }
        let list = node.operations.iter().find_map(|(op_id, path_index)| {
            let op = &api.operations[op_id];
            let path = &op.paths[*path_index];
            let item = op.response.as_ref()?.type_ref.as_ref().filter(|t| t.collection && path.method.eq_ignore_ascii_case("GET"))?;
            models.descendants.get(&item.name).filter(|d| !d.is_empty())?;
            Some(CastCollection { template: path.template.clone(), feature: op.workload.clone(), item_type: item.name.clone() })
        });
        if let Some(list) = list {
            casts.insert(index, list);
        }
    }
    casts
}

const CAST_METHOD: &str = "of_type";

fn cast_tokens(models: &ModelsPlan, cast: &CastCollection) -> TokenStream {
    let method = ident(CAST_METHOD);
    let feature = &cast.feature;
    let list_template = format!("{}/{{type}}", cast.template);
    let count_template = format!("{list_template}/$count");
    let example =
        models.descendants[&cast.item_type].first().map(|name| format!(" (for example `graph_models::{}`)", models.rust_names[name])).unwrap_or_default();
    let doc = format!(" Only the items of type `T`, a type derived from `{}`{example}: the OData cast `{list_template}`.", cast.item_type);
    quote! {
        #[doc = #doc]
        #[cfg(feature = #feature)]
        pub fn #method<T: graph_models::ODataType + serde::de::DeserializeOwned>(&self) -> crate::OfType<T> {
            crate::OfType::new(&self.0, #list_template, #count_template)
        }
    }
}

/// The module (file) of a node: its first segment's name, so related paths sit together.
fn root_segment_module(tree: &Tree, mut index: usize) -> String {
    while let Some(parent) = tree.nodes[index].parent.filter(|&p| p != 0) {
        index = parent;
    }
    let word = tree.nodes[index].segment.as_ref().map(segment_word).unwrap_or_default();
    let module = sanitize(&word, Case::Snake);
    if module.is_empty() { "root".to_owned() } else { module }
}

fn display_path(tree: &Tree, index: usize) -> String {
    let mut parts = Vec::new();
    let mut at = Some(index);
    while let Some(current) = at {
        if let Some(segment) = &tree.nodes[current].segment {
            parts.push(match segment {
                PathSegment::Literal { name } => format!("/{name}"),
                PathSegment::Parameter { parameter } => format!("/{{{parameter}}}"),
                PathSegment::Function { name, arguments } => {
                    let args: Vec<String> = arguments.iter().map(|a| format!("{}={{{}}}", a.name, a.name)).collect();
                    format!("/{name}({})", args.join(","))
                }
                PathSegment::Cast { type_name } => format!("/{type_name}"),
                PathSegment::ItemPath { parameter } => format!(":/{{{parameter}}}:"),
                PathSegment::System { name } => format!("/{name}"),
            });
        }
        at = tree.nodes[current].parent;
    }
    parts.reverse();
    let text = parts.concat();
    if text.is_empty() { "/".to_owned() } else { text }
}

/// The parameter name of a key: the docs' placeholder (first alternative) in snake case.
fn key_parameter_name(tree: &Tree, key_node: usize) -> String {
    let found = tree.nodes[key_node].segment.as_ref().and_then(|segment| match segment {
        PathSegment::Parameter { parameter } => Some(parameter.clone()),
        _ => None,
    });
    let name = sanitize(&found.unwrap_or_else(|| "id".to_owned()), Case::Snake);
    match name.as_str() {
        "" | "self_" => "id".to_owned(),
        _ => name,
    }
}

fn accessor_for(tree: &Tree, child: usize, segment: &PathSegment, names: &mut UniqueNames) -> Accessor {
    match segment {
        PathSegment::Literal { name } => {
            let literal = name.clone();
            Accessor {
                name: names.unique(sanitize(name, Case::Snake), Case::Snake),
                child,
                params: quote! {},
                step: quote! { .literal(#literal) },
                argument_kinds: Vec::new(),
            }
        }
        PathSegment::System { name } => {
            let word = match name.as_str() {
                "$ref" => "reference".to_owned(),
                "$value" => "content_value".to_owned(),
                other => sanitize(other.trim_start_matches('$'), Case::Snake),
            };
            let literal = name.clone();
            Accessor { name: names.unique(word, Case::Snake), child, params: quote! {}, step: quote! { .literal(#literal) }, argument_kinds: Vec::new() }
        }
        PathSegment::Cast { type_name } => {
            let literal = type_name.clone();
            Accessor {
                name: names.unique(format!("as_{}", sanitize(short_name(type_name), Case::Snake)), Case::Snake),
                child,
                params: quote! {},
                step: quote! { .literal(#literal) },
                argument_kinds: Vec::new(),
            }
        }
        PathSegment::Parameter { parameter } => {
            let param = ident(&{
                let n = sanitize(parameter, Case::Snake);
                if n.is_empty() || n == "self_" { "id".to_owned() } else { n }
            });
            Accessor {
                name: names.unique("item".to_owned(), Case::Snake),
                child,
                params: quote! { #param: &str },
                step: quote! { .key(#param) },
                argument_kinds: Vec::new(),
            }
        }
        PathSegment::ItemPath { .. } => Accessor {
            name: names.unique("item_path".to_owned(), Case::Snake),
            child,
            params: quote! { item_path: &str },
            step: quote! { .item_path(item_path) },
            argument_kinds: Vec::new(),
        },
        PathSegment::Function { name, arguments } => {
            let quoted = &tree.nodes[child].quoted_arguments;
            let types = &tree.nodes[child].argument_types;
            let mut param_names = UniqueNames::default();
            let mut params = Vec::new();
            let mut args = Vec::new();
            let mut argument_kinds = Vec::new();
            for argument in arguments {
                let wire = argument.name.clone();
                match &argument.value {
                    // The parser has taken the quotes off a quoted value.
                    ArgumentValue::Literal(value) if quoted.contains(&argument.name.to_ascii_lowercase()) => {
                        let value = value.clone();
                        args.push(quote! { (#wire, crate::FunctionArgument::String(#value)) });
                    }
                    ArgumentValue::Literal(value) => {
                        let value = value.clone();
                        args.push(quote! { (#wire, crate::FunctionArgument::Fixed(#value)) });
                    }
                    ArgumentValue::Parameter(_) => {
                        let param = ident(&param_names.unique(sanitize(&argument.name, Case::Snake), Case::Snake));
                        let lower = argument.name.to_ascii_lowercase();
                        let kind = argument_kind(types.get(&lower));
                        argument_kinds.push(kind);
                        if let ArgumentKind::Integer(ty) | ArgumentKind::Float(ty) = kind {
                            let ty = ident(ty);
                            params.push(quote! { #param: #ty });
                            args.push(quote! { (#wire, crate::FunctionArgument::Bare(&#param.to_string())) });
                            continue;
                        }
                        if kind == ArgumentKind::Boolean {
                            params.push(quote! { #param: bool });
                            args.push(quote! { (#wire, crate::FunctionArgument::Fixed(if #param { "true" } else { "false" })) });
                            continue;
                        }
                        params.push(quote! { #param: &str });
                        if quoted.contains(&lower) {
                            args.push(quote! { (#wire, crate::FunctionArgument::String(#param)) });
                        } else {
                            args.push(quote! { (#wire, crate::FunctionArgument::Bare(#param)) });
                        }
                    }
                }
            }
            let base = if name.is_empty() { "call".to_owned() } else { sanitize(name, Case::Snake) };
            let with_args = if arguments.is_empty() {
                base.clone()
            } else {
                format!("{base}_with_{}", arguments.iter().map(|a| sanitize(&a.name, Case::Snake)).collect::<Vec<_>>().join("_and_"))
            };
            let method = if names.contains(&base) { names.unique(with_args, Case::Snake) } else { names.unique(base, Case::Snake) };
            let function_name = name.clone();
            Accessor { name: method, child, params: quote! { #(#params),* }, step: quote! { .function(#function_name, &[#(#args),*]) }, argument_kinds }
        }
    }
}

/// The name of the method each operation gets on each node, by (node, operation id,
/// index of the operation's path laid there).
type MethodNames = BTreeMap<(usize, String, usize), String>;

/// The verb each operation on a node gets: `list`/`get`, `create`/`post`, `update`,
/// `put`, `delete`; a second operation with the same verb takes its page id as a suffix,
/// and one whose template has a query string comes after one whose template has none.
/// A page that documents two methods for one URL (PATCH and PUT) gets one of each.
fn operation_method_names(
    api: &Api,
    models: &ModelsPlan,
    node: &UrlNode,
    example_answers: &BTreeMap<(String, usize), ExampleAnswers>,
) -> Vec<((String, usize), String)> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    // A template with a query string (`/me/messages?$filter=...` on the page about
    // extended properties) is a variant of the plain path: the plain one takes the verb.
    let mut ops: Vec<&(String, usize)> = node.operations.iter().collect();
    ops.sort_by_key(|(op_id, path_index)| (api.operations[op_id].paths[*path_index].query.is_some(), op_id.clone(), *path_index));
    for (op_id, path_index) in ops {
        let op = &api.operations[op_id];
        let method = op.paths[*path_index].method.to_ascii_uppercase();
        let response = op.response.as_ref().and_then(|r| r.type_ref.as_ref());
        let answers = example_answers.get(&(op_id.clone(), *path_index)).cloned().unwrap_or_default();
        let path = &op.paths[*path_index];
        let reads_list = path_response(models, op, path, &answers).is_some_and(|t| t.collection) && !answers_with_content(op, path, &answers);
        let verb = match method.as_str() {
            "GET" if reads_list => "list",
            "GET" => "get",
            "POST"
                if matches!(node.segment, Some(PathSegment::Literal { .. }))
                    && op.request_body.is_some()
                    && op.request_body.as_ref().map(|t| &t.name) == response.map(|t| &t.name) =>
            {
                "create"
            }
            "POST" => "post",
            "PATCH" => "update",
            "PUT" => "put",
            "DELETE" => "delete",
            other => other,
        };
        let name = if seen.insert(verb.to_owned()) { verb.to_owned() } else { format!("{verb}_{}", sanitize(op_id, Case::Snake)) };
        out.push(((op_id.clone(), *path_index), sanitize(&name, Case::Snake)));
    }
    out
}

/// Whether an endpoint answers with content, not JSON: a documented redirect (to a
/// download, such as a report's CSV), whatever type the page names for it, on the page or
/// in every example of this path (a thumbnail's bytes, on a page that otherwise lists
/// thumbnails); and a read of a media stream: a path that ends in `/$value` (OData's raw
/// value, even on a page whose other paths read the entity as JSON, like a message and
/// its MIME text), or a documented `Edm.Stream`.
fn answers_with_content(op: &Operation, path: &OperationPath, answers: &ExampleAnswers) -> bool {
    let response = op.response.as_ref();
    let redirects = response.and_then(|r| r.status).is_some_and(|status| (300..400).contains(&status)) || answers.always_redirects();
    let raw_value = matches!(path.segments.last(), Some(PathSegment::System { name }) if name == "$value");
    let stream = response.and_then(|r| r.type_ref.as_ref()).is_some_and(|t| t.name == "Edm.Stream" && !t.collection);
    redirects || path.method.eq_ignore_ascii_case("GET") && (raw_value || stream)
}

/// The type one path of an operation returns: a property it reads past the page's type,
/// the type its own examples show, or the operation's; a collection of it where the path
/// queries a collection of it ([`queries_collection_of`]).
fn path_response<'a>(models: &'a ModelsPlan, op: &'a Operation, path: &OperationPath, answers: &'a ExampleAnswers) -> Option<Cow<'a, TypeRef>> {
    let returned =
        property_read(models, op, path).or_else(|| answers.own_type(models, op)).or_else(|| op.response.as_ref().and_then(|r| r.type_ref.as_ref()))?;
    if !returned.collection && path.method.eq_ignore_ascii_case("GET") && queries_collection_of(models, op, path, returned) {
        return Some(Cow::Owned(TypeRef { collection: true, ..returned.clone() }));
    }
    Some(Cow::Borrowed(returned))
}

/// Whether two paths address the same thing: segment by segment, the same
/// [`PathSegment::key`] (names case-insensitively, keys whatever their placeholder).
fn same_shape(a: &[PathSegment], b: &[PathSegment]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.key() == b.key())
}

/// Whether a path's template carries one of OData's collection query options (`$filter`,
/// `$search`, `$orderby`, `$top`, `$skip`, `$count`), which apply only to collections, on a
/// collection of `item`: one that some model declares as a collection of it, or that the
/// operation keys into for one `item` (`/me/onlineMeetings/{meetingId}` beside the filter).
/// A page that finds one item by a filter (`GET /me/onlineMeetings?$filter=JoinWebUrl eq
/// '{joinWebUrl}'` on "Get onlineMeeting") names the item's type, but the service answers
/// with a collection, `{"value": [...]}`. (A filter over another collection, such as the
/// events that carry an extension on the extension's page, is left as the page has it.)
fn queries_collection_of(models: &ModelsPlan, op: &Operation, path: &OperationPath, item: &TypeRef) -> bool {
    let Some(PathSegment::Literal { name: navigation }) = path.segments.last() else { return false };
    let has_collection_option = path.query.as_deref().is_some_and(has_collection_query_option);
    let keyed_by_the_operation = || {
        op.paths.iter().any(|other| {
            other.query.is_none()
                && other.method.eq_ignore_ascii_case("GET")
                && matches!(other.segments.split_last(), Some((PathSegment::Parameter { .. }, keyed)) if same_shape(keyed, &path.segments))
        })
    };
    let declared_by_a_model = || {
        models
            .fields
            .values()
            .flatten()
            .any(|field| field.wire_name.eq_ignore_ascii_case(navigation) && field.type_ref.collection && field.type_ref.name == item.name)
    };
    has_collection_option && matches!(item.kind, TypeRefKind::Complex | TypeRefKind::Entity) && (keyed_by_the_operation() || declared_by_a_model())
}

fn response_type(models: &ModelsPlan, krate: &TokenStream, op: &Operation, path: &OperationPath, answers: &ExampleAnswers) -> TokenStream {
    let response = op.response.as_ref();
    let may_be_empty = answers.without_body;
    if answers_with_content(op, path, answers) {
        return quote! { crate::Content };
    }
    // A documented `202 Accepted` or `204 No Content` with no body in any example has
    // nothing to decode, whatever type the page's annotation names.
    let no_example_body = op.examples.iter().filter_map(|e| e.response.as_ref()).all(|r| r.body.is_none());
    match response.and_then(|r| r.status) {
        Some(202) if no_example_body => return quote! { crate::Accepted },
        Some(204) if no_example_body => return quote! { crate::NoContent },
        _ => {}
    }
    let Some(type_ref) = path_response(models, op, path, answers) else {
        return quote! { crate::NoContent };
    };
    let type_ref = type_ref.as_ref();
    if type_ref.kind == TypeRefKind::Untyped {
        return quote! { serde_json::Value };
    }
    let single = TypeRef { collection: false, ..type_ref.clone() };
    let item = models.rust_type_in(krate, &single, false);
    // OData wraps a lone primitive or enum value in an object, `{"value": ...}`, except a
    // `/$count`, which is plain text.
    let counts = matches!(path.segments.last(), Some(PathSegment::System { name }) if name.eq_ignore_ascii_case("$count"));
    match (type_ref.collection, type_ref.kind) {
        (true, _) => quote! { crate::Page<#item> },
        (false, TypeRefKind::Primitive | TypeRefKind::Enum) if !counts => quote! { crate::ValueOf<#item> },
        // An empty body decodes as `None` (`RawResponse::json`).
        (false, TypeRefKind::Complex | TypeRefKind::Entity) if may_be_empty => quote! { Option<#item> },
        (false, _) => item,
    }
}

/// What the examples routed to one endpoint show it answering.
#[derive(Debug, Default, Clone)]
struct ExampleAnswers {
    /// A success with no body, where a body was expected: see [`example_answers`].
    without_body: bool,
    /// How many responses the examples show, and how many of them are redirects.
    responses: usize,
    redirects: usize,
    /// The type the path's own page annotates its examples with (see
    /// [`ExampleAnswers::own_type`]).
    annotated: Annotated,
}

/// What the examples of one path on its own page are annotated with, so far.
#[derive(Debug, Default, Clone)]
enum Annotated {
    #[default]
    NoExample,
    /// Every example names this type.
    One(TypeRef),
    /// They disagree, or one names no known type.
    Mixed,
}

impl Annotated {
    /// With one more example's annotation.
    fn and(self, next: Option<TypeRef>) -> Annotated {
        match (self, next) {
            (Annotated::NoExample, Some(next)) => Annotated::One(next),
            (Annotated::One(earlier), Some(next)) if earlier == next => Annotated::One(earlier),
            _ => Annotated::Mixed,
        }
    }
}

impl ExampleAnswers {
    /// Every answer shown is a redirect (`302 Found` to a thumbnail's bytes), whatever the
    /// page's other paths return.
    fn always_redirects(&self) -> bool {
        self.responses > 0 && self.redirects == self.responses
    }

    /// The type this path returns when its page's examples for it all annotate one type
    /// that is unrelated to the type the operation returns: a page that documents several
    /// reads (`/thumbnails` lists thumbnail sets, `/thumbnails/{id}/{size}` reads one
    /// `thumbnail`). A type derived from the operation's, or one it derives from, is a
    /// case of the operation's polymorphic response, not a different one.
    fn own_type<'a>(&'a self, models: &ModelsPlan, op: &Operation) -> Option<&'a TypeRef> {
        let Annotated::One(annotated) = &self.annotated else { return None };
        let declared = op.response.as_ref()?.type_ref.as_ref()?;
        let related = |a: &str, b: &str| a == b || models.descendants.get(a).is_some_and(|derived| derived.iter().any(|d| d == b));
        let unrelated = !related(&declared.name, &annotated.name) && !related(&annotated.name, &declared.name);
        (unrelated && matches!(annotated.kind, TypeRefKind::Complex | TypeRefKind::Entity)).then_some(annotated)
    }
}

/// What the docs' examples show each endpoint, by (operation id, path index), answering.
/// Each example goes to the path its URL is an instance of, as the replay cases route it,
/// which may be another page's.
///
/// `without_body` marks every write the docs show answering with success and no body: a
/// `204 No Content` after a `PATCH` another page documents as returning the resource
/// (`/organization/{id}/branding`), or a `201 Created` shown empty; and every read the
/// docs show answered `204 No Content` (a branding property that is not set). A GET
/// shown `200 OK` without a body is only cut short, and keeps its type. Such an endpoint
/// returns `Option<T>`, so that the answer the docs show is a success, not a decode error.
fn example_answers(api: &Api) -> BTreeMap<(String, usize), ExampleAnswers> {
    let mut endpoints: BTreeMap<(String, usize), ExampleAnswers> = BTreeMap::new();
    // Annotations are read as the example checker reads them: any case, short or full.
    let types_by_lower_name: BTreeMap<String, TypeRef> =
        api.types.values().map(|def| (def.name.to_ascii_lowercase(), crate::check::type_ref_of(def))).collect();
    for op in api.operations.values() {
        for example in &op.examples {
            let (Some(request), Some(response)) = (&example.request, &example.response) else { continue };
            let Some(concrete) = example_segments(&request.url) else { continue };
            let found = documented_path(api, op, &request.method, &lay_path(&concrete).segments)
                .or_else(|| keys_as_segments(&concrete).and_then(|expanded| documented_path(api, op, &request.method, &lay_path(&expanded).segments)));
            let Some((owner, path_index)) = found else { continue };
            let answers = endpoints.entry((owner.id.clone(), path_index)).or_default();
            let success = response.status.is_some_and(|status| (200..300).contains(&status));
            let is_read = request.method.eq_ignore_ascii_case("GET");
            answers.without_body |= success && response.body.is_none() && (!is_read || response.status == Some(204));
            answers.responses += 1;
            answers.redirects += usize::from(response.status.is_some_and(|status| (300..400).contains(&status)));
            if owner.id == op.id && response.body.is_some() {
                let annotated = response
                    .odata_type
                    .as_deref()
                    .and_then(|written| crate::check::annotation_type_by(written, response.is_collection, |name| types_by_lower_name.get(name).cloned()));
                answers.annotated = std::mem::take(&mut answers.annotated).and(annotated);
            }
        }
    }
    endpoints
}

/// The type of the property a GET path reads one segment beyond the entity or complex
/// value its page returns: `/me/mailboxSettings/workingHours` (a `workingHours`) beside
/// `/me/mailboxSettings` on the same page. Only when the shorter path is documented there
/// too, so a path whose last segment merely shares a property's name (`/me/drive/root`
/// and the `root` facet of a driveItem) keeps the page's type.
fn property_read<'m>(models: &'m ModelsPlan, op: &Operation, path: &OperationPath) -> Option<&'m TypeRef> {
    if !path.method.eq_ignore_ascii_case("GET") {
        return None;
    }
    let (Some(PathSegment::Literal { name }), parent) = (path.segments.last(), &path.segments[..path.segments.len().saturating_sub(1)]) else { return None };
    let returned = op.response.as_ref()?.type_ref.as_ref().filter(|t| !t.collection && matches!(t.kind, TypeRefKind::Complex | TypeRefKind::Entity))?;
    let parent_documented = op.paths.iter().any(|other| other.method.eq_ignore_ascii_case("GET") && same_shape(&other.segments, parent));
    if !parent_documented {
        return None;
    }
    models.fields.get(&returned.name)?.iter().find(|field| field.wire_name.eq_ignore_ascii_case(name) && field.gate.is_none()).map(|field| &field.type_ref)
}

/// Whether the operation's examples upload content rather than JSON: every request
/// example with this method that has a body or a `Content-Type` sends another media type
/// (a file's bytes, a photo, a Teams app zip, a OneNote page's multipart form). The
/// endpoint then takes `graph_client::Content`, whatever resource the page names.
fn uploads_content(op: &Operation, method: &str) -> bool {
    let requests: Vec<&crate::ir::ExampleRequest> = op
        .examples
        .iter()
        .filter_map(|e| e.request.as_ref())
        .filter(|r| r.method.eq_ignore_ascii_case(method) && is_graph_url(&split_request_url(&r.url)))
        .collect();
    // An example that sends nothing (`createReply` with no body) must stay possible.
    if requests.iter().any(|r| r.body.is_none() && r.content_type().is_none()) {
        return false;
    }
    let mut sending = requests.into_iter().filter(|r| r.body.is_some() || r.content_type().is_some()).peekable();
    sending.peek().is_some()
        && sending.all(|request| {
            let is_text = !matches!(request.body, Some(crate::ir::ExampleBody::Json(_)));
            is_text && request.sends_other_media_than_json()
        })
}

/// The type of the body an operation's path takes. `runtime` is the path to graph-client's
/// runtime where the tokens go (`crate` in it, `graph_client` in its tests); `krate`, to
/// graph-models.
fn request_body_type(models: &ModelsPlan, runtime: &TokenStream, krate: &TokenStream, op: &Operation, path: &OperationPath) -> Option<TokenStream> {
    let method = path.method.as_str();
    if uploads_content(op, method) {
        return Some(quote! { #runtime::Content });
    }
    if sends_a_reference(op, path) {
        return Some(quote! { #runtime::Reference });
    }
    if let Some(type_ref) = &op.request_body {
        if type_ref.kind == TypeRefKind::Untyped {
            return Some(quote! { serde_json::Value });
        }
        let single = TypeRef { collection: false, ..type_ref.clone() };
        let item = models.rust_type_in(krate, &single, false);
        return Some(if type_ref.collection {
            quote! { [#item] }
        } else {
            item
        });
    }
    // Parameter tables have become body types (`bodies`); what is left is an example
    // that sends JSON the page never describes.
    // A body in another media type (a MIME message beside the JSON form) is not JSON; a
    // body that claims to be JSON but does not parse still is, as the page means it.
    let sends_body = op
        .examples
        .iter()
        .filter_map(|e| e.request.as_ref())
        .any(|r| r.body.is_some() && !r.sends_other_media_than_json() && r.method.eq_ignore_ascii_case(method));
    sends_body.then(|| quote! { serde_json::Value })
}

/// Whether a request sends an entity reference, `{"@odata.id": url}`: a `POST` or `PUT` to
/// a `$ref` path does, by OData's rules, whatever type the page links (it links the kind
/// of entity referred to, or the type that holds the reference), unless the page's
/// examples send something else there (`{}` to unset one, or a whole object).
fn sends_a_reference(op: &Operation, path: &OperationPath) -> bool {
    let method = path.method.as_str();
    if !(method.eq_ignore_ascii_case("POST") || method.eq_ignore_ascii_case("PUT")) || !crate::ir::is_reference_path(&path.segments) {
        return false;
    }
    op.examples
        .iter()
        .filter_map(|e| e.request.as_ref())
        .filter(|r| r.method.eq_ignore_ascii_case(method) && split_request_url(&r.url).path.ends_with("/$ref"))
        .all(|request| match &request.body {
            Some(crate::ir::ExampleBody::Json(serde_json::Value::Object(members))) => {
                members.len() == 1 && members.get("@odata.id").is_some_and(serde_json::Value::is_string)
            }
            Some(_) => false,
            None => true,
        })
}

/// Whether an operation that takes a JSON body is also documented with a body of another
/// media type (`sendMail`, `forward` and `reply` take a base64 MIME message as
/// `text/plain`): it then gets a second method that sends [`Content`](crate::Content).
fn also_takes_content(op: &Operation, method: &str) -> bool {
    op.examples.iter().filter_map(|e| e.request.as_ref()).any(|request| {
        request.method.eq_ignore_ascii_case(method)
            && is_graph_url(&split_request_url(&request.url))
            && matches!(request.body, Some(crate::ir::ExampleBody::Text(_)))
            && request.sends_other_media_than_json()
    }) && !uploads_content(op, method)
}

/// The name of the method that sends content instead of JSON, beside `method`.
fn content_method_name(method: &str) -> String {
    format!("{method}_content")
}

/// A query parameter a template requires, with a value the caller gives
/// (`startDateTime={start_datetime}` of calendarView, `format={format}` of a converted
/// download): the method takes it as an argument, as it takes a key in the path.
struct RequiredQuery {
    /// As the template writes it, and the service reads it.
    wire: String,
    argument: Ident,
}

/// The required query parameters of `path`, in template order. OData's own options
/// (`$filter=JoinWebUrl eq '{joinWebUrl}'`) choose a different question, not a value the
/// call cannot do without, and fixed values (`includeHiddenFolders=true`) are one variant
/// of a call: both stay with the builder's query options.
fn required_query(path: &OperationPath) -> Vec<RequiredQuery> {
    let Some(query) = &path.query else { return Vec::new() };
    let mut names = UniqueNames::reserving(&["body"]);
    query_pairs(query)
        .filter_map(|(name, value)| {
            let placeholder = value.trim().strip_prefix('{')?.strip_suffix('}')?;
            let plain_name = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            (plain_name && !placeholder.is_empty() && !placeholder.contains(['{', '}'])).then(|| {
                let argument = ident(&names.unique(sanitize(&name, Case::Snake), Case::Snake));
                RequiredQuery { wire: name, argument }
            })
        })
        .collect()
}

/// The template a request names (in errors and traces): `path`'s, or, where the docs give
/// the same request from several roots (`/me/...` and `/users/{userId}/...`, which reach
/// one node), the one of the root the caller's path starts at, chosen when it is sent.
fn template_tokens(op: &Operation, path: &OperationPath) -> TokenStream {
    // As `Node::template_by_root` reads a template's root, so both agree.
    let root = |template: &str| template.trim_start_matches('/').split(['/', '(', ':']).next().unwrap_or_default().to_ascii_lowercase();
    let node = lay_path(&path.segments);
    let mut by_root: Vec<&str> = vec![path.template.as_str()];
    for other in &op.paths {
        if other.method.eq_ignore_ascii_case(&path.method)
            && other.query == path.query
            && by_root.iter().all(|known| root(known) != root(&other.template))
            && same_shape(&lay_path(&other.segments).segments, &node.segments)
        {
            by_root.push(other.template.as_str());
        }
    }
    match by_root.as_slice() {
        [only] => quote! { #only },
        several => quote! { self.0.template_by_root(&[#(#several),*]) },
    }
}

fn operation_tokens(models: &ModelsPlan, krate: &TokenStream, op: &Operation, path: &OperationPath, method: Ident, answers: &ExampleAnswers) -> TokenStream {
    let http_method = ident(&path.method.to_ascii_uppercase());
    let template = template_tokens(op, path);
    let output = response_type(models, krate, op, path, answers);
    let feature = &op.workload;
    let doc = operation_doc(op, path);
    let body_type = request_body_type(models, &quote! { crate }, krate, op, path);
    let required = required_query(path);
    let arguments: Vec<TokenStream> = required.iter().map(|q| q.argument.to_token_stream()).collect();
    let fill_query = required.iter().map(|RequiredQuery { wire, argument }| quote! { .query(#wire, #argument) });
    let fill_query = quote! { #(#fill_query)* };
    let content_variant = (body_type.is_some() && also_takes_content(op, &path.method)).then(|| {
        let name = ident(&content_method_name(&method.to_string()));
        let content_doc = format!(" {}, with a body of another media type than JSON, as the docs also show.", doc_text(&op.title));
        let see_also = format!(" See [`{method}`](Self::{method}) for the JSON form.");
        quote! {
            #[doc = #content_doc]
            #[doc = ""]
            #[doc = #see_also]
            #[cfg(feature = #feature)]
            pub fn #name(&self, #(#arguments: &str,)* body: crate::Content) -> crate::RequestBuilder<#output> {
                self.0.request_with_content(crate::Method::#http_method, #template, body) #fill_query
            }
        }
    });
    let main = match body_type {
        Some(body) if uploads_content(op, &path.method) => quote! {
            #(#[doc = #doc])*
            #[cfg(feature = #feature)]
            pub fn #method(&self, #(#arguments: &str,)* body: #body) -> crate::RequestBuilder<#output> {
                self.0.request_with_content(crate::Method::#http_method, #template, body) #fill_query
            }
        },
        Some(body) => quote! {
            #(#[doc = #doc])*
            #[cfg(feature = #feature)]
            pub fn #method(&self, #(#arguments: &str,)* body: &#body) -> crate::RequestBuilder<#output> {
                self.0.request_with_body(crate::Method::#http_method, #template, body) #fill_query
            }
        },
        None => quote! {
            #(#[doc = #doc])*
            #[cfg(feature = #feature)]
            pub fn #method(&self, #(#arguments: &str),*) -> crate::RequestBuilder<#output> {
                self.0.request(crate::Method::#http_method, #template) #fill_query
            }
        },
    };
    quote! { #main #content_variant }
}

fn operation_doc(op: &Operation, path: &OperationPath) -> Vec<String> {
    let mut doc = vec![format!(" {}", doc_text(&op.title))];
    if !op.description.is_empty() {
        doc.push(String::new());
        doc.push(format!(" {}", doc_text(&op.description)));
    }
    doc.push(String::new());
    doc.push(format!(" Documented at <{}>.", docs_url(&op.doc_page)));
    let rows = [
        ("Delegated (work or school account)", &op.permissions.delegated_work),
        ("Delegated (personal Microsoft account)", &op.permissions.delegated_personal),
        ("Application", &op.permissions.application),
    ];
    if rows.iter().any(|(_, p)| p.is_some()) {
        doc.push(String::new());
        doc.push(" | Permission type | Permissions (least to most privileged) |".to_owned());
        doc.push(" | --- | --- |".to_owned());
        for (kind, permissions) in rows {
            let text = match permissions {
                None => continue,
                Some(list) if list.is_empty() => "Not supported.".to_owned(),
                Some(list) => doc_text(&list.join(", ")),
            };
            doc.push(format!(" | {kind} | {text} |"));
        }
    }
    // The query a template carries is what makes the call this operation (a lookup by
    // `joinWebUrl` rather than a list); the arguments fill in what it requires, and the
    // builder's query options set the rest.
    if let Some(query) = &path.query {
        let decoded = percent_decode(query);
        let required = required_query(path);
        let how = if required.is_empty() {
            "set it with the builder's query options".to_owned()
        } else {
            let filled = required.iter().map(|q| format!("`{}`", q.argument)).collect::<Vec<_>>().join(" and ");
            let verb = if required.len() == 1 { "fills" } else { "fill" };
            let rest = if required.len() == query_pairs(query).count() { "" } else { ", and the builder's query options set the rest" };
            format!("{filled} {verb} it in{rest}")
        };
        doc.push(String::new());
        doc.push(format!(" The docs send this path with the query `{}`; {how}.", doc_text(&decoded)));
    }
    // A header can have a row per value (`Prefer: outlook.timezone`, `Prefer:
    // outlook.body-content-type`); it is named once.
    let mut optional: Vec<&str> = Vec::new();
    for header in op.headers.iter().filter(|h| !h.required) {
        if !optional.iter().any(|known| known.eq_ignore_ascii_case(&header.name)) {
            optional.push(&header.name);
        }
    }
    if !optional.is_empty() {
        doc.push(String::new());
        doc.push(format!(" Optional headers in the docs: {}.", optional.iter().map(|h| format!("`{h}`")).collect::<Vec<_>>().join(", ")));
    }
    doc
}

fn cargo_toml(features: &BTreeSet<String>) -> String {
    let mut feature_lines = String::new();
    let all: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
    feature_lines.push_str(&format!("full = [{}]\n", all.join(", ")));
    for feature in features {
        feature_lines.push_str(&format!("{feature} = [\"graph-models/{feature}\"]\n"));
    }
    format!(
        r#"# @generated by `cargo xtask codegen` from {GENERATOR}; do not edit
[package]
name = "graph-client"
version = "0.1.0"
edition.workspace = true
license.workspace = true
publish.workspace = true
description = "A typed Microsoft Graph client: a small hand-written runtime (auth, retries, paging, errors) and an endpoint for every documented path."

[dependencies]
graph-models.workspace = true
serde.workspace = true
# `raw_value` lets a page's `value` array be decoded apart from its envelope, so only that step is generic.
serde_json = {{ workspace = true, features = ["raw_value"] }}
reqwest.workspace = true
tokio.workspace = true
futures-util.workspace = true
bytes.workspace = true
percent-encoding.workspace = true
httpdate.workspace = true
tracing.workspace = true
# Never called: `~1.1` picks url's unicode-rs back end for international host names
# instead of ICU4X, which builds two dozen crates and syn. Graph's host names are ASCII.
idna_adapter.workspace = true

[dev-dependencies]
serde = {{ workspace = true, features = ["derive"] }}
futures.workspace = true
tokio = {{ workspace = true, features = ["macros", "rt-multi-thread"] }}
wiremock.workspace = true
proptest.workspace = true
codegen.workspace = true
xtask.workspace = true

[features]
default = []
# One feature per workload (the docs' `ms.prod`), each enabling the same feature of graph-models.
{feature_lines}
[[test]]
name = "replay"
required-features = ["full"]

[[test]]
name = "outlook"
required-features = ["outlook"]

[[test]]
name = "seed"
required-features = ["cloud-communications"]

[[example]]
name = "create_online_meeting"
required-features = ["cloud-communications"]
"#
    )
}

/// A generated list of calls, one per request example that maps to an endpoint: the
/// replay test serves each example's response and compares what arrived with the docs.
/// Examples that do not map are listed with the reason, so the test can report them.
fn replay_cases(
    api: &Api,
    tree: &Tree,
    accessors: &[Vec<Accessor>],
    method_names: &MethodNames,
    casts: &BTreeMap<usize, CastCollection>,
    models: &ModelsPlan,
    krate: &TokenStream,
) -> Result<GeneratedFile, String> {
    let mut cases = Vec::new();
    let mut unmapped = Vec::new();
    for op in api.operations.values() {
        for example in &op.examples {
            let Some(request) = &example.request else { continue };
            let page = op.doc_page.clone();
            let line = request.source.line;
            let Some(concrete) = example_segments(&request.url) else { continue };
            let routes = Routes { api, tree, accessors, method_names, casts, models, krate };
            // OData also writes a key in parentheses (`/me/events('AAMk…')`); the client
            // writes it as a segment, which the service takes alike.
            let call = routes.call(op, request, &concrete).or_else(|reason| match keys_as_segments(&concrete) {
                Some(expanded) => routes.call(op, request, &expanded).map_err(|_| reason),
                None => Err(reason),
            });
            let call = match call {
                Ok(call) => call,
                Err(reason) => {
                    unmapped.push(quote! { (#page, #line, #reason), });
                    continue;
                }
            };
            cases.push(quote! {
                Case { page: #page, line: #line, call: |client, input| Box::pin(async move { #call }) },
            });
        }
    }
    let tokens = quote! {
        //! Calls of the generated endpoints, one per documented request example whose URL
        //! maps to an endpoint, for `tests/replay.rs`.
        use super::Case;

        /// Every mapped example, in operation order.
        pub fn cases() -> Vec<Case> {
            vec![#(#cases)*]
        }

        /// Examples whose URL parses but that map to no endpoint: (page, line, why).
        pub const UNMAPPED: &[(&str, u32, &str)] = &[#(#unmapped)*];
    };
    Ok(GeneratedFile { path: REPLAY_FILE.to_owned(), text: format_rust(GENERATOR, tokens)? })
}

/// What the replay cases are routed through: the tree and the names given to its methods.
struct Routes<'a> {
    api: &'a Api,
    tree: &'a Tree,
    accessors: &'a [Vec<Accessor>],
    method_names: &'a MethodNames,
    casts: &'a BTreeMap<usize, CastCollection>,
    models: &'a ModelsPlan,
    krate: &'a TokenStream,
}

impl Routes<'_> {
    /// The generated call for one example: the accessor chain from the client, the values
    /// from the example URL, the typed body, and the operation method.
    fn call(&self, op: &Operation, request: &crate::ir::ExampleRequest, example_segments: &[PathSegment]) -> Result<TokenStream, String> {
        let example = lay_path(example_segments);
        let example_laid = &example.segments[..];
        let method = request.method.to_ascii_uppercase();
        let no_match = || format!("the URL matches no documented {method} path template");
        let (op, path, cast) = match self.find_path(op, &request.method, example_laid) {
            Some((op, path)) => (op, path, None),
            // `/groups/{id}/members/microsoft.graph.user[/$count]`: a cast of a documented
            // collection, which `of_type::<T>()` reaches.
            None => {
                let (collection, type_name, counted) = cast_of_collection(example_laid).filter(|_| method == "GET").ok_or_else(no_match)?;
                let (op, path) = self.find_path(op, "GET", collection).ok_or_else(no_match)?;
                (op, path, Some((type_name, counted)))
            }
        };
        let laid = lay_path(&path.segments).segments;
        let example_prefix = &example_laid[..laid.len()];
        let mut values = match_values(&laid, example_prefix).unwrap_or_default().into_iter();
        let mut chain = quote! { client };
        let mut at = 0;
        let mut position = 0;
        while position < laid.len() {
            // Where the example uses an alias, so does the call: `me()` for `/users/{id}`.
            if let Some(alias) = example.aliases.iter().find(|alias| alias.at == position) {
                let &(_, name, target) = self.tree.aliases.iter().find(|&&(parent, name, _)| parent == at && name == alias.name).ok_or("no alias accessor")?;
                if !self.accessors[at].iter().any(|a| a.name == name && a.child == target) {
                    return Err(format!("`{name}()` is taken by another accessor here"));
                }
                let accessor = ident(name);
                chain = quote! { #chain.#accessor() };
                let keys = laid[position..position + alias.len].iter().filter(|s| matches!(s, PathSegment::Parameter { .. })).count();
                values.by_ref().take(keys).for_each(drop);
                at = target;
                position += alias.len;
                continue;
            }
            let segment = &laid[position];
            position += 1;
            let next = self.tree.nodes[at].children[&segment.key()];
            let accessor = self.accessors[at].iter().find(|a| a.child == next).ok_or("no accessor")?;
            let method = ident(&accessor.name);
            let count = match segment {
                PathSegment::Parameter { .. } | PathSegment::ItemPath { .. } => 1,
                PathSegment::Function { arguments, .. } => arguments.iter().filter(|a| matches!(a.value, ArgumentValue::Parameter(_))).count(),
                _ => 0,
            };
            let arguments = values
                .by_ref()
                .take(count)
                .enumerate()
                .map(|(index, value)| argument_literal(accessor.argument_kinds.get(index).copied(), value))
                .collect::<Result<Vec<_>, _>>()?;
            chain = quote! { #chain.#method(#(#arguments),*) };
            at = next;
        }
        if let Some((type_name, counted)) = cast {
            if !self.casts.contains_key(&at) {
                return Err(format!("the URL casts a collection whose items have no derived types: {}", no_match()));
            }
            let cast_type = self
                .api
                .types
                .keys()
                .find(|name| name.eq_ignore_ascii_case(type_name))
                .ok_or_else(|| format!("the URL casts to `{type_name}`, which no page defines"))?;
            let rust_name = ident(&self.models.rust_names[cast_type]);
            let krate = self.krate;
            let read = if counted {
                quote! { count }
            } else {
                quote! { list }
            };
            return Ok(quote! { input.send(#chain.of_type::<#krate::#rust_name>().#read()).await });
        }
        // The method generated here for the matched HTTP method, or else for the first of
        // the operation's paths on this node, which may have another HTTP method.
        let on_node: Vec<usize> = self.tree.nodes[at].operations.iter().filter(|(id, _)| id == &op.id).map(|(_, index)| *index).collect();
        let path_index = on_node
            .iter()
            .copied()
            .find(|&index| op.paths[index].method.eq_ignore_ascii_case(&path.method))
            .or(on_node.first().copied())
            .ok_or("the operation has no method on the node its URL reaches")?;
        let method = ident(&self.method_names[&(at, op.id.clone(), path_index)]);
        let generated = &op.paths[path_index];
        // The values of the query the method requires, as the example sends them (under
        // any spelling: `startdatetime` in one example; the endpoint sends the template's).
        let example_query: Vec<(String, String)> =
            split_request_url(&request.url).query.as_deref().map(|query| query_pairs(query).collect()).unwrap_or_default();
        let required: Vec<String> = required_query(generated)
            .iter()
            .map(|q| {
                example_query
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(&q.wire))
                    .map(|(_, value)| value.clone())
                    .ok_or_else(|| format!("the example leaves out the query `{}` the endpoint requires", q.wire))
            })
            .collect::<Result<_, _>>()?;
        let required = quote! { #(#required,)* };
        match request_body_type(self.models, &quote! { graph_client }, self.krate, op, generated) {
            Some(_) if uploads_content(op, &generated.method) => Ok(quote! {
                let body = input.content();
                input.send(#chain.#method(#required body)).await
            }),
            Some(_)
                if request.sends_other_media_than_json()
                    && matches!(request.body, Some(crate::ir::ExampleBody::Text(_)))
                    && also_takes_content(op, &generated.method) =>
            {
                let content_method = ident(&content_method_name(&method.to_string()));
                Ok(quote! {
                    let body = input.content();
                    input.send(#chain.#content_method(#required body)).await
                })
            }
            Some(body_type) => {
                let owned = if body_type.to_string().starts_with('[') {
                    let inner: TokenStream = body_type.to_string().trim_start_matches('[').trim_end_matches(']').parse().map_err(|_| "type")?;
                    quote! { Vec<#inner> }
                } else {
                    body_type
                };
                Ok(quote! {
                    let body: #owned = input.body()?;
                    input.send(#chain.#method(#required &body)).await
                })
            }
            None => Ok(quote! { input.send(#chain.#method(#required)).await }),
        }
    }

    /// The documented path with `method` that the example path is an instance of
    /// ([`documented_path`]).
    fn find_path<'o>(&'o self, op: &'o Operation, method: &str, example_laid: &[PathSegment]) -> Option<(&'o Operation, &'o OperationPath)> {
        documented_path(self.api, op, method, example_laid).map(|(owner, index)| (owner, &owner.paths[index]))
    }
}

/// A value from an example URL as the Rust literal its parameter takes.
fn argument_literal(kind: Option<ArgumentKind>, value: String) -> Result<TokenStream, String> {
    let invalid = |kind: &str| format!("the argument value `{value}` is not {kind}");
    Ok(match kind.unwrap_or(ArgumentKind::Text) {
        ArgumentKind::Text => quote! { #value },
        ArgumentKind::Integer(_) => {
            let number: i64 = value.parse().map_err(|_| invalid("an integer"))?;
            proc_macro2::Literal::i64_unsuffixed(number).into_token_stream()
        }
        ArgumentKind::Float(_) => {
            let number: f64 = value.parse().map_err(|_| invalid("a number"))?;
            proc_macro2::Literal::f64_unsuffixed(number).into_token_stream()
        }
        ArgumentKind::Boolean => match value.as_str() {
            "true" => quote! { true },
            "false" => quote! { false },
            _ => return Err(invalid("a boolean")),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::path_template::parse_path_template;

    fn page(title: &str, request: &str) -> String {
        format!(
            "---\ntitle: \"{title}\"\nms.prod: \"users\"\n---\n# {title}\n\n## HTTP request\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\n{request}\n```\n"
        )
    }

    #[test]
    fn a_call_with_arguments_is_named_after_them_beside_the_plain_segment() {
        // The alternate-key form newer pages use, written before the entity set's own path.
        let add = page("Add password", "POST /applications(appId='{appId}')/addPassword");
        let update = page("Update application", "PATCH /applications/{id}");
        let api = crate::emit::api_of(&[("api/application-addpassword.md", &add), ("api/application-update.md", &update)]);
        let files = generate(&api).expect("generates");
        let text: String = files.iter().filter(|f| f.path.starts_with(GENERATED_DIR)).map(|f| f.text.as_str()).collect();
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("pub fn applications(&self) -> Applications {"), "{flat}");
        assert!(flat.contains("pub fn applications_with_app_id(&self, app_id: &str) -> ApplicationsWithAppId {"), "{flat}");
    }

    #[test]
    fn a_post_or_put_to_a_reference_path_sends_a_reference_unless_the_examples_send_more() {
        let example = |method: &str, url: &str, body: &str| {
            format!(
                "<!-- {{ \"blockType\": \"request\", \"name\": \"x\" }} -->\n```http\n{method} https://graph.microsoft.com/v1.0{url}\nContent-type: application/json\n\n{body}\n```\n"
            )
        };
        let with = |title: &str, request: &str, example: String| {
            format!(
                "{}\n## Request body\n\nIn the request body, supply a JSON representation of a [user](../resources/user.md) object.\n\n## Example\n\n{example}",
                page(title, request)
            )
        };
        let user = "---\ntitle: \"user resource type\"\nms.prod: \"users\"\n---\n# user resource type\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n|id|String|Key.|\n";
        let add = with(
            "Add owner",
            "POST /groups/{id}/owners/$ref",
            example("POST", "/groups/1/owners/$ref", r#"{"@odata.id": "https://graph.microsoft.com/v1.0/users/2"}"#),
        );
        let set = page("Assign manager", "PUT /users/{id}/manager/$ref");
        // As `b2xIdentityUserFlow`'s API connector: `{}` unsets it.
        let unset = with("Set connector", "PUT /users/{id}/connector/$ref", example("PUT", "/users/1/connector/$ref", "{ }"));
        let pages = [("resources/user.md", user), ("api/add.md", add.as_str()), ("api/set.md", set.as_str()), ("api/unset.md", unset.as_str())];
        let files = generate(&crate::emit::api_of(&pages)).expect("generates");
        let text: String = files.iter().filter(|f| f.path.starts_with(GENERATED_DIR)).map(|f| f.text.as_str()).collect();
        let bare: String = text.split_whitespace().collect();
        let body_of = |node: &str| {
            let methods = bare.split(&format!("impl{node}{{")).nth(1).unwrap_or_default();
            methods.split("body:&").nth(1).and_then(|rest| rest.split(',').next()).unwrap_or_default().to_owned()
        };
        assert_eq!(body_of("GroupsItemOwnersRef"), "crate::Reference", "{text}");
        assert_eq!(body_of("UsersItemManagerRef"), "crate::Reference", "no example: OData's rule");
        assert_eq!(body_of("UsersItemConnectorRef"), "graph_models::User", "an example sends `{{}}`");
    }

    #[test]
    fn a_query_value_the_template_leaves_to_the_caller_is_an_argument() {
        let view = page("List calendarView", "GET /me/calendarView?startDateTime={start_datetime}&endDateTime={end_datetime}");
        let lookup = page("Get onlineMeeting", "GET /me/onlineMeetings?$filter=JoinWebUrl%20eq%20'{joinWebUrl}'");
        let hidden = page("List mailFolders", "GET /me/mailFolders?includeHiddenFolders=true");
        let pages = [("api/view.md", view.as_str()), ("api/lookup.md", lookup.as_str()), ("api/hidden.md", hidden.as_str())];
        let files = generate(&crate::emit::api_of(&pages)).expect("generates");
        let text: String = files.iter().filter(|f| f.path.starts_with(GENERATED_DIR)).map(|f| f.text.as_str()).collect();
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("pub fn get( &self, start_date_time: &str, end_date_time: &str, )"), "{flat}");
        assert!(flat.contains(r#".query("startDateTime", start_date_time) .query("endDateTime", end_date_time)"#), "{flat}");
        assert!(flat.contains("`start_date_time` and `end_date_time` fill it in."), "{flat}");
        // An OData option asks another question, and a fixed value is one form of the call:
        // the builder sets both.
        assert_eq!(flat.matches(".query(").count(), 2, "{flat}");
        assert_eq!(flat.matches("set it with the builder's query options").count(), 2, "{flat}");
    }

    #[test]
    fn the_template_that_writes_the_required_query_gives_the_arguments_whatever_its_order() {
        let convert = page("Convert to other formats", "GET /items/{id}/content\nGET /items/{item-id}/content?format={format}");
        let files = generate(&crate::emit::api_of(&[("api/convert.md", convert.as_str())])).expect("generates");
        let text: String = files.iter().filter(|f| f.path.starts_with(GENERATED_DIR)).map(|f| f.text.as_str()).collect();
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("pub fn get(&self, format: &str)"), "{flat}");
        assert!(flat.contains("`format` fills it in."), "{flat}");
    }

    #[test]
    fn example_item_paths_match_a_template_item_path() {
        let template = parse_path_template("/drives/{drive-id}/root:/{item-path}:/content").expect("template").segments;
        let laid_template = lay_path(&template).segments.into_owned();
        let values = |url: &str| {
            let example = example_segments(url).expect("a Graph URL");
            match_values(&laid_template, &lay_path(&example).segments)
        };
        // `root` is laid as the alias it is, `items/{item-id}`, whose key the call skips.
        let expected = |drive: &str, item_path: &str| Some(vec![drive.to_owned(), "{item-id}".to_owned(), item_path.to_owned()]);
        assert_eq!(values("/drives/b!x/root:/FolderA/FileB.txt:/content"), expected("b!x", "FolderA/FileB.txt"));
        assert_eq!(values("/drives/{drive-id}/root:/{path-relative-to-root}:/content"), expected("{drive-id}", "{path-relative-to-root}"));
        assert_eq!(values("/drives/b!x/root:/FolderA/FileB.txt:/children"), None);
    }

    #[test]
    fn tabled_function_arguments_are_typed_and_strings_are_quoted() {
        let page = |title: &str, template: &str, rows: &str| {
            format!(
                "---\ntitle: \"{title}\"\nms.prod: \"excel\"\n---\n# {title}\n\n## HTTP request\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\nGET {template}\n```\n\n## Function parameters\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n{rows}"
            )
        };
        let cell = page("Range: cell", "/workbook/names/{name}/range/cell", "|row|Int32|Row.|\n|column|Int32|Column.|\n");
        let view = page("reminderView", "/workbook/reminderView(startDateTime=startDateTime-value)", "|startDateTime|String|Start.|\n");
        let api = crate::emit::api_of(&[("api/range-cell.md", &cell), ("api/user-reminderview.md", &view)]);
        let files = generate(&api).expect("generates");
        let text: String = files.iter().filter(|f| f.path.starts_with(GENERATED_DIR)).map(|f| f.text.as_str()).collect();
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("pub fn cell(&self, row: i32, column: i32)"), "{flat}");
        assert!(flat.contains("(\"row\", crate::FunctionArgument::Bare(&row.to_string()))"));
        let bare: String = flat.split_whitespace().collect();
        assert!(
            bare.contains("(\"startDateTime\",crate::FunctionArgument::String(start_date_time)"),
            "a String parameter is quoted though the template writes it bare: {flat}"
        );
    }

    #[test]
    fn collections_of_a_base_type_offer_a_cast() {
        let list = "---\ntitle: \"List members\"\nms.prod: \"groups\"\n---\n# List members\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /groups/{id}/members\n```\n\n## Example\n\n<!-- { \"blockType\": \"request\", \"name\": \"list\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/groups/1/members/microsoft.graph.user/$count\n```\n\n<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.directoryObject\", \"isCollection\": true } -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{\"value\": []}\n```\n";
        let base = "---\ntitle: \"directoryObject resource type\"\nms.prod: \"groups\"\n---\n# directoryObject resource type\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n| id | String | The id. |\n";
        let user = "---\ntitle: \"user resource type\"\nms.prod: \"groups\"\n---\n# user resource type\n\nInherits from [directoryObject](directoryobject.md).\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n| mail | String | The mail. |\n";
        let api = crate::emit::api_of(&[("api/group-list-members.md", list), ("resources/directoryobject.md", base), ("resources/user.md", user)]);
        assert_eq!(api.types.get("microsoft.graph.user").and_then(|t| t.base_type.as_deref()), Some("microsoft.graph.directoryObject"));
        let files = generate(&api).expect("generates");
        let groups = files.iter().find(|f| f.path.ends_with("/groups.rs")).expect("groups module");
        let flat: String = groups.text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("pub fn of_type<T: graph_models::ODataType + serde::de::DeserializeOwned>( &self, ) -> crate::OfType<T>"), "{flat}");
        assert!(flat.contains("\"/groups/{id}/members/{type}/$count\""));
        let replay = files.iter().find(|f| f.path == REPLAY_FILE).expect("replay cases");
        let bare: String = replay.text.split_whitespace().collect();
        assert!(bare.contains(".members().of_type::<graph_models::User>().count()"), "the example's cast routes through of_type: {bare}");
    }

    #[test]
    fn a_key_in_parentheses_replays_through_the_key_accessor() {
        let get = "---\ntitle: \"Get event\"\nms.prod: \"outlook\"\n---\n# Get event\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /me/events/{id}\n```\n\n## Example\n\n<!-- { \"blockType\": \"request\", \"name\": \"get\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/me/events('AAMkAGI=')?$select=subject\n```\n\n<!-- { \"blockType\": \"request\", \"name\": \"placeholder\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/me/events({id})\n```\n";
        let api = crate::emit::api_of(&[("api/event-get.md", get)]);
        let files = generate(&api).expect("generates");
        let replay = files.iter().find(|f| f.path == REPLAY_FILE).expect("replay cases");
        let bare: String = replay.text.split_whitespace().collect();
        assert!(bare.contains(".events().item(\"AAMkAGI=\").get()"), "the quoted key is the item's: {bare}");
        assert!(bare.contains(".events().item(\"{id}\").get()"), "so is a placeholder key: {bare}");
        assert!(!bare.contains("matchesnodocumented"), "{bare}");
    }

    #[test]
    fn a_page_with_patch_and_put_for_one_path_gets_both_methods() {
        let update = "---\ntitle: \"Update branding\"\nms.prod: \"directory\"\n---\n# Update branding\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPATCH /organization/{id}/branding\nPUT /organization/{id}/branding\n```\n\n## Example\n\n<!-- { \"blockType\": \"request\", \"name\": \"put\" } -->\n```http\nPUT https://graph.microsoft.com/v1.0/organization/1/branding\nContent-Type: application/json\n\n{\"signInPageText\": \"hi\"}\n```\n\n<!-- { \"blockType\": \"request\", \"name\": \"patch\" } -->\n```http\nPATCH https://graph.microsoft.com/v1.0/organization/1/branding\nContent-Type: application/json\n\n{\"signInPageText\": \"hi\"}\n```\n";
        let branding = "---\ntitle: \"organizationalBranding resource type\"\nms.prod: \"directory\"\n---\n# organizationalBranding resource type\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n| signInPageText | String | The text. |\n";
        let api = crate::emit::api_of(&[("api/organizationalbranding-update.md", update), ("resources/organizationalbranding.md", branding)]);
        let files = generate(&api).expect("generates");
        let module = files.iter().find(|f| f.path.ends_with("/organization.rs")).expect("organization module");
        let flat: String = module.text.split_whitespace().collect();
        assert!(flat.contains("pubfnupdate(") && flat.contains("crate::Method::PATCH"), "PATCH is `update`: {flat}");
        assert!(flat.contains("pubfnput(") && flat.contains("crate::Method::PUT"), "PUT is `put`: {flat}");
        let replay = files.iter().find(|f| f.path == REPLAY_FILE).expect("replay cases");
        let bare: String = replay.text.split_whitespace().collect();
        let (put_case, patch_case) = (
            bare.find(".branding().put(&body)").expect("the PUT example calls put"),
            bare.find(".branding().update(&body)").expect("the PATCH example calls update"),
        );
        assert!(put_case < patch_case, "each example keeps its own method, in page order: {bare}");
    }

    #[test]
    fn a_write_the_docs_show_answered_without_a_body_may_return_nothing() {
        // As `api/organizationalbrandingproperties-create.md` (201 and the resource) and
        // `-update.md` (204, its example on the create page's URL).
        let create = "---\ntitle: \"Create branding\"\nms.prod: \"directory\"\n---\n# Create branding\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPATCH /organization/{id}/branding\n```\n\n## Response\n\nIf successful, this method returns a `201 Created` response code and an [organizationalBranding](../resources/organizationalbranding.md) object in the response body.\n";
        let update = "---\ntitle: \"Update branding\"\nms.prod: \"directory\"\n---\n# Update branding\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPATCH /organization/{id}/branding/{name}\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and an [organizationalBranding](../resources/organizationalbranding.md) object in the response body.\n\n## Example\n\n<!-- { \"blockType\": \"request\", \"name\": \"patch\" } -->\n```http\nPATCH https://graph.microsoft.com/v1.0/organization/1/branding\nContent-Type: application/json\n\n{\"signInPageText\": \"hi\"}\n```\n\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 204 No Content\n```\n";
        let branding = "---\ntitle: \"organizationalBranding resource type\"\nms.prod: \"directory\"\n---\n# organizationalBranding resource type\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n| signInPageText | String | The text. |\n";
        let pages = [
            ("api/organizationalbranding-create.md", create),
            ("api/organizationalbranding-update.md", update),
            ("resources/organizationalbranding.md", branding),
        ];
        let flat_module = |pages: &[(&str, &str)]| {
            let files = generate(&crate::emit::api_of(pages)).expect("generates");
            files.iter().find(|f| f.path.ends_with("/organization.rs")).expect("organization module").text.split_whitespace().collect::<String>()
        };
        let flat = flat_module(&pages);
        assert!(flat.contains("crate::RequestBuilder<Option<graph_models::OrganizationalBranding>>"), "the create page's PATCH may answer 204: {flat}");
        assert!(flat.contains("crate::RequestBuilder<graph_models::OrganizationalBranding>"), "the update page's own path has no such example: {flat}");
        // Without the 204 example, both return the resource.
        let without_example = update.split("## Example").next().expect("text");
        let flat = flat_module(&[pages[0], ("api/organizationalbranding-update.md", without_example), pages[2]]);
        assert!(!flat.contains("Option<graph_models::OrganizationalBranding>"), "{flat}");
    }

    #[test]
    fn a_read_the_docs_show_answered_no_content_may_return_nothing() {
        // As `api/organizationalbrandingproperties-get.md`: a property that is not set.
        let get = |status: &str| {
            format!(
                "---\ntitle: \"Get branding\"\nms.prod: \"directory\"\n---\n# Get branding\n\n## HTTP request\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\nGET /organization/{{id}}/branding\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and an [organizationalBranding](../resources/organizationalbranding.md) object in the response body.\n\n## Example\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"get\" }} -->\n```http\nGET https://graph.microsoft.com/v1.0/organization/1/branding\n```\n\n<!-- {{ \"blockType\": \"response\" }} -->\n```http\nHTTP/1.1 {status}\n```\n"
            )
        };
        let branding = "---\ntitle: \"organizationalBranding resource type\"\nms.prod: \"directory\"\n---\n# organizationalBranding resource type\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n| signInPageText | String | The text. |\n";
        let getter = |status: &str| {
            let page = get(status);
            let files = generate(&crate::emit::api_of(&[("api/organizationalbranding-get.md", &page), ("resources/organizationalbranding.md", branding)]))
                .expect("generates");
            let flat = files.iter().find(|f| f.path.ends_with("/organization.rs")).expect("organization module").text.split_whitespace().collect::<String>();
            flat.contains("crate::RequestBuilder<Option<graph_models::OrganizationalBranding>>")
        };
        assert!(getter("204 No Content"), "an explicit 204 may come instead of the resource");
        assert!(!getter("200 OK"), "a 200 shown without its body is only cut short");
    }

    #[test]
    fn each_path_of_a_page_returns_what_its_own_examples_show() {
        // As `driveitem-list-thumbnails.md`: the page lists thumbnail sets, and also reads
        // one thumbnail and (by a redirect) its bytes, each with an example of its own.
        let list = "---\ntitle: \"List thumbnails\"\nms.prod: \"sharepoint\"\n---\n# List thumbnails\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /me/drive/items/{item-id}/thumbnails\nGET /me/drive/items/{item-id}/thumbnails/{thumb-id}/{size}\nGET /me/drive/items/{item-id}/thumbnails/{thumb-id}/{size}/content\n```\n\n## Examples\n\n<!-- { \"blockType\": \"request\" } -->\n```http\nGET /me/drive/items/{item-id}/thumbnails\n```\n\n<!-- { \"blockType\": \"response\", \"@odata.type\": \"Collection(microsoft.graph.thumbnailSet)\" } -->\n```http\nHTTP/1.1 200 OK\n\n{\"value\": [{\"id\": \"0\"}]}\n```\n\n<!-- { \"blockType\": \"request\" } -->\n```http\nGET /me/drive/items/{item-id}/thumbnails/{thumb-id}/{size}\n```\n\n<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.thumbnail\" } -->\n```http\nHTTP/1.1 200 OK\n\n{\"width\": 100}\n```\n\n<!-- { \"blockType\": \"request\" } -->\n```http\nGET /me/drive/items/{item-id}/thumbnails/{thumb-id}/{size}/content\n```\n\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 302 Found\nLocation: https://example.com/t.jpg\n```\n";
        let resource = |name: &str, rows: &str| {
            format!(
                "---\ntitle: \"{name} resource type\"\nms.prod: \"sharepoint\"\n---\n# {name} resource type\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n{rows}"
            )
        };
        let (set, thumbnail) = (resource("thumbnailSet", "|id|String| The id. |\n"), resource("thumbnail", "|width|Int32| The width. |\n"));
        let api =
            crate::emit::api_of(&[("api/driveitem-list-thumbnails.md", list), ("resources/thumbnailset.md", &set), ("resources/thumbnail.md", &thumbnail)]);
        let files = generate(&api).expect("generates");
        let module = files.iter().find(|f| f.path.ends_with("/users.rs")).expect("users module");
        let flat: String = module.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let bare: String = flat.split_whitespace().collect();
        assert!(bare.contains("pubfnlist(&self,)->crate::RequestBuilder<crate::Page<graph_models::ThumbnailSet>>"), "the page's type: {flat}");
        assert!(flat.contains("pub fn get(&self) -> crate::RequestBuilder<graph_models::Thumbnail>"), "one thumbnail, as its example shows: {flat}");
        assert!(flat.contains("pub fn get(&self) -> crate::RequestBuilder<crate::Content>"), "its bytes, by the redirect its example shows: {flat}");
    }

    #[test]
    fn a_template_with_a_query_string_leaves_the_plain_verb_to_the_plain_path() {
        // `aaa-get` sorts first, but its template is a filtered variant of the plain read.
        let page = |title: &str, template: &str| {
            format!(
                "---\ntitle: \"{title}\"\nms.prod: \"outlook\"\n---\n# {title}\n\n## HTTP request\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\nGET {template}\n```\n"
            )
        };
        let (variant, plain) = (page("Get expanded widget", "/me/widgets/{id}?$expand=parts"), page("Get widget", "/me/widgets/{id}"));
        let api = crate::emit::api_of(&[("api/aaa-get.md", &variant), ("api/widget-get.md", &plain)]);
        let files = generate(&api).expect("generates");
        let module = files.iter().find(|f| f.path.ends_with("/users.rs")).expect("users module");
        let bare: String = module.text.split_whitespace().collect();
        assert!(bare.contains("pubfnget_aaa_get("), "the variant is named after its page: {bare}");
        assert!(bare.contains("///Getwidget"), "{bare}");
        let plain_at = bare.find("///Getwidget").expect("plain read");
        assert!(bare[plain_at..].contains("pubfnget("), "the plain read takes `get`: {bare}");
    }

    #[test]
    fn a_filter_over_the_collection_an_item_is_keyed_in_lists_those_items() {
        // As `onlinemeeting-get.md`: one meeting by key, or found by a filter, which the
        // service answers with a collection. A filter over another collection (events
        // with a given extension, on a page about the extension) keeps the page's type.
        let get = "---\ntitle: \"Get meeting\"\nms.prod: \"cloud-communications\"\n---\n# Get meeting\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /me/onlineMeetings/{meetingId}\nGET /me/onlineMeetings?$filter=JoinWebUrl%20eq%20'{joinWebUrl}'\nGET /me/events?$filter=Extensions/any(f:f/id%20eq%20'{extensionId}')\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and an [onlineMeeting](../resources/onlinemeeting.md) object in the response body.\n";
        let meeting = "---\ntitle: \"onlineMeeting resource type\"\nms.prod: \"cloud-communications\"\n---\n# onlineMeeting resource type\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n|id|String| The id. |\n|joinWebUrl|String| The URL. |\n";
        let api = crate::emit::api_of(&[("api/onlinemeeting-get.md", get), ("resources/onlinemeeting.md", meeting)]);
        let files = generate(&api).expect("generates");
        let module = files.iter().find(|f| f.path.ends_with("/users.rs")).expect("users module");
        let bare: String = module.text.split_whitespace().collect();
        assert!(bare.contains("pubfnlist(&self,)->crate::RequestBuilder<crate::Page<graph_models::OnlineMeeting>>"), "the filter lists meetings: {bare}");
        assert!(bare.contains("pubfnget(&self)->crate::RequestBuilder<graph_models::OnlineMeeting>"), "the key reads one: {bare}");
        assert!(bare.contains("crate::RequestBuilder<graph_models::OnlineMeeting>{self.0.request(crate::Method::GET,\"/me/events\")"), "{bare}");
        assert!(bare.contains("///Thedocssendthispathwiththequery`$filter=JoinWebUrleq'{joinWebUrl}'`"), "the template's query is documented: {bare}");
    }

    #[test]
    fn a_header_with_a_row_per_value_is_named_once() {
        // As in `user-list-calendarview.md`: `Prefer: outlook.timezone` and `Prefer: outlook.body-content-type`.
        let page = "---\ntitle: \"List calendarView\"\nms.prod: \"outlook\"\n---\n# List calendarView\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /me/calendarView\n```\n\n## Request headers\n| Name | Type | Description |\n|:---|:---|:---|\n| Authorization | string | Bearer {token}. Required. |\n| Prefer: outlook.timezone | string | The time zone. Optional. |\n| Prefer: outlook.body-content-type | string | The body format. Optional. |\n";
        let api = crate::emit::api_of(&[("api/user-list-calendarview.md", page)]);
        let files = generate(&api).expect("generates");
        let module = files.iter().find(|f| f.path.ends_with("/users.rs")).expect("users module");
        assert!(module.text.contains("/// Optional headers in the docs: `Prefer`.\n"), "{}", module.text);
    }

    #[test]
    fn a_raw_value_path_reads_content_beside_the_entity_it_belongs_to() {
        let get = "---\ntitle: \"Get message\"\nms.prod: \"outlook\"\n---\n# Get message\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /me/messages/{id}\nGET /me/messages/{id}/$value\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a [message](../resources/message.md) object in the response body.\n";
        let message = "---\ntitle: \"message resource type\"\nms.prod: \"outlook\"\n---\n# message resource type\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n|id|String| The id. |\n|subject|String| The subject. |\n";
        let api = crate::emit::api_of(&[("api/message-get.md", get), ("resources/message.md", message)]);
        let files = generate(&api).expect("generates");
        let module = files.iter().find(|f| f.path.ends_with("/users.rs")).expect("users module");
        let flat: String = module.text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("crate::RequestBuilder<graph_models::Message>"), "the entity is read as JSON: {flat}");
        assert!(flat.contains("crate::RequestBuilder<crate::Content>"), "`$value` is read as content: {flat}");
    }

    #[test]
    fn a_path_one_property_beyond_the_page_type_reads_that_property() {
        let get = "---\ntitle: \"Get mailboxSettings\"\nms.prod: \"outlook\"\n---\n# Get mailboxSettings\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /me/mailboxSettings\nGET /me/mailboxSettings/timeZone\nGET /me/mailboxSettings/workingHours\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a [mailboxSettings](../resources/mailboxsettings.md) object in the response body.\n";
        let settings = "---\ntitle: \"mailboxSettings resource type\"\nms.prod: \"outlook\"\n---\n# mailboxSettings resource type\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n|timeZone|String| The time zone. |\n|workingHours|[workingHours](workinghours.md)| The hours. |\n";
        let hours = "---\ntitle: \"workingHours resource type\"\nms.prod: \"outlook\"\n---\n# workingHours resource type\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n|startTime|TimeOfDay| The start. |\n";
        let api =
            crate::emit::api_of(&[("api/user-get-mailboxsettings.md", get), ("resources/mailboxsettings.md", settings), ("resources/workinghours.md", hours)]);
        let files = generate(&api).expect("generates");
        let module = files.iter().find(|f| f.path.ends_with("/users.rs")).expect("users module");
        let flat: String = module.text.split_whitespace().collect();
        assert!(flat.contains("RequestBuilder<graph_models::MailboxSettings>"), "the settings themselves: {flat}");
        assert!(flat.contains("RequestBuilder<graph_models::WorkingHours>"), "a complex property: {flat}");
        assert!(flat.contains("RequestBuilder<crate::ValueOf<String>>"), "a primitive property comes wrapped in `value`: {flat}");
    }

    #[test]
    fn me_and_users_share_one_subtree() {
        let api = crate::emit::api_of(&[
            ("api/list-messages.md", &page("list messages", "GET /me/messages")),
            ("api/list-events.md", &page("list events", "GET /users/{id}/events")),
        ]);
        let tree = Tree::build(&api);
        assert!(tree.aliases.iter().any(|&(parent, name, _)| parent == 0 && name == "me"));
        assert!(!tree.nodes[0].children.contains_key(&SegmentKey::Literal("me".to_owned())), "no separate /me subtree");
        let users = tree.nodes[0].children[&SegmentKey::Literal("users".to_owned())];
        let user = tree.nodes[users].children[&SegmentKey::Key];
        let below: Vec<&SegmentKey> = tree.nodes[user].children.keys().collect();
        assert_eq!(below, [&SegmentKey::Literal("events".to_owned()), &SegmentKey::Literal("messages".to_owned())]);

        let files = generate(&api).expect("generates");
        assert!(files.iter().any(|f| f.text.contains("pub fn me(&self) -> UsersItem")), "me() reaches the node user(id) does");
    }

    #[test]
    fn a_drive_root_is_one_of_its_items_and_drive_is_the_signed_in_users() {
        let segments = |template: &str| parse_path_template(template).expect("parses").segments;
        let children = segments("/drive/root/children");
        let laid = lay_path(&children);
        let names: Vec<String> = laid.segments.iter().map(segment_word).collect();
        assert_eq!(names, ["users", "item", "drive", "items", "item", "children"]);
        assert_eq!(laid.aliases.iter().map(|a| (a.at, a.len, a.name)).collect::<Vec<_>>(), [(0, 3, "drive"), (3, 2, "root")]);
        let by_path = segments("/drives/{id}/root:/{path}:");
        assert_eq!(lay_path(&by_path).aliases.iter().map(|a| a.name).collect::<Vec<_>>(), ["root"]);
        let sites = segments("/sites/root/sites");
        assert!(lay_path(&sites).aliases.is_empty(), "`root` of a site is not a drive item");

        let api = crate::emit::api_of(&[
            ("api/driveitem-list-children.md", &page("list children", "GET /drive/root/children")),
            ("api/driveitem-get.md", &page("get item", "GET /drives/{drive-id}/items/{item-id}")),
        ]);
        let files = generate(&api).expect("generates");
        let text: String = files.iter().map(|f| f.text.as_str()).collect();
        assert!(text.contains("pub fn drive(&self) -> UsersItemDrive"), "drive() is the signed-in user's drive");
        assert!(text.contains("pub fn root(&self) -> UsersItemDriveItemsItem"), "root() reaches the item node");
        assert!(text.contains("pub fn drives_item("), "the drives shortcut gives way to the alias");
    }
}
