//! "Test my destination": choose the destination, fill in its form, confirm the test lead,
//! watch the check run (Esc cancels), read the result stage by stage and open its remediation.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, StatefulWidget, Widget};

use crate::destinations::live_form::{self, Form};
use crate::guide::Lang;
use crate::guide::i18n::live_check_label;
use crate::tui::app::App;
use crate::tui::live_check::{CheckState, FormState, KINDS, Row, Stage};
use crate::tui::screens::node::{code_spans, hanging};
use crate::tui::theme::Theme;
use crate::tui::wrap::{paragraph, wrap, wrap_line};
use crate::width::display_width;

pub struct CheckScreen<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

fn tr(zh: bool, en: &'static str, cn: &'static str) -> &'static str {
    if zh { cn } else { en }
}

/// Draws the screen and reports the result's rows scrolled and the most it can scroll.
impl StatefulWidget for &CheckScreen<'_> {
    type State = (u16, u16);

    fn render(self, area: Rect, buf: &mut Buffer, shown: &mut (u16, u16)) {
        let app = self.app;
        let t = self.theme;
        let lang = app.lang();
        let zh = lang == Lang::ZhCn;
        let Some(check) = app.check() else { return };
        let mut title = tr(zh, "Test my destination", "测试我的目标").to_owned();
        if let Some(form) = &check.form {
            title.push_str(" — ");
            title.push_str(form.form.title(zh));
        }
        let mut lines: Vec<Line> = vec![Line::styled(title, t.title), Line::default()];
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
                        Span::raw(format!("{}. ", i + 1)),
                        Span::styled(
                            live_check_label(*kind, lang),
                            if selected { t.selected } else { t.text },
                        ),
                    ]));
                }
            }
            Stage::Input => {
                let form = check.form.as_ref().expect("a form");
                render_form(self, check, form, lines, area, buf);
                return;
            }
            Stage::Confirm => {
                let target = check.confirming.as_deref().unwrap_or_default();
                lines.push(Line::styled(live_form::confirmation(target, zh), t.accent));
                lines.push(Line::default());
                lines.push(Line::styled(
                    tr(
                        zh,
                        "y: send it · n or Enter: do not send it, run the other stages · Esc: back to the form",
                        "y：发送 · n 或 Enter：不发送，运行其他阶段 · Esc：返回表单",
                    ),
                    t.selected,
                ));
            }
            Stage::Running => {
                let r = check.running.as_ref().expect("running");
                // Presenter mode: nothing moves on its own.
                let progress = if app.presenter() {
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
                lines.push(Line::styled(
                    tr(
                        zh,
                        "Esc cancels and goes back to the form",
                        "按 Esc 取消并返回表单",
                    ),
                    t.dim,
                ));
            }
            Stage::Done => {
                *shown = render_result(self, check, lines, area, buf);
                return;
            }
        }
        paragraph(&lines, area.width).render(area, buf);
    }
}

