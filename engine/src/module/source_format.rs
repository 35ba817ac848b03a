//! Telling what a file handed to `Module::new` is before decoding it: a wasm binary (starts with
//! `\0asm`), WAT text, or neither.
//!
//! A newcomer's first mistake is often the wrong file: a native executable, an image, an empty
//! file. Handing those to the text parser produced "invalid text format: input bytes aren't
//! valid utf-8", which says nothing useful. Here such input gets "not a wasm module (no `\0asm`
//! header) and not WAT text", with what it looks like where we can tell.

use crate::error::CompileError;

/// What the bytes given to `Module::new` are.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SourceFormat {
    /// A wasm binary: starts with the `\0asm` magic.
    Binary,
    /// Text that may be WAT: it starts (after white space and comments) with `(`.
    Text,
}

/// Classifies `bytes`, or explains why they are neither a wasm binary nor WAT text.
pub(crate) fn source_format(bytes: &[u8]) -> Result<SourceFormat, CompileError> {
    if bytes.starts_with(b"\0asm") {
        return Ok(SourceFormat::Binary);
    }
    let not_wasm = |what: &str| {
        CompileError::malformed(
            format!("not a wasm module (no `\\0asm` header) and not WAT text: {what}"),
            None,
        )
    };
    if bytes.is_empty() {
        return Err(not_wasm("the input is empty"));
    }
    if let Some(kind) = known_binary_kind(bytes) {
        return Err(not_wasm(&format!("it looks like {kind}")));
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(not_wasm("binary data that is not UTF-8 text"));
    };
    match first_token(text) {
        Some('(') => Ok(SourceFormat::Text),
        None => Err(not_wasm("the text holds only white space or comments")),
        Some(_) => Err(not_wasm("the text does not start with `(`")),
    }
}

/// Names common non-wasm binaries by their magic numbers.
fn known_binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGICS: &[(&[u8], &str)] = &[
        (b"\x7fELF", "an ELF executable or library"),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document"),
        (b"\x1f\x8b", "gzip-compressed data"),
        (b"PK\x03\x04", "a zip archive"),
        (b"MZ", "a Windows executable"),
        (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
        (b"#!", "a script (it starts with `#!`)"),
    ];
    MAGICS
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// The first character of `text` that is not white space or inside a WAT comment (`;; …` to the
/// end of the line, `(; … ;)` nested), if any.
fn first_token(text: &str) -> Option<char> {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix(";;") {
            rest = after.split_once('\n').map_or("", |(_, next)| next);
        } else if rest.starts_with("(;") {
            rest = skip_block_comment(rest)?;
        } else {
            return rest.chars().next();
        }
    }
}

/// Skips the nested block comment `rest` starts with; `None` if it never closes.
fn skip_block_comment(mut rest: &str) -> Option<&str> {
    let mut depth = 0usize;
    loop {
        if let Some(after) = rest.strip_prefix("(;") {
            depth += 1;
            rest = after;
        } else if let Some(after) = rest.strip_prefix(";)") {
            depth -= 1;
            rest = after;
            if depth == 0 {
                return Some(rest);
            }
        } else {
            let mut chars = rest.chars();
            chars.next()?;
            rest = chars.as_str();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(bytes: &[u8]) -> String {
        source_format(bytes).unwrap_err().to_string()
    }

    #[test]
    fn binaries_and_text_are_told_apart() {
        assert_eq!(source_format(b"\0asm\x01\0\0\0"), Ok(SourceFormat::Binary));
        assert_eq!(source_format(b"(module)"), Ok(SourceFormat::Text));
        assert_eq!(
            source_format(b";; a comment\n  (; block (; nested ;) ;) (module)"),
            Ok(SourceFormat::Text)
        );
    }

    #[test]
    fn other_files_say_what_they_are() {
        let elf = message(b"\x7fELF\x02\x01\x01\0\0\0\0\0");
        assert!(elf.contains("not a wasm module (no `\\0asm` header) and not WAT text"));
        assert!(elf.contains("ELF"), "{elf}");
        assert!(message(b"\x89PNG\r\n\x1a\n\0\0").contains("PNG image"));
        assert!(message(b"").contains("the input is empty"));
        assert!(message(b"   ;; only a comment\n").contains("only white space"));
        assert!(message(b"hello world").contains("does not start with `(`"));
        assert!(message(b"(; never closed").contains("only white space"));
    }

    #[test]
    fn random_bytes_are_not_wasm() {
        // A fixed xorshift sequence: arbitrary binary that is not UTF-8.
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let bytes: Vec<u8> = (0..256)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        assert!(message(&bytes).contains("not a wasm module (no `\\0asm` header)"));
    }
}
