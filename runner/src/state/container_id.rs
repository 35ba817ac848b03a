//! Container IDs: the same rule as runc (letters, digits, `_`, `+`, `-`, `.`), so an ID is always
//! a safe single directory name under `--root`. IDs may not start with `.`, which keeps the
//! runtime's own entries there (`.runc`, where delegated containers live) apart.

use crate::error::{Result, RunnerError};

/// Checks that `id` is an acceptable container ID.
pub fn validate(id: &str) -> Result<()> {
    let reason = if id.is_empty() {
        Some("it is empty")
    } else if id.len() > 1024 {
        Some("it is longer than 1024 bytes")
    } else if id.starts_with('.') {
        Some("it starts with '.'")
    } else if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-' | '.'))
    {
        Some("only letters, digits, '_', '+', '-' and '.' are allowed")
    } else {
        None
    };
    match reason {
        Some(reason) => Err(RunnerError::InvalidId {
            id: id.to_string(),
            reason,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::validate;

    #[test]
    fn accepts_containerd_and_cri_ids() {
        for id in ["abc", "a1b2-c3_d4.e5+f", "0123456789abcdef0123456789abcdef"] {
            validate(id).unwrap();
        }
    }

    #[test]
    fn rejects_paths_and_hidden_names() {
        for id in ["", ".", "..", ".runc", "a/b", "../x", "a b", "a\0b"] {
            assert!(validate(id).is_err(), "{id:?} accepted");
        }
    }
}
