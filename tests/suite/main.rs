//! The integration test suite: one binary, a module per topic.

mod api;
mod check_example;
mod common;
mod crosscheck;
mod fuzz_regressions;
mod header;
mod law_checks;
mod laws;
mod outline_laws;
mod pathological;
mod pymd;
mod tools;
mod validate;
