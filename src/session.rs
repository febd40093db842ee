//! A session: everything the user did, as an append-only list of events. Where the user is, the
//! breadcrumb, going back, restarting, ticked steps and the outcome all derive from it, so every
//! front-end (wizard, plain mode) and the transcript agree. No UI or async imports.

use crate::guide::Guide;
use crate::guide::Lang;

/// How the user reached a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// The session began here (the start node, or a `--goto` deep link).
    Start,
    /// The `index`-th choice of the previous node.
    Choice(usize),
    /// A related node of the previous one.
    Related,
    /// "Did this fix it?" answered yes or no.
    FollowUp { fixed: bool },
    /// Search, or a deep link opened during the session.
    Jump,
    /// Filled in by a `--goto` deep link rather than chosen: the `index`-th choice of the
    /// previous node, or (`None`) opened directly because no choice leads there.
    Linked(Option<usize>),
    /// The best match of a pasted error.
    Diagnosis,
}

/// One thing the user did.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Opened a node.
    Enter { node: String, via: Via },
    /// Went back one node.
    Back,
    /// Went back to the start.
    Restart,
    /// Ticked or unticked step `step` (0-based) of a node.
    Tick {
        node: String,
        step: usize,
        done: bool,
    },
    /// Pasted an error and got a verdict.
    Pasted {
        text: String,
        status: crate::diagnose::Status,
        best: Option<String>,
        evidence: Vec<String>,
    },
    /// Switched language.
    Language(crate::guide::Lang),
    /// Searched the topics: the words typed (as typed) and how many topics matched them.
    Searched { query: String, results: usize },
    /// Went back or forward in the history of places: the whole path of the place returned to
    /// (one event, where a restart and a replay of the path would read as noise).
    Returned { path: Vec<(String, Via)> },
    /// Ran a live check of the destination ("Test my destination").
    LiveCheck {
        check: String,
        /// What was checked, secrets already masked.
        target: String,
        ok: bool,
        summary: String,
        remediation: Option<String>,
    },
}

/// A destination check as the session records it: the check knows nothing of sessions.
impl crate::destinations::Report {
    /// The session's record of this check, in `lang` (the target is already masked).
    pub fn event(&self, lang: Lang) -> Event {
        Event::LiveCheck {
            check: self.check.to_owned(),
            target: self.target.get(lang).to_owned(),
            ok: self.ok,
            summary: self.summary.get(lang).to_owned(),
            remediation: self.remediation.map(str::to_owned),
        }
    }
}

/// A validation as the session records it, masked with the secret values it was run with.
impl crate::validate::Validation {
    /// The session's record of this validation, in `lang`; `secrets` are the values used.
    pub fn event(&self, lang: Lang, secrets: &[String]) -> Event {
        let mask = |s: &str| crate::validate::render::mask(s, secrets);
        Event::LiveCheck {
            check: self.destination.to_owned(),
            target: mask(self.target.get(lang)),
            ok: self.accepts_leads(),
            summary: mask(self.summary.get(lang)),
            remediation: self.remediation.map(str::to_owned),
        }
    }
}

impl Event {
    /// A paste and the verdict on it (the evidence of the best candidate).
    pub fn pasted(text: impl Into<String>, d: &crate::diagnose::Diagnosis) -> Self {
        Event::Pasted {
            text: text.into(),
            status: d.status,
            best: d.best.clone(),
            evidence: d
                .candidates
                .first()
                .map(|c| c.evidence.clone())
                .unwrap_or_default(),
        }
    }
}

/// How the session ended, for the transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The user answered "yes, this fixed it".
    Fixed,
    /// The user reached the escalation node (a support ticket).
    Escalated,
    /// Neither.
    Abandoned,
}

/// One problem the user worked on: from the first remediation (or pasted error) after the
/// previous problem was settled, to the answer that settled it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub outcome: Outcome,
    /// The remediations and known errors opened while working on it, in the order first seen.
    pub tried: Vec<String>,
    /// Where it was settled: the page whose "Did this fix it?" was answered (or, reached
    /// otherwise, the page before the success or escalation screen); `None` while open.
    pub settled_at: Option<String>,
}

/// Whether `id` is a page that remedies something (a remediation or a known error).
fn is_remediation(guide: &Guide, id: &str) -> bool {
    guide.node(id).is_some_and(|n| {
        matches!(
            n.kind,
            crate::guide::NodeKind::Answer | crate::guide::NodeKind::KnownError
        )
    })
}

