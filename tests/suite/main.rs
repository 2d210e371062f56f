//! The integration test suite: one binary, a module per topic.

mod common;
mod fuzz_regressions;
mod law_checks;
mod laws;
mod pathological;
fn main() {}
