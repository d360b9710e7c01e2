//! Percent-encoding of the values put into path templates, and the check every request path passes, so no id can change which resource a request addresses.
//!
//! Generated endpoints build a path such as `/users/{id}/messages` by pasting encoded values
//! between literal template text. Two rules keep that safe:
//!
//! - [`encode_path_segment`] turns any string into exactly one segment: every byte except the
//!   RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) is percent-encoded, so `/`, `?`,
//!   `#`, `%` and `\` in an id stay data.
//! - The client then checks the assembled path ([`check_encoded_path`]) before sending. URL
//!   parsers resolve `.` and `..` segments even when their dots are percent-encoded (`%2E%2E`),
//!   so a segment made only of dots cannot be sent safely in any spelling; such a request is
//!   refused with [`Error::InvalidInput`] and never reaches the network.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::Error;

/// Bytes encoded in a path segment: everything but the RFC 3986 unreserved characters.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes `value` as one path segment.
///
/// The output contains only unreserved characters and `%XX` escapes (upper-case hex), so it
/// never contains `/`, `?` or `#`, and percent-decoding it gives back `value`. A value that is
/// exactly `.` or `..` has its dots encoded too; the client still refuses to send such a
/// segment (see the module docs), because URL parsers treat `%2E%2E` as `..`.
///
/// ```
/// use graph_client::encode_path_segment;
/// assert_eq!(encode_path_segment("../me"), "..%2Fme");
/// assert_eq!(encode_path_segment("a b/c?d#e%f"), "a%20b%2Fc%3Fd%23e%25f");
/// ```
pub fn encode_path_segment(value: &str) -> String {
    match value {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => utf8_percent_encode(value, PATH_SEGMENT).to_string(),
    }
}

/// Renders `value` as an OData string literal for a function-call argument in a path
/// (`/reports/getTeamsUserActivityUserDetail(period='D7')`): wrapped in single quotes with
/// every `'` doubled, then percent-encoded as part of a segment.
///
/// ```
/// use graph_client::odata_string_literal;
/// assert_eq!(odata_string_literal("D7"), "%27D7%27");
/// assert_eq!(odata_string_literal("O'Brien/x"), "%27O%27%27Brien%2Fx%27");
/// ```
pub fn odata_string_literal(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('\'');
    for character in value.chars() {
        if character == '\'' {
            quoted.push('\'');
        }
        quoted.push(character);
    }
    quoted.push('\'');
    utf8_percent_encode(&quoted, PATH_SEGMENT).to_string()
}

/// Checks that `path` is an already-encoded path that a URL parser will keep byte for byte:
/// it starts with `/`, holds only RFC 3986 path characters and well-formed `%XX` escapes, and
/// has no empty segment and no dot segment (`.`, `..`, in any mix of literal and encoded dots).
///
/// The message names the template, not the path, because paths carry ids.
pub(crate) fn check_encoded_path(path: &str, template: &str) -> Result<(), Error> {
    let refuse = |why: &str| Err(Error::InvalidInput(format!("the path for `{template}` {why}")));
    let Some(after_root) = path.strip_prefix('/') else {
        return refuse("does not start with `/`");
    };
    let bytes = path.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'%' {
            let escape_is_valid = bytes.get(index + 1..index + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit));
            if !escape_is_valid {
                return refuse("has a `%` that does not start a `%XX` escape");
            }
            index += 3;
            continue;
        }
        if !is_path_character(byte) {
            return refuse(&format!("has a character that must be percent-encoded ({:?}); encode values with `encode_path_segment`", char::from(byte)));
        }
        index += 1;
    }
    if path == "/" {
        return Ok(());
    }
    for segment in after_root.split('/') {
        if segment.is_empty() {
            return refuse("has an empty segment (`//` or a trailing `/`), which usually means an empty id");
        }
        if is_dot_segment(segment) {
            return refuse("has a `.` or `..` segment, which a URL parser would resolve and so change the path");
        }
    }
    Ok(())
}

