//! Checks of the instruction table itself: names and docs, opcodes, and that encoding then
//! decoding gives back every instruction.

use super::{
    ACC_ONLY_OPCODES, ACC_OPCODES, BranchOffset, ENCODED_OPCODES, Instr, Opcode, Operand, Slot,
    base_opcode, disasm, encoded_fuel_cost, marked_opcode, reads_acc, writes_acc_only,
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

/// An instance of `op` with distinct operands: decoded from a run of distinct bytes.
fn sample(op: Opcode) -> Instr {
    let mut code = Vec::new();
    (op as u16).encode(&mut code);
    code.resize(crate::ir::OPCODE_SIZE, 0);
    code.extend((1..=64).map(|b: u8| b * 3));
    Instr::decode(&code, 0).expect("decodes").0
}

/// An instruction's fields as the disassembler shows them, `(name, value)` in encoding order.
fn fields(instr: &Instr) -> Vec<(String, String)> {
    instr
        .listing(0, false)
        .split(' ')
        .skip(1)
        .map(|f| {
            let (name, value) = f.split_once('=').expect("name=value");
            (name.to_string(), value.to_string())
        })
        .collect()
}

/// The slots an instruction reads, in order.
fn reads(mut instr: Instr) -> Vec<Slot> {
    let mut out = Vec::new();
    instr.map_read_slots(|s| {
        out.push(s);
        s
    });
    out
}

#[test]
fn relations_in_the_table_are_consistent() {
    for &op in Opcode::ALL {
        let name = op.name();
        let instr = sample(op);
        let mine = fields(&instr);
        if let Some(to) = op.swapped() {
            // Commutative, mirror or reverse: the relation goes both ways, and the form reads the
            // same two operands the other way round (what the translator relies on to put the
            // accumulator first).
            assert_eq!(
                to.swapped(),
                Some(op),
                "{name}: swapped twice is not itself"
            );
            assert_eq!(op.commutative(), to == op, "{name}");
            let swapped = instr.with_operands_swapped().expect(name);
            assert_eq!(swapped.opcode(), to, "{name}");
            let expected: Vec<_> = mine
                .iter()
                .map(|(n, v)| {
                    let other = match n.as_str() {
                        "lhs" => "rhs",
                        "rhs" => "lhs",
                        _ => return (n.clone(), v.clone()),
                    };
                    let v = &mine.iter().find(|(m, _)| m == other).expect(name).1;
                    (n.clone(), v.clone())
                })
                .collect();
            assert_eq!(fields(&swapped), expected, "{name}");
            let r = reads(instr);
            assert_eq!(r.len(), 2, "{name} swaps but does not read two slots");
            assert_eq!(reads(swapped), [r[1], r[0]], "{name}");
        } else {
            assert!(!op.commutative() && instr.with_operands_swapped().is_none());
        }
        if let Some(to) = op.imm_form() {
            // The immediate form has the same fields, one slot of which became the constant.
            let imm = instr.with_imm(42).expect(name);
            assert_eq!(imm.opcode(), to, "{name}");
            assert_eq!(
                to.imm_form(),
                None,
                "{name}: {} has an immediate form too",
                to.name()
            );
            let theirs = fields(&imm);
            let names =
                |f: &[(String, String)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
            assert_eq!(names(&theirs), names(&mine), "{name}");
            let changed: Vec<_> = mine.iter().zip(&theirs).filter(|(a, b)| a != b).collect();
            assert_eq!(
                changed.len(),
                1,
                "{name}: one operand becomes the immediate"
            );
            let ((_, slot), (_, value)) = changed[0];
            assert!(
                slot.starts_with('s') && value == "42",
                "{name}: {slot} -> {value}"
            );
            assert_eq!(reads(imm).len() + 1, reads(instr).len(), "{name}");
        } else {
            assert!(instr.with_imm(42).is_none(), "{name}");
        }
        if let Some(to) = op.value_first_form() {
            // The same fields, `value` first, and the value is the first slot read.
            let vf = instr.value_first().expect(name);
            assert_eq!(vf.opcode(), to, "{name}");
            let mut theirs = fields(&vf);
            assert_eq!(theirs[0].0, "value", "{name}");
            let mut sorted = mine.clone();
            sorted.sort();
            theirs.sort();
            assert_eq!(theirs, sorted, "{name}");
            let r = reads(instr);
            assert_eq!(r.len(), 2, "{name}");
            assert_eq!(reads(vf), [r[1], r[0]], "{name}");
            assert_eq!(to.value_first_form(), None, "{name}");
        } else {
            assert!(instr.value_first().is_none(), "{name}");
        }
        if let Some(to) = op.mem_form() {
            // The same fields, then the memory.
            assert!(
                mine.iter().all(|(n, _)| n != "mem"),
                "{name} already names a memory"
            );
            let on = instr.with_mem(5).expect(name);
            assert_eq!(on.opcode(), to, "{name}");
            let mut expected = mine.clone();
            expected.push(("mem".to_string(), "5".to_string()));
            assert_eq!(fields(&on), expected, "{name}");
            assert_eq!(to.mem_form(), None, "{name}");
        } else {
            assert!(instr.with_mem(5).is_none(), "{name}");
        }
        if let Some(to) = op.negated() {
            // Both ways, the same fields.
            assert_eq!(
                to.negated(),
                Some(op),
                "{name}: negated twice is not itself"
            );
            let negated = instr.negated().expect(name);
            assert_eq!(negated.opcode(), to, "{name}");
            assert_eq!(fields(&negated), mine, "{name}");
            assert!(
                instr.branch_offset().is_some(),
                "{name} negates but does not branch"
            );
        } else {
            assert!(instr.negated().is_none(), "{name}");
        }
        if let Some(to) = op.branch_form() {
            // The fields but `dst`, then the offset; a conditional branch whose own relations
            // match the comparison's (the branch of the immediate form is the immediate form of
            // the branch, and so on).
            let branch = instr.branch_form().expect(name);
            assert_eq!(branch.opcode(), to, "{name}");
            let mut expected: Vec<_> = mine.iter().filter(|(n, _)| n != "dst").cloned().collect();
            expected.push(("offset".to_string(), "@0".to_string()));
            assert_eq!(fields(&branch), expected, "{name}");
            assert!(
                to.negated().is_some(),
                "{name}: {} does not negate",
                to.name()
            );
            assert_eq!(
                op.imm_form().and_then(Opcode::branch_form),
                to.imm_form(),
                "{name}"
            );
            assert_eq!(
                op.swapped().and_then(Opcode::branch_form),
                to.swapped(),
                "{name}"
            );
        } else {
            assert!(instr.branch_form().is_none(), "{name}");
        }
    }
    // Spot checks of what the table says.
    assert!(Opcode::I32Add.commutative() && Opcode::F64Mul.commutative());
    assert!(!Opcode::I32Sub.commutative() && !Opcode::I32LtS.commutative());
    assert_eq!(Opcode::I32Sub.swapped(), Some(Opcode::I32SubRev));
    assert_eq!(Opcode::BrIfI64LeU.swapped(), Some(Opcode::BrIfI64GeU));
    assert_eq!(Opcode::I64Store16.imm_form(), Some(Opcode::Store16Imm));
    assert_eq!(Opcode::F32Load.mem_form(), Some(Opcode::F32LoadMem));
    assert_eq!(Opcode::I32DivS.swapped(), None);
    assert_eq!(Opcode::BrIfI64GtUImm.negated(), Some(Opcode::BrIfI64LeUImm));
    assert_eq!(Opcode::I64NeImm.branch_form(), Some(Opcode::BrIfI64NeImm));
}