/// The events of one session, and the node it began at.
#[derive(Debug, Clone)]
pub struct Session {
    start: String,
    events: Vec<Event>,
}

impl Session {
    /// A session beginning at the guide's start node.
    pub fn new(guide: &Guide) -> Self {
        let start = guide.meta.start.clone();
        Session {
            events: vec![Event::Enter {
                node: start.clone(),
                via: Via::Start,
            }],
            start,
        }
    }

    /// A session opened at `id` (a deep link) along the shortest path of choices from the
    /// start, so the breadcrumb and Back work as if the user had walked there; a node no choice
    /// leads to (such as the success screen) is opened directly after the start. `None` when no
    /// node has that id.
    pub fn walked_to(guide: &Guide, id: &str) -> Option<Self> {
        guide.node(id)?;
        let mut session = Session::new(guide);
        match guide.path_to(id) {
            Some(path) => {
                for pair in path.windows(2) {
                    let index = guide
                        .node(pair[0])
                        .and_then(|from| from.choices.iter().position(|c| c.next == pair[1]))
                        .unwrap_or(0);
                    session.enter(pair[1], Via::Linked(Some(index)));
                }
            }
            None => session.enter(id, Via::Linked(None)),
        }
        Some(session)
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    pub fn enter(&mut self, node: impl Into<String>, via: Via) {
        self.events.push(Event::Enter {
            node: node.into(),
            via,
        });
    }

    /// Goes back one node; false (and nothing recorded) at the first node.
    pub fn back(&mut self) -> bool {
        if self.path().len() <= 1 {
            return false;
        }
        self.events.push(Event::Back);
        true
    }

    pub fn restart(&mut self) {
        self.events.push(Event::Restart);
    }

    /// Toggles step `step` of the current node; returns whether it is now ticked.
    pub fn toggle_step(&mut self, step: usize) -> bool {
        let node = self.current().to_owned();
        let done = !self.is_ticked(&node, step);
        self.events.push(Event::Tick { node, step, done });
        done
    }

    pub fn record(&mut self, event: Event) {
        self.events.push(event);
    }

    /// The nodes from where the session (or its last restart) began to where the user is now,
    /// each with how it was reached.
    pub fn path(&self) -> Vec<(&str, &Via)> {
        let mut path: Vec<(&str, &Via)> = Vec::new();
        for event in &self.events {
            match event {
                Event::Enter { node, via } => path.push((node, via)),
                Event::Back if path.len() > 1 => {
                    path.pop();
                }
                Event::Restart => {
                    path.clear();
                    path.push((&self.start, &Via::Start));
                }
                Event::Returned { path: to } if !to.is_empty() => {
                    path = to.iter().map(|(n, v)| (n.as_str(), v)).collect();
                }
                _ => {}
            }
        }
        path
    }

    /// Goes to a place of the history (its whole path), as one event.
    pub fn return_to(&mut self, path: Vec<(String, Via)>) {
        if !path.is_empty() {
            self.events.push(Event::Returned { path });
        }
    }

    /// The node the user is on.
    pub fn current(&self) -> &str {
        self.path().last().map(|(n, _)| *n).unwrap_or(&self.start)
    }

    /// Whether step `step` of `node` is ticked.
    pub fn is_ticked(&self, node: &str, step: usize) -> bool {
        self.events
            .iter()
            .rev()
            .find_map(|e| match e {
                Event::Tick {
                    node: n,
                    step: s,
                    done,
                } if n == node && *s == step => Some(*done),
                _ => None,
            })
            .unwrap_or(false)
    }

    /// The ticked steps of `node`, in order.
    pub fn ticked(&self, node: &str, steps: usize) -> Vec<usize> {
        (0..steps).filter(|&s| self.is_ticked(node, s)).collect()
    }

    /// The breadcrumb: the label of each choice on the current path, in `lang` ("Not receiving
    /// leads › SaaS › Azure Table"). Steps reached otherwise show the node's title.
    pub fn breadcrumb(&self, guide: &Guide, lang: Lang) -> Vec<String> {
        let path = self.path();
        let mut crumbs = Vec::new();
        for (k, (node, via)) in path.iter().enumerate().skip(1) {
            let label = match via {
                Via::Choice(index) | Via::Linked(Some(index)) => guide
                    .node(path[k - 1].0)
                    .and_then(|prev| prev.choices.get(*index))
                    .map(|c| c.label.get(lang).to_owned()),
                _ => None,
            };
            let label = label.or_else(|| guide.node(node).map(|n| n.title.get(lang).to_owned()));
            crumbs.push(label.unwrap_or_else(|| (*node).to_owned()));
        }
        crumbs
    }

    /// The problems worked on, in order. A problem opens at the first remediation, known error
    /// or paste after the previous one was settled, and is settled "fixed" by a "yes, this
    /// fixed it" (or the success screen) and "escalated" by the escalation screen; the last one
    /// is "abandoned" when the session ended before it was settled. Reaching the same verdict
    /// again without working on anything in between (going back and forth) is not a new problem.
    pub fn problems(&self, guide: &Guide) -> Vec<Problem> {
        let mut done: Vec<Problem> = Vec::new();
        let mut open: Option<Problem> = None;
        let mut path: Vec<&str> = vec![&self.start];
        let fresh = || Problem {
            outcome: Outcome::Abandoned,
            tried: Vec::new(),
            settled_at: None,
        };
        for event in &self.events {
            match event {
                Event::Enter { node, via } => {
                    let before = path.last().copied();
                    path.push(node);
                    let fixed =
                        *via == (Via::FollowUp { fixed: true }) || *node == guide.meta.success;
                    let escalated = !fixed && *node == guide.meta.escalation;
                    if !(fixed || escalated) {
                        if is_remediation(guide, node) {
                            let p = open.get_or_insert_with(fresh);
                            if !p.tried.iter().any(|t| t == node) {
                                p.tried.push(node.clone());
                            }
                        }
                        continue;
                    }
                    let outcome = if fixed {
                        Outcome::Fixed
                    } else {
                        Outcome::Escalated
                    };
                    let page = before.filter(|b| is_remediation(guide, b));
                    // Nothing worked on since the last verdict: the same verdict reached again,
                    // or the user went back and changed the answer on a page of that problem.
                    if open.is_none()
                        && let Some(last) = done.last_mut()
                        && (last.outcome == outcome
                            || page.is_some_and(|b| last.tried.iter().any(|t| t == b)))
                    {
                        last.outcome = outcome;
                        if let Some(b) = page {
                            last.settled_at = Some(b.to_owned());
                        }
                        continue;
                    }
                    let mut p = open.take().unwrap_or_else(fresh);
                    p.outcome = outcome;
                    p.settled_at = page
                        .or(p.tried.last().map(String::as_str))
                        .map(str::to_owned);
                    done.push(p);
                }
                Event::Pasted { .. } => {
                    open.get_or_insert_with(fresh);
                }
                Event::Back if path.len() > 1 => {
                    path.pop();
                }
                Event::Restart => path.truncate(1),
                Event::Returned { path: to } => {
                    path = to.iter().map(|(n, _)| n.as_str()).collect();
                }
                _ => {}
            }
        }
        done.extend(open);
        done
    }

    /// How the session ended, judged by the last node that settles it: fixed when the user
    /// answered "yes, this fixed it" (or reached the success screen), escalated when the user
    /// reached the escalation node, abandoned otherwise.
    pub fn outcome(&self, guide: &Guide) -> Outcome {
        for event in self.events.iter().rev() {
            if let Event::Enter { node, via } = event {
                if *via == (Via::FollowUp { fixed: true }) || *node == guide.meta.success {
                    return Outcome::Fixed;
                }
                if *node == guide.meta.escalation {
                    return Outcome::Escalated;
                }
            }
        }
        Outcome::Abandoned
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::Sources;

    fn guide() -> Guide {
        Guide::load(&Sources::embedded()).guide.expect("loads")
    }

    #[test]
    fn path_back_and_restart_derive_from_the_events() {
        let g = guide();
        let mut s = Session::new(&g);
        assert_eq!(s.current(), "start");
        assert!(!s.back(), "nothing before the start");
        s.enter("missing-leads", Via::Choice(1));
        s.enter("missing-offer-saas", Via::Choice(0));
        s.enter("missing-azure-table", Via::Choice(4));
        assert_eq!(s.current(), "missing-azure-table");
        assert_eq!(
            s.breadcrumb(&g, Lang::En),
            [
                "I'm not receiving leads",
                "Software as a service (SaaS)",
                "Azure Table"
            ]
        );
        assert_eq!(s.breadcrumb(&g, Lang::ZhCn)[2], "Azure 表");
        assert!(s.back());
        assert_eq!(s.current(), "missing-offer-saas");
        s.restart();
        assert_eq!(s.current(), "start");
        assert!(s.breadcrumb(&g, Lang::En).is_empty());
        // Nothing is forgotten: the events hold the whole walk.
        assert_eq!(s.events().len(), 6);
    }

    #[test]
    fn ticks_toggle_per_node() {
        let g = guide();
        let mut s = Session::new(&g);
        s.enter("dest-azure-table", Via::Jump);
        assert!(s.toggle_step(1));
        assert!(s.toggle_step(3));
        assert!(!s.toggle_step(1));
        assert_eq!(s.ticked("dest-azure-table", 6), [3]);
        assert!(s.ticked("dest-https", 7).is_empty());
    }

    #[test]
    fn outcome_follows_the_follow_up_answers() {
        let g = guide();
        let mut s = Session::new(&g);
        assert_eq!(s.outcome(&g), Outcome::Abandoned);
        s.enter("dynamics-aad-tenant-not-found", Via::Diagnosis);
        s.enter(
            "dynamics-aad-invalid-tenant-id",
            Via::FollowUp { fixed: false },
        );
        s.enter("support-ticket", Via::FollowUp { fixed: false });
        assert_eq!(s.outcome(&g), Outcome::Escalated);
        s.back();
        s.back();
        s.enter("resolved", Via::FollowUp { fixed: true });
        assert_eq!(s.outcome(&g), Outcome::Fixed);
        // Going back and changing the answer revises the problem: still one problem.
        let problems = s.problems(&g);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].outcome, Outcome::Fixed);
        assert_eq!(
            problems[0].settled_at.as_deref(),
            Some("dynamics-aad-tenant-not-found")
        );
    }

