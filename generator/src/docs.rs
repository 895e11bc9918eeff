//! Smithy `@documentation` (AWS-flavoured HTML) to rustdoc Markdown.
//!
//! Three steps: tokenize the HTML leniently (unknown tags such as `<view-id>` are text),
//! build a small tree (closing what the author left open), and render blocks of Markdown.
//! The output is meant to be warning-free under rustdoc: text is escaped so it cannot form
//! links, HTML, emphasis, headings or indented code blocks; bare URLs become autolinks;
//! `<pre>` becomes a ```` ```text ```` fence so it is never compiled as a doctest.

// =============================================================================================
// Public API

/// Converts Smithy documentation HTML to Markdown: trimmed, paragraphs separated by blank lines.
pub fn html_to_markdown(html: &str) -> String {
    let tree = build_tree(tokenize(html));
    let blocks = render_blocks(&tree);
    let mut lines = Vec::new();
    write_blocks(&blocks, &mut lines);
    let mut out = lines.join("\n");
    out.truncate(out.trim_end().len());
    out
}

/// Splits Markdown into the lines of `#[doc = "..."]` attributes: each non-empty line gets one
/// leading space (as `///` comments have; rustdoc strips the common indentation).
pub fn doc_lines(md: &str) -> Vec<String> {
    md.lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

// =============================================================================================
// Tokenizer

#[derive(Debug, PartialEq)]
enum Token {
    Text(String),
    Start {
        name: String,
        href: Option<String>,
        self_closing: bool,
    },
    End(String),
}

/// Tags we interpret; anything else in angle brackets is literal text.
const KNOWN_TAGS: &[&str] = &[
    "a",
    "b",
    "big",
    "blockquote",
    "br",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "fullname",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "important",
    "li",
    "note",
    "ol",
    "p",
    "pre",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
];

fn tokenize(html: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut text = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find(['<', '&']) {
        text.push_str(&rest[..lt]);
        let at = &rest[lt..];
        if at.starts_with('&') {
            let (decoded, used) = decode_entity(at);
            text.push_str(&decoded);
            rest = &at[used..];
        } else if let Some(comment) = at.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
        } else if let Some((token, used)) = parse_tag(at) {
            if !text.is_empty() {
                tokens.push(Token::Text(std::mem::take(&mut text)));
            }
            tokens.push(token);
            rest = &at[used..];
        } else {
            text.push('<');
            rest = &at[1..];
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        tokens.push(Token::Text(text));
    }
    tokens
}

/// Parses a known tag at the start of `at` (which starts with `<`); returns it and its length.
fn parse_tag(at: &str) -> Option<(Token, usize)> {
    let bytes = at.as_bytes();
    let mut pos = 1;
    let closing = bytes.get(pos) == Some(&b'/');
    if closing {
        pos += 1;
    }
    let name_start = pos;
    while bytes.get(pos).is_some_and(|b| b.is_ascii_alphanumeric()) {
        pos += 1;
    }
    let name = at[name_start..pos].to_ascii_lowercase();
    if !KNOWN_TAGS.contains(&name.as_str()) {
        return None;
    }
    let mut href = None;
    let mut self_closing = false;
    loop {
        while bytes.get(pos).is_some_and(u8::is_ascii_whitespace) {
            pos += 1;
        }
        match bytes.get(pos)? {
            b'>' => {
                pos += 1;
                break;
            }
            b'/' if bytes.get(pos + 1) == Some(&b'>') => {
                self_closing = true;
                pos += 2;
                break;
            }
            _ => {}
        }
        let (attr, value, used) = parse_attribute(&at[pos..])?;
        if attr.eq_ignore_ascii_case("href") {
            href = value;
        }
        pos += used;
    }
    let token = if closing {
        Token::End(name)
    } else {
        Token::Start {
            name,
            href,
            self_closing,
        }
    };
    Some((token, pos))
}

/// `name`, `name=value`, `name="value"` or `name='value'`; the value has entities decoded.
fn parse_attribute(at: &str) -> Option<(&str, Option<String>, usize)> {
    let bytes = at.as_bytes();
    let name_len = bytes
        .iter()
        .take_while(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
        .count();
    if name_len == 0 {
        return None;
    }
    let name = &at[..name_len];
    if bytes.get(name_len) != Some(&b'=') {
        return Some((name, None, name_len));
    }
    let value_start = name_len + 1;
    let (raw, used) = match bytes.get(value_start)? {
        quote @ (b'"' | b'\'') => {
            let inner = &at[value_start + 1..];
            let end = inner.find(*quote as char)?;
            (&inner[..end], value_start + end + 2)
        }
        _ => {
            let len = at[value_start..]
                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                .unwrap_or(0);
            (&at[value_start..value_start + len], value_start + len)
        }
    };
    Some((name, Some(decode_entities(raw)), used))
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let (decoded, used) = decode_entity(&rest[amp..]);
        out.push_str(&decoded);
        rest = &rest[amp + used..];
    }
    out.push_str(rest);
    out
}

/// Decodes the entity at the start of `at` (which starts with `&`); an unknown or malformed
/// entity is the literal `&`. Returns the text and the number of bytes used.
fn decode_entity(at: &str) -> (String, usize) {
    let literal = ("&".to_owned(), 1);
    // Entity names are short ASCII: look for `;` within the next few bytes only.
    let semicolon = at.bytes().skip(1).take(10).position(|b| b == b';');
    let Some(end) = semicolon.map(|i| i + 1) else {
        return literal;
    };
    if !at.as_bytes()[1..end]
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || *b == b'#')
    {
        return literal;
    }
    let body = &at[1..end];
    let decoded = if let Some(number) = body.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse().ok(),
        };
        code.and_then(char::from_u32).filter(|c| *c != '\0')
    } else {
        named_entity(body)
    };
    match decoded {
        Some(c) => (c.to_string(), end + 1),
        None => literal,
    }
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "times" => '×',
        "deg" => '°',
        "rarr" => '→',
        "larr" => '←',
        "le" => '≤',
        "ge" => '≥',
        _ => return None,
    })
}

