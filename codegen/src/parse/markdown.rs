//! The markdown layer: one pulldown-cmark pass turns a page into a flat list of blocks
//! (headings, paragraphs, tables, code fences, HTML comments) with byte offsets.
//!
//! Everything above this layer works on blocks, never on markdown text, so link
//! resolution, entity decoding and table splitting follow CommonMark/GFM exactly.

use std::borrow::Cow;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

/// Inline content flattened to text, keeping the links and code spans it contained.
///
/// Text is borrowed from the page wherever the source holds it verbatim (a plain table
/// cell, a heading, a fence body), so only text that markdown rewrites is copied.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inline<'a> {
    /// Plain text; code spans are included verbatim, HTML tags become a space.
    pub text: Cow<'a, str>,
    pub links: Vec<InlineLink<'a>>,
    pub code_spans: Vec<Cow<'a, str>>,
    /// Byte range of the content in the page.
    pub start: usize,
    pub end: usize,
}

/// A link as the page model keeps it, after the blocks are gone.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub dest: String,
    pub text: String,
}

/// A link inside inline content, borrowing the page where it can.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineLink<'a> {
    pub dest: Cow<'a, str>,
    pub text: Cow<'a, str>,
}

impl InlineLink<'_> {
    pub fn to_link(&self) -> Link {
        Link { dest: self.dest.to_string(), text: self.text.to_string() }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableRow<'a> {
    pub cells: Vec<Inline<'a>>,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block<'a> {
    /// `key` is the heading text lower-cased, for matching section names.
    Heading {
        level: u8,
        content: Inline<'a>,
        key: Cow<'a, str>,
        start: usize,
    },
    Paragraph {
        content: Inline<'a>,
        start: usize,
    },
    Table {
        header: Vec<Inline<'a>>,
        rows: Vec<TableRow<'a>>,
        start: usize,
    },
    CodeFence {
        info: Cow<'a, str>,
        text: Cow<'a, str>,
        content_start: usize,
        start: usize,
    },
    /// The body of an HTML comment, between `<!--` and `-->`.
    Comment {
        text: Cow<'a, str>,
        body_start: usize,
        start: usize,
    },
}

impl Block<'_> {
    pub fn start(&self) -> usize {
        match self {
            Block::Heading { start, .. }
            | Block::Paragraph { start, .. }
            | Block::Table { start, .. }
            | Block::CodeFence { start, .. }
            | Block::Comment { start, .. } => *start,
        }
    }
}

/// A page split into its front matter and blocks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document<'a> {
    /// The YAML front matter text and its byte offset.
    pub front_matter: Option<(&'a str, usize)>,
    pub blocks: Vec<Block<'a>>,
}

/// Text gathered from consecutive events. It stays a borrowed slice of the page while
/// each piece is a slice that starts where the previous one ended (a fence's lines, an
/// HTML block's lines, a lone text run), and becomes an owned copy at the first piece
/// that is not, so the common cases cost no allocation.
#[derive(Debug, Default)]
struct Gathered<'a> {
    text: Cow<'a, str>,
}

impl<'a> Gathered<'a> {
    fn push(&mut self, piece: CowStr<'a>, source: &'a str) {
        let piece = match piece {
            CowStr::Borrowed(borrowed) => borrowed,
            other => return self.text.to_mut().push_str(&other),
        };
        match &self.text {
            Cow::Borrowed("") => self.text = Cow::Borrowed(piece),
            Cow::Borrowed(previous) => match adjacent_span(source, previous, piece) {
                Some(joined) => self.text = Cow::Borrowed(joined),
                None => self.text.to_mut().push_str(piece),
            },
            Cow::Owned(_) => self.text.to_mut().push_str(piece),
        }
    }

    fn push_space(&mut self) {
        self.text.to_mut().push(' ');
    }

    fn len(&self) -> usize {
        self.text.len()
    }

    fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// Byte offset of `part` within `whole`, when `part` is a slice of it.
fn offset_in(whole: &str, part: &str) -> Option<usize> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (start + part.len() <= whole.len()).then_some(start)
}

/// `first` and `second` joined, when both are slices of `source` and `second` starts
/// where `first` ends (the joined slice is then exactly their concatenation).
fn adjacent_span<'a>(source: &'a str, first: &str, second: &str) -> Option<&'a str> {
    let start = offset_in(source, first)?;
    let second_start = offset_in(source, second)?;
    if start + first.len() != second_start {
        return None;
    }
    source.get(start..second_start + second.len())
}

