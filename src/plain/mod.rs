//! Plain mode: the wizard as numbered text, one line of input per answer, for screen readers,
//! dumb terminals and scripts (`printf '3\n1\nq\n' | leadwiz --plain`). No box drawing, no
//! colour, no escape sequences. Reads and writes any `BufRead`/`Write`, so tests drive it
//! directly.

mod live_check;

use std::io::{self, BufRead, Write};

use crate::diagnose::{Matcher, Status, normalise::MAX_INPUT};
use crate::export;
use crate::guide::i18n::{Ui, live_check_label};
use crate::guide::{Guide, Lang, LiveCheck, Node};
use crate::session::{Event, Session, Via};

/// What a number chooses on the current screen.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pick {
    Choice(usize),
    /// "Test my destination".
    LiveCheck(LiveCheck),
    FollowUp(bool),
    Related(String),
}

fn tr(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    lang.pick(en, zh)
}

pub struct Plain<'g, R, W> {
    guide: &'g Guide,
    matcher: Matcher,
    lang: Lang,
    pub session: Session,
    input: R,
    out: W,
    /// Told the session and language each time input is awaited (see `on_prompt`).
    checkpoint: Option<Checkpoint<'g>>,
    /// Reads a secret without showing it (a terminal); `None`: a line of the input.
    secret_reader: Option<SecretReader<'g>>,
}

/// What `on_prompt` calls.
type Checkpoint<'g> = Box<dyn FnMut(&Session, Lang) + 'g>;

/// Reads a secret: given what is asked for and the language.
type SecretReader<'g> = Box<dyn FnMut(&str, Lang) -> io::Result<String> + 'g>;

/// What happens after a command.
enum Flow {
    /// Stay at the prompt (the screen is still current).
    Stay,
    /// Print the (new) current screen.
    Redraw,
    Quit,
    EndOfInput,
}

/// Why the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Quit,
    EndOfInput,
}

/// A node reached this many times on one path is a loop in the guide: plain mode stops there
/// (8,000 answers round a loop printed 225 MB).
const MAX_VISITS: usize = 50;
/// At most this many answers of the breadcrumb are printed on each screen.
const MAX_CRUMBS: usize = 8;

impl<'g, R: BufRead, W: Write> Plain<'g, R, W> {
    /// Whether the current node was reached `MAX_VISITS` times on the path.
    fn looping(&self) -> bool {
        let current = self.session.current();
        self.session
            .path()
            .iter()
            .filter(|(node, _)| *node == current)
            .count()
            >= MAX_VISITS
    }

    pub fn new(guide: &'g Guide, lang: Lang, session: Session, input: R, out: W) -> Self {
        Plain {
            guide,
            matcher: Matcher::new(guide),
            lang,
            session,
            input,
            out,
            checkpoint: None,
            secret_reader: None,
        }
    }

    /// Reads secrets (a client secret, a password) with `f` instead of a line of the input: a
    /// masked prompt on a terminal.
    pub fn read_secrets_with(&mut self, f: impl FnMut(&str, Lang) -> io::Result<String> + 'g) {
        self.secret_reader = Some(Box::new(f));
    }

    /// Calls `f` with the session and language each time input is awaited, so that a signal
    /// arriving while leadwiz waits (Ctrl-C) can still write the transcript.
    pub fn on_prompt(&mut self, f: impl FnMut(&Session, Lang) + 'g) {
        self.checkpoint = Some(Box::new(f));
    }

    /// The language now (the user may switch it with `L`).
    pub fn lang(&self) -> Lang {
        self.lang
    }

