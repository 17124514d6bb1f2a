//! The DOM the converter walks: html5ever's tree builder (the WHATWG tree
//! construction: implied end tags, foster parenting, the adoption agency)
//! fed with html5gum's tokens, into scraper's `Html`.
//!
//! scraper's own parse runs html5ever's tokenizer, which builds every tag
//! name, attribute name and value one character at a time. html5gum, the
//! page parser's tokenizer, hands over whole runs: a copy per run rather
//! than a step per character.
//! The tree builder still steers the tokenizer as in html5ever: after each
//! tag it says which state comes next (RCDATA after `<textarea>`, RAWTEXT
//! after `<style>`, nothing of the kind inside `<svg>`), and it says whether
//! `<![CDATA[` opens a section (only in foreign content).
//!
//! The differential tests at the end parse tricky markup both ways and
//! compare the trees.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::{RawKind, State as TreeState};
use html5ever::tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::tree_builder::TreeBuilder;
use html5ever::{Attribute, LocalName, QualName, interface::TreeSink, local_name, ns};
use html5gum::{Emitter, Error as TokenError, State, Tokenizer};
use rustc_hash::FxHashMap;
use scraper::Html;

use super::sink::DepthSink;
use crate::page::html::utf8;

type Builder = TreeBuilder<ego_tree::NodeId, DepthSink>;

/// A parsed page, and how many elements were too deep to nest.
pub struct Parsed {
    pub html: Html,
    /// Elements closed at once for being deeper than browsers nest
    /// ([`super::sink::MAX_DEPTH`]): their content was flattened.
    pub flattened: usize,
}

/// Parses a whole document (`<!DOCTYPE>`, `<html>`, `<head>`, `<body>`).
pub fn document(html: &str) -> Parsed {
    let builder = TreeBuilder::new(DepthSink::new(Html::new_document()), Default::default());
    build(builder, html, State::Data)
}

/// Parses markup as the content of a `<body>`, as scraper's
/// `Html::parse_fragment` does.
pub fn fragment(html: &str) -> Html {
    fragment_counted(html).html
}

/// [`fragment`], saying how many elements were flattened.
pub fn fragment_counted(html: &str) -> Parsed {
    let sink = DepthSink::new(Html::new_fragment());
    let body = QualName::new(None, ns!(html), local_name!("body"));
    let context = html5ever::interface::create_element(&sink, body, Vec::new());
    let builder = TreeBuilder::new_for_fragment(sink, context, None, Default::default());
    let initial = tokenizer_state(builder.tokenizer_state_for_context_elem(false)).unwrap_or(State::Data);
    build(builder, html, initial)
}

fn build(builder: Builder, html: &str, initial: State) -> Parsed {
    // html5ever's tokenizer drops a leading byte order mark; so does this.
    let html = html.strip_prefix('\u{feff}').unwrap_or(html);
    let mut tokenizer = Tokenizer::new_with_emitter(html, TreeEmitter::new(&builder));
    tokenizer.set_state(initial);
    // Reading a `&str` cannot fail.
    let Ok(()) = tokenizer.finish();
    let _ = builder.process_token(Token::EOFToken, 1);
    builder.end();
    let flattened = builder.sink.flattened();
    Parsed {
        html: builder.sink.finish(),
        flattened,
    }
}

/// The html5gum state for a state the tree builder asks for.
fn tokenizer_state(state: TreeState) -> Option<State> {
    match state {
        TreeState::Data => Some(State::Data),
        TreeState::Plaintext => Some(State::PlainText),
        TreeState::RawData(RawKind::Rcdata) => Some(State::RcData),
        TreeState::RawData(RawKind::Rawtext) => Some(State::RawText),
        TreeState::RawData(RawKind::ScriptData | RawKind::ScriptDataEscaped(_)) => Some(State::ScriptData),
        _ => None,
    }
}

