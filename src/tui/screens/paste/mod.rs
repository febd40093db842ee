//! The paste box and the candidates, re-ranked as the text changes.

pub mod state;

use crate::guide::Lang;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use crate::diagnose::Status;
use crate::tui::app::{App, Focus};
use crate::tui::screens::node::hanging;
use crate::tui::theme::Theme;
use crate::tui::wrap::paragraph;

pub struct PasteScreen<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl Widget for &PasteScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = self.theme;
        let zh = app.lang() == Lang::ZhCn;
        let paste = app.paste();
        let [input, list] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Fill(1)]).areas(area);
        let title = if zh {
            " 粘贴错误消息 · Ctrl-S/F5 诊断 · Tab 切换到候选项 "
        } else {
            " Paste the error · Ctrl-S/F5 diagnose · Tab to the candidates "
        };
        let focused = paste.focus() == Focus::Text;
        let block = Block::default()
            .borders(Borders::ALL)
            .title(title)
            .border_style(if focused { t.accent } else { t.dim });
        let inner = block.inner(input);
        block.render(input, buf);
        paste.text().render(inner, buf);

        let mut lines: Vec<Line> = Vec::new();
        match paste.diagnosis() {
            None => lines.push(Line::styled(
                if zh {
                    "候选项会随输入实时更新。"
                } else {
                    "Candidates update as you type or paste."
                },
                t.dim,
            )),
            Some(d) => {
                let verdict = match (d.status, zh) {
                    (Status::Confident, false) => "Confident match",
                    (Status::Ambiguous, false) => "Not sure: several errors fit",
                    (Status::None, false) => "No known error matches; Esc goes back to the tree",
                    (Status::Confident, true) => "确定匹配",
                    (Status::Ambiguous, true) => "无法确定：多个错误都可能吻合",
                    (Status::None, true) => "没有匹配的已知错误；按 Esc 返回问题树",
                };
                lines.push(Line::styled(verdict, t.accent));
                if let Some((kept, pasted)) = paste.kept() {
                    lines.push(Line::styled(
                        if zh {
                            format!("（粘贴了 {pasted} 字节，保留了前 {kept} 字节：诊断只读取这么多）")
                        } else {
                            format!("(pasted {pasted} bytes, kept the first {kept}: all the diagnosis reads)")
                        },
                        t.dim,
                    ));
                } else if d.truncated {
                    lines.push(Line::styled(
                        if zh {
                            "（只读取了前 64 KB）"
                        } else {
                            "(only the first 64 KB were read)"
                        },
                        t.dim,
                    ));
                }
                for (i, c) in d.candidates.iter().enumerate() {
                    let selected = paste.focus() == Focus::List && i == paste.candidate();
                    let filled = (c.score * 10.0).round() as usize;
                    let bar = format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled.min(10)));
                    let style = if selected { t.selected } else { t.text };
                    // Wrapped titles and evidence hang under their own text (a title under its
                    // bar, so that a narrow list keeps the id whole).
                    let width = usize::from(list.width);
                    lines.extend(hanging(
                        vec![Span::raw(if selected { "› " } else { "  " })],
                        vec![
                            Span::styled(format!("{bar} {:.2} ", c.score), t.ok),
                            Span::styled(c.title.clone(), style),
                            Span::styled(format!("  ({})", c.id), t.dim),
                        ],
                        width,
                    ));
                    for e in &c.evidence {
                        lines.extend(hanging(
                            vec![Span::raw("      • ")],
                            vec![Span::styled(e.clone(), t.accent)],
                            width,
                        ));
                    }
                }
            }
        }
        if let Some(s) = app.status_text() {
            lines.push(Line::styled(s, t.error));
        }
        paragraph(&lines, list.width).render(list, buf);
    }
}
