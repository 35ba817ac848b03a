//! The disassembler: a readable listing of a code stream, one instruction per line, used by the
//! translator's golden tests and for debugging.
//!
//! Each line is `position: Name field=value ...`; slots print as `s3`, branch targets as the
//! absolute position they lead to (`@12`), so listings stay readable when code moves. An
//! operand read from the accumulator prints as `acc`; a result marked as going only to the
//! accumulator (`ir::ACC_ONLY_OPCODES`) as `acc-only(s3)`.

use super::{Instr, Operand, writes_acc_only};
use std::fmt::Write;

/// Lists the instructions of `code`. Bytes that do not decode end the listing with an
/// `<invalid>` line (never a panic).
#[cfg_attr(not(test), allow(dead_code))]
pub fn disassemble(code: &[u8]) -> String {
    let mut out = String::new();
    let mut pos = 0;
    while pos < code.len() {
        let Some((instr, next)) = Instr::decode(code, pos) else {
            let _ = writeln!(out, "{pos}: <invalid>");
            break;
        };
        match instr {
            Instr::BrTable { index, len } => {
                let n = len as usize + 1;
                let end = next + 4 * n;
                let _ = write!(out, "{pos}: BrTable index={index:?} targets=[");
                for i in 0..n {
                    let Some(bytes) = code.get(next + 4 * i..next + 4 * i + 4) else {
                        let _ = writeln!(out, "<invalid>]");
                        return out;
                    };
                    let sep = if i == 0 { "" } else { " " };
                    let _ = write!(out, "{sep}@{}", end as i64 + i32::decode(bytes) as i64);
                }
                let _ = writeln!(out, "]");
                pos = end;
            }
            _ => {
                let acc_only = writes_acc_only(u16::decode(&code[pos..pos + 2]));
                let _ = writeln!(out, "{pos}: {}", instr.listing(next, acc_only));
                pos = next;
            }
        }
    }
    out
}
