//! The checks `leadwiz check` runs on parsed content, beyond YAML syntax and types.

mod glossary;
mod review;

pub use review::{DEFAULT_MAX_AGE_DAYS, ReviewPolicy, parse_date};

use std::collections::VecDeque;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::diagnostic::{Diagnostic, Position};
use super::load::{GUIDE_FILE, Parsed};
use super::model::{Node, NodeKind, Text};

/// Runs every check; `parsed` must hold no syntax errors.
pub fn check(parsed: &Parsed<'_>) -> Vec<Diagnostic> {
    check_with(parsed, &ReviewPolicy::default())
}

/// Runs every check, judging the age of reviews by `policy`.
pub fn check_with(parsed: &Parsed<'_>, policy: &ReviewPolicy) -> Vec<Diagnostic> {
    let mut c = Checker {
        parsed,
        out: Vec::new(),
    };
    let Some((meta, meta_file)) = &parsed.meta else {
        let file = parsed
            .files
            .iter()
            .find(|f| f.path.ends_with(GUIDE_FILE))
            .or(parsed.files.first())
            .map(|f| f.path.clone())
            .unwrap_or_else(|| GUIDE_FILE.to_owned());
        c.out.push(Diagnostic::error(
            Position::new(file, 1, 1),
            format!("no `guide` section: {GUIDE_FILE} must hold the guide's title, languages and start node"),
        ));
        return c.out;
    };
    let languages: Vec<&str> = meta.languages.iter().map(String::as_str).collect();
    c.meta(*meta_file, &languages);
    let ids = c.ids();
    let before = c.out.len();
    c.references(&ids, *meta_file);
    let references_ok = !c.out[before..].iter().any(Diagnostic::is_error);
    let glossary = c.glossary_rules(&languages);
    // The checks of one node need nothing of the others: spread them over the cores for a
    // large guide.
    let indices: Vec<usize> = (0..parsed.nodes.len()).collect();
    let per_node = crate::par::map(&indices, indices.len() >= 2000, |&i| {
        let mut one = Checker {
            parsed,
            out: Vec::new(),
        };
        one.node_shape(i);
        one.texts(i, &languages);
        one.links(i);
        one.review(i, policy);
        one.glossary(i, &glossary);
        one.out
    });
    c.out.extend(per_node.into_iter().flatten());
    c.graph(&ids, references_ok);
    c.unsafe_characters(*meta_file);
    c.out
}

