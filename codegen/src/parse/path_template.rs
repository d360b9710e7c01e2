//! TEMPORARY stub until the real module lands.
use crate::ir::{PathParameter, PathSegment};
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedPath { pub template: String, pub segments: Vec<PathSegment>, pub parameters: Vec<PathParameter>, pub query: Option<String> }
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError { pub offset: usize, pub message: String }
pub fn parse_path_template(text: &str) -> Result<ParsedPath, PathError> {
    let t = text.trim();
    Ok(ParsedPath { template: t.to_owned(), segments: t.split('/').filter(|s| !s.is_empty()).map(|s| PathSegment::Literal { name: s.to_owned() }).collect(), parameters: vec![], query: None })
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestTarget { pub host: Option<String>, pub version: Option<String>, pub path: String, pub query: Option<String> }
pub fn split_request_url(url: &str) -> RequestTarget { RequestTarget { host: None, version: None, path: url.to_owned(), query: None } }
