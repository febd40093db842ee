//! Validating a lead destination the way Partner Center's **Validate** button does: in stages,
//! stopping at the first failure.
//!
//! 1. [`Stage::Fields`]: Partner Center's own field rules, offline (nothing is sent);
//! 2. [`Stage::Probe`]: network probes that send no secret (DNS, TLS, sign-in challenges);
//! 3. [`Stage::Read`]: read-only calls with the credentials (a token, who am I, privileges);
//! 4. [`Stage::Write`]: the write Validate itself does (a test lead), only when the user asked
//!    for it (`--send-test-lead`, confirmed on a terminal).
//!
//! This module is the model and holds no network code (no tokio or reqwest types): the checks
//! live in `destinations/`, the command in `cli_validate.rs`, the text and JSON renderers in
//! [`render`].
//!
//! # How a destination plugs in
//!
//! A destination's check is an async function in `destinations/` that fills a [`Validation`]
//! stage by stage and returns it:
//!
//! ```
//! use leadwiz::validate::{Stage, Validation, Finding};
//! use leadwiz::validate::Problem;
//!
//! let mut v = Validation::new("example", "https://leads.example", false);
//! v.begin(Stage::Fields);
//! v.push(Finding::pass(("the URL is https", "URL 使用 https"), "https://leads.example"));
//! if !v.stopped() {
//!     v.begin(Stage::Probe);
//!     v.push(Finding::fail(
//!         Problem::Dns,
//!         ("the host name resolves", "主机名可以解析"),
//!         ("it does not", "无法解析"),
//!         "dest-https",
//!     ));
//! }
//! let v = v.finish(); // the stages not reached are "not run"; the write is "skipped"
//! assert!(!v.accepts_leads());
//! ```
//!
//! The rules a check follows:
//! - Begin each stage with [`Validation::begin`], in order; after a failing finding
//!   ([`Validation::stopped`]) begin no other stage. A stage the destination has nothing for
//!   can be left out: [`Validation::finish`] marks it skipped.
//! - Begin [`Stage::Write`] only when [`Validation::write_requested`]: the command asks for the
//!   confirmation before the check runs.
//! - Every failure names the guide node that fixes it (a test checks that every node a check
//!   links to exists), the Partner Center message it would cause ([`PartnerCenter`]: quoted
//!   exactly where the FAQ has it, from [`partner_center`]) and the service's trace id
//!   ([`Trace`]) when the service sent one.
//! - No secret goes into a finding: not the client secret, the password, a token, nor a
//!   response that may echo one. The renderers mask what slips through anyway (the one masking
//!   pass, `redact::secrets`, and the exact secret values the command read).
//! - Match a service's answer on its codes (AADSTS numbers, Dataverse `0x8004…` codes, REST
//!   error codes), never on its wording.
//! - A check with nothing new to say at a stage may still [`Finding::pass`] what it confirmed:
//!   the report reads as the list of what was checked.

pub mod fields;
pub mod partner_center;
pub mod problem;
pub mod render;

use serde::Serialize;

use crate::guide::Lang;

pub use partner_center::PartnerCenter;
pub use problem::{Msg, Problem};

/// The stages of a validation, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Partner Center's field rules, offline.
    Fields,
    /// Probes that send no secret.
    Probe,
    /// Read-only calls with the credentials.
    Read,
    /// The write Validate does: one test lead.
    Write,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::Fields, Stage::Probe, Stage::Read, Stage::Write];

    /// The stage's name, in English or Simplified Chinese.
    pub fn title(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            Stage::Fields => (
                "Partner Center's field rules (offline)",
                "合作伙伴中心的字段规则（离线）",
            ),
            Stage::Probe => ("probes that send no secret", "不发送机密的探测"),
            Stage::Read => ("read-only calls with the credentials", "使用凭据的只读调用"),
            Stage::Write => ("the test lead Validate sends", "“验证”发送的测试潜在顾客"),
        };
        lang.pick(en, zh)
    }
}

/// How a stage ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StageStatus {
    Passed,
    Failed,
    /// An earlier stage failed.
    NotRun,
    /// Not asked for (the write without `--send-test-lead`), or nothing to check there.
    Skipped,
}