struct Checker<'a> {
    parsed: &'a Parsed<'a>,
    out: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    fn node(&self, i: usize) -> &'a Node {
        &self.parsed.nodes[i].0
    }

    fn file_of(&self, i: usize) -> &'a super::load::LoadedFile<'a> {
        &self.parsed.files[self.parsed.nodes[i].1.file]
    }

    fn pos(&self, i: usize, at: Option<(usize, usize)>) -> Position {
        let file = self.file_of(i);
        let span = self.parsed.nodes[i].1.span;
        let (line, col) = at.unwrap_or_else(|| file.source.id_position(span, &self.node(i).id));
        Position::new(&file.path, line, col)
    }

    fn at_id(&self, i: usize) -> Position {
        self.pos(i, None)
    }

    fn at_key(&self, i: usize, key: &str) -> Position {
        let file = self.file_of(i);
        self.pos(i, file.source.key(self.parsed.nodes[i].1.span, key))
    }

    fn at_value(&self, i: usize, key: &str, value: &str) -> Position {
        let file = self.file_of(i);
        self.pos(
            i,
            file.source.value(self.parsed.nodes[i].1.span, key, value),
        )
    }

    fn at_text(&self, i: usize, text: &str, key: &str) -> Position {
        let file = self.file_of(i);
        let span = self.parsed.nodes[i].1.span;
        let found = file
            .source
            .text(span, text)
            .or_else(|| file.source.key(span, key));
        self.pos(i, found)
    }

    fn meta_pos(&self, file: usize, key: &str, value: Option<&str>) -> Position {
        let f = &self.parsed.files[file];
        let whole = super::locate::Span {
            start: 0,
            end: f.source.line_count(),
        };
        let found = value
            .and_then(|v| f.source.value(whole, key, v))
            .or_else(|| f.source.key(whole, key));
        let (line, col) = found.unwrap_or((1, 1));
        Position::new(&f.path, line, col)
    }

    fn meta(&mut self, file: usize, languages: &[&str]) {
        let meta = &self.parsed.meta.as_ref().expect("checked").0;
        if !languages.contains(&"en") {
            self.out.push(Diagnostic::error(
                self.meta_pos(file, "languages", None),
                "`languages` must include `en`: English is the fallback for every other language",
            ));
        }
        let mut seen = HashSet::default();
        for lang in languages {
            if !seen.insert(*lang) {
                self.out.push(Diagnostic::error(
                    self.meta_pos(file, "languages", Some(lang)),
                    format!("language `{lang}` is listed twice"),
                ));
            }
            if crate::guide::Lang::from_tag(lang).is_none() && !is_language_tag(lang) {
                self.out.push(Diagnostic::error(
                    self.meta_pos(file, "languages", Some(lang)),
                    format!("`{lang}` is not a language tag (use forms such as `en` or `zh-CN`)"),
                ));
            }
        }
        if meta.version.trim().is_empty() {
            self.out.push(Diagnostic::error(
                self.meta_pos(file, "version", None),
                "`version` is empty",
            ));
        }
        for link in &meta.support_links {
            if let Err(why) = check_url(&link.url) {
                self.out.push(Diagnostic::error(
                    self.meta_pos(file, "url", Some(&link.url)),
                    format!("malformed link `{}`: {why}", link.url),
                ));
            }
        }
    }

    /// Reports malformed and duplicate ids; returns the index of the first node of each id.
    fn ids(&mut self) -> HashMap<&'a str, usize> {
        let mut ids: HashMap<&'a str, usize> = HashMap::default();
        for i in 0..self.parsed.nodes.len() {
            let id = self.node(i).id.as_str();
            if !is_kebab(id) {
                self.out.push(Diagnostic::error(
                    self.at_id(i),
                    format!("id `{id}` is not kebab-case (lower-case letters, digits and single hyphens)"),
                ));
            }
            if let Some(&first) = ids.get(id) {
                let p = self.at_id(first);
                self.out.push(Diagnostic::error(
                    self.at_id(i),
                    format!(
                        "duplicate id `{id}`: first defined at {}:{}:{}",
                        p.file, p.line, p.column
                    ),
                ));
            } else {
                ids.insert(id, i);
            }
        }
        ids
    }

    fn missing(&self, target: &str, ids: &HashMap<&'a str, usize>) -> String {
        let suggestions = super::closest(target, ids.keys().copied(), 1);
        match suggestions.first() {
            Some(s) => format!("no node has the id `{target}`; did you mean `{s}`?"),
            None => format!("no node has the id `{target}`"),
        }
    }

    fn references(&mut self, ids: &HashMap<&'a str, usize>, meta_file: usize) {
        let meta = &self.parsed.meta.as_ref().expect("checked").0;
        for (key, target) in [
            ("start", &meta.start),
            ("success", &meta.success),
            ("escalation", &meta.escalation),
        ] {
            if !ids.contains_key(target.as_str()) {
                let msg = format!("`{key}`: {}", self.missing(target, ids));
                self.out.push(Diagnostic::error(
                    self.meta_pos(meta_file, key, Some(target)),
                    msg,
                ));
            }
        }
        for i in 0..self.parsed.nodes.len() {
            let node = self.node(i);
            let mut refs: Vec<(&str, &str)> = Vec::new();
            refs.extend(node.choices.iter().map(|c| ("next", c.next.as_str())));
            refs.extend(node.related.iter().map(|r| ("related", r.as_str())));
            if let Some(f) = &node.follow_up {
                refs.extend(f.fixed.as_deref().map(|t| ("fixed", t)));
                refs.extend(f.not_fixed.as_deref().map(|t| ("not_fixed", t)));
            }
            let mut located = 0;
            for (key, target) in refs {
                if !ids.contains_key(target) {
                    let msg = format!("`{key}`: {}", self.missing(target, ids));
                    // Finding a value's line scans the node: past the first hundred, the key's
                    // line will do (5,000 dangling references took 10 s).
                    located += 1;
                    let at = if located <= 100 {
                        self.at_value(i, key, target)
                    } else {
                        self.at_key(i, key)
                    };
                    self.out.push(Diagnostic::error(at, msg));
                } else if target == node.id && key == "next" {
                    self.out.push(Diagnostic::error(
                        self.at_value(i, key, target),
                        format!("choice of `{target}` leads back to the same node"),
                    ));
                }
            }
            let mut seen = HashSet::default();
            for r in &node.related {
                if !seen.insert(r.as_str()) {
                    self.out.push(Diagnostic::warning(
                        self.at_value(i, "related", r),
                        format!("`{r}` is listed twice in `related`"),
                    ));
                }
            }
        }
    }

    fn node_shape(&mut self, i: usize) {
        let node = self.node(i);
        let kind = node.kind.as_str();
        let err = |this: &mut Self, key: &str, msg: String| {
            let at = this.at_key(i, key);
            this.out.push(Diagnostic::error(at, msg));
        };
        match node.kind {
            NodeKind::Question => {
                if node.prompt.is_none() {
                    err(
                        self,
                        "kind",
                        format!("question `{}` has no `prompt`", node.id),
                    );
                }
                if node.choices.is_empty() {
                    err(
                        self,
                        "kind",
                        format!("dead end: question `{}` has no `choices`", node.id),
                    );
                }
                for key in [
                    "steps",
                    "follow_up",
                    "error",
                    "signatures",
                    "examples",
                    "summary",
                ] {
                    if has_field(node, key) {
                        err(self, key, format!("`{key}` does not belong in a question"));
                    }
                }
            }
            NodeKind::Answer | NodeKind::KnownError | NodeKind::End => {
                if has_field(node, "choices") {
                    err(
                        self,
                        "choices",
                        format!("`choices` belong in a question, not in an {kind}"),
                    );
                }
                if has_field(node, "prompt") {
                    err(
                        self,
                        "prompt",
                        format!("`prompt` belongs in a question, not in an {kind}"),
                    );
                }
                if node.kind != NodeKind::End && node.summary.is_none() {
                    err(
                        self,
                        "kind",
                        format!("{kind} `{}` has no `summary`", node.id),
                    );
                }
                if node.kind == NodeKind::End && has_field(node, "follow_up") {
                    err(
                        self,
                        "follow_up",
                        "an end node asks no follow-up".to_owned(),
                    );
                }
            }
        }
        if node.kind == NodeKind::KnownError {
            if node.error.is_none() {
                err(
                    self,
                    "kind",
                    format!(
                        "known error `{}` has no `error` (the exact message)",
                        node.id
                    ),
                );
            }
            let sig = node.signatures.as_ref();
            let empty =
                sig.is_none_or(|s| s.codes.is_empty() && s.phrases.values().all(Vec::is_empty));
            if empty {
                let key = if sig.is_some() { "signatures" } else { "kind" };
                err(
                    self,
                    key,
                    format!(
                        "known error `{}` has no `signatures` (codes or phrases)",
                        node.id
                    ),
                );
            }
            if node.examples.is_empty() {
                err(
                    self,
                    "kind",
                    format!("known error `{}` has no `examples`", node.id),
                );
            }
            for ex in &node.examples {
                if ex.trim().is_empty() {
                    err(self, "examples", "an example message is empty".to_owned());
                }
            }
        } else {
            for key in ["error", "signatures", "examples"] {
                if has_field(node, key) {
                    err(self, key, format!("`{key}` belongs only in a known_error"));
                }
            }
        }
    }

    fn texts(&mut self, i: usize, languages: &[&str]) {
        let node = self.node(i);
        let texts = node_texts(node, true);
        for (key, text) in texts {
            let english = text.0.get("en").map(String::as_str).unwrap_or("");
            for (lang, value) in &text.0 {
                if !languages.contains(&lang.as_str()) {
                    let hint = super::closest(lang, languages.iter().copied(), 1);
                    let hint = hint
                        .first()
                        .map(|h| format!("; did you mean `{h}`?"))
                        .unwrap_or_default();
                    let at = self.at_text(i, value, key);
                    self.out.push(Diagnostic::error(
                        at,
                        format!("`{key}` has text in `{lang}`, which is not one of the guide's languages{hint}"),
                    ));
                } else if has_control(value) {
                    let at = self.at_text(i, english, key);
                    self.out.push(Diagnostic::error(
                        at,
                        format!("`{key}` in `{lang}` holds a control character (such as an escape sequence)"),
                    ));
                } else if value.trim().is_empty() {
                    let at = self.at_text(i, english, key);
                    self.out.push(Diagnostic::error(
                        at,
                        format!("`{key}` is empty in `{lang}`"),
                    ));
                }
            }
            if !text.0.contains_key("en") {
                let first = text.0.values().next().map(String::as_str).unwrap_or("");
                let at = self.at_text(i, first, key);
                self.out.push(Diagnostic::error(
                    at,
                    format!("`{key}` of `{}` has no English (`en`) text, the fallback for every language", node.id),
                ));
                continue;
            }
            for lang in languages.iter().filter(|l| **l != "en") {
                if !text.0.contains_key(*lang) {
                    let at = self.at_text(i, english, key);
                    self.out.push(Diagnostic::warning(
                        at,
                        format!(
                            "`{key}` of `{}` has no `{lang}` translation (English is shown)",
                            node.id
                        ),
                    ));
                }
            }
        }
        if let Some(sig) = &node.signatures {
            // Phrases match pastes, which come in the language of the user's portal, not only
            // in the guide's languages: any language tag will do.
            for lang in sig.phrases.keys() {
                if !languages.contains(&lang.as_str()) && !is_language_tag(lang) {
                    let at = self.at_key(i, lang);
                    self.out.push(Diagnostic::error(
                        at,
                        format!("signature phrases in `{lang}`, which is not a language tag (such as `de` or `pt-BR`)"),
                    ));
                }
            }
        }
    }

    fn links(&mut self, i: usize) {
        let node = self.node(i);
        for link in &node.links {
            if let Err(why) = check_url(&link.url) {
                let at = self.at_value(i, "url", &link.url);
                self.out.push(Diagnostic::error(
                    at,
                    format!("malformed link `{}`: {why}", link.url),
                ));
            }
        }
    }

    /// Unreachable nodes (from the start, through choices, follow-ups and related links) and
    /// questions from which no remediation can be reached.
    fn graph(&mut self, ids: &HashMap<&'a str, usize>, report_unreachable: bool) {
        let meta = &self.parsed.meta.as_ref().expect("checked").0;
        let n = self.parsed.nodes.len();
        let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, edges) in out_edges.iter_mut().enumerate() {
            let node = self.node(i);
            let mut targets: Vec<&str> = node.choices.iter().map(|c| c.next.as_str()).collect();
            targets.extend(node.related.iter().map(String::as_str));
            if matches!(node.kind, NodeKind::Answer | NodeKind::KnownError)
                && node.follow_up.as_ref().is_none_or(|f| f.ask)
            {
                let f = node.follow_up.as_ref();
                targets.push(f.and_then(|f| f.fixed.as_deref()).unwrap_or(&meta.success));
                targets.push(
                    f.and_then(|f| f.not_fixed.as_deref())
                        .unwrap_or(&meta.escalation),
                );
            }
            edges.extend(targets.iter().filter_map(|t| ids.get(t).copied()));
        }
        let Some(&start) = ids.get(meta.start.as_str()) else {
            return;
        };
        let mut seen = vec![false; n];
        let mut queue = VecDeque::from([start]);
        seen[start] = true;
        while let Some(cur) = queue.pop_front() {
            for &t in &out_edges[cur] {
                if !seen[t] {
                    seen[t] = true;
                    queue.push_back(t);
                }
            }
        }
        for (i, reached) in seen.iter().enumerate() {
            if report_unreachable && !reached && ids.get(self.node(i).id.as_str()) == Some(&i) {
                let msg = format!(
                    "unreachable: no path from `{}` leads to `{}`",
                    meta.start,
                    self.node(i).id
                );
                self.out.push(Diagnostic::warning(self.at_id(i), msg));
            }
        }
        // A question is a dead end when no remediation can be reached through its choices.
        let mut good = vec![false; n];
        for (i, g) in good.iter_mut().enumerate() {
            *g = self.node(i).kind.is_terminal();
        }
        loop {
            let mut changed = false;
            for i in 0..n {
                if good[i] {
                    continue;
                }
                let node = self.node(i);
                let any = node
                    .choices
                    .iter()
                    .filter_map(|c| ids.get(c.next.as_str()))
                    .any(|&t| good[t]);
                if any {
                    good[i] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        for (i, g) in good.iter().enumerate() {
            let node = self.node(i);
            let targets_exist = node
                .choices
                .iter()
                .all(|c| ids.contains_key(c.next.as_str()));
            if !g && !node.choices.is_empty() && targets_exist {
                self.out.push(Diagnostic::error(
                    self.at_id(i),
                    format!(
                        "dead end: no choice of `{}` leads to a remediation",
                        node.id
                    ),
                ));
            }
        }
    }
}

/// Whether `text` holds a control character other than a line feed or a tab (C0, DEL or C1,
/// which is 0xC2 0x80..=0x9F in UTF-8) or a bidirectional control (0xE2 0x80 0x8E/0x8F/
/// 0xAA..=0xAE, 0xE2 0x81 0xA6..=0xA9, 0xD8 0x9C): checked on bytes, as every text of a guide
/// passes here.
fn has_control(text: &str) -> bool {
    let b = text.as_bytes();
    let at = |i: usize| {
        let c = b[i];
        let next = |k: usize| b.get(i + k).copied().unwrap_or(0);
        (c < 0x20 && c != b'\n' && c != b'\t')
            || c == 0x7f
            || (c == 0xc2 && (0x80..=0x9f).contains(&next(1)))
            || (c == 0xe2 && next(1) == 0x80 && matches!(next(2), 0x8e | 0x8f | 0xaa..=0xae))
            || (c == 0xe2 && next(1) == 0x81 && (0xa6..=0xa9).contains(&next(2)))
            || (c == 0xd8 && next(1) == 0x9c)
    };
    // A byte that may start one, tested without branches over a chunk at a time: a large
    // guide's 8 MB are scanned in milliseconds, and only chunks with such a byte are looked at
    // closely.
    let may_start = |c: u8| {
        ((c < 0x20) & (c != b'\n') & (c != b'\t'))
            | (c == 0x7f)
            | (c == 0xc2)
            | (c == 0xe2)
            | (c == 0xd8)
    };
    const CHUNK: usize = 64;
    b.chunks(CHUNK).enumerate().any(|(k, chunk)| {
        chunk.iter().fold(false, |any, &c| any | may_start(c))
            && (k * CHUNK..k * CHUNK + chunk.len()).any(at)
    })
}

/// At most this many unsafe characters are reported per file.
const MAX_UNSAFE_PER_FILE: usize = 20;

impl Checker<'_> {
    /// Control characters, escape sequences and bidi controls: where they stand in the files
    /// (`file:line:col`), and in the guide's title and version, which reach every export and
    /// transcript. A text that holds one because of a YAML escape (`"\e"`) is reported by
    /// `texts`; written raw into the file, it is reported here once, at its column.
    fn unsafe_characters(&mut self, meta_file: usize) {
        let mut raw_in: Vec<&str> = Vec::new();
        for f in &self.parsed.files {
            // A byte scan first: most files hold nothing to report.
            if !has_control(f.source.as_str()) {
                continue;
            }
            let mut found = 0;
            for (l, line) in f.source.as_str().lines().enumerate() {
                for (col, c) in line.chars().enumerate() {
                    if crate::sanitise::is_unsafe(c) && c != '\r' {
                        found += 1;
                        if found <= MAX_UNSAFE_PER_FILE {
                            self.out.push(Diagnostic::error(
                                Position::new(&f.path, l + 1, col + 1),
                                format!(
                                    "a control character ({}), such as an escape sequence or a right-to-left override: content must not hold one",
                                    crate::sanitise::name(c)
                                ),
                            ));
                        }
                    }
                }
            }
            if found > 0 {
                raw_in.push(&f.path);
            }
        }
        // One report per character: the value checks of texts in those files say it again.
        self.out.retain(|d| {
            !(raw_in.contains(&d.file.as_str()) && d.message.contains("holds a control character"))
        });
        let meta = &self.parsed.meta.as_ref().expect("checked").0;
        let mut values: Vec<(&str, &str)> = vec![("version", meta.version.as_str())];
        values.extend(meta.title.0.values().map(|t| ("title", t.as_str())));
        values.extend(meta.languages.iter().map(|l| ("languages", l.as_str())));
        for (key, value) in values {
            if has_control(value) {
                self.out.push(Diagnostic::error(
                    self.meta_pos(meta_file, key, None),
                    format!("`{key}` holds a control character (such as an escape sequence)"),
                ));
            }
        }
    }
}

