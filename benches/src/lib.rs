//! Benchmark corpus and helpers.