/// What a finding says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Checked and fine.
    Pass,
    /// Worth knowing; the run goes on.
    Note,
    /// Partner Center would fail here; the run stops.
    Fail,
    /// The check could not tell (the run stops: what follows needs this step).
    Inconclusive,
}

/// The overall answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Every stage that ran passed: the destination would accept leads.
    Accepts,
    /// A stage failed: Partner Center's Validate would fail too.
    Rejects,
    /// A step could not tell.
    Unknown,
}

/// The ids a service gives an answer, which its support asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Trace {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<String>,
    /// A request id (`x-ms-request-id`, `REQ_ID`, Marketo's `requestId`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
}

impl Trace {
    pub fn is_empty(&self) -> bool {
        self.trace_id.is_none()
            && self.correlation_id.is_none()
            && self.request_id.is_none()
            && self.timestamp.is_none()
    }
}

/// One thing checked, and what was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub level: Level,
    /// What was checked ("the Directory ID is a GUID").
    pub check: Msg,
    /// What was found.
    pub detail: Msg,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
    /// The guide node that fixes it (failures), or says more (notes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<&'static str>,
    /// The message Partner Center would show for this failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_center: Option<PartnerCenter>,
    /// The service's error code (`AADSTS90002`, `0x80040220`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Trace::is_empty")]
    pub trace: Trace,
    /// The HTTP status of the answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elapsed_ms: Option<u64>,
    /// The start of the answer, sanitised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
}

impl Finding {
    fn new(level: Level, check: impl Into<Msg>, detail: impl Into<Msg>) -> Self {
        Finding {
            level,
            check: check.into(),
            detail: detail.into(),
            problem: None,
            node: None,
            partner_center: None,
            code: None,
            trace: Trace::default(),
            status: None,
            elapsed_ms: None,
            excerpt: None,
        }
    }

    /// A check that passed.
    pub fn pass(check: impl Into<Msg>, detail: impl Into<Msg>) -> Self {
        Finding::new(Level::Pass, check, detail)
    }

    /// Something worth knowing that does not stop the run.
    pub fn note(check: impl Into<Msg>, detail: impl Into<Msg>) -> Self {
        Finding::new(Level::Note, check, detail)
    }

    /// A failure: Partner Center would fail here; `node` fixes it.
    pub fn fail(
        problem: Problem,
        check: impl Into<Msg>,
        detail: impl Into<Msg>,
        node: &'static str,
    ) -> Self {
        let mut f = Finding::new(Level::Fail, check, detail);
        f.problem = Some(problem);
        f.node = Some(node);
        f
    }

    /// A step that could not tell; the run stops.
    pub fn inconclusive(check: impl Into<Msg>, detail: impl Into<Msg>, node: &'static str) -> Self {
        let mut f = Finding::new(Level::Inconclusive, check, detail);
        f.node = Some(node);
        f
    }

    pub fn with_node(mut self, node: &'static str) -> Self {
        self.node = Some(node);
        self
    }

