//! Why the shipped data (`lints/*.toml`) with the configuration's additions
//! could not be used. The texts are what the CLI prints.

/// An error in the rule data: a shipped file that does not parse, or a
/// pattern, word list or name (shipped or configured) that does not compile.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// A shipped file, and what is wrong in it.
    #[error("{file}: {source}")]
    InFile {
        file: &'static str,
        source: Box<DataError>,
    },
    #[error(transparent)]
    Toml(#[from] toml::de::Error),
    /// `lints/regions.toml` names a region the parser does not know.
    #[error("unknown region `{0}`")]
    UnknownRegion(String),
    #[error("placeholder patterns: {0}")]
    PlaceholderPatterns(#[source] regex::Error),
    /// A pattern of the claims data, under the name of its document or the
    /// topic of its claim.
    #[error("claims data, {name}: {source}")]
    ClaimsPattern { name: String, source: Box<DataError> },
    #[error(transparent)]
    Regex(#[from] regex::Error),
    #[error(transparent)]
    PatternSyntax(Box<regex_syntax::Error>),
    #[error(transparent)]
    PatternBuild(Box<regex_automata::meta::BuildError>),
    #[error("entity aliases: {0}")]
    EntityAliases(#[source] aho_corasick::BuildError),
    #[error("Chinese words: {0}")]
    ChineseWords(#[source] aho_corasick::BuildError),
    #[error("first-person: `{0}` is not the name of a party entity")]
    NotAParty(String),
}

impl DataError {
    /// `error`, found in the shipped file `file`.
    pub fn in_file(file: &'static str, error: impl Into<DataError>) -> DataError {
        DataError::InFile {
            file,
            source: Box::new(error.into()),
        }
    }
}
