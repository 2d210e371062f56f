//! The laws the fuzz targets check. They are the test suite's own
//! (`tests/suite/law_checks.rs`), included by path so that a fuzz finding
//! and its replay in `cargo test` check exactly the same thing.

#[path = "../../tests/suite/law_checks.rs"]
pub mod laws;
