//! The guide: content model, loading, checks and languages. No UI or async imports.

pub mod check;
pub mod cjk;
pub mod diagnostic;
pub mod i18n;
pub mod indent;
pub mod items;
pub mod lang;
pub mod limits;
pub mod load;
pub mod locate;
pub mod model;
pub mod quotes;

use std::collections::VecDeque;

use rustc_hash::FxHashMap as HashMap;

pub use check::ReviewPolicy;
pub use diagnostic::{Diagnostic, Severity};
pub use lang::Lang;
pub use load::Sources;
pub use model::{
    Choice, GlossaryEntry, GuideMeta, Link, LiveCheck, Node, NodeKind, Source, Synonyms, Text,
};

/// A check run on parsed content beyond the guide's own (such as the diagnosis self-test).
pub type ExtraCheck<'a> = &'a dyn Fn(&load::Parsed<'_>) -> Vec<Diagnostic>;

/// A loaded, checked guide: the nodes in file order and an index by id.
#[derive(Debug, Clone)]
pub struct Guide {
    pub meta: GuideMeta,
    nodes: Vec<Node>,
    /// Display path of the file each node came from, with the node's 1-based line.
    origins: Vec<(String, usize)>,
    index: HashMap<String, usize>,
    /// Words that mean the same to someone searching (the content's `synonyms`).
    synonyms: Vec<model::Synonyms>,
}

/// The outcome of loading: the guide when it has no errors, and every diagnostic.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub guide: Option<Guide>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many files were read.
    pub files: usize,
    /// How many nodes were read.
    pub nodes: usize,
}

impl Loaded {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Where a choice, a related link or a follow-up leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    Choice,
    Related,
    Fixed,
    NotFixed,
}

/// One edge of the decision graph.
#[derive(Debug, Clone)]
pub struct Edge<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub kind: EdgeKind,
    /// The choice's label, for `Choice` edges.
    pub label: Option<&'a Text>,
}

/// Which checks a load runs on content that parsed.
#[derive(Clone, Copy)]
enum Checks<'a> {
    /// None: the content is the verified copy compiled into the binary.
    None,
    All(&'a ReviewPolicy),
}

impl Guide {
    /// Parses and checks `sources`. The guide is returned only when there are no errors.
    ///
    /// The content compiled into the binary is not checked again: the test suite holds it to
    /// no errors and no warnings (`embedded_content_passes_every_check`), so its checks would
    /// only cost every command's start-up. `load_with_checks` (`leadwiz check`, live reload)
    /// always checks.
    pub fn load(sources: &Sources) -> Loaded {
        let checks = if sources.is_embedded() {
            Checks::None
        } else {
            Checks::All(&ReviewPolicy::default())
        };
        Self::load_with(sources, None, checks)
    }

    /// Like `load`, judging the age of each node's review by `policy`, and running `extra` (a
    /// check that needs more than the guide knows, such as the diagnosis self-test) on the
    /// parsed content when nothing else is an error.
    pub fn load_with_checks(
        sources: &Sources,
        policy: &ReviewPolicy,
        extra: ExtraCheck<'_>,
    ) -> Loaded {
        Self::load_with(sources, Some(extra), Checks::All(policy))
    }

    fn load_with(sources: &Sources, extra: Option<ExtraCheck<'_>>, checks: Checks<'_>) -> Loaded {
        let parsed = load::parse(sources);
        let mut diagnostics = parsed.diagnostics.clone();
        let files = parsed.files.len() + sources.unreadable.len();
        let nodes = parsed.nodes.len();
        if diagnostics.iter().any(Diagnostic::is_error) {
            diagnostic::sort(&mut diagnostics);
            return Loaded {
                guide: None,
                diagnostics,
                files,
                nodes,
            };
        }
        if let Checks::All(policy) = checks {
            diagnostics.extend(check::check_with(&parsed, policy));
        }
        if let Some(extra) = extra
            && !diagnostics.iter().any(Diagnostic::is_error)
        {
            diagnostics.extend(extra(&parsed));
        }
        diagnostic::sort(&mut diagnostics);
        let guide = if diagnostics.iter().any(Diagnostic::is_error) {
            None
        } else {
            parsed.meta.clone().map(|(meta, _)| {
                let origins = parsed
                    .nodes
                    .iter()
                    .map(|(_, o)| (parsed.files[o.file].path.clone(), o.span.start + 1))
                    .collect();
                let mut guide = Guide::new(
                    meta,
                    parsed.nodes.into_iter().map(|(n, _)| n).collect(),
                    origins,
                );
                guide.synonyms = parsed.synonyms;
                guide
            })
        };
        Loaded {
            guide,
            diagnostics,
            files,
            nodes,
        }
    }

