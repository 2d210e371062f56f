//! The integration test suite: one binary, a module per topic.

mod api;
mod check_example;
mod common;
mod crosscheck;
mod header;
mod tools;
mod validate;
