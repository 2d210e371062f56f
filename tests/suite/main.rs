//! The integration test suite: one binary, a module per topic.

mod api;
mod common;
mod fuzz_regressions;
mod header;
mod law_checks;
mod laws;
mod pathological;
