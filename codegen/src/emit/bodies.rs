//! Typed bodies for actions whose page documents its JSON body as a parameter table
//! (`addKey`: `keyCredential`, `passwordCredential`, `proof`) rather than as a resource.
//!
//! Such a body is an object type in all but name, so it is given one: a complex type per
//! operation, added to a copy of the IR before the models and the client are planned. It
//! then gets everything a model gets (a struct in the operation's workload, its feature,
//! `additional_properties`, shared decoding) and the endpoint takes it as its body. The
//! IR itself is left alone: these types are not in the docs' schema.

use std::collections::BTreeMap;

use crate::ir::{Api, Operation, PathSegment, TypeDef, TypeKind, TypeRef, TypeRefKind};

/// The namespace of the added types. It has more than two dots, so the models' naming
/// gives real `microsoft.graph` types their names first on a clash.
pub const BODY_NAMESPACE: &str = "microsoft.graph.actionBodies";

/// `api` with a body type for every operation that has body parameters and no body type.
pub fn with_action_bodies(api: &Api) -> Api {
    let mut out = api.clone();
    for op in out.operations.values_mut() {
        if op.request_body.is_some() || op.request_parameters.is_empty() {
            continue;
        }
        let base = format!("{BODY_NAMESPACE}.{}", body_type_name(api, op));
        let mut name = base.clone();
        let mut suffix = 2;
        while api.types.contains_key(&name) {
            name = format!("{base}{suffix}");
            suffix += 1;
        }
        let def = TypeDef {
            name: name.clone(),
            kind: TypeKind::Complex,
            base_type: None,
            is_open: false,
            is_abstract: false,
            workload: op.workload.clone(),
            description: format!("The JSON body of \"{}\".", op.title),
            doc_page: op.doc_page.clone(),
            properties: op.request_parameters.clone(),
            optional_properties: Default::default(),
            json_properties: Default::default(),
            source: op.request_parameters[0].source.clone(),
        };
        op.request_body = Some(TypeRef { name: name.clone(), kind: TypeRefKind::Complex, collection: false });
        out.types.insert(name, def);
    }
    out
}

/// Whether `name` is one of the added body types.
pub fn is_action_body(name: &str) -> bool {
    name.strip_prefix(BODY_NAMESPACE).is_some_and(|rest| rest.starts_with('.'))
}

/// `user-sendmail` → `userSendMailBody`: the operation id (unique, so the name is too),
/// each word cased as the docs case it in the operation's paths and title or in a type
/// name, since ids are lower case.
fn body_type_name(api: &Api, op: &Operation) -> String {
    let mut casing: BTreeMap<String, String> = BTreeMap::new();
    let mut learn = |word: &str| {
        let word = word.rsplit('.').next().unwrap_or(word).trim_matches(|c: char| !c.is_ascii_alphanumeric());
        if !word.is_empty() {
            casing.entry(word.to_ascii_lowercase()).or_insert_with(|| word.to_owned());
        }
    };
    for path in &op.paths {
        for segment in &path.segments {
            match segment {
                PathSegment::Literal { name } | PathSegment::Function { name, .. } => learn(name),
                PathSegment::Cast { type_name } => learn(type_name),
                _ => {}
            }
        }
    }
    op.title.split_whitespace().for_each(&mut learn);
    api.types.keys().chain(api.enums.keys()).for_each(|name| learn(name));
    let mut name = String::new();
    for word in op.id.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        let cased = casing.get(&word.to_ascii_lowercase()).map_or(word, String::as_str);
        let mut chars = cased.chars();
        if let Some(first) = chars.next() {
            if name.is_empty() {
                name.push(first.to_ascii_lowercase());
            } else {
                name.push(first.to_ascii_uppercase());
            }
            name.extend(chars);
        }
    }
    name.push_str("Body");
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEND_MAIL: &str = "---\ntitle: \"user: sendMail\"\nms.prod: \"outlook\"\n---\n# user: sendMail\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPOST /me/sendMail\n```\n\n## Request body\n\n| Parameter | Type | Description |\n|:---|:---|:---|\n| saveToSentItems | Boolean | Whether to save. |\n";

    #[test]
    fn a_parameter_table_becomes_a_body_type_named_after_the_operation() {
        let api = crate::emit::api_of(&[("api/user-sendmail.md", SEND_MAIL)]);
        let op = &api.operations["user-sendmail"];
        assert!(op.request_body.is_none(), "the IR keeps the page as written");
        let with_bodies = with_action_bodies(&api);
        let body = with_bodies.operations["user-sendmail"].request_body.as_ref().expect("a body type");
        assert_eq!(body.name, "microsoft.graph.actionBodies.userSendMailBody");
        let def = &with_bodies.types[&body.name];
        assert_eq!(def.properties.iter().map(|p| (p.name.as_str(), p.type_ref.name.as_str())).collect::<Vec<_>>(), [("saveToSentItems", "Edm.Boolean")]);
        assert_eq!(def.workload, op.workload);
        assert!(is_action_body(&def.name) && !is_action_body("microsoft.graph.user"));
    }
}
