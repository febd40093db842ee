//! The record of a session, for a support ticket: what the user answered, what they pasted and
//! how it was diagnosed, which remediations they saw and ticked, and how it ended. Written as
//! Markdown or JSON; personal and secret data are masked (`redact`) before anything is written.
//! No UI or async imports.

use std::fmt::Write;

use serde::Serialize;

use crate::diagnose::Status;
use crate::guide::i18n::Ui;
use crate::guide::{Guide, Lang, NodeKind};
use crate::redact::redact;
use crate::session::{Event, Outcome, Session, Via};

/// Where the transcript's facts about the run come from (the caller knows them, the session
/// does not).
#[derive(Debug, Clone)]
pub struct Context {
    /// When the session began, as people read it (`clock::date_time`).
    pub date: String,
    /// `built-in`, or the content folder.
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Markdown,
    Json,
}

#[derive(Debug, Clone, Serialize)]
pub struct Transcript {
    pub leadwiz: String,
    pub date: String,
    pub language: Lang,
    pub content: Content,
    /// The last verdict given: `fixed`, `escalated`, or `abandoned` when none was.
    pub outcome: &'static str,
    /// Each problem worked on, with its own outcome (a session may fix one problem and
    /// escalate the next).
    pub problems: Vec<ProblemRecord>,
    /// The node on screen when the transcript was written.
    pub last_node: String,
    pub steps: Vec<Step>,
    pub remediations: Vec<Remediation>,
}

/// One problem worked on and how it ended.
#[derive(Debug, Clone, Serialize)]
pub struct ProblemRecord {
    /// `fixed`, `escalated` or `abandoned` (the session ended before a verdict).
    pub outcome: &'static str,
    /// The remediation it was settled on (or the last one tried), if any.
    pub node: Option<String>,
    pub title: Option<String>,
    /// The remediations and known errors opened while working on it.
    pub tried: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Content {
    pub title: String,
    pub version: String,
    pub source: String,
}

/// One thing the user did, in order.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    /// The session began at this node.
    Start {
        node: String,
        title: String,
    },
    /// Answered a question (or, `linked`, a deep link filled the answer in).
    Answer {
        question: String,
        prompt: String,
        answer: String,
        next: String,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        linked: bool,
    },
    /// Opened a node other than by a choice: `related`, `search`, `diagnosis` or `link`.
    Open {
        node: String,
        title: String,
        how: &'static str,
    },
    /// Answered "Did this fix it?" on a remediation.
    FollowUp {
        node: String,
        fixed: bool,
        next: String,
    },
    /// Went back `pages` pages (one step for a run of Back presses).
    Back {
        to: String,
        pages: usize,
    },
    /// Went back or forward in the history of places.
    Returned {
        node: String,
        title: String,
    },
    /// Searched the topics.
    Search {
        query: String,
        results: usize,
    },
    Restart,
    /// Pasted an error message (masked) and got a diagnosis.
    Paste {
        text: String,
        status: Status,
        best: Option<String>,
        evidence: Vec<String>,
    },
    Language {
        language: Lang,
    },
    /// Ran a live check of the destination.
    LiveCheck {
        check: String,
        target: String,
        ok: bool,
        summary: String,
        remediation: Option<String>,
    },
}

/// A remediation the user saw, with what they did there.
#[derive(Debug, Clone, Serialize)]
pub struct Remediation {
    pub node: String,
    pub title: String,
    pub steps: usize,
    /// Ticked steps, 1-based.
    pub ticked: Vec<usize>,
    /// The last "Did this fix it?" answer given there, if any.
    pub fixed: Option<bool>,
}

/// Text that came from the user: control characters dropped, personal data masked.
fn scrub(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    redact(&clean)
}

/// At most this much of a pasted text is kept in a transcript.
pub const MAX_PASTE_EXCERPT: usize = 8 * 1024;