    fn l(&self, en: &'static str, zh: &'static str) -> &'static str {
        tr(self.lang, en, zh)
    }

    fn current(&self) -> &'g Node {
        self.guide
            .node(self.session.current())
            .unwrap_or_else(|| self.guide.start())
    }

    /// The numbered options of the current node.
    fn options(&self) -> Vec<Pick> {
        let node = self.current();
        let mut options: Vec<Pick> = (0..node.choices.len()).map(Pick::Choice).collect();
        // "Test my destination" where the guide offers it, and on every page whose fix a
        // check confirms.
        let check = node
            .live_check
            .or_else(|| crate::destinations::live::confirms(&node.id));
        options.extend(check.map(Pick::LiveCheck));
        if self.guide.follow_up(node).is_some() {
            options.push(Pick::FollowUp(true));
            options.push(Pick::FollowUp(false));
        }
        options.extend(
            node.related
                .iter()
                .filter(|id| self.guide.node(id).is_some())
                .cloned()
                .map(Pick::Related),
        );
        options
    }

    /// Reads one line without its line end; `None` at end of input.
    fn read_line(&mut self) -> io::Result<Option<String>> {
        let mut line = String::new();
        // A line longer than the paste limit is read in full but only its start is kept.
        let mut kept = Vec::new();
        let n = <&mut R as io::Read>::take(&mut self.input, MAX_INPUT as u64 + 4)
            .read_until(b'\n', &mut kept)?;
        if n == 0 {
            return Ok(None);
        }
        if !kept.ends_with(b"\n") && n == MAX_INPUT + 4 {
            // Drop the rest of an over-long line as it is read, never holding it.
            loop {
                let buf = self.input.fill_buf()?;
                if buf.is_empty() {
                    break;
                }
                match buf.iter().position(|&b| b == b'\n') {
                    Some(end) => {
                        self.input.consume(end + 1);
                        break;
                    }
                    None => {
                        let all = buf.len();
                        self.input.consume(all);
                    }
                }
            }
        }
        line.push_str(&String::from_utf8_lossy(&kept));
        while line.ends_with(['\n', '\r']) {
            line.pop();
        }
        Ok(Some(line))
    }

    fn prompt(&mut self, text: &str) -> io::Result<Option<String>> {
        if let Some(f) = &mut self.checkpoint {
            f(&self.session, self.lang);
        }
        write!(self.out, "{text}")?;
        self.out.flush()?;
        self.read_line()
    }

    /// Prints the current screen: where the user is, the node, and its numbered options.
    fn screen(&mut self) -> io::Result<()> {
        let node = self.current();
        let lang = self.lang;
        let crumbs = self.session.breadcrumb(self.guide, lang);
        let step = format!("{} {}", self.l("Step", "第"), crumbs.len() + 1) + self.l("", " 步");
        writeln!(self.out)?;
        if crumbs.is_empty() {
            writeln!(self.out, "{step}")?;
        } else {
            // The last answers only: a long path is not printed again on every screen.
            let shown = crumbs.len().min(MAX_CRUMBS);
            let cut = if shown < crumbs.len() { "… > " } else { "" };
            writeln!(
                self.out,
                "{step} · {cut}{}",
                crumbs[crumbs.len() - shown..].join(" > ")
            )?;
        }
        writeln!(self.out)?;
        write!(self.out, "{}", export::text::head(node, lang))?;
        write!(self.out, "{}", export::text::tail(node, lang))?;
        let options = self.options();
        let mut asked = false;
        let mut related_heading = false;
        if !options.is_empty() {
            writeln!(self.out)?;
        }
        for (k, o) in options.iter().enumerate() {
            let n = k + 1;
            match o {
                Pick::Choice(i) => {
                    let c = &node.choices[*i];
                    writeln!(self.out, "  {n}. {}", c.label.get(lang))?;
                    if let Some(h) = &c.hint {
                        writeln!(self.out, "     {}", h.get(lang))?;
                    }
                }
                Pick::LiveCheck(kind) => {
                    writeln!(self.out, "  {n}. {}", live_check_label(*kind, lang))?;
                }
                Pick::FollowUp(yes) => {
                    if !asked {
                        writeln!(self.out, "{}", Ui::DidThisFixIt.text(lang))?;
                        asked = true;
                    }
                    let label = if *yes {
                        self.l("Yes, it works now", "是，现在正常了")
                    } else {
                        self.l(
                            "No, show me the next thing to try",
                            "否，显示下一步可以尝试的方法",
                        )
                    };
                    writeln!(self.out, "  {n}. {label}")?;
                }
                Pick::Related(id) => {
                    if !related_heading {
                        writeln!(self.out, "{}", Ui::Related.heading(lang))?;
                        related_heading = true;
                    }
                    let title = export::title_of(self.guide, id, lang);
                    writeln!(self.out, "  {n}. {title} ({id})")?;
                }
            }
        }
        Ok(())
    }

    fn commands_line(&self, options: usize) -> String {
        let mut parts = Vec::new();
        match options {
            0 => {}
            1 => parts.push(format!("1 {}", self.l("choose", "选择"))),
            n => parts.push(format!("1-{n} {}", self.l("choose", "选择"))),
        }
        if !self.current().steps.is_empty() {
            parts.push(format!("t N {}", self.l("tick step N", "勾选第 N 步")));
        }
        for (k, en, zh) in [
            ("b", "back", "返回"),
            ("g", "start", "开始"),
            ("p", "paste an error", "粘贴错误"),
            ("?", "help", "帮助"),
            ("q", "quit", "退出"),
        ] {
            parts.push(format!("{k} {}", tr(self.lang, en, zh)));
        }
        format!("[{}] > ", parts.join(" · "))
    }

    fn help(&mut self) -> io::Result<()> {
        let lines: [(&str, &str, &str); 8] = [
            ("N", "choose option N", "选择第 N 项"),
            ("t N", "tick or untick step N", "勾选或取消勾选第 N 步"),
            ("b", "back one step", "返回上一步"),
            ("g", "back to the start", "回到开始"),
            (
                "p",
                "paste an error message, end it with a line holding only .",
                "粘贴错误消息，以只含 . 的一行结束",
            ),
            ("L", "switch language", "切换语言"),
            ("?", "this help", "本帮助"),
            (
                "q",
                "quit (end of input quits too)",
                "退出（输入结束也会退出）",
            ),
        ];
        writeln!(self.out)?;
        for (k, en, zh) in lines {
            writeln!(self.out, "  {k:<4} {}", tr(self.lang, en, zh))?;
        }
        writeln!(
            self.out,
            "\n{}: leadwiz --goto {}",
            self.l("Share this page", "分享此页"),
            self.session.current()
        )?;
        Ok(())
    }

    /// Runs until `q` or the end of input.
    pub fn run(&mut self) -> io::Result<End> {
        self.screen()?;
        loop {
            let options = self.options();
            let Some(line) = self.prompt(&self.commands_line(options.len()))? else {
                writeln!(self.out)?;
                return Ok(End::EndOfInput);
            };
            let cmd = line.trim();
            let flow = match cmd {
                "" => Flow::Stay,
                "q" | "Q" => Flow::Quit,
                "?" | "h" => {
                    self.help()?;
                    Flow::Stay
                }
                "b" => {
                    if !self.session.back() {
                        writeln!(
                            self.out,
                            "{}",
                            self.l("Already at the start.", "已经在开始处。")
                        )?;
                    }
                    Flow::Redraw
                }
                "g" => {
                    self.session.restart();
                    Flow::Redraw
                }
                "L" => {
                    self.lang = self.guide.meta.next_language(self.lang);
                    self.session.record(Event::Language(self.lang));
                    Flow::Redraw
                }
                "p" => self.paste()?,
                _ => {
                    let tick = cmd
                        .strip_prefix('t')
                        .or_else(|| cmd.strip_prefix('x'))
                        .map(|n| n.trim().parse::<usize>());
                    let steps = self.current().steps.len();
                    match (tick, cmd.parse::<usize>()) {
                        (Some(Ok(n)), _) if (1..=steps).contains(&n) => {
                            let done = self.session.toggle_step(n - 1);
                            let mark = if done { "[x]" } else { "[ ]" };
                            let text = self.current().steps[n - 1].get(self.lang);
                            writeln!(self.out, "{mark} {n}. {text}")?;
                            Flow::Stay
                        }
                        (_, Ok(n)) if (1..=options.len()).contains(&n) => {
                            self.choose(&options[n - 1])?
                        }
                        _ => {
                            let msg = match (options.len(), steps) {
                                (0, 0) => self
                                    .l("Type b, g, p or q.", "请输入 b、g、p 或 q。")
                                    .to_owned(),
                                (0, s) => format!(
                                    "{} 1-{s}.",
                                    self.l(
                                        "Type b, g, p, q or t with a step number",
                                        "请输入 b、g、p、q，或 t 加步骤编号"
                                    )
                                ),
                                (n, _) => format!(
                                    "{} 1-{n}, {}",
                                    self.l("Type a number", "请输入编号"),
                                    self.l("or b, g, p, q.", "或 b、g、p、q。")
                                ),
                            };
                            writeln!(self.out, "{msg}")?;
                            Flow::Stay
                        }
                    }
                }
            };
            match flow {
                Flow::Stay => {}
                Flow::Redraw if self.looping() => {
                    let id = self.session.current().to_owned();
                    writeln!(self.out)?;
                    if self.lang == Lang::ZhCn {
                        writeln!(
                            self.out,
                            "此指南陷入循环：此路径已 {MAX_VISITS} 次到达 `{id}`。leadwiz 在此停止；`leadwiz check` 会指出该循环。"
                        )?;
                    } else {
                        writeln!(
                            self.out,
                            "This guide goes round in a loop: this path has reached `{id}` {MAX_VISITS} times. leadwiz stops here; `leadwiz check` shows the loop."
                        )?;
                    }
                    return Ok(End::Quit);
                }
                Flow::Redraw => self.screen()?,
                Flow::Quit => return Ok(End::Quit),
                Flow::EndOfInput => {
                    writeln!(self.out)?;
                    return Ok(End::EndOfInput);
                }
            }
        }
    }

    fn choose(&mut self, option: &Pick) -> io::Result<Flow> {
        let node = self.current();
        match option {
            Pick::LiveCheck(kind) => return self.live_check(*kind),
            Pick::Choice(i) => {
                let next = node.choices[*i].next.clone();
                self.session.enter(next, Via::Choice(*i));
            }
            Pick::FollowUp(yes) => {
                if let Some((fixed, not_fixed)) = self.guide.follow_up(node) {
                    let target = if *yes { fixed } else { not_fixed };
                    self.session.enter(target, Via::FollowUp { fixed: *yes });
                }
            }
            Pick::Related(id) => self.session.enter(id.clone(), Via::Related),
        }
        Ok(Flow::Redraw)
    }

    /// Asks whether to open `id` (the answer a diagnosis or a check points to); Enter or `y`
    /// opens it.
    fn offer_to_open(&mut self, id: &str, via: Via) -> io::Result<Flow> {
        let title = export::title_of(self.guide, id, self.lang);
        let question = if self.lang == Lang::ZhCn {
            format!("打开“{title}”({id})？[Y/n] > ")
        } else {
            format!("Open {title} ({id})? [Y/n] > ")
        };
        let Some(answer) = self.prompt(&question)? else {
            return Ok(Flow::EndOfInput);
        };
        match answer.trim() {
            "q" | "Q" => return Ok(Flow::Quit),
            "" | "y" | "Y" | "yes" | "是" => self.session.enter(id, via),
            _ => {}
        }
        Ok(Flow::Redraw)
    }

    /// Reads a pasted error up to a line holding only `.` (or the end of input), prints the
    /// diagnosis and offers to open it.
    fn paste(&mut self) -> io::Result<Flow> {
        writeln!(
            self.out,
            "{}",
            self.l(
                "Paste the error message, then a line with only a full stop (.):",
                "粘贴错误消息，然后输入只含句点 (.) 的一行："
            )
        )?;
        self.out.flush()?;
        let mut text = String::new();
        let mut ended = false;
        loop {
            match self.read_line()? {
                None => {
                    ended = true;
                    break;
                }
                Some(l) if l.trim_end() == "." => break,
                Some(l) => {
                    if text.len() <= MAX_INPUT {
                        text.push_str(&l);
                        text.push('\n');
                    }
                }
            }
        }
        let lang = self.lang;
        let d = self.matcher.diagnose(&text, lang);
        writeln!(self.out)?;
        write!(
            self.out,
            "{}",
            export::diagnosis::text(self.guide, &d, lang)
        )?;
        self.session.record(Event::pasted(text.trim_end(), &d));
        if ended {
            return Ok(Flow::EndOfInput);
        }
        match d.status {
            Status::Confident => {
                let id = d.candidates[0].id.clone();
                self.offer_to_open(&id, Via::Diagnosis)
            }
            Status::Ambiguous => {
                // The diagnosis above lists the candidates, numbered.
                let question = format!(
                    "{} 1-{} {} > ",
                    self.l("Open which? Type", "打开哪一个？输入"),
                    d.candidates.len(),
                    self.l("or press Enter to stay", "，或按 Enter 留在此处")
                );
                let Some(answer) = self.prompt(&question)? else {
                    return Ok(Flow::EndOfInput);
                };
                if matches!(answer.trim(), "q" | "Q") {
                    return Ok(Flow::Quit);
                }
                if let Ok(n) = answer.trim().parse::<usize>()
                    && let Some(c) = d.candidates.get(n.wrapping_sub(1))
                {
                    self.session.enter(c.id.clone(), Via::Diagnosis);
                }
                Ok(Flow::Redraw)
            }
            Status::None => Ok(Flow::Redraw),
        }
    }
}
