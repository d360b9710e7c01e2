//! The text of HTTP example fences: a request line or status line, headers, and a body.

pub const METHODS: &[&str] = &["GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS"];

#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<HttpBody>,
    /// Further request lines straight after the first (`GET /me/x` then
    /// `GET /users/{id}/x`): the same call written for other URLs, each with its byte
    /// offset within the fence text. They are not a body.
    pub also: Vec<(usize, String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HttpResponse {
    pub status: Option<u16>,
    pub headers: Vec<(String, String)>,
    pub body: Option<HttpBody>,
}

/// A body and its byte offset within the fence text.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpBody {
    pub text: String,
    pub offset: usize,
}

/// `METHOD target` at the start of a line, with the method upper-cased.
pub fn request_line(line: &str) -> Option<(String, &str)> {
    let line = line.trim();
    let (word, rest) = line.split_once(char::is_whitespace)?;
    // Most lines tried here are not request lines, so nothing is allocated until one is.
    let method = (*METHODS.iter().find(|method| method.eq_ignore_ascii_case(word))?).to_owned();
    let rest = rest.trim();
    let plausible = rest.starts_with('/') || rest.starts_with("http") || rest.starts_with('{') || rest.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    plausible.then_some((method, rest))
}

/// The status code of `HTTP/1.1 201 Created` or `HTTP 201 Created`.
pub fn status_line(line: &str) -> Option<u16> {
    let line = line.trim();
    let head = line.get(..4)?;
    if !head.eq_ignore_ascii_case("HTTP") {
        return None;
    }
    line.split_whitespace().skip(1).find_map(|word| word.parse::<u16>().ok().filter(|code| (100..600).contains(code)))
}

pub fn parse_request(text: &str) -> Option<HttpRequest> {
    let mut lines = LineCursor::new(text);
    let first = lines.next_non_blank()?;
    let (method, target) = request_line(first.1)?;
    let url = request_target(target);
    let mut also = Vec::new();
    loop {
        // Blank lines are passed over only when another request line follows them.
        let mut ahead = lines.clone();
        let Some((offset, line)) = ahead.peek_non_blank() else { break };
        let Some((method, target)) = request_line(line) else { break };
        also.push((offset + (line.len() - line.trim_start().len()), method, request_target(target)));
        ahead.advance();
        lines = ahead;
    }
    let (headers, body) = headers_and_body(text, &mut lines);
    Some(HttpRequest { method, url, headers, body, also })
}

/// The URL of a request line, without a trailing `HTTP/1.1`.
fn request_target(target: &str) -> String {
    target.strip_suffix("HTTP/1.1").unwrap_or(target).trim().to_owned()
}

/// A response fence may start with its status line or (in `json` fences) with the body.
pub fn parse_response(text: &str) -> Result<HttpResponse, String> {
    let mut lines = LineCursor::new(text);
    let Some((offset, first)) = lines.peek_non_blank() else {
        return Ok(HttpResponse { status: None, headers: Vec::new(), body: None });
    };
    if first.trim_start().starts_with(['{', '[']) {
        return Ok(HttpResponse { status: None, headers: Vec::new(), body: Some(HttpBody { text: text[offset..].to_owned(), offset }) });
    }
    if let Some(status) = status_line(first) {
        lines.next_non_blank();
        let (headers, body) = headers_and_body(text, &mut lines);
        return Ok(HttpResponse { status: Some(status), headers, body });
    }
    Err(format!("expected a status line such as `HTTP/1.1 200 OK`, found `{}`", first.trim()))
}

fn headers_and_body(text: &str, lines: &mut LineCursor<'_>) -> (Vec<(String, String)>, Option<HttpBody>) {
    let mut headers = Vec::new();
    while let Some((offset, line)) = lines.peek() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            lines.advance();
            // A blank line ends the headers, except that some pages put one between the
            // request line and the headers: before the first header, it is skipped when
            // a header follows.
            if headers.is_empty() && lines.peek_non_blank().is_some_and(|(_, next)| header_line(next).is_some()) {
                continue;
            }
            break;
        }
        // Some pages put the body straight after the headers, with no blank line.
        if trimmed.starts_with(['{', '[']) {
            let _ = offset;
            break;
        }
        match header_line(trimmed) {
            Some((name, value)) => {
                headers.push((name.to_owned(), value.to_owned()));
                lines.advance();
            }
            None => break,
        }
    }
    let body = lines.rest_offset().and_then(|offset| {
        let rest = &text[offset..];
        let lead = rest.len() - rest.trim_start().len();
        let body = rest.trim();
        (!body.is_empty()).then(|| HttpBody { text: body.to_owned(), offset: offset + lead })
    });
    (headers, body)
}

/// `Name: value`, with a name of token characters (so `{"a": 1}` and prose are not).
fn header_line(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.trim().split_once(':')?;
    let is_token = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    is_token.then(|| (name, value.trim()))
}

#[derive(Clone)]
struct LineCursor<'a> {
    text: &'a str,
    offset: usize,
}