/// A sub-range of gathered text, still borrowed when the text is.
fn slice_of<'a>(text: &Cow<'a, str>, slice: impl FnOnce(&str) -> &str) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(borrowed) => Cow::Borrowed(slice(borrowed)),
        Cow::Owned(owned) => Cow::Owned(slice(owned).to_owned()),
    }
}

fn owned_or_borrowed(text: CowStr<'_>) -> Cow<'_, str> {
    match text {
        CowStr::Borrowed(borrowed) => Cow::Borrowed(borrowed),
        other => Cow::Owned(other.into_string()),
    }
}

struct InlineBuilder<'a> {
    text: Gathered<'a>,
    links: Vec<InlineLink<'a>>,
    code_spans: Vec<Cow<'a, str>>,
    start: usize,
    open_link: Option<(Cow<'a, str>, usize)>,
}

impl<'a> InlineBuilder<'a> {
    fn new(start: usize) -> Self {
        InlineBuilder { text: Gathered::default(), links: Vec::new(), code_spans: Vec::new(), start, open_link: None }
    }

    /// The content so far, up to `end`, with whitespace collapsed.
    fn take_inline(&mut self, end: usize) -> Inline<'a> {
        let text = std::mem::take(&mut self.text).text;
        let text = if is_collapsed(&text) { text } else { Cow::Owned(collapse_whitespace(&text)) };
        Inline { text, links: std::mem::take(&mut self.links), code_spans: std::mem::take(&mut self.code_spans), start: self.start, end }
    }
}

/// Splits off YAML front matter: a `---` first line up to the next `---` line.
///
/// pulldown-cmark's own metadata option also takes `---` pairs in the middle of a page
/// (tab groups end with `---`), so the front matter is cut off here instead.
fn split_front_matter(text: &str) -> Option<(&str, usize, usize)> {
    let first_line_end = text.find('\n')?;
    if text[..first_line_end].trim_end() != "---" {
        return None;
    }
    let mut offset = first_line_end + 1;
    for line in text[offset..].split_inclusive('\n') {
        if line.trim_end() == "---" || line.trim_end() == "..." {
            let yaml = &text[first_line_end + 1..offset];
            return Some((yaml, first_line_end + 1, offset + line.len()));
        }
        offset += line.len();
    }
    None
}

/// The page with each lone carriage return (a line ending of some pages saved on old
/// Macs) made a line feed, one byte for one, so that every offset stays true and each
/// line is read and counted as a line; `\r\n` stays as it is.
pub fn with_lone_carriage_returns_as_line_feeds(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |at: usize| bytes[at] == b'\r' && bytes.get(at + 1) != Some(&b'\n');
    if !memchr::memchr_iter(b'\r', bytes).any(lone) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.char_indices().map(|(at, c)| if c == '\r' && lone(at) { '\n' } else { c }).collect())
}

/// The page as pulldown-cmark should read it. A table's delimiter row may hold tabs
/// (`| ------------- \t\t|----|`, as in `resources/insights-used.md`). The docs site's
/// renderer and GFM take them as whitespace, but pulldown-cmark 0.13 then does not see a
/// table at all, and the page's properties would silently be lost. Those tabs become
/// spaces, one byte for one, so every offset into the page stays true. A page with no
/// such row is returned as it is, borrowed.
pub fn with_delimiter_row_tabs_as_spaces(text: &str) -> Cow<'_, str> {
    if !text.contains('\t') {
        return Cow::Borrowed(text);
    }
    let mut tabs = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if line.contains('\t') && is_delimiter_row(line) {
            tabs.extend(line.match_indices('\t').map(|(at, _)| line_start + at));
        }
        line_start += line.len();
    }
    if tabs.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut spaced = text.to_owned();
    for at in tabs {
        spaced.replace_range(at..at + 1, " ");
    }
    Cow::Owned(spaced)
}

/// `| --- | :---: |`: pipes, hyphens, colons and whitespace only, with a pipe and a hyphen.
fn is_delimiter_row(line: &str) -> bool {
    let line = line.trim();
    line.contains('|') && line.contains('-') && line.chars().all(|c| matches!(c, '|' | '-' | ':') || c.is_whitespace())
}

