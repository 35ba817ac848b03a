//! Resource limits: the embedder's say over memory and table growth and object counts.
//!
//! As in wasmtime, a [`ResourceLimiter`] is asked before a memory or table grows (including its
//! creation); [`StoreLimits`] is a ready-made one built with [`StoreLimitsBuilder`].

use crate::error::Error;

/// Decides whether memories and tables may grow, and how many objects a store may hold.
pub trait ResourceLimiter {
    /// A memory wants to grow from `current` to `desired` bytes (`maximum` is its declared
    /// maximum). `Ok(false)` makes the grow fail (wasm sees -1); `Err` traps.
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool, Error>;

    /// A table wants to grow from `current` to `desired` elements.
    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool, Error>;

    /// Most instances the store may hold.
    fn instances(&self) -> usize {
        10_000
    }

    /// Most memories the store may hold.
    fn memories(&self) -> usize {
        10_000
    }

    /// Most tables the store may hold.
    fn tables(&self) -> usize {
        10_000
    }
}

/// Fixed limits, built with [`StoreLimitsBuilder`].
#[derive(Debug, Clone)]
pub struct StoreLimits {
    memory_size: Option<usize>,
    table_elements: Option<usize>,
    instances: usize,
    memories: usize,
    tables: usize,
    trap_on_grow_failure: bool,
}

impl Default for StoreLimits {
    fn default() -> Self {
        Self {
            memory_size: None,
            table_elements: None,
            instances: 10_000,
            memories: 10_000,
            tables: 10_000,
            trap_on_grow_failure: false,
        }
    }
}

/// Builds [`StoreLimits`].
#[derive(Debug, Clone, Default)]
pub struct StoreLimitsBuilder(StoreLimits);

impl StoreLimitsBuilder {
    /// No limits beyond the defaults (10,000 instances, memories and tables).
    pub fn new() -> Self {
        Self::default()
    }

    /// Most bytes any one linear memory may have.
    pub fn memory_size(mut self, bytes: usize) -> Self {
        self.0.memory_size = Some(bytes);
        self
    }

    /// Most elements any one table may have.
    pub fn table_elements(mut self, elements: usize) -> Self {
        self.0.table_elements = Some(elements);
        self
    }

    /// Most instances.
    pub fn instances(mut self, n: usize) -> Self {
        self.0.instances = n;
        self
    }

    /// Most memories.
    pub fn memories(mut self, n: usize) -> Self {
        self.0.memories = n;
        self
    }

    /// Most tables.
    pub fn tables(mut self, n: usize) -> Self {
        self.0.tables = n;
        self
    }

    /// Whether a grow past a limit traps (`true`) instead of returning -1 (`false`, default).
    pub fn trap_on_grow_failure(mut self, trap: bool) -> Self {
        self.0.trap_on_grow_failure = trap;
        self
    }

    /// The limits.
    pub fn build(self) -> StoreLimits {
        self.0
    }
}

impl StoreLimits {
    fn decide(&self, desired: usize, limit: Option<usize>) -> Result<bool, Error> {
        match limit {
            Some(limit) if desired > limit => {
                if self.trap_on_grow_failure {
                    Err(
                        crate::error::Trap::new(crate::error::TrapCode::ResourceLimitExceeded)
                            .into(),
                    )
                } else {
                    Ok(false)
                }
            }
            _ => Ok(true),
        }
    }
}

impl ResourceLimiter for StoreLimits {
    fn memory_growing(
        &mut self,
        _: usize,
        desired: usize,
        _: Option<usize>,
    ) -> Result<bool, Error> {
        self.decide(desired, self.memory_size)
    }

    fn table_growing(&mut self, _: usize, desired: usize, _: Option<usize>) -> Result<bool, Error> {
        self.decide(desired, self.table_elements)
    }

    fn instances(&self) -> usize {
        self.instances
    }

    fn memories(&self) -> usize {
        self.memories
    }

    fn tables(&self) -> usize {
        self.tables
    }
}
