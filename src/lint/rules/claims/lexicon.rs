//! `lints/claims.toml` (language: markers, function words, generic labels,
//! kinds of document) merged with the `[claims]` section of `tclint.toml`
//! (a site's facts: entities, its first person, documents, canonical claims).

use regex::Regex;
use rustc_hash::FxHashMap;
use serde::Deserialize;

use super::patterns::PatternSet;
use super::settings::{ClaimSpec, ClaimsConfig, DocumentSpec, Entity, FirstPersonSpec};
use crate::data::error::DataError;

const CLAIMS: &str = include_str!("../../../../lints/claims.toml");

/// Kinds of claim-bearing words; numbers and named things are kinds too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MarkerKind {
    Number,
    Negation,
    Scope,
    Modality,
    Entity,
}

impl MarkerKind {
    pub fn describe(self) -> &'static str {
        match self {
            MarkerKind::Number => "numbers or dates",
            MarkerKind::Negation => "negation",
            MarkerKind::Scope => "scope",
            MarkerKind::Modality => "modality",
            MarkerKind::Entity => "named services or parties",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Marker {
    pub kind: MarkerKind,
    pub name: String,
    pub en: Vec<String>,
    pub zh: Vec<String>,
    /// `translation-drift`: an English paragraph holding one of these words
    /// whose translation holds none of `zh` is reported...
    #[serde(default, rename = "drift-en")]
    pub drift_en: Vec<String>,
    /// ...and so is a translation holding one of these whose English
    /// paragraph holds none of `en`. Only words that translate one to one.
    #[serde(default, rename = "drift-zh")]
    pub drift_zh: Vec<String>,
}

/// [`FirstPersonSpec`] resolved: the entity index and lower-cased words.
#[derive(Debug, Clone)]
pub struct FirstPerson {
    pub entity: usize,
    pub en: Vec<String>,
    pub zh: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ClaimsFile {
    markers: Vec<Marker>,
    zh_false_markers: Vec<String>,
    first_person: Option<FirstPersonSpec>,
    pointer_openers: Vec<String>,
    function_words: FunctionWords,
    /// Named things, "we" and canonical claims are facts of one site: the
    /// shipped file has none, a site's `[claims]` adds them.
    #[serde(default)]
    entities: Vec<Entity>,
    documents: Vec<DocumentSpec>,
    generic_labels: Vec<String>,
    #[serde(default)]
    claims: Vec<ClaimSpec>,
}

/// Words that carry no subject (`[function-words]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunctionWords {
    pub en: Vec<String>,
    pub zh: Vec<String>,
}

/// A document with its label and URL patterns compiled.
#[derive(Debug, Clone)]
pub struct Document {
    pub name: String,
    pub labels: PatternSet,
    pub urls: PatternSet,
}

/// A canonical claim with its patterns compiled.
#[derive(Debug, Clone)]
pub struct Claim {
    pub topic: String,
    pub statement: String,
    pub triggers: PatternSet,
    pub canonical: PatternSet,
    pub conflicting: Vec<Regex>,
    /// Whether any of `conflicting` matches: asked first, since few
    /// statements name a conflicting value and this answers on most
    /// without the word boundaries' slow path.
    pub names_conflicting: PatternSet,
}

/// Everything the claims rules read from data.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub markers: Vec<Marker>,
    /// Lower-cased English marker word -> index into `markers`.
    english: FxHashMap<String, usize>,
    pub zh_false_markers: Vec<String>,
    /// Chinese marker words, longest first, with the index of their marker
    /// (the order they are counted in).
    pub zh_markers: Vec<(String, usize)>,
    /// Aliases, longest first, with the index of their entity.
    pub aliases: Vec<(String, usize)>,
    /// Finds which of `aliases` occur in a text (ASCII case ignored) in one
    /// pass, so only those are looked for one by one.
    pub alias_finder: aho_corasick::AhoCorasick,
    pub first_person: Option<FirstPerson>,
    /// Finds which of `zh_false_markers`, `zh_markers` and the first
    /// person's Chinese words a text holds.
    pub chinese_words: ChineseWords,
    /// Lower-cased openers of sentences that point to a document.
    pub pointer_openers: Vec<String>,
    /// Lower-cased English function words, and Chinese function characters.
    pub function_words: rustc_hash::FxHashSet<String>,
    pub entities: Vec<Entity>,
    pub documents: Vec<Document>,
    pub generic_labels: rustc_hash::FxHashSet<String>,
    /// The English words of `generic_labels` ("click", "here", "more").
    pub generic_label_words: rustc_hash::FxHashSet<String>,
    pub claims: Vec<Claim>,
}

impl Lexicon {
    pub fn load(config: &ClaimsConfig) -> Result<Lexicon, DataError> {
        let mut file: ClaimsFile =
            toml::from_str(CLAIMS).map_err(|e| DataError::in_file("lints/claims.toml", e))?;
        merge_by_name(
            &mut file.entities,
            &config.entities,
            |entity| &entity.name,
            |into, from| {
                into.aliases.extend(from.aliases.iter().cloned());
                into.party |= from.party;
            },
        );
        merge_by_name(
            &mut file.documents,
            &config.documents,
            |document| &document.name,
            |into, from| {
                into.labels.extend(from.labels.iter().cloned());
                into.urls.extend(from.urls.iter().cloned());
            },
        );
        file.claims.extend(config.claims.iter().cloned());
        file.generic_labels.extend(config.generic_labels.iter().cloned());
        let mut english = FxHashMap::default();
        for (index, marker) in file.markers.iter().enumerate() {
            for word in &marker.en {
                english.insert(word.to_lowercase(), index);
            }
        }
        let mut zh_markers: Vec<(String, usize)> = (file.markers.iter().enumerate())
            .flat_map(|(index, marker)| marker.zh.iter().map(move |word| (word.clone(), index)))
            .collect();
        zh_markers.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let mut aliases: Vec<(String, usize)> = file
            .entities
            .iter()
            .enumerate()
            .flat_map(|(index, entity)| {
                entity
                    .aliases
                    .iter()
                    .map(move |alias| (alias.to_lowercase(), index))
            })
            .collect();
        aliases.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let documents = file
            .documents
            .iter()
            .map(compile_document)
            .collect::<Result<_, _>>()?;
        let claims = file.claims.iter().map(compile_claim).collect::<Result<_, _>>()?;
        let alias_finder = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(aliases.iter().map(|(alias, _)| alias))
            .map_err(DataError::EntityAliases)?;
        let first_person = config
            .first_person
            .as_ref()
            .or(file.first_person.as_ref())
            .map(|spec| first_person(spec, &file.entities))
            .transpose()?;
        let chinese_words = ChineseWords::new(&file.zh_false_markers, &zh_markers, first_person.as_ref())?;
        Ok(Lexicon {
            chinese_words,
            first_person,
            pointer_openers: file.pointer_openers.iter().map(|o| o.to_lowercase()).collect(),
            function_words: (file.function_words.en.iter())
                .map(|w| w.to_lowercase())
                .chain(file.function_words.zh.iter().cloned())
                .collect(),
            markers: file.markers,
            english,
            zh_false_markers: file.zh_false_markers,
            zh_markers,
            aliases,
            alias_finder,
            entities: file.entities,
            documents,
            generic_label_words: (file.generic_labels.iter())
                .flat_map(|label| label.split_whitespace())
                .filter(|word| word.is_ascii())
                .map(str::to_lowercase)
                .collect(),
            generic_labels: file
                .generic_labels
                .iter()
                .map(|label| label.trim().to_lowercase())
                .collect(),
            claims,
        })
    }