// =============================================================================================
// Tree

#[derive(Debug)]
enum Node {
    Text(String),
    Element(Element),
}

#[derive(Debug)]
struct Element {
    name: String,
    href: Option<String>,
    children: Vec<Node>,
}

fn is_void(name: &str) -> bool {
    matches!(name, "br" | "hr" | "img")
}

/// Elements nested deeper than this are dropped, keeping their text: rendering (and dropping) the tree
/// recurses once per level, so an unbounded depth could overflow the stack (3,000 nested `<ul><li>` in a
/// model did). Real documentation nests a handful of levels.
const MAX_DEPTH: usize = 48;

/// Builds the tree, tolerating sloppy HTML: unmatched end tags are ignored, elements left open
/// are closed by an enclosing end tag or the end of input, and a new `li` / `dt` / `dd` closes
/// the previous one of its list. Beyond [`MAX_DEPTH`] tags are ignored and their content is text.
fn build_tree(tokens: Vec<Token>) -> Vec<Node> {
    let mut stack: Vec<Element> = vec![Element {
        name: String::new(),
        href: None,
        children: Vec::new(),
    }];
    // Start tags ignored for depth, innermost last, so that their end tags are ignored too.
    let mut ignored: Vec<String> = Vec::new();
    for token in tokens {
        let too_deep = stack.len() > MAX_DEPTH;
        match &token {
            Token::Start { name, self_closing: false, .. } if too_deep && !is_void(name) => {
                ignored.push(name.clone());
                continue;
            }
            Token::Start { .. } if too_deep => continue,
            Token::End(name) if ignored.last() == Some(name) => {
                ignored.pop();
                continue;
            }
            _ => {}
        }
        match token {
            Token::Text(text) => push_child(&mut stack, Node::Text(text)),
            Token::Start {
                name,
                href,
                self_closing,
            } => {
                if let Some(depth) = implicitly_closed(&stack, &name) {
                    close_to(&mut stack, depth);
                }
                let element = Element {
                    name,
                    href,
                    children: Vec::new(),
                };
                if self_closing || is_void(&element.name) {
                    push_child(&mut stack, Node::Element(element));
                } else {
                    stack.push(element);
                }
            }
            Token::End(name) => {
                if let Some(depth) = stack
                    .iter()
                    .rposition(|e| e.name == name)
                    .filter(|&d| d > 0)
                {
                    close_to(&mut stack, depth);
                }
            }
        }
    }
    close_to(&mut stack, 1);
    stack.pop().map(|root| root.children).unwrap_or_default()
}

/// The stack depth of an open element that starting `name` closes, if any.
fn implicitly_closed(stack: &[Element], name: &str) -> Option<usize> {
    let (siblings, boundary): (&[&str], &[&str]) = match name {
        "li" => (&["li"], &["ul", "ol"]),
        "dt" | "dd" => (&["dt", "dd"], &["dl"]),
        _ => return None,
    };
    for (depth, element) in stack.iter().enumerate().rev() {
        if boundary.contains(&element.name.as_str()) {
            return None;
        }
        if siblings.contains(&element.name.as_str()) {
            return Some(depth);
        }
    }
    None
}

