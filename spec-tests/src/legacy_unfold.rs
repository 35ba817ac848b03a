//! Rewrites the folded form of the legacy exception-handling `try` into its flat form, so the
//! `wast` crate can parse the legacy scripts (`legacy/` of the Wasm 3.0 testsuite).
//!
//! The legacy proposal (what LLVM 19 to 21 and Emscripten still emit for `-fwasm-exceptions`)
//! writes a `try` block folded as
//!
//! ```text
//! (try $label? BLOCKTYPE (do INSTR*) (catch TAG INSTR*)* (catch_all INSTR*)?)
//! (try $label? BLOCKTYPE (do INSTR*) (delegate LABEL))
//! ```
//!
//! The `wast` crate still has the legacy instructions (`try`, `catch`, `catch_all`, `delegate`,
//! `rethrow`) but parses them only flat; a folded `try` fails at `(do`. This pass rewrites each
//! one into
//!
//! ```text
//! try $label? BLOCKTYPE INSTR* catch TAG INSTR* ... catch_all INSTR* end
//! try $label? BLOCKTYPE INSTR* delegate LABEL
//! ```
//!
//! How: the script is split into tokens (parentheses, atoms, strings; whitespace and comments
//! are what lies between them) and the tokens into an s-expression tree. A list that is a
//! well-formed folded `try` is written out with its own parentheses and the `do` keyword
//! replaced by spaces, and `end` in place of its closing parenthesis (none after `delegate`);
//! everything else, including every gap between tokens, is copied as it is. Instructions
//! inside are rewritten the same way, so nesting works at any depth.
//!
//! One place takes only folded instructions: the operands of a folded `if` before its
//! `(then ...)`. A flat `try` there is moved, with the operands around it, in front of the
//! `if`: `(if $l BLOCKTYPE OPERAND* (then ...) (else ...))` means `OPERAND* (if $l BLOCKTYPE
//! (then ...) (else ...))`.
//!
//! What it must not do:
//! - change a script that has no folded legacy `try`: it is returned borrowed, byte for byte;
//! - move any token to another line: every gap is written exactly once, so the runner's line
//!   numbers still point into the original file;
//! - repair a malformed `try` (a `catch` after `catch_all`, `catch` and `delegate` together, no
//!   `(do ...)`, a `delegate` without a label): it stays as written, for `wast` to reject;
//! - look into strings: a `module quote`'s text is left alone (the testsuite quotes only
//!   malformed legacy modules, which stay malformed either way).

use std::borrow::Cow;

/// The script `text` with every folded legacy `try` written flat (borrowed if it has none).
pub fn unfold_legacy_exceptions(text: &str) -> Cow<'_, str> {
    if !text.contains("try") {
        return Cow::Borrowed(text);
    }
    // A script that does not even tokenize is left for `wast` to report.
    let Some(tokens) = tokenize(text) else {
        return Cow::Borrowed(text);
    };
    let Some(forms) = build_tree(text, &tokens) else {
        return Cow::Borrowed(text);
    };
    if !forms.iter().any(Node::contains_try) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut at = 0;
    for form in &forms {
        out.push_str(&text[at..form.start()]);
        out.push_str(&render(text, form).text);
        at = form.end();
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokenKind {
    Open,
    Close,
    /// A keyword, number, `$id` (also `$"quoted id"`) or anything else between delimiters.
    Atom,
    /// A string, quotes included.
    Str,
}

/// A token: its kind and byte range in the script.
#[derive(Debug, Clone, Copy)]
struct Token {
    kind: TokenKind,
    start: usize,
    end: usize,
}

/// The script's tokens, or `None` if a string or block comment is not terminated.
fn tokenize(text: &str) -> Option<Vec<Token>> {
    let bytes = text.as_bytes();
    let next_is = |i: usize, b: u8| bytes.get(i + 1) == Some(&b);
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let kind = match bytes[i] {
            b if b.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            b';' if next_is(i, b';') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'(' if next_is(i, b';') => {
                i = skip_block_comment(bytes, i)?;
                continue;
            }
            b'(' => {
                i += 1;
                TokenKind::Open
            }
            b')' => {
                i += 1;
                TokenKind::Close
            }
            b'"' => {
                i = skip_string(bytes, i)?;
                TokenKind::Str
            }
            _ => {
                while i < bytes.len() {
                    match bytes[i] {
                        b if b.is_ascii_whitespace() => break,
                        b'(' | b')' => break,
                        b';' if next_is(i, b';') => break,
                        // `$"quoted id"` is one token.
                        b'"' if i == start + 1 && bytes[start] == b'$' => {
                            i = skip_string(bytes, i)?;
                            break;
                        }
                        b'"' => break,
                        _ => i += 1,
                    }
                }
                TokenKind::Atom
            }
        };
        tokens.push(Token {
            kind,
            start,
            end: i,
        });
    }
    Some(tokens)
}

