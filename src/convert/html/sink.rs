//! scraper's tree sink, watched for depth.
//!
//! html5ever's tree builder has no depth limit, and several of its steps
//! scan the whole stack of open elements (a `<div>` looks for a `<p>` to
//! close, down to the next scope boundary): the time to build a tree grows
//! with the square of its depth. Browsers stop nesting at 512 levels (Blink
//! attaches deeper elements to the element at that depth). The converter
//! does the same in effect: an element that lands deeper than
//! [`MAX_DEPTH`] is closed at once, so the stack stops growing and
//! what follows (its text, further elements) goes into the element at the
//! limit, flattened. Every tree walk of the converter is then bounded too.

use std::borrow::Cow;
use std::cell::{Cell, Ref};

use ego_tree::NodeId;
use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink};

/// Elements deeper than this are closed at once (their content flattened
/// into the element at this depth).
pub const MAX_DEPTH: usize = crate::page::html::MAX_NESTING;

/// The element a start tag just created, while it may still be open.
#[derive(Clone, Copy)]
struct Created {
    id: NodeId,
    popped: bool,
}

pub struct DepthSink {
    inner: HtmlTreeSink,
    /// The last element created, and whether it is already off the stack
    /// (void elements, `<svg/>`).
    created: Cell<Option<Created>>,
    /// Elements closed at once because they were too deep.
    flattened: Cell<usize>,
    /// The parent last measured, and its depth (capped): elements flattened
    /// one after the other share it, and cost no walk up the tree.
    measured_parent: Cell<Option<(NodeId, usize)>>,
}

impl DepthSink {
    pub fn new(html: Html) -> DepthSink {
        DepthSink {
            inner: HtmlTreeSink::new(html),
            created: Cell::new(None),
            flattened: Cell::new(0),
            measured_parent: Cell::new(None),
        }
    }

    /// Forgets the last element created (before a token is processed).
    pub fn start_token(&self) {
        self.created.set(None);
    }

    /// Whether the token just processed opened an element named `name`
    /// deeper than [`MAX_DEPTH`] that is still open: the caller closes it.
    pub fn opened_too_deep(&self, name: &str) -> bool {
        let Some(created) = self.created.get().filter(|created| !created.popped) else {
            return false;
        };
        let html = self.inner.0.borrow();
        let Some(node) = html.tree.get(created.id) else {
            return false;
        };
        let same_name = node
            .value()
            .as_element()
            .is_some_and(|element| element.name() == name);
        let Some(parent) = node.parent().filter(|_| same_name) else {
            return false;
        };
        let parent_depth = match self.measured_parent.get() {
            Some((id, depth)) if id == parent.id() => depth,
            _ => {
                // Counting stops past the limit: the walk costs at most that.
                let depth = parent.ancestors().take(MAX_DEPTH).count() + 1;
                self.measured_parent.set(Some((parent.id(), depth)));
                depth
            }
        };
        let too_deep = parent_depth >= MAX_DEPTH;
        if too_deep {
            self.flattened.set(self.flattened.get() + 1);
        }
        too_deep
    }

    /// How many elements were closed at once for being too deep.
    pub fn flattened(&self) -> usize {
        self.flattened.get()
    }
}

impl TreeSink for DepthSink {
    type Output = Html;
    type Handle = NodeId;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Html {
        self.inner.finish()
    }

    fn parse_error(&self, message: Cow<'static, str>) {
        self.inner.parse_error(message);
    }

    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        self.inner.elem_name(target)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let id = self.inner.create_element(name, attrs, flags);
        self.created.set(Some(Created { id, popped: false }));
        id
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.inner.append(parent, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        self.inner
            .append_based_on_parent_node(element, prev_element, child);
    }

    fn append_doctype_to_document(&self, name: StrTendril, public_id: StrTendril, system_id: StrTendril) {
        self.inner.append_doctype_to_document(name, public_id, system_id);
    }

    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node);
    }

    fn pop(&self, node: &NodeId) {
        if let Some(created) = self.created.get().filter(|created| created.id == *node) {
            self.created.set(Some(Created {
                popped: true,
                ..created
            }));
        }
        self.inner.pop(node);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode);
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.inner.append_before_sibling(sibling, new_node);
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs);
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent);
    }
}
