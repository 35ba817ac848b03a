//! The container's processes: the init that `create` forks and `start` releases, and the
//! processes `exec` adds, plus the pieces they are made of (exec FIFO, pty, fds, rlimits,
//! liveness from /proc).
//!
//! Both are started the same way ([`spawn`]): this binary re-executes itself as the hidden
//! `kestrel init` command, gets its [`init_plan::InitPlan`] over fd 3, sets itself up ([`init`]),
//! reports "ready" or an error over fd 4, and then (init only) waits on the exec FIFO before
//! running the module in-process. The pid the shim sees is the workload itself.

pub mod console;
pub mod exec_fifo;
pub mod fds;
pub mod hooks;
pub mod identity;
pub mod init;
pub mod init_plan;
pub mod proc_stat;
pub mod rlimits;
pub mod signal_forward;
pub mod spawn;
