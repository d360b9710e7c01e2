//! The deserialisation runtime the generated models call: one member loop shared by
//! every struct, `@odata.type` dispatch for polymorphic types, and the field readers.
//!
//! A program that decodes many model types runs through the code of each, and code that
//! is not in the instruction cache costs more than the parsing. So nearly everything
//! here is compiled once per deserializer, not once per model type. A model type
//! contributes data (its field table: the names, and where each field of a common
//! primitive type is, which the member loop then fills itself), `set_field` (one call per
//! other field, to a reader behind the [`Source`] trait object, which erases the
//! deserializer), its `Default` and its drop. Structs are decoded in place, in their box
//! or their `Vec`, never built on the stack and moved.
//!
//! Filling a field found by its offset in the table is the one `unsafe` part: the
//! contract is on [`Fields`], and the generator writes each offset and the accessor that
//! fixes its type from one field name (see [`Field::read_by_loop`]).
//!
//! Errors keep the deserializer's own type: each [`Source`] keeps the error its
//! deserializer raised, and the type-erased code in between only passes a [`Stop`]
//! marker up to it.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::primitives::{Base64, Date, DateTimeOffset, Duration, Guid, ParseError, TimeOfDay};

/// What a generated struct tells the shared loop about itself.
///
/// # Safety
///
/// [`Self::FIELD_TABLE`] is `field_table(Self::FIELDS)`, and every [`Field`] of
/// [`Self::FIELDS`] made by [`Field::read_by_loop`] gives the offset in `Self`
/// (`core::mem::offset_of!`) of the very field its accessor returns: the member loop
/// writes a value of the accessor's type at that offset.
pub unsafe trait Fields: Default + 'static {
    /// The OData name, for error messages.
    const TYPE_NAME: &'static str;
    /// The fields in order; a field's index is its position here.
    const FIELDS: &'static [Field<Self>];
    /// [`Self::FIELDS`] with a hash index over the names, built at compile time by
    /// [`field_table`].
    const FIELD_TABLE: &'static [u8];
    /// Reads field `index`, one the member loop does not read itself ([`Field::other`]),
    /// from `source`. A field this build leaves out (a link to an entity whose feature is
    /// off) goes to `additional_properties` ([`read_unknown`]).
    fn set_field<'de>(&mut self, index: usize, source: &mut dyn Source<'de>) -> Result<(), Stop>;
    /// Where unknown members go.
    fn additional_properties(&mut self) -> &mut Map<String, Value>;
}

/// The types of the fields the member loop reads itself: the primitive types most members
/// have. Reading them there, with code compiled once per deserializer and value type,
/// means that a model type adds table entries for them, not code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum FieldKind {
    /// Read by [`Fields::set_field`].
    Other = 0,
    String,
    Bool,
    I32,
    I64,
    F64,
    DateTimeOffset,
    Guid,
    Value,
    Strings,
}

impl FieldKind {
    const fn from_byte(byte: u8) -> FieldKind {
        match byte {
            1 => FieldKind::String,
            2 => FieldKind::Bool,
            3 => FieldKind::I32,
            4 => FieldKind::I64,
            5 => FieldKind::F64,
            6 => FieldKind::DateTimeOffset,
            7 => FieldKind::Guid,
            8 => FieldKind::Value,
            9 => FieldKind::Strings,
            _ => FieldKind::Other,
        }
    }
}

mod sealed {
    pub trait Sealed {}
}

/// A field type the member loop reads itself, and its [`FieldKind`]. Sealed: the loop
/// writes a value of the type the kind names, so no other type may claim one.
pub trait LoopRead: sealed::Sealed {
    const KIND: FieldKind;
}

macro_rules! loop_reads {
    ($($type:ty => $kind:ident),* $(,)?) => {$(
        impl sealed::Sealed for $type {}
        impl LoopRead for $type {
            const KIND: FieldKind = FieldKind::$kind;
        }
    )*};
}

loop_reads!(String => String, bool => Bool, i32 => I32, i64 => I64, f64 => F64, DateTimeOffset => DateTimeOffset, Guid => Guid, Value => Value, Vec<String> => Strings);

/// A field of struct `S` as the struct lists it: its wire name, and for a field the member
/// loop reads itself, its kind and offset.
pub struct Field<S> {
    name: &'static str,
    kind: FieldKind,
    offset: usize,
    /// Whose field: [`Fields::FIELDS`] of `S` can only list fields made for `S`.
    of: PhantomData<fn(&S)>,
}

impl<S> Clone for Field<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for Field<S> {}

impl<S> fmt::Debug for Field<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Field").field("name", &self.name).field("kind", &self.kind).field("offset", &self.offset).finish()
    }
}

impl<S> Field<S> {
    /// A field read by [`Fields::set_field`].
    pub const fn other(name: &'static str) -> Self {
        Field { name, kind: FieldKind::Other, offset: 0, of: PhantomData }
    }

    /// A field of a [`LoopRead`] type at `offset` in `S`. `field` is the accessor of that
    /// same field: it is never called, but its signature makes the compiler check the
    /// field's type, and the kind comes from that type. The generator writes
    /// `Field::read_by_loop("id", offset_of!(Self, id), |value: &Self| &value.id)`.
    pub const fn read_by_loop<T: LoopRead>(name: &'static str, offset: usize, field: fn(&S) -> &Option<T>) -> Self {
        let _ = field;
        Field { name, kind: T::KIND, offset, of: PhantomData }
    }

    /// The wire name.
    pub const fn name(&self) -> &'static str {
        self.name
    }
}

