//! The probes behind `judged.rs`: values browsers apply, by property,
//! none of which may be reported; and values browsers drop, which must be.

use super::{Verdict, verdict};

/// Values legacy pages and current style sheets write, all applied by
/// browsers.
#[rustfmt::skip]
const APPLIED: &[(&str, &[&str])] = &[
    ("color", &[
        "red", "#fff", "#FFFFFF", "#1a73c8", "rgb(30,90,160)", "rgba(0,0,0,.5)",
        "rgb(0 0 0 / 50%)", "hsl(200,50%,50%)", "transparent", "currentColor", "currentcolor",
        "inherit", "ButtonText", "windowtext", "hsla(0,0%,0%,.3)", "#abcd",
    ]),
    ("background-color", &["red", "transparent", "#f1f1f1", "rgba(0,0,0,.85)", "white"]),
    ("background", &[
        "none", "#f1f1f1", "rgba(0,0,0,.85)", "url(a.png)", "url(a.png) no-repeat",
        "url('a.png') no-repeat center center", "#fff url(a.png) repeat-x 0 0", "transparent",
        "0 0", "url(a.png) no-repeat 0 0 / cover", "linear-gradient(to bottom, #fff, #000)",
        "url(a.png) center / contain no-repeat", "white",
    ]),
    ("background-image", &[
        "none", "url(a.png)", "linear-gradient(to right,#fff,#000)",
        "radial-gradient(circle, red, blue)", "url(a.png), url(b.png)",
        "linear-gradient(180deg, #fff 0%, #000 100%)",
    ]),
    ("background-position", &[
        "center", "0 0", "left top", "50% 50%", "right 10px bottom 5px", "center center", "top",
    ]),
    ("background-repeat", &["no-repeat", "repeat-x", "round", "no-repeat no-repeat"]),
    ("background-size", &["cover", "contain", "100% auto", "auto", "50%"]),
    ("background-attachment", &["fixed", "scroll", "local"]),
    ("border", &[
        "none", "0", "1px solid #000", "1px solid", "solid", "2px dashed red", "medium none",
        "0 none", "thin dotted #ccc", "1px solid transparent",
    ]),
    ("border-top", &["none", "1px solid #ddd", "0"]),
    ("border-bottom", &["1px solid #ddd", "none", "0 none"]),
    ("border-left", &["3px solid #0078d4", "none"]),
    ("border-right", &["1px solid #ccc", "0"]),
    ("border-width", &["1px", "0", "thin", "1px 2px", "medium"]),
    ("border-style", &["solid", "none", "dotted dashed", "hidden"]),
    ("border-color", &["#ccc", "transparent", "red blue", "currentColor"]),
    ("border-radius", &["4px", "50%", "4px 4px 0 0", "10px / 20px", "0"]),
    ("border-collapse", &["collapse", "separate"]),
    ("border-spacing", &["0", "2px 4px"]),
    ("box-shadow", &[
        "none", "0 1px 2px rgba(0,0,0,.2)", "inset 0 0 0 1px #ccc", "0 0 5px #888, 0 0 10px red",
        "0 0 0 transparent",
    ]),
    ("text-shadow", &["none", "0 1px 0 #fff", "1px 1px 2px black, 0 0 1em red"]),
    ("box-sizing", &["border-box", "content-box"]),
    ("display", &[
        "none", "block", "inline", "inline-block", "flex", "inline-flex", "grid", "inline-grid",
        "table", "table-cell", "table-row", "list-item", "contents", "flow-root", "run-in",
        "table-caption", "table-header-group", "inherit", "initial",
    ]),
    ("position", &["static", "relative", "absolute", "fixed", "sticky"]),
    ("top", &["0", "10px", "-5px", "auto", "50%", "1em"]),
    ("left", &["0", "auto", "-9999px", "50%"]),
    ("right", &["0", "auto", "10px"]),
    ("bottom", &["0", "auto"]),
    ("z-index", &["1", "-1", "auto", "9999"]),
    ("width", &[
        "100%", "auto", "50px", "fit-content", "max-content", "min-content", "0", "10em", "100vw",
        "inherit", "fit-content(200px)", "stretch",
    ]),
    ("height", &["auto", "100%", "0", "1px", "100vh", "fit-content", "max-content"]),
    ("min-width", &["0", "100px", "auto", "min-content"]),
    ("max-width", &["none", "100%", "960px", "max-content"]),
    ("min-height", &["0", "100vh", "auto"]),
    ("max-height", &["none", "200px"]),
    ("margin", &["0", "0 auto", "10px 5px", "1px 2px 3px 4px", "auto", "-10px", "0px", "5%"]),
    ("margin-top", &["0", "10px", "-1em", "auto", "5%"]),
    ("margin-bottom", &["4%", "0", "1em"]),
    ("margin-left", &["auto", "-5px", "0"]),
    ("margin-right", &["auto", "0"]),
    ("padding", &["0", "0px 0px", "10px", "1em 2em", "5%"]),
    ("padding-left", &["30px", "0", "2em"]),
    ("padding-top", &["0", "1px"]),
    ("font", &[
        "12px/1.5 Arial", "bold 14px Arial, sans-serif", "italic small-caps bold 16px/2 cursive",
        "14px \"Segoe UI\"", "caption", "menu", "icon", "message-box", "small-caption",
        "status-bar", "normal 12px/normal Arial", "inherit",
        "300 1.2em/1.4 'Helvetica Neue', sans-serif",
    ]),
    ("font-family", &[
        "Arial", "\"Segoe UI\", sans-serif", "'微软雅黑'", "Microsoft YaHei", "monospace", "inherit",
        "SimSun, 宋体", "-apple-system, BlinkMacSystemFont",
    ]),
    ("font-size", &[
        "12px", "1.2em", "1rem", "100%", "small", "x-large", "larger", "smaller", "medium",
        "xx-small", "xxx-large", "14pt", "2vw", "0",
    ]),
    ("font-weight", &["normal", "bold", "bolder", "lighter", "100", "500", "900", "1000", "350"]),
    ("font-style", &["normal", "italic", "oblique", "oblique 10deg"]),
    ("font-variant-caps", &["small-caps", "normal", "all-small-caps"]),
    ("font-stretch", &["condensed", "normal", "75%"]),
    ("line-height", &["1.5", "2em", "normal", "20px", "150%", "0"]),
    ("letter-spacing", &["normal", "1px", "0.1em", "-0.5px", "0"]),
    ("word-spacing", &["normal", "2px", "0"]),
    ("text-align", &[
        "left", "right", "center", "justify", "start", "end", "inherit", "match-parent",
        "justify-all",
    ]),
    ("text-decoration", &[
        "none", "underline", "line-through", "underline dotted red", "overline", "underline solid",
    ]),
    ("text-decoration-line", &["underline", "none", "underline overline"]),
    ("text-transform", &["uppercase", "lowercase", "capitalize", "none", "full-width"]),
    ("text-indent", &["2em", "0", "-9999px", "10%"]),
    ("text-overflow", &["ellipsis", "clip"]),
    ("vertical-align", &[
        "middle", "top", "bottom", "baseline", "text-top", "text-bottom", "sub", "super", "-2px",
        "10%",
    ]),
    ("white-space", &["nowrap", "normal", "pre", "pre-wrap", "pre-line", "break-spaces"]),
    ("word-break", &["break-all", "normal", "keep-all", "break-word"]),
    ("word-wrap", &["break-word", "normal", "anywhere"]),
    ("overflow-wrap", &["break-word", "anywhere", "normal"]),
    ("overflow", &["hidden", "auto", "scroll", "visible", "clip", "hidden auto"]),
    ("overflow-x", &["hidden", "auto", "scroll"]),
    ("overflow-y", &["auto", "scroll", "hidden"]),
    ("visibility", &["hidden", "visible", "collapse"]),
    ("opacity", &["0", ".5", "1", "50%", "0.85"]),
    ("cursor", &[
        "pointer", "default", "move", "text", "not-allowed", "help", "wait", "url(a.cur), auto",
        "crosshair", "grab", "zoom-in", "none", "progress", "col-resize",
    ]),
    ("list-style", &[
        "none", "disc", "circle", "square", "inherit", "decimal inside", "none outside",
        "url(a.png)", "square inside url(a.png)", "lower-roman",
    ]),
    ("list-style-type", &[
        "disc", "circle", "square", "decimal", "lower-alpha", "upper-roman", "none",
        "cjk-ideographic", "lower-latin", "decimal-leading-zero", "\"- \"", "chinese",
    ]),
    ("list-style-position", &["inside", "outside"]),
    ("list-style-image", &["none", "url(a.png)"]),
    ("transition", &[
        "all .3s", "color 0.1s linear", "all 0.3s ease-in-out 0s", "opacity .2s, transform .2s",
        "none", "background-color 200ms cubic-bezier(0.4,0,0.2,1)",
    ]),
    ("transform", &[
        "none", "translate(-50%,-50%)", "rotate(45deg)", "scale(1.1)", "translateY(1px)",
        "matrix(1,0,0,1,0,0)", "translate3d(0,0,0)", "rotate(-90deg) translateX(10px)",
        "skewX(10deg)",
    ]),
    ("transform-origin", &["center", "0 0", "left top", "50% 50%"]),
    ("flex", &["1", "1 1 0%", "none", "auto", "0 0 auto", "1 0 200px"]),
    ("flex-direction", &["row", "column", "row-reverse"]),
    ("flex-wrap", &["wrap", "nowrap"]),
    ("flex-grow", &["1", "0"]),
    ("flex-shrink", &["0"]),
    ("flex-basis", &["auto", "0", "50%", "content"]),
    ("justify-content", &[
        "center", "space-between", "flex-start", "space-around", "space-evenly", "start", "end",
        "left", "normal",
    ]),
    ("align-items", &["center", "flex-start", "stretch", "baseline", "start", "normal"]),
    ("align-self", &["center", "auto", "flex-end"]),
    ("align-content", &["center", "space-between"]),
    ("order", &["1", "-1", "0"]),
    ("gap", &["10px", "1em 2em", "0"]),
    ("grid-template-columns", &[
        "repeat(3, 1fr)", "1fr 1fr", "200px auto", "repeat(auto-fill, minmax(200px, 1fr))", "none",
        "subgrid", "[a] 1fr [b] 2fr", "masonry",
    ]),
    ("grid-template-rows", &["auto", "subgrid", "100px 1fr"]),
    ("grid-area", &["1 / 1 / 2 / 3", "header"]),
    ("grid-column", &["1 / -1", "span 2", "1"]),
    ("table-layout", &["fixed", "auto"]),
    ("outline", &["none", "0", "1px dotted", "2px solid #0078d4", "thin solid", "auto"]),
    ("outline-offset", &["2px"]),
    ("resize", &["none", "both", "vertical"]),
    ("user-select", &["none", "text", "all", "auto"]),
    ("pointer-events", &["none", "auto"]),
    ("content", &[
        "''", "\"\"", "none", "attr(title)", "counter(a)", "\"\\201C\"", "open-quote", "normal",
    ]),
    ("direction", &["rtl", "ltr"]),
    ("unicode-bidi", &["embed", "bidi-override", "isolate", "normal", "plaintext"]),
    ("writing-mode", &["vertical-rl", "horizontal-tb"]),
    ("filter", &[
        "none", "blur(2px)", "grayscale(100%)", "drop-shadow(0 0 2px #000)",
        "brightness(0.5) contrast(1.2)", "url(#f)",
    ]),
    ("backdrop-filter", &["blur(4px)", "none"]),
    ("clip-path", &["none", "circle(50%)", "inset(0 0 0 0)", "url(#c)"]),
    ("animation", &[
        "spin 1s linear infinite", "none", "fade 2s", "fade 1s ease-in-out 0s 1 normal forwards",
    ]),
    ("animation-name", &["spin", "none"]),
    ("animation-duration", &["1s", "200ms"]),
    ("aspect-ratio", &["16 / 9", "1", "auto"]),
    ("object-fit", &["cover", "contain"]),
    ("text-underline-offset", &["2px"]),
    ("hyphens", &["auto", "none", "manual"]),
    ("tab-size", &["4", "2em"]),
    ("caret-color", &["red", "auto"]),
    ("accent-color", &["auto", "red"]),
    ("will-change", &["transform"]),
    ("inset", &["0", "auto", "0 auto"]),
    ("text-align-last", &["center", "auto"]),
    ("text-justify", &["inter-word", "auto", "inter-character"]),
    ("line-break", &["strict", "auto", "anywhere"]),
    ("mix-blend-mode", &["multiply", "normal"]),
    ("fill", &["red", "none", "currentColor", "url(#g)", "#000"]),
    ("stroke", &["none", "#000"]),
    ("stroke-width", &["2", "1px"]),
    ("clip", &["rect(0,0,0,0)", "rect(0 0 0 0)", "auto", "rect(1px, 1px, 1px, 1px)"]),
    ("float", &["left", "right", "none"]),
    ("clear", &["both", "left", "none"]),
    ("zoom", &["1", "normal", "150%"]),
    ("page-break-after", &["always", "auto", "avoid"]),
    ("page-break-inside", &["avoid"]),
    ("break-inside", &["avoid"]),
    ("text-size-adjust", &["100%", "none", "auto"]),
    ("appearance", &["none", "auto", "button", "textfield", "menulist-button"]),
    ("scroll-behavior", &["smooth"]),
    ("perspective", &["none", "1000px"]),
    ("backface-visibility", &["hidden"]),
    ("empty-cells", &["show", "hide"]),
    ("caption-side", &["top", "bottom"]),
    ("quotes", &["none", "auto", "'«' '»'"]),
    ("isolation", &["isolate"]),
    ("text-rendering", &["optimizeLegibility", "geometricPrecision", "auto"]),
    ("image-rendering", &["pixelated", "auto", "crisp-edges", "-webkit-optimize-contrast"]),
    ("mask", &["none", "url(m.svg)"]),
    ("text-emphasis", &["dot", "none"]),
    ("column-count", &["2", "auto"]),
    ("columns", &["2", "200px 3"]),
    ("counter-reset", &["item", "none", "a 1"]),
    ("counter-increment", &["item"]),
    ("transition-property", &["opacity", "all", "none", "transform, opacity"]),
    ("transition-timing-function", &[
        "ease", "linear", "steps(4, end)", "cubic-bezier(.17,.67,.83,.67)", "step-start",
    ]),
    ("transition-duration", &["0.3s", "0s"]),
    ("transition-delay", &["0s", "-1s"]),
    ("animation-timing-function", &["ease-in-out", "linear"]),
    ("animation-iteration-count", &["infinite", "2"]),
    ("animation-fill-mode", &["forwards", "both", "none"]),
    ("animation-direction", &["alternate"]),
    ("animation-play-state", &["paused"]),
    ("animation-delay", &["1s"]),
    ("box-decoration-break", &["clone"]),
    ("place-items", &["center"]),
    ("place-content", &["center"]),
    ("justify-items", &["center", "legacy"]),
    ("justify-self", &["center", "auto"]),
    ("row-gap", &["10px", "normal"]),
    ("column-gap", &["10px", "normal"]),
    ("grid-auto-flow", &["row", "column dense", "dense"]),
    ("grid-auto-rows", &["auto", "minmax(100px, auto)"]),
    ("grid-template-areas", &["\"a b\" \"c d\"", "none"]),
    ("border-image", &["none", "url(b.png) 30 round"]),
    ("outline-color", &["invert", "red"]),
    ("outline-style", &["auto", "none", "solid"]),
    ("outline-width", &["thin", "2px"]),
    ("text-decoration-color", &["red"]),
    ("text-decoration-style", &["wavy"]),
    ("text-decoration-thickness", &["2px", "from-font", "auto"]),
    ("text-decoration-skip-ink", &["none", "auto"]),
    ("text-emphasis-position", &["over right"]),
    ("font-variant", &["small-caps", "normal"]),
    ("font-feature-settings", &["\"liga\" 0", "normal"]),
    ("font-kerning", &["auto", "normal", "none"]),
    ("font-display", &["swap"]),
    ("overscroll-behavior", &["contain"]),
    ("touch-action", &["manipulation", "none", "pan-y"]),
    ("scroll-margin-top", &["80px"]),
    ("scroll-padding-top", &["80px"]),
    ("scroll-snap-type", &["x mandatory"]),
    ("contain", &["content", "layout paint"]),
    ("content-visibility", &["auto"]),
    ("print-color-adjust", &["exact"]),
    ("color-scheme", &["light dark", "normal"]),
    ("container-type", &["inline-size"]),
    ("translate", &["10px 20px", "none"]),
    ("rotate", &["45deg", "none"]),
    ("scale", &["1.1", "none"]),
    ("marker", &["none", "url(#m)"]),
    ("shape-rendering", &["crispEdges", "auto"]),
    ("inline-size", &["100px"]),
    ("block-size", &["100px"]),
    ("margin-inline", &["auto"]),
    ("margin-block", &["0"]),
    ("padding-inline", &["1em"]),
    ("inset-inline-start", &["0"]),
    ("border-inline-start", &["1px solid"]),
    ("border-block-end", &["1px solid"]),
    ("perspective-origin", &["center"]),
    ("transform-style", &["preserve-3d", "flat"]),
    ("transform-box", &["fill-box"]),
    ("text-orientation", &["upright"]),
    ("mask-image", &["none", "linear-gradient(black, transparent)"]),
];

