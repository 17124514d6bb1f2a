//! Differential tests: the same markup parsed by scraper (html5ever's own
//! tokenizer) and by [`super::fragment`] / [`super::document`] must give the
//! same tree, node for node.

use std::fmt::Write;

use scraper::{Html, Node};

/// One line per node: depth, kind, namespace and name, attributes in
/// order, text (escaped, so that whitespace differences show).
fn dump(html: &Html) -> String {
    let mut out = String::new();
    for edge in html.tree.root().traverse() {
        let ego_tree::iter::Edge::Open(node) = edge else {
            continue;
        };
        let depth = node.ancestors().count();
        let _ = write!(out, "{depth} ");
        let _ = match node.value() {
            Node::Document => writeln!(out, "#document"),
            Node::Fragment => writeln!(out, "#fragment"),
            Node::Doctype(d) => writeln!(
                out,
                "doctype {:?} {:?} {:?}",
                d.name(),
                d.public_id(),
                d.system_id()
            ),
            Node::Comment(c) => writeln!(out, "comment {:?}", &**c),
            Node::Text(t) => writeln!(out, "text {:?}", &**t),
            Node::Element(e) => {
                let attrs: Vec<String> = e
                    .attrs
                    .iter()
                    .map(|(name, value)| format!("{}:{}={:?}", name.ns, name.local, &**value))
                    .collect();
                writeln!(out, "<{} {}> {}", e.name.ns, e.name.local, attrs.join(" "))
            }
            Node::ProcessingInstruction(p) => writeln!(out, "pi {:?} {:?}", &*p.target, &*p.data),
        };
    }
    let _ = writeln!(out, "quirks {:?}", html.quirks_mode);
    out
}

/// Fails with the first node that differs (and the start of the markup).
fn assert_same(what: &str, markup: &str, actual: &Html, expected: &Html) {
    let (actual, expected) = (dump(actual), dump(expected));
    let differs = actual.lines().zip(expected.lines()).find(|(a, e)| a != e);
    let start: String = markup.chars().take(200).collect();
    if let Some((ours, theirs)) = differs {
        panic!("{what} differs for {start:?}...:\n  ours:      {ours}\n  html5ever: {theirs}");
    }
    assert_eq!(
        actual.lines().count(),
        expected.lines().count(),
        "{what} node count differs for {start:?}..."
    );
}

fn assert_same_fragment(markup: &str) {
    assert_same(
        "fragment",
        markup,
        &super::fragment(markup),
        &Html::parse_fragment(markup),
    );
}

fn assert_same_document(markup: &str) {
    assert_same(
        "document",
        markup,
        &super::document(markup).html,
        &Html::parse_document(markup),
    );
}