    /// Whether a sentence opens with one of the `pointer-openers`.
    pub fn opens_pointer(&self, sentence: &str) -> bool {
        let start = sentence.trim_start();
        self.pointer_openers.iter().any(|opener| {
            start
                .get(..opener.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(opener))
                && !start[opener.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
        })
    }

    /// Whether a lower-cased English word is one of the first-person words.
    pub fn first_person_word(&self, word_lower: &str) -> bool {
        self.first_person
            .as_ref()
            .is_some_and(|first| first.en.iter().any(|w| w == word_lower))
    }

    /// [`Lexicon::first_person_word`] of an ASCII word, without lower-casing
    /// a copy of it.
    pub fn first_person_word_ascii(&self, word: &str) -> bool {
        let lower_equals = |listed: &String| {
            listed.len() == word.len()
                && (word.bytes().zip(listed.bytes())).all(|(a, b)| a.to_ascii_lowercase() == b)
        };
        self.first_person
            .as_ref()
            .is_some_and(|first| first.en.iter().any(lower_equals))
    }

    /// The marker an English word is, if any.
    pub fn english_marker(&self, word_lower: &str) -> Option<usize> {
        self.english.get(word_lower).copied()
    }
}

/// The lexicon's Chinese words in one automaton: false markers, then
/// markers (in `zh_markers` order), then the first person's words.
///
/// One pass finds them all, rather than two searches for each word in
/// turn: most texts hold none of them, and a word the text does not hold
/// cannot appear when other words are blanked out with a space, unless it
/// holds a space itself.
#[derive(Debug, Clone)]
pub struct ChineseWords {
    finder: aho_corasick::AhoCorasick,
    /// Per word: it holds a space, so it is always looked for.
    always: Vec<bool>,
    false_markers: usize,
    markers: usize,
}

/// Which of the [`ChineseWords`] a text holds (or may hold, for words
/// with a space).
pub struct ChineseFound<'w> {
    present: Vec<bool>,
    words: &'w ChineseWords,
}

impl ChineseWords {
    fn new(
        false_markers: &[String],
        markers: &[(String, usize)],
        first_person: Option<&FirstPerson>,
    ) -> Result<ChineseWords, DataError> {
        let first_person = first_person.map_or(&[][..], |first| &first.zh[..]);
        let words: Vec<&str> = (false_markers.iter().map(String::as_str))
            .chain(markers.iter().map(|(word, _)| word.as_str()))
            .chain(first_person.iter().map(String::as_str))
            .collect();
        let finder = aho_corasick::AhoCorasick::new(&words).map_err(DataError::ChineseWords)?;
        Ok(ChineseWords {
            finder,
            always: words.iter().map(|word| word.contains(' ')).collect(),
            false_markers: false_markers.len(),
            markers: markers.len(),
        })
    }

