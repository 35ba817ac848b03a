//! Reading `/proc/<pid>/stat`: whether a process is alive (and not a zombie), and its start time,
//! which together with the pid identifies a process across pid reuse. A container whose init has
//! exited, crashed or been replaced by an unrelated process with the same pid is `stopped`.

/// The parts of `/proc/<pid>/stat` the runtime needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcStat {
    /// Process state letter (`R`, `S`, `T`, `Z`, ...).
    pub state: char,
    /// Parent pid.
    pub ppid: i32,
    /// Start time in clock ticks since boot (field 22).
    pub start_time: u64,
}

impl ProcStat {
    /// Reads the stat of `pid`; `None` when there is no such process.
    pub fn read(pid: i32) -> Option<ProcStat> {
        if pid <= 0 {
            return None;
        }
        let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        parse(&text)
    }

    /// True when the process has not exited yet (zombies and dead entries have).
    pub fn is_running(&self) -> bool {
        !matches!(self.state, 'Z' | 'X' | 'x')
    }
}

/// Parses the text of a stat file. The command name (field 2) may hold spaces and parentheses,
/// so fields are counted from the last `)`.
pub fn parse(text: &str) -> Option<ProcStat> {
    let rest = &text[text.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // rest starts at field 3 (state); field N is fields[N - 3].
    Some(ProcStat {
        state: fields.first()?.chars().next()?,
        ppid: fields.get(1)?.parse().ok()?,
        start_time: fields.get(19)?.parse().ok()?,
    })
}

/// True when `pid` is a live process that started at `start_time`.
pub fn is_alive(pid: i32, start_time: u64) -> bool {
    ProcStat::read(pid).is_some_and(|s| s.is_running() && s.start_time == start_time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_with_spaces_and_parens() {
        let line = "42 (a b) c)) S 1 42 42 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 98765 1000 10";
        let s = parse(line).unwrap();
        assert_eq!(s.state, 'S');
        assert_eq!(s.ppid, 1);
        assert_eq!(s.start_time, 98765);
    }

    #[test]
    fn own_process_is_alive_and_pid_reuse_is_detected() {
        let me = std::process::id() as i32;
        let s = ProcStat::read(me).unwrap();
        assert!(is_alive(me, s.start_time));
        assert!(!is_alive(me, s.start_time + 1));
        assert!(!is_alive(0, 0));
    }

    #[test]
    fn truncated_stat_is_none() {
        assert_eq!(parse("1 (x) S 0"), None);
        assert_eq!(parse("garbage"), None);
    }
}
