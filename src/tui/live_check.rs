//! "Test my destination" in the wizard: pick the destination, give its URL (or use the
//! connection string from the environment), run the check on a tokio runtime on a background
//! thread, and show the result with a link to its remediation. The screen never waits on the
//! network: the result arrives as a message, and Esc aborts the check.

use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use tui_textarea::TextArea;

use crate::destinations::{self, Finding, Problem, Report, live};
use crate::guide::LiveCheck;

pub use crate::destinations::live::{CONNECTION_VAR, KINDS};

/// Where the check screen is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Choosing the destination.
    Choose,
    /// Entering the URL, or confirming the Azure Table check.
    Input,
    /// The check runs.
    Running,
    /// The report is shown.
    Done,
}

/// Called (from the check's thread) when a report is ready, so the wizard's event loop wakes
/// up for it.
pub type Notify = std::sync::Arc<dyn Fn() + Send + Sync>;

/// A check running on its own thread.
pub struct Running {
    reports: Receiver<Report>,
    abort: tokio::task::AbortHandle,
    pub started: Instant,
    pub target: String,
}

pub struct CheckState {
    /// What the node offered (`Any`: the user chooses).
    pub offered: LiveCheck,
    pub kind: Option<LiveCheck>,
    pub choice: usize,
    pub field: TextArea<'static>,
    pub running: Option<Running>,
    pub report: Option<Report>,
    /// Where the connection string comes from (for tests: a value instead of the environment).
    pub connection: Option<String>,
    pub timeout: Duration,
    /// Told when a report is ready (the wizard's event loop; `None` in tests that poll).
    pub notify: Option<Notify>,
}

impl CheckState {
    pub fn new(offered: LiveCheck) -> Self {
        Self::with_connection(offered, std::env::var(CONNECTION_VAR).ok())
    }

    /// A check whose Azure Table connection string (if any) is `connection` rather than the
    /// environment's.
    pub fn with_connection(offered: LiveCheck, connection: Option<String>) -> Self {
        let mut state = CheckState {
            offered,
            kind: None,
            choice: 0,
            field: TextArea::default(),
            running: None,
            report: None,
            connection: connection.filter(|c| !c.trim().is_empty()),
            timeout: destinations::DEFAULT_TIMEOUT,
            notify: None,
        };
        if offered != LiveCheck::Any {
            state.choose(offered);
        }
        state
    }

    /// Picks the destination to test; the field starts empty (and masked for a connection
    /// string, so a secret typed for one destination never shows in another's field).
    pub fn choose(&mut self, kind: LiveCheck) {
        self.kind = Some(kind);
        self.set_text("");
    }

    /// Whether the field takes the Azure Table connection string (none in the environment):
    /// it is masked and never shown, saved or written to the transcript.
    pub fn secret_input(&self) -> bool {
        self.kind == Some(LiveCheck::AzureTable) && self.connection.is_none()
    }

    /// Replaces the field's text (on one line, without control characters), keeping its mask.
    pub fn set_text(&mut self, text: &str) {
        self.field = TextArea::default();
        if self.secret_input() {
            self.field.set_mask_char('•');
        }
        self.insert(text);
    }

    pub fn stage(&self) -> Stage {
        if self.running.is_some() {
            Stage::Running
        } else if self.report.is_some() {
            Stage::Done
        } else if self.kind.is_some() {
            Stage::Input
        } else {
            Stage::Choose
        }
    }

    /// Whether the current stage reads typed text.
    pub fn typing(&self) -> bool {
        self.stage() == Stage::Input
            && (self.kind != Some(LiveCheck::AzureTable) || self.secret_input())
    }

    /// Pasted or typed text for the URL field, on one line, without control characters.
    pub fn insert(&mut self, text: &str) {
        let clean: String = text
            .chars()
            .filter(|c| !c.is_control())
            .take(8192)
            .collect();
        self.field.insert_str(clean.trim());
    }

    /// Starts the check in the background.
    pub fn start(&mut self) {
        let Some(kind) = self.kind else { return };
        let text = self.field.lines().join("");
        let connection = match &self.connection {
            Some(c) => Some(c.as_str()),
            None => Some(text.as_str()).filter(|t| !t.trim().is_empty()),
        };
        let Some((target, future)) = live::prepare(kind, &text, connection, self.timeout) else {
            return;
        };
        let runtime = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(r) => r,
            Err(e) => {
                self.report = Some(Report::refused(
                    "live-check",
                    target,
                    Finding::new(
                        Problem::Connection,
                        format!("cannot start: {e}"),
                        "support-ticket",
                    ),
                ));
                return;
            }
        };
        let task = runtime.spawn(future);
        let abort = task.abort_handle();
        let (tx, reports) = channel();
        let shown = target.clone();
        let notify = self.notify.clone();
        std::thread::spawn(move || {
            let report = runtime.block_on(task).unwrap_or_else(|_| {
                Report::refused(
                    "live-check",
                    shown,
                    Finding::new(Problem::Cancelled, ("cancelled", "已取消"), "start"),
                )
            });
            let _ = tx.send(report);
            if let Some(notify) = notify {
                notify();
            }
            // Dropping the runtime here ends what is left of the request.
        });
        self.running = Some(Running {
            reports,
            abort,
            started: Instant::now(),
            target,
        });
    }

    /// Aborts a running check; the screen goes back to the input at once.
    pub fn cancel(&mut self) {
        if let Some(r) = self.running.take() {
            r.abort.abort();
        }
    }

    /// Takes the report if the check has finished; true when something changed.
    pub fn poll(&mut self) -> bool {
        let Some(r) = &self.running else { return false };
        match r.reports.try_recv() {
            Ok(report) => {
                self.report = Some(report);
                self.running = None;
                true
            }
            Err(TryRecvError::Empty) => false,
            Err(TryRecvError::Disconnected) => {
                self.running = None;
                true
            }
        }
    }
}

impl Drop for CheckState {
    fn drop(&mut self) {
        self.cancel();
    }
}