    pub fn with_partner_center(mut self, pc: PartnerCenter) -> Self {
        self.partner_center = Some(pc);
        self
    }

    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    pub fn with_trace(mut self, trace: Trace) -> Self {
        self.trace = trace;
        self
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    pub fn with_elapsed(mut self, ms: u64) -> Self {
        self.elapsed_ms = Some(ms);
        self
    }

    pub fn with_excerpt(mut self, excerpt: Option<String>) -> Self {
        self.excerpt = excerpt;
        self
    }

    /// Whether the run stops after this finding.
    pub fn stops(&self) -> bool {
        matches!(self.level, Level::Fail | Level::Inconclusive)
    }
}

/// One stage and its findings.
#[derive(Debug, Clone, Serialize)]
pub struct StageReport {
    pub stage: Stage,
    pub status: StageStatus,
    pub findings: Vec<Finding>,
    /// Why a stage was skipped or not run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Msg>,
}

/// The validation of one destination.
#[derive(Debug, Clone, Serialize)]
pub struct Validation {
    /// `https`, `azure-table`, `dynamics`, …
    pub destination: &'static str,
    /// What was validated, secrets masked.
    pub target: Msg,
    pub verdict: Verdict,
    /// One line saying what happened.
    pub summary: Msg,
    pub stages: Vec<StageReport>,
    /// The node to read next: the first failure's, or what to do after a success.
    pub remediation: Option<&'static str>,
    /// Things worth knowing about the whole run.
    pub notes: Vec<Msg>,
    pub elapsed_ms: u64,
    /// Destination-specific data (the payload sent, the lead created).
    #[serde(skip_serializing_if = "serde_json::Value::is_null")]
    pub data: serde_json::Value,
    #[serde(skip)]
    write_requested: bool,
    /// The node to read after a success (set by the check).
    #[serde(skip)]
    next: Option<&'static str>,
}

impl Validation {
    /// A validation of `destination`; `write_requested` says whether the user asked for the
    /// test lead (and confirmed it).
    pub fn new(destination: &'static str, target: impl Into<Msg>, write_requested: bool) -> Self {
        Validation {
            destination,
            target: target.into(),
            verdict: Verdict::Accepts,
            summary: Msg::default(),
            stages: Vec::new(),
            remediation: None,
            notes: Vec::new(),
            elapsed_ms: 0,
            data: serde_json::Value::Null,
            write_requested,
            next: None,
        }
    }

    /// Whether the user asked for the write stage.
    pub fn write_requested(&self) -> bool {
        self.write_requested
    }

    /// Starts `stage`. Stages run in order; one that stopped the run ends it.
    pub fn begin(&mut self, stage: Stage) {
        debug_assert!(!self.stopped(), "no stage begins after a failure");
        debug_assert!(
            self.stages.last().is_none_or(|s| s.stage < stage),
            "stages run in order"
        );
        debug_assert!(
            stage != Stage::Write || self.write_requested,
            "the write runs only when asked for"
        );
        self.stages.push(StageReport {
            stage,
            status: StageStatus::Passed,
            findings: Vec::new(),
            reason: None,
        });
    }

    /// Adds a finding to the current stage (a failing one fails the stage and stops the run).
    pub fn push(&mut self, finding: Finding) {
        let Some(current) = self.stages.last_mut() else {
            debug_assert!(false, "a finding belongs to a stage: begin one first");
            return;
        };
        if finding.stops() {
            current.status = StageStatus::Failed;
            if self.remediation.is_none() {
                self.remediation = finding.node;
            }
            if self.verdict == Verdict::Accepts {
                self.verdict = match finding.level {
                    Level::Inconclusive => Verdict::Unknown,
                    _ => Verdict::Rejects,
                };
            }
        }
        current.findings.push(finding);
    }

    /// Whether a finding stopped the run.
    pub fn stopped(&self) -> bool {
        self.verdict != Verdict::Accepts
    }

    /// The node to read when every stage passes.
    pub fn on_success(&mut self, node: &'static str) {
        self.next = Some(node);
    }

    /// The first finding that stopped the run.
    pub fn failure(&self) -> Option<&Finding> {
        self.stages
            .iter()
            .flat_map(|s| &s.findings)
            .find(|f| f.stops())
    }

    /// Whether the destination would accept leads (every stage that ran passed).
    pub fn accepts_leads(&self) -> bool {
        self.verdict == Verdict::Accepts
    }