/// The form: one row per field (label, then the text), the sign-in switch of Dynamics 365, the
/// test-lead tick box, what is wrong with a field, and the keys.
fn render_form(
    screen: &CheckScreen<'_>,
    check: &CheckState,
    form: &FormState,
    head: Vec<Line<'static>>,
    area: Rect,
    buf: &mut Buffer,
) {
    let app = screen.app;
    let t = screen.theme;
    let zh = app.lang() == Lang::ZhCn;
    let fields = form.form.fields();
    let rows = form.rows();
    let focused = form.focused();
    let label_width = fields
        .iter()
        .map(|f| display_width(f.label(zh)))
        .max()
        .unwrap_or(0)
        + 2;
    let mut tail: Vec<Line> = Vec::new();
    if let Some(err) = &form.error {
        let label = fields.get(err.field).map_or("", |f| f.label(zh));
        let colon = if zh { "：" } else { ": " };
        tail.push(Line::styled(
            format!("✗ {label}{colon}{}", err.message.get(app.lang())),
            t.error,
        ));
    }
    let hint = match focused {
        Row::SignIn => tr(
            zh,
            "Space or ←/→: switch · Tab/↑/↓: next field · Enter: run the check · Esc: back",
            "空格或 ←/→：切换 · Tab/↑/↓：下一字段 · Enter：运行检查 · Esc：返回",
        ),
        Row::Send => tr(
            zh,
            "Space: tick or untick · Tab/↑/↓: next field · Enter: run the check · Esc: back",
            "空格：勾选或取消 · Tab/↑/↓：下一字段 · Enter：运行检查 · Esc：返回",
        ),
        Row::Field(_) => tr(
            zh,
            "Tab/↑/↓: next field · Enter: run the check · Esc: back",
            "Tab/↑/↓：下一字段 · Enter：运行检查 · Esc：返回",
        ),
    };
    tail.push(Line::styled(hint, t.dim));
    if let Row::Field(i) = focused
        && let Some(var) = fields[i].secret_var
    {
        let set = check.env_value(var).is_some();
        let note = match (set, zh) {
            (true, false) => format!(
                "Masked; never shown, saved or written to the transcript. Left empty, the value of {var} is used."
            ),
            (true, true) => {
                format!("已遮盖；不会显示、保存或写入会话记录。留空则使用 {var} 的值。")
            }
            (false, false) => format!(
                "Masked; never shown, saved or written to the transcript. Or set {var} before starting leadwiz."
            ),
            (false, true) => {
                format!("已遮盖；不会显示、保存或写入会话记录。也可以在启动 leadwiz 前设置 {var}。")
            }
        };
        tail.push(Line::styled(note, t.dim));
    }
    let tail = paragraph(&tail, area.width);
    let tail_rows = tail.line_count(area.width) as u16;
    let [head_area, rows_area, _, tail_area] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(rows.len() as u16),
        Constraint::Length(1),
        Constraint::Length(tail_rows),
    ])
    .areas(area);
    Paragraph::new(head).render(head_area, buf);
    for (k, row) in rows.iter().enumerate() {
        let y = rows_area.y + k as u16;
        if y >= rows_area.bottom() {
            break;
        }
        let line_area = Rect::new(rows_area.x, y, rows_area.width, 1);
        let here = *row == focused;
        let marker = if here { "› " } else { "  " };
        match row {
            Row::SignIn => {
                let (app_label, user_label) = (
                    tr(zh, "Entra ID application", "Entra ID 应用程序"),
                    tr(zh, "Office 365 user", "Office 365 用户"),
                );
                let is_app = form.form == Form::DynamicsApp;
                let style = if here { t.selected } else { t.text };
                let pick = |on: bool| if on { "(•) " } else { "( ) " };
                Line::from(vec![
                    Span::raw(marker),
                    Span::styled(
                        {
                            let l = tr(zh, "Sign in as", "登录方式");
                            let pad = label_width.saturating_sub(display_width(l));
                            format!("{l}{}", " ".repeat(pad))
                        },
                        t.accent,
                    ),
                    Span::styled(format!("{}{app_label}", pick(is_app)), style),
                    Span::raw("  "),
                    Span::styled(format!("{}{user_label}", pick(!is_app)), style),
                ])
                .render(line_area, buf);
            }
            Row::Send => {
                let style = if here { t.selected } else { t.text };
                Line::from(vec![
                    Span::raw(marker),
                    Span::styled(
                        format!(
                            "[{}] {}",
                            if form.send { "x" } else { " " },
                            live_form::send_label(zh)
                        ),
                        style,
                    ),
                ])
                .render(line_area, buf);
            }
            Row::Field(i) => {
                let f = &fields[*i];
                let label = f.label(zh);
                let pad = label_width.saturating_sub(display_width(label));
                let head = Line::from(vec![
                    Span::raw(marker),
                    Span::styled(format!("{label}{}", " ".repeat(pad)), t.accent),
                ]);
                let head_width = (2 + label_width) as u16;
                head.render(line_area, buf);
                let text_area = Rect::new(
                    line_area.x.saturating_add(head_width),
                    y,
                    line_area.width.saturating_sub(head_width),
                    1,
                );
                let text = &form.fields[*i];
                let empty = text.lines().iter().all(|l| l.is_empty());
                if empty {
                    let example = match f.secret_var {
                        Some(var) if check.env_value(var).is_some() => {
                            if zh {
                                format!("（使用 {var}）")
                            } else {
                                format!("(uses {var})")
                            }
                        }
                        Some(_) => tr(zh, "(masked as you type)", "（输入时遮盖）").to_owned(),
                        None => f.example(zh).to_owned(),
                    };
                    let mut spans = Vec::new();
                    if here {
                        spans.push(Span::styled(" ", t.selected));
                    }
                    spans.push(Span::styled(example, t.dim));
                    Line::from(spans).render(text_area, buf);
                } else if app.presenter() && f.secret_var.is_none() {
                    // On a shared screen a URL shows with its secrets (`sig=`, `code=`)
                    // masked, its end in view as the field would show it.
                    let shown = crate::redact::secrets(&text.lines().join(""));
                    let chars: Vec<char> = shown.chars().collect();
                    let room = (text_area.width as usize).saturating_sub(1);
                    let end: String = chars[chars.len().saturating_sub(room)..].iter().collect();
                    Line::styled(end, t.text).render(text_area, buf);
                } else {
                    text.render(text_area, buf);
                }
            }
        }
    }
    tail.render(tail_area, buf);
}

