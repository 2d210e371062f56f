//! The integration test suite: one binary, a module per topic.

mod common;
mod header;
mod tools;
