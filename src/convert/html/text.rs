//! The text of a DOM subtree: what a reader sees (nothing inside
//! `script`, `style`, `noscript` or `template`), all of it (for `<pre>`),
//! and whitespace collapsed.

use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use scraper::Node;

use crate::shared::whitespace::join_words;

/// The text of a subtree as readers see it (chrome and comments aside).
pub fn visible_text(node: NodeRef<'_, Node>) -> String {
    visible_texts(node).collect()
}

/// Whether the subtree shows any non-blank text (stops at the first).
pub fn has_visible_text(node: NodeRef<'_, Node>) -> bool {
    visible_texts(node).any(|text| !text.trim().is_empty())
}

/// The text nodes of a subtree that a reader sees, in order: none inside
/// `script`, `style`, `noscript` or `template`. One pass over the subtree
/// (counting how many hidden elements are open), not a walk up the
/// ancestors from every text node.
fn visible_texts<'a>(node: NodeRef<'a, Node>) -> impl Iterator<Item = &'a str> + 'a {
    let is_hidden = |n: NodeRef<'_, Node>| {
        n.value()
            .as_element()
            .is_some_and(|e| matches!(e.name(), "script" | "style" | "noscript" | "template"))
    };
    // Inside a hidden element already: nothing below is seen.
    let hidden_above = usize::from(node.ancestors().any(is_hidden));
    let mut open_hidden = hidden_above;
    node.traverse().filter_map(move |edge| match edge {
        Edge::Open(n) if is_hidden(n) => {
            open_hidden += 1;
            None
        }
        Edge::Close(n) if is_hidden(n) => {
            open_hidden -= 1;
            None
        }
        Edge::Open(n) if open_hidden == 0 => n.value().as_text().map(|t| &**t),
        _ => None,
    })
}

/// All text of a subtree, as is (for `<pre>`).
pub(super) fn text_content(node: NodeRef<'_, Node>) -> String {
    node.descendants()
        .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
        .collect()
}

/// Whitespace collapsed and trimmed.
pub(super) fn collapse(text: &str) -> String {
    join_words(text)
}

#[cfg(test)]
mod tests {
    use scraper::Html;

    use super::*;

    /// The first element named `name` in `html`.
    fn text_of(html: &str, name: &str) -> (String, bool) {
        let document = Html::parse_fragment(html);
        let node = document
            .tree
            .root()
            .descendants()
            .find(|n| n.value().as_element().is_some_and(|e| e.name() == name))
            .unwrap();
        (visible_text(node), has_visible_text(node))
    }

    #[test]
    fn visible_text_leaves_out_scripts_styles_and_templates() {
        let html = "<div>a<script>x</script><b>b<style>y</style></b><template><i>z</i></template> c</div>";
        assert_eq!(text_of(html, "div"), ("ab c".to_owned(), true));
        assert_eq!(
            text_of("<p> <script>x</script> </p>", "p"),
            ("  ".to_owned(), false)
        );
        // A node inside a hidden element shows nothing.
        assert_eq!(
            text_of("<template><p>z</p></template>", "p"),
            (String::new(), false)
        );
        assert_eq!(
            text_of("<div><span></span><em> d </em></div>", "div"),
            (" d ".to_owned(), true)
        );
    }
}
