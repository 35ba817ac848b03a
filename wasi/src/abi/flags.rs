//! Small enums and flag sets of preview1: fd flags, open flags, lookup flags, timestamp
//! flags, seek whence, advice, clocks, poll event types, socket flags and signals.

use super::Errno;

/// `fdflags`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FdFlags(pub u16);

#[allow(missing_docs)]
impl FdFlags {
    pub const APPEND: u16 = 1 << 0;
    pub const DSYNC: u16 = 1 << 1;
    pub const NONBLOCK: u16 = 1 << 2;
    pub const RSYNC: u16 = 1 << 3;
    pub const SYNC: u16 = 1 << 4;
    pub const ALL: u16 = (1 << 5) - 1;

    /// Whether `flag` is set.
    pub fn has(self, flag: u16) -> bool {
        self.0 & flag != 0
    }
}

/// `oflags` of `path_open`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OFlags(pub u16);

#[allow(missing_docs)]
impl OFlags {
    pub const CREAT: u16 = 1 << 0;
    pub const DIRECTORY: u16 = 1 << 1;
    pub const EXCL: u16 = 1 << 2;
    pub const TRUNC: u16 = 1 << 3;
    pub const ALL: u16 = (1 << 4) - 1;

    /// Whether `flag` is set.
    pub fn has(self, flag: u16) -> bool {
        self.0 & flag != 0
    }
}

/// `lookupflags`: whether the last component of a path is followed when it is a symlink.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LookupFlags(pub u32);

impl LookupFlags {
    /// `symlink_follow`.
    pub const SYMLINK_FOLLOW: u32 = 1;

    /// Whether the final symlink is followed.
    pub fn follow(self) -> bool {
        self.0 & Self::SYMLINK_FOLLOW != 0
    }
}

/// `fstflags` of the `*_set_times` functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FstFlags(pub u16);

#[allow(missing_docs)]
impl FstFlags {
    pub const ATIM: u16 = 1 << 0;
    pub const ATIM_NOW: u16 = 1 << 1;
    pub const MTIM: u16 = 1 << 2;
    pub const MTIM_NOW: u16 = 1 << 3;

    /// Checks the flags: no unknown bits, and never both a time and "now" for the same stamp.
    pub fn validate(raw: u32) -> Result<FstFlags, Errno> {
        if raw > 0xf {
            return Err(Errno::Inval);
        }
        let f = raw as u16;
        if (f & Self::ATIM != 0 && f & Self::ATIM_NOW != 0)
            || (f & Self::MTIM != 0 && f & Self::MTIM_NOW != 0)
        {
            return Err(Errno::Inval);
        }
        Ok(FstFlags(f))
    }
}

/// `whence` of `fd_seek`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Whence {
    Set,
    Cur,
    End,
}

impl Whence {
    /// Decodes the guest's value.
    pub fn from_raw(raw: u32) -> Result<Whence, Errno> {
        match raw {
            0 => Ok(Whence::Set),
            1 => Ok(Whence::Cur),
            2 => Ok(Whence::End),
            _ => Err(Errno::Inval),
        }
    }
}

/// `advice` of `fd_advise`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Advice {
    Normal,
    Sequential,
    Random,
    WillNeed,
    DontNeed,
    NoReuse,
}

impl Advice {
    /// Decodes the guest's value.
    pub fn from_raw(raw: u32) -> Result<Advice, Errno> {
        Ok(match raw {
            0 => Advice::Normal,
            1 => Advice::Sequential,
            2 => Advice::Random,
            3 => Advice::WillNeed,
            4 => Advice::DontNeed,
            5 => Advice::NoReuse,
            _ => return Err(Errno::Inval),
        })
    }
}

/// `clockid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum ClockId {
    Realtime,
    Monotonic,
    ProcessCpuTime,
    ThreadCpuTime,
}

impl ClockId {
    /// Decodes the guest's value.
    pub fn from_raw(raw: u32) -> Result<ClockId, Errno> {
        Ok(match raw {
            0 => ClockId::Realtime,
            1 => ClockId::Monotonic,
            2 => ClockId::ProcessCpuTime,
            3 => ClockId::ThreadCpuTime,
            _ => return Err(Errno::Inval),
        })
    }
}

