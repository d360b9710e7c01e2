//! The handle every generated navigation type wraps: a client plus the encoded path so far.
//!
//! Generated code mirrors the URL (`client.users().user(id).online_meetings()`); each step
//! appends one segment here, and every value a caller passes goes through the encoders in
//! [`crate::path`], so the only unencoded text in a path is the docs' own literal text.

use std::fmt;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::{Content, GraphClient, HeaderValue, Method, Page, Request, RequestBuilder, encode_path_segment, odata_string_literal};

/// A position in the URL space: where a generated navigation type points.
#[derive(Clone)]
pub struct Node {
    client: GraphClient,
    path: String,
}

/// One argument of a function segment such as `range(address='A1:B2')`.
#[derive(Debug, Clone, Copy)]
pub enum FunctionArgument<'a> {
    /// The docs quote it: an OData string literal, quoted and escaped.
    String(&'a str),
    /// The docs write it bare (a number, a date, an enum literal): percent-encoded only.
    Bare(&'a str),
    /// A value the docs fix, written as in the docs.
    Fixed(&'static str),
}

impl Node {
    /// The service root (the client's base URL).
    pub fn root(client: &GraphClient) -> Self {
        Node { client: client.clone(), path: String::new() }
    }

    /// The encoded path so far, relative to the base URL (empty at the root).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// `/name`, for the docs' own literal text: entity sets, navigation properties, casts, `$ref`.
    pub fn literal(&self, name: &'static str) -> Self {
        self.extended(&["/", name])
    }

    /// `/{value}`: a key, encoded as exactly one segment.
    pub fn key(&self, value: &str) -> Self {
        self.extended(&["/", &encode_path_segment(value)])
    }

    /// `/name(a='x',b=1)`. An argument without a name is positional (`/items('x')`). A call
    /// without a name is a key by another property, which the docs write as a segment of
    /// its own without parentheses (`/directoryRoles/roleTemplateId=x`).
    pub fn function(&self, name: &'static str, arguments: &[(&'static str, FunctionArgument<'_>)]) -> Self {
        let mut segment = String::from(name);
        if !name.is_empty() {
            segment.push('(');
        }
        for (index, (argument, value)) in arguments.iter().enumerate() {
            if index > 0 {
                segment.push(',');
            }
            if !argument.is_empty() {
                segment.push_str(argument);
                segment.push('=');
            }
            match value {
                FunctionArgument::String(text) => segment.push_str(&odata_string_literal(text)),
                FunctionArgument::Bare(text) => segment.push_str(&encode_path_segment(text)),
                FunctionArgument::Fixed(text) => segment.push_str(text),
            }
        }
        if !name.is_empty() {
            segment.push(')');
        }
        self.extended(&["/", &segment])
    }

    /// `:/folder/file.txt:`, path-based addressing under a drive item: each `/`-separated
    /// part is encoded on its own, so the path can name nested folders but nothing else.
    pub fn item_path(&self, item_path: &str) -> Self {
        let parts: Vec<String> = item_path.trim_matches('/').split('/').map(encode_path_segment).collect();
        self.extended(&[":/", &parts.join("/"), ":"])
    }

    /// Of the templates the docs give for one request to this node (`/me/onlineMeetings`,
    /// `/users/{userId}/onlineMeetings`), the one that starts where this path starts, so that
    /// errors and traces name the path the caller took; the first when none does.
    pub fn template_by_root(&self, templates: &[&'static str]) -> &'static str {
        let root = |path: &str| path.trim_start_matches('/').split(['/', '(', ':']).next().unwrap_or_default().to_ascii_lowercase();
        let own = root(&self.path);
        templates.iter().copied().find(|template| root(template) == own).or_else(|| templates.first().copied()).unwrap_or_default()
    }

    /// A request to this path, documented as `template`, with an optional JSON body.
    pub fn request<T>(&self, method: Method, template: &'static str) -> RequestBuilder<T> {
        RequestBuilder::new(self.client.clone(), Request::new(method, template, self.request_path(template)))
    }

    /// A request with a JSON body; a body that will not serialise is reported by `send`.
    pub fn request_with_body<T, B: serde::Serialize + ?Sized>(&self, method: Method, template: &'static str, body: &B) -> RequestBuilder<T> {
        let request = Request::new(method, template, self.request_path(template)).with_deferred_json_body(body);
        RequestBuilder::new(self.client.clone(), request)
    }

    /// A request whose body is content other than JSON, sent with its own media type. A
    /// media type that is not a valid header value is reported by `send`.
    pub fn request_with_content<T>(&self, method: Method, template: &'static str, content: Content) -> RequestBuilder<T> {
        let mut request = Request::new(method, template, self.request_path(template));
        let content_type = content.content_type.as_deref().unwrap_or("application/octet-stream");
        match HeaderValue::from_str(content_type) {
            Ok(value) => request.set_body(value, content.bytes.to_vec()),
            Err(_) => request.deferred_error = Some(format!("`{content_type}` is not a valid content type")),
        }
        RequestBuilder::new(self.client.clone(), request)
    }

    /// The path to send. An item path is closed with `:` so that segments can follow it;
    /// where the template ends in one left open (`/sites/{hostname}:/{server-relative-path}`),
    /// so does the request.
    fn request_path(&self, template: &str) -> String {
        if self.path.is_empty() {
            return "/".to_owned();
        }
        let ends_open = template.rsplit_once(":/").is_some_and(|(_, last)| last.starts_with('{') && last.ends_with('}') && !last.contains(['/', ':']));
        match self.path.strip_suffix(':') {
            Some(open) if ends_open => open.to_owned(),
            _ => self.path.clone(),
        }
    }

    fn extended(&self, parts: &[&str]) -> Self {
        let mut path = String::with_capacity(self.path.len() + parts.iter().map(|p| p.len()).sum::<usize>());
        path.push_str(&self.path);
        parts.iter().for_each(|part| path.push_str(part));
        Node { client: self.client.clone(), path }
    }
}

/// The items of a collection that are of type `T`, a type derived from the collection's
/// item type: the collection's path followed by an OData cast
/// (`/groups/{id}/members/microsoft.graph.user`). The service does the filtering; `T` says
/// what the items decode into.
pub struct OfType<T> {
    node: Node,
    list_template: &'static str,
    count_template: &'static str,
    item: PhantomData<fn() -> T>,
}

impl<T: graph_models::ODataType + DeserializeOwned> OfType<T> {
    /// The cast below `collection`, whose documented templates are given for tracing.
    #[doc(hidden)]
    pub fn new(collection: &Node, list_template: &'static str, count_template: &'static str) -> Self {
        OfType { node: collection.extended(&["/", T::ODATA_TYPE]), list_template, count_template, item: PhantomData }
    }

    /// The encoded path this points at, relative to the base URL.
    pub fn path(&self) -> &str {
        self.node.path()
    }

    /// A page of the collection's items of type `T`; OData query options apply as on the
    /// collection itself.
    pub fn list(&self) -> RequestBuilder<Page<T>> {
        self.node.request(Method::GET, self.list_template)
    }

    /// How many of the collection's items are of type `T` (`/$count`; the service wants
    /// `ConsistencyLevel: eventual` with it).
    pub fn count(&self) -> RequestBuilder<i64> {
        self.node.literal("$count").request(Method::GET, self.count_template)
    }
}

impl<T> Clone for OfType<T> {
    fn clone(&self) -> Self {
        OfType { node: self.node.clone(), list_template: self.list_template, count_template: self.count_template, item: PhantomData }
    }
}

impl<T> fmt::Debug for OfType<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OfType").field("path", &self.node.path).finish()
    }
}

impl fmt::Debug for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Node").field("path", &self.path).finish_non_exhaustive()
    }
}

