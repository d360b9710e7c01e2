//! The body of a request to a `$ref` path: a reference to an entity by its URL.

use serde::{Deserialize, Serialize};

/// A reference to an entity, `{"@odata.id": "<its URL>"}`: what a `POST` to a collection's
/// `$ref` (add a member, an owner, a policy) and a `PUT` to a single `$ref` (set a manager)
/// send, by OData's rules.
///
/// Make one from the path of a generated navigation type with
/// [`GraphClient::reference_to`](crate::GraphClient::reference_to), which puts it on the
/// client's base URL and so keeps the encoding of its keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// The absolute URL of the entity referred to.
    #[serde(rename = "@odata.id")]
    pub odata_id: String,
}

impl Reference {
    /// A reference to the entity at `url`, which should be absolute
    /// (`https://graph.microsoft.com/v1.0/directoryObjects/{id}`).
    pub fn new(url: impl Into<String>) -> Self {
        Reference { odata_id: url.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::Reference;

    #[test]
    fn a_reference_is_the_odata_id_member_alone() {
        let reference = Reference::new("https://graph.microsoft.com/v1.0/directoryObjects/1");
        let json = serde_json::to_value(&reference).expect("serialises");
        assert_eq!(json, serde_json::json!({"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/1"}));
        assert_eq!(serde_json::from_value::<Reference>(json).expect("deserialises"), reference);
    }
}
