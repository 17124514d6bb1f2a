//! What tclint needs to know about HTML element names.

/// Everything the builder asks about an element name, looked up once per tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TagInfo {
    pub known: bool,
    pub void: bool,
    pub block: bool,
    pub hides_text: bool,
    /// 1 to 6 for `h1`..`h6`, else 0.
    pub heading: u8,
}

impl TagInfo {
    const fn new(void: bool, block: bool, heading: u8) -> TagInfo {
        TagInfo {
            known: true,
            void,
            block,
            hides_text: false,
            heading,
        }
    }
}

/// Classifies an element name. The tags that make up nearly all of legacy
/// pages are answered by one `match`; the rest by the general tables.
pub fn classify(name: &str) -> TagInfo {
    const INLINE: TagInfo = TagInfo::new(false, false, 0);
    const BLOCK: TagInfo = TagInfo::new(false, true, 0);
    match name {
        "div" | "p" | "li" | "ul" | "label" | "td" | "tr" | "table" | "tbody" | "option" | "button"
        | "dd" | "dl" => BLOCK,
        "a" | "span" | "strong" | "b" | "i" | "sup" | "font" | "em" => INLINE,
        "img" => TagInfo::new(true, false, 0),
        "br" => TagInfo::new(true, true, 0),
        "h1" => TagInfo::new(false, true, 1),
        "h2" => TagInfo::new(false, true, 2),
        "h3" => TagInfo::new(false, true, 3),
        "h4" => TagInfo::new(false, true, 4),
        _ => TagInfo {
            known: is_known(name),
            void: is_void(name),
            block: is_block(name),
            hides_text: hides_text(name),
            heading: heading_level(name).unwrap_or(0),
        },
    }
}

/// Elements with no end tag: they never go on the open-element stack.
pub fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "basefont"
            | "bgsound"
            | "frame"
            | "keygen"
    )
}

/// Elements that start a new block of text (used to cut text into blocks).
pub fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
            | "br"
            | "label"
            | "summary"
            | "caption"
            | "option"
            | "select"
            | "button"
    )
}

/// `h1`..`h6` to their level.
pub fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Elements whose text content is not rendered.
pub fn hides_text(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "template" | "noscript" | "title" | "textarea"
    )
}

/// True for names a browser knows, and for names it treats as deliberate:
/// custom elements (with a hyphen) and namespaced CMS tags (`mscom:link`).
pub fn is_known(name: &str) -> bool {
    name.contains('-') || name.contains(':') || KNOWN.binary_search(&name).is_ok()
}

/// HTML elements, current and obsolete, plus SVG and MathML roots.
/// Sorted for binary search (checked by a test).
const KNOWN: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "basefont",
    "bdi",
    "bdo",
    "bgsound",
    "big",
    "blink",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "image",
    "img",
    "input",
    "ins",
    "isindex",
    "kbd",
    "keygen",
    "label",
    "legend",
    "li",
    "link",
    "listing",
    "main",
    "map",
    "mark",
    "marquee",
    "math",
    "menu",
    "menuitem",
    "meta",
    "meter",
    "multicol",
    "nav",
    "nextid",
    "nobr",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "plaintext",
    "pre",
    "progress",
    "q",
    "rb",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "small",
    "source",
    "spacer",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "xmp",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_list_is_sorted() {
        assert!(KNOWN.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn fast_path_agrees_with_the_tables() {
        for name in [
            "div", "p", "li", "ul", "label", "td", "tr", "table", "tbody", "option", "button", "dd", "dl",
            "a", "span", "strong", "b", "i", "sup", "font", "em", "img", "br", "h1", "h2", "h3", "h4",
        ] {
            let slow = TagInfo {
                known: is_known(name),
                void: is_void(name),
                block: is_block(name),
                hides_text: hides_text(name),
                heading: heading_level(name).unwrap_or(0),
            };
            assert_eq!(classify(name), slow, "{name}");
        }
    }

    #[test]
    fn unknown_and_deliberate_names() {
        assert!(is_known("div"));
        assert!(is_known("mscom:link"));
        assert!(is_known("my-widget"));
        assert!(!is_known("secure"));
    }
}