/// The hash of a member name: its length, first eight and last eight bytes (names that
/// share all three only cost an extra probe), mixed so that every input bit reaches the
/// low bits of `>> 32`. A `const fn`, so that the tables are built by the compiler with
/// the very function that searches them.
pub const fn field_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let (head, tail) = if let (Some(head), Some(tail)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        (u64::from_le_bytes(*head), u64::from_le_bytes(*tail))
    } else if let (Some(head), Some(tail)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        (u32::from_le_bytes(*head) as u64, u32::from_le_bytes(*tail) as u64)
    } else {
        let mut small = 0u64;
        let mut at = 0;
        while at < bytes.len() {
            small = small << 8 | bytes[at] as u64;
            at += 1;
        }
        (small, 0)
    };
    let mixed = (head ^ tail.rotate_left(32) ^ bytes.len() as u64).wrapping_mul(K);
    (mixed ^ (mixed >> 32)).wrapping_mul(K)
}

/// Where the search for `name` starts in a table of `slot_count` slots.
const fn first_slot(name: &[u8], slot_count: usize) -> usize {
    (field_hash(name) >> 32) as usize & slot_count.wrapping_sub(1)
}

/// The number of slots of the index over `count` names: a power of two, at least twice
/// the names, so that a search soon meets an empty slot.
pub const fn slot_count(count: usize) -> usize {
    (count * 2).next_power_of_two()
}

/// The bytes an entry takes before its name: the name's length, the kind, the offset and
/// the index.
const ENTRY_HEAD: usize = 6;

/// The length of [`field_table`] for these fields.
pub const fn field_table_len<S>(fields: &[Field<S>]) -> usize {
    let mut len = slot_at(slot_count(fields.len()));
    let mut index = 0;
    while index < fields.len() {
        len += ENTRY_HEAD + fields[index].name.len();
        index += 1;
    }
    len
}

/// The fields of a struct and an open-addressing index over their names, in one block of
/// bytes, laid out so that finding a name reads as few cache lines as can be: the model
/// types are many, so a decoder mostly meets a type's table cold.
///
/// - the number of slots, a little-endian `u16`;
/// - the slots, two bytes each: where an entry starts in the table (a `u16`; 0 when
///   empty); a name sits at its hash's slot or the first free one after it, so a search
///   reads one slot and then the entry;
/// - the entries, one per field in order: the name's length in one byte, the
///   [`FieldKind`] in one, the offset and the field's index as `u16`s, then the name's
///   text. A member that follows the one before it in field order (as the service writes
///   them) is found at the next entry, which is next to the last one read; what the loop
///   needs to fill the field is in the same few bytes as the name it has just compared.
pub const fn field_table<S, const LEN: usize>(fields: &[Field<S>]) -> [u8; LEN] {
    let slots = slot_count(fields.len());
    assert!(LEN == field_table_len(fields) && slots <= u16::MAX as usize && LEN <= u16::MAX as usize, "wrong length for a field table");
    let mut table = [0u8; LEN];
    put_u16(&mut table, 0, slots);
    let mut index = 0;
    let mut entry = first_entry(slots);
    while index < fields.len() {
        let field = fields[index];
        let name = field.name.as_bytes();
        assert!(name.len() <= u8::MAX as usize, "a field name longer than 255 bytes");
        assert!(field.offset <= u16::MAX as usize, "a field offset past 65535 bytes");
        let mut slot = first_slot(name, slots);
        while get_u16(&table, slot_at(slot)) != 0 {
            slot = (slot + 1) & (slots - 1);
        }
        put_u16(&mut table, slot_at(slot), entry);
        table[entry] = name.len() as u8;
        table[entry + 1] = field.kind as u8;
        put_u16(&mut table, entry + 2, field.offset);
        put_u16(&mut table, entry + 4, index);
        let mut at = 0;
        while at < name.len() {
            table[entry + ENTRY_HEAD + at] = name[at];
            at += 1;
        }
        entry += ENTRY_HEAD + name.len();
        index += 1;
    }
    table
}

/// Where slot `slot` starts in a table.
const fn slot_at(slot: usize) -> usize {
    2 + 2 * slot
}

/// Where the first entry starts in a table of `slots` slots.
const fn first_entry(slots: usize) -> usize {
    slot_at(slots)
}

const fn put_u16(table: &mut [u8], at: usize, value: usize) {
    let bytes = (value as u16).to_le_bytes();
    table[at] = bytes[0];
    table[at + 1] = bytes[1];
}

/// The `u16` at byte `at` of a table; 0 past its end.
const fn get_u16(table: &[u8], at: usize) -> usize {
    if at + 1 < table.len() { u16::from_le_bytes([table[at], table[at + 1]]) as usize } else { 0 }
}

/// Whether the entry at byte `at` of a table holds `name`.
#[inline]
fn entry_is(table: &[u8], at: usize, name: &[u8]) -> bool {
    table.get(at).is_some_and(|&len| len as usize == name.len())
        && table.get(at + ENTRY_HEAD..at + ENTRY_HEAD + name.len()).is_some_and(|text| same_text(text, name))
}

/// Whether two names of the same length are equal, compared eight (or four) bytes at a
/// time in place: names are short, and calling `memcmp` costs more than comparing them.
#[inline]
fn same_text(a: &[u8], b: &[u8]) -> bool {
    fn word(bytes: &[u8], at: usize) -> u64 {
        bytes.get(at..).and_then(<[u8]>::first_chunk).map_or(0, |chunk| u64::from_le_bytes(*chunk))
    }
    fn half_word(bytes: &[u8], at: usize) -> u32 {
        bytes.get(at..).and_then(<[u8]>::first_chunk).map_or(0, |chunk| u32::from_le_bytes(*chunk))
    }
    let len = a.len();
    if len != b.len() {
        return false;
    }
    if len >= 8 {
        // Whole words, then the last eight bytes (overlapping the word before).
        let mut at = 0;
        while at + 8 < len {
            if word(a, at) != word(b, at) {
                return false;
            }
            at += 8;
        }
        word(a, len - 8) == word(b, len - 8)
    } else if len >= 4 {
        half_word(a, 0) == half_word(b, 0) && half_word(a, len - 4) == half_word(b, len - 4)
    } else {
        a == b
    }
}