    pub fn find(&self, text: &str) -> ChineseFound<'_> {
        let mut present = self.always.clone();
        for found in self.finder.find_overlapping_iter(text) {
            present[found.pattern().as_usize()] = true;
        }
        ChineseFound { present, words: self }
    }
}

impl ChineseFound<'_> {
    /// `zh_false_markers[index]`.
    pub fn false_marker(&self, index: usize) -> bool {
        self.present[index]
    }

    /// `zh_markers[index]`.
    pub fn marker(&self, index: usize) -> bool {
        self.present[self.words.false_markers + index]
    }

    /// The first person's Chinese word `index`.
    pub fn first_person(&self, index: usize) -> bool {
        self.present[self.words.false_markers + self.words.markers + index]
    }
}

/// Adds a site's entries to the shipped ones; an entry named like a shipped
/// one adds to it (more aliases, labels or URLs of the same thing) rather
/// than standing beside it as a second thing of the same name.
fn merge_by_name<T: Clone>(
    shipped: &mut Vec<T>,
    added: &[T],
    name: impl Fn(&T) -> &String,
    merge: impl Fn(&mut T, &T),
) {
    for entry in added {
        match shipped.iter().position(|known| name(known) == name(entry)) {
            Some(at) => merge(&mut shipped[at], entry),
            None => shipped.push(entry.clone()),
        }
    }
}

/// A pattern error of the claims data, under `name`.
fn in_claims(name: &str, error: impl Into<DataError>) -> DataError {
    DataError::ClaimsPattern {
        name: name.to_owned(),
        source: Box::new(error.into()),
    }
}

