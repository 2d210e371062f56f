//! The integration test suite: one binary, a module per topic.

mod api;
#[cfg(feature = "render")]
mod check_example;
mod check_site;
mod common;
mod crosscheck;
mod fs;
mod fuzz_regressions;
mod header;
mod hostile_files;
mod hostile_pages;
mod law_checks;
mod laws;
mod outline_laws;
mod pathological;
mod pymd;
mod serde_shapes;
mod site;
mod site_laws;
mod tools;
mod validate;
mod yaml_front_matter;
mod zola_example;
