//! The content panel of live reload: while the files on disk have errors, the last good guide
//! stays on screen and this panel lists the errors as `file:line:col message`; without errors it
//! lists the warnings (a missing translation, an old review) as they are made.

use crate::guide::Lang;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, StatefulWidget, Widget};

use crate::guide::Diagnostic;
use crate::tui::messages::Msg;
use crate::tui::theme::Theme;
use crate::tui::wrap::wrap;

/// The content panel's own state: what the last reload said, the errors and warnings of the
/// content on disk, the rows scrolled, and the files as last read.
#[derive(Debug, Clone, Default)]
pub struct Problems {
    /// "reloaded 14:03:09" after live reload, for the status line.
    reloaded: Option<Msg>,
    /// Errors of the content on disk, while the last good content stays on screen.
    errors: Vec<Diagnostic>,
    /// Warnings of the content on disk as last reloaded (a missing translation, an old
    /// review): shown while there are no errors.
    warnings: Vec<Diagnostic>,
    /// Rows scrolled (at most what the last frame could scroll).
    scroll: u16,
    /// The content files as last read (`None` until the first reload: then the files the
    /// guide's pages came from), to name a file that was deleted.
    files: Option<Vec<String>>,
}

impl Problems {
    /// What the last reload said.
    pub fn reloaded(&self) -> Option<&Msg> {
        self.reloaded.as_ref()
    }

    /// The errors of the content on disk.
    pub fn errors(&self) -> &[Diagnostic] {
        &self.errors
    }

    /// The warnings of the content on disk.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// What the panel lists: the errors while there are some, else the warnings (`true` when
    /// they are errors).
    pub fn shown(&self) -> (&[Diagnostic], bool) {
        if self.errors.is_empty() {
            (&self.warnings, false)
        } else {
            (&self.errors, true)
        }
    }

    /// Rows scrolled.
    pub fn scroll(&self) -> u16 {
        self.scroll
    }

    /// `{` and `}`: a row up or down; `max` is the most the last frame could scroll.
    pub fn scroll_by(&mut self, down: bool, max: u16) {
        let at = self.scroll.min(max);
        self.scroll = if down {
            at.saturating_add(1)
        } else {
            at.saturating_sub(1)
        };
    }

    /// The files a reload no longer found among `files` (the content files read now; `then`:
    /// the files of the guide shown, before the first reload). A folder that cannot be read
    /// lists no files: that is not every file deleted.
    pub fn deleted(&mut self, files: &[String], then: impl FnOnce() -> Vec<String>) -> Vec<String> {
        if files.is_empty() {
            return Vec::new();
        }
        let before = self.files.replace(files.to_vec()).unwrap_or_else(then);
        before.into_iter().filter(|f| !files.contains(f)).collect()
    }

    /// New content was loaded, with these warnings; `said` is what the status line says of it.
    pub fn loaded(&mut self, warnings: Vec<Diagnostic>, said: Msg) {
        self.errors.clear();
        if warnings != self.warnings {
            self.scroll = 0;
        }
        self.warnings = warnings;
        self.reloaded = Some(said);
    }

    /// The content on disk has these errors; `said` is what the status line says of it.
    pub fn failed(&mut self, errors: Vec<Diagnostic>, said: Msg) {
        if errors != self.errors {
            self.scroll = 0;
        }
        self.errors = errors;
        self.reloaded = Some(said);
    }
}

pub struct ErrorPanel<'a> {
    pub problems: &'a Problems,
    pub lang: Lang,
    pub theme: &'a Theme,
}

/// Draws the panel and reports the most it can scroll.
impl StatefulWidget for &ErrorPanel<'_> {
    type State = u16;

    fn render(self, area: Rect, buf: &mut Buffer, max_scroll: &mut u16) {
        let zh = self.lang == Lang::ZhCn;
        let (found, are_errors) = self.problems.shown();
        let n = found.len();
        let title = match (are_errors, self.lang) {
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
        let at = self.problems.scroll().min(max);
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
