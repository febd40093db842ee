//! A question (prompt, choices) or a remediation (summary, error, body, steps to tick, note,
//! links, related nodes, "Did this fix it?").

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget, Wrap,
};

use crate::guide::NodeKind;
use crate::guide::i18n::Ui;
use crate::tui::app::{App, Item};
use crate::tui::theme::Theme;

pub struct NodeScreen<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

fn paragraphs<'a>(text: &'a str, style: ratatui::style::Style, lines: &mut Vec<Line<'a>>) {
    for para in text.split("\n\n") {
        let joined: String = para.lines().map(str::trim).collect::<Vec<_>>().join(" ");
        lines.push(Line::styled(joined, style));
        lines.push(Line::default());
    }
}

impl Widget for &NodeScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = self.theme;
        let lang = app.lang.as_str();
        let node = app.current();
        let items = app.items();
        let marker = |i: usize| if i == app.selected { "› " } else { "  " };
        let mut lines: Vec<Line> = Vec::new();
        lines.push(Line::styled(node.title.get(lang), t.title));
        lines.push(Line::default());
        if let Some(p) = &node.prompt {
            lines.push(Line::styled(p.get(lang), t.accent));
            lines.push(Line::default());
        }
        if let Some(s) = &node.summary {
            paragraphs(s.get(lang), t.text, &mut lines);
        }
        if let Some(e) = &node.error {
            lines.push(Line::styled(Ui::ErrorMessage.heading(lang), t.dim));
            lines.push(Line::styled(e.get(lang), t.error));
            lines.push(Line::default());
        }
        if let Some(b) = &node.body {
            paragraphs(b.get(lang), t.text, &mut lines);
        }
        let notes_and_links = |lines: &mut Vec<Line<'_>>| {
            if let Some(n) = &node.note {
                lines.push(Line::default());
                lines.push(Line::styled(
                    format!("{} {}", Ui::Note.heading(lang), n.get(lang)),
                    t.dim,
                ));
            }
            if !node.links.is_empty() {
                lines.push(Line::default());
                lines.push(Line::styled(Ui::Links.heading(lang), t.accent));
                for l in &node.links {
                    lines.push(Line::from(vec![
                        Span::raw(format!("  • {}: ", l.title.get(lang))),
                        Span::styled(l.url.clone(), t.dim),
                    ]));
                }
            }
        };
        let mut notes_shown = false;
        let mut selected_line = 0;
        for (k, item) in items.iter().enumerate() {
            let style = if k == app.selected {
                t.selected
            } else {
                t.text
            };
            match item {
                Item::Choice(i) => {
                    let label = node.choices[*i].label.get(lang);
                    lines.push(Line::from(vec![
                        Span::raw(marker(k)),
                        Span::styled(format!("{}. {label}", i + 1), style),
                    ]));
                }
                Item::Step(i) => {
                    if *i == 0 {
                        lines.push(Line::styled(Ui::Steps.heading(lang), t.accent));
                    }
                    let ticked = app.session.is_ticked(&node.id, *i);
                    let check = if ticked { "[x]" } else { "[ ]" };
                    lines.push(Line::from(vec![
                        Span::raw(marker(k)),
                        Span::styled(
                            format!("{check} {}. {}", i + 1, node.steps[*i].get(lang)),
                            if ticked && k != app.selected {
                                t.ok
                            } else {
                                style
                            },
                        ),
                    ]));
                }
                Item::FollowUp(yes) => {
                    if *yes {
                        notes_and_links(&mut lines);
                        notes_shown = true;
                        lines.push(Line::default());
                        lines.push(Line::styled(Ui::DidThisFixIt.text(lang), t.accent));
                    }
                    let label = match (*yes, lang == "zh-CN") {
                        (true, false) => "Yes, it works now",
                        (false, false) => "No, show me the next thing to try",
                        (true, true) => "是，现在正常了",
                        (false, true) => "否，显示下一步可以尝试的方法",
                    };
                    lines.push(Line::from(vec![
                        Span::raw(marker(k)),
                        Span::styled(label, style),
                    ]));
                }
                Item::Related(id) => {
                    if !matches!(items.get(k.wrapping_sub(1)), Some(Item::Related(_))) {
                        lines.push(Line::default());
                        lines.push(Line::styled(Ui::Related.heading(lang), t.accent));
                    }
                    let title = app.guide.node(id).map(|n| n.title.get(lang)).unwrap_or(id);
                    lines.push(Line::from(vec![
                        Span::raw(marker(k)),
                        Span::styled(format!("→ {title}"), style),
                        Span::styled(format!("  ({id})"), t.dim),
                    ]));
                }
            }
            // Each item's own line is the last one pushed for it (headings come first).
            if k == app.selected {
                selected_line = lines.len() - 1;
            }
        }
        if !notes_shown {
            notes_and_links(&mut lines);
        }

        if node.kind == NodeKind::End {
            lines.push(Line::styled("Enter → start", t.dim));
        }
        let has_items = !items.is_empty();
        let width = area.width.saturating_sub(1);
        let rows_before = Paragraph::new(lines[..selected_line.min(lines.len())].to_vec())
            .wrap(Wrap { trim: false })
            .line_count(width) as u16;
        let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
        let total = paragraph.line_count(width) as u16;
        let height = area.height;
        let max_scroll = total.saturating_sub(height);
        let scroll = match app.scroll {
            Some(s) => s.min(max_scroll),
            // Follow the selection: keep its line (and the one after) in view.
            None if has_items && rows_before + 2 > height => {
                (rows_before + 2 - height).min(max_scroll)
            }
            None => 0,
        };
        app.shown.set((scroll, height));
        let text_area = Rect { width, ..area };
        paragraph.scroll((scroll, 0)).render(text_area, buf);
        if total > height && area.width > 0 {
            let mut state = ScrollbarState::new(max_scroll as usize).position(scroll as usize);
            Scrollbar::new(ScrollbarOrientation::VerticalRight).render(area, buf, &mut state);
        }
    }
}
