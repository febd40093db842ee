//! The help overlay, generated from the keymap for the current context.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use crate::tui::app::App;
use crate::tui::keymap::{Context, hints};
use crate::tui::theme::Theme;
use crate::tui::wrap::paragraph;

pub struct HelpOverlay<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
    /// The context the keys below the overlay are read in.
    pub under: Context,
}

impl Widget for &HelpOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let lang = self.app.lang.as_str();
        let mut lines: Vec<Line> = hints(self.under)
            .into_iter()
            .map(|(keys, action)| {
                Line::from(vec![
                    Span::styled(format!("{keys:>14}  "), self.theme.accent),
                    Span::raw(action.describe(lang)),
                ])
            })
            .collect();
        lines.push(Line::default());
        let node = self.app.session.current();
        lines.push(Line::styled(
            format!(
                "{}: leadwiz --goto {node}",
                if lang == "zh-CN" {
                    "分享此页"
                } else {
                    "Share this page"
                }
            ),
            self.theme.dim,
        ));
        Clear.render(area, buf);
        paragraph(&lines, area.width.saturating_sub(2))
            .block(Block::default().borders(Borders::ALL).title(" ? "))
            .render(area, buf);
    }
}