/// The start of a pasted text, at most `MAX_PASTE_EXCERPT` bytes, cut at a character and
/// saying how much was left out.
fn excerpt(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MAX_PASTE_EXCERPT {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut end = MAX_PASTE_EXCERPT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    std::borrow::Cow::Owned(format!(
        "{}\n[… {} more bytes not kept]",
        &text[..end],
        text.len() - end
    ))
}

pub fn build(guide: &Guide, session: &Session, lang: Lang, ctx: &Context) -> Transcript {
    let title = |id: &str| {
        guide
            .node(id)
            .map_or_else(|| id.to_owned(), |n| n.title.get(lang).to_owned())
    };
    let mut steps = Vec::new();
    let mut remediations: Vec<Remediation> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut language = lang;
    for event in session.events() {
        match event {
            Event::Enter { node, via } => {
                let prev = path.last().cloned().unwrap_or_default();
                steps.push(match via {
                    Via::Start => Step::Start {
                        node: node.clone(),
                        title: title(node),
                    },
                    Via::Choice(i) | Via::Linked(Some(i)) => {
                        let q = guide.node(&prev);
                        Step::Answer {
                            question: prev.clone(),
                            prompt: q
                                .and_then(|q| q.prompt.as_ref())
                                .map_or_else(|| title(&prev), |p| p.get(lang).to_owned()),
                            answer: q
                                .and_then(|q| q.choices.get(*i))
                                .map_or_else(|| title(node), |c| c.label.get(lang).to_owned()),
                            next: node.clone(),
                            linked: matches!(via, Via::Linked(_)),
                        }
                    }
                    Via::FollowUp { fixed } => {
                        if let Some(r) = remediations.iter_mut().rev().find(|r| r.node == prev) {
                            r.fixed = Some(*fixed);
                        }
                        Step::FollowUp {
                            node: prev.clone(),
                            fixed: *fixed,
                            next: node.clone(),
                        }
                    }
                    Via::Related | Via::Jump | Via::Diagnosis | Via::Linked(None) => Step::Open {
                        node: node.clone(),
                        title: title(node),
                        how: match via {
                            Via::Related => "related",
                            Via::Jump => "search",
                            Via::Linked(_) => "link",
                            _ => "diagnosis",
                        },
                    },
                });
                path.push(node.clone());
                if let Some(n) = guide.node(node)
                    && matches!(n.kind, NodeKind::Answer | NodeKind::KnownError)
                    && !remediations.iter().any(|r| r.node == *node)
                {
                    remediations.push(Remediation {
                        node: node.clone(),
                        title: title(node),
                        steps: n.steps.len(),
                        ticked: Vec::new(),
                        fixed: None,
                    });
                }
            }
            Event::Back => {
                if path.len() > 1 {
                    path.pop();
                }
                let to = path.last().cloned().unwrap_or_default();
                // A run of Back presses reads as one step.
                if let Some(Step::Back { to: last, pages }) = steps.last_mut() {
                    *last = to;
                    *pages += 1;
                } else {
                    steps.push(Step::Back { to, pages: 1 });
                }
            }
            Event::Returned { path: to } => {
                path = to.iter().map(|(n, _)| n.clone()).collect();
                if let Some(node) = path.last() {
                    steps.push(Step::Returned {
                        node: node.clone(),
                        title: title(node),
                    });
                }
            }
            Event::Searched { query, results } => steps.push(Step::Search {
                query: scrub(query),
                results: *results,
            }),
            Event::Restart => {
                path.truncate(1);
                steps.push(Step::Restart);
            }
            Event::Tick { .. } => {}
            Event::Pasted {
                text,
                status,
                best,
                evidence,
            } => steps.push(Step::Paste {
                text: excerpt(&scrub(text)).into_owned(),
                status: *status,
                best: best.clone(),
                evidence: evidence.iter().map(|e| scrub(e)).collect(),
            }),
            Event::LiveCheck {
                check,
                target,
                ok,
                summary,
                remediation,
            } => steps.push(Step::LiveCheck {
                check: check.clone(),
                target: scrub(target),
                ok: *ok,
                summary: scrub(summary),
                remediation: remediation.clone(),
            }),
            Event::Language(l) => {
                language = *l;
                steps.push(Step::Language { language: *l });
            }
        }
    }
    for r in &mut remediations {
        r.ticked = session
            .ticked(&r.node, r.steps)
            .into_iter()
            .map(|s| s + 1)
            .collect();
    }
    Transcript {
        leadwiz: env!("CARGO_PKG_VERSION").to_owned(),
        date: ctx.date.clone(),
        language,
        content: Content {
            title: guide.meta.title.get(lang).to_owned(),
            version: guide.meta.version.clone(),
            source: ctx.source.clone(),
        },
        outcome: outcome_word(session.outcome(guide)),
        problems: session
            .problems(guide)
            .into_iter()
            .map(|p| ProblemRecord {
                outcome: outcome_word(p.outcome),
                title: p.settled_at.as_deref().map(title),
                node: p.settled_at,
                tried: p.tried,
            })
            .collect(),
        last_node: session.current().to_owned(),
        steps,
        remediations,
    }
}

fn outcome_word(o: Outcome) -> &'static str {
    match o {
        Outcome::Fixed => "fixed",
        Outcome::Escalated => "escalated",
        Outcome::Abandoned => "abandoned",
    }
}

