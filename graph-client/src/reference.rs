//! The body of a request to a `$ref` path: a reference to an entity by its URL.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A reference to an entity, `{"@odata.id": "<its URL>"}`: what a `POST` to a collection's
/// `$ref` (add a member, an owner, a policy) and a `PUT` to a single `$ref` (set a manager)
/// send, by OData's rules.
///
/// Make one from the path of a generated navigation type with
/// [`GraphClient::reference_to`](crate::GraphClient::reference_to), which puts it on the
/// client's base URL and so keeps the encoding of its keys:
///
/// ```no_run
/// # #[cfg(feature = "groups")]
/// # async fn example(client: graph_client::GraphClient) -> Result<(), graph_client::Error> {
/// // Add a member to a group: `POST /groups/{id}/members/$ref`.
/// let member = client.reference_to(client.directory_object("6ea91a8d-e32e-41a1-b7bd-d2d185eed0e0").path());
/// client.group("02bd9fd6-8f93-4758-87c3-1fb73740a315").members().reference().post(&member).send().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The absolute URL of the entity referred to, the `@odata.id` member.
    pub odata_id: String,
}

impl Reference {
    /// A reference to the entity at `url`, which should be absolute
    /// (`https://graph.microsoft.com/v1.0/directoryObjects/{id}`).
    pub fn new(url: impl Into<String>) -> Self {
        Reference { odata_id: url.into() }
    }
}

/// The wire name of [`Reference::odata_id`].
const ODATA_ID: &str = "@odata.id";

// Written out rather than derived: the runtime does not build serde's derive macros.
impl Serialize for Reference {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(ODATA_ID, &self.odata_id)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for Reference {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ReferenceVisitor;
        impl<'de> Visitor<'de> for ReferenceVisitor {
            type Value = Reference;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an entity reference, {\"@odata.id\": url}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Reference, A::Error> {
                let mut odata_id = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    if key == ODATA_ID {
                        odata_id = Some(map.next_value::<String>()?);
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                odata_id.map(Reference::new).ok_or_else(|| de::Error::missing_field(ODATA_ID))
            }
        }
        deserializer.deserialize_map(ReferenceVisitor)
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

    #[test]
    fn a_reference_needs_its_odata_id() {
        let error = serde_json::from_str::<Reference>(r#"{"id": "1"}"#).expect_err("no @odata.id");
        assert!(error.to_string().contains("@odata.id"), "{error}");
        assert!(serde_json::from_str::<Reference>(r#""https://graph.microsoft.com/v1.0/users/1""#).is_err());
    }
}