    fn new(meta: GuideMeta, nodes: Vec<Node>, origins: Vec<(String, usize)>) -> Self {
        let index = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), i))
            .collect();
        Guide {
            meta,
            nodes,
            origins,
            index,
            synonyms: Vec::new(),
        }
    }

    /// The content's synonym groups, for search.
    pub fn synonyms(&self) -> &[model::Synonyms] {
        &self.synonyms
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|&i| &self.nodes[i])
    }

    /// The files the nodes came from (display paths), each once, in file order.
    pub fn files(&self) -> Vec<String> {
        let mut files: Vec<String> = Vec::new();
        for (file, _) in &self.origins {
            if !files.contains(file) {
                files.push(file.clone());
            }
        }
        files
    }

    /// The file and line where a node is defined.
    pub fn origin(&self, id: &str) -> Option<(&str, usize)> {
        self.index
            .get(id)
            .map(|&i| (self.origins[i].0.as_str(), self.origins[i].1))
    }

    pub fn start(&self) -> &Node {
        self.node(&self.meta.start)
            .expect("a checked guide has its start node")
    }

    /// Where "yes" and "no" lead from a remediation, or `None` when it asks nothing.
    pub fn follow_up<'a>(&'a self, node: &'a Node) -> Option<(&'a str, &'a str)> {
        if !matches!(node.kind, NodeKind::Answer | NodeKind::KnownError) {
            return None;
        }
        let f = node.follow_up.as_ref();
        if f.is_some_and(|f| !f.ask) {
            return None;
        }
        let fixed = f
            .and_then(|f| f.fixed.as_deref())
            .unwrap_or(&self.meta.success);
        let not_fixed = f
            .and_then(|f| f.not_fixed.as_deref())
            .unwrap_or(&self.meta.escalation);
        Some((fixed, not_fixed))
    }

    /// Every edge of the graph, in node order.
    pub fn edges(&self) -> Vec<Edge<'_>> {
        let mut edges = Vec::new();
        for node in &self.nodes {
            for c in &node.choices {
                edges.push(Edge {
                    from: &node.id,
                    to: &c.next,
                    kind: EdgeKind::Choice,
                    label: Some(&c.label),
                });
            }
            if let Some((fixed, not_fixed)) = self.follow_up(node) {
                edges.push(Edge {
                    from: &node.id,
                    to: fixed,
                    kind: EdgeKind::Fixed,
                    label: None,
                });
                edges.push(Edge {
                    from: &node.id,
                    to: not_fixed,
                    kind: EdgeKind::NotFixed,
                    label: None,
                });
            }
            for r in &node.related {
                edges.push(Edge {
                    from: &node.id,
                    to: r,
                    kind: EdgeKind::Related,
                    label: None,
                });
            }
        }
        edges
    }

    /// The ids closest to `id` (for "did you mean" and unknown-id messages), best first.
    pub fn closest_ids(&self, id: &str, n: usize) -> Vec<&str> {
        closest(id, self.nodes.iter().map(|n| n.id.as_str()), n)
    }

    /// The shortest path of choices from the start node to `id` (both included), if any.
    pub fn path_to(&self, id: &str) -> Option<Vec<&str>> {
        let start = self.meta.start.as_str();
        let mut prev: HashMap<&str, &str> = HashMap::default();
        let mut queue = VecDeque::from([start]);
        prev.insert(start, start);
        while let Some(cur) = queue.pop_front() {
            if cur == id {
                let mut path = vec![cur];
                let mut at = cur;
                while at != start {
                    at = prev[at];
                    path.push(at);
                }
                path.reverse();
                return Some(path);
            }
            let Some(node) = self.node(cur) else { continue };
            for c in &node.choices {
                if !prev.contains_key(c.next.as_str()) {
                    prev.insert(&c.next, cur);
                    queue.push_back(&c.next);
                }
            }
        }
        None
    }
}

/// The candidates closest to `word` by edit similarity, best first, at most `n`, only those
/// similar enough to be a plausible typo or near miss.
pub fn closest<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = candidates
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(s, c)| *s >= 0.75 || c.contains(word) || (word.len() > 3 && word.contains(*c)))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}
