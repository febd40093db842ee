//! "Test my destination": choose the destination, give its URL, watch the check run (Esc
//! cancels), read the result and open its remediation.

use crate::guide::Lang;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use crate::destinations::azure_table::DEFAULT_TABLE;
use crate::guide::LiveCheck;
use crate::guide::i18n::live_check_label;
use crate::tui::app::App;
use crate::tui::live_check::{CONNECTION_VAR, KINDS, Stage};
use crate::tui::theme::Theme;
use crate::tui::wrap::paragraph;

pub struct CheckScreen<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

fn tr(zh: bool, en: &'static str, cn: &'static str) -> &'static str {
    if zh { cn } else { en }
}

impl Widget for &CheckScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = self.theme;
        let lang = app.lang;
        let zh = lang == Lang::ZhCn;
        let Some(check) = &app.check else { return };
        let mut lines: Vec<Line> = vec![
            Line::styled(tr(zh, "Test my destination", "测试我的目标"), t.title),
            Line::default(),
        ];
        match check.stage() {
            Stage::Choose => {
                lines.push(Line::styled(
                    tr(zh, "Which lead destination?", "哪个潜在客户目标？"),
                    t.accent,
                ));
                for (i, kind) in KINDS.iter().enumerate() {
                    let selected = i == check.choice;
                    lines.push(Line::from(vec![
                        Span::raw(if selected { "› " } else { "  " }),
                        Span::styled(
                            live_check_label(*kind, lang),
                            if selected { t.selected } else { t.text },
                        ),
                    ]));
                }
            }
            Stage::Input => match check.kind {
                Some(LiveCheck::AzureTable) if !check.secret_input() => {
                    lines.push(Line::styled(
                        live_check_label(LiveCheck::AzureTable, lang),
                        t.accent,
                    ));
                    lines.push(Line::default());
                    lines.push(Line::styled(
                        if zh {
                            format!("使用环境变量 {CONNECTION_VAR} 中的连接字符串（不会显示）。表：{DEFAULT_TABLE}（不存在时会创建）。")
                        } else {
                            format!("Uses the connection string in {CONNECTION_VAR} (never shown). Table: {DEFAULT_TABLE} (created if missing).")
                        },
                        t.text,
                    ));
                    lines.push(Line::default());
                    lines.push(Line::styled(
                        tr(
                            zh,
                            "› Enter: insert a test lead and read it back · Esc: back",
                            "› Enter：插入测试潜在客户并读回 · Esc：返回",
                        ),
                        t.selected,
                    ));
                }
                kind => {
                    let (prompt, hint): (String, String) = match kind {
                        Some(LiveCheck::Dynamics) => (
                            tr(
                                zh,
                                "Your Dynamics 365 instance URL, such as https://contoso.crm4.dynamics.com:",
                                "你的 Dynamics 365 实例 URL，例如 https://contoso.crm4.dynamics.com：",
                            )
                            .into(),
                            tr(zh, "Enter: check it · Esc: back", "Enter：检查 · Esc：返回").into(),
                        ),
                        Some(LiveCheck::AzureTable) => {
                            if zh {
                                (
                                    format!("未设置 {CONNECTION_VAR}。请粘贴存储帐户的连接字符串（Azure 门户 > 存储帐户 >“访问密钥”>“连接字符串”）。它只用于本次检查：不会显示、保存或写入会话记录。"),
                                    format!("Enter：将测试潜在客户插入 {DEFAULT_TABLE}（不存在时会创建）并读回 · Esc：返回"),
                                )
                            } else {
                                (
                                    format!("{CONNECTION_VAR} is not set. Paste the storage account's connection string (Azure portal > storage account > Access keys > Connection string). It is used for this check only: never shown, saved or written to a transcript."),
                                    format!("Enter: insert a test lead into {DEFAULT_TABLE} (created if missing) and read it back · Esc: back"),
                                )
                            }
                        }
                        _ => (
                            tr(
                                zh,
                                "The HTTP POST URL of your flow, as in Partner Center:",
                                "流的 HTTP POST URL（与合作伙伴中心中的相同）：",
                            )
                            .into(),
                            tr(
                                zh,
                                "Enter: send a test lead (MSFT_TEST_…) · Esc: back",
                                "Enter：发送测试潜在客户 (MSFT_TEST_…) · Esc：返回",
                            )
                            .into(),
                        ),
                    };
                    // Title, prompt (as many rows as it wraps to), the field, the hint.
                    let prompt = paragraph(&[Line::styled(prompt, t.accent)], area.width);
                    let rows = prompt.line_count(area.width) as u16;
                    let [head, ask, field, tail] = Layout::vertical([
                        Constraint::Length(2),
                        Constraint::Length(rows),
                        Constraint::Length(3),
                        Constraint::Fill(1),
                    ])
                    .areas(area);
                    Paragraph::new(lines).render(head, buf);
                    prompt.render(ask, buf);
                    let block = Block::default()
                        .borders(Borders::ALL)
                        .border_style(t.accent);
                    let inner = block.inner(field);
                    block.render(field, buf);
                    if app.presenter && !check.secret_input() {
                        // On a shared screen the URL shows with its secrets (`sig=`, `code=`)
                        // masked, its end in view as the field would show it.
                        let shown = crate::redact::secrets(&check.field.lines().join(""));
                        let chars: Vec<char> = shown.chars().collect();
                        let room = (inner.width as usize).saturating_sub(1);
                        let tail: String =
                            chars[chars.len().saturating_sub(room)..].iter().collect();
                        Paragraph::new(Line::styled(tail, t.text)).render(inner, buf);
                    } else {
                        check.field.render(inner, buf);
                    }
                    paragraph(&[Line::styled(hint, t.dim)], tail.width).render(tail, buf);
                    return;
                }
            },
            Stage::Running => {
                let r = check.running.as_ref().expect("running");
                // Presenter mode: nothing moves on its own.
                let progress = if app.presenter {
                    String::from("…")
                } else {
                    let frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
                    let elapsed = r.started.elapsed();
                    format!(
                        "{} {} s",
                        frames[(elapsed.as_millis() / 100) as usize % frames.len()],
                        elapsed.as_secs()
                    )
                };
                lines.push(Line::styled(
                    format!("{} {} {progress}", tr(zh, "Checking", "正在检查"), r.target),
                    t.accent,
                ));
                lines.push(Line::styled(tr(zh, "Esc cancels", "按 Esc 取消"), t.dim));
            }
            Stage::Done => {
                let report = check.report.as_ref().expect("done");
                let text = crate::destinations::text::report(report, lang.tag());
                for (i, l) in text.lines().enumerate() {
                    let style = match (i, report.ok) {
                        (0, true) => t.ok,
                        (0, false) => t.error,
                        _ => t.text,
                    };
                    lines.push(Line::styled(l.to_owned(), style));
                }
                if let Some(id) = report.remediation {
                    let title = app.guide.node(id).map_or(id, |n| n.title.get(lang));
                    lines.push(Line::default());
                    lines.push(Line::from(vec![
                        Span::raw("› "),
                        Span::styled(format!("→ {title}"), t.selected),
                        Span::styled(format!("  ({id})"), t.dim),
                    ]));
                }
                lines.push(Line::styled(
                    tr(
                        zh,
                        "Enter: open it · F5: try again · Esc: back",
                        "Enter：打开 · F5：重试 · Esc：返回",
                    ),
                    t.dim,
                ));
            }
        }
        paragraph(&lines, area.width).render(area, buf);
    }
}
