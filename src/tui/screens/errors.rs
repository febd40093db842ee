//! The content panel of live reload: while the files on disk have errors, the last good guide
//! stays on screen and this panel lists the errors as `file:line:col message`; without errors it
//! lists the warnings (a missing translation, an old review) as they are made.

use crate::guide::Lang;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, StatefulWidget, Widget};

use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::wrap::wrap;

pub struct ErrorPanel<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

/// Draws the panel and reports the most it can scroll.
impl StatefulWidget for &ErrorPanel<'_> {
    type State = u16;

    fn render(self, area: Rect, buf: &mut Buffer, max_scroll: &mut u16) {
        let zh = self.app.lang == Lang::ZhCn;
        let (found, are_errors) = self.app.content_problems();
        let n = found.len();
        let title = match (are_errors, self.app.lang) {
            (true, Lang::ZhCn) => format!(" 内容有 {n} 个错误：仍显示上一版内容 "),
            (true, Lang::En) => {
                format!(" {n} error(s) in the content: the last good content stays on screen ")
            }
            (false, Lang::ZhCn) => format!(" 内容有 {n} 个警告：已显示新内容 "),
            (false, Lang::En) => format!(" {n} warning(s) in the content: it is shown "),
        };
        let style = if are_errors {
            self.theme.error
        } else {
            self.theme.dim
        };
        let lines: Vec<Line> = found
            .iter()
            .map(|d| {
                Line::styled(
                    format!("{}:{}:{} {}", d.file, d.line, d.column, d.message),
                    style,
                )
            })
            .collect();
        // Whole messages, wrapped ("did you mean …" stays), scrolled with `{` and `}`.
        let width = area.width.saturating_sub(2);
        let (rows, _) = wrap(&lines, width as usize);
        let height = area.height.saturating_sub(2) as usize;
        let max = rows.len().saturating_sub(height).min(u16::MAX as usize) as u16;
        *max_scroll = max;
        let at = self.app.errors_scroll.min(max);
        let mut block = Block::default()
            .borders(Borders::ALL)
            .title(Line::styled(title, style));
        if max > 0 {
            let more = match (at > 0, at < max, zh) {
                (true, true, false) => " { } more ",
                (false, true, false) => " } more ",
                (true, false, false) => " { more ",
                (true, true, true) => " { } 更多 ",
                (false, true, true) => " } 更多 ",
                _ => " { 更多 ",
            };
            block = block.title_bottom(Line::styled(more, self.theme.dim).right_aligned());
        }
        Clear.render(area, buf);
        Paragraph::new(rows)
            .block(block)
            .scroll((at, 0))
            .render(area, buf);
    }
}