pub fn parse_document(text: &str) -> Document<'_> {
    let options = Options::ENABLE_TABLES;
    let mut document = Document::default();
    let mut body_start = 0;
    if let Some((yaml, yaml_start, end)) = split_front_matter(text) {
        document.front_matter = Some((yaml, yaml_start));
        body_start = end;
    }
    // Offsets below are into `text`; the parser sees only the body.
    let body = &text[body_start..];
    let mut inline_stack: Vec<InlineBuilder<'_>> = Vec::new();
    let mut heading_level: Vec<(u8, usize)> = Vec::new();
    let mut table: Option<(Vec<Inline<'_>>, Vec<TableRow<'_>>, usize)> = None;
    let mut in_table_head = false;
    let mut row: Option<TableRow<'_>> = None;
    let mut fence: Option<(Cow<'_, str>, Gathered<'_>, Option<usize>, usize)> = None;
    let mut html_block: Option<(Gathered<'_>, usize)> = None;

    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let range = range.start + body_start..range.end + body_start;
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => slice_of(&owned_or_borrowed(info), str::trim),
                    CodeBlockKind::Indented => Cow::Borrowed(""),
                };
                fence = Some((info, Gathered::default(), None, range.start));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((info, body, content_start, start)) = fence.take() {
                    let content_start = content_start.unwrap_or(range.end);
                    document.blocks.push(Block::CodeFence { info, text: body.text, content_start, start });
                }
            }
            Event::Start(Tag::HtmlBlock) => html_block = Some((Gathered::default(), range.start)),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((html, start)) = html_block.take() {
                    push_comments(&mut document.blocks, html.text, start);
                }
            }
            Event::Html(html) => match html_block.as_mut() {
                Some((buffer, start)) => {
                    if buffer.is_empty() {
                        *start = range.start;
                    }
                    buffer.push(html, body);
                }
                None => push_comments(&mut document.blocks, owned_or_borrowed(html), range.start),
            },
            Event::InlineHtml(html) => {
                push_comments(&mut document.blocks, owned_or_borrowed(html), range.start);
                if let Some(top) = inline_stack.last_mut() {
                    top.text.push_space();
                }
            }
            Event::Text(piece) => {
                if let Some((_, buffer, content_start, _)) = fence.as_mut() {
                    content_start.get_or_insert(range.start);
                    buffer.push(piece, body);
                } else if let Some(top) = inline_stack.last_mut() {
                    top.text.push(piece, body);
                }
            }
            Event::Code(code) => {
                if let Some(top) = inline_stack.last_mut() {
                    let code = owned_or_borrowed(code);
                    top.text.push(CowStr::from(code.clone()), body);
                    top.code_spans.push(code);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(top) = inline_stack.last_mut() {
                    top.text.push_space();
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(top) = inline_stack.last_mut() {
                    top.open_link = Some((owned_or_borrowed(dest_url), top.text.len()));
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some(top) = inline_stack.last_mut()
                    && let Some((dest, text_start)) = top.open_link.take()
                {
                    let link_text = slice_of(&top.text.text, |text| text.get(text_start..).unwrap_or_default().trim());
                    top.links.push(InlineLink { dest, text: link_text });
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading_level.push((level as u8, range.start));
                inline_stack.push(InlineBuilder::new(range.start));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let (Some(mut builder), Some((level, start))) = (inline_stack.pop(), heading_level.pop()) {
                    let content = builder.take_inline(range.end);
                    let trimmed = slice_of(&content.text, str::trim);
                    let key = if trimmed.bytes().any(|b| b.is_ascii_uppercase()) { Cow::Owned(trimmed.to_ascii_lowercase()) } else { trimmed };
                    document.blocks.push(Block::Heading { level, content, key, start });
                }
            }
            Event::Start(Tag::Paragraph) | Event::Start(Tag::Item) => {
                flush_item_text(&mut inline_stack, &mut document.blocks, range.start);
                inline_stack.push(InlineBuilder::new(range.start));
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => {
                if let Some(mut builder) = inline_stack.pop() {
                    let start = builder.start;
                    let content = builder.take_inline(range.end);
                    if !content.text.trim().is_empty() {
                        document.blocks.push(Block::Paragraph { content, start });
                    }
                }
            }
            Event::Start(Tag::Table(_)) => table = Some((Vec::new(), Vec::new(), range.start)),
            Event::End(TagEnd::Table) => {
                if let Some((header, rows, start)) = table.take() {
                    document.blocks.push(Block::Table { header, rows, start });
                }
            }
            Event::Start(Tag::TableHead) => {
                in_table_head = true;
                row = Some(TableRow { cells: Vec::new(), start: range.start, end: range.end });
            }
            Event::End(TagEnd::TableHead) => {
                in_table_head = false;
                if let (Some(finished), Some((header, _, _))) = (row.take(), table.as_mut()) {
                    *header = finished.cells;
                }
            }
            Event::Start(Tag::TableRow) => {
                // GFM gives every row as many cells as the header.
                let width = table.as_ref().map_or(0, |(header, _, _)| header.len());
                row = Some(TableRow { cells: Vec::with_capacity(width), start: range.start, end: range.end });
            }
            Event::End(TagEnd::TableRow) => {
                if let (Some(finished), Some((_, rows, _))) = (row.take(), table.as_mut())
                    && !in_table_head
                {
                    rows.push(finished);
                }
            }
            Event::Start(Tag::TableCell) => inline_stack.push(InlineBuilder::new(range.start)),
            Event::End(TagEnd::TableCell) => {
                if let (Some(mut builder), Some(current)) = (inline_stack.pop(), row.as_mut()) {
                    current.cells.push(builder.take_inline(range.end));
                }
            }
            _ => {}
        }
    }
    // Blocks come out of order only where one is nested in another (a comment inside a
    // paragraph, a paragraph inside a list item); most pages need no sort.
    if !document.blocks.is_sorted_by_key(Block::start) {
        document.blocks.sort_by_key(Block::start);
    }
    document
}

/// A tight list item holds text directly; a nested block ends that text as a paragraph.
fn flush_item_text<'a>(stack: &mut [InlineBuilder<'a>], blocks: &mut Vec<Block<'a>>, at: usize) {
    if let Some(top) = stack.last_mut()
        && !top.text.text.trim().is_empty()
    {
        let start = top.start;
        let content = top.take_inline(at);
        blocks.push(Block::Paragraph { content, start });
        top.start = at;
    }
}