    /// Ends the run: stages not reached are recorded as not run (after a failure) or skipped
    /// (the write without `--send-test-lead`, or a stage this destination has nothing for);
    /// the summary says what happened.
    pub fn finish(mut self) -> Self {
        let failed_at = self
            .stages
            .iter()
            .find(|s| s.status == StageStatus::Failed)
            .map(|s| s.stage);
        for stage in Stage::ALL {
            if self.stages.iter().any(|s| s.stage == stage) {
                continue;
            }
            let (status, reason): (StageStatus, Msg) = match failed_at {
                Some(at) if stage > at => (
                    StageStatus::NotRun,
                    ("an earlier stage failed", "前面的阶段失败了").into(),
                ),
                _ if stage == Stage::Write && !self.write_requested => (
                    StageStatus::Skipped,
                    (
                        "not asked for: add --send-test-lead to send the test lead Partner Center's Validate sends",
                        "未要求：添加 --send-test-lead 以发送合作伙伴中心“验证”所发送的测试潜在顾客",
                    )
                        .into(),
                ),
                _ => (
                    StageStatus::Skipped,
                    (
                        "nothing to check at this stage for this destination",
                        "此目标在此阶段没有可检查的内容",
                    )
                        .into(),
                ),
            };
            self.stages.push(StageReport {
                stage,
                status,
                findings: Vec::new(),
                reason: Some(reason),
            });
        }
        self.stages.sort_by_key(|s| s.stage);
        if self.summary.is_empty() {
            self.summary = match (self.verdict, self.failure()) {
                (Verdict::Accepts, _) => {
                    if self
                        .stages
                        .iter()
                        .any(|s| s.stage == Stage::Write && s.status == StageStatus::Passed)
                    {
                        (
                            "the destination accepted the test lead: Partner Center's Validate should pass",
                            "目标已接受测试潜在顾客：合作伙伴中心的“验证”应当会通过",
                        )
                            .into()
                    } else {
                        (
                            "every check passed: the destination should accept leads (add --send-test-lead to prove it with a test lead)",
                            "所有检查均通过：目标应当能接受潜在顾客（添加 --send-test-lead 可用测试潜在顾客加以证实）",
                        )
                            .into()
                    }
                }
                // What was checked, and what went wrong with it.
                (_, Some(f)) => match f.problem {
                    Some(p) => (
                        format!("{} — {}", f.check.en, p.title(Lang::En)),
                        format!("{} — {}", f.check.get(Lang::ZhCn), p.title(Lang::ZhCn)),
                    )
                        .into(),
                    None => f.check.clone(),
                },
                (_, None) => ("the run stopped", "运行已停止").into(),
            };
        }
        if self.verdict == Verdict::Accepts && self.remediation.is_none() {
            self.remediation = self.next;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failing() -> Finding {
        Finding::fail(Problem::Dns, "resolves", "does not", "dest-https")
    }

    #[test]
    fn the_run_stops_at_the_first_failure_and_later_stages_are_not_run() {
        let mut v = Validation::new("x", "t", true);
        v.begin(Stage::Fields);
        v.push(Finding::pass("a", "b"));
        v.begin(Stage::Probe);
        v.push(Finding::note("n", "m"));
        v.push(failing());
        assert!(v.stopped());
        let v = v.finish();
        assert_eq!(v.verdict, Verdict::Rejects);
        assert_eq!(v.remediation, Some("dest-https"));
        let statuses: Vec<_> = v.stages.iter().map(|s| (s.stage, s.status)).collect();
        assert_eq!(
            statuses,
            [
                (Stage::Fields, StageStatus::Passed),
                (Stage::Probe, StageStatus::Failed),
                (Stage::Read, StageStatus::NotRun),
                (Stage::Write, StageStatus::NotRun),
            ]
        );
        assert_eq!(v.summary.en, "resolves — host name not found (DNS)");
    }

    #[test]
    fn the_write_is_skipped_unless_asked_for() {
        let mut v = Validation::new("x", "t", false);
        v.begin(Stage::Fields);
        v.push(Finding::pass("a", "b"));
        v.on_success("faq-find-test-lead");
        let v = v.finish();
        assert!(v.accepts_leads());
        assert_eq!(v.remediation, Some("faq-find-test-lead"));
        let write = v.stages.iter().find(|s| s.stage == Stage::Write).unwrap();
        assert_eq!(write.status, StageStatus::Skipped);
        assert!(
            write
                .reason
                .as_ref()
                .unwrap()
                .en
                .contains("--send-test-lead")
        );
        assert!(v.summary.en.contains("add --send-test-lead"));
    }

    #[test]
    fn an_inconclusive_step_is_no_acceptance() {
        let mut v = Validation::new("x", "t", false);
        v.begin(Stage::Read);
        v.push(Finding::inconclusive(
            "consent",
            "unknown",
            "entra-consent-missing",
        ));
        let v = v.finish();
        assert_eq!(v.verdict, Verdict::Unknown);
        assert!(!v.accepts_leads());
        assert_eq!(v.remediation, Some("entra-consent-missing"));
    }
}
