//! Shared helpers of the workspace tests.
/// Scripted loopback HTTP server for the end-to-end tests.
pub mod stub_server;
