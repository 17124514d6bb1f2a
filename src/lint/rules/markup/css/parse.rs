//! Splitting CSS into declarations as browsers do (cssparser: the CSS
//! Syntax tokenizer and its error recovery), with the byte offsets of each
//! part. A style sheet's rules are walked to their declaration lists;
//! at-rules whose blocks hold rules (`@media`, `@supports`...) are entered,
//! those holding descriptors rather than properties (`@font-face`,
//! `@page`) are not.
//!
//! cssparser skips blocks in a loop, but entering a block is a call: the
//! walk enters at most [`MAX_DEPTH`] levels and skips what is deeper.

use cssparser::{
    AtRuleParser, CowRcStr, DeclarationParser, Delimiter, ParseError, Parser, ParserInput, ParserState,
    QualifiedRuleParser, RuleBodyItemParser, RuleBodyParser, StyleSheetParser, Token,
};

/// Rules nested deeper than this are not read.
const MAX_DEPTH: usize = 16;

/// One item of a declaration list. Offsets are into the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Item {
    Declaration(Declaration),
    /// What browsers skip: no name, no `:`, an at-rule where none belongs.
    Junk {
        start: usize,
        end: usize,
    },
}

impl Item {
    /// Where the item is written.
    pub(super) fn range(&self) -> (usize, usize) {
        match self {
            Item::Declaration(declaration) => {
                let end = declaration.bad_bang.map_or(declaration.value_end, |(_, end)| end);
                (declaration.name_start, end.max(declaration.name_start))
            }
            Item::Junk { start, end } => (*start, *end),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Declaration {
    /// As the tokenizer reads it (escapes resolved).
    pub(super) name: String,
    /// The name as written: up to the `:`, spaces trimmed.
    pub(super) name_start: usize,
    pub(super) name_end: usize,
    /// The value, up to `!` or the end, spaces trimmed.
    pub(super) value_start: usize,
    pub(super) value_end: usize,
    /// From `!` to the end, when the value has a `!` that is not
    /// `!important`.
    pub(super) bad_bang: Option<(usize, usize)>,
}

/// A `style` attribute's declarations.
pub(super) fn declarations(text: &str) -> Vec<Item> {
    let mut input = ParserInput::new(text);
    let mut parser = Parser::new(&mut input);
    let mut body = Body {
        text,
        depth: 0,
        nested_rules: false,
        lists: &mut Vec::new(),
    };
    collect(&mut RuleBodyParser::new(&mut parser, &mut body), text)
}

/// The declaration lists of a style sheet's rules, in order.
pub(super) fn style_sheet(text: &str) -> Vec<Vec<Item>> {
    let mut input = ParserInput::new(text);
    let mut parser = Parser::new(&mut input);
    let mut lists = Vec::new();
    let mut rules = Rules {
        text,
        depth: 0,
        lists: &mut lists,
    };
    for _ in StyleSheetParser::new(&mut parser, &mut rules) {}
    lists
}

/// The items of a declaration list; junk located by its slice.
fn collect<'i, P>(items: &mut RuleBodyParser<'i, '_, '_, P, Option<Item>, ()>, text: &str) -> Vec<Item>
where
    P: RuleBodyItemParser<'i, Option<Item>, ()>,
{
    let mut found = Vec::new();
    for item in items {
        match item {
            Ok(Some(item)) => found.push(item),
            Ok(None) => {}
            Err((_, slice)) => {
                let start = offset_in(text, slice);
                let (start, end) = trimmed(text, start, (start + slice.len()).min(text.len()));
                if start < end {
                    found.push(Item::Junk { start, end });
                }
            }
        }
    }
    found
}

/// Where `slice`, a part of `text`, starts in it.
fn offset_in(text: &str, slice: &str) -> usize {
    (slice.as_ptr() as usize)
        .checked_sub(text.as_ptr() as usize)
        .filter(|&offset| offset + slice.len() <= text.len())
        .unwrap_or(text.len())
}

/// `start..end` without surrounding whitespace and `;`.
fn trimmed(text: &str, start: usize, end: usize) -> (usize, usize) {
    let part = &text[start..end];
    let is_space = |c: char| c.is_ascii_whitespace() || c == ';';
    let kept = part.trim_start_matches(is_space);
    let start = start + (part.len() - kept.len());
    (start, start + kept.trim_end_matches(is_space).len())
}

/// Reads the declarations of one list (and, in a style sheet, the rules
/// nested in it).
struct Body<'a, 'l> {
    text: &'a str,
    depth: usize,
    nested_rules: bool,
    lists: &'l mut Vec<Vec<Item>>,
}

impl<'i> DeclarationParser<'i> for Body<'_, '_> {
    type Declaration = Option<Item>;
    type Error = ();

    fn parse_value<'t>(
        &mut self,
        name: CowRcStr<'i>,
        input: &mut Parser<'i, 't>,
        start: &ParserState,
    ) -> Result<Option<Item>, ParseError<'i, ()>> {
        let name_start = start.position().byte_index();
        // `expect_colon` has read the `:`, and nothing after it.
        let colon = self.text[..input.position().byte_index()]
            .rfind(':')
            .unwrap_or(name_start);
        let (_, name_end) = trimmed(self.text, name_start, colon.max(name_start));
        let value_from = input.position().byte_index();
        let mut has_block = false;
        input.parse_until_before(Delimiter::Bang, |value| {
            while let Ok(token) = value.next_including_whitespace_and_comments() {
                has_block |= matches!(token, Token::CurlyBracketBlock);
            }
            Ok::<_, ParseError<'i, ()>>(())
        })?;
        // `a:hover { ... }` nested in a rule is a rule, not a declaration.
        if has_block && self.nested_rules {
            return Err(input.new_custom_error(()));
        }
        let (value_start, value_end) = trimmed(self.text, value_from, input.position().byte_index());
        let bang_start = input.position().byte_index();
        let important = input.is_exhausted()
            || (input.try_parse(cssparser::parse_important).is_ok() && input.is_exhausted());
        skip_rest(input);
        let bad_bang = (!important).then(|| trimmed(self.text, bang_start, input.position().byte_index()));
        Ok(Some(Item::Declaration(Declaration {
            name: name.to_string(),
            name_start,
            name_end,
            value_start,
            value_end,
            bad_bang,
        })))
    }
}