fn push_child(stack: &mut [Element], node: Node) {
    if let Some(top) = stack.last_mut() {
        top.children.push(node);
    }
}

/// Pops elements until the stack has `depth` entries, attaching each to its parent.
fn close_to(stack: &mut Vec<Element>, depth: usize) {
    while stack.len() > depth.max(1) {
        if let Some(element) = stack.pop() {
            push_child(stack, Node::Element(element));
        }
    }
}

// =============================================================================================
// Blocks

#[derive(Debug, PartialEq)]
enum Block {
    /// Inline Markdown; `\n` marks a hard line break.
    Paragraph(String),
    Code(String),
    List {
        ordered: bool,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "fullname"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "pre"
            | "note"
            | "important"
            | "blockquote"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "hr"
    )
}

/// Collects inline content and the blocks between which it sits.
#[derive(Default)]
struct BlockBuilder {
    blocks: Vec<Block>,
    inline: String,
}

impl BlockBuilder {
    fn flush(&mut self) {
        let paragraph = finish_paragraph(&std::mem::take(&mut self.inline));
        if !paragraph.is_empty() {
            self.blocks.push(Block::Paragraph(paragraph));
        }
    }

    fn push_block(&mut self, block: Block) {
        self.flush();
        self.blocks.push(block);
    }

    fn push_blocks(&mut self, blocks: Vec<Block>) {
        self.flush();
        self.blocks.extend(blocks);
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush();
        self.blocks
    }
}

fn render_blocks(nodes: &[Node]) -> Vec<Block> {
    let mut builder = BlockBuilder::default();
    for node in nodes {
        match node {
            Node::Element(e) if is_block(&e.name) => render_block_element(e, &mut builder),
            other => render_inline(other, &mut builder.inline, InlineContext::Normal),
        }
    }
    builder.finish()
}

fn render_block_element(element: &Element, builder: &mut BlockBuilder) {
    match element.name.as_str() {
        "ul" | "ol" => {
            let items = list_items(&element.children);
            if !items.is_empty() {
                builder.push_block(Block::List {
                    ordered: element.name == "ol",
                    items,
                });
            }
        }
        "li" => builder.push_block(Block::List {
            ordered: false,
            items: vec![render_blocks(&element.children)],
        }),
        "dl" => {
            let items = definition_items(&element.children);
            if !items.is_empty() {
                builder.push_block(Block::List {
                    ordered: false,
                    items,
                });
            }
        }
        "dt" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            let mut text = String::new();
            render_children_inline(&element.children, &mut text, InlineContext::Normal);
            let mut strong = String::new();
            push_delimited(&mut strong, &text, "**");
            builder.push_block(Block::Paragraph(finish_paragraph(&strong)));
        }
        "pre" => {
            let code = dedent(&plain_text(&element.children));
            if !code.is_empty() {
                builder.push_block(Block::Code(code));
            }
        }
        "note" | "important" => {
            let label = if element.name == "note" {
                "**Note:**"
            } else {
                "**Important:**"
            };
            let mut inner = render_blocks(&element.children);
            match inner.first_mut() {
                Some(Block::Paragraph(first)) => *first = format!("{label} {first}"),
                _ => inner.insert(0, Block::Paragraph(label.to_owned())),
            }
            builder.push_block(Block::Quote(inner));
        }
        "blockquote" => {
            let inner = render_blocks(&element.children);
            if !inner.is_empty() {
                builder.push_block(Block::Quote(inner));
            }
        }
        "tr" => {
            let mut row = String::new();
            for cell in &element.children {
                render_inline(cell, &mut row, InlineContext::Normal);
                row.push(' ');
            }
            builder.push_block(Block::Paragraph(finish_paragraph(&row)));
        }
        "hr" => builder.flush(),
        // p, div, fullname, table sections: their content, as its own paragraph(s).
        _ => builder.push_blocks(render_blocks(&element.children)),
    }
}

/// The items of a `ul` / `ol`; stray content between items is an item of its own.
fn list_items(children: &[Node]) -> Vec<Vec<Block>> {
    let mut items = Vec::new();
    let mut stray: Vec<&Node> = Vec::new();
    let flush_stray = |stray: &mut Vec<&Node>, items: &mut Vec<Vec<Block>>| {
        if !stray.is_empty() {
            let blocks = render_node_refs(stray);
            if !blocks.is_empty() {
                items.push(blocks);
            }
            stray.clear();
        }
    };
    for child in children {
        match child {
            Node::Element(e) if e.name == "li" => {
                flush_stray(&mut stray, &mut items);
                items.push(render_blocks(&e.children));
            }
            other => stray.push(other),
        }
    }
    flush_stray(&mut stray, &mut items);
    items
}