/// The transcript in `format`, ready to write to a file.
pub fn render(
    guide: &Guide,
    session: &Session,
    lang: Lang,
    ctx: &Context,
    format: Format,
) -> String {
    let t = build(guide, session, lang, ctx);
    match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&t).expect("a transcript serialises");
            s.push('\n');
            s
        }
        Format::Markdown => markdown(guide, &t, lang),
    }
}

/// Where `leadwiz --transcript` writes and in which format; without a path, the `t` key of
/// the wizard writes `leadwiz-transcript-<date>-<time>.md` (or `.json`) in the current folder.
#[derive(Debug, Clone)]
pub struct Target {
    pub path: Option<std::path::PathBuf>,
    pub format: Format,
    /// Replace a file that is already there (`--force`); without it, only a file this run
    /// wrote itself is replaced.
    pub force: bool,
}

/// The files this process wrote: writing the transcript again (the `t` key, then the end of
/// the session) replaces them without `--force`.
static WRITTEN: std::sync::Mutex<Vec<std::path::PathBuf>> = std::sync::Mutex::new(Vec::new());

impl Target {
    /// The file to write: the given path, else a dated name in the current folder.
    pub fn path(&self, stamp: &str) -> std::path::PathBuf {
        self.path.clone().unwrap_or_else(|| {
            let ext = match self.format {
                Format::Markdown => "md",
                Format::Json => "json",
            };
            format!("leadwiz-transcript-{stamp}.{ext}").into()
        })
    }

    /// Writes the transcript of `session`; returns the file's absolute path. The file is
    /// created readable by its owner only (it holds a customer's data), a symbolic link at the
    /// path is never followed, and a file already there is replaced only with `force` (or when
    /// this run wrote it).
    pub fn write(
        &self,
        guide: &Guide,
        session: &Session,
        lang: Lang,
        ctx: &Context,
        stamp: &str,
    ) -> std::io::Result<std::path::PathBuf> {
        let path = self.path(stamp);
        let absolute = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
        let text = render(guide, session, lang, ctx, self.format);
        let ours = WRITTEN.lock().is_ok_and(|w| w.contains(&absolute));
        write_private(
            &path,
            crate::sanitise::text(&text).as_bytes(),
            self.force || ours,
        )?;
        if let Ok(mut w) = WRITTEN.lock()
            && !w.contains(&absolute)
        {
            w.push(absolute.clone());
        }
        Ok(absolute)
    }
}

