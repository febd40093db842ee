//! "Test my destination" in the wizard: pick the destination, fill in its form (the fields of
//! its `leadwiz validate` flags, secrets masked), confirm the test lead when it is ticked, run
//! the staged check on a tokio runtime on a background thread, and read the result with a link
//! to its remediation. The screen never waits on the network: the result arrives as a message,
//! and Esc aborts the check. Esc on the result returns to the form, still filled in.

use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::{Modifier, Style};
use tui_textarea::TextArea;

use super::action::Action;
use crate::destinations::live_form::{self, Form, Invalid, SECRET_VARS};
use crate::guide::LiveCheck;
use crate::validate::Validation;

pub use crate::destinations::live::{CONNECTION_VAR, KINDS};

/// A variable's value in the environment the check reads (the process's, or a test's).
fn lookup(env: &[(&'static str, String)], var: &str) -> Option<String> {
    env.iter()
        .find(|(v, _)| *v == var)
        .map(|(_, value)| value.clone())
}

/// Where the check screen is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Choosing the destination.
    Choose,
    /// Filling in the destination's form.
    Input,
    /// Asking whether to send the test lead.
    Confirm,
    /// The check runs.
    Running,
    /// The result is shown.
    Done,
}

/// Called (from the check's thread) when a result is ready, so the wizard's event loop wakes
/// up for it.
pub type Notify = std::sync::Arc<dyn Fn() + Send + Sync>;

/// A check ready to run: `update` asks the terminal loop to start it (`Effect::RunCheck`),
/// which runs it on a thread of its own. Its report comes back through the channel the check
/// screen reads; dropped unstarted, the check screen finds no report and goes back to the form.
pub struct Job {
    runtime: tokio::runtime::Runtime,
    task: tokio::task::JoinHandle<Validation>,
    results: std::sync::mpsc::Sender<Validation>,
}

impl Job {
    /// Runs the check on a thread of its own; `notify` is called when its report is ready.
    pub fn spawn(self, notify: Option<Notify>) {
        let Job {
            runtime,
            task,
            results,
        } = self;
        std::thread::spawn(move || {
            // Aborted: nothing to send; the screen went back to the form already.
            if let Ok(v) = runtime.block_on(task) {
                let _ = results.send(v);
            }
            if let Some(notify) = notify {
                notify();
            }
            // Dropping the runtime here ends what is left of the request.
        });
    }
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Job")
    }
}

/// A job is only ever the same as itself: no two checks are one.
impl PartialEq for Job {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for Job {}

/// A check running on its own thread.
pub struct Running {
    results: Receiver<Validation>,
    abort: tokio::task::AbortHandle,
    pub started: Instant,
    pub target: String,
    secrets: Vec<String>,
    /// The test lead was ticked but the answer to the question was no.
    declined: bool,
}

/// A finished check, with the secret values it ran with (to mask what it shows).
pub struct Outcome {
    pub validation: Validation,
    pub secrets: Vec<String>,
}

/// One row of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// How Partner Center signs in to Dynamics 365 (an application or a user).
    SignIn,
    Field(usize),
    /// The test-lead tick box.
    Send,
}

/// A destination's form as filled in so far.
pub struct FormState {
    pub form: Form,
    pub fields: Vec<TextArea<'static>>,
    /// The row with the focus (an index into `rows()`).
    pub focus: usize,
    /// Whether the test lead is ticked.
    pub send: bool,
    /// The field the form cannot run with, and why.
    pub error: Option<Invalid>,
}

impl FormState {
    pub fn new(form: Form) -> Self {
        let fields = form
            .fields()
            .iter()
            .map(|f| {
                let mut area = TextArea::default();
                if f.secret_var.is_some() {
                    area.set_mask_char('•');
                }
                area.insert_str(f.default);
                area
            })
            .collect();
        let mut state = FormState {
            form,
            fields,
            focus: 0,
            send: false,
            error: None,
        };
        // The first text field has the focus.
        state.focus = state
            .rows()
            .iter()
            .position(|r| matches!(r, Row::Field(_)))
            .unwrap_or(0);
        state.show_cursor();
        state
    }