/// The result of an operation documented without a response body (`204 No Content`, or a
/// `302` redirect to content). Whatever body the service sends anyway is ignored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoContent;

impl<'de> Deserialize<'de> for NoContent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| NoContent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> Node {
        Node::root(&GraphClient::builder().static_token("t").build().expect("client"))
    }

    #[test]
    fn keys_stay_one_segment() {
        assert_eq!(root().literal("users").key("../me").literal("messages").path(), "/users/..%2Fme/messages");
        assert_eq!(root().literal("users").key("a/b?c#d%e").path(), "/users/a%2Fb%3Fc%23d%25e");
    }

    #[test]
    fn function_arguments_follow_odata_quoting() {
        let node = root().literal("reports").function(
            "f",
            &[("period", FunctionArgument::String("D'7")), ("date", FunctionArgument::Bare("2021-01-01")), ("x", FunctionArgument::Fixed("true"))],
        );
        assert_eq!(node.path(), "/reports/f(period=%27D%27%277%27,date=2021-01-01,x=true)");
    }

    #[test]
    fn positional_arguments_and_keys_by_another_property() {
        let sheet = root().literal("worksheets").function("items", &[("", FunctionArgument::String("Sheet 1"))]);
        assert_eq!(sheet.path(), "/worksheets/items(%27Sheet%201%27)");
        let role = root().literal("directoryRoles").function("", &[("roleTemplateId", FunctionArgument::Bare("62e9"))]);
        assert_eq!(role.path(), "/directoryRoles/roleTemplateId=62e9");
    }

    #[test]
    fn item_paths_encode_each_part() {
        assert_eq!(root().literal("root").item_path("/a b/c?.txt").path(), "/root:/a%20b/c%3F.txt:");
    }

    #[test]
    fn an_item_path_ends_open_only_where_its_template_does() {
        let site = root().literal("sites").key("contoso.com").item_path("sites/marketing");
        assert_eq!(site.request_path("/sites/{hostname}:/{server-relative-path}"), "/sites/contoso.com:/sites/marketing");
        assert_eq!(site.request_path("/sites/{hostname}:/{server-relative-path}:"), "/sites/contoso.com:/sites/marketing:");
        let children = root().literal("root").item_path("a").literal("children");
        assert_eq!(children.request_path("/root:/{item-path}:/children"), "/root:/a:/children");
        let function_after_item_path = root().literal("root").item_path("a").literal("f(x=1:");
        assert_eq!(function_after_item_path.request_path("/root:/{item-path}:/f(x={x})"), "/root:/a:/f(x=1:");
    }

    #[test]
    fn no_content_accepts_any_body() {
        assert_eq!(serde_json::from_str::<NoContent>("null").ok(), Some(NoContent));
        assert_eq!(serde_json::from_str::<NoContent>(r#"{"a": [1]}"#).ok(), Some(NoContent));
    }
}