    #[test]
    fn one_outcome_per_problem() {
        let g = guide();
        let mut s = Session::new(&g);
        assert!(s.problems(&g).is_empty(), "browsing is not a problem");
        s.enter("dynamics-aad-tenant-not-found", Via::Diagnosis);
        s.enter("resolved", Via::FollowUp { fixed: true });
        // The same verdict reached again without working on anything is not a new problem.
        s.back();
        s.enter("resolved", Via::FollowUp { fixed: true });
        s.restart();
        s.enter("dest-azure-table", Via::Jump);
        s.enter("support-ticket", Via::FollowUp { fixed: false });
        s.restart();
        s.enter("dest-https", Via::Jump);
        let p = s.problems(&g);
        let outcomes: Vec<Outcome> = p.iter().map(|p| p.outcome).collect();
        assert_eq!(
            outcomes,
            [Outcome::Fixed, Outcome::Escalated, Outcome::Abandoned]
        );
        assert_eq!(
            p[0].settled_at.as_deref(),
            Some("dynamics-aad-tenant-not-found")
        );
        assert_eq!(p[1].settled_at.as_deref(), Some("dest-azure-table"));
        assert_eq!(p[2].tried, ["dest-https"]);
        assert_eq!(p[2].settled_at, None);
    }

    #[test]
    fn a_deep_link_walks_the_shortest_path() {
        let g = guide();
        let s = Session::walked_to(&g, "dynamics-aad-tenant-not-found").expect("reachable");
        let path: Vec<&str> = s.path().iter().map(|(n, _)| *n).collect();
        assert_eq!(
            path,
            ["start", "error-list", "dynamics-aad-tenant-not-found"]
        );
        assert_eq!(
            s.breadcrumb(&g, Lang::En),
            [
                "I have an error message",
                "… using AAD. Exception:: Tenant not found …"
            ]
        );
        assert!(Session::walked_to(&g, "no-such-node").is_none());
        let at_start = Session::walked_to(&g, "start").unwrap();
        assert_eq!(at_start.path().len(), 1);
        // The success screen is reached by a follow-up, never by a choice.
        let resolved = Session::walked_to(&g, "resolved").unwrap();
        assert_eq!(resolved.current(), "resolved");
        assert_eq!(resolved.path().len(), 2);
        // Every node of the guide can be opened by a deep link.
        for node in g.nodes() {
            assert_eq!(Session::walked_to(&g, &node.id).unwrap().current(), node.id);
        }
    }
}
