//! Executable memory for a module's compiled code, and the linking that puts it there.
//!
//! [`link`] lays the compiled functions and their trampolines out one after another (16-byte
//! aligned) in a buffer, patches every call between them (the relocations Cranelift left for
//! the callee's address), then copies the buffer into a fresh read-write mapping and turns it
//! read-execute. The mapping is never writable and executable at once, and never written
//! again. On aarch64 the instruction cache is made coherent with the written bytes before any
//! of them runs.

use super::CompiledBody;
use crate::error::CompileError;
use cranelift_codegen::binemit::Reloc;
use cranelift_codegen::isa::OwnedTargetIsa;

/// A read-execute mapping holding a module's code.
pub struct CodeMemory {
    /// `None` for a module with no compiled code.
    alloc: Option<region::Allocation>,
}

// SAFETY: the mapping is never written after it is made executable; sharing its address
// between threads is sharing immutable bytes.
unsafe impl Send for CodeMemory {}
// SAFETY: as above.
unsafe impl Sync for CodeMemory {}

impl CodeMemory {
    /// Bytes mapped.
    pub fn len(&self) -> usize {
        self.alloc.as_ref().map_or(0, |a| a.len())
    }

    /// Offset of `pc` in the code, if it is in it.
    pub fn offset_of(&self, pc: usize) -> Option<usize> {
        let alloc = self.alloc.as_ref()?;
        pc.checked_sub(alloc.as_ptr::<u8>() as usize)
            .filter(|&o| o < alloc.len())
    }

    /// The address `offset` bytes into the code.
    pub fn at(&self, offset: usize) -> *const u8 {
        let alloc = self
            .alloc
            .as_ref()
            .expect("an entry exists only in mapped code");
        debug_assert!(offset < alloc.len());
        alloc.as_ptr::<u8>().wrapping_add(offset)
    }
}

/// Where a compiled function is entered, as offsets in its module's code.
#[derive(Debug, Clone, Copy)]
pub struct EntryOffsets {
    /// The entry trampoline.
    pub trampoline: usize,
    /// The trampoline's landing pad (see `super::trampoline`).
    pub landing: usize,
    /// Bytes from the trampoline's frame pointer down to its stack pointer at the call.
    pub sp_offset: usize,
    /// The compiled body itself (Cranelift's `tail` convention, its wasm signature).
    pub body: usize,
}

/// What [`link`] made: the code, each defined function's entry (if it was compiled), and
/// every place the processor may trap in it, in order (see `CompiledBody::trap_sites`).
pub struct Linked {
    pub memory: CodeMemory,
    pub entries: Box<[Option<EntryOffsets>]>,
    pub trap_sites: Box<[(u32, u32)]>,
    /// Each compiled body's code, `(start, end, defined index)`, in order.
    pub bodies: Box<[(u32, u32, u32)]>,
}

fn align16(n: usize) -> usize {
    (n + 15) & !15
}

/// Lays out `compiled` (per defined function: its body and its entry trampoline), resolves
/// their calls and maps them executable.
pub fn link(
    isa: &OwnedTargetIsa,
    compiled: &[Option<(CompiledBody, CompiledBody)>],
) -> Result<Linked, CompileError> {
    // Offsets: every body, then every trampoline.
    let mut len = 0;
    let mut body_at = vec![usize::MAX; compiled.len()];
    let mut bodies = Vec::new();
    for (def, c) in compiled.iter().enumerate() {
        if let Some((body, _)) = c {
            body_at[def] = len;
            bodies.push((len, len + body.code.len(), def as u32));
            len = align16(len + body.code.len());
        }
    }
    let bodies = bodies
        .into_iter()
        .map(|(s, e, def)| Ok((small(s)?, small(e)?, def)))
        .collect::<Result<Vec<(u32, u32, u32)>, CompileError>>()?;
    let mut entries = vec![None; compiled.len()];
    let mut tramp_at = vec![usize::MAX; compiled.len()];
    let mut trap_sites = Vec::new();
    for (def, c) in compiled.iter().enumerate() {
        if let Some((body, tramp)) = c {
            // The handler resumes at a trampoline, never from one: none may trap.
            if !tramp.trap_sites.is_empty() {
                return Err(internal("a trampoline with a trap site"));
            }
            let (landing, sp_offset) = tramp
                .landing
                .ok_or_else(|| internal("a trampoline without a landing pad"))?;
            tramp_at[def] = len;
            entries[def] = Some(EntryOffsets {
                trampoline: len,
                landing: len + landing as usize,
                sp_offset: sp_offset as usize,
                body: body_at[def],
            });
            len = align16(len + tramp.code.len());
            let at = body_at[def];
            trap_sites.extend(body.trap_sites.iter().map(|&(o, v)| (at + o as usize, v)));
        }
    }
    let trap_sites = trap_sites
        .into_iter()
        .map(|(o, v)| Ok((small(o)?, v)))
        .collect::<Result<Vec<(u32, u32)>, CompileError>>()?;
    // Bodies were laid out in order, so their sites already are.
    debug_assert!(trap_sites.is_sorted_by_key(|&(o, _)| o));
    if len == 0 {
        return Ok(Linked {
            memory: CodeMemory { alloc: None },
            entries: entries.into(),
            trap_sites: trap_sites.into(),
            bodies: bodies.into(),
        });
    }

    let mut buf = vec![0u8; len];
    for (def, c) in compiled.iter().enumerate() {
        let Some((body, tramp)) = c else { continue };
        for (part, at) in [(body, body_at[def]), (tramp, tramp_at[def])] {
            buf[at..at + part.code.len()].copy_from_slice(&part.code);
            for &(offset, kind, callee, addend) in &part.relocs {
                let target = body_at[callee as usize];
                if target == usize::MAX {
                    return Err(internal("a call to a function that was not compiled"));
                }
                let site = at + offset as usize;
                patch(isa, &mut buf, site, kind, target as i64 + addend)?;
            }
        }
    }

    let too_big = |e: region::Error| {
        CompileError::unsupported(format!("no memory for compiled code: {e}"), None)
    };
    let mut alloc = region::alloc(len, region::Protection::READ_WRITE).map_err(too_big)?;
    // The allocation is ours, readable and writable, and not yet shared.
    // SAFETY: as above; it and `buf` are both `len` bytes.
    unsafe {
        std::ptr::copy_nonoverlapping(buf.as_ptr(), alloc.as_mut_ptr::<u8>(), len);
        region::protect(alloc.as_ptr::<u8>(), len, region::Protection::READ_EXECUTE)
            .map_err(too_big)?;
    }
    flush_icache(alloc.as_ptr::<u8>(), len);
    Ok(Linked {
        memory: CodeMemory { alloc: Some(alloc) },
        entries: entries.into(),
        trap_sites: trap_sites.into(),
        bodies: bodies.into(),
    })
}

