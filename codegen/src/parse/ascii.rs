//! ASCII case-insensitive search for the prose checks ("Read-only", "Possible values
//! are", "(deprecated)"), so that no cell is lower-cased into a copy just to be searched.

/// Where `needle` (lower-case ASCII) first occurs in `haystack` ignoring ASCII case: the
/// offset `haystack.to_ascii_lowercase().find(needle)` gives, as ASCII lower-casing keeps
/// every byte where it is.
pub fn find_ignore_ascii_case(haystack: &str, needle: &str) -> Option<usize> {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else { return Some(0) };
    let mut from = 0;
    while let Some(found) = haystack.get(from..).and_then(|tail| memchr::memchr2(first, first.to_ascii_uppercase(), tail)) {
        let at = from + found;
        if haystack.get(at + 1..at + needle.len()).is_some_and(|candidate| candidate.eq_ignore_ascii_case(rest)) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

pub fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    find_ignore_ascii_case(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_lower_casing_would_find() {
        for (haystack, needle) in [
            ("Read-only. Nullable.", "read-only"),
            ("The Possible Values are: `a`, `b`.", "possible values are"),
            ("**userId** (Deprecated)", "(deprecated)"),
            ("Réad-only read-ONLY", "read-only"),
            ("no match here", "read-only"),
            ("short", "longer than the haystack"),
            ("", ""),
            ("ab", ""),
        ] {
            assert_eq!(find_ignore_ascii_case(haystack, needle), haystack.to_ascii_lowercase().find(needle), "{haystack:?} {needle:?}");
        }
    }
}