/// A field found in a table: its index, kind and offset, and where the next field's
/// entry starts. Eight bytes (a table is at most 65535 bytes long): the member loop
/// carries one from each member to the next, and a larger one, passed through memory,
/// stalled it on every member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub index: u16,
    pub kind: FieldKind,
    offset: u16,
    next_entry: u16,
}

impl Found {
    /// The field whose entry, holding `name`, starts at `entry`.
    #[inline]
    fn at(table: &[u8], entry: usize, name: &[u8]) -> Found {
        let kind = FieldKind::from_byte(table.get(entry + 1).copied().unwrap_or(0));
        let (offset, index) = (get_u16(table, entry + 2), get_u16(table, entry + 4));
        Found { index: index as u16, kind, offset: offset as u16, next_entry: (entry + ENTRY_HEAD + name.len()) as u16 }
    }
}

/// The field with this wire name in a [`field_table`]. `after` is the field found for the
/// member before, if any: its successor is tried first, then the hash index (one hash,
/// then usually one comparison).
#[inline(always)]
pub fn find_field(table: &[u8], name: &str, after: Option<Found>) -> Option<Found> {
    let name = name.as_bytes();
    if let Some(after) = after
        && entry_is(table, usize::from(after.next_entry), name)
    {
        return Some(Found::at(table, usize::from(after.next_entry), name));
    }
    let slots = get_u16(table, 0);
    let mut slot = first_slot(name, slots);
    for _ in 0..slots {
        let entry = get_u16(table, slot_at(slot));
        if entry == 0 {
            return None;
        }
        if entry_is(table, entry, name) {
            return Some(Found::at(table, entry, name));
        }
        slot = (slot + 1) & (slots - 1);
    }
    None
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

/// Why reading stopped. The error itself, of the type of the deserializer that raised
/// it, waits in that deserializer's adapter; this marker carries the unwinding through
/// the type-erased code in between.
#[derive(Debug)]
pub struct Stop(());

/// One value about to be read, from whichever deserializer. Each method reads it once,
/// as the named type; `None` (or `false`) means JSON `null`.
pub trait Source<'de> {
    fn string(&mut self) -> Result<Option<String>, Stop>;
    fn bool(&mut self) -> Result<Option<bool>, Stop>;
    fn u8(&mut self) -> Result<Option<u8>, Stop>;
    fn i8(&mut self) -> Result<Option<i8>, Stop>;
    fn i16(&mut self) -> Result<Option<i16>, Stop>;
    fn i32(&mut self) -> Result<Option<i32>, Stop>;
    fn i64(&mut self) -> Result<Option<i64>, Stop>;
    fn f32(&mut self) -> Result<Option<f32>, Stop>;
    fn f64(&mut self) -> Result<Option<f64>, Stop>;
    fn number(&mut self) -> Result<Option<Number>, Stop>;
    fn guid(&mut self) -> Result<Option<Guid>, Stop>;
    /// Any JSON, `null` included.
    fn value(&mut self) -> Result<Value, Stop>;
    /// A string, handed to `parse` (borrowed from the input when the deserializer allows);
    /// an `Err` from `parse` becomes the deserializer's error.
    fn text(&mut self, parse: &mut dyn FnMut(&str) -> Result<(), String>) -> Result<bool, Stop>;
    /// An object, read into the struct `slot` makes for it; `by_odata_type` for `Any*`
    /// types, which pick the struct by the first member, `@odata.type`.
    fn object(&mut self, slot: &mut dyn ObjectSlot<'de>, by_odata_type: bool) -> Result<bool, Stop>;
    /// An array, each element handed to `sink`.
    fn seq(&mut self, sink: &mut dyn SeqSink<'de>) -> Result<bool, Stop>;
    /// Fails with `message` as the deserializer's error.
    fn fail(&mut self, message: &str) -> Stop;
}

/// Where an object is read to: a struct in a box, in place, or an `Any*` variant.
pub trait ObjectSlot<'de> {
    /// The OData name of the declared type, for error messages.
    fn type_name(&self) -> &'static str;
    /// Makes the struct the object is read into, the one `odata_type` names (without `#`;
    /// empty when the data names none), and returns it to be filled ([`sink`]).
    fn open(&mut self, odata_type: &str) -> Open<'_, 'de>;
}

/// A struct to be filled and its field table, as [`ObjectSlot::open`] returns them. Only
/// [`sink`] makes one, so the table is always the struct's own: the member loop writes
/// fields at the offsets the table gives.
pub struct Open<'a, 'de> {
    sink: &'a mut dyn FieldSink<'de>,
    table: &'static [u8],
}

/// A struct to be filled, with its field table.
pub fn sink<'a, 'de, T: Fields>(value: &'a mut T) -> Open<'a, 'de> {
    Open { sink: value, table: T::FIELD_TABLE }
}

/// Takes the elements of an array, one [`Source`] each.
pub trait SeqSink<'de> {
    fn element(&mut self, source: &mut dyn Source<'de>) -> Result<(), Stop>;
}

/// A struct being filled, seen through a trait object by the shared member loop.
pub trait FieldSink<'de> {
    fn set_field(&mut self, index: usize, source: &mut dyn Source<'de>) -> Result<(), Stop>;
    fn additional_properties(&mut self) -> &mut Map<String, Value>;
}

impl<'de, T: Fields> FieldSink<'de> for T {
    fn set_field(&mut self, index: usize, source: &mut dyn Source<'de>) -> Result<(), Stop> {
        Fields::set_field(self, index, source)
    }
    fn additional_properties(&mut self) -> &mut Map<String, Value> {
        Fields::additional_properties(self)
    }
}

/// A struct-typed field: a box made with default fields, then filled in place.
impl<'de, T: Fields> ObjectSlot<'de> for Option<Box<T>> {
    fn type_name(&self) -> &'static str {
        T::TYPE_NAME
    }
    fn open(&mut self, _: &str) -> Open<'_, 'de> {
        sink(&mut **self.insert(Box::default()))
    }
}