#[test]
fn values_browsers_apply_are_never_invalid() {
    for (property, values) in APPLIED {
        for value in *values {
            assert_ne!(verdict(property, value), Verdict::Invalid, "{property}: {value}");
        }
    }
}

#[test]
fn every_judged_property_was_probed() {
    for property in super::judged::JUDGED {
        assert!(
            APPLIED.iter().any(|(probed, _)| probed == property),
            "{property} is judged without probes"
        );
    }
    assert!(super::judged::JUDGED.is_sorted());
}

#[test]
fn values_browsers_drop_are_invalid() {
    for (property, value) in [
        ("font-weight", "400px"),
        ("font-size", "22px:font-weight:600"),
        ("color", "#A3007A font-weight: normal"),
        ("color", "#ggg"),
        ("background-color", "none"),
        ("display", "blok"),
        ("cursor", "hand"),
        ("position", "center"),
        ("margin-left", "left"),
        ("font", "110%"),
        ("background-image", "linear-gradient(top, #fff, #000)"),
        ("margin", "10px 5px 3px 2px 1px"),
    ] {
        assert_eq!(verdict(property, value), Verdict::Invalid, "{property}: {value}");
    }
}

/// lightningcss reads a unitless length as pixels (`width: 100`), as
/// browsers do only in quirks mode: not reported, a miss rather than a
/// false alarm.
#[test]
fn unitless_lengths_are_not_reported() {
    assert_eq!(verdict("width", "100"), Verdict::Valid);
}

#[test]
fn properties_and_values_the_grammar_cannot_judge() {
    for (property, value) in [
        ("float", "sideways"),
        ("box-shadow", "none"),
        ("display", "inherit"),
        ("width", "calc(100% - 10px"),
        ("white-space", "-pre-wrap"),
        ("filter", "alpha(opacity=50)"),
        ("width", "100px\\9"),
        ("color", "var(--brand)"),
    ] {
        assert_eq!(verdict(property, value), Verdict::Unknown, "{property}: {value}");
    }
}
