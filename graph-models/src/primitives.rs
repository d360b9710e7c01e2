//! Rust types for the OData primitives that serde has no natural type for. Each one
//! accepts the forms the docs and the service use and writes back the text it read, so
//! a round trip is exact.

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use time::OffsetDateTime;
#[cfg(test)]
use time::UtcOffset;
use time::format_description::well_known::Rfc3339;

pub use uuid::Uuid as Guid;

/// Why a primitive value could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    kind: &'static str,
    text: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a valid {}", self.text, self.kind)
    }
}

impl std::error::Error for ParseError {}

fn parse_error(kind: &'static str, text: &str) -> ParseError {
    ParseError { kind, text: text.chars().take(64).collect() }
}

/// `Edm.DateTimeOffset`: an instant with its offset, e.g. `2019-07-12T14:30:34.2444915-07:00`.
///
/// Reads RFC 3339 with any fraction length up to nanoseconds; a value without an offset
/// (`2017-07-31T00:00:00`) is read as UTC. It is written back exactly as it was read:
/// the fraction length and the offset spelling (`Z`, `+00:00` or none) are kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateTimeOffset {
    instant: OffsetDateTime,
    style: Style,
}

/// How a date-time was spelled, so that writing it back gives the same text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Style {
    /// `fraction_digits` digits after the seconds, then `Z`, `±hh:mm` or nothing.
    Canonical { fraction_digits: u8, offset: OffsetStyle },
    /// Any other spelling RFC 3339 allows (lower-case `t`, ...): kept verbatim.
    Verbatim(Box<str>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum OffsetStyle {
    Z,
    Numeric,
    Missing,
}

impl DateTimeOffset {
    pub fn new(instant: OffsetDateTime) -> Self {
        let fraction_digits = if instant.nanosecond() == 0 { 0 } else { 7 };
        let offset = if instant.offset().is_utc() { OffsetStyle::Z } else { OffsetStyle::Numeric };
        DateTimeOffset { instant, style: Style::Canonical { fraction_digits, offset } }
    }

    pub fn instant(&self) -> OffsetDateTime {
        self.instant
    }

    fn write(&self, out: &mut String) {
        use std::fmt::Write as _;
        let (fraction_digits, offset) = match &self.style {
            Style::Verbatim(text) => return out.push_str(text),
            Style::Canonical { fraction_digits, offset } => (*fraction_digits as usize, *offset),
        };
        let t = self.instant;
        let _ = write!(out, "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute(), t.second());
        if fraction_digits > 0 {
            let nanos = format!("{:09}", t.nanosecond());
            out.push('.');
            out.push_str(&nanos[..fraction_digits.min(9)]);
        }
        match offset {
            OffsetStyle::Z => out.push('Z'),
            OffsetStyle::Missing => {}
            OffsetStyle::Numeric => {
                let (hours, minutes, _) = t.offset().as_hms();
                let sign = if hours < 0 || minutes < 0 { '-' } else { '+' };
                let _ = write!(out, "{sign}{:02}:{:02}", hours.unsigned_abs(), minutes.unsigned_abs());
            }
        }
    }

    /// The text as it is written on the wire.
    pub fn to_wire(&self) -> String {
        let mut out = String::with_capacity(33);
        self.write(&mut out);
        out
    }
}

impl fmt::Display for DateTimeOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_wire())
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.f{1,9}][Z|±HH:MM]`, the form the service writes, read without
/// the general RFC 3339 machinery.
fn parse_common(text: &str) -> Option<(OffsetDateTime, Style)> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let slice = bytes.get(range)?;
        slice.iter().try_fold(0u32, |acc, b| b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0')))
    };
    if bytes.len() < 19 || bytes[4] != b'-' || bytes[7] != b'-' || bytes[10] != b'T' || bytes[13] != b':' || bytes[16] != b':' {
        return None;
    }
    let year = digits(0..4)? as i32;
    let month = time::Month::try_from(digits(5..7)? as u8).ok()?;
    let date = time::Date::from_calendar_date(year, month, digits(8..10)? as u8).ok()?;
    let (hour, minute, second) = (digits(11..13)? as u8, digits(14..16)? as u8, digits(17..19)? as u8);
    let mut at = 19;
    let mut nanos = 0u32;
    let mut fraction_digits = 0u8;
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        while let Some(b) = bytes.get(at).filter(|b| b.is_ascii_digit()) {
            if fraction_digits >= 9 {
                return None;
            }
            nanos = nanos * 10 + u32::from(b - b'0');
            fraction_digits += 1;
            at += 1;
        }
        if fraction_digits == 0 {
            return None;
        }
        nanos *= 10u32.pow(9 - u32::from(fraction_digits));
    }
    let (offset, style) = match bytes.get(at) {
        None => (time::UtcOffset::UTC, OffsetStyle::Missing),
        Some(b'Z') if at + 1 == bytes.len() => (time::UtcOffset::UTC, OffsetStyle::Z),
        Some(sign @ (b'+' | b'-')) if bytes.len() == at + 6 && bytes[at + 3] == b':' => {
            let (hours, minutes) = (digits(at + 1..at + 3)? as i8, digits(at + 4..at + 6)? as i8);
            let (hours, minutes) = if *sign == b'-' { (-hours, -minutes) } else { (hours, minutes) };
            (time::UtcOffset::from_hms(hours, minutes, 0).ok()?, OffsetStyle::Numeric)
        }
        _ => return None,
    };
    let time = time::Time::from_hms_nano(hour, minute, second, nanos).ok()?;
    Some((time::PrimitiveDateTime::new(date, time).assume_offset(offset), Style::Canonical { fraction_digits, offset: style }))
}

impl FromStr for DateTimeOffset {
    type Err = ParseError;
    fn from_str(text: &str) -> Result<Self, ParseError> {
        if let Some((instant, style)) = parse_common(text) {
            return Ok(DateTimeOffset { instant, style });
        }
        // Other RFC 3339 spellings; without an offset the service means UTC.
        let instant = OffsetDateTime::parse(text, &Rfc3339)
            .or_else(|_| OffsetDateTime::parse(&format!("{text}Z"), &Rfc3339))
            .map_err(|_| parse_error("Edm.DateTimeOffset", text))?;
        Ok(DateTimeOffset { instant, style: Style::Verbatim(text.into()) })
    }
}

impl From<OffsetDateTime> for DateTimeOffset {
    fn from(instant: OffsetDateTime) -> Self {
        DateTimeOffset::new(instant)
    }
}

/// `Edm.Date`: a calendar date, `2021-02-28`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(pub time::Date);

impl FromStr for Date {
    type Err = ParseError;
    fn from_str(text: &str) -> Result<Self, ParseError> {
        let error = || parse_error("Edm.Date", text);
        let mut parts = text.splitn(3, '-');
        let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next()) else { return Err(error()) };
        if month.len() != 2 || day.len() != 2 {
            return Err(error());
        }
        let year: i32 = year.parse().map_err(|_| error())?;
        let month = time::Month::try_from(month.parse::<u8>().map_err(|_| error())?).map_err(|_| error())?;
        let day: u8 = day.parse().map_err(|_| error())?;
        time::Date::from_calendar_date(year, month, day).map(Date).map_err(|_| error())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.0.year(), u8::from(self.0.month()), self.0.day())
    }
}

/// `Edm.TimeOfDay`: a time of day, `08:00:00.0000000`; the text read is written back.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TimeOfDay {
    time: time::Time,
    text: String,
}

impl TimeOfDay {
    pub fn time(&self) -> time::Time {
        self.time
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl FromStr for TimeOfDay {
    type Err = ParseError;
    fn from_str(text: &str) -> Result<Self, ParseError> {
        let error = || parse_error("Edm.TimeOfDay", text);
        let (main, fraction) = text.split_once('.').unwrap_or((text, ""));
        let mut parts = main.split(':');
        let mut next = |limit: u8| -> Result<u8, ParseError> {
            let part = parts.next().unwrap_or("00");
            let value: u8 = if part.len() == 2 { part.parse().map_err(|_| error())? } else { return Err(error()) };
            if value < limit { Ok(value) } else { Err(error()) }
        };
        let (hour, minute, second) = (next(24)?, next(60)?, next(60)?);
        if !fraction.chars().all(|c| c.is_ascii_digit()) || fraction.len() > 12 {
            return Err(error());
        }
        let nanos: u32 = format!("{fraction:0<9}").get(..9).and_then(|digits| digits.parse().ok()).unwrap_or(0);
        let time = time::Time::from_hms_nano(hour, minute, second, nanos).map_err(|_| error())?;
        Ok(TimeOfDay { time, text: text.to_owned() })
    }
}

/// `Edm.Duration`: an ISO 8601 duration such as `PT1H30M` or `-P1DT0.5S`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Duration {
    text: String,
    negative: bool,
    /// Weeks, days, hours and minutes folded into seconds, plus fractional nanoseconds.
    /// `None` when the duration uses years or months, which have no fixed length.
    exact: Option<std::time::Duration>,
}

impl Duration {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// The length, when it is fixed (no years or months).
    pub fn to_std(&self) -> Option<std::time::Duration> {
        self.exact
    }
}

impl FromStr for Duration {
    type Err = ParseError;
    fn from_str(text: &str) -> Result<Self, ParseError> {
        let error = || parse_error("Edm.Duration", text);
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let rest = rest.strip_prefix('P').ok_or_else(error)?;
        let (date_part, time_part) = match rest.split_once('T') {
            Some((date, time)) if !time.is_empty() => (date, Some(time)),
            Some(_) => return Err(error()),
            None => (rest, None),
        };
        let mut seconds = 0f64;
        let mut fixed = true;
        let mut any = false;
        for (part, units) in [
            (date_part, &[('Y', 0.0), ('M', 0.0), ('W', 604_800.0), ('D', 86_400.0)][..]),
            (time_part.unwrap_or(""), &[('H', 3600.0), ('M', 60.0), ('S', 1.0)][..]),
        ] {
            let mut number = String::new();
            let mut position = 0;
            for c in part.chars() {
                if c.is_ascii_digit() || c == '.' {
                    number.push(c);
                    continue;
                }
                let offset = units.iter().skip(position).position(|(unit, _)| *unit == c).ok_or_else(error)?;
                let (_, scale) = units[position + offset];
                let amount: f64 = number.parse().map_err(|_| error())?;
                if scale == 0.0 {
                    fixed &= amount == 0.0;
                } else {
                    seconds += amount * scale;
                }
                number.clear();
                position += offset + 1;
                any = true;
            }
            if !number.is_empty() {
                return Err(error());
            }
        }
        if !any {
            return Err(error());
        }
        let exact = fixed.then(|| std::time::Duration::from_secs_f64(seconds));
        Ok(Duration { text: text.to_owned(), negative, exact })
    }
}

/// `Edm.Binary`: bytes, base64-encoded on the wire.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Base64(pub Vec<u8>);

impl FromStr for Base64 {
    type Err = ParseError;
    fn from_str(text: &str) -> Result<Self, ParseError> {
        base64::engine::general_purpose::STANDARD.decode(text).map(Base64).map_err(|_| parse_error("Edm.Binary", text))
    }
}

impl fmt::Display for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

/// Reads any of these primitives from a JSON string through the shared key reader.
fn deserialize_text<'de, D: Deserializer<'de>, T: FromStr<Err = ParseError>>(deserializer: D) -> Result<T, D::Error> {
    let text = crate::de::Key::deserialize(deserializer)?;
    text.0.parse().map_err(de::Error::custom)
}

impl<'de> Deserialize<'de> for DateTimeOffset {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_text(deserializer)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_text(deserializer)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_text(deserializer)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_text(deserializer)
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_text(deserializer)
    }
}

impl Serialize for DateTimeOffset {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_wire())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(feature = "schemars")]
mod schemas {
    use std::borrow::Cow;

    use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

    macro_rules! string_schema {
        ($($ty:ty => $format:literal),* $(,)?) => {$(
            impl JsonSchema for $ty {
                fn schema_name() -> Cow<'static, str> {
                    Cow::Borrowed(stringify!($ty))
                }
                fn json_schema(_: &mut SchemaGenerator) -> Schema {
                    json_schema!({ "type": "string", "format": $format })
                }
            }
        )*};
    }

    string_schema!(super::DateTimeOffset => "date-time", super::Date => "date", super::TimeOfDay => "time", super::Duration => "duration", super::Base64 => "byte");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seven_digit_fraction_with_offset_round_trips() {
        let text = "2019-07-12T14:30:34.2444915-07:00";
        let value: DateTimeOffset = text.parse().unwrap();
        assert_eq!(value.to_wire(), text);
        assert_eq!(value.instant().offset(), UtcOffset::from_hms(-7, 0, 0).unwrap());
        assert_eq!(value.instant().nanosecond(), 244_491_500);
    }

    #[test]
    fn date_time_without_offset_is_utc() {
        let value: DateTimeOffset = "2017-07-31T00:00:00".parse().unwrap();
        assert_eq!(value.instant().offset(), UtcOffset::UTC);
        assert_eq!(value.to_wire(), "2017-07-31T00:00:00");
        for text in ["2021-08-20T14:00:34.2444915+00:00", "2019-07-11T02:47:17.651138Z", "2020-01-01T00:00:00.000Z", "2020-01-01t00:00:00z"] {
            assert_eq!(text.parse::<DateTimeOffset>().unwrap().to_wire(), text);
        }
        assert!("2020-13-01T00:00:00Z".parse::<DateTimeOffset>().is_err());
        assert!("String (timestamp)".parse::<DateTimeOffset>().is_err());
    }

    #[test]
    fn dates_times_and_durations() {
        assert_eq!("2021-02-28".parse::<Date>().unwrap().to_string(), "2021-02-28");
        assert!("2021-02-30".parse::<Date>().is_err());
        assert_eq!("08:00:00.0000000".parse::<TimeOfDay>().unwrap().time(), time::Time::from_hms(8, 0, 0).unwrap());
        assert!("25:00:00".parse::<TimeOfDay>().is_err());
        assert_eq!("PT1H30M".parse::<Duration>().unwrap().to_std(), Some(std::time::Duration::from_secs(5400)));
        assert_eq!("P1M".parse::<Duration>().unwrap().to_std(), None);
        assert!("-P1DT0.5S".parse::<Duration>().unwrap().is_negative());
        assert!("P".parse::<Duration>().is_err());
        assert!("PT".parse::<Duration>().is_err());
        assert!("1 hour".parse::<Duration>().is_err());
    }

    #[test]
    fn base64_round_trips() {
        let value: Base64 = "aGVsbG8=".parse().unwrap();
        assert_eq!(value.0, b"hello");
        assert_eq!(value.to_string(), "aGVsbG8=");
    }
}
