//! Typed serde models for every Microsoft Graph v1.0 resource, generated from the
//! reference docs in `spec/` by `cargo xtask codegen`.
//!
//! ```
//! # #[cfg(feature = "cloud-communications")] {
//! use graph_models::OnlineMeeting;
//! let json = r#"{"subject": "Standup", "isBroadcast": false, "someNewProperty": 1}"#;
//! let meeting: OnlineMeeting = serde_json::from_str(json).unwrap();
//! assert_eq!(meeting.subject.as_deref(), Some("Standup"));
//! // Members the docs do not list survive a round trip.
//! assert_eq!(serde_json::to_value(&meeting).unwrap(), serde_json::from_str::<serde_json::Value>(json).unwrap());
//! # }
//! ```
//!
//! # Shape of the models
//!
//! - One struct per entity and complex type, named in PascalCase with snake_case fields;
//!   the wire name is kept for serde. Every field is an `Option`, and `None` is not
//!   written, so a struct can carry a partial update (PATCH).
//! - Inherited properties are present on derived types.
//! - `additional_properties` keeps every member the docs do not list, so a
//!   GET → modify → PATCH round trip loses nothing even when the docs lag the service.
//! - A property declared with a base type that has derived types (`directoryObject` →
//!   `user`, `group`) is an `Any*` enum (`AnyDirectoryObject`) that picks the concrete
//!   type from `@odata.type`; a derived type whose feature is off stays the base type with
//!   its extra members in `additional_properties`.
//! - Every struct has an `odata_type` field for the `@odata.type` annotation, written
//!   first. An `Any*` enum writes its variant's type when the field is `None`, so a derived
//!   object built in code (`AnyAttachment::FileAttachment`) is sent as what it is.
//! - One Rust enum per docs enum, renamed to the wire values; a value the docs do not
//!   list is kept as `Unrecognized(String)` and written back unchanged.
//! - Single-valued struct fields are boxed (`Option<Box<T>>`): types refer to each other
//!   in cycles, and small structs are cheaper to create, move and decode.
//!
//! # Primitive types
//!
//! | OData | Rust |
//! | --- | --- |
//! | `Edm.String` | `String` |
//! | `Edm.Boolean` | `bool` |
//! | `Edm.Byte`, `Edm.SByte`, `Edm.Int16`, `Edm.Int32`, `Edm.Int64` | `u8`, `i8`, `i16`, `i32`, `i64` |
//! | `Edm.Single`, `Edm.Double` | `f32`, `f64` |
//! | `Edm.Decimal` | `serde_json::Number` (no precision lost) |
//! | `Edm.DateTimeOffset` | [`primitives::DateTimeOffset`]: a `time::OffsetDateTime` that keeps its text (7-digit fractions, offsets such as `-07:00`; no offset means UTC) |
//! | `Edm.Date` | [`primitives::Date`] (`time::Date`) |
//! | `Edm.TimeOfDay` | [`primitives::TimeOfDay`] (`time::Time`, text kept) |
//! | `Edm.Duration` | [`primitives::Duration`] (ISO 8601, e.g. `PT1H30M`; `to_std()` when fixed) |
//! | `Edm.Guid` | [`primitives::Guid`] (`uuid::Uuid`) |
//! | `Edm.Binary` | [`primitives::Base64`] (bytes, base64 on the wire) |
//! | `Json`, `Edm.Stream`, untyped | `serde_json::Value` |
//! | collections | `Vec<T>` |
//!
//! # Features
//!
//! One feature per workload (the docs' `ms.prod`, lower-cased, for example
//! `cloud-communications`), each compiling the models it needs and nothing else; `full`
//! enables all of them. `schemars` derives `schemars::JsonSchema`; `registry` adds
//! [`registry`] for picking a model by OData name at run time.

#[doc(hidden)]
pub mod de;
pub mod primitives;

#[rustfmt::skip]
mod generated;

#[allow(unused_imports, reason = "with no workload feature on there is nothing to re-export")]
pub use generated::*;

/// A model's OData name (`microsoft.graph.user`), as written in a cast segment of a URL and
/// in `@odata.type`. Every generated struct has one.
pub trait ODataType {
    const ODATA_TYPE: &'static str;
}

impl<T: de::Fields> ODataType for T {
    const ODATA_TYPE: &'static str = T::TYPE_NAME;
}
