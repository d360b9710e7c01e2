//! Validators for the primitive forms examples are checked against: date and time
//! (Edm.DateTimeOffset, Date, TimeOfDay, Duration), Edm.Guid and Edm.Binary.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// RFC 3339 with an offset; fractions of any length up to 9 digits (`.2444915-07:00`).
pub fn is_date_time_offset(text: &str) -> bool {
    OffsetDateTime::parse(text, &Rfc3339).is_ok()
}

/// `YYYY-MM-DD`.
pub fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else { return false };
    let (Ok(year), Ok(month), Ok(day)) = (year.parse::<i32>(), month.parse::<u8>(), day.parse::<u8>()) else { return false };
    let Ok(month) = time::Month::try_from(month) else { return false };
    time::Date::from_calendar_date(year, month, day).is_ok()
}

/// `HH:MM[:SS[.fffffff]]`.
pub fn is_time_of_day(text: &str) -> bool {
    let (main, fraction) = text.split_once('.').unwrap_or((text, ""));
    if !fraction.chars().all(|c| c.is_ascii_digit()) || fraction.len() > 12 {
        return false;
    }
    let parts: Vec<&str> = main.split(':').collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.len() != 2 || !p.chars().all(|c| c.is_ascii_digit())) {
        return false;
    }
    let numbers: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    numbers[0] < 24 && numbers[1] < 60 && numbers.get(2).is_none_or(|s| *s < 60)
}

/// ISO 8601 durations: `P1D`, `PT1H30M`, `-P1DT0.5S`, `P2W`.
pub fn is_duration(text: &str) -> bool {
    let text = text.strip_prefix('-').unwrap_or(text);
    let Some(rest) = text.strip_prefix('P') else { return false };
    let (date_part, time_part) = match rest.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (rest, None),
    };
    let date_ok = components(date_part, &['Y', 'M', 'W', 'D'], false);
    let time_ok = time_part.is_none_or(|t| !t.is_empty() && components(t, &['H', 'M', 'S'], true).is_some());
    let any = !date_part.is_empty() || time_part.is_some();
    any && date_ok.is_some() && time_ok
}

/// Numbers each followed by a designator from `order`, in order; fractions only where allowed.
fn components(text: &str, order: &[char], fraction_allowed: bool) -> Option<()> {
    let mut next = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() || (fraction_allowed && (c == '.' || c == ',')) {
            number.push(c);
            continue;
        }
        let position = order.iter().skip(next).position(|d| *d == c)? + next;
        if number.is_empty() || number.starts_with('.') {
            return None;
        }
        number.clear();
        next = position + 1;
    }
    number.is_empty().then_some(())
}

/// `8-4-4-4-12` hexadecimal digits, either case.
pub fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5 && groups.iter().zip([8, 4, 4, 4, 12]).all(|(group, length)| group.len() == length && group.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Standard base64 with padding, as OData writes Edm.Binary.
pub fn is_base64(text: &str) -> bool {
    let body = text.trim_end_matches('=');
    let padding = text.len() - body.len();
    text.len().is_multiple_of(4) && padding <= 2 && body.chars().all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seven_digit_fractions_and_offsets_are_date_times() {
        assert!(is_date_time_offset("2019-07-12T14:30:34.2444915-07:00"));
        assert!(is_date_time_offset("2019-07-11T02:17:17.6491364Z"));
        assert!(!is_date_time_offset("2019-07-11T02:17:17"));
        assert!(!is_date_time_offset("String (timestamp)"));
    }

    #[test]
    fn guids_and_base64() {
        assert!(is_guid("f4053f86-17cc-42e7-85f4-f0389ac980d6"));
        assert!(is_guid("F4053F86-17CC-42E7-85F4-F0389AC980D6"));
        assert!(!is_guid("id-value"));
        assert!(is_base64("aGVsbG8="));
        assert!(!is_base64("R0lGODdhEAYEAA7"));
        assert!(!is_base64("Binary"));
    }

    #[test]
    fn dates_times_and_durations() {
        assert!(is_date("2021-02-28"));
        assert!(!is_date("2021-02-30"));
        assert!(is_time_of_day("08:00:00.0000000"));
        assert!(!is_time_of_day("25:00:00"));
        assert!(is_duration("PT1H30M"));
        assert!(is_duration("P2W"));
        assert!(is_duration("-P1DT0.5S"));
        assert!(!is_duration("P"));
        assert!(!is_duration("1 hour"));
    }
}