/// In a style rule, an at-rule (`@media` nested in it) holds a rule body
/// of its own; in a `style` attribute, it is junk.
impl<'i> AtRuleParser<'i> for Body<'_, '_> {
    type Prelude = ();
    type AtRule = Option<Item>;
    type Error = ();

    fn parse_prelude<'t>(
        &mut self,
        _: CowRcStr<'i>,
        input: &mut Parser<'i, 't>,
    ) -> Result<(), ParseError<'i, ()>> {
        if !self.nested_rules {
            return Err(input.new_custom_error(()));
        }
        skip_rest(input);
        Ok(())
    }

    fn rule_without_block(&mut self, _: (), _: &ParserState) -> Result<Option<Item>, ()> {
        Ok(None)
    }

    fn parse_block<'t>(
        &mut self,
        _: (),
        _: &ParserState,
        input: &mut Parser<'i, 't>,
    ) -> Result<Option<Item>, ParseError<'i, ()>> {
        read_rule_block(self.text, self.depth + 1, self.lists, input);
        Ok(None)
    }
}

impl<'i> QualifiedRuleParser<'i> for Body<'_, '_> {
    type Prelude = ();
    type QualifiedRule = Option<Item>;
    type Error = ();

    fn parse_prelude<'t>(&mut self, input: &mut Parser<'i, 't>) -> Result<(), ParseError<'i, ()>> {
        skip_rest(input);
        Ok(())
    }

    fn parse_block<'t>(
        &mut self,
        _: (),
        _: &ParserState,
        input: &mut Parser<'i, 't>,
    ) -> Result<Option<Item>, ParseError<'i, ()>> {
        read_rule_block(self.text, self.depth + 1, self.lists, input);
        Ok(None)
    }
}

impl<'i> RuleBodyItemParser<'i, Option<Item>, ()> for Body<'_, '_> {
    fn parse_declarations(&self) -> bool {
        true
    }