impl<'a> LineCursor<'a> {
    fn new(text: &'a str) -> Self {
        LineCursor { text, offset: 0 }
    }
    fn peek(&self) -> Option<(usize, &'a str)> {
        if self.offset >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.offset..];
        let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        Some((self.offset, &rest[..end]))
    }
    fn advance(&mut self) {
        if let Some((offset, line)) = self.peek() {
            self.offset = offset + line.len();
        }
    }
    fn peek_non_blank(&mut self) -> Option<(usize, &'a str)> {
        while let Some((offset, line)) = self.peek() {
            if !line.trim().is_empty() {
                return Some((offset, line));
            }
            self.advance();
        }
        None
    }
    fn next_non_blank(&mut self) -> Option<(usize, &'a str)> {
        let found = self.peek_non_blank();
        self.advance();
        found
    }
    fn rest_offset(&self) -> Option<usize> {
        (self.offset < self.text.len()).then_some(self.offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_with_headers_and_body() {
        let fence = "POST https://graph.microsoft.com/v1.0/me/onlineMeetings\nContent-Type: application/json\n\n{\n  \"subject\":\"User Token Meeting\"\n}\n";
        let request = parse_request(fence).unwrap();
        assert_eq!(request.method, "POST");
        assert_eq!(request.url, "https://graph.microsoft.com/v1.0/me/onlineMeetings");
        assert_eq!(request.headers, vec![("Content-Type".to_owned(), "application/json".to_owned())]);
        let body = request.body.unwrap();
        assert!(body.text.starts_with('{'));
        assert_eq!(&fence[body.offset..body.offset + 1], "{");
    }

    #[test]
    fn status_line_variants() {
        assert_eq!(status_line("HTTP/1.1 201 Created"), Some(201));
        assert_eq!(status_line("HTTP 201 Created"), Some(201));
        assert_eq!(status_line("HTTP/1.1 204 No content"), Some(204));
        assert_eq!(status_line("POST /me/messages"), None);
    }

    #[test]
    fn json_fence_response_is_all_body() {
        let response = parse_response("{\n  \"id\": \"x\"\n}").unwrap();
        assert_eq!(response.status, None);
        assert!(response.body.unwrap().text.contains("\"id\""));
    }

    #[test]
    fn body_straight_after_headers_is_found() {
        let response = parse_response("HTTP/1.1 200 OK\nContent-type: application/json\n{\n  \"value\": []\n}").unwrap();
        assert_eq!(response.headers.len(), 1);
        assert!(response.body.unwrap().text.starts_with('{'));
    }

    #[test]
    fn blank_line_between_request_line_and_headers_is_skipped() {
        // As in the Intune action pages (`api/intune-mam-managedapppolicy-targetapps.md`).
        let fence = "POST https://graph.microsoft.com/v1.0/deviceAppManagement/managedAppPolicies/{managedAppPolicyId}/targetApps\n\nContent-type: application/json\nContent-length: 335\n\n{\n  \"apps\": []\n}\n";
        let request = parse_request(fence).unwrap();
        assert_eq!(request.headers.len(), 2);
        assert!(request.body.unwrap().text.starts_with('{'));
        // A blank line then a body (no headers) still leaves the body a body.
        let request = parse_request("POST /me/sendMail\n\n{\"a\": 1}\n").unwrap();
        assert!(request.headers.is_empty());
        assert_eq!(request.body.unwrap().text, "{\"a\": 1}");
    }

    #[test]
    fn further_request_lines_are_the_same_call_not_a_body() {
        // As in `api/user-list-agreementacceptances.md`: two URLs, a blank line between.
        let fence =
            "GET https://graph.microsoft.com/v1.0/me/agreementAcceptances\n\nGET https://graph.microsoft.com/v1.0/users/f2f4f8e9/agreementAcceptances\n";
        let request = parse_request(fence).unwrap();
        assert_eq!(request.body, None);
        let (offset, method, url) = &request.also[0];
        assert_eq!((method.as_str(), url.as_str()), ("GET", "https://graph.microsoft.com/v1.0/users/f2f4f8e9/agreementAcceptances"));
        assert!(fence[*offset..].starts_with("GET https://graph.microsoft.com/v1.0/users/"));
        // Headers and a body after them belong to every line.
        let request = parse_request("POST /me/x\nPOST /users/{id}/x\nContent-Type: application/json\n\n{\"a\": 1}").unwrap();
        assert_eq!((request.also.len(), request.headers.len()), (1, 1));
        assert_eq!(request.body.unwrap().text, "{\"a\": 1}");
        // Text that is not a request line is the body, as before.
        let request = parse_request("POST /me/sendMail\n\nRnJvbTogQWxleA==\n").unwrap();
        assert!(request.also.is_empty());
        assert_eq!(request.body.unwrap().text, "RnJvbTogQWxleA==");
    }

    #[test]
    fn request_line_where_status_belongs_is_an_error() {
        assert!(parse_response("POST https://graph.microsoft.com/v1.0/me/messages/AAMkADA1/createForward\n").is_err());
    }

    #[test]
    fn request_line_ignores_prose_and_code() {
        assert_eq!(request_line("GET /me/events").map(|(m, _)| m), Some("GET".to_owned()));
        assert!(request_line("Content-Type: application/json").is_none());
        assert!(request_line("var x = 1;").is_none());
    }
}