/// The end of the string starting at `start` (its opening quote).
fn skip_string(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The end of the (nestable) block comment `(; ... ;)` starting at `start`.
fn skip_block_comment(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'(', b';') => {
                depth += 1;
                i += 2;
            }
            (b';', b')') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// An s-expression: a token, or a parenthesised list.
#[derive(Debug)]
enum Node {
    Token(Token),
    List(List),
}

/// A parenthesised list, by the byte positions of its parentheses.
#[derive(Debug)]
struct List {
    open: usize,
    close: usize,
    items: Vec<Node>,
    /// Whether this list, or a list inside it, is a folded legacy `try`.
    contains_try: bool,
}

impl Node {
    fn start(&self) -> usize {
        match self {
            Node::Token(token) => token.start,
            Node::List(list) => list.open,
        }
    }

    fn end(&self) -> usize {
        match self {
            Node::Token(token) => token.end,
            Node::List(list) => list.close + 1,
        }
    }

    fn contains_try(&self) -> bool {
        matches!(self, Node::List(list) if list.contains_try)
    }

    /// The keyword or `$id`, if this is an atom.
    fn atom<'t>(&self, text: &'t str) -> Option<&'t str> {
        match self {
            Node::Token(token) if token.kind == TokenKind::Atom => {
                Some(&text[token.start..token.end])
            }
            _ => None,
        }
    }

    /// The list, and its first atom, if this is a list that starts with one.
    fn headed<'n, 't>(&'n self, text: &'t str) -> Option<(&'n List, &'t str)> {
        match self {
            Node::List(list) => Some((list, list.items.first()?.atom(text)?)),
            Node::Token(_) => None,
        }
    }

    fn head<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.headed(text).map(|(_, head)| head)
    }
}

/// The script's top-level forms, or `None` if its parentheses do not balance.
fn build_tree(text: &str, tokens: &[Token]) -> Option<Vec<Node>> {
    let mut open: Vec<(usize, Vec<Node>)> = Vec::new();
    let mut forms = Vec::new();
    for &token in tokens {
        let node = match token.kind {
            TokenKind::Open => {
                open.push((token.start, Vec::new()));
                continue;
            }
            TokenKind::Close => {
                let (start, items) = open.pop()?;
                let mut list = List {
                    open: start,
                    close: token.start,
                    items,
                    contains_try: false,
                };
                list.contains_try = list.items.iter().any(Node::contains_try)
                    || TryShape::of(text, &list).is_some();
                Node::List(list)
            }
            TokenKind::Atom | TokenKind::Str => Node::Token(token),
        };
        match open.last_mut() {
            Some((_, items)) => items.push(node),
            None => forms.push(node),
        }
    }
    open.is_empty().then_some(forms)
}

/// Where the parts of a well-formed folded legacy `try` are among its list's items.
#[derive(Debug)]
struct TryShape {
    /// Index of the `(do ...)` list; the label and block type are the items before it.
    body: usize,
    /// Whether the one handler is `(delegate LABEL)` (else `catch`es and a `catch_all`).
    delegate: bool,
}

impl TryShape {
    /// The shape of `list` if it is a well-formed folded legacy `try`.
    fn of(text: &str, list: &List) -> Option<TryShape> {
        let items = &list.items;
        if items.first()?.atom(text)? != "try" {
            return None;
        }
        let mut i = 1;
        if items
            .get(i)
            .and_then(|n| n.atom(text))
            .is_some_and(|a| a.starts_with('$'))
        {
            i += 1;
        }
        while items
            .get(i)
            .and_then(|n| n.head(text))
            .is_some_and(|h| matches!(h, "type" | "param" | "result"))
        {
            i += 1;
        }
        if items.get(i)?.head(text)? != "do" {
            return None;
        }
        let body = i;
        i += 1;
        let handler = |i: usize| items.get(i).and_then(|n| n.headed(text));
        // `(catch TAG ...)`, `(delegate LABEL)`: the keyword and a tag or label.
        let has_index = |list: &List| list.items.get(1).and_then(|n| n.atom(text)).is_some();
        if let Some((list, "delegate")) = handler(i) {
            let well_formed = list.items.len() == 2 && has_index(list) && i + 1 == items.len();
            return well_formed.then_some(TryShape {
                body,
                delegate: true,
            });
        }
        while let Some((list, "catch")) = handler(i) {
            if !has_index(list) {
                return None;
            }
            i += 1;
        }
        if let Some((_, "catch_all")) = handler(i) {
            i += 1;
        }
        (i == items.len()).then_some(TryShape {
            body,
            delegate: false,
        })
    }
}

