//! The one naming module: docs names → keyword-safe, collision-free Rust identifiers.
//!
//! The IR keeps the original (wire) names; emitters call [`sanitize`] for the Rust name
//! and [`UniqueNames`] to settle collisions, and render `rename`s from the wire name.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Types and enum variants: `OnlineMeeting`.
    Pascal,
    /// Fields, modules and functions: `join_web_url`.
    Snake,
}

/// Strict, reserved and edition-specific keywords that cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names of the standard prelude. Generated code names these unqualified, so a docs
/// type that would take one (`option`, `string`, `result`) must be named otherwise, or it
/// would shadow the prelude's in its module and in every glob re-export.
pub const PRELUDE_TYPE_NAMES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// The names the hand-written root of `graph-models` defines, which its generated modules
/// are glob re-exported beside.
pub const MODELS_ROOT_NAMES: &[&str] = &["ODataType"];

/// The names the hand-written root of `graph-client` defines or re-exports, which its
/// generated navigation types are glob re-exported beside (a test keeps this in step
/// with `graph-client/src/lib.rs`).
pub const CLIENT_ROOT_NAMES: &[&str] = &[
    "AccessToken",
    "Accepted",
    "ApiError",
    "BoxFuture",
    "ClientCredentials",
    "Content",
    "DecodeError",
    "Error",
    "FromResponse",
    "FunctionArgument",
    "GraphClient",
    "GraphClientBuilder",
    "GraphError",
    "GraphErrorDetail",
    "HeaderMap",
    "HeaderName",
    "HeaderValue",
    "InnerError",
    "Method",
    "NoContent",
    "Node",
    "OfType",
    "Page",
    "RawResponse",
    "Reference",
    "Request",
    "RequestBuilder",
    "RetryPolicy",
    "StaticTokenProvider",
    "StatusCode",
    "TokenProvider",
    "ValueOf",
];

/// Methods of a generated navigation type that its traits and hand-written code use.
pub const NODE_METHODS: &[&str] = &["clone", "fmt", "path", "node", "new"];

/// Methods `GraphClient` has of its own (`graph-client/src/client.rs`, which a test keeps
/// this in step with) or from its traits; its generated methods must leave them free.
pub const CLIENT_ROOT_METHODS: &[&str] = &[
    "clone",
    "fmt",
    "path",
    "node",
    "new",
    "builder",
    "base_url",
    "timeout",
    "reference_to",
    "retry_policy",
    "request",
    "execute",
    "execute_boxed",
    "execute_in_current_span",
    "follow_link",
    "resolve_url",
    "check_same_origin",
];

/// Turns any docs name (`@odata.type`, `3dModel`, `type`, `joinWebUrl`) into a valid
/// identifier in the given case: keywords get a trailing `_`, a leading digit gets `n`.
pub fn sanitize(name: &str, case: Case) -> String {
    // heck splits on non-alphanumerics; keep only what identifiers may hold.
    let cleaned: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let mut ident = match case {
        Case::Pascal => cleaned.to_upper_camel_case(),
        Case::Snake => cleaned.to_snake_case(),
    };
    if ident.is_empty() {
        ident = match case {
            Case::Pascal => "Unnamed".to_owned(),
            Case::Snake => "unnamed".to_owned(),
        };
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, if case == Case::Pascal { 'N' } else { 'n' });
    }
    if KEYWORDS.contains(&ident.as_str()) {
        ident.push('_');
    }
    ident
}

/// Hands out names unique within one scope (a module, a struct's fields, an enum's
/// variants): a repeat gets `2`, `3`, ... (`_2` in snake case).
#[derive(Debug, Clone, Default)]
pub struct UniqueNames {
    used: BTreeSet<String>,
}

impl UniqueNames {
    /// Names that must stay free (for example the `additional_properties` field).
    pub fn reserving(names: &[&str]) -> Self {
        UniqueNames { used: names.iter().map(|n| (*n).to_owned()).collect() }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(name)
    }

    pub fn unique(&mut self, base: String, case: Case) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let separator = if case == Case::Snake { "_" } else { "" };
        (2..).map(|n| format!("{base}{separator}{n}")).find(|candidate| self.used.insert(candidate.clone())).unwrap_or(base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awkward_names_become_valid_identifiers() {
        assert_eq!(sanitize("type", Case::Snake), "type_");
        assert_eq!(sanitize("ref", Case::Snake), "ref_");
        assert_eq!(sanitize("self", Case::Snake), "self_");
        assert_eq!(sanitize("self", Case::Pascal), "Self_");
        assert_eq!(sanitize("3dModel", Case::Snake), "n3d_model");
        assert_eq!(sanitize("3dModel", Case::Pascal), "N3dModel");
        assert_eq!(sanitize("@odata.type", Case::Snake), "odata_type");
        assert_eq!(sanitize("", Case::Pascal), "Unnamed");
        assert_eq!(sanitize("async", Case::Snake), "async_");
    }

    #[test]
    fn docs_names_follow_rust_case() {
        assert_eq!(sanitize("joinWebUrl", Case::Snake), "join_web_url");
        assert_eq!(sanitize("ConferenceId", Case::Snake), "conference_id");
        assert_eq!(sanitize("onlineMeeting", Case::Pascal), "OnlineMeeting");
        assert_eq!(sanitize("unknownFutureValue", Case::Pascal), "UnknownFutureValue");
        assert_eq!(sanitize("cloud-communications", Case::Snake), "cloud_communications");
    }

    #[test]
    fn collisions_are_numbered() {
        let mut names = UniqueNames::reserving(&["additional_properties"]);
        assert_eq!(names.unique(sanitize("displayName", Case::Snake), Case::Snake), "display_name");
        assert_eq!(names.unique(sanitize("DisplayName", Case::Snake), Case::Snake), "display_name_2");
        assert_eq!(names.unique(sanitize("additionalProperties", Case::Snake), Case::Snake), "additional_properties_2");
        let mut types = UniqueNames::default();
        assert_eq!(types.unique("Session".into(), Case::Pascal), "Session");
        assert_eq!(types.unique("Session".into(), Case::Pascal), "Session2");
    }
}