/// `eventtype` of a poll subscription or event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum EventType {
    Clock = 0,
    FdRead = 1,
    FdWrite = 2,
}

/// `eventrwflags::fd_readwrite_hangup`.
pub const EVENTRWFLAGS_FD_READWRITE_HANGUP: u16 = 1;

/// `subclockflags`.
pub struct SubclockFlags;

impl SubclockFlags {
    /// The timeout is an absolute time of the clock, not relative to now.
    pub const ABSTIME: u16 = 1;
}

/// `riflags` of `sock_recv`.
pub struct RiFlags;

#[allow(missing_docs)]
impl RiFlags {
    pub const RECV_PEEK: u16 = 1;
    pub const RECV_WAITALL: u16 = 2;
}

/// `sdflags` of `sock_shutdown`.
pub struct SdFlags;

#[allow(missing_docs)]
impl SdFlags {
    pub const RD: u8 = 1;
    pub const WR: u8 = 2;
}

/// `preopentype::dir`.
pub const PREOPENTYPE_DIR: u8 = 0;

/// `signal` of `proc_raise`: the POSIX signal numbers in preview1's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signal(pub u8);

impl Signal {
    /// Names indexed by the WASI signal number (0 is "no signal").
    const NAMES: [&'static str; 31] = [
        "NONE",
        "SIGHUP",
        "SIGINT",
        "SIGQUIT",
        "SIGILL",
        "SIGTRAP",
        "SIGABRT",
        "SIGBUS",
        "SIGFPE",
        "SIGKILL",
        "SIGUSR1",
        "SIGSEGV",
        "SIGUSR2",
        "SIGPIPE",
        "SIGALRM",
        "SIGTERM",
        "SIGCHLD",
        "SIGCONT",
        "SIGSTOP",
        "SIGTSTP",
        "SIGTTIN",
        "SIGTTOU",
        "SIGURG",
        "SIGXCPU",
        "SIGXFSZ",
        "SIGVTALRM",
        "SIGPROF",
        "SIGWINCH",
        "SIGPOLL",
        "SIGPWR",
        "SIGSYS",
    ];

    /// Decodes the guest's value.
    pub fn from_raw(raw: u32) -> Result<Signal, Errno> {
        if (raw as usize) < Self::NAMES.len() {
            Ok(Signal(raw as u8))
        } else {
            Err(Errno::Inval)
        }
    }

    /// The POSIX name, like `SIGTERM`.
    pub fn name(self) -> &'static str {
        Self::NAMES[self.0 as usize]
    }

    /// Whether the default action of this signal ignores it (or it is "no signal").
    pub fn default_is_ignore(self) -> bool {
        matches!(
            self.name(),
            "NONE" | "SIGCHLD" | "SIGCONT" | "SIGURG" | "SIGWINCH"
        )
    }

    /// The Linux signal number, used for the conventional exit status `128 + signo`.
    pub fn host_number(self) -> i32 {
        match self.name() {
            "SIGHUP" => 1,
            "SIGINT" => 2,
            "SIGQUIT" => 3,
            "SIGILL" => 4,
            "SIGTRAP" => 5,
            "SIGABRT" => 6,
            "SIGBUS" => 7,
            "SIGFPE" => 8,
            "SIGKILL" => 9,
            "SIGUSR1" => 10,
            "SIGSEGV" => 11,
            "SIGUSR2" => 12,
            "SIGPIPE" => 13,
            "SIGALRM" => 14,
            "SIGTERM" => 15,
            "SIGCHLD" => 17,
            "SIGCONT" => 18,
            "SIGSTOP" => 19,
            "SIGTSTP" => 20,
            "SIGTTIN" => 21,
            "SIGTTOU" => 22,
            "SIGURG" => 23,
            "SIGXCPU" => 24,
            "SIGXFSZ" => 25,
            "SIGVTALRM" => 26,
            "SIGPROF" => 27,
            "SIGWINCH" => 28,
            "SIGPOLL" => 29,
            "SIGPWR" => 30,
            "SIGSYS" => 31,
            _ => 0,
        }
    }

    /// Whether the default action stops the process (which a WASI program cannot be).
    pub fn default_is_stop(self) -> bool {
        matches!(self.name(), "SIGSTOP" | "SIGTSTP" | "SIGTTIN" | "SIGTTOU")
    }
}