    fn parse_qualified(&self) -> bool {
        self.nested_rules
    }
}

/// A style rule's block: its declarations make one list, after those of
/// the rules nested in it.
fn read_rule_block<'i>(text: &str, depth: usize, lists: &mut Vec<Vec<Item>>, input: &mut Parser<'i, '_>) {
    if depth > MAX_DEPTH {
        skip_rest(input);
        return;
    }
    let mut body = Body {
        text,
        depth,
        nested_rules: true,
        lists,
    };
    let list = collect(&mut RuleBodyParser::new(input, &mut body), text);
    lists.push(list);
}

/// Reads rules: a style sheet, or the block of a grouping at-rule.
struct Rules<'a, 'l> {
    text: &'a str,
    depth: usize,
    lists: &'l mut Vec<Vec<Item>>,
}

/// What an at-rule's block holds.
#[derive(Clone, Copy)]
enum Block {
    /// Rules (`@media`), or keyframes, whose blocks are declarations too.
    Rules,
    /// Descriptors (`@font-face`, `@page`) or an unknown at-rule: not read.
    Other,
}

/// Whether an at-rule's block holds rules with declarations of
/// properties. `@page` and `@font-face` hold descriptors (`size`, `src`).
fn holds_rules(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let unprefixed = ["-webkit-", "-moz-", "-ms-", "-o-"]
        .iter()
        .find_map(|prefix| name.strip_prefix(prefix))
        .unwrap_or(&name);
    matches!(
        unprefixed,
        "media" | "supports" | "layer" | "container" | "document" | "scope" | "starting-style" | "keyframes"
    )
}

impl<'i> AtRuleParser<'i> for Rules<'_, '_> {
    type Prelude = Block;
    type AtRule = ();
    type Error = ();

    fn parse_prelude<'t>(
        &mut self,
        name: CowRcStr<'i>,
        input: &mut Parser<'i, 't>,
    ) -> Result<Block, ParseError<'i, ()>> {
        skip_rest(input);
        Ok(if holds_rules(&name) {
            Block::Rules
        } else {
            Block::Other
        })
    }

    fn rule_without_block(&mut self, _: Block, _: &ParserState) -> Result<(), ()> {
        Ok(())
    }

    fn parse_block<'t>(
        &mut self,
        block: Block,
        _: &ParserState,
        input: &mut Parser<'i, 't>,
    ) -> Result<(), ParseError<'i, ()>> {
        if self.depth >= MAX_DEPTH || matches!(block, Block::Other) {
            skip_rest(input);
            return Ok(());
        }
        let mut rules = Rules {
            text: self.text,
            depth: self.depth + 1,
            lists: &mut *self.lists,
        };
        let mut body = RuleBodyParser::new(input, &mut rules);
        while body.next().is_some() {}
        Ok(())
    }
}

impl<'i> QualifiedRuleParser<'i> for Rules<'_, '_> {
    type Prelude = ();
    type QualifiedRule = ();
    type Error = ();

    fn parse_prelude<'t>(&mut self, input: &mut Parser<'i, 't>) -> Result<(), ParseError<'i, ()>> {
        skip_rest(input);
        Ok(())
    }

    fn parse_block<'t>(
        &mut self,
        _: (),
        _: &ParserState,
        input: &mut Parser<'i, 't>,
    ) -> Result<(), ParseError<'i, ()>> {
        read_rule_block(self.text, self.depth + 1, self.lists, input);
        Ok(())
    }
}

impl<'i> DeclarationParser<'i> for Rules<'_, '_> {
    type Declaration = ();
    type Error = ();
}

impl<'i> RuleBodyItemParser<'i, (), ()> for Rules<'_, '_> {
    fn parse_declarations(&self) -> bool {
        false
    }

    fn parse_qualified(&self) -> bool {
        true
    }
}

/// Reads the rest of a (delimited) parser: blocks are skipped in a loop.
fn skip_rest(input: &mut Parser<'_, '_>) {
    while input.next_including_whitespace_and_comments().is_ok() {}
}
