//! The deserialisation runtime the generated models call: one field-table loop shared
//! by every struct, `@odata.type` dispatch for polymorphic types, and enum reading.
//!
//! Generated impls stay small. Most fields (strings, booleans, numbers, date-times, enums)
//! are handed to the shared member loop as a typed [`FieldRef`], so the code that reads
//! them is compiled once per deserializer rather than once per model type; only the other
//! fields (nested objects and collections of them) get a `set_field` arm per type.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::primitives::{DateTimeOffset, Guid};

/// What a generated struct tells the shared loop about itself.
pub trait Fields: Default {
    /// The OData name, for error messages.
    const TYPE_NAME: &'static str;
    /// The index of the field with this wire name (a `match`, which compiles to a
    /// length switch and a few comparisons).
    fn field_index(name: &str) -> Option<usize>;
    /// Field `index` (from [`Self::field_index`]) when the shared loop reads it itself;
    /// [`FieldRef::Other`] for the fields [`Self::set_field`] reads.
    fn field_ref(&mut self, index: usize) -> FieldRef<'_>;
    /// Reads the value of field `index`, one that [`Self::field_ref`] leaves to it, from `map`.
    fn set_field<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error>;
    /// Where unknown members go.
    fn additional_properties(&mut self) -> &mut Map<String, Value>;
}

