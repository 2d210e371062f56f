//! The integration test suite: one binary, a module per topic.

mod api;
mod common;
mod crosscheck;
mod header;
mod tools;