/// A `dl` as a list: each `dt` starts an item (its term in bold), `dd`s add to it.
fn definition_items(children: &[Node]) -> Vec<Vec<Block>> {
    let mut items: Vec<Vec<Block>> = Vec::new();
    for child in children {
        let blocks = match child {
            Node::Element(e) if e.name == "dt" => {
                let mut text = String::new();
                render_children_inline(&e.children, &mut text, InlineContext::Normal);
                let mut strong = String::new();
                push_delimited(&mut strong, &text, "**");
                items.push(vec![Block::Paragraph(finish_paragraph(&strong))]);
                continue;
            }
            Node::Element(e) if e.name == "dd" => render_blocks(&e.children),
            other => render_node_refs(&[other]),
        };
        if blocks.is_empty() {
            continue;
        }
        match items.last_mut() {
            Some(item) => item.extend(blocks),
            None => items.push(blocks),
        }
    }
    items
}

fn render_node_refs(nodes: &[&Node]) -> Vec<Block> {
    let mut builder = BlockBuilder::default();
    for node in nodes {
        match node {
            Node::Element(e) if is_block(&e.name) => render_block_element(e, &mut builder),
            other => render_inline(other, &mut builder.inline, InlineContext::Normal),
        }
    }
    builder.finish()
}

// =============================================================================================
// Inline content

/// Where inline text is being written: inside link text, URLs are not auto-linked.
#[derive(Clone, Copy, PartialEq)]
enum InlineContext {
    Normal,
    LinkText,
}

/// Marks a `<br>` inside inline text until the paragraph is finished.
const LINE_BREAK: char = '\u{0}';

fn render_children_inline(children: &[Node], out: &mut String, context: InlineContext) {
    for child in children {
        render_inline(child, out, context);
    }
}

fn render_inline(node: &Node, out: &mut String, context: InlineContext) {
    let element = match node {
        Node::Text(text) => {
            push_escaped_text(out, text, context);
            return;
        }
        Node::Element(element) => element,
    };
    match element.name.as_str() {
        "br" => out.push(LINE_BREAK),
        "img" | "hr" => out.push(' '),
        "code" | "tt" | "samp" | "var" => push_code_span(out, &plain_text(&element.children)),
        "b" | "strong" => push_emphasis(out, &element.children, "**", context),
        "i" | "em" => push_emphasis(out, &element.children, "*", context),
        "a" => push_link(out, element, context),
        // Block elements met inside inline ones (`<b><p>..</p></b>`) are flattened to text.
        name if is_block(name) => {
            out.push(' ');
            render_children_inline(&element.children, out, context);
            out.push(' ');
        }
        _ => render_children_inline(&element.children, out, context),
    }
}

fn push_emphasis(out: &mut String, children: &[Node], marker: &str, context: InlineContext) {
    let mut inner = String::new();
    render_children_inline(children, &mut inner, context);
    push_delimited(out, &inner, marker);
}

/// Wraps `inner` in `marker`s, keeping surrounding whitespace outside them (`** x **` would
/// not be emphasis in Markdown).
fn push_delimited(out: &mut String, inner: &str, marker: &str) {
    let is_space = |c: char| c.is_whitespace() || c == LINE_BREAK;
    let trimmed = inner.trim_matches(is_space);
    if trimmed.is_empty() {
        if !inner.is_empty() {
            out.push(' ');
        }
        return;
    }
    if inner.starts_with(is_space) {
        out.push(' ');
    }
    out.push_str(marker);
    out.push_str(trimmed);
    out.push_str(marker);
    if inner.ends_with(is_space) {
        out.push(' ');
    }
}

fn push_link(out: &mut String, element: &Element, context: InlineContext) {
    let href = element
        .href
        .as_deref()
        .map(str::trim)
        .filter(|h| is_absolute_url(h));
    let Some(href) = href.filter(|_| context == InlineContext::Normal) else {
        // Relative or missing targets cannot be resolved from the crate docs: keep the text.
        render_children_inline(&element.children, out, context);
        return;
    };
    let text = plain_text(&element.children);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() || text == href {
        push_autolink(out, href);
        return;
    }
    let mut label = String::new();
    render_children_inline(&element.children, &mut label, InlineContext::LinkText);
    let label = label.replace(LINE_BREAK, " ");
    out.push('[');
    out.push_str(label.trim());
    out.push_str("](");
    push_link_destination(out, href);
    out.push(')');
}

