//! Which part of a legacy page an element starts, from data in
//! `lints/regions.toml`: hero, breadcrumb, sidebar, main content.

use rustc_hash::FxHashMap as HashMap;

use serde::Deserialize;

use super::Region;
use crate::data::error::DataError;

const REGIONS: &str = include_str!("../../lints/regions.toml");

/// Region rules: an element whose `id` or one of whose classes matches a rule
/// starts that region for everything inside it. The innermost match wins;
/// on one element, the rule listed first wins.
#[derive(Debug, Clone, Default)]
pub struct RegionRules {
    /// id or class -> (rule position, region). Looked up for every tag.
    ids: HashMap<String, (usize, Region)>,
    classes: HashMap<String, (usize, Region)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionFile {
    region: Vec<RegionEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionEntry {
    name: String,
    #[serde(default)]
    ids: Vec<String>,
    #[serde(default)]
    classes: Vec<String>,
}

impl RegionRules {
    /// The shipped rules (`lints/regions.toml`).
    pub fn shipped() -> Result<RegionRules, DataError> {
        RegionRules::from_toml(REGIONS).map_err(|e| DataError::in_file("lints/regions.toml", e))
    }

    pub fn from_toml(text: &str) -> Result<RegionRules, DataError> {
        let file: RegionFile = toml::from_str(text)?;
        let mut rules = RegionRules::default();
        for (position, entry) in file.region.into_iter().enumerate() {
            let region =
                Region::parse(&entry.name).ok_or_else(|| DataError::UnknownRegion(entry.name.clone()))?;
            for id in entry.ids {
                rules.ids.entry(id).or_insert((position, region));
            }
            for class in entry.classes {
                rules.classes.entry(class).or_insert((position, region));
            }
        }
        Ok(rules)
    }

    /// The region an element with this `id` and `class` starts, if any.
    pub fn region_for(&self, id: Option<&str>, class: Option<&str>) -> Option<Region> {
        let by_id = id.and_then(|id| self.ids.get(id));
        let by_class = class
            .into_iter()
            .flat_map(str::split_ascii_whitespace)
            .filter_map(|name| self.classes.get(name));
        by_id
            .into_iter()
            .chain(by_class)
            .min_by_key(|(position, _)| *position)
            .map(|(_, region)| *region)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_by_id_or_class() {
        let rules = RegionRules::from_toml(
            "[[region]]\nname = \"sidebar\"\nids = [\"SideBarWrapper\"]\n\
             [[region]]\nname = \"hero\"\nclasses = [\"hero\"]\n",
        )
        .unwrap();
        assert_eq!(
            rules.region_for(Some("SideBarWrapper"), None),
            Some(Region::Sidebar)
        );
        assert_eq!(
            rules.region_for(None, Some("row-fluid wider hero")),
            Some(Region::Hero)
        );
        assert_eq!(rules.region_for(Some("x"), Some("heroic")), None);
    }

    #[test]
    fn unknown_region_is_an_error() {
        assert!(RegionRules::from_toml("[[region]]\nname = \"footer\"\n").is_err());
    }
}
