//! [`WasiCtxBuilder`]: args, environment, preopened directories and sockets, stdio, clocks and
//! randomness for one WASI program. Nothing is granted by default: no environment, no
//! directories, stdio connected to nothing.

use std::ffi::OsStr;
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustix::fs::{Mode, OFlags};

use super::{
    HostClocks, HostRandom, IpRange, NetworkPolicy, RandomSource, ReadPipe, WasiClocks, WasiCtx,
    WritePipe,
};
use crate::abi::Rights;
use crate::fd::{FdEntry, FdKind, FdTable};

/// Why a [`WasiCtx`] could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A host directory to preopen could not be opened.
    #[error("cannot preopen directory {path}: {source}")]
    Preopen {
        /// The host path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A guest name for a preopen is empty or contains a NUL byte.
    #[error("invalid guest directory name {0:?}: must be non-empty and contain no NUL byte")]
    GuestName(String),
    /// A TCP address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address asked for.
        addr: String,
        /// Why.
        source: std::io::Error,
    },
    /// An inherited stdio stream could not be duplicated.
    #[error("cannot use host {stream}: {source}")]
    Stdio {
        /// Which stream.
        stream: &'static str,
        /// Why.
        source: std::io::Error,
    },
}

#[derive(Debug, Clone, Default)]
enum Input {
    #[default]
    Null,
    Inherit,
    Pipe(ReadPipe),
    Host(Arc<OwnedFd>),
}

#[derive(Debug, Clone, Default)]
enum Output {
    #[default]
    Null,
    Inherit,
    Pipe(WritePipe),
    Host(Arc<OwnedFd>),
}

enum Preopen {
    Dir {
        fd: OwnedFd,
        guest: String,
        read_only: bool,
    },
    Listener(OwnedFd),
}

/// Builds a [`WasiCtx`].
pub struct WasiCtxBuilder {
    args: Vec<Vec<u8>>,
    env: Vec<Vec<u8>>,
    stdin: Input,
    stdout: Output,
    stderr: Output,
    preopens: Vec<Preopen>,
    clocks: Box<dyn WasiClocks>,
    random: Box<dyn RandomSource>,
    network: NetworkPolicy,
}

impl Default for WasiCtxBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl WasiCtxBuilder {
    /// A builder granting nothing.
    pub fn new() -> Self {
        Self {
            args: Vec::new(),
            env: Vec::new(),
            stdin: Input::Null,
            stdout: Output::Null,
            stderr: Output::Null,
            preopens: Vec::new(),
            clocks: Box::new(HostClocks),
            random: Box::new(HostRandom),
            network: NetworkPolicy::default(),
        }
    }

    /// Appends one argument (the first is the program name, argv\[0\]).
    pub fn arg(&mut self, arg: impl AsRef<OsStr>) -> &mut Self {
        self.args.push(arg.as_ref().as_bytes().to_vec());
        self
    }

    /// Appends arguments.
    pub fn args<I: IntoIterator<Item = A>, A: AsRef<OsStr>>(&mut self, args: I) -> &mut Self {
        for a in args {
            self.arg(a);
        }
        self
    }