/// A field of one of the types most fields have. The shared member loop reads these, so
/// a model type contributes only the `match` that picks the field.
pub enum FieldRef<'a> {
    String(&'a mut Option<String>),
    Bool(&'a mut Option<bool>),
    I32(&'a mut Option<i32>),
    I64(&'a mut Option<i64>),
    F64(&'a mut Option<f64>),
    DateTimeOffset(&'a mut Option<DateTimeOffset>),
    Guid(&'a mut Option<Guid>),
    Json(&'a mut Option<Value>),
    Strings(&'a mut Option<Vec<String>>),
    /// A field of a generated enum type.
    Enum(&'a mut dyn EnumSlot),
    /// Any other type: read by [`Fields::set_field`].
    Other,
}

/// A generated enum, read from its wire value.
pub trait WireEnum: Sized {
    fn from_wire(value: &str) -> Self;
}

/// An enum-typed field, seen without its type so that one routine reads them all.
pub trait EnumSlot {
    /// Stores the member `value` names (`None` for JSON `null`).
    fn set_wire(&mut self, value: Option<&str>);
}

impl<E: WireEnum> EnumSlot for Option<E> {
    fn set_wire(&mut self, value: Option<&str>) {
        *self = value.map(E::from_wire);
    }
}

/// A map key, borrowed from the input when the deserializer allows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(value)))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }
            fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A member already read before the struct's own loop starts (polymorphic dispatch has
/// to look at the first key, and may have consumed `@odata.type`).
#[derive(Debug)]
pub enum FirstEntry<'de> {
    None,
    /// A key whose value is still unread.
    Key(Key<'de>),
    /// `@odata.type` and its value, kept so that it is written back.
    ODataType(String),
}

struct FieldsVisitor<T>(PhantomData<T>);

impl<'de, T: Fields> Visitor<'de> for FieldsVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} object", T::TYPE_NAME)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        finish_fields(map, FirstEntry::None)
    }
}

/// `Deserialize` for every generated struct.
pub fn deserialize_fields<'de, D: Deserializer<'de>, T: Fields>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(FieldsVisitor(PhantomData))
}

/// Reads the rest of an object into `T`: known names into fields, the rest (unbuffered)
/// into `additional_properties`.
pub fn finish_fields<'de, A: MapAccess<'de>, T: Fields>(mut map: A, first: FirstEntry<'de>) -> Result<T, A::Error> {
    let mut value = T::default();
    read_members(&mut map, &mut value, first)?;
    Ok(value)
}

/// A struct being filled, seen through a trait object so that the member loop below is
/// compiled once per deserializer instead of once per model type.
trait FieldSink<'de, A: MapAccess<'de>> {
    fn field_index(&self, name: &str) -> Option<usize>;
    fn field_ref(&mut self, index: usize) -> FieldRef<'_>;
    fn set_field(&mut self, index: usize, map: &mut A) -> Result<(), A::Error>;
    fn additional_properties(&mut self) -> &mut Map<String, Value>;
}

impl<'de, A: MapAccess<'de>, T: Fields> FieldSink<'de, A> for T {
    fn field_index(&self, name: &str) -> Option<usize> {
        T::field_index(name)
    }
    fn field_ref(&mut self, index: usize) -> FieldRef<'_> {
        Fields::field_ref(self, index)
    }
    fn set_field(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        Fields::set_field(self, index, map)
    }
    fn additional_properties(&mut self) -> &mut Map<String, Value> {
        Fields::additional_properties(self)
    }
}

#[inline(never)]
fn read_members<'de, A: MapAccess<'de>>(map: &mut A, sink: &mut dyn FieldSink<'de, A>, first: FirstEntry<'de>) -> Result<(), A::Error> {
    match first {
        FirstEntry::None => {}
        FirstEntry::Key(key) => read_member(sink, key, map)?,
        FirstEntry::ODataType(odata_type) => {
            sink.additional_properties().insert("@odata.type".to_owned(), Value::String(odata_type));
        }
    }
    while let Some(key) = map.next_key::<Key<'de>>()? {
        read_member(sink, key, map)?;
    }
    Ok(())
}

fn read_member<'de, A: MapAccess<'de>>(sink: &mut dyn FieldSink<'de, A>, key: Key<'de>, map: &mut A) -> Result<(), A::Error> {
    match sink.field_index(&key.0) {
        Some(index) => read_field(sink, index, map),
        None => {
            let member: Value = map.next_value()?;
            sink.additional_properties().insert(key.0.into_owned(), member);
            Ok(())
        }
    }
}

fn read_field<'de, A: MapAccess<'de>>(sink: &mut dyn FieldSink<'de, A>, index: usize, map: &mut A) -> Result<(), A::Error> {
    match sink.field_ref(index) {
        FieldRef::String(field) => *field = map.next_value()?,
        FieldRef::Bool(field) => *field = map.next_value()?,
        FieldRef::I32(field) => *field = map.next_value()?,
        FieldRef::I64(field) => *field = map.next_value()?,
        FieldRef::F64(field) => *field = map.next_value()?,
        FieldRef::DateTimeOffset(field) => *field = map.next_value()?,
        FieldRef::Guid(field) => *field = map.next_value()?,
        FieldRef::Json(field) => *field = map.next_value()?,
        FieldRef::Strings(field) => *field = map.next_value()?,
        FieldRef::Enum(field) => {
            let wire: Option<Key<'de>> = map.next_value()?;
            field.set_wire(wire.as_ref().map(|key| &*key.0));
        }
        FieldRef::Other => sink.set_field(index, map)?,
    }
    Ok(())
}

/// Reads one field's value. Kept out of line so that each (deserializer, field type) pair
/// is compiled once and the generated `set_field` arms stay one call each.
#[inline(never)]
pub fn read_value<'de, A: MapAccess<'de>, V: Deserialize<'de>>(map: &mut A) -> Result<Option<V>, A::Error> {
    map.next_value()
}

/// What a generated `Any*` enum tells the dispatcher.
pub trait Polymorphic: Sized {
    /// Builds the variant named by `odata_type` (without `#`; empty when the data names
    /// none) from the rest of the object.
    fn from_fields<'de, A: MapAccess<'de>>(odata_type: &str, map: A, first: FirstEntry<'de>) -> Result<Self, A::Error>;
}

struct PolymorphicVisitor<T>(PhantomData<T>);

impl<'de, T: Polymorphic> Visitor<'de> for PolymorphicVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        // OData puts `@odata.type` first; when it is not first the declared type is used
        // and the derived members stay in `additional_properties`.
        match map.next_key::<Key<'de>>()? {
            Some(key) if key.0 == "@odata.type" => {
                let odata_type: String = map.next_value()?;
                let name = odata_type.trim_start_matches('#').to_owned();
                T::from_fields(&name, map, FirstEntry::ODataType(odata_type))
            }
            Some(key) => T::from_fields("", map, FirstEntry::Key(key)),
            None => T::from_fields("", map, FirstEntry::None),
        }
    }
}

/// `Deserialize` for every generated `Any*` enum.
pub fn deserialize_polymorphic<'de, D: Deserializer<'de>, T: Polymorphic>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(PolymorphicVisitor(PhantomData))
}

/// `Deserialize` for every generated enum: read the string once, then map it.
pub fn deserialize_enum<'de, D: Deserializer<'de>, T>(deserializer: D, from_wire: fn(&str) -> T) -> Result<T, D::Error> {
    let key = Key::deserialize(deserializer)?;
    Ok(from_wire(&key.0))
}