/// A struct filled where it already is (a `Deserialize` by value, an element of a `Vec`).
struct InPlace<'a, T>(&'a mut T);

impl<'de, T: Fields> ObjectSlot<'de> for InPlace<'_, T> {
    fn type_name(&self) -> &'static str {
        T::TYPE_NAME
    }
    fn open(&mut self, _: &str) -> Open<'_, 'de> {
        sink(self.0)
    }
}

/// [`Source`] over one value's `Deserializer`, keeping the error it raises.
struct ValueReader<'de, D: Deserializer<'de>> {
    deserializer: Option<D>,
    error: Option<D::Error>,
    input: PhantomData<&'de ()>,
}

impl<'de, D: Deserializer<'de>> ValueReader<'de, D> {
    fn new(deserializer: D) -> Self {
        ValueReader { deserializer: Some(deserializer), error: None, input: PhantomData }
    }
    fn stop(&mut self, error: D::Error) -> Stop {
        self.error = Some(error);
        Stop(())
    }
    fn take(&mut self) -> Result<D, Stop> {
        match self.deserializer.take() {
            Some(deserializer) => Ok(deserializer),
            None => Err(self.stop(de::Error::custom("a value was read twice"))),
        }
    }
    fn read<V: Deserialize<'de>>(&mut self) -> Result<Option<V>, Stop> {
        let deserializer = self.take()?;
        Option::<V>::deserialize(deserializer).map_err(|error| self.stop(error))
    }
    fn finish(self, result: Result<(), Stop>) -> Result<(), D::Error> {
        result.map_err(|Stop(())| self.error.unwrap_or_else(|| de::Error::custom("reading stopped without an error")))
    }
}

/// [`Source`] methods that hand the value to its `Deserialize`.
macro_rules! source_reads_by_serde {
    ($($method:ident: $type:ty),* $(,)?) => {$(
        fn $method(&mut self) -> Result<Option<$type>, Stop> {
            self.read()
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Source<'de> for ValueReader<'de, D> {
    // Every primitive is read by serde itself.
    source_reads_by_serde!(string: String, bool: bool, u8: u8, i8: i8, i16: i16, i32: i32, i64: i64, f32: f32, f64: f64, number: Number, guid: Guid);
    fn value(&mut self) -> Result<Value, Stop> {
        let deserializer = self.take()?;
        Value::deserialize(deserializer).map_err(|error| self.stop(error))
    }
    fn text(&mut self, parse: &mut dyn FnMut(&str) -> Result<(), String>) -> Result<bool, Stop> {
        match self.read::<Key<'de>>()? {
            None => Ok(false),
            Some(text) => match parse(&text.0) {
                Ok(()) => Ok(true),
                Err(message) => Err(self.stop(de::Error::custom(message))),
            },
        }
    }
    fn object(&mut self, slot: &mut dyn ObjectSlot<'de>, by_odata_type: bool) -> Result<bool, Stop> {
        let deserializer = self.take()?;
        deserializer.deserialize_option(ObjectVisitor { slot, by_odata_type }).map_err(|error| self.stop(error))
    }
    fn seq(&mut self, sink: &mut dyn SeqSink<'de>) -> Result<bool, Stop> {
        let deserializer = self.take()?;
        deserializer.deserialize_option(SeqVisitor { sink }).map_err(|error| self.stop(error))
    }
    fn fail(&mut self, message: &str) -> Stop {
        self.stop(de::Error::custom(message))
    }
}

/// The value of a member, read into a field.
struct FieldSeed<'a, 'de> {
    sink: &'a mut dyn FieldSink<'de>,
    index: usize,
}

impl<'de> DeserializeSeed<'de> for FieldSeed<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut reader = ValueReader::new(deserializer);
        let result = self.sink.set_field(self.index, &mut reader);
        reader.finish(result)
    }
}

/// An object (or `null`, when reached through `deserialize_option`) read into a slot.
struct ObjectVisitor<'a, 'de> {
    slot: &'a mut dyn ObjectSlot<'de>,
    by_odata_type: bool,
}

impl<'de> Visitor<'de> for ObjectVisitor<'_, 'de> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} object", self.slot.type_name())
    }
    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_map(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        read_object(&mut map, self.slot, self.by_odata_type)?;
        Ok(true)
    }
}

/// An array (or `null`) handed element by element to a sink.
struct SeqVisitor<'a, 'de> {
    sink: &'a mut dyn SeqSink<'de>,
}

impl<'de> Visitor<'de> for SeqVisitor<'_, 'de> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_seq(self)
    }
    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<bool, S::Error> {
        while seq.next_element_seed(ElementSeed { sink: &mut *self.sink })?.is_some() {}
        Ok(true)
    }
}

struct ElementSeed<'a, 'de> {
    sink: &'a mut dyn SeqSink<'de>,
}

impl<'de> DeserializeSeed<'de> for ElementSeed<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut reader = ValueReader::new(deserializer);
        let result = self.sink.element(&mut reader);
        reader.finish(result)
    }
}