/// A code offset as the metadata keeps it.
fn small(offset: usize) -> Result<u32, CompileError> {
    u32::try_from(offset).map_err(|_| internal("more than 4 GiB of code"))
}

fn internal(what: &str) -> CompileError {
    CompileError::unsupported(format!("the Cranelift tier could not link: {what}"), None)
}

/// Writes, at `site` of `buf`, the reference of kind `kind` to the code offset `target`
/// (the addend included).
fn patch(
    isa: &OwnedTargetIsa,
    buf: &mut [u8],
    site: usize,
    kind: Reloc,
    target: i64,
) -> Result<(), CompileError> {
    let pc = site as i64;
    let word = |buf: &[u8]| u32::from_le_bytes(buf[site..site + 4].try_into().unwrap_or([0; 4]));
    match (isa.triple().architecture, kind) {
        (
            target_lexicon::Architecture::X86_64,
            Reloc::X86CallPCRel4 | Reloc::X86CallPLTRel4 | Reloc::X86PCRel4,
        ) => {
            let delta = i32::try_from(target - pc).map_err(|_| internal("call out of range"))?;
            buf[site..site + 4].copy_from_slice(&delta.to_le_bytes());
        }
        (target_lexicon::Architecture::Aarch64(_), Reloc::Arm64Call) => {
            let delta = target - pc;
            if delta % 4 != 0 || !(-(1 << 27)..(1 << 27)).contains(&delta) {
                return Err(internal("call out of range"));
            }
            let insn = (word(buf) & 0xfc00_0000) | ((delta >> 2) as u32 & 0x03ff_ffff);
            buf[site..site + 4].copy_from_slice(&insn.to_le_bytes());
        }
        (arch, kind) => {
            return Err(internal(&format!("relocation {kind:?} on {arch}")));
        }
    }
    Ok(())
}

/// Makes instruction fetch see the bytes just written to `[start, start + len)`.
fn flush_icache(start: *const u8, len: usize) {
    #[cfg(target_arch = "aarch64")]
    {
        // Clean each data cache line to the point of unification, then invalidate the
        // instruction cache lines, with barriers between (Arm ARM, B2.4.4). Line sizes come
        // from CTR_EL0, which Linux lets user space read.
        let ctr: u64;
        // SAFETY: reading CTR_EL0 has no side effects.
        unsafe { std::arch::asm!("mrs {}, ctr_el0", out(reg) ctr, options(nomem, nostack)) };
        let dline = 4usize << ((ctr >> 16) & 0xf);
        let iline = 4usize << (ctr & 0xf);
        let (begin, end) = (start as usize, start as usize + len);
        let mut p = begin & !(dline - 1);
        while p < end {
            // `p` lies in (or at the line start of) the mapping just written.
            // SAFETY: cache maintenance by address changes no memory contents.
            unsafe { std::arch::asm!("dc cvau, {}", in(reg) p, options(nostack)) };
            p += dline;
        }
        // SAFETY: a barrier.
        unsafe { std::arch::asm!("dsb ish", options(nostack)) };
        let mut p = begin & !(iline - 1);
        while p < end {
            // SAFETY: as for `dc cvau`.
            unsafe { std::arch::asm!("ic ivau, {}", in(reg) p, options(nostack)) };
            p += iline;
        }
        // SAFETY: barriers.
        unsafe { std::arch::asm!("dsb ish", "isb", options(nostack)) };
    }
    #[cfg(not(target_arch = "aarch64"))]
    let _ = (start, len);
}