fn is_absolute_url(href: &str) -> bool {
    href.starts_with("https://") || href.starts_with("http://") || href.starts_with("mailto:")
}

/// `<url>` with the characters an autolink cannot hold percent-encoded.
fn push_autolink(out: &mut String, url: &str) {
    out.push('<');
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c if c.is_whitespace() || c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('>');
}

fn push_link_destination(out: &mut String, url: &str) {
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c if c.is_whitespace() || c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// A code span whose delimiter is longer than any backtick run inside it.
fn push_code_span(out: &mut String, code: &str) {
    let code = code.split_whitespace().collect::<Vec<_>>().join(" ");
    if code.is_empty() {
        return;
    }
    let longest_run = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') {
        " "
    } else {
        ""
    };
    out.push_str(&fence);
    out.push_str(pad);
    out.push_str(&code);
    out.push_str(pad);
    out.push_str(&fence);
}

/// The text of a subtree without any markup (for code and link text comparison).
fn plain_text(nodes: &[Node]) -> String {
    let mut out = String::new();
    fn walk(nodes: &[Node], out: &mut String) {
        for node in nodes {
            match node {
                Node::Text(text) => out.push_str(text),
                Node::Element(e) if e.name == "br" => out.push('\n'),
                Node::Element(e) => walk(&e.children, out),
            }
        }
    }
    walk(nodes, &mut out);
    out
}

/// Escapes Markdown syntax in text and turns bare URLs into autolinks.
fn push_escaped_text(out: &mut String, text: &str, context: InlineContext) {
    let mut rest = text;
    while !rest.is_empty() {
        if context == InlineContext::Normal {
            if let Some(len) = bare_url_len(rest, out) {
                push_autolink(out, &rest[..len]);
                rest = &rest[len..];
                continue;
            }
        }
        let Some(c) = rest.chars().next() else { break };
        // Smithy documentation is CommonMark (AWS writes HTML inside it): a balanced `code span` in text stays one.
        if c == '`' && context == InlineContext::Normal {
            if let Some(end) = rest[1..].find('`').filter(|&end| end > 0 && !rest[1..=end].contains('\n')) {
                out.push_str(&rest[..end + 2]);
                rest = &rest[end + 2..];
                continue;
            }
        }
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            // `&amp;lt;` decodes to `&lt;`, which Markdown would decode again.
            '&' if rest[1..].starts_with(|n: char| n.is_ascii_alphanumeric() || n == '#') => {
                out.push_str("\\&")
            }
            // HTML whitespace collapses; a non-breaking space is kept.
            c if c.is_ascii_whitespace() => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
}

/// Length of an `http(s)://` URL at the start of `text`, if one starts there (and not in the
/// middle of a word). Trailing sentence punctuation is not part of the URL.
fn bare_url_len(text: &str, written: &str) -> Option<usize> {
    if !(text.starts_with("https://") || text.starts_with("http://")) {
        return None;
    }
    if written.ends_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let mut len = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
        .unwrap_or(text.len());
    while len > 0 {
        let last = text[..len].chars().next_back()?;
        let unbalanced_paren =
            last == ')' && text[..len].matches('(').count() < text[..len].matches(')').count();
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'') || unbalanced_paren {
            len -= last.len_utf8();
        } else {
            break;
        }
    }
    let scheme = if text.starts_with("https://") { 8 } else { 7 };
    (len > scheme).then_some(len)
}

/// Collapses spaces, turns line-break marks into Markdown hard breaks (`\` at line end), and
/// escapes what would start a block at the beginning of each line.
fn finish_paragraph(inline: &str) -> String {
    let lines: Vec<String> = inline
        .split(LINE_BREAK)
        .map(|line| {
            line.split(' ')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|line| !line.is_empty())
        .map(|line| escape_line_start(&line))
        .collect();
    lines.join("\\\n")
}

/// Escapes a line start that Markdown would read as a heading, list item, quote, thematic
/// break, fence, table or setext underline.
fn escape_line_start(line: &str) -> String {
    let bytes = line.as_bytes();
    match bytes.first() {
        Some(b'#' | b'-' | b'+' | b'=' | b'>' | b'|') => return format!("\\{line}"),
        Some(b'0'..=b'9') => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let marker = bytes.get(digits);
            let after = bytes.get(digits + 1);
            if digits <= 9
                && matches!(marker, Some(b'.' | b')'))
                && matches!(after, None | Some(b' '))
            {
                return format!("{}\\{}", &line[..digits], &line[digits..]);
            }
        }
        _ => {}
    }
    line.to_owned()
}