fn has_field(node: &Node, key: &str) -> bool {
    match key {
        "choices" => !node.choices.is_empty(),
        "steps" => !node.steps.is_empty(),
        "follow_up" => node.follow_up.is_some(),
        "error" => node.error.is_some(),
        "signatures" => node.signatures.is_some(),
        "examples" => !node.examples.is_empty(),
        "summary" => node.summary.is_some(),
        "prompt" => node.prompt.is_some(),
        _ => false,
    }
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Whether `url` is an absolute http(s) URL with a host; `Err` says what is wrong.
pub fn check_url(url: &str) -> Result<(), String> {
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || crate::sanitise::is_unsafe(c))
    {
        return Err("it contains spaces, control characters or bidi controls".into());
    }
    let parsed = url::Url::parse(url).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => {
            "it is not an absolute URL (start it with `https://`)".to_owned()
        }
        other => other.to_string(),
    })?;
    match parsed.scheme() {
        "https" => {}
        "http" => return Err("use `https://`".into()),
        other => return Err(format!("`{other}:` links cannot be opened; use `https://`")),
    }
    match parsed.host_str() {
        Some(h) if h.contains('.') => Ok(()),
        _ => Err("it has no host name".into()),
    }
}

/// Every translatable text of `node` with the YAML key it sits under, in file order; its exact
/// error message too when `with_error`.
pub(super) fn node_texts(node: &Node, with_error: bool) -> Vec<(&'static str, &Text)> {
    let mut texts: Vec<(&'static str, &Text)> = vec![("title", &node.title)];
    for (key, t) in [
        ("summary", &node.summary),
        ("prompt", &node.prompt),
        ("body", &node.body),
        ("note", &node.note),
    ] {
        if let Some(t) = t {
            texts.push((key, t));
        }
    }
    if with_error && let Some(t) = &node.error {
        texts.push(("error", t));
    }
    texts.extend(node.steps.iter().map(|t| ("steps", t)));
    for c in &node.choices {
        texts.push(("label", &c.label));
        if let Some(h) = &c.hint {
            texts.push(("hint", h));
        }
    }
    texts.extend(node.links.iter().map(|l| ("title", &l.title)));
    texts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters() {
        for (text, has) in [
            ("plain", false),
            ("line\nand\ttab", false),
            ("esc \x1b[31m", true),
            ("del \x7f", true),
            ("c1 \u{9b}", true),
            ("中文 “引号”", false),
        ] {
            assert_eq!(has_control(text), has, "{text:?}");
            assert_eq!(
                has,
                text.chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\t')
            );
        }
    }

    /// The scan goes a chunk at a time: a control character is found wherever it falls, also
    /// across the end of a chunk, and Chinese quotes (which start with the same byte as the
    /// bidi controls) are not one.
    #[test]
    fn control_characters_are_found_at_every_offset() {
        for control in ["\x1b", "\u{9b}", "\u{202e}", "\u{2066}", "\u{61c}", "\x7f"] {
            for at in 0..200 {
                let text = format!("{}{control}{}", "a".repeat(at), "“中文”".repeat(30));
                assert!(has_control(&text), "{control:?} at {at}");
                let clean = format!("{}{}", "é".repeat(at), "“中文”\n\t".repeat(30));
                assert!(!has_control(&clean[..clean.len()]), "at {at}");
            }
        }
    }

    #[test]
    fn kebab_ids() {
        assert!(is_kebab("dest-azure-table"));
        assert!(is_kebab("faq-2"));
        assert!(!is_kebab("Dest"));
        assert!(!is_kebab("a--b"));
        assert!(!is_kebab("-a"));
        assert!(!is_kebab("a_b"));
        assert!(!is_kebab(""));
    }

    #[test]
    fn urls() {
        assert!(check_url("https://aka.ms/marketplacepublishersupport").is_ok());
        assert!(check_url("http://example.com").is_err());
        assert!(check_url("https://exa mple.com").is_err());
        assert!(check_url("example.com/x").is_err());
        assert!(check_url("https://localhost").is_err());
        assert!(check_url("mailto:a@b.c").is_err());
    }

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en"));
        assert!(is_language_tag("zh-CN"));
        assert!(is_language_tag("pt-BR"));
        assert!(!is_language_tag("english"));
        assert!(!is_language_tag("zh_CN"));
    }
}
