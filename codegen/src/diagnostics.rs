//! Diagnostics as data: what is wrong with a page, where, under a stable code.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The page says something the tool could not read; information was lost.
    Error,
    /// The page is readable but inconsistent with itself or with other pages.
    Warning,
    /// Worth knowing, nothing lost (for example JSON that needed the tolerant parser).
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $text:literal, $severity:ident, $doc:literal;)*) => {
        /// Stable diagnostic codes. The kebab-case text is the public name; never reuse one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "kebab-case")]
        pub enum Code { $(#[doc = $doc] $variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];
            pub fn as_str(self) -> &'static str { match self { $(Code::$variant => $text,)* } }
            pub fn severity(self) -> Severity { match self { $(Code::$variant => Severity::$severity,)* } }
            pub fn description(self) -> &'static str { match self { $(Code::$variant => $doc,)* } }
        }
    };
}

codes! {
    InvalidFrontMatter = "invalid-front-matter", Error, "The YAML front matter does not parse.";
    MissingFrontMatter = "missing-front-matter", Warning, "The page has no YAML front matter.";
    InvalidWorkload = "invalid-workload", Warning, "The front matter's `ms.prod` (or `ms.subservice`) is not a product name, such as a placeholder left in the page; the page goes to the fallback workload.";
    InvalidAnnotation = "invalid-annotation", Error, "A `<!-- { ... } -->` annotation does not parse, even tolerantly.";
    NonStrictAnnotation = "non-strict-annotation", Note, "An annotation needed the tolerant parser (trailing comma, unquoted key, ...).";
    OrphanAnnotation = "orphan-annotation", Warning, "A request/response/resource annotation is not followed by a code fence.";
    InvalidJson = "invalid-json", Error, "A JSON body does not parse, even tolerantly; the raw text is kept.";
    NonStrictJson = "non-strict-json", Note, "A JSON body needed the tolerant parser (trailing comma, comment, raw newline, ...).";
    MalformedHttp = "malformed-http", Error, "An HTTP example has no recognisable request or status line.";
    MalformedPath = "malformed-path", Error, "A path template in the HTTP request section cannot be read.";
    KeyValueInPath = "key-value-in-path", Warning, "A path template has a key value (a GUID) where a placeholder belongs; it is read as `{id}`.";
    RelativePathTemplate = "relative-path-template", Warning, "A page's path templates are written relative to the resource they act on (`/workbook/...`) and its examples call them under a longer path; that prefix is put before them.";
    PathOnlyInExample = "path-only-in-example", Note, "An annotated request example's URL is written as a template (no host, with placeholders) that no request section lists; it is read as a path of the operation.";
    FunctionArgumentsNotInTemplate = "function-arguments-not-in-template", Warning, "A function's parameters are tabled but its path template has no argument list; the arguments are added to the template.";
    MissingHttpRequest = "missing-http-request", Warning, "An API page has no path template.";
    PermissionsInInclude = "permissions-in-include", Warning, "An API page's permissions are in an `[!INCLUDE]` file that was not given (the spec folder has no such `includes/permissions/` file) or holds no table; the operation lists none.";
    MixedMethods = "mixed-methods", Note, "An API page documents paths with different HTTP methods.";
    UnpairedResponse = "unpaired-response", Warning, "A response example has no request example before it.";
    FurtherResponse = "further-response", Note, "A response example follows a request that already has one (another outcome of the call, or where its redirect leads); it is checked on its own.";
    MissingResourceAnnotation = "missing-resource-annotation", Warning, "A resource page has a property table but no `resource` annotation; the name comes from the title.";
    MalformedTableRow = "malformed-table-row", Warning, "A table row has the wrong number of cells or no name.";
    PropertyOnlyInJson = "property-only-in-json", Note, "A property appears in the JSON representation but in no table; its type comes from the placeholder.";
    DuplicateProperty = "duplicate-property", Warning, "A property is listed twice for the same type; the first row wins, but a listing under Relationships makes it a navigation property.";
    InstanceAnnotationInTable = "instance-annotation-in-table", Note, "A properties table lists an instance annotation (`@odata.etag`); it is no property of the type, and models keep it among the additional properties.";
    DuplicateType = "duplicate-type", Warning, "Two pages define the same type; the page named after it wins and the others' extra properties are merged.";
    DuplicateEnum = "duplicate-enum", Note, "Two places define the same enum with different members; the members are merged.";
    NullEnumMember = "null-enum-member", Note, "An enum's members include `null`, which is JSON's null (the property not set), not a value; it is left out.";
    DuplicateEnumMember = "duplicate-enum-member", Warning, "An enum table lists the same member twice; the first row wins.";
    ConflictingBaseType = "conflicting-base-type", Warning, "The annotation's baseType and the page text name different base types.";
    UnknownType = "unknown-type", Warning, "A type column or annotation names a type no page defines; the property becomes untyped JSON.";
    UnknownBaseType = "unknown-base-type", Warning, "The base type is not defined by any page.";
    InheritanceCycle = "inheritance-cycle", Error, "Base types form a cycle; the base is dropped.";
    UnknownPropertyInExample = "unknown-property-in-example", Warning, "An example has a property the type does not declare.";
    WrongJsonType = "wrong-json-type", Warning, "An example value has a different JSON type than the property.";
    InvalidEnumValue = "invalid-enum-value", Warning, "An example value is not a member of the enum.";
    InvalidDateTime = "invalid-date-time", Warning, "An example value is not a valid date, time or duration.";
    InvalidGuid = "invalid-guid", Warning, "An example value of an Edm.Guid property is not a GUID.";
    InvalidBase64 = "invalid-base64", Warning, "An example value of an Edm.Binary property is not padded standard base64.";
    UnmatchedExampleUrl = "unmatched-example-url", Warning, "An example request's URL is an instance of no documented path template with its method, on its page or another; the client has no call for it.";
    SingleEntityInValue = "single-entity-in-value", Note, "A response example of one entity wraps it in `value`, as OData wraps only collections and single primitive values; the entity inside is what is checked, and what the client's replay serves.";
    MissingRequiredProperty = "missing-required-property", Note, "A complete (not truncated) response example omits a property of the JSON representation.";
    UnknownExampleType = "unknown-example-type", Warning, "An example's `@odata.type` names no known type; it is not checked.";
    EmptyEnum = "empty-enum", Warning, "An enum section or page lists no members.";
    BodyInNextFence = "body-in-next-fence", Note, "A response fence (status line and headers) or a POST, PUT or PATCH request fence has no body, and the JSON follows in a fence of its own right after it; that JSON is read as the body.";
    BodyAfterFence = "body-after-fence", Note, "A plain-text response body is written after its fence as inline code; it is read as the body.";
    CollectionMismatch = "collection-mismatch", Warning, "The property table and the JSON representation disagree on whether a property is a collection; the JSON representation's shape is used.";
    KeyedSingleRelationship = "keyed-single-relationship", Warning, "A path keys into a relationship its table lists as single; it is read as a collection.";
    CollectionExampleOfSingleResponse = "collection-example-of-single-response", Warning, "A response example is a collection (`{\"value\": [...]}`) for an operation that returns one object; each item is checked as that object.";
    UnannotatedCollectionResponse = "unannotated-collection-response", Warning, "A response annotated as one object has a `value` array example on a path other paths key into; the operation is read as returning a collection.";
    PropertyNameCaseMismatch = "property-name-case-mismatch", Warning, "The property table and the JSON representation spell a property's name in different case; the JSON spelling (the wire name) is used.";
    PropertyContentsTable = "property-contents-table", Note, "A table under a sub-heading of the properties section describes one property's contents (the JSON inside a string) or an example, not the type; it is not read as properties.";
}

