//! The integration tests, one module per area, linked into one test binary (one link instead of
//! sixteen; see the README's Testing section).

mod common;

mod azure_table;
mod bounded;
mod check_positions;
mod cli;
mod completions_man;
mod content_limits;
mod content_tree;
mod destinations;
mod diagnose;
mod diagnose_eval;
mod diagnose_props;
mod export;
mod hostile;
mod language;
mod mutation;
mod plain;
mod power_automate;
mod presenter;
mod pty;
mod reload;
mod scale;
mod signals;
mod tls;
mod transcript_file;
mod transcript_problems;
mod tui_check_keys;
mod tui_headless;
mod tui_keys;
mod tui_live_check;
mod tui_monkey;
mod tui_render;
mod tui_snapshots;
mod tui_type_ahead;
mod validate;
mod validate_dynamics;
mod validate_marketo;
mod validate_salesforce;
