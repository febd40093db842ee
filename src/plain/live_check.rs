//! "Test my destination" in plain mode: the same checks as the wizard, asked for line by line.
//! The check runs to its end (or its timeout) before the next prompt; Ctrl-C ends leadwiz.

use crate::guide::Lang;
use std::io::{self, BufRead, Write};

use super::{Flow, Plain, tr};
use crate::destinations::{self, live, text};
use crate::guide::LiveCheck;
use crate::guide::i18n::live_check_label;
use crate::session::Via;

impl<R: BufRead, W: Write> Plain<'_, R, W> {
    /// Runs the check `offered` (asking which one first when the guide lets the user choose),
    /// prints its report and offers to open the remediation it points to.
    pub(super) fn live_check(&mut self, offered: LiveCheck) -> io::Result<Flow> {
        let kind = match offered {
            LiveCheck::Any => match self.ask_kind()? {
                Ok(kind) => kind,
                Err(flow) => return Ok(flow),
            },
            kind => kind,
        };
        let connection = std::env::var(live::CONNECTION_VAR).ok();
        let url = match kind {
            LiveCheck::AzureTable => {
                if connection.is_none() {
                    let var = live::CONNECTION_VAR;
                    let msg = if self.lang == Lang::ZhCn {
                        format!(
                            "未设置 {var}。请将存储账户的连接字符串放入该环境变量后再次运行 leadwiz，或运行 `leadwiz test-lead azure-table --connection-string-file FILE`。"
                        )
                    } else {
                        format!(
                            "{var} is not set. Put the storage account's connection string in it and run leadwiz again, or run `leadwiz test-lead azure-table --connection-string-file FILE`."
                        )
                    };
                    writeln!(self.out, "{msg}")?;
                    return Ok(Flow::Redraw);
                }
                String::new()
            }
            _ => {
                let question = match kind {
                    LiveCheck::Dynamics => self.l(
                        "Dynamics 365 instance URL (https://….crm.dynamics.com), or Enter to go back > ",
                        "Dynamics 365 实例 URL（https://….crm.dynamics.com），或按 Enter 返回 > ",
                    ),
                    _ => self.l(
                        "URL of your HTTPS endpoint (the Power Automate flow's URL), or Enter to go back > ",
                        "HTTPS 终结点的 URL（Power Automate 流的 URL），或按 Enter 返回 > ",
                    ),
                };
                let Some(answer) = self.prompt(question)? else {
                    return Ok(Flow::EndOfInput);
                };
                match answer.trim() {
                    "" | "b" => return Ok(Flow::Redraw),
                    "q" | "Q" => return Ok(Flow::Quit),
                    url => url.to_owned(),
                }
            }
        };
        let Some((target, check)) = live::prepare(
            kind,
            &url,
            connection.as_deref(),
            destinations::DEFAULT_TIMEOUT,
        ) else {
            return Ok(Flow::Redraw);
        };
        writeln!(self.out, "{} {target} …", self.l("Checking", "正在检查"))?;
        self.out.flush()?;
        let report = destinations::block_on(check);
        writeln!(self.out)?;
        write!(self.out, "{}", text::report(&report, self.lang.tag()))?;
        self.session.record(report.event(self.lang.tag()));
        match report.remediation {
            Some(id) if self.guide.node(id).is_some() => self.offer_to_open(id, Via::Related),
            _ => Ok(Flow::Redraw),
        }
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