/// The state after a token, from the tree builder's answer.
fn next_state(result: TokenSinkResult<ego_tree::NodeId>) -> Option<State> {
    match result {
        TokenSinkResult::Plaintext => Some(State::PlainText),
        TokenSinkResult::RawData(kind) => tokenizer_state(TreeState::RawData(kind)),
        // No script runs: after `</script>` the tokenizer is in the data
        // state already.
        TokenSinkResult::Continue | TokenSinkResult::Script(_) | TokenSinkResult::EncodingIndicator(_) => {
            None
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Start,
    End,
}

/// Gathers html5gum's pieces into html5ever tokens and hands them to the
/// tree builder as each one ends.
struct TreeEmitter<'t> {
    builder: &'t Builder,
    kind: Kind,
    name: Vec<u8>,
    self_closing: bool,
    /// `(name, value)` of the current tag's attributes; the vectors are
    /// reused from tag to tag, `attribute_count` are in use.
    attributes: Vec<(Vec<u8>, Vec<u8>)>,
    attribute_count: usize,
    last_start_tag: Vec<u8>,
    comment: Vec<u8>,
    doctype: DoctypeParts,
    /// Text not handed over yet: html5gum may split a run anywhere, even
    /// inside a character (after a reference), so runs are joined until the
    /// next token.
    text: Vec<u8>,
    /// Per element name, end tags still to come of elements closed at once
    /// for being too deep: they are dropped, not to close an element above.
    flattened_ends: FxHashMap<LocalName, usize>,
}

#[derive(Default)]
struct DoctypeParts {
    name: Option<Vec<u8>>,
    public_id: Option<Vec<u8>>,
    system_id: Option<Vec<u8>>,
    force_quirks: bool,
}

// The input is a `&str` and html5gum writes references as UTF-8, so the
// bytes are valid: `utf8` (the page parser's) only checks them with
// `from_utf8`, and takes the lossy conversion, which decodes character by
// character, only on error.
fn tendril(bytes: &[u8]) -> StrTendril {
    StrTendril::from_slice(&utf8(bytes))
}

fn local_name(bytes: &[u8]) -> LocalName {
    LocalName::from(&*utf8(bytes))
}

impl<'t> TreeEmitter<'t> {
    fn new(builder: &'t Builder) -> TreeEmitter<'t> {
        TreeEmitter {
            builder,
            kind: Kind::Start,
            name: Vec::new(),
            self_closing: false,
            attributes: Vec::new(),
            attribute_count: 0,
            last_start_tag: Vec::new(),
            comment: Vec::new(),
            doctype: DoctypeParts::default(),
            text: Vec::new(),
            flattened_ends: FxHashMap::default(),
        }
    }

    /// Hands over the pending text. A NUL stays in the text only in the
    /// data state (the other states replace it); html5ever's tokenizer hands
    /// it over as a token of its own, which the tree builder drops or
    /// replaces by context.
    fn flush_text(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let mut text = std::mem::take(&mut self.text);
        let mut rest: &[u8] = &text;
        loop {
            let end = memchr::memchr(0, rest).unwrap_or(rest.len());
            if end > 0 {
                self.send(Token::CharacterTokens(tendril(&rest[..end])));
            }
            if end == rest.len() {
                break;
            }
            self.send(Token::NullCharacterToken);
            rest = &rest[end + 1..];
        }
        // The buffer is kept for the next run.
        text.clear();
        self.text = text;
    }

    fn send(&self, token: Token) -> Option<State> {
        next_state(self.builder.process_token(token, 1))
    }

    fn current_attribute(&mut self) -> Option<&mut (Vec<u8>, Vec<u8>)> {
        self.attribute_count
            .checked_sub(1)
            .map(|last| &mut self.attributes[last])
    }

    /// The current tag's attributes; a repeated name keeps its first value,
    /// as in html5ever's tokenizer.
    fn take_attributes(&mut self) -> (Vec<Attribute>, bool) {
        let written = &self.attributes[..self.attribute_count];
        let names: Vec<std::borrow::Cow<'_, str>> = written.iter().map(|(name, _)| utf8(name)).collect();
        let repeats = crate::page::html::repeated_names(names.iter().map(|name| &**name));
        let mut repeats = repeats.into_iter().peekable();
        let mut out: Vec<Attribute> = Vec::with_capacity(written.len());
        for (index, (name, (_, value))) in names.iter().zip(written).enumerate() {
            if repeats.next_if_eq(&index).is_some() {
                continue;
            }
            out.push(Attribute {
                name: QualName::new(None, ns!(), LocalName::from(&**name)),
                value: tendril(value),
            });
        }
        let repeated = out.len() < written.len();
        self.attribute_count = 0;
        (out, repeated)
    }
}

impl Emitter for TreeEmitter<'_> {
    type Token = std::convert::Infallible;

    fn set_last_start_tag(&mut self, last_start_tag: Option<&[u8]>) {
        self.last_start_tag.clear();
        self.last_start_tag.extend(last_start_tag.unwrap_or_default());
    }

    fn emit_error(&mut self, _: TokenError) {}

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn pop_token(&mut self) -> Option<Self::Token> {
        None
    }

    fn emit_eof(&mut self) {
        self.flush_text();
    }

    fn emit_string(&mut self, text: &[u8]) {
        self.text.extend(text);
    }

    fn init_start_tag(&mut self) {
        self.kind = Kind::Start;
        self.name.clear();
        self.self_closing = false;
        self.attribute_count = 0;
    }

    fn init_end_tag(&mut self) {
        self.kind = Kind::End;
        self.name.clear();
        self.self_closing = false;
        self.attribute_count = 0;
    }

    fn emit_current_tag(&mut self) -> Option<State> {
        self.flush_text();
        let (attrs, had_duplicate_attributes) = self.take_attributes();
        let name = local_name(&self.name);
        let kind = match self.kind {
            Kind::Start => {
                self.last_start_tag.clone_from(&self.name);
                TagKind::StartTag
            }
            Kind::End => {
                if let Some(pending) = self.flattened_ends.get_mut(&name).filter(|n| **n > 0) {
                    *pending -= 1;
                    return None;
                }
                TagKind::EndTag
            }
        };
        self.builder.sink.start_token();
        let state = self.send(Token::TagToken(Tag {
            kind,
            name: name.clone(),
            self_closing: self.self_closing,
            attrs,
            had_duplicate_attributes,
        }));
        // A link keeps its text: links do not nest, so they cannot pile up.
        if kind == TagKind::StartTag && &*name != "a" && self.builder.sink.opened_too_deep(&name) {
            *self.flattened_ends.entry(name.clone()).or_default() += 1;
            return self.send(Token::TagToken(Tag {
                kind: TagKind::EndTag,
                name,
                self_closing: false,
                attrs: Vec::new(),
                had_duplicate_attributes: false,
            }));
        }
        state
    }

    fn init_comment(&mut self) {
        self.comment.clear();
    }

    fn push_comment(&mut self, text: &[u8]) {
        self.comment.extend(text);
    }

    fn emit_current_comment(&mut self) {
        self.flush_text();
        self.send(Token::CommentToken(tendril(&self.comment)));
    }

    fn init_doctype(&mut self) {
        self.doctype = DoctypeParts::default();
    }

    fn push_doctype_name(&mut self, name: &[u8]) {
        self.doctype.name.get_or_insert_with(Vec::new).extend(name);
    }

    fn set_doctype_public_identifier(&mut self, value: &[u8]) {
        self.doctype.public_id = Some(value.to_vec());
    }

    fn set_doctype_system_identifier(&mut self, value: &[u8]) {
        self.doctype.system_id = Some(value.to_vec());
    }

    fn push_doctype_public_identifier(&mut self, value: &[u8]) {
        self.doctype.public_id.get_or_insert_with(Vec::new).extend(value);
    }

    fn push_doctype_system_identifier(&mut self, value: &[u8]) {
        self.doctype.system_id.get_or_insert_with(Vec::new).extend(value);
    }

    fn set_force_quirks(&mut self) {
        self.doctype.force_quirks = true;
    }

    fn emit_current_doctype(&mut self) {
        self.flush_text();
        let parts = std::mem::take(&mut self.doctype);
        self.send(Token::DoctypeToken(Doctype {
            name: parts.name.as_deref().map(tendril),
            public_id: parts.public_id.as_deref().map(tendril),
            system_id: parts.system_id.as_deref().map(tendril),
            force_quirks: parts.force_quirks,
        }));
    }

    fn set_self_closing(&mut self) {
        self.self_closing = true;
    }

    fn push_tag_name(&mut self, name: &[u8]) {
        self.name.extend(name);
    }

    fn init_attribute(&mut self) {
        if self.attribute_count == self.attributes.len() {
            self.attributes.push((Vec::new(), Vec::new()));
        }
        let (name, value) = &mut self.attributes[self.attribute_count];
        name.clear();
        value.clear();
        self.attribute_count += 1;
    }

    fn push_attribute_name(&mut self, name: &[u8]) {
        if let Some((current, _)) = self.current_attribute() {
            current.extend(name);
        }
    }

    fn push_attribute_value(&mut self, value: &[u8]) {
        if let Some((_, current)) = self.current_attribute() {
            current.extend(value);
        }
    }

    fn current_is_appropriate_end_tag_token(&mut self) -> bool {
        self.kind == Kind::End && !self.last_start_tag.is_empty() && self.name == self.last_start_tag
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&mut self) -> bool {
        self.flush_text();
        self.builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

#[cfg(test)]
#[path = "dom_tests.rs"]
mod tests;