/// RFC 3986 `pchar` without `%` (escapes are checked apart), plus the `/` separator.
fn is_path_character(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&byte)
}

/// A segment the WHATWG URL parser resolves: one or two dots, each literal or `%2e`.
fn is_dot_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    matches!(lower.as_str(), "." | "%2e" | ".." | ".%2e" | "%2e." | "%2e%2e")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreserved_characters_pass_through() {
        assert_eq!(encode_path_segment("AZaz09-._~"), "AZaz09-._~");
    }

    #[test]
    fn separators_and_percent_are_encoded() {
        assert_eq!(encode_path_segment("a/b?c#d%e"), "a%2Fb%3Fc%23d%25e");
        assert_eq!(encode_path_segment("back\\slash"), "back%5Cslash");
    }

    #[test]
    fn dot_segments_are_encoded() {
        assert_eq!(encode_path_segment("."), "%2E");
        assert_eq!(encode_path_segment(".."), "%2E%2E");
        assert_eq!(encode_path_segment("..."), "...");
        assert_eq!(encode_path_segment("../me"), "..%2Fme");
    }

    #[test]
    fn non_ascii_is_encoded_as_utf8() {
        assert_eq!(encode_path_segment("é"), "%C3%A9");
        assert_eq!(encode_path_segment("user@contoso.com"), "user%40contoso.com");
    }

    #[test]
    fn odata_literal_doubles_quotes_and_encodes() {
        assert_eq!(odata_string_literal(""), "%27%27");
        assert_eq!(odata_string_literal("it's"), "%27it%27%27s%27");
        assert_eq!(odata_string_literal("a/b c"), "%27a%2Fb%20c%27");
    }

    #[test]
    fn encoded_paths_pass_the_check() {
        let path = format!("/users/{}/messages/{}", encode_path_segment("a/b?c#d%e"), encode_path_segment("../me"));
        assert!(check_encoded_path(&path, "/users/{id}/messages/{message-id}").is_ok());
        assert!(check_encoded_path("/reports/getEmailActivityUserDetail(period='D7')", "t").is_ok());
        assert!(check_encoded_path("/me/photo/$value", "t").is_ok());
        assert!(check_encoded_path("/", "t").is_ok());
    }

    #[test]
    fn unsafe_paths_are_refused() {
        for path in ["users", "/users/a?b", "/users/a#b", "/users/a b", "/users/%zz", "/users/%2", "/users//x", "/users/", "/a\\b", "/é"] {
            assert!(matches!(check_encoded_path(path, "t"), Err(Error::InvalidInput(_))), "{path} should be refused");
        }
    }

    #[test]
    fn dot_segments_are_refused_in_every_spelling() {
        for segment in [".", "..", "%2E", "%2e%2E", ".%2E", "%2E."] {
            let path = format!("/users/{segment}/me");
            assert!(check_encoded_path(&path, "t").is_err(), "{path} should be refused");
        }
        assert!(check_encoded_path(&format!("/users/{}", encode_path_segment("..")), "t").is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_value_encodes_to_one_segment_that_decodes_back(value in "\\PC*") {
            let encoded = encode_path_segment(&value);
            proptest::prop_assert!(!encoded.contains(['/', '?', '#', '\\']), "{encoded}");
            let decoded = percent_encoding::percent_decode_str(&encoded).decode_utf8().unwrap();
            proptest::prop_assert_eq!(decoded, value.as_str());
        }

        #[test]
        fn any_value_that_is_not_empty_or_dots_passes_the_path_check(value in "\\PC+") {
            proptest::prop_assume!(value != "." && value != "..");
            let path = format!("/users/{}/messages", encode_path_segment(&value));
            proptest::prop_assert!(check_encoded_path(&path, "t").is_ok(), "{path}");
        }
    }
}