/// The result: what each stage found (the Partner Center message, the trace ids), scrolled
/// with ↑/↓, and below it the node that fixes it and the keys.
fn render_result(
    screen: &CheckScreen<'_>,
    check: &CheckState,
    head: Vec<Line<'static>>,
    area: Rect,
    buf: &mut Buffer,
) -> (u16, u16) {
    let app = screen.app;
    let t = screen.theme;
    let lang = app.lang();
    let zh = lang == Lang::ZhCn;
    let outcome = check.result.as_ref().expect("done");
    let v = &outcome.validation;
    // The link below says how to fix it: the report does not say it again.
    let text =
        crate::validate::render::text_beside_link(v, Some(app.guide()), lang, &outcome.secrets);
    let report: Vec<(Vec<Span<'static>>, Vec<Span<'static>>)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let style = match (i, v.accepts_leads()) {
                (0, true) => t.ok,
                (0, false) => t.error,
                _ => t.text,
            };
            let (prefix, body) = l.split_at(hang(l));
            let prefix = if prefix.is_empty() {
                Vec::new()
            } else {
                vec![Span::styled(prefix.to_owned(), style)]
            };
            (prefix, code_spans(body, style, t.code()))
        })
        .collect();
    let mut foot: Vec<Line> = Vec::new();
    if let Some(id) = v.remediation {
        let title = app.guide().node(id).map_or(id, |n| n.title.get(lang));
        foot.push(Line::from(vec![
            Span::raw("› "),
            Span::styled(format!("→ {title}"), t.selected),
            Span::styled(format!("  ({id})"), t.dim),
        ]));
    }
    foot.push(Line::styled(
        tr(
            zh,
            "Enter: open it · ↑/↓: scroll · F5: run again · Esc: back to the form",
            "Enter：打开 · ↑/↓：滚动 · F5：再次运行 · Esc：返回表单",
        ),
        t.dim,
    ));
    let foot = paragraph(&foot, area.width);
    let foot_rows = (foot.line_count(area.width) as u16).min(area.height);
    let [body, foot_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(foot_rows)]).areas(area);
    // Each report line wraps under the start of its own text (after its indent and its
    // "2. ", "✗ " marker), as a page's steps do.
    let width = body.width as usize;
    let head_len = head.len();
    let (mut wrapped, mut starts) = wrap(&head, width);
    for (prefix, text) in report {
        starts.push(wrapped.len());
        let indent: usize = prefix.iter().map(Span::width).sum();
        if width >= indent + 8 {
            wrapped.extend(hanging(prefix, text, width));
        } else {
            let mut spans = prefix;
            spans.extend(text);
            wrapped.extend(wrap_line(&Line::from(spans), width));
        }
    }
    let max = (wrapped.len() as u16).saturating_sub(body.height);
    // As the result opens, the stage that failed is in view (the stages before it passed).
    let failed = v
        .stages
        .iter()
        .position(|s| s.status == crate::validate::StageStatus::Failed);
    let auto = failed
        .and_then(|k| {
            let marker = format!("  {}. ", k + 1);
            text.lines()
                .position(|l| l.starts_with(marker.as_str()))
                .map(|i| i + head_len)
        })
        .and_then(|i| starts.get(i))
        .map_or(0, |&row| {
            // Only when it would not show with a few of its lines from the top.
            let row = row as u16;
            if row.saturating_add(6) < body.height {
                0
            } else {
                row.saturating_sub(3)
            }
        });
    let scroll = check.scroll.unwrap_or(auto).min(max);
    Paragraph::new(wrapped)
        .scroll((scroll, 0))
        .render(body, buf);
    foot.render(foot_area, buf);
    (scroll, max)
}

/// Where a report line's own text starts: after its indent and its marker (a stage's "2. ",
/// a finding's "✓ ", "✗ ", "! ", "? "), so its continuation rows hang under that text.
fn hang(line: &str) -> usize {
    let rest = line.trim_start_matches(' ');
    let indent = line.len() - rest.len();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && rest[digits..].starts_with(". ") {
        return indent + digits + 2;
    }
    for mark in ["✓ ", "✗ ", "! ", "? "] {
        if rest.starts_with(mark) {
            return indent + mark.len();
        }
    }
    indent
}

#[cfg(test)]
mod tests {
    use super::hang;

    #[test]
    fn a_report_line_hangs_after_its_indent_and_marker() {
        assert_eq!(hang("FAILED: the host"), 0);
        assert_eq!(hang("  2. probes — FAILED"), "  2. ".len());
        assert_eq!(hang("     ✗ host answers — no"), "     ✗ ".len());
        assert_eq!(hang("  ! a note"), "  ! ".len());
        assert_eq!(hang("       Partner Center shows: \"x\""), 7);
        assert_eq!(hang("  2025 leads"), 2);
    }
}
