//! The claims family's section of `tclint.toml`: `[claims]`, additions to
//! the shipped `lints/claims.toml` (`Config` holds it as its `claims`), and
//! the shapes of the entries both write.

use serde::{Deserialize, Serialize};

/// `[claims]`: entities, documents, canonical claims and generic link texts
/// added to the shipped ones (same shapes as in `lints/claims.toml`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ClaimsConfig {
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub documents: Vec<DocumentSpec>,
    #[serde(default)]
    pub claims: Vec<ClaimSpec>,
    #[serde(default)]
    pub generic_labels: Vec<String>,
    /// Replaces the `first-person` of `lints/claims.toml`.
    #[serde(default)]
    pub first_person: Option<FirstPersonSpec>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub name: String,
    pub aliases: Vec<String>,
    /// Who acts (operates, accesses), rather than what is acted on.
    #[serde(default)]
    pub party: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentSpec {
    pub name: String,
    pub labels: Vec<String>,
    pub urls: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimSpec {
    pub topic: String,
    pub statement: String,
    pub triggers: Vec<String>,
    pub canonical: Vec<String>,
    pub conflicting: Vec<String>,
}

/// Who the site's "we" is: a first-person statement naming no party is
/// taken as made by this party ("We monitor" = "21Vianet monitors").
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FirstPersonSpec {
    /// The `name` of a party entity.
    pub party: String,
    pub en: Vec<String>,
    pub zh: Vec<String>,
}
