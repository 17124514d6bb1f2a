//! tclint tokenizes HTML with html5gum (for byte spans); html5ever is the
//! reference WHATWG implementation. On every legacy page of the corpus (and
//! of the reference site when `TCLINT_REFERENCE_SITE` points at it), both
//! must see the same ids, `<a href>` and `<img src>` values.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use tclint::page::{AnchorKind, LinkSyntax, PageKind, ParseOptions, Region};

#[derive(Default)]
struct Collector {
    seen: RefCell<Vec<(String, String)>>,
}

impl TokenSink for Collector {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        let name = tag.name.to_string();
        let mut seen = self.seen.borrow_mut();
        for attr in &tag.attrs {
            let attribute = attr.name.local.to_string();
            let wanted = attribute == "id"
                || (name == "a" && attribute == "href")
                || (name == "img" && attribute == "src");
            if wanted && !attr.value.is_empty() {
                seen.push((format!("{name}[{attribute}]"), attr.value.to_string()));
            }
        }
        // Without a tree builder, the sink tells the tokenizer about raw text.
        match name.as_str() {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "iframe" | "xmp" | "noembed" | "noframes" | "noscript" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            _ => TokenSinkResult::Continue,
        }
    }
}

fn html5ever_view(body: &str) -> Vec<(String, String)> {
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(body));
    let tokenizer = Tokenizer::new(Collector::default(), TokenizerOpts::default());
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let mut seen = tokenizer.sink.seen.take();
    seen.sort();
    seen
}

/// The same facts from tclint's page model. Element names are not in the
/// model, so they are recovered from the source at each span.
fn tclint_view(text: &str, page: &tclint::page::Page) -> Vec<(String, String)> {
    let mut seen = Vec::new();
    for anchor in &page.anchors {
        if anchor.kind == AnchorKind::Id && anchor.region != Region::Comment {
            let tag = text[..anchor.span.start as usize]
                .rfind('<')
                .map(|at| tag_name(&text[at..]))
                .unwrap();
            seen.push((format!("{tag}[id]"), anchor.name.to_string()));
        }
    }
    for link in &page.links {
        let LinkSyntax::Attribute(attribute) = link.syntax else {
            continue;
        };
        let tag = tag_name(&text[link.element.start as usize..]);
        let wanted = (tag == "a" && attribute == "href") || (tag == "img" && attribute == "src");
        if wanted && link.region != Region::Comment && !link.url.is_empty() {
            seen.push((format!("{tag}[{attribute}]"), link.url.to_string()));
        }
    }
    seen.sort();
    seen
}

fn tag_name(tag: &str) -> String {
    tag[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == ':' || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase()
}

fn legacy_pages(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            legacy_pages(&path, out);
        } else if path.extension().is_some_and(|e| e == "md" || e == "html") {
            out.push(path);
        }
    }
}

fn compare_site(root: &Path) -> usize {
    let data = tclint::data::LintData::load(&tclint::config::Config::default()).unwrap();
    let mut pages = Vec::new();
    legacy_pages(root, &mut pages);
    let mut compared = 0;
    for path in pages {
        let Ok(text) = String::from_utf8(std::fs::read(&path).unwrap()) else {
            continue;
        };
        let page = tclint::page::parse_page(
            "page.md",
            &text,
            &tclint::source::Decoding::Utf8,
            &ParseOptions::default(),
            &data.regions,
        );
        if page.kind != PageKind::LegacyHtml {
            continue;
        }
        let body_start = tclint::page::frontmatter::split(&text).body_start;
        assert_eq!(
            html5ever_view(&text[body_start..]),
            tclint_view(&text, &page),
            "{}",
            path.display()
        );
        compared += 1;
    }
    compared
}

#[test]
fn corpus_pages_agree_with_html5ever() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    assert!(compare_site(&corpus) >= 8);
}

#[test]
fn reference_site_agrees_with_html5ever_when_present() {
    let Some(root) = std::env::var_os("TCLINT_REFERENCE_SITE").map(PathBuf::from) else {
        return;
    };
    assert!(
        compare_site(&root) >= 150,
        "the reference site has 170 legacy pages"
    );
}