/// Removes the common indentation and surrounding blank lines of `<pre>` text.
fn dedent(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    let (Some(first), Some(last)) = (first, last) else {
        return String::new();
    };
    let lines = &lines[first..=last];
    let indent = lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

// =============================================================================================
// Markdown text

fn write_blocks(blocks: &[Block], lines: &mut Vec<String>) {
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        match block {
            Block::Paragraph(text) => lines.extend(text.lines().map(str::to_owned)),
            Block::Code(code) => {
                let longest_fence = code
                    .lines()
                    .map(|l| l.trim_start().chars().take_while(|&c| c == '`').count())
                    .max()
                    .unwrap_or(0);
                let fence = "`".repeat(longest_fence.max(2) + 1);
                lines.push(format!("{fence}text"));
                lines.extend(code.lines().map(str::to_owned));
                lines.push(fence);
            }
            Block::List { ordered, items } => write_list(*ordered, items, lines),
            Block::Quote(inner) => {
                let mut quoted = Vec::new();
                write_blocks(inner, &mut quoted);
                lines.extend(quoted.into_iter().map(|l| {
                    if l.is_empty() {
                        ">".to_owned()
                    } else {
                        format!("> {l}")
                    }
                }));
            }
        }
    }
}

/// Items of one paragraph each are written tight; otherwise items are separated by blank lines.
fn write_list(ordered: bool, items: &[Vec<Block>], lines: &mut Vec<String>) {
    let tight = items
        .iter()
        .all(|item| matches!(item.as_slice(), [] | [Block::Paragraph(_)]));
    for (i, item) in items.iter().enumerate() {
        if i > 0 && !tight {
            lines.push(String::new());
        }
        let marker = if ordered {
            format!("{}. ", i + 1)
        } else {
            "- ".to_owned()
        };
        let indent = " ".repeat(marker.len());
        let mut item_lines = Vec::new();
        write_blocks(item, &mut item_lines);
        if item_lines.is_empty() {
            lines.push(marker.trim_end().to_owned());
            continue;
        }
        for (j, line) in item_lines.into_iter().enumerate() {
            lines.push(match (j, line.is_empty()) {
                (0, _) => format!("{marker}{line}"),
                (_, true) => line,
                (_, false) => format!("{indent}{line}"),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        html_to_markdown(html)
    }

    #[test]
    fn deep_nesting_degrades_to_text_instead_of_overflowing_the_stack() {
        for (open, close) in [("<ul><li>", "</li></ul>"), ("<p>", "</p>"), ("<b>", "</b>"), ("<dl><dd>", "</dd></dl>")] {
            let html = format!("{}deep{}after", open.repeat(20_000), close.repeat(20_000));
            // Runs on a thread with a small stack: before the bound the recursion overflowed far larger ones.
            let out = std::thread::Builder::new()
                .stack_size(1 << 20)
                .spawn(move || md(&html))
                .unwrap()
                .join()
                .unwrap_or_else(|_| panic!("{open}: converter crashed"));
            assert!(out.contains("deep") && out.contains("after"), "{open}: {out}");
        }
        // Below the bound nothing changes.
        assert_eq!(md(&format!("{}x{}", "<b>".repeat(3), "</b>".repeat(3))), "******x******");
    }

    #[test]
    fn paragraphs_inline_markup_and_whitespace() {
        assert_eq!(md(""), "");
        assert_eq!(md("   \n  "), "");
        assert_eq!(
            md("<p>Hello\n      world.</p>\n   <p>Second <b>bold</b> and <i>it</i>.</p>"),
            "Hello world.\n\nSecond **bold** and *it*."
        );
        assert_eq!(
            md("<p>Use <code>StartCopyJob</code> now</p>"),
            "Use `StartCopyJob` now"
        );
        assert_eq!(md("<p><b> spaced </b>word</p>"), "**spaced** word");
        assert_eq!(md("<p>a<b> </b>b</p>"), "a b");
        assert_eq!(md("<p>stray</p> tail text"), "stray\n\ntail text");
        assert_eq!(
            md("<fullname>AWS Backup</fullname><p>Intro</p>"),
            "AWS Backup\n\nIntro"
        );
        assert_eq!(md("<strong>x</strong> <em>y</em>"), "**x** *y*");
    }

    #[test]
    fn markdown_syntax_in_text_is_escaped() {
        assert_eq!(
            md("<p>GovCloud [US] Regions</p>"),
            "GovCloud \\[US\\] Regions"
        );
        assert_eq!(
            md("<p>1,024 * <code>HAPairs</code> and a_b `x` ~y~ |t| lone ` tick</p>"),
            "1,024 \\* `HAPairs` and a\\_b `x` \\~y\\~ \\|t\\| lone \\` tick"
        );
        assert_eq!(md("<p>a &lt;b&gt; c &amp; d</p>"), "a \\<b\\> c & d");
        assert_eq!(md("<p>&amp;lt; stays literal</p>"), "\\&lt; stays literal");
        assert_eq!(md("<p>back\\slash</p>"), "back\\\\slash");
        assert_eq!(md("<p># not a heading</p>"), "\\# not a heading");
        assert_eq!(md("<p>- not a list</p>"), "\\- not a list");
        assert_eq!(md("<p>2019. A year</p>"), "2019\\. A year");
        assert_eq!(md("<p>1) first</p>"), "1\\) first");
        assert_eq!(md("<p>3.5 is a number</p>"), "3.5 is a number");
        assert_eq!(md("<p>    indented text</p>"), "indented text");
        assert_eq!(md("<p>=====</p>"), "\\=====");
    }

    #[test]
    fn unknown_tags_and_stray_angle_brackets_are_text() {
        assert_eq!(
            md("<p>for example, <code><view-id>:$SAVED</code></p>"),
            "for example, `<view-id>:$SAVED`"
        );
        assert_eq!(
            md("<code><Expression 1></code> then"),
            "`<Expression 1>` then"
        );
        assert_eq!(md("<p>if a < b and c > d</p>"), "if a \\< b and c \\> d");
        assert_eq!(md("<p>x <unicode> y</p>"), "x \\<unicode\\> y");
        assert_eq!(md("a <!-- hidden --> b"), "a b");
        assert_eq!(md("tail <"), "tail \\<");
        assert_eq!(md("<p unclosed"), "\\<p unclosed");
    }

    #[test]
    fn entities() {
        assert_eq!(
            md("&quot;q&quot; &apos;a&apos; &#65;&#x42; &nbsp;x &mdash; &hellip;"),
            "\"q\" 'a' AB \u{a0}x — …"
        );
        assert_eq!(
            md("&bogus; &#xZZ; &#0; & alone"),
            "\\&bogus; \\&#xZZ; \\&#0; & alone"
        );
        assert_eq!(
            md("<a href=\"https://x.example/?a=1&amp;b=2\">q</a>"),
            "[q](https://x.example/?a=1&b=2)"
        );
    }

    #[test]
    fn links_and_bare_urls() {
        assert_eq!(
            md("<p>See <a href=\"https://docs.aws.amazon.com/x.html\">Managing\n   throughput</a> in the <i>Guide</i>.</p>"),
            "See [Managing throughput](https://docs.aws.amazon.com/x.html) in the *Guide*."
        );
        assert_eq!(
            md("<a href='https://a.example/b'>https://a.example/b</a>"),
            "<https://a.example/b>"
        );
        assert_eq!(
            md("<a href=\"https://a.example/(x)\">[x]</a>"),
            "[\\[x\\]](https://a.example/%28x%29)"
        );
        assert_eq!(md("<a href=\"relative/page.html\">Page</a>"), "Page");
        assert_eq!(md("<a>anchor</a>"), "anchor");
        assert_eq!(
            md("Visit https://example.com/path_x. Or http://b.example, then"),
            "Visit <https://example.com/path_x>. Or <http://b.example>, then"
        );
        assert_eq!(
            md("(see https://example.com/a)"),
            "(see <https://example.com/a>)"
        );
        assert_eq!(md("<code>https://in.code/x</code>"), "`https://in.code/x`");
        assert_eq!(md("xhttps://not.a.url"), "xhttps://not.a.url");
        assert_eq!(
            md("<a href=\"https://a.example\">go to https://a.example now</a>"),
            "[go to https://a.example now](https://a.example)"
        );
    }

    #[test]
    fn code_spans_with_backticks() {
        assert_eq!(md("<code>a`b</code>"), "``a`b``");
        assert_eq!(md("<code>`x`</code>"), "`` `x` ``");
        assert_eq!(md("<code>  spaced \n out  </code>"), "`spaced out`");
        assert_eq!(md("<code></code>x"), "x");
        assert_eq!(md("<code><i>raw</i> [x]</code>"), "`raw [x]`");
    }

    #[test]
    fn lists_nested_and_unclosed() {
        let html = "<ul>\n <li><p>First</p></li>\n <li>Second\n  <ul><li>Inner A</li><li>Inner B</li></ul>\n </li>\n</ul>";
        assert_eq!(md(html), "- First\n\n- Second\n\n  - Inner A\n  - Inner B");
        assert_eq!(md("<ul><li>a<li>b</ul>"), "- a\n- b");
        assert_eq!(md("<ol><li>one</li><li>two</li></ol>"), "1. one\n2. two");
        assert_eq!(
            md("<p>Steps:</p><ol><li><p>x</p><p>y</p></li><li>z</li></ol>"),
            "Steps:\n\n1. x\n\n   y\n\n2. z"
        );
        assert_eq!(md("<ul><li></li><li>x</li></ul>"), "-\n- x");
        assert_eq!(md("<ul>stray<li>x</li></ul>"), "- stray\n- x");
        assert_eq!(md("<li>orphan</li>"), "- orphan");
        assert_eq!(md("<ul><li>- dash</li></ul>"), "- \\- dash");
        assert_eq!(md("<ul><li><ul><li>deep</li></ul></li></ul>"), "- - deep");
    }

    #[test]
    fn unclosed_and_mismatched_tags() {
        assert_eq!(md("<p>one<p>two"), "one\n\ntwo");
        assert_eq!(
            md("<p>bold <b>start</p><p>next</p>"),
            "bold **start**\n\nnext"
        );
        assert_eq!(md("text</b></p></ul> more"), "text more");
        assert_eq!(md("<p>a <i>b <b>c</i> d</b></p>"), "a *b **c*** d");
        assert_eq!(md("<P>Upper <B>case</B></P>"), "Upper **case**");
    }

    #[test]
    fn notes_and_definitions() {
        assert_eq!(md("<note><p>Careful.</p></note>"), "> **Note:** Careful.");
        assert_eq!(
            md("<important><p>A</p><p>B</p></important>"),
            "> **Important:** A\n>\n> B"
        );
        assert_eq!(
            md("<note><ul><li>x</li></ul></note>"),
            "> **Note:**\n>\n> - x"
        );
        let dl = "<dl><dt>ABANDON_TIME</dt><dd><p>Unit: SECONDS</p><p>Statistic: AVG</p></dd><dt>B</dt><dd>x</dd></dl>";
        assert_eq!(
            md(dl),
            "- **ABANDON\\_TIME**\n\n  Unit: SECONDS\n\n  Statistic: AVG\n\n- **B**\n\n  x"
        );
    }

    #[test]
    fn preformatted_code_is_fenced_text() {
        assert_eq!(
            md("<pre>\n    {\n      \"a\": 1\n    }\n</pre>"),
            "```text\n{\n  \"a\": 1\n}\n```"
        );
        assert_eq!(md("<pre>a &lt; b</pre>"), "```text\na < b\n```");
        assert_eq!(md("<pre>```\nx\n```</pre>"), "````text\n```\nx\n```\n````");
        assert_eq!(
            md("<ul><li><pre>code</pre></li></ul>"),
            "- ```text\n  code\n  ```"
        );
        assert_eq!(md("<pre>   </pre>"), "");
    }

    #[test]
    fn line_breaks_are_hard_breaks() {
        assert_eq!(md("<p>a<br>b<br/>c</p>"), "a\\\nb\\\nc");
        assert_eq!(md("<p><br>a<br></p>"), "a");
        assert_eq!(md("<p>x<br># y</p>"), "x\\\n\\# y");
    }

    #[test]
    fn doc_lines_prefix_a_space() {
        assert_eq!(doc_lines("a\n\n- b"), [" a", "", " - b"]);
        assert!(doc_lines("").is_empty());
    }

    #[test]
    fn real_model_snippet() {
        let html = "<p>Creates a backup plan using a backup plan name and backup rules. A backup\n         plan is a document that contains information that Backup uses to schedule tasks\n         that create recovery points for resources.</p>\n         <p>If you call <code>CreateBackupPlan</code> with a plan that already exists, you receive\n         an <code>AlreadyExistsException</code> exception.</p>";
        assert_eq!(
            md(html),
            "Creates a backup plan using a backup plan name and backup rules. A backup plan is a document that contains information that Backup uses to schedule tasks that create recovery points for resources.\n\nIf you call `CreateBackupPlan` with a plan that already exists, you receive an `AlreadyExistsException` exception."
        );
    }
}