fn set(patterns: &[String], what: &str) -> Result<PatternSet, DataError> {
    PatternSet::new(patterns).map_err(|e| in_claims(what, e))
}

fn first_person(spec: &FirstPersonSpec, entities: &[Entity]) -> Result<FirstPerson, DataError> {
    let entity = entities
        .iter()
        .position(|e| e.name == spec.party && e.party)
        .ok_or_else(|| DataError::NotAParty(spec.party.clone()))?;
    let lower = |words: &[String]| words.iter().map(|w| w.to_lowercase()).collect();
    Ok(FirstPerson {
        entity,
        en: lower(&spec.en),
        zh: spec.zh.clone(),
    })
}

fn compile_document(spec: &DocumentSpec) -> Result<Document, DataError> {
    Ok(Document {
        name: spec.name.clone(),
        labels: set(&spec.labels, &spec.name)?,
        urls: set(&spec.urls, &spec.name)?,
    })
}

fn compile_claim(spec: &ClaimSpec) -> Result<Claim, DataError> {
    let conflicting = spec
        .conflicting
        .iter()
        .map(|pattern| Regex::new(pattern).map_err(|e| in_claims(&spec.topic, e)))
        .collect::<Result<_, _>>()?;
    Ok(Claim {
        topic: spec.topic.clone(),
        statement: spec.statement.clone(),
        triggers: set(&spec.triggers, &spec.topic)?,
        canonical: set(&spec.canonical, &spec.topic)?,
        conflicting,
        names_conflicting: set(&spec.conflicting, &spec.topic)?,
    })
}

/// The lexicon of the example trust-center configuration
/// (`examples/trustcenter.toml`): the shipped data plus one site's named
/// things, "we" and canonical claims, for tests that need them.
#[cfg(test)]
pub fn example_lexicon() -> Lexicon {
    let config = crate::config::Config::parse(include_str!("../../../../examples/trustcenter.toml")).unwrap();
    Lexicon::load(&config.claims).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_data_loads_and_holds_no_site_facts() {
        let lexicon = Lexicon::load(&ClaimsConfig::default()).unwrap();
        assert!(lexicon.english_marker("exclusively").is_some());
        assert!(lexicon.english_marker("datacenter").is_none());
        assert!(lexicon.generic_labels.contains("learn more"));
        assert!(lexicon.entities.is_empty() && lexicon.claims.is_empty() && lexicon.first_person.is_none());
    }

    #[test]
    fn a_site_adds_to_a_shipped_entry_of_the_same_name() {
        let lexicon = example_lexicon();
        assert!(lexicon.aliases[0].0.len() >= lexicon.aliases.last().unwrap().0.len());
        assert!(!lexicon.claims.is_empty());
        let privacy: Vec<&Document> = (lexicon.documents.iter())
            .filter(|d| d.name == "Privacy Statement")
            .collect();
        assert_eq!(privacy.len(), 1, "merged, not listed twice");
        assert!(privacy[0].urls.is_match("https://privacy.microsoft.com/en-us"));
        assert!(privacy[0].urls.is_match("/privacy-statement/"));
    }

    #[test]
    fn words_are_matched_as_their_lower_case() {
        let lexicon = example_lexicon();
        for word in ["we", "We", "WE", "wE", "web", "w", "", "us"] {
            assert_eq!(
                lexicon.first_person_word_ascii(word),
                lexicon.first_person_word(&word.to_lowercase()),
                "{word}"
            );
        }
        assert!(lexicon.first_person_word_ascii("We"));
        // Longest first, as they are counted.
        let lengths: Vec<usize> = lexicon.zh_markers.iter().map(|(word, _)| word.len()).collect();
        assert!(lengths.windows(2).all(|pair| pair[0] >= pair[1]), "{lengths:?}");
        assert!(lexicon.zh_markers.iter().any(|(word, _)| word == "仅"));
    }
}