/// No leading, trailing or doubled whitespace, and no whitespace but plain spaces.
fn is_collapsed(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    // One branch-free pass: every text of every block goes through here.
    let (mut needs_folding, mut previous_space) = (false, false);
    for &byte in bytes {
        let space = byte == b' ';
        needs_folding |= (previous_space & space) | matches!(byte, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
        previous_space = space;
    }
    // Non-ASCII text may hold NBSP or other Unicode whitespace.
    !needs_folding && (text.is_ascii() || !text.chars().any(|c| c.is_whitespace() && c != ' '))
}

/// Folds runs of whitespace (including NBSP) to one space and trims.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Extracts every `<!-- ... -->` from a run of HTML; an unterminated one runs to the end.
fn push_comments<'a>(blocks: &mut Vec<Block<'a>>, html: Cow<'a, str>, offset: usize) {
    let mut rest = 0;
    while let Some(found) = html.get(rest..).and_then(|s| s.find("<!--")) {
        let open = rest + found;
        let body_start = open + 4;
        let (body_end, next) = match html.get(body_start..).and_then(|s| s.find("-->")) {
            Some(close) => (body_start + close, body_start + close + 3),
            None => (html.len(), html.len()),
        };
        let body = slice_of(&html, |html| html.get(body_start..body_end).unwrap_or_default());
        blocks.push(Block::Comment { text: body, body_start: offset + body_start, start: offset + open });
        rest = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_delimiter_row_with_tabs_still_makes_a_table() {
        // As in `resources/insights-resourcevisualization.md`.
        let page = "## Properties\n\n| Property      \t\t| Type          | Description  |\n| ------------- \t\t|---------------| -------------|\n| title      \t\t\t| String\t\t| The item's title text. |\n";
        let tables = |text: &str| parse_document(text).blocks.iter().filter(|block| matches!(block, Block::Table { .. })).count();
        assert_eq!(tables(page), 0, "pulldown-cmark alone misses it; if this fails, the workaround may be dropped");
        let spaced = with_delimiter_row_tabs_as_spaces(page);
        assert_eq!(tables(&spaced), 1);
        assert_eq!(spaced.len(), page.len(), "offsets are kept");
        assert!(spaced.contains("| title      \t\t\t| String\t\t|"), "only the delimiter row changes");
        // Other text with tabs is not copied.
        assert!(matches!(with_delimiter_row_tabs_as_spaces("a\tb\n|--|\n"), Cow::Borrowed(_)));
        assert!(matches!(with_delimiter_row_tabs_as_spaces("---\t\n"), Cow::Borrowed(_)), "a thematic break is no delimiter row");
    }

    #[test]
    fn annotation_comment_and_fence_become_blocks_in_order() {
        let page = "# Title\n\n<!-- {\n  \"blockType\": \"request\",\n  \"name\": \"x\"\n}-->\n```http\nGET /me\n```\n";
        let doc = parse_document(page);
        assert!(matches!(&doc.blocks[0], Block::Heading { level: 1, content, .. } if content.text == "Title"));
        assert!(matches!(&doc.blocks[1], Block::Comment { text, .. } if text.contains("\"request\"")));
        match &doc.blocks[2] {
            Block::CodeFence { info, text, content_start, .. } => {
                assert_eq!(info, "http");
                assert_eq!(text, "GET /me\n");
                assert_eq!(&page[*content_start..*content_start + 7], "GET /me");
            }
            other => panic!("expected a fence, got {other:?}"),
        }
    }

    #[test]
    fn table_cells_keep_links_and_code() {
        let page = "| Property | Type | Description |\n|:--|:--|:--|\n| **identity** | [identitySet](identityset.md) collection | Who. `a` |\n";
        let doc = parse_document(page);
        let Block::Table { header, rows, .. } = &doc.blocks[0] else { panic!("no table") };
        assert_eq!(header[1].text, "Type");
        assert_eq!(rows[0].cells[0].text, "identity");
        assert_eq!(rows[0].cells[1].text, "identitySet collection");
        assert_eq!(rows[0].cells[1].links[0].dest, "identityset.md");
        assert_eq!(rows[0].cells[2].code_spans, vec!["a".to_owned()]);
    }

    #[test]
    fn reference_style_links_resolve_through_definitions() {
        let page = "| Property | Type |\n|--|--|\n| from | [identitySet][] |\n\n[identitySet]: identityset.md\n";
        let doc = parse_document(page);
        let Block::Table { rows, .. } = &doc.blocks[0] else { panic!("no table") };
        assert_eq!(rows[0].cells[1].links[0].dest, "identityset.md");
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        assert!(matches!(with_lone_carriage_returns_as_line_feeds("a\r\nb\n"), Cow::Borrowed(_)));
        let text = with_lone_carriage_returns_as_line_feeds("---\rtitle: x\r---\r\n# T\r");
        assert_eq!(text, "---\ntitle: x\n---\r\n# T\n");
        assert_eq!(parse_document(&text).front_matter.map(|(yaml, _)| yaml), Some("title: x\n"));
    }

    #[test]
    fn front_matter_is_separated() {
        let doc = parse_document("---\ntitle: \"x\"\nms.prod: 'teams'\n---\n\n# x\n");
        let (yaml, offset) = doc.front_matter.expect("front matter");
        assert_eq!(yaml, "title: \"x\"\nms.prod: 'teams'\n");
        assert_eq!(offset, 4);
        assert!(matches!(&doc.blocks[0], Block::Heading { start: 37, .. }));
    }

    #[test]
    fn dashes_later_in_the_page_are_not_front_matter() {
        let page = "---\ntitle: x\n---\n# T\n\n---\n\n---\n#### Response\n";
        let doc = parse_document(page);
        assert_eq!(doc.front_matter.unwrap().0, "title: x\n");
        assert!(doc.blocks.iter().any(|b| matches!(b, Block::Heading { key, .. } if key == "response")));
    }

    #[test]
    fn whitespace_is_collapsed_including_nbsp() {
        for (raw, expected) in [("a b", "a b"), (" a  b ", "a b"), ("a\u{a0}b", "a b"), ("a\nb", "a b"), ("héllo wörld", "héllo wörld")] {
            let collapsed = if is_collapsed(raw) { raw.to_owned() } else { collapse_whitespace(raw) };
            assert_eq!(collapsed, expected, "{raw:?}");
        }
    }

    #[test]
    fn unterminated_comment_keeps_its_text() {
        let doc = parse_document("<!-- { \"blockType\": \"ignored\" }\n\ntext");
        assert!(doc.blocks.iter().any(|b| matches!(b, Block::Comment { text, .. } if text.contains("ignored"))));
    }
}