/// The member loop: known names into fields, the rest (unbuffered) into
/// `additional_properties`. `by_odata_type`, the members before the first that is not
/// an OData annotation are read first: OData puts `@odata.type` among them (after
/// `@odata.context` in a response), and when it is not there the declared type is used
/// and the derived members stay in `additional_properties`. `@odata.type` itself goes to
/// the struct's `odata_type` field.
fn read_object<'de, A: MapAccess<'de>>(map: &mut A, slot: &mut dyn ObjectSlot<'de>, by_odata_type: bool) -> Result<(), A::Error> {
    let mut pending = None;
    // The field found for the member before, whose successor is tried first.
    let mut last = None;
    let Open { sink, table } = if by_odata_type {
        // Annotations seen before `@odata.type`, in order; there are one or two.
        let mut leading: Vec<(String, Value)> = Vec::new();
        loop {
            match map.next_key::<Key<'de>>()? {
                Some(key) if key.0 == "@odata.type" => {
                    let odata_type: String = map.next_value()?;
                    let open = slot.open(odata_type.trim_start_matches('#'));
                    keep_leading(open.sink, leading);
                    last = find_field(open.table, "@odata.type", None);
                    match last {
                        // SAFETY: the table is the struct's own (`Open`), and a `String`
                        // entry is the offset of an `Option<String>` field ([`Fields`]).
                        Some(found) if found.kind == FieldKind::String => unsafe { put(open.sink, usize::from(found.offset), Some(odata_type)) },
                        _ => {
                            open.sink.additional_properties().insert("@odata.type".to_owned(), Value::String(odata_type));
                        }
                    }
                    break open;
                }
                Some(key) if key.0.starts_with("@odata.") => {
                    let value: Value = map.next_value()?;
                    leading.push((key.0.into_owned(), value));
                }
                other => {
                    pending = other;
                    let open = slot.open("");
                    keep_leading(open.sink, leading);
                    break open;
                }
            }
        }
    } else {
        slot.open("")
    };
    let mut next = pending;
    if next.is_none() {
        next = map.next_key::<Key<'de>>()?;
    }
    while let Some(key) = next {
        last = read_member(map, sink, table, key, last)?;
        next = map.next_key::<Key<'de>>()?;
    }
    Ok(())
}

/// The annotations read before `@odata.type`, into `additional_properties` (not touched
/// when there are none, the usual case).
fn keep_leading(sink: &mut dyn FieldSink<'_>, leading: Vec<(String, Value)>) {
    if !leading.is_empty() {
        sink.additional_properties().extend(leading);
    }
}

/// Stores `value` in the field at `offset` of the struct behind `sink`, dropping what was
/// there.
///
/// # Safety
///
/// `sink` is a struct (a [`Fields`] type, as [`sink`] makes it) with an `Option<T>` field
/// at `offset`.
#[inline]
unsafe fn put<T>(sink: &mut dyn FieldSink<'_>, offset: usize, value: Option<T>) {
    let object: *mut u8 = (&raw mut *sink).cast();
    // SAFETY: the caller's contract; the struct is initialised (made by `Default`), so
    // the old value may be dropped.
    unsafe { *object.add(offset).cast::<Option<T>>() = value };
}

/// Reads a member's value as `Option<T>` into the field at `offset`.
///
/// # Safety
///
/// As for [`put`].
#[inline]
unsafe fn read_at<'de, T: Deserialize<'de>, A: MapAccess<'de>>(map: &mut A, sink: &mut dyn FieldSink<'de>, offset: usize) -> Result<(), A::Error> {
    let value: Option<T> = map.next_value()?;
    // SAFETY: the caller's contract.
    unsafe { put(sink, offset, value) };
    Ok(())
}

/// One member: a field of a common primitive type is read right here, the other fields
/// through the struct's `set_field`, unknown members into `additional_properties`.
/// Returns the field it was, if any.
#[inline(always)]
fn read_member<'de, A: MapAccess<'de>>(
    map: &mut A,
    sink: &mut dyn FieldSink<'de>,
    table: &[u8],
    key: Key<'de>,
    last: Option<Found>,
) -> Result<Option<Found>, A::Error> {
    let Some(found) = find_field(table, &key.0, last) else {
        let member: Value = map.next_value()?;
        sink.additional_properties().insert(key.0.into_owned(), member);
        return Ok(last);
    };
    let offset = usize::from(found.offset);
    // SAFETY: `sink` and `table` come from one `Open`, so the table is the struct's own,
    // and an entry of a kind other than `Other` gives the offset of a field of the type
    // that kind names ([`Fields`], [`LoopRead`]).
    unsafe {
        match found.kind {
            FieldKind::String => read_at::<String, A>(map, sink, offset)?,
            FieldKind::Bool => read_at::<bool, A>(map, sink, offset)?,
            FieldKind::I32 => read_at::<i32, A>(map, sink, offset)?,
            FieldKind::I64 => read_at::<i64, A>(map, sink, offset)?,
            FieldKind::F64 => read_at::<f64, A>(map, sink, offset)?,
            FieldKind::DateTimeOffset => read_at::<DateTimeOffset, A>(map, sink, offset)?,
            FieldKind::Guid => read_at::<Guid, A>(map, sink, offset)?,
            FieldKind::Value => read_at::<Value, A>(map, sink, offset)?,
            FieldKind::Strings => read_at::<Vec<String>, A>(map, sink, offset)?,
            FieldKind::Other => map.next_value_seed(FieldSeed { sink, index: usize::from(found.index) })?,
        }
    }
    Ok(Some(found))
}

/// Reads an object into `slot`: the `Deserialize` of every generated struct and `Any*`
/// enum comes here, so this is compiled once per deserializer.
pub fn deserialize_object<'de, D: Deserializer<'de>>(deserializer: D, slot: &mut dyn ObjectSlot<'de>, by_odata_type: bool) -> Result<(), D::Error> {
    deserializer.deserialize_map(ObjectVisitor { slot, by_odata_type }).map(|_| ())
}

/// `Deserialize` for every generated struct.
pub fn deserialize_struct<'de, D: Deserializer<'de>, T: Fields>(deserializer: D) -> Result<T, D::Error> {
    let mut value = T::default();
    deserialize_object(deserializer, &mut InPlace(&mut value), false)?;
    Ok(value)
}

/// Reads an object into `value` where it is (a struct in a box), not on the stack first.
pub fn deserialize_in_place<'de, D: Deserializer<'de>, T: Fields>(deserializer: D, value: &mut T) -> Result<(), D::Error> {
    deserialize_object(deserializer, &mut InPlace(value), false)
}

