//! The markdown layer: one pulldown-cmark pass turns a page into a flat list of blocks
//! (headings, paragraphs, tables, code fences, HTML comments) with byte offsets.
//!
//! Everything above this layer works on blocks, never on markdown text, so link
//! resolution, entity decoding and table splitting follow CommonMark/GFM exactly.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// Inline content flattened to text, keeping the links and code spans it contained.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inline {
    /// Plain text; code spans are included verbatim, HTML tags become a space.
    pub text: String,
    pub links: Vec<Link>,
    pub code_spans: Vec<String>,
    /// Byte range of the content in the page.
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub dest: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub cells: Vec<Inline>,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// `key` is the heading text lower-cased, for matching section names.
    Heading {
        level: u8,
        content: Inline,
        key: String,
        start: usize,
    },
    Paragraph {
        content: Inline,
        start: usize,
    },
    Table {
        header: Vec<Inline>,
        rows: Vec<TableRow>,
        start: usize,
    },
    CodeFence {
        info: String,
        text: String,
        content_start: usize,
        start: usize,
    },
    /// The body of an HTML comment, between `<!--` and `-->`.
    Comment {
        text: String,
        body_start: usize,
        start: usize,
    },
}

impl Block {
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
pub struct Document {
    /// The YAML front matter text and its byte offset.
    pub front_matter: Option<(String, usize)>,
    pub blocks: Vec<Block>,
}

#[derive(Default)]
struct InlineBuilder {
    inline: Inline,
    open_link: Option<(String, usize)>,
}

impl InlineBuilder {
    fn new(start: usize) -> Self {
        InlineBuilder { inline: Inline { start, end: start, ..Inline::default() }, open_link: None }
    }
    fn push_text(&mut self, text: &str) {
        self.inline.text.push_str(text);
    }
}

/// Splits off YAML front matter: a `---` first line up to the next `---` line.
///
/// pulldown-cmark's own metadata option also takes `---` pairs in the middle of a page
/// (tab groups end with `---`), so the front matter is cut off here instead.
fn split_front_matter(text: &str) -> Option<(String, usize, usize)> {
    let first_line_end = text.find('\n')?;
    if text[..first_line_end].trim_end() != "---" {
        return None;
    }
    let mut offset = first_line_end + 1;
    for line in text[offset..].split_inclusive('\n') {
        if line.trim_end() == "---" || line.trim_end() == "..." {
            let yaml = text[first_line_end + 1..offset].to_owned();
            return Some((yaml, first_line_end + 1, offset + line.len()));
        }
        offset += line.len();
    }
    None
}

pub fn parse_document(text: &str) -> Document {
    let options = Options::ENABLE_TABLES;
    let mut document = Document::default();
    let mut body_start = 0;
    if let Some((yaml, yaml_start, end)) = split_front_matter(text) {
        document.front_matter = Some((yaml, yaml_start));
        body_start = end;
    }
    // Offsets below are into `text`; the parser sees only the body.
    let body = &text[body_start..];
    let mut inline_stack: Vec<InlineBuilder> = Vec::new();
    let mut heading_level: Vec<(u8, usize)> = Vec::new();
    let mut table: Option<(Vec<Inline>, Vec<TableRow>, usize)> = None;
    let mut in_table_head = false;
    let mut row: Option<TableRow> = None;
    let mut fence: Option<(String, String, Option<usize>, usize)> = None;
    let mut html_block: Option<(String, usize)> = None;

    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let range = range.start + body_start..range.end + body_start;
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.trim().to_owned(),
                    CodeBlockKind::Indented => String::new(),
                };
                fence = Some((info, String::new(), None, range.start));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((info, body, content_start, start)) = fence.take() {
                    let content_start = content_start.unwrap_or(range.end);
                    document.blocks.push(Block::CodeFence { info, text: body, content_start, start });
                }
            }
            Event::Start(Tag::HtmlBlock) => html_block = Some((String::new(), range.start)),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((html, start)) = html_block.take() {
                    push_comments(&mut document.blocks, &html, start);
                }
            }
            Event::Html(html) => match html_block.as_mut() {
                Some((buffer, start)) => {
                    if buffer.is_empty() {
                        *start = range.start;
                    }
                    buffer.push_str(&html);
                }
                None => push_comments(&mut document.blocks, &html, range.start),
            },
            Event::InlineHtml(html) => {
                push_comments(&mut document.blocks, &html, range.start);
                if let Some(top) = inline_stack.last_mut() {
                    top.push_text(" ");
                }
            }
            Event::Text(body) => {
                if let Some((_, buffer, content_start, _)) = fence.as_mut() {
                    content_start.get_or_insert(range.start);
                    buffer.push_str(&body);
                } else if let Some(top) = inline_stack.last_mut() {
                    top.push_text(&body);
                }
            }
            Event::Code(code) => {
                if let Some(top) = inline_stack.last_mut() {
                    top.push_text(&code);
                    top.inline.code_spans.push(code.into_string());
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(top) = inline_stack.last_mut() {
                    top.push_text(" ");
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(top) = inline_stack.last_mut() {
                    top.open_link = Some((dest_url.into_string(), top.inline.text.len()));
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some(top) = inline_stack.last_mut()
                    && let Some((dest, text_start)) = top.open_link.take()
                {
                    let link_text = top.inline.text.get(text_start..).unwrap_or_default().trim().to_owned();
                    top.inline.links.push(Link { dest, text: link_text });
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading_level.push((level as u8, range.start));
                inline_stack.push(InlineBuilder::new(range.start));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let (Some(builder), Some((level, start))) = (inline_stack.pop(), heading_level.pop()) {
                    let content = finish(builder, range.end);
                    let key = content.text.trim().to_ascii_lowercase();
                    document.blocks.push(Block::Heading { level, content, key, start });
                }
            }
            Event::Start(Tag::Paragraph) | Event::Start(Tag::Item) => {
                flush_item_text(&mut inline_stack, &mut document.blocks, range.start);
                inline_stack.push(InlineBuilder::new(range.start));
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => {
                if let Some(builder) = inline_stack.pop() {
                    let start = builder.inline.start;
                    let content = finish(builder, range.end);
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
            Event::Start(Tag::TableRow) => row = Some(TableRow { cells: Vec::new(), start: range.start, end: range.end }),
            Event::End(TagEnd::TableRow) => {
                if let (Some(finished), Some((_, rows, _))) = (row.take(), table.as_mut())
                    && !in_table_head
                {
                    rows.push(finished);
                }
            }
            Event::Start(Tag::TableCell) => inline_stack.push(InlineBuilder::new(range.start)),
            Event::End(TagEnd::TableCell) => {
                if let (Some(builder), Some(current)) = (inline_stack.pop(), row.as_mut()) {
                    current.cells.push(finish(builder, range.end));
                }
            }
            _ => {}
        }
    }
    document.blocks.sort_by_key(Block::start);
    document
}

/// A tight list item holds text directly; a nested block ends that text as a paragraph.
fn flush_item_text(stack: &mut [InlineBuilder], blocks: &mut Vec<Block>, at: usize) {
    if let Some(top) = stack.last_mut()
        && !top.inline.text.trim().is_empty()
    {
        let start = top.inline.start;
        let mut content = std::mem::take(&mut top.inline);
        content.end = at;
        content.text = collapse_whitespace(&content.text);
        blocks.push(Block::Paragraph { content, start });
        top.inline = Inline { start: at, end: at, ..Inline::default() };
    }
}

fn finish(builder: InlineBuilder, end: usize) -> Inline {
    let mut inline = builder.inline;
    inline.end = end;
    if !is_collapsed(&inline.text) {
        inline.text = collapse_whitespace(&inline.text);
    }
    inline
}

/// No leading, trailing or doubled whitespace, and no whitespace but plain spaces.
fn is_collapsed(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut previous_space = false;
    let mut non_ascii = false;
    for &byte in bytes {
        match byte {
            b' ' if previous_space => return false,
            b' ' => previous_space = true,
            b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => return false,
            0x80.. => {
                non_ascii = true;
                previous_space = false;
            }
            _ => previous_space = false,
        }
    }
    // Non-ASCII text may hold NBSP or other Unicode whitespace.
    !non_ascii || !text.chars().any(|c| c.is_whitespace() && c != ' ')
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
fn push_comments(blocks: &mut Vec<Block>, html: &str, offset: usize) {
    let mut rest = 0;
    while let Some(found) = html.get(rest..).and_then(|s| s.find("<!--")) {
        let open = rest + found;
        let body_start = open + 4;
        let (body_end, next) = match html.get(body_start..).and_then(|s| s.find("-->")) {
            Some(close) => (body_start + close, body_start + close + 3),
            None => (html.len(), html.len()),
        };
        let body = html.get(body_start..body_end).unwrap_or_default().to_owned();
        blocks.push(Block::Comment { text: body, body_start: offset + body_start, start: offset + open });
        rest = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
