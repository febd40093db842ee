//! leadwiz: a troubleshooting wizard for the lead-management configuration of Microsoft
//! commercial marketplace offers.
//!
//! The core (`guide`) holds no UI or async code; the command line (`cli`) and the exports drive it.

pub mod cli;
pub mod cli_docs;
pub mod cli_net;
pub mod cli_validate;
pub mod cli_validate_forms;
pub mod clock;
pub mod destinations;
pub mod diagnose;
pub mod export;
pub mod guide;
pub mod par;
pub mod plain;
pub mod platform;
pub mod redact;
pub mod sanitise;
pub mod search;
pub mod session;
pub mod transcript;
pub mod tui;
pub mod unify;
pub mod validate;
pub mod watch;
pub mod width;

/// Every program built on this library (the binary, its tests and benchmarks) allocates with
/// mimalloc: a large guide's load makes and frees millions of small strings.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
