//! `/$count` on every documented collection: OData lets a client ask any collection for
//! the number of its items (`GET /users/$count`, plain text), and the docs use it in
//! examples far more often than they document it as an operation.
//!
//! So, as with action bodies, an operation is added to a copy of the IR before the client
//! is planned: for each path of a `GET` that returns a collection, the same path with a
//! `$count` segment, returning `Edm.Int64`. The IR itself is left alone.

use crate::ir::{Api, Operation, OperationPath, PathSegment, ResponseDef, TypeRef};

/// The suffix of the ids of the added operations; ids come from page names, which have no `$`.
pub const COUNT_ID_SUFFIX: &str = "$count";

/// Whether a path of an operation reads a collection a client may count: a `GET` of a
/// collection, at a segment that names one (a function's result is not addressable
/// further).
pub fn is_countable(op: &Operation, path: &OperationPath) -> bool {
    let returns_collection = op.response.as_ref().and_then(|r| r.type_ref.as_ref()).is_some_and(|t| t.collection);
    op.method.eq_ignore_ascii_case("GET")
        && returns_collection
        && path.method.eq_ignore_ascii_case("GET")
        && matches!(path.segments.last(), Some(PathSegment::Literal { .. } | PathSegment::Cast { .. }))
}

/// `api` with a `/$count` operation for each collection read that has no documented one.
pub fn with_collection_counts(api: &Api) -> Api {
    let mut out = api.clone();
    let documented: std::collections::BTreeSet<String> = api
        .operations
        .values()
        .flat_map(|op| op.paths.iter())
        .filter(|path| path.method.eq_ignore_ascii_case("GET"))
        .map(|path| path.template.to_ascii_lowercase())
        .collect();
    for op in api.operations.values() {
        let paths: Vec<_> = op
            .paths
            .iter()
            .filter(|path| is_countable(op, path))
            .filter(|path| !documented.contains(&format!("{}/$count", path.template.trim_end_matches('/')).to_ascii_lowercase()))
            .map(|path| {
                let mut counted = path.clone();
                counted.template = format!("{}/$count", path.template.trim_end_matches('/'));
                counted.segments.push(PathSegment::System { name: "$count".to_owned() });
                counted.query = None;
                counted
            })
            .collect();
        if paths.is_empty() {
            continue;
        }
        let count = Operation {
            id: format!("{}{COUNT_ID_SUFFIX}", op.id),
            title: format!("Count: {}", op.title),
            description: "The number of items in the collection (OData `/$count`, returned as plain text). Directory objects also need `consistency_level(\"eventual\")`.".to_owned(),
            paths,
            request_body: None,
            request_parameters: Vec::new(),
            function_parameters: Vec::new(),
            response: Some(ResponseDef { status: Some(200), type_ref: Some(TypeRef::primitive("Edm.Int64")) }),
            examples: Vec::new(),
            ..op.clone()
        };
        out.operations.insert(count.id.clone(), count);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST_USERS: &str = "---\ntitle: \"List users\"\nms.prod: \"users\"\n---\n# List users\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /users\nGET /users/{id}/functions(x=1)\n```\n\n## Example\n\n<!-- { \"blockType\": \"request\", \"name\": \"list_users\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/users\n```\n\n<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.user\", \"isCollection\": true } -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{\"value\": []}\n```\n";
    const USER: &str = "---\ntitle: \"user resource type\"\nms.prod: \"users\"\n---\n# user resource type\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n| id | String | The id. |\n";

    #[test]
    fn a_collection_read_gains_a_count_and_function_results_do_not() {
        let api = crate::emit::api_of(&[("api/user-list.md", LIST_USERS), ("resources/user.md", USER)]);
        assert!(
            api.operations["user-list"].response.as_ref().and_then(|r| r.type_ref.as_ref()).is_some_and(|t| t.collection),
            "the page is read as a collection read"
        );
        let with_counts = with_collection_counts(&api);
        let count = &with_counts.operations["user-list$count"];
        assert_eq!(count.paths.iter().map(|p| p.template.as_str()).collect::<Vec<_>>(), ["/users/$count"]);
        assert_eq!(count.response.as_ref().and_then(|r| r.type_ref.as_ref()).map(|t| t.name.as_str()), Some("Edm.Int64"));
        assert_eq!(with_counts.operations.len(), api.operations.len() + 1);
    }
}