/// `Deserialize` for every generated `Any*` enum.
pub fn deserialize_polymorphic<'de, D: Deserializer<'de>, T>(deserializer: D) -> Result<T, D::Error>
where
    Option<T>: ObjectSlot<'de>,
{
    let mut slot: Option<T> = None;
    deserialize_object(deserializer, &mut slot, true)?;
    slot.ok_or_else(|| de::Error::custom("no object was read"))
}

/// A field type the shared readers fill from a [`Source`]: the primitives, untyped JSON,
/// arrays of these, and boxed structs.
pub trait Read: Sized {
    /// The value, or `None` for `null`.
    fn read(source: &mut dyn Source<'_>) -> Result<Option<Self>, Stop>;
}

/// Each primitive that has its own [`Source`] method reads through it.
macro_rules! read_through_source {
    ($($type:ty => $method:ident),* $(,)?) => {$(
        impl Read for $type {
            fn read(source: &mut dyn Source<'_>) -> Result<Option<Self>, Stop> {
                source.$method()
            }
        }
    )*};
}

read_through_source!(String => string, bool => bool, u8 => u8, i8 => i8, i16 => i16, i32 => i32, i64 => i64, f32 => f32, f64 => f64, Number => number, Guid => guid);

impl Read for Value {
    fn read(source: &mut dyn Source<'_>) -> Result<Option<Self>, Stop> {
        source.value().map(|value| (!value.is_null()).then_some(value))
    }
}

/// The primitives that are strings on the wire.
fn read_parsed<T: FromStr<Err = ParseError>>(source: &mut dyn Source<'_>) -> Result<Option<T>, Stop> {
    let mut value = None;
    source.text(&mut |text| {
        value = Some(text.parse().map_err(|error: ParseError| error.to_string())?);
        Ok(())
    })?;
    Ok(value)
}

macro_rules! read_as_text {
    ($($type:ty),* $(,)?) => {$(
        impl Read for $type {
            fn read(source: &mut dyn Source<'_>) -> Result<Option<Self>, Stop> {
                read_parsed(source)
            }
        }
    )*};
}

read_as_text!(DateTimeOffset, Date, TimeOfDay, Duration, Base64);

impl<T: Fields> Read for Box<T> {
    fn read(source: &mut dyn Source<'_>) -> Result<Option<Self>, Stop> {
        let mut slot: Option<Box<T>> = None;
        source.object(&mut slot, false)?;
        Ok(slot)
    }
}

/// The elements of an array pushed onto a `Vec`; `null` elements are refused, as
/// serde's `Vec<T>` does.
struct Items<T, F> {
    items: Vec<T>,
    read: F,
}

impl<'de, T, F: FnMut(&mut dyn Source<'de>) -> Result<Option<T>, Stop>> SeqSink<'de> for Items<T, F> {
    fn element(&mut self, source: &mut dyn Source<'de>) -> Result<(), Stop> {
        match (self.read)(source)? {
            Some(item) => {
                self.items.push(item);
                Ok(())
            }
            None => Err(source.fail("invalid type: null in an array")),
        }
    }
}

/// An array, or `None` for `null`.
fn read_items<'de, T>(source: &mut dyn Source<'de>, read: impl FnMut(&mut dyn Source<'de>) -> Result<Option<T>, Stop>) -> Result<Option<Vec<T>>, Stop> {
    let mut items = Items { items: Vec::new(), read };
    Ok(source.seq(&mut items)?.then_some(items.items))
}

impl<T: Read> Read for Vec<T> {
    fn read(source: &mut dyn Source<'_>) -> Result<Option<Self>, Stop> {
        read_items(source, T::read)
    }
}

/// Reads a field of a [`Read`] type. Out of line so that each field type is compiled once
/// and a generated `set_field` arm is a single call.
#[inline(never)]
pub fn read<V: Read>(source: &mut dyn Source<'_>, slot: &mut Option<V>) -> Result<(), Stop> {
    *slot = V::read(source)?;
    Ok(())
}

fn read_wire<T>(source: &mut dyn Source<'_>, from_wire: fn(&str) -> T) -> Result<Option<T>, Stop> {
    let mut value = None;
    source.text(&mut |text| {
        value = Some(from_wire(text));
        Ok(())
    })?;
    Ok(value)
}

/// Reads an enum field.
#[inline(never)]
pub fn read_enum<T>(source: &mut dyn Source<'_>, slot: &mut Option<T>, from_wire: fn(&str) -> T) -> Result<(), Stop> {
    *slot = read_wire(source, from_wire)?;
    Ok(())
}

/// Reads a field that is an array of an enum.
#[inline(never)]
pub fn read_enums<T>(source: &mut dyn Source<'_>, slot: &mut Option<Vec<T>>, from_wire: fn(&str) -> T) -> Result<(), Stop> {
    *slot = read_items(source, |source| read_wire(source, from_wire))?;
    Ok(())
}

/// Reads an `Any*` field.
#[inline(never)]
pub fn read_any<'de, T>(source: &mut dyn Source<'de>, slot: &mut Option<T>) -> Result<(), Stop>
where
    Option<T>: ObjectSlot<'de>,
{
    let mut value: Option<T> = None;
    source.object(&mut value, true)?;
    *slot = value;
    Ok(())
}

/// Reads a field that is an array of an `Any*` type.
#[inline(never)]
pub fn read_anys<'de, T>(source: &mut dyn Source<'de>, slot: &mut Option<Vec<T>>) -> Result<(), Stop>
where
    Option<T>: ObjectSlot<'de>,
{
    *slot = read_items(source, |source| {
        let mut value: Option<T> = None;
        source.object(&mut value, true)?;
        Ok(value)
    })?;
    Ok(())
}

/// The elements of an array of structs, each read in place at the end of the `Vec`.
struct Structs<T>(Vec<T>);