    pub fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        if matches!(self.form, Form::DynamicsApp | Form::DynamicsUser) {
            rows.push(Row::SignIn);
        }
        rows.extend((0..self.fields.len()).map(Row::Field));
        rows.push(Row::Send);
        rows
    }

    pub fn focused(&self) -> Row {
        let rows = self.rows();
        rows[self.focus.min(rows.len() - 1)]
    }

    /// The text of each field.
    pub fn values(&self) -> Vec<String> {
        self.fields.iter().map(|f| f.lines().join("")).collect()
    }

    /// Moves the focus by one row (wrapping around).
    pub fn move_focus(&mut self, down: bool) {
        let n = self.rows().len();
        self.focus = if down {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
        self.show_cursor();
    }

    /// Only the focused field shows its cursor (a cursor means: what you type goes here).
    fn show_cursor(&mut self) {
        let focused = self.focused();
        for (i, f) in self.fields.iter_mut().enumerate() {
            let style = if focused == Row::Field(i) {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            f.set_cursor_style(style);
            f.set_cursor_line_style(Style::default());
        }
    }

    /// Switches between the Entra ID application and the Office 365 user (Dynamics 365),
    /// keeping the fields both have; no secret moves from one to the other.
    pub fn switch_sign_in(&mut self) {
        let other = self.form.other_sign_in();
        if other == self.form {
            return;
        }
        let old: Vec<(&'static str, bool, String)> = self
            .form
            .fields()
            .iter()
            .zip(self.values())
            .map(|(f, v)| (f.key, f.secret_var.is_some(), v))
            .collect();
        let send = self.send;
        *self = FormState::new(other);
        self.send = send;
        for (i, f) in other.fields().iter().enumerate() {
            if let Some((_, _, v)) = old
                .iter()
                .find(|(key, secret, _)| *key == f.key && !secret && f.secret_var.is_none())
            {
                self.fields[i] = TextArea::default();
                self.fields[i].insert_str(v);
            }
        }
        self.focus = 0;
        self.show_cursor();
    }

    /// Types pasted text into the focused field, on one line, without control characters.
    pub fn insert(&mut self, text: &str) {
        if let Row::Field(i) = self.focused() {
            let clean: String = text
                .chars()
                .filter(|c| !c.is_control())
                .take(8192)
                .collect();
            self.fields[i].insert_str(clean.trim());
            self.error = None;
        }
    }
}

pub struct CheckState {
    /// What the node offered (`Any`: the user chooses).
    pub offered: LiveCheck,
    /// The page the check was opened from (it picks the Dynamics 365 sign-in).
    pub page: String,
    pub choice: usize,
    pub form: Option<FormState>,
    /// The question before the test lead: what it goes to.
    pub confirming: Option<String>,
    pub running: Option<Running>,
    pub result: Option<Outcome>,
    /// Rows scrolled down in the result (`None`: the first failure in view, as it opens).
    pub scroll: Option<u16>,
    /// The environment's secrets (for tests: values instead of the environment).
    pub env: Vec<(&'static str, String)>,
    pub timeout: Duration,
    /// The check just started, for the terminal loop to run.
    job: Option<Job>,
}

/// What the wizard does after a key on the check screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum After {
    Stay,
    /// Leave the check screen.
    Leave,
    /// Open this node.
    Open(&'static str),
    /// Back to the start of the guide.
    Home,
}

impl CheckState {
    /// The check offered on the page `page`, with the environment's secrets.
    pub fn new(offered: LiveCheck, page: &str) -> Self {
        let env = SECRET_VARS
            .iter()
            .filter_map(|var| std::env::var(var).ok().map(|v| (*var, v)))
            .collect();
        Self::with_env(offered, page, env)
    }

    /// A check whose environment variables are `env` rather than the environment's.
    pub fn with_env(offered: LiveCheck, page: &str, env: Vec<(&'static str, String)>) -> Self {
        let mut state = CheckState {
            offered,
            page: page.to_owned(),
            choice: 0,
            form: None,
            confirming: None,
            running: None,
            result: None,
            scroll: None,
            env: env
                .into_iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .collect(),
            timeout: crate::destinations::DEFAULT_TIMEOUT,
            job: None,
        };
        if offered != LiveCheck::Any {
            state.choose(offered);
        }
        state
    }

    /// Picks the destination to test: its form starts empty (a secret typed for one
    /// destination never shows in another's field).
    pub fn choose(&mut self, kind: LiveCheck) {
        if let Some(i) = KINDS.iter().position(|k| *k == kind) {
            self.choice = i;
        }
        self.form = Form::for_page(kind, &self.page).map(FormState::new);
    }

    /// The environment variable's value, if set.
    pub fn env_value(&self, var: &str) -> Option<String> {
        lookup(&self.env, var)
    }

    pub fn stage(&self) -> Stage {
        if self.running.is_some() {
            Stage::Running
        } else if self.result.is_some() {
            Stage::Done
        } else if self.confirming.is_some() {
            Stage::Confirm
        } else if self.form.is_some() {
            Stage::Input
        } else {
            Stage::Choose
        }
    }

    /// Whether an action does something at the current stage (for the footer and the help:
    /// digits choose only a destination, Enter opens only a fix, Tab moves only in a form).
    pub fn acts(&self, action: Action) -> bool {
        use Action::*;
        match (self.stage(), action) {
            (_, Quit | ToggleHelp | TogglePresenter) => true,
            (Stage::Running, a) => a == Back,
            (Stage::Choose, Number(_) | Select | Up | Down | Back | Home) => true,
            (Stage::Choose, _) => false,
            (Stage::Done, Select) => self
                .result
                .as_ref()
                .is_some_and(|r| r.validation.remediation.is_some()),
            (Stage::Done, Number(_)) => false,
            // The question takes y, n, Enter and Esc only.
            (Stage::Confirm, NextFocus | Up | Down) => false,
            _ => true,
        }
    }

    /// Whether the current stage reads keys as text (the form, the question).
    pub fn typing(&self) -> bool {
        matches!(self.stage(), Stage::Input | Stage::Confirm)
    }

    /// Pasted text for the focused field.
    pub fn insert(&mut self, text: &str) {
        if self.stage() == Stage::Input
            && let Some(form) = self.form.as_mut()
        {
            form.insert(text);
        }
    }

    /// A key the keymap left to the form: typing into the focused field, Space or ←/→ on the
    /// sign-in and the tick box, y or n to the question. True when something changed.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        if self.stage() == Stage::Confirm {
            return match key.code {
                KeyCode::Char('y' | 'Y' | '是') => {
                    self.start(true, false);
                    true
                }
                KeyCode::Char('n' | 'N' | '否') => {
                    self.start(false, true);
                    true
                }
                _ => false,
            };
        }
        let Some(form) = self.form.as_mut() else {
            return false;
        };
        match form.focused() {
            Row::SignIn => match key.code {
                KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right => {
                    form.switch_sign_in();
                    true
                }
                _ => false,
            },
            Row::Send => match key.code {
                KeyCode::Char(' ' | 'x' | 'X') | KeyCode::Left | KeyCode::Right => {
                    form.send = !form.send;
                    true
                }
                _ => false,
            },
            Row::Field(i) => {
                if !form.fields[i].input(key) {
                    return false;
                }
                // A one-line field: a newline never stays in it.
                if form.fields[i].lines().len() > 1 {
                    let text = form.fields[i].lines().join("");
                    let mut area = TextArea::default();
                    if form.form.fields()[i].secret_var.is_some() {
                        area.set_mask_char('•');
                    }
                    area.insert_str(text);
                    form.fields[i] = area;
                    form.show_cursor();
                }
                form.error = None;
                true
            }
        }
    }

    /// What an action does on the check screen; `shown` is the result's rows scrolled and the
    /// most it can scroll, as last drawn.
    pub fn update(&mut self, action: Action, shown: (u16, u16)) -> After {
        match (self.stage(), action) {
            (Stage::Running, Action::Back) => self.cancel(),
            (Stage::Running, _) => {}
            (Stage::Choose, Action::Up) => self.choice = self.choice.saturating_sub(1),
            (Stage::Choose, Action::Down) => self.choice = (self.choice + 1).min(KINDS.len() - 1),
            (Stage::Choose, Action::Number(n)) if (1..=KINDS.len()).contains(&usize::from(n)) => {
                self.choose(KINDS[usize::from(n) - 1]);
            }
            (Stage::Choose, Action::Select) => self.choose(KINDS[self.choice]),
            (Stage::Input, Action::Up | Action::Down | Action::NextFocus) => {
                if let Some(form) = self.form.as_mut() {
                    form.move_focus(action != Action::Up);
                }
            }
            (Stage::Input, Action::RunCheck | Action::Select) => self.submit(),
            (Stage::Input, Action::Back) if self.offered == LiveCheck::Any => self.form = None,
            (Stage::Input, Action::Back) => return After::Leave,
            // Enter is the question's default answer: no test lead.
            (Stage::Confirm, Action::RunCheck | Action::Select) => self.start(false, true),
            (Stage::Confirm, Action::Back) => self.confirming = None,
            (Stage::Done, Action::Select) => {
                if let Some(id) = self.result.as_ref().and_then(|r| r.validation.remediation) {
                    return After::Open(id);
                }
            }
            (Stage::Done, Action::RunCheck) => {
                self.result = None;
                self.submit();
            }
            // Back to the form, still filled in, to fix a field and run again.
            (Stage::Done, Action::Back) => self.result = None,
            (Stage::Done, Action::Up | Action::PageUp | Action::Down | Action::PageDown) => {
                let by = if matches!(action, Action::Up | Action::Down) {
                    1
                } else {
                    10
                };
                let (at, max) = shown;
                self.scroll = Some(if matches!(action, Action::Up | Action::PageUp) {
                    at.saturating_sub(by)
                } else {
                    at.saturating_add(by).min(max)
                });
            }
            (Stage::Done, Action::Top) => self.scroll = Some(0),
            (Stage::Done, Action::Bottom) => self.scroll = Some(shown.1),
            (_, Action::Back) => return After::Leave,
            (_, Action::Home) => return After::Home,
            _ => {}
        }
        After::Stay
    }

    /// Checks the form and runs it, asking first when the test lead is ticked.
    pub fn submit(&mut self) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        let env = |var: &str| lookup(&self.env, var);
        match live_form::prepare(form.form, &form.values(), &env, false, self.timeout) {
            Err(invalid) => {
                let rows = form.rows();
                form.focus = rows
                    .iter()
                    .position(|r| *r == Row::Field(invalid.field))
                    .unwrap_or(0);
                form.show_cursor();
                form.error = Some(invalid);
            }
            Ok(prepared) if form.send => self.confirming = Some(prepared.target),
            Ok(_) => self.start(false, false),
        }
    }

    /// Starts the check (`send`: with the test lead; `declined`: it was ticked and the answer
    /// was no): the job waits for the terminal loop to run it in the background.
    fn start(&mut self, send: bool, declined: bool) {
        self.confirming = None;
        self.scroll = None;
        let Some(form) = self.form.as_mut() else {
            return;
        };
        let env = |var: &str| lookup(&self.env, var);
        let prepared = match live_form::prepare(form.form, &form.values(), &env, send, self.timeout)
        {
            Ok(p) => p,
            Err(invalid) => {
                form.error = Some(invalid);
                return;
            }
        };
        let runtime = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(r) => r,
            Err(e) => {
                form.error = Some(Invalid {
                    field: 0,
                    message: (
                        format!("cannot start the check: {e}"),
                        format!("无法开始检查：{e}"),
                    )
                        .into(),
                });
                return;
            }
        };
        // A runtime on the current thread runs nothing until the job's thread drives it.
        let task = runtime.spawn(prepared.check);
        let abort = task.abort_handle();
        let (tx, results) = channel();
        self.job = Some(Job {
            runtime,
            task,
            results: tx,
        });
        self.running = Some(Running {
            results,
            abort,
            started: Instant::now(),
            target: prepared.target,
            secrets: prepared.secrets,
            declined,
        });
    }

    /// The check just started, for the terminal loop to run (once).
    pub fn take_job(&mut self) -> Option<Job> {
        self.job.take()
    }

    /// Aborts a running check; the screen goes back to the form at once.
    pub fn cancel(&mut self) {
        if let Some(r) = self.running.take() {
            r.abort.abort();
        }
    }

    /// Takes the result if the check has finished; true when something changed.
    pub fn poll(&mut self) -> bool {
        let Some(r) = &self.running else { return false };
        match r.results.try_recv() {
            Ok(mut validation) => {
                let r = self.running.take().expect("running");
                if r.declined {
                    validation.notes.push(
                        (
                            "the test lead was not sent: the answer to the question was no",
                            "未发送测试潜在顾客：对确认问题的回答是否",
                        )
                            .into(),
                    );
                }
                self.result = Some(Outcome {
                    validation,
                    secrets: r.secrets,
                });
                true
            }
            Err(TryRecvError::Empty) => false,
            Err(TryRecvError::Disconnected) => {
                self.running = None;
                true
            }
        }
    }

    /// The session's record of the result, secrets masked.
    pub fn event(&self, lang: crate::guide::Lang) -> Option<crate::session::Event> {
        self.result
            .as_ref()
            .map(|r| r.validation.event(lang, &r.secrets))
    }
}

impl Drop for CheckState {
    fn drop(&mut self) {
        self.cancel();
    }
}
