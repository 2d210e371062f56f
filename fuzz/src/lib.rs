//! The laws the fuzz targets check. They are the test suite's own
//! (`tests/suite/law_checks.rs` for the header and edits,
//! `tests/suite/outline_laws.rs` for the typed header, the body outline and
//! validation), included by path so that a fuzz finding and its replay in
//! `cargo test` check exactly the same thing.

#[path = "../../tests/suite/law_checks.rs"]
pub mod laws;

#[path = "../../tests/suite/outline_laws.rs"]
pub mod outline_laws;

#[path = "../../tests/suite/site_laws.rs"]
pub mod site_laws;
