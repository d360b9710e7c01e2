//! YAML front matter, read with a real YAML parser and flattened to string values.

use std::collections::BTreeMap;

use yaml_rust2::{Yaml, YamlLoader};

/// Front matter keys with their scalar values as text (`ms.prod: ""` stays an empty string).
pub type FrontMatter = BTreeMap<String, String>;

pub fn parse_front_matter(yaml: &str) -> Result<FrontMatter, String> {
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
    fn broken_yaml_is_an_error() {
        assert!(parse_front_matter("title: \"unterminated\n  - [").is_err());
    }
}
