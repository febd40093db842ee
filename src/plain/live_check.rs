//! "Test my destination" in plain mode: the same forms as the wizard (the fields of each
//! destination's `leadwiz validate` flags), asked for line by line, secrets through a masked
//! prompt on a terminal. The check runs to its end (or its timeout) before the next prompt;
//! Ctrl-C ends leadwiz.

use crate::guide::Lang;
use std::io::{self, BufRead, Write};

use super::{Flow, Plain, tr};
use crate::destinations::live_form::{Form, Required};
use crate::destinations::{self, live, live_form};
use crate::guide::LiveCheck;
use crate::guide::i18n::live_check_label;
use crate::session::Via;

/// What a prompt got.
enum Answer {
    Value(String),
    Leave(Flow),
}

impl<R: BufRead, W: Write> Plain<'_, R, W> {
    /// Runs the check `offered` (asking which one first when the guide lets the user choose):
    /// asks for its fields, prints its report stage by stage and offers to open the remediation
    /// it points to.
    pub(super) fn live_check(&mut self, offered: LiveCheck) -> io::Result<Flow> {
        let kind = match offered {
            LiveCheck::Any => match self.ask_kind()? {
                Ok(kind) => kind,
                Err(flow) => return Ok(flow),
            },
            kind => kind,
        };
        let page = self.session.current().to_owned();
        let Some(mut form) = Form::for_page(kind, &page) else {
            return Ok(Flow::Redraw);
        };
        let zh = self.lang == Lang::ZhCn;
        writeln!(self.out)?;
        writeln!(
            self.out,
            "{} — {}",
            self.l("Test my destination", "测试我的目标"),
            form.title(zh)
        )?;
        if form.other_sign_in() != form {
            match self.ask_sign_in(form)? {
                Ok(f) => form = f,
                Err(flow) => return Ok(flow),
            }
        }
        writeln!(
            self.out,
            "{}",
            self.l(
                "b goes back, q quits. Secrets are not shown as you type and never saved or written to the transcript.",
                "输入 b 返回，q 退出。机密在输入时不显示，也不会保存或写入会话记录。"
            )
        )?;
        let fields = form.fields();
        let mut values: Vec<String> = fields.iter().map(|f| f.default.to_owned()).collect();
        let mut ask: Vec<usize> = (0..fields.len()).collect();
        let env = |var: &str| std::env::var(var).ok().filter(|v| !v.trim().is_empty());
        let prepared = loop {
            for i in std::mem::take(&mut ask) {
                match self.ask_field(form, i, &env)? {
                    Answer::Value(v) => values[i] = v,
                    Answer::Leave(flow) => return Ok(flow),
                }
            }
            match live_form::prepare(form, &values, &env, false, destinations::DEFAULT_TIMEOUT) {
                Ok(p) => break p,
                Err(invalid) => {
                    let colon = if zh { "：" } else { ": " };
                    writeln!(
                        self.out,
                        "✗ {}{colon}{}",
                        fields[invalid.field].label(zh),
                        invalid.message.get(self.lang)
                    )?;
                    ask.push(invalid.field);
                }
            }
        };
        // The test lead: the question the command asks with --send-test-lead.
        let question = format!("{} [y/N] > ", live_form::confirmation(&prepared.target, zh));
        let Some(answer) = self.prompt(&question)? else {
            return Ok(Flow::EndOfInput);
        };
        let send = matches!(answer.trim().to_lowercase().as_str(), "y" | "yes" | "是");
        let Ok(prepared) =
            live_form::prepare(form, &values, &env, send, destinations::DEFAULT_TIMEOUT)
        else {
            return Ok(Flow::Redraw);
        };
        writeln!(
            self.out,
            "{} {} …",
            self.l("Checking", "正在检查"),
            prepared.target
        )?;
        self.out.flush()?;
        let v = destinations::block_on(prepared.check);
        writeln!(self.out)?;
        let text =
            crate::validate::render::text(&v, Some(self.guide), self.lang, &prepared.secrets);
        write!(self.out, "{text}")?;
        self.session.record(v.event(self.lang, &prepared.secrets));
        match v.remediation {
            Some(id) if self.guide.node(id).is_some() => self.offer_to_open(id, Via::Related),
            _ => Ok(Flow::Redraw),
        }
    }

    /// Asks how Partner Center signs in to Dynamics 365; Enter keeps `form` (the page's).
    fn ask_sign_in(&mut self, form: Form) -> io::Result<Result<Form, Flow>> {
        let zh = self.lang == Lang::ZhCn;
        let options = [Form::DynamicsApp, Form::DynamicsUser];
        writeln!(self.out, "{}", self.l("Sign in as:", "登录方式："))?;
        for (i, f) in options.iter().enumerate() {
            let label = match f {
                Form::DynamicsApp => tr(self.lang, "an Entra ID application", "Entra ID 应用程序"),
                _ => tr(self.lang, "an Office 365 user", "Office 365 用户"),
            };
            let mark = if *f == form { " *" } else { "" };
            writeln!(self.out, "  {}. {label}{mark}", i + 1)?;
        }
        loop {
            let question = if zh {
                "[1-2 选择 · Enter 使用 * · b 返回] > "
            } else {
                "[1-2 choose · Enter for * · b back] > "
            };
            let Some(answer) = self.prompt(question)? else {
                return Ok(Err(Flow::EndOfInput));
            };
            match answer.trim() {
                "" => return Ok(Ok(form)),
                "b" => return Ok(Err(Flow::Redraw)),
                "q" | "Q" => return Ok(Err(Flow::Quit)),
                "1" => return Ok(Ok(options[0])),
                "2" => return Ok(Ok(options[1])),
                _ => {}
            }
        }
    }

    /// Asks for field `i` of `form`: a line, or the masked prompt for a secret.
    fn ask_field(
        &mut self,
        form: Form,
        i: usize,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> io::Result<Answer> {
        let zh = self.lang == Lang::ZhCn;
        let f = form.fields()[i];
        let label = f.label(zh);
        if let Some(var) = f.secret_var {
            let from_env = env(var).is_some();
            let what = match (from_env, zh) {
                (true, false) => format!("{label} (Enter: use {var})"),
                (true, true) => format!("{label}（Enter：使用 {var}）"),
                (false, _) => label.to_owned(),
            };
            if let Some(f) = &mut self.checkpoint {
                f(&self.session, self.lang);
            }
            let secret = match &mut self.secret_reader {
                Some(read) => match read(&what, self.lang) {
                    Ok(s) => s,
                    // Esc or Ctrl-C at the masked prompt: back to the page.
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                        return Ok(Answer::Leave(Flow::Redraw));
                    }
                    Err(e) => return Err(e),
                },
                None => {
                    let prompt = if zh {
                        format!("{what}（不会保存或写入会话记录）> ")
                    } else {
                        format!("{what} (never saved or written to the transcript) > ")
                    };
                    let Some(line) = self.prompt(&prompt)? else {
                        return Ok(Answer::Leave(Flow::EndOfInput));
                    };
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            return Ok(Answer::Value(secret));
        }
        let optional = f.required != Required::Yes;
        let mut question = format!("{label} ({}", f.example(zh));
        if !f.default.is_empty() {
            question.push_str(&format!(
                "{}{}",
                if zh { "，Enter：" } else { "; Enter: " },
                f.default
            ));
        } else if optional
            && !f
                .example(zh)
                .starts_with(if zh { "可选" } else { "optional" })
        {
            question.push_str(if zh { "，可选" } else { "; optional" });
        }
        question.push_str(") > ");
        let Some(answer) = self.prompt(&question)? else {
            return Ok(Answer::Leave(Flow::EndOfInput));
        };
        Ok(match answer.trim() {
            "b" => Answer::Leave(Flow::Redraw),
            "q" | "Q" => Answer::Leave(Flow::Quit),
            // The first field left empty: back, as before a form was asked for.
            "" if i == 0 && f.default.is_empty() => Answer::Leave(Flow::Redraw),
            "" => Answer::Value(f.default.to_owned()),
            v => Answer::Value(v.to_owned()),
        })
    }

    /// Asks which destination to test; `Err` when the user leaves instead.
    fn ask_kind(&mut self) -> io::Result<Result<LiveCheck, Flow>> {
        let lang = self.lang;
        writeln!(self.out)?;
        writeln!(
            self.out,
            "{}",
            tr(lang, "Which lead destination?", "哪个潜在客户目标？")
        )?;
        for (i, kind) in live::KINDS.iter().enumerate() {
            writeln!(self.out, "  {}. {}", i + 1, live_check_label(*kind, lang))?;
        }
        loop {
            let question = format!(
                "[1-{} {} · b {}] > ",
                live::KINDS.len(),
                tr(lang, "choose", "选择"),
                tr(lang, "back", "返回")
            );
            let Some(answer) = self.prompt(&question)? else {
                return Ok(Err(Flow::EndOfInput));
            };
            match answer.trim() {
                "" | "b" => return Ok(Err(Flow::Redraw)),
                "q" | "Q" => return Ok(Err(Flow::Quit)),
                n => {
                    if let Some(kind) = n
                        .parse::<usize>()
                        .ok()
                        .and_then(|n| live::KINDS.get(n.wrapping_sub(1)))
                    {
                        return Ok(Ok(*kind));
                    }
                }
            }
        }
    }
}
