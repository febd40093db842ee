//! Type to filter every node by title and text, in the current language.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::tui::app::App;
use crate::tui::theme::Theme;

pub struct SearchScreen<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl Widget for &SearchScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = self.theme;
        let prompt = if app.lang == "zh-CN" {
            "搜索："
        } else {
            "Search: "
        };
        let mut lines = vec![
            Line::from(vec![
                Span::styled(prompt, t.accent),
                Span::raw(app.search.as_str()),
                Span::styled("▏", t.accent),
            ]),
            Line::default(),
        ];
        for (i, n) in app.search_results().iter().enumerate() {
            let selected = i == app.search_selected;
            lines.push(Line::from(vec![
                Span::raw(if selected { "› " } else { "  " }),
                Span::styled(
                    n.title.get(&app.lang),
                    if selected { t.selected } else { t.text },
                ),
                Span::styled(format!("  ({})", n.id), t.dim),
            ]));
        }
        Paragraph::new(lines).render(area, buf);
    }
}
