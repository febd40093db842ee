//! The content-error panel of live reload: while the files on disk have errors, the last good
//! guide stays on screen and this panel lists the errors as `file:line:col message`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use crate::tui::app::App;
use crate::tui::theme::Theme;

pub struct ErrorPanel<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl Widget for &ErrorPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let zh = self.app.lang == "zh-CN";
        let errors = &self.app.reload_errors;
        let title = if zh {
            format!(" 内容有 {} 个错误：仍显示上一版内容 ", errors.len())
        } else {
            format!(
                " {} error(s) in the content: the last good content stays on screen ",
                errors.len()
            )
        };
        let rows = area.height.saturating_sub(2) as usize;
        let mut lines: Vec<Line> = errors
            .iter()
            .take(if errors.len() > rows {
                rows.saturating_sub(1)
            } else {
                rows
            })
            .map(|d| {
                Line::styled(
                    format!("{}:{}:{} {}", d.file, d.line, d.column, d.message),
                    self.theme.error,
                )
            })
            .collect();
        if errors.len() > lines.len() && rows > 0 {
            let more = errors.len() - lines.len();
            lines.push(Line::styled(
                if zh {
                    format!("…另有 {more} 个")
                } else {
                    format!("… and {more} more")
                },
                self.theme.dim,
            ));
        }
        Clear.render(area, buf);
        Paragraph::new(lines)
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(Line::styled(title, self.theme.error)),
            )
            .render(area, buf);
    }
}