impl<'de, T: Fields> SeqSink<'de> for Structs<T> {
    fn element(&mut self, source: &mut dyn Source<'de>) -> Result<(), Stop> {
        let at = self.0.len();
        self.0.push(T::default());
        if source.object(&mut InPlace(&mut self.0[at]), false)? { Ok(()) } else { Err(source.fail("invalid type: null in an array")) }
    }
}

/// Reads a field that is an array of a struct.
#[inline(never)]
pub fn read_structs<T: Fields>(source: &mut dyn Source<'_>, slot: &mut Option<Vec<T>>) -> Result<(), Stop> {
    let mut items = Structs(Vec::new());
    *slot = source.seq(&mut items)?.then_some(items.0);
    Ok(())
}

/// Reads field `index` of `fields` as an unknown member: the field is not compiled in.
#[inline(never)]
pub fn read_unknown<S>(source: &mut dyn Source<'_>, fields: &[Field<S>], index: usize, additional_properties: &mut Map<String, Value>) -> Result<(), Stop> {
    let value = source.value()?;
    additional_properties.insert(fields.get(index).map_or("", Field::name).to_owned(), value);
    Ok(())
}

/// `Deserialize` for every generated enum: read the string once, then map it.
pub fn deserialize_enum<'de, D: Deserializer<'de>, T>(deserializer: D, from_wire: fn(&str) -> T) -> Result<T, D::Error> {
    let key = Key::deserialize(deserializer)?;
    Ok(from_wire(&key.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_index(table: &[u8], name: &str) -> Option<usize> {
        find_field(table, name, None).map(|found| usize::from(found.index))
    }

    const NAMES: &[&str] = &["id", "", "a", "subject", "createdDateTime", "lastModifiedDateTime", "allowAttendeeToEnableCamera", "allowAttendeeToEnableMic"];
    const FIELDS: &[Field<()>] = &{
        let mut fields = [Field::other(""); NAMES.len()];
        let mut index = 0;
        while index < NAMES.len() {
            fields[index] = Field::other(NAMES[index]);
            index += 1;
        }
        fields
    };
    const TABLE: &[u8] = &field_table::<(), { field_table_len(FIELDS) }>(FIELDS);

    #[test]
    fn field_table_finds_every_name_at_its_index() {
        for (index, name) in NAMES.iter().enumerate() {
            assert_eq!(field_index(TABLE, name), Some(index), "{name}");
        }
    }

    #[test]
    fn field_table_misses_other_names() {
        for name in ["ID", "subjects", "createdDateTimes", "allowAttendeeToEnableCamerA", "b", "@odata.type"] {
            assert_eq!(field_index(TABLE, name), None, "{name}");
        }
        let empty: &[u8] = &field_table::<(), { field_table_len::<()>(&[]) }>(&[]);
        assert_eq!(field_index(empty, "id"), None);
    }

    #[test]
    fn the_successor_of_the_last_field_is_tried_first_and_a_wrong_guess_falls_back() {
        let subject = find_field(TABLE, "subject", None).expect("subject");
        assert_eq!(subject.index, 3);
        // The next field in order, through the guess; then one out of order, and a miss.
        assert_eq!(find_field(TABLE, "createdDateTime", Some(subject)).map(|f| f.index), Some(4));
        assert_eq!(find_field(TABLE, "id", Some(subject)).map(|f| f.index), Some(0));
        assert_eq!(find_field(TABLE, "created", Some(subject)), None);
        // After the last field there is nothing to guess.
        let last = find_field(TABLE, "allowAttendeeToEnableMic", None).expect("last");
        assert_eq!(find_field(TABLE, "allowAttendeeToEnableMic", Some(last)).map(|f| f.index), Some(7));
        // A guess made from one found field leads on through the rest in order.
        let mut after = find_field(TABLE, "id", None);
        for (index, name) in NAMES.iter().enumerate().skip(1) {
            after = find_field(TABLE, name, after);
            assert_eq!(after.map(|f| usize::from(f.index)), Some(index), "{name}");
        }
    }

    /// A struct with a field of every kind the member loop writes itself, and one it
    /// leaves to `set_field`.
    #[derive(Debug, Default, PartialEq)]
    struct Probe {
        odata_type: Option<String>,
        text: Option<String>,
        flag: Option<bool>,
        small: Option<i32>,
        large: Option<i64>,
        real: Option<f64>,
        when: Option<DateTimeOffset>,
        guid: Option<Guid>,
        json: Option<Value>,
        texts: Option<Vec<String>>,
        short: Option<i16>,
        additional_properties: Map<String, Value>,
    }

    const PROBE_FIELDS: &[Field<Probe>] = &[
        Field::read_by_loop("@odata.type", std::mem::offset_of!(Probe, odata_type), |probe: &Probe| &probe.odata_type),
        Field::read_by_loop("text", std::mem::offset_of!(Probe, text), |probe: &Probe| &probe.text),
        Field::read_by_loop("flag", std::mem::offset_of!(Probe, flag), |probe: &Probe| &probe.flag),
        Field::read_by_loop("small", std::mem::offset_of!(Probe, small), |probe: &Probe| &probe.small),
        Field::read_by_loop("large", std::mem::offset_of!(Probe, large), |probe: &Probe| &probe.large),
        Field::read_by_loop("real", std::mem::offset_of!(Probe, real), |probe: &Probe| &probe.real),
        Field::read_by_loop("when", std::mem::offset_of!(Probe, when), |probe: &Probe| &probe.when),
        Field::read_by_loop("guid", std::mem::offset_of!(Probe, guid), |probe: &Probe| &probe.guid),
        Field::read_by_loop("json", std::mem::offset_of!(Probe, json), |probe: &Probe| &probe.json),
        Field::read_by_loop("texts", std::mem::offset_of!(Probe, texts), |probe: &Probe| &probe.texts),
        Field::other("short"),
    ];

    // SAFETY: each `read_by_loop` field above names one field in its offset and its
    // accessor, and the table is built from the list.
    unsafe impl Fields for Probe {
        const TYPE_NAME: &'static str = "test.probe";
        const FIELDS: &'static [Field<Self>] = PROBE_FIELDS;
        const FIELD_TABLE: &'static [u8] = &field_table::<Probe, { field_table_len(PROBE_FIELDS) }>(PROBE_FIELDS);
        fn set_field<'de>(&mut self, index: usize, source: &mut dyn Source<'de>) -> Result<(), Stop> {
            match index {
                10 => read(source, &mut self.short),
                _ => read_unknown(source, Self::FIELDS, index, &mut self.additional_properties),
            }
        }
        fn additional_properties(&mut self) -> &mut Map<String, Value> {
            &mut self.additional_properties
        }
    }

    impl<'de> Deserialize<'de> for Probe {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_struct(deserializer)
        }
    }

    const PROBE_JSON: &str = r#"{
        "text": "first", "flag": true, "small": -7, "large": 9007199254740993, "real": 1.5,
        "when": "2019-07-12T14:30:34.2444915-07:00", "guid": "00000000-0000-0000-0000-000000000001",
        "json": {"a": [1]}, "texts": ["x", "y"], "short": 3, "unlisted": null, "text": "second"
    }"#;

    fn expected_probe() -> Probe {
        Probe {
            odata_type: None,
            text: Some("second".to_owned()),
            flag: Some(true),
            small: Some(-7),
            large: Some(9_007_199_254_740_993),
            real: Some(1.5),
            when: Some("2019-07-12T14:30:34.2444915-07:00".parse().expect("a date-time")),
            guid: Some(Guid::from_u128(1)),
            json: Some(serde_json::json!({"a": [1]})),
            texts: Some(vec!["x".to_owned(), "y".to_owned()]),
            short: Some(3),
            additional_properties: [("unlisted".to_owned(), Value::Null)].into_iter().collect(),
        }
    }

    #[test]
    fn the_member_loop_writes_every_kind_of_field_at_its_offset() {
        // A repeated member replaces (and drops) the value read before it.
        let probe: Probe = serde_json::from_str(PROBE_JSON).expect("decodes");
        assert_eq!(probe, expected_probe());
        // In its box and through the `@odata.type` path, which writes that field first.
        let mut slot: Option<Box<Probe>> = None;
        let with_type = PROBE_JSON.replacen('{', r##"{"@odata.context": "c", "@odata.type": "#test.probe","##, 1);
        deserialize_object(&mut serde_json::Deserializer::from_str(&with_type), &mut slot, true).expect("decodes");
        let mut expected = expected_probe();
        expected.odata_type = Some("#test.probe".to_owned());
        expected.additional_properties.insert("@odata.context".to_owned(), Value::String("c".to_owned()));
        let decoded = *slot.expect("an object");
        assert_eq!(decoded.additional_properties.get("@odata.context"), expected.additional_properties.get("@odata.context"));
        expected.additional_properties = decoded.additional_properties.clone();
        assert_eq!(decoded, expected);
    }

    #[test]
    fn a_member_of_the_wrong_type_is_an_error_and_null_leaves_none() {
        for json in [r#"{"text": 1}"#, r#"{"flag": "yes"}"#, r#"{"small": 1.5}"#, r#"{"when": "noon"}"#, r#"{"guid": "x"}"#, r#"{"texts": [1]}"#] {
            assert!(serde_json::from_str::<Probe>(json).is_err(), "{json}");
        }
        let probe: Probe = serde_json::from_str(r#"{"text": "a", "text": null, "json": null}"#).expect("decodes");
        assert_eq!(probe, Probe::default());
    }

    #[test]
    fn an_entry_keeps_each_field_s_kind_offset_and_index() {
        for (index, field) in PROBE_FIELDS.iter().enumerate() {
            let found = find_field(Probe::FIELD_TABLE, field.name, None).expect(field.name);
            assert_eq!((usize::from(found.index), found.kind, usize::from(found.offset)), (index, field.kind, field.offset), "{}", field.name);
        }
        assert_eq!(PROBE_FIELDS[1].kind, FieldKind::String);
        assert_eq!(PROBE_FIELDS[9].kind, FieldKind::Strings);
        assert_eq!(PROBE_FIELDS[10].kind, FieldKind::Other);
    }

    #[test]
    fn same_text_compares_every_byte_of_every_length() {
        let text = b"abcdefghijklmnopqrstuvwxyz0123456789";
        for len in 0..=text.len() {
            let name = &text[..len];
            assert!(same_text(name, &text.to_vec()[..len]), "{len}");
            for at in 0..len {
                let mut other = name.to_vec();
                other[at] = b'_';
                assert!(!same_text(name, &other), "{len} {at}");
            }
        }
        assert!(!same_text(b"abc", b"abcd"));
    }

    #[test]
    fn names_sharing_length_head_and_tail_are_told_apart() {
        // Same length, same first and last eight bytes: the same hash, so the second
        // probes on and the text decides.
        const TWINS: &[&str] = &["abcdefgh_X_stuvwxyz", "abcdefgh_Y_stuvwxyz"];
        const TWIN_FIELDS: &[Field<()>] = &[Field::other(TWINS[0]), Field::other(TWINS[1])];
        let table: &[u8] = &field_table::<(), { field_table_len(TWIN_FIELDS) }>(TWIN_FIELDS);
        assert_eq!(field_hash(TWINS[0].as_bytes()), field_hash(TWINS[1].as_bytes()));
        assert_eq!(field_index(table, TWINS[0]), Some(0));
        assert_eq!(field_index(table, TWINS[1]), Some(1));
        assert_eq!(field_index(table, "abcdefgh_Z_stuvwxyz"), None);
    }
}
