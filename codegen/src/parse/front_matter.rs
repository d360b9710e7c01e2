//! YAML front matter, read with a real YAML parser and flattened to string values.

use std::collections::BTreeMap;

use yaml_rust2::parser::{EventReceiver, Parser};
use yaml_rust2::scanner::TScalarStyle;
use yaml_rust2::{Event, Yaml, YamlLoader};

/// Front matter keys with their scalar values as text (`ms.prod: ""` stays an empty string).
pub type FrontMatter = BTreeMap<String, String>;

pub fn parse_front_matter(yaml: &str) -> Result<FrontMatter, String> {
    // Every page's front matter is a handful of `key: value` lines, so the parser's events
    // are read straight into the map; building yaml-rust2's document tree first costs a
    // third of the parse. Anything but a flat mapping of plain scalars goes to the loader.
    let mut flat = FlatMapping::default();
    Parser::new_from_str(yaml).load(&mut flat, true).map_err(|error| error.to_string())?;
    match flat.entries {
        Some(entries) => Ok(entries),
        None => load_with_tree(yaml),
    }
}

/// Recovers the front matter of a flat mapping that repeats a key (two `ms.date:` lines,
/// which the loader rejects), the last value winning as in most YAML loaders. Returns the
/// map and the repeated keys, or `None` when the text is not such a mapping.
pub fn recover_repeated_keys(yaml: &str) -> Option<(FrontMatter, Vec<String>)> {
    let mut flat = FlatMapping { allow_repeats: true, ..FlatMapping::default() };
    Parser::new_from_str(yaml).load(&mut flat, true).ok()?;
    let entries = flat.entries?;
    (!flat.repeated.is_empty()).then_some((entries, flat.repeated))
}

/// The general path: the whole YAML document tree, flattened.
fn load_with_tree(yaml: &str) -> Result<FrontMatter, String> {
    let documents = YamlLoader::load_from_str(yaml).map_err(|error| error.to_string())?;
    let mut front_matter = FrontMatter::new();
    let Some(Yaml::Hash(hash)) = documents.into_iter().next() else {
        return Ok(front_matter);
    };
    for (key, value) in hash {
        let Some(key) = scalar_text(&key) else { continue };
        let value = scalar_text(&value).unwrap_or_default();
        front_matter.insert(key, value);
    }
    Ok(front_matter)
}

fn scalar_text(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(text) | Yaml::Real(text) => Some(text.clone()),
        Yaml::Integer(number) => Some(number.to_string()),
        Yaml::Boolean(flag) => Some(flag.to_string()),
        Yaml::Null => Some(String::new()),
        _ => None,
    }
}

/// Reads one document that is a mapping of untagged, unanchored scalars, typing each
/// scalar as the loader does. `entries` becomes `None` at the first event outside that
/// shape (nesting, aliases, anchors, tags, a second document, a repeated key), and the
/// loader then decides, so both paths give the same map or the same error.
struct FlatMapping {
    entries: Option<FrontMatter>,
    documents: usize,
    in_mapping: bool,
    pending_key: Option<String>,
    /// Let a repeated key replace its value (recording it in `repeated`) rather than
    /// leave the decision to the loader.
    allow_repeats: bool,
    repeated: Vec<String>,
}

impl Default for FlatMapping {
    fn default() -> Self {
        FlatMapping { entries: Some(FrontMatter::new()), documents: 0, in_mapping: false, pending_key: None, allow_repeats: false, repeated: Vec::new() }
    }
}

impl FlatMapping {
    fn accept(&mut self, event: Event) -> Option<()> {
        let entries = self.entries.as_mut()?;
        match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
            Event::DocumentStart if self.documents == 0 => self.documents = 1,
            Event::DocumentEnd => {}
            Event::MappingStart(0, None) if !self.in_mapping && entries.is_empty() && self.documents == 1 => self.in_mapping = true,
            Event::MappingEnd if self.in_mapping && self.pending_key.is_none() => self.in_mapping = false,
            Event::Scalar(text, style, 0, None) if self.in_mapping => {
                let text = typed_scalar_text(text, style);
                match self.pending_key.take() {
                    None => self.pending_key = Some(text),
                    Some(key) => {
                        // Keys that differ in YAML (`1` and `"1"`) can read alike as text;
                        // the loader knows which repeats are errors.
                        if entries.insert(key.clone(), text).is_some() {
                            if !self.allow_repeats {
                                return None;
                            }
                            self.repeated.push(key);
                        }
                    }
                }
            }
            _ => return None,
        }
        Some(())
    }
}

impl EventReceiver for FlatMapping {
    fn on_event(&mut self, event: Event) {
        if self.accept(event).is_none() {
            self.entries = None;
        }
    }
}

/// A scalar's text after the loader's typing of plain scalars (`0x1F` is the integer 31,
/// `~` is null, `True` is `true`), as [`scalar_text`] writes each type.
fn typed_scalar_text(text: String, style: TScalarStyle) -> String {
    if style != TScalarStyle::Plain {
        return text;
    }
    match Yaml::from_str(&text) {
        Yaml::String(_) | Yaml::Real(_) => text,
        typed => scalar_text(&typed).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_bare_and_single_quoted_values_read_alike() {
        let fm = parse_front_matter("title: \"Create onlineMeeting\"\nms.prod: 'teams'\ndoc_type: apiPageType\nms.date: 07/22/2024\n").unwrap();
        assert_eq!(fm["title"], "Create onlineMeeting");
        assert_eq!(fm["ms.prod"], "teams");
        assert_eq!(fm["doc_type"], "apiPageType");
        assert_eq!(fm["ms.date"], "07/22/2024");
    }

    #[test]
    fn empty_value_is_an_empty_string() {
        let fm = parse_front_matter("ms.prod: \"\"\nauthor:\n").unwrap();
        assert_eq!(fm["ms.prod"], "");
        assert_eq!(fm["author"], "");
    }

    #[test]
    fn event_path_reads_every_shape_as_the_document_tree_does() {
        let cases = [
            "title: x\nms.prod: 'teams'\n",
            "count: 0x1F\nplus: +5\nflag: True\nnothing: ~\nreal: 1.50\nquoted: \"007\"\nplain: 007\n",
            "nested:\n  a: 1\ntitle: x\n",
            "list: [a, b]\ntitle: x\n",
            "anchor: &a x\nalias: *a\n",
            "tagged: !!str 12\n",
            "1: number key\n\"1\": string key\n",
            "title: x\ntitle: y\n",
            "just a scalar\n",
            "",
        ];
        for yaml in cases {
            assert_eq!(parse_front_matter(yaml), load_with_tree(yaml), "{yaml:?}");
        }
    }

    #[test]
    fn a_repeated_key_is_an_error_that_can_be_recovered() {
        // As in the newer reference's `changetrackedentity.md`: `ms.date` twice.
        let yaml = "title: x\nms.date: 01/01/2024\nms.prod: teams\nms.date: 02/02/2024\n";
        assert!(parse_front_matter(yaml).is_err());
        let (recovered, repeated) = recover_repeated_keys(yaml).expect("a flat mapping");
        assert_eq!((recovered["ms.prod"].as_str(), recovered["ms.date"].as_str()), ("teams", "02/02/2024"));
        assert_eq!(repeated, ["ms.date"]);
        assert_eq!(recover_repeated_keys("title: \"unterminated\n  - ["), None);
        assert_eq!(recover_repeated_keys("title: x\n"), None);
    }

    #[test]
    fn broken_yaml_is_an_error() {
        assert!(parse_front_matter("title: \"unterminated\n  - [").is_err());
    }
}