/// A node written out, and whether it is now flat instructions rather than one folded one.
struct Rendered<'t> {
    text: Cow<'t, str>,
    flat: bool,
}

fn render<'t>(text: &'t str, node: &Node) -> Rendered<'t> {
    let verbatim = Rendered {
        text: Cow::Borrowed(&text[node.start()..node.end()]),
        flat: false,
    };
    let Node::List(list) = node else {
        return verbatim;
    };
    if !list.contains_try {
        return verbatim;
    }
    if let Some(shape) = TryShape::of(text, list) {
        return render_try(text, list, &shape);
    }
    let rendered: Vec<Rendered<'t>> = list.items.iter().map(|n| render(text, n)).collect();
    if node.head(text) == Some("if")
        && let Some(hoisted) = hoist_if_operands(text, list, &rendered)
    {
        return hoisted;
    }
    let mut out = String::from("(");
    let mut at = list.open + 1;
    for (item, rendered) in list.items.iter().zip(&rendered) {
        out.push_str(&text[at..item.start()]);
        out.push_str(&rendered.text);
        at = item.end();
    }
    out.push_str(&text[at..list.close]);
    out.push(')');
    Rendered {
        text: Cow::Owned(out),
        flat: false,
    }
}

/// A folded legacy `try` written flat.
fn render_try<'t>(text: &'t str, list: &List, shape: &TryShape) -> Rendered<'t> {
    let mut out = String::new();
    // `(try`, label and block type: the parenthesis becomes a space.
    out.push(' ');
    let mut at = list.open + 1;
    for item in &list.items[..shape.body] {
        out.push_str(&text[at..item.start()]);
        out.push_str(&render(text, item).text);
        at = item.end();
    }
    // `(do ...)` loses its parentheses and keyword; `(catch ...)`, `(catch_all ...)` and
    // `(delegate ...)` their parentheses.
    for (i, item) in list.items.iter().enumerate().skip(shape.body) {
        let Node::List(clause) = item else {
            unreachable!("TryShape::of checked that every clause is a list");
        };
        out.push_str(&text[at..item.start()]);
        out.push(' ');
        let mut inner = clause.open + 1;
        for (j, part) in clause.items.iter().enumerate() {
            out.push_str(&text[inner..part.start()]);
            if i == shape.body && j == 0 {
                out.push_str(&" ".repeat(part.end() - part.start()));
            } else {
                out.push_str(&render(text, part).text);
            }
            inner = part.end();
        }
        out.push_str(&text[inner..clause.close]);
        out.push(' ');
        at = item.end();
    }
    out.push_str(&text[at..list.close]);
    out.push_str(if shape.delegate { " " } else { " end " });
    Rendered {
        text: Cow::Owned(out),
        flat: true,
    }
}

/// A folded `if` whose operands (before `(then ...)`) include flat instructions, written as
/// those operands followed by the `if` without them; `None` if no operand is flat.
fn hoist_if_operands<'t>(
    text: &'t str,
    list: &List,
    rendered: &[Rendered<'t>],
) -> Option<Rendered<'t>> {
    let items = &list.items;
    let then = items.iter().position(|n| n.head(text) == Some("then"))?;
    let mut first_operand = 1;
    if items
        .get(1)
        .and_then(|n| n.atom(text))
        .is_some_and(|a| a.starts_with('$'))
    {
        first_operand += 1;
    }
    while first_operand < then
        && items[first_operand]
            .head(text)
            .is_some_and(|h| matches!(h, "type" | "param" | "result"))
    {
        first_operand += 1;
    }
    let operands = first_operand..then;
    if !rendered[operands.clone()].iter().any(|r| r.flat) {
        return None;
    }
    // The gap before each item, as in the original order.
    let gap_before = |i: usize| {
        let from = if i == 0 {
            list.open + 1
        } else {
            items[i - 1].end()
        };
        &text[from..items[i].start()]
    };
    let mut out = String::new();
    for i in operands.clone() {
        out.push_str(gap_before(i));
        out.push_str(&rendered[i].text);
    }
    out.push_str(" (");
    for i in (0..items.len()).filter(|i| !operands.contains(i)) {
        out.push_str(gap_before(i));
        out.push_str(&rendered[i].text);
    }
    out.push_str(&text[items[items.len() - 1].end()..list.close]);
    out.push(')');
    Some(Rendered {
        text: Cow::Owned(out),
        flat: true,
    })
}
