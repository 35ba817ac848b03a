//! Checks of the instruction table itself: names and docs, opcodes, and that encoding then
//! decoding gives back every instruction.

use super::{
    ACC_ONLY_OPCODES, ACC_OPCODES, BranchOffset, ENCODED_OPCODES, Instr, Opcode, Slot, base_opcode,
    disasm, encoded_fuel_cost, marked_opcode, reads_acc, writes_acc_only,
};
use std::collections::HashSet;

#[test]
fn every_opcode_has_a_unique_name_a_doc_and_a_cost() {
    let mut names = HashSet::new();
    for (i, op) in Opcode::ALL.iter().enumerate() {
        assert_eq!(*op as usize, i);
        assert_eq!(Opcode::from_u16(i as u16), Some(*op));
        assert!(names.insert(op.name()), "duplicate {}", op.name());
        assert!(!op.doc().is_empty(), "{} has no doc line", op.name());
        assert!(op.fuel_cost() >= 1);
    }
    assert_eq!(Opcode::from_u16(Opcode::ALL.len() as u16), None);
}

#[test]
fn encode_decode_round_trip() {
    let instrs = [
        Instr::I32Add {
            dst: Slot(1),
            lhs: Slot(2),
            rhs: Slot(65535),
        },
        Instr::I64AddImm {
            dst: Slot(0),
            lhs: Slot(3),
            rhs: -5,
        },
        Instr::Const64 {
            dst: Slot(7),
            value: u64::MAX,
        },
        Instr::BrIfI32LtSImm {
            lhs: Slot(4),
            rhs: i32::MIN,
            offset: BranchOffset(-12),
        },
        Instr::TableCopy {
            dst_table: 1,
            src_table: 2,
            dst: Slot(3),
            src: Slot(4),
            len: Slot(5),
        },
        Instr::Return {},
    ];
    let mut code = Vec::new();
    for i in &instrs {
        i.encode(&mut code);
    }
    let mut pos = 0;
    for expected in &instrs {
        let (decoded, next) = Instr::decode(&code, pos).expect("decodes");
        assert_eq!(&decoded, expected);
        pos = next;
    }
    assert_eq!(pos, code.len());
}

#[test]
fn disassembler_never_panics_on_garbage() {
    let listing = disasm::disassemble(&[0xff, 0xff, 1]);
    assert!(listing.contains("<invalid>"));
    let mut code = Vec::new();
    Instr::Br {
        offset: BranchOffset(-(crate::ir::OPCODE_SIZE as i32 + 4)),
    }
    .encode(&mut code);
    assert_eq!(disasm::disassemble(&code), "0: Br offset=@0\n");
    code.truncate(3);
    assert!(disasm::disassemble(&code).contains("<invalid>"));
}

#[test]
fn every_opcode_in_its_four_forms_decodes_to_the_instruction_and_its_marks() {
    for op in Opcode::ALL {
        for reads in [false, true] {
            for acc_only in [false, true] {
                let raw = marked_opcode(*op, reads, acc_only);
                assert!(usize::from(raw) < ENCODED_OPCODES);
                assert_eq!(base_opcode(raw), *op as u16, "{}", op.name());
                assert_eq!(reads_acc(raw), reads, "{}", op.name());
                assert_eq!(writes_acc_only(raw), acc_only, "{}", op.name());
                assert_eq!(encoded_fuel_cost(raw), op.fuel_cost(), "{}", op.name());
            }
        }
    }
    assert_eq!(ACC_ONLY_OPCODES, 2 * ACC_OPCODES);
    // Only instructions with exactly one result may drop their frame store.
    assert!(Opcode::I32Add.single_result());
    assert!(!Opcode::Copy2.single_result());
    assert!(!Opcode::I32AddImm2.single_result());
    assert!(!Opcode::Br.single_result());
}

#[test]
fn disassembler_shows_marks_and_rejects_opcodes_past_the_four_forms() {
    let mut code = Vec::new();
    Instr::I32AddImm {
        dst: Slot(3),
        lhs: Slot::ACC,
        rhs: 1,
    }
    .encode(&mut code);
    let raw = marked_opcode(Opcode::I32AddImm, true, true);
    code[..2].copy_from_slice(&raw.to_le_bytes());
    assert_eq!(
        disasm::disassemble(&code),
        "0: I32AddImm dst=acc-only(s3) lhs=acc rhs=1\n"
    );
    code[..2].copy_from_slice(&(ENCODED_OPCODES as u16).to_le_bytes());
    assert!(disasm::disassemble(&code).contains("<invalid>"));
}