/// Markup where tree construction and tokenizer states interact.
const TRICKY: &[&str] = &[
    "plain text only",
    "<p>one<p>two<li>three<li>four",
    "<b>bold <i>both</b> italic</i> plain",
    "<table><tr><td>cell</td>stray text<td>x</table>",
    "<table>foster <b>parented</b><tr><td>1</td></tr></table>",
    "<textarea><b>not a tag</b></textarea><b>tag</b>",
    "<title>a <i>b</i></title>",
    "<style>p { content: '</p>' }</style><p>x</p>",
    "<script>if (a < b && c > d) { document.write('</div>'); }</script>after",
    "<script><!--<script>nested</script>--></script>after",
    "<noscript><b>x</b></noscript>",
    "<xmp><b>raw</b></xmp><iframe><b>raw</b></iframe><noembed><i>x</i></noembed>",
    "<svg><title><b>svg title</b></title><![CDATA[ <cdata> & ]]><foreignObject><p>html</p></foreignObject></svg>",
    "<math><mi>x</mi><annotation-xml encoding=\"text/html\"><p>y</p></annotation-xml></math>",
    "<![CDATA[ outside foreign content ]]>",
    "<div id=a id=b class=\"c\" CLASS='d' data-x=1>dup</div>",
    "<A HREF=\"/x\" Title=T>Upper</A>",
    "&amp; &lt; &copy &notin; &#x4e2d;&#20013; &bogus; &amp",
    // html5gum splits the run after a reference inside the next character.
    "<a>&nbsp;了解更多</a> &amp中文 &#x4e2d;文 &copy;著作权",
    "<a href=\"?a=1&copy=2&amp;b=3\">refs in attributes</a>",
    "line one\r\nline two\rline three\n",
    "nul \0 in text <b>\0</b><textarea>\0</textarea>",
    // In foreign content a NUL becomes U+FFFD; in HTML content it is dropped.
    "<svg>a\0b<text>\0</text></svg><math><mi>\0</mi></math>",
    "<!-- a comment --><!--> <!---> <!-- -- --!> <!bogus> <?pi x?> </>",
    "<br/><br /><img src=x /><p/>self closing",
    "<div>unclosed <span>spans <em>everywhere",
    "</p></div></span>stray end tags",
    "<plaintext><b>all text</b></p>",
    "<select><option>a<option>b<optgroup><option>c</select>",
    "<ul><li>1<ul><li>1.1</ul><li>2</ul><dl><dt>t<dd>d<dt>t2</dl>",
    "<form><form>nested</form></form><button><button>b</button>",
    "<template><tr><td>in template</td></tr></template>",
    "<h1>one<h2>two</h1>three</h2>",
    "<a href=x>one<a href=y>two</a>",
    "<p>para<table><tr><td>in table</table>after",
    "<strong>「台灣」</strong>主題<strong>Text&nbsp;</strong>after",
    "<label id=\"data_other\">Customer Data</label><a name=\"x\"></a>",
    "<div class=\"hero\"><img src=\"a.png\" alt=\"&quot;quoted&quot;\"></div>",
    "<",
    "a < b > c <3",
    "<div attr=\"unterminated",
    "<!-- unterminated comment",
    "\u{feff}<p>after a byte order mark</p>",
];

#[test]
fn fragments_match_html5ever() {
    for markup in TRICKY {
        assert_same_fragment(markup);
    }
}

#[test]
fn documents_match_html5ever() {
    for markup in TRICKY {
        assert_same_document(markup);
    }
    assert_same_document("<!DOCTYPE html><html><head><title>t</title></head><body><p>x</body></html>");
    assert_same_document(
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"><table><p>quirks</table>",
    );
    assert_same_document("<!doctype html system \"about:legacy-compat\"><p>x");
    assert_same_document("<!DOCTYPE><p>force quirks");
    assert_same_document(
        "<html lang=en><head><meta charset=utf-8><base href=/><link rel=x></head><frameset></frameset>",
    );
}

/// Parses every page under `folder` (whole files, front matter and all)
/// both ways; returns how many were compared.
fn compare_pages(folder: &std::path::Path) -> usize {
    let mut compared = 0;
    for entry in ignore::WalkBuilder::new(folder).build().flatten() {
        let path = entry.path();
        let is_page = path
            .extension()
            .is_some_and(|e| e == "md" || e == "html" || e == "htm");
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        if !is_page || !text.contains('<') {
            continue;
        }
        assert_same_fragment(&text);
        assert_same_document(&text);
        compared += 1;
    }
    compared
}

/// The sample legacy pages and test fixtures of this repository.
#[test]
fn repository_pages_match_html5ever() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let compared = compare_pages(&root.join("corpus")) + compare_pages(&root.join("tests/fixtures"));
    assert!(compared > 50, "only {compared} pages compared");
}

/// The reference site (`TCLINT_REFERENCE_SITE`, as the other tests that
/// read it), when present.
#[test]
fn reference_site_pages_match_html5ever_when_present() {
    let Some(root) = std::env::var_os("TCLINT_REFERENCE_SITE") else {
        return;
    };
    let compared = compare_pages(std::path::Path::new(&root));
    assert!(
        compared >= 150,
        "the reference site has 170 legacy pages, {compared} compared"
    );
}
