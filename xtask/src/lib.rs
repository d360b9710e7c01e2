//! The driver's library half: reading a spec folder from disk, shared by the `xtask`
//! binary and by the generated crates' tests.

pub mod spec;