    /// Sets one environment variable.
    pub fn env(&mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> &mut Self {
        let key = key.as_ref().as_bytes();
        self.env
            .retain(|e| !(e.starts_with(key) && e.get(key.len()) == Some(&b'=')));
        let mut entry = key.to_vec();
        entry.push(b'=');
        entry.extend_from_slice(value.as_ref().as_bytes());
        self.env.push(entry);
        self
    }

    /// Passes the host's whole environment.
    pub fn inherit_env(&mut self) -> &mut Self {
        for (k, v) in std::env::vars_os() {
            self.env(k, v);
        }
        self
    }

    /// Connects stdin, stdout and stderr to the host's.
    pub fn inherit_stdio(&mut self) -> &mut Self {
        self.stdin = Input::Inherit;
        self.stdout = Output::Inherit;
        self.stderr = Output::Inherit;
        self
    }

    /// Connects stdin to the host's.
    pub fn inherit_stdin(&mut self) -> &mut Self {
        self.stdin = Input::Inherit;
        self
    }

    /// Connects stdout to the host's.
    pub fn inherit_stdout(&mut self) -> &mut Self {
        self.stdout = Output::Inherit;
        self
    }

    /// Connects stderr to the host's.
    pub fn inherit_stderr(&mut self) -> &mut Self {
        self.stderr = Output::Inherit;
        self
    }

    /// Feeds stdin from memory.
    pub fn stdin(&mut self, pipe: ReadPipe) -> &mut Self {
        self.stdin = Input::Pipe(pipe);
        self
    }

    /// Captures stdout in memory.
    pub fn stdout(&mut self, pipe: WritePipe) -> &mut Self {
        self.stdout = Output::Pipe(pipe);
        self
    }

    /// Captures stderr in memory.
    pub fn stderr(&mut self, pipe: WritePipe) -> &mut Self {
        self.stderr = Output::Pipe(pipe);
        self
    }

    /// Connects stdin to a host descriptor the embedder hands over (a pipe's read end, a
    /// terminal, a socket), used as an inherited stdin is: a host stream. Its status flags are
    /// not restored when the context is dropped (the descriptor is the guest's now).
    pub fn stdin_host(&mut self, fd: impl Into<OwnedFd>) -> &mut Self {
        self.stdin = Input::Host(Arc::new(fd.into()));
        self
    }

    /// [`Self::stdin_host`] for stdout.
    pub fn stdout_host(&mut self, fd: impl Into<OwnedFd>) -> &mut Self {
        self.stdout = Output::Host(Arc::new(fd.into()));
        self
    }

    /// [`Self::stdin_host`] for stderr.
    pub fn stderr_host(&mut self, fd: impl Into<OwnedFd>) -> &mut Self {
        self.stderr = Output::Host(Arc::new(fd.into()));
        self
    }

    /// Grants the guest the host directory `host` under the name `guest`. With `read_only`,
    /// nothing beneath it can be created, changed or removed through WASI.
    pub fn preopened_dir(
        &mut self,
        host: impl AsRef<Path>,
        guest: impl Into<String>,
        read_only: bool,
    ) -> Result<&mut Self, BuildError> {
        let guest = guest.into();
        if guest.is_empty() || guest.contains('\0') {
            return Err(BuildError::GuestName(guest));
        }
        let host = host.as_ref();
        let fd = rustix::fs::open(
            host,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| BuildError::Preopen {
            path: host.to_path_buf(),
            source: e.into(),
        })?;
        self.preopens.push(Preopen::Dir {
            fd,
            guest,
            read_only,
        });
        Ok(self)
    }

    /// Hands the guest a listening TCP socket (it calls `sock_accept` on it).
    pub fn preopened_listener(&mut self, listener: std::net::TcpListener) -> &mut Self {
        self.preopens.push(Preopen::Listener(listener.into()));
        self
    }

    /// Binds `addr` (like `127.0.0.1:8080`) and hands the listener to the guest.
    pub fn tcp_listen(&mut self, addr: &str) -> Result<&mut Self, BuildError> {
        let listener = std::net::TcpListener::bind(addr).map_err(|e| BuildError::Listen {
            addr: addr.to_owned(),
            source: e,
        })?;
        Ok(self.preopened_listener(listener))
    }

    /// Lets the guest open its own sockets (WasmEdge's socket extension) to, from and on the
    /// addresses of `range`; call it once per range. Without any, `sock_open` fails with
    /// `EACCES`, as does binding, connecting or sending to an address outside every range.
    pub fn allow_network(&mut self, range: IpRange) -> &mut Self {
        self.network.allow(range);
        self
    }

    /// Replaces the clocks (tests fix time with this).
    pub fn clocks(&mut self, clocks: Box<dyn WasiClocks>) -> &mut Self {
        self.clocks = clocks;
        self
    }

    /// Replaces the random source (tests make it deterministic with this).
    pub fn random(&mut self, random: Box<dyn RandomSource>) -> &mut Self {
        self.random = random;
        self
    }

    /// Builds the context. Stdio are descriptors 0–2; preopens follow in the order given.
    pub fn build(&mut self) -> Result<WasiCtx, BuildError> {
        let mut table = FdTable::new();
        let mut restore_flags = Vec::new();
        let mut remember = |fd: &OwnedFd| -> Result<(), BuildError> {
            let flags = rustix::fs::fcntl_getfl(fd).map_err(|e| BuildError::Stdio {
                stream: "stdio",
                source: e.into(),
            })?;
            let copy = rustix::io::fcntl_dupfd_cloexec(fd, 0).map_err(|e| BuildError::Stdio {
                stream: "stdio",
                source: e.into(),
            })?;
            restore_flags.push((copy, flags));
            Ok(())
        };
        let input_rights = Rights::STREAM_BASE & !Rights::FD_WRITE;
        let output_rights = Rights::STREAM_BASE & !Rights::FD_READ;
        let stdin = match &self.stdin {
            Input::Null => FdKind::Null,
            Input::Pipe(p) => FdKind::ReadPipe(p.clone()),
            Input::Inherit => {
                let host = dup_host(std::io::stdin().as_fd(), "stdin")?;
                remember(&host)?;
                FdKind::HostStream(Arc::new(host))
            }
            Input::Host(fd) => FdKind::HostStream(Arc::clone(fd)),
        };
        table.insert_at(0, stream_entry(stdin, input_rights));
        for (fd, (spec, name)) in [(&self.stdout, "stdout"), (&self.stderr, "stderr")]
            .into_iter()
            .enumerate()
        {
            let kind = match spec {
                Output::Null => FdKind::Null,
                Output::Pipe(p) => FdKind::WritePipe(p.clone()),
                Output::Inherit => {
                    let host = if fd == 0 {
                        dup_host(std::io::stdout().as_fd(), name)?
                    } else {
                        dup_host(std::io::stderr().as_fd(), name)?
                    };
                    remember(&host)?;
                    FdKind::HostStream(Arc::new(host))
                }
                Output::Host(fd) => FdKind::HostStream(Arc::clone(fd)),
            };
            table.insert_at(fd as u32 + 1, stream_entry(kind, output_rights));
        }
        for preopen in self.preopens.drain(..) {
            let entry = match preopen {
                Preopen::Dir {
                    fd,
                    guest,
                    read_only,
                } => {
                    let mask = if read_only {
                        !Rights::WRITES
                    } else {
                        Rights::ALL
                    };
                    FdEntry {
                        kind: FdKind::Dir(fd),
                        rights_base: Rights::DIRECTORY_BASE & mask,
                        rights_inheriting: Rights::DIRECTORY_INHERITING & mask,
                        preopen: Some(guest),
                    }
                }
                Preopen::Listener(fd) => FdEntry {
                    kind: FdKind::Listener(Arc::new(fd)),
                    rights_base: Rights::LISTENER_BASE,
                    rights_inheriting: Rights::SOCKET_BASE,
                    preopen: None,
                },
            };
            table
                .push(entry)
                .expect("a fresh table has room for the preopens");
        }
        Ok(WasiCtx {
            args: std::mem::take(&mut self.args),
            env: std::mem::take(&mut self.env),
            table,
            clocks: std::mem::replace(&mut self.clocks, Box::new(HostClocks)),
            random: std::mem::replace(&mut self.random, Box::new(HostRandom)),
            restore_flags,
            network: std::mem::take(&mut self.network),
        })
    }
}

fn dup_host(fd: std::os::fd::BorrowedFd<'_>, stream: &'static str) -> Result<OwnedFd, BuildError> {
    rustix::io::fcntl_dupfd_cloexec(fd, 0).map_err(|e| BuildError::Stdio {
        stream,
        source: e.into(),
    })
}

fn stream_entry(kind: FdKind, rights: Rights) -> FdEntry {
    FdEntry {
        kind,
        rights_base: rights,
        rights_inheriting: Rights::NONE,
        preopen: None,
    }
}