/// Writes `bytes` to a new file at `path`, readable and writable by its owner only (0600 on
/// Unix). A symbolic link at `path` is refused, never followed; an existing file is replaced
/// (through a new file renamed over it, so no link is followed) only when `replace` is true.
pub fn write_private(path: &std::path::Path, bytes: &[u8], replace: bool) -> std::io::Result<()> {
    use std::io::{Error, ErrorKind, Write};
    let existing = std::fs::symlink_metadata(path).ok();
    if let Some(meta) = &existing {
        if meta.file_type().is_symlink() {
            return Err(Error::new(
                ErrorKind::AlreadyExists,
                format!(
                    "{} is a symbolic link: leadwiz does not write through links; choose another file",
                    crate::sanitise::line(&path.display().to_string())
                ),
            ));
        }
        if !replace {
            return Err(Error::new(
                ErrorKind::AlreadyExists,
                format!(
                    "{} already exists: leadwiz does not replace it unless asked (--force)",
                    crate::sanitise::line(&path.display().to_string())
                ),
            ));
        }
        if !meta.is_file() {
            return Err(Error::new(
                ErrorKind::AlreadyExists,
                format!(
                    "{} exists and is not a regular file",
                    crate::sanitise::line(&path.display().to_string())
                ),
            ));
        }
    }
    let create = crate::platform::files::create_private;
    if existing.is_none() {
        let mut file = create(path)?;
        return file.write_all(bytes).and_then(|()| file.flush());
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = path.with_file_name(format!(".{name}.{}.leadwiz-tmp", std::process::id()));
    let written = create(&temp).and_then(|mut f| f.write_all(bytes).and_then(|()| f.flush()));
    match written.and_then(|()| std::fs::rename(&temp, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// English or Simplified Chinese.
fn tr(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    lang.pick(en, zh)
}

/// A fence longer than any run of backticks in `text`.
fn fence(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

fn markdown(guide: &Guide, t: &Transcript, lang: Lang) -> String {
    let l = |en, zh| tr(lang, en, zh);
    let colon = l(": ", "：");
    let title_of = |id: &str| {
        guide
            .node(id)
            .map_or_else(|| id.to_owned(), |n| n.title.get(lang).to_owned())
    };
    let yes_no = |fixed: bool| {
        if fixed {
            Ui::Yes.text(lang)
        } else {
            Ui::No.text(lang)
        }
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}\n",
        l("leadwiz session transcript", "leadwiz 会话记录")
    );
    let _ = writeln!(out, "- {}{colon}{}", l("Date", "日期"), t.date);
    let _ = writeln!(out, "- {}{colon}{}", l("Language", "语言"), t.language);
    let _ = writeln!(
        out,
        "- {}{colon}{} {} ({})",
        l("Content", "内容"),
        t.content.title,
        t.content.version,
        t.content.source
    );
    let _ = writeln!(out, "- leadwiz: {}", t.leadwiz);
    let verdict = |o: &str| match o {
        "fixed" => l("fixed", "已解决"),
        "escalated" => l("escalated (support ticket)", "已升级（支持工单）"),
        _ => l("abandoned", "未完成"),
    };
    // One verdict per problem worked on ("fixed, then escalated"), else the session's.
    let outcome = if t.problems.len() > 1 {
        t.problems
            .iter()
            .map(|p| format!("**{}**", verdict(p.outcome)))
            .collect::<Vec<_>>()
            .join(l(", then ", "，然后"))
    } else {
        format!("**{}**", verdict(t.outcome))
    };
    let _ = writeln!(out, "- {}{colon}{outcome}", l("End state", "结果"));
    let _ = writeln!(
        out,
        "- {}{colon}{} (`{}`)",
        l("Last page", "最后一页"),
        title_of(&t.last_node),
        t.last_node
    );
    let _ = writeln!(
        out,
        "\n{}\n",
        l(
            "Personal and secret data (e-mail addresses, phone numbers, secrets, keys, signatures, tokens, the middle of GUIDs) are masked.",
            "个人数据和机密数据（电子邮件地址、电话号码、机密、密钥、签名、令牌、GUID 的中间部分）已被屏蔽。"
        )
    );

    let _ = writeln!(out, "## {}\n", l("Steps", "步骤"));
    for (k, step) in t.steps.iter().enumerate() {
        let n = k + 1;
        match step {
            Step::Start { node, title } => {
                let _ = writeln!(
                    out,
                    "{n}. {}{colon}{title} (`{node}`)",
                    l("Started at", "开始于")
                );
            }
            Step::Answer {
                question,
                prompt,
                answer,
                next,
                linked,
            } => {
                let _ = write!(
                    out,
                    "{n}. {prompt} (`{question}`) → **{answer}** (`{next}`)"
                );
                let _ = writeln!(
                    out,
                    "{}",
                    if *linked {
                        l(" · filled in by the deep link", " · 由深层链接填入")
                    } else {
                        ""
                    }
                );
            }
            Step::Open { node, title, how } => {
                let how = match *how {
                    "related" => l("Opened the related topic", "打开相关主题"),
                    "search" => l("Opened from search", "通过搜索打开"),
                    "link" => l("Opened by the deep link", "通过深层链接打开"),
                    _ => l("Opened the diagnosed error", "打开诊断出的错误"),
                };
                let _ = writeln!(out, "{n}. {how}{colon}{title} (`{node}`)");
            }
            Step::FollowUp { node, fixed, next } => {
                let _ = writeln!(
                    out,
                    "{n}. {} (`{node}`) → **{}** → `{next}`",
                    Ui::DidThisFixIt.text(lang),
                    yes_no(*fixed)
                );
            }
            Step::Back { to, pages: 1 } => {
                let _ = writeln!(out, "{n}. {} `{to}`", l("Went back to", "返回到"));
            }
            Step::Back { to, pages } => {
                let _ = match lang {
                    Lang::En => writeln!(out, "{n}. Went back {pages} pages to `{to}`"),
                    Lang::ZhCn => writeln!(out, "{n}. 后退 {pages} 页，返回到 `{to}`"),
                };
            }
            Step::Returned { node, title } => {
                let _ = writeln!(
                    out,
                    "{n}. {}{colon}{title} (`{node}`)",
                    l("Returned (history) to", "按历史记录返回到")
                );
            }
            Step::Search { query, results } => {
                let _ = match lang {
                    Lang::En => writeln!(
                        out,
                        "{n}. Searched for “{query}”: {results} topic{}",
                        if *results == 1 { "" } else { "s" }
                    ),
                    Lang::ZhCn => writeln!(out, "{n}. 搜索“{query}”：{results} 个主题"),
                };
            }
            Step::Restart => {
                let _ = writeln!(out, "{n}. {}", l("Went back to the start", "返回开始"));
            }
            Step::LiveCheck {
                check,
                target,
                ok,
                summary,
                remediation,
            } => {
                let verdict = if *ok {
                    l("passed", "通过")
                } else {
                    l("failed", "失败")
                };
                let what = l("Tested the destination", "测试了目标");
                let _ = if lang == Lang::ZhCn {
                    write!(
                        out,
                        "{n}. {what}（{check}，{target}）：**{verdict}**，{summary}"
                    )
                } else {
                    write!(
                        out,
                        "{n}. {what} ({check}, {target}): **{verdict}**, {summary}"
                    )
                };
                if let Some(r) = remediation {
                    let _ = write!(out, " → `{r}`");
                }
                let _ = writeln!(out);
            }
            Step::Language { language } => {
                let _ = writeln!(
                    out,
                    "{n}. {}{colon}{language}",
                    l("Switched language", "切换语言")
                );
            }
            Step::Paste {
                text,
                status,
                best,
                evidence,
            } => {
                let f = fence(text);
                let _ = writeln!(
                    out,
                    "{n}. {}{colon}\n",
                    l("Pasted an error message", "粘贴了错误消息")
                );
                let _ = writeln!(out, "   {f}text");
                for line in text.lines() {
                    let _ = writeln!(out, "   {line}");
                }
                let _ = writeln!(out, "   {f}\n");
                let verdict = match status {
                    Status::Confident => l("confident", "确定"),
                    Status::Ambiguous => l("not sure", "不确定"),
                    Status::None => l("no match", "无匹配"),
                };
                let _ = write!(out, "   {}{colon}{verdict}", l("Diagnosis", "诊断"));
                if let Some(best) = best {
                    let _ = write!(out, ", `{best}` ({})", title_of(best));
                }
                let _ = writeln!(out);
                for e in evidence {
                    let _ = writeln!(out, "   - {e}");
                }
            }
        }
    }

    if !t.problems.is_empty() {
        let _ = writeln!(out, "\n## {}\n", l("Problems worked on", "处理过的问题"));
        for (k, p) in t.problems.iter().enumerate() {
            let _ = write!(out, "{}. **{}**", k + 1, verdict(p.outcome));
            if let (Some(node), Some(title)) = (&p.node, &p.title) {
                let _ = write!(out, "{colon}{title} (`{node}`)");
            }
            let others: Vec<String> = p
                .tried
                .iter()
                .filter(|id| Some(*id) != p.node.as_ref())
                .map(|id| format!("`{id}`"))
                .collect();
            if !others.is_empty() {
                let _ = write!(
                    out,
                    " · {}{colon}{}",
                    l("also tried", "还尝试了"),
                    others.join(", ")
                );
            }
            let _ = writeln!(out);
        }
    }

    if !t.remediations.is_empty() {
        let _ = writeln!(
            out,
            "\n## {}\n",
            l("Remediations shown", "显示过的解决方法")
        );
        for r in &t.remediations {
            let _ = writeln!(out, "### {} (`{}`)\n", r.title, r.node);
            if r.steps > 0 {
                let ticked = if r.ticked.is_empty() {
                    l("none", "无").to_owned()
                } else {
                    r.ticked
                        .iter()
                        .map(usize::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let steps = r.steps;
                let _ = writeln!(
                    out,
                    "- {}{colon}{ticked}{}",
                    l("Steps ticked", "已勾选的步骤"),
                    if lang == Lang::ZhCn {
                        format!("（共 {steps} 步）")
                    } else {
                        format!(" (of {steps})")
                    }
                );
                if let Some(node) = guide.node(&r.node) {
                    for (i, s) in node.steps.iter().enumerate() {
                        let mark = if r.ticked.contains(&(i + 1)) {
                            "x"
                        } else {
                            " "
                        };
                        let text: String =
                            s.get(lang).split_whitespace().collect::<Vec<_>>().join(" ");
                        let _ = writeln!(out, "  - [{mark}] {}. {text}", i + 1);
                    }
                }
            }
            let answer = match r.fixed {
                Some(f) => yes_no(f),
                None => l("not answered", "未回答"),
            };
            let _ = writeln!(out, "- {} {answer}\n", Ui::DidThisFixIt.text(lang));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::Sources;

    fn guide() -> Guide {
        Guide::load(&Sources::embedded()).guide.expect("loads")
    }

    fn ctx() -> Context {
        Context {
            date: "2026-11-28 10:00:00 +00:00".into(),
            source: "built-in".into(),
        }
    }

    /// A session that answers two questions, pastes an error with an e-mail address, a GUID
    /// and a storage key, opens the match, ticks two steps and says it did not help.
    fn session(g: &Guide) -> Session {
        let mut s = Session::new(g);
        s.enter("error-list", Via::Choice(2));
        let paste = "Could not save the lead to Dynamics CRM using AAD. Exception:: Tenant not found. \
                     user jane.doe@contoso.com tenant 72f988bf-86f1-41af-91ab-2d7cd011db47 \
                     DefaultEndpointsProtocol=https;AccountName=x;AccountKey=QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=;EndpointSuffix=core.windows.net";
        let m = crate::diagnose::Matcher::new(g);
        let d = m.diagnose(paste, Lang::En);
        s.record(Event::Pasted {
            text: paste.into(),
            status: d.status,
            best: d.best.clone(),
            evidence: d.candidates[0].evidence.clone(),
        });
        s.enter("dynamics-aad-tenant-not-found", Via::Diagnosis);
        s.toggle_step(0);
        s.toggle_step(2);
        s.enter(
            "dynamics-aad-invalid-tenant-id",
            Via::FollowUp { fixed: false },
        );
        s
    }

    #[test]
    fn markdown_records_the_session_with_personal_data_masked() {
        let g = guide();
        let s = session(&g);
        let md = render(&g, &s, Lang::En, &ctx(), Format::Markdown);
        for want in [
            "- Date: 2026-11-28 10:00:00 +00:00",
            "- Language: en",
            "2026.11.1 (built-in)",
            "- End state: **abandoned**",
            "(`start`) → **",
            "Pasted an error message",
            "Diagnosis: confident, `dynamics-aad-tenant-not-found`",
            "Opened the diagnosed error: Azure AD: tenant not found (`dynamics-aad-tenant-not-found`)",
            "Did this fix it? (`dynamics-aad-tenant-not-found`) → **no** → `dynamics-aad-invalid-tenant-id`",
            "- Steps ticked: 1, 3 (of 4)",
            "  - [x] 1. ",
            "  - [ ] 2. ",
            "user [e-mail] tenant 72f9****-****-****-****-********db47",
            "AccountKey=[redacted];EndpointSuffix=core.windows.net",
        ] {
            assert!(md.contains(want), "missing {want:?} in\n{md}");
        }
        for secret in ["jane.doe", "contoso.com", "86f1-41af", "QUJDREVG"] {
            assert!(!md.contains(secret), "{secret} leaked:\n{md}");
        }
    }

    #[test]
    fn json_has_every_field_and_the_end_state() {
        let g = guide();
        let mut s = session(&g);
        s.enter("support-ticket", Via::FollowUp { fixed: false });
        let json = render(&g, &s, Lang::En, &ctx(), Format::Json);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["outcome"], "escalated");
        assert_eq!(v["last_node"], "support-ticket");
        assert_eq!(v["content"]["version"], "2026.11.1");
        let steps = v["steps"].as_array().unwrap();
        let kinds: Vec<&str> = steps.iter().map(|s| s["kind"].as_str().unwrap()).collect();
        assert_eq!(
            kinds,
            ["start", "answer", "paste", "open", "follow_up", "follow_up"]
        );
        assert_eq!(steps[2]["status"], "confident");
        assert_eq!(steps[2]["best"], "dynamics-aad-tenant-not-found");
        assert!(!json.contains("jane.doe@contoso.com"));
        let r = &v["remediations"][0];
        assert_eq!(r["node"], "dynamics-aad-tenant-not-found");
        assert_eq!(r["ticked"], serde_json::json!([1, 3]));
        assert_eq!(r["fixed"], false);
    }

    #[test]
    fn chinese_transcript_and_fixed_outcome() {
        let g = guide();
        let mut s = Session::new(&g);
        s.enter("dest-azure-table", Via::Jump);
        s.enter("resolved", Via::FollowUp { fixed: true });
        let md = render(&g, &s, Lang::ZhCn, &ctx(), Format::Markdown);
        assert!(md.contains("- 结果：**已解决**"), "{md}");
        assert!(md.contains("- 已勾选的步骤：无（共 6 步）"), "{md}");
        assert!(
            md.contains("问题解决了吗？ (`dest-azure-table`) → **是**"),
            "{md}"
        );
    }

    #[test]
    fn steps_a_deep_link_filled_in_are_not_shown_as_chosen() {
        let g = guide();
        let mut s = Session::walked_to(&g, "dynamics-aad-tenant-not-found").unwrap();
        s.enter("resolved", Via::FollowUp { fixed: true });
        let md = render(&g, &s, Lang::En, &ctx(), Format::Markdown);
        assert!(
            md.contains(
                "→ **I have an error message** (`error-list`) · filled in by the deep link"
            ),
            "{md}"
        );
        let json = render(&g, &s, Lang::En, &ctx(), Format::Json);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["steps"][1]["linked"], true);
        assert_eq!(v["steps"][3]["kind"], "follow_up");
        assert!(v["steps"][3].get("linked").is_none());

        // A node no choice leads to is opened directly.
        let s = Session::walked_to(&g, "resolved").unwrap();
        let md = render(&g, &s, Lang::ZhCn, &ctx(), Format::Markdown);
        assert!(md.contains("2. 通过深层链接打开："), "{md}");
    }

    #[test]
    fn a_paste_holding_backticks_keeps_its_fence() {
        assert_eq!(fence("a ``` b"), "````");
        assert_eq!(fence("plain"), "```");
    }
}
