//! Which part of a legacy page an element starts, from data in
//! `lints/regions.toml`: hero, breadcrumb, sidebar, main content.

use serde::Deserialize;

use super::Region;

/// Region rules: an element whose `id` or one of whose classes matches a rule
/// starts that region for everything inside it. The innermost match wins.
#[derive(Debug, Clone, Default)]
pub struct RegionRules {
    rules: Vec<RegionRule>,
}

#[derive(Debug, Clone)]
struct RegionRule {
    region: Region,
    ids: Vec<String>,
    classes: Vec<String>,
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
    pub fn from_toml(text: &str) -> Result<RegionRules, String> {
        let file: RegionFile = toml::from_str(text).map_err(|error| error.to_string())?;
        let rules = file
            .region
            .into_iter()
            .map(|entry| {
                let region =
                    Region::parse(&entry.name).ok_or_else(|| format!("unknown region `{}`", entry.name))?;
                Ok(RegionRule {
                    region,
                    ids: entry.ids,
                    classes: entry.classes,
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(RegionRules { rules })
    }

    /// The region an element with this `id` and `class` starts, if any.
    pub fn region_for(&self, id: Option<&str>, class: Option<&str>) -> Option<Region> {
        self.rules.iter().find_map(|rule| {
            let id_matches = id.is_some_and(|id| rule.ids.iter().any(|candidate| candidate == id));
            let class_matches = class.is_some_and(|class| {
                class
                    .split_ascii_whitespace()
                    .any(|name| rule.classes.iter().any(|candidate| candidate == name))
            });
            (id_matches || class_matches).then_some(rule.region)
        })
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