/// One finding, with a position in a spec file (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl Diagnostic {
    pub fn new(code: Code, file: &str, line: u32, column: u32, message: impl Into<String>) -> Self {
        Diagnostic { severity: code.severity(), code, file: file.to_owned(), line, column, message: message.into() }
    }

    /// Renders rustc-style, quoting the source line when `source_text` is the file's text.
    pub fn render(&self, source_text: Option<&str>) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}[{}]: {}", self.severity.as_str(), self.code.as_str(), self.message);
        let _ = writeln!(out, "  --> {}:{}:{}", self.file, self.line, self.column);
        let quoted = source_text.and_then(|text| text.lines().nth(self.line.saturating_sub(1) as usize));
        if let Some(line_text) = quoted {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            let shown: String = line_text.chars().take(160).collect();
            let caret_at = shown.chars().take(self.column.saturating_sub(1) as usize).map(|c| if c == '\t' { '\t' } else { ' ' }).collect::<String>();
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{gutter} | {shown}");
            let _ = writeln!(out, "{pad} | {caret_at}^");
        }
        out
    }
}

/// Counts by severity and code, with sorted keys so the output is stable.
pub fn count_by_code(diagnostics: &[Diagnostic]) -> (BTreeMap<String, usize>, BTreeMap<String, usize>) {
    let mut by_severity = BTreeMap::new();
    let mut by_code = BTreeMap::new();
    for diagnostic in diagnostics {
        *by_severity.entry(diagnostic.severity.as_str().to_owned()).or_insert(0) += 1;
        *by_code.entry(diagnostic.code.as_str().to_owned()).or_insert(0) += 1;
    }
    (by_severity, by_code)
}

/// Maps byte offsets of one file to 1-based line and column (columns count chars).
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        // Counting first sizes the vector exactly: a growing one reallocates a dozen times
        // on a long page, which costs more than the second (vectorised) pass.
        let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
        let mut line_starts = Vec::with_capacity(newlines + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { line_starts }
    }

    pub fn line(&self, offset: usize) -> u32 {
        let index = self.line_starts.partition_point(|start| *start <= offset);
        index.max(1) as u32
    }

    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let line = self.line(offset);
        let start = self.line_starts[(line - 1) as usize];
        let end = offset.min(text.len());
        let column = text.get(start..end).map_or(1, |s| s.chars().count() + 1);
        (line, column as u32)
    }
}
