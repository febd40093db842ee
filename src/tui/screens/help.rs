//! The help overlay, generated from the keymap for the current context.

use crate::guide::Lang;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, StatefulWidget, Widget};

use crate::export::text::display_width;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;
use crate::tui::wrap::paragraph;

/// The help overlay's own state: whether it is open, and the rows scrolled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Help {
    open: bool,
    scroll: u16,
}

impl Help {
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Rows scrolled (at most what the last frame could scroll: the view caps it).
    pub fn scroll(&self) -> u16 {
        self.scroll
    }

    /// Opens or closes the overlay, at its top.
    pub fn toggle(&mut self) {
        self.open = !self.open;
        self.scroll = 0;
    }

    /// Closes the overlay (a paste goes to a box the user can see).
    pub fn close(&mut self) {
        self.open = false;
    }

    /// While open, the help scrolls and nothing else acts under it; `max` is the most the
    /// last frame could scroll.
    pub fn update(&mut self, action: Action, max: u16) {
        let at = self.scroll.min(max);
        self.scroll = match action {
            Action::Up => at.saturating_sub(1),
            Action::Down => at.saturating_add(1),
            Action::PageUp => at.saturating_sub(10),
            Action::PageDown => at.saturating_add(10),
            Action::Top => 0,
            Action::Bottom => u16::MAX,
            _ => at,
        };
    }
}

pub struct HelpOverlay<'a> {
    pub help: &'a Help,
    pub lang: Lang,
    /// The page on screen (the help says how to share it).
    pub page: &'a str,
    /// The keys that act under the overlay, as (keys, action).
    pub hints: Vec<(Vec<String>, Action)>,
    pub theme: &'a Theme,
    /// The context the keys below the overlay are read in.
    pub under: Context,
}

/// Draws the overlay and reports the most it can scroll.
impl StatefulWidget for &HelpOverlay<'_> {
    type State = u16;

    fn render(self, area: Rect, buf: &mut Buffer, max_scroll: &mut u16) {
        let lang = self.lang;
        let zh = lang == Lang::ZhCn;
        let node = self.page;
        // What matters most on a screen share first: how to share this page.
        let mut lines: Vec<Line> = vec![
            Line::styled(
                format!(
                    "{}: leadwiz --goto {node}",
                    if zh {
                        "分享此页"
                    } else {
                        "Share this page"
                    }
                ),
                self.theme.accent,
            ),
            Line::default(),
        ];
        let hints: Vec<(String, Action)> = self
            .hints
            .iter()
            .map(|(keys, a)| (keys.join("/"), *a))
            .collect();
        let key_width = hints
            .iter()
            .map(|(k, _)| display_width(k))
            .max()
            .unwrap_or(0)
            .min(usize::from(area.width / 2));
        for (keys, action) in hints {
            let pad = key_width.saturating_sub(display_width(&keys));
            lines.push(Line::from(vec![
                Span::styled(format!("{}{keys}  ", " ".repeat(pad)), self.theme.accent),
                Span::raw(action.describe_in(self.under, lang)),
            ]));
        }
        if self.under == Context::Browse {
            // The type-ahead rule, with the letters it takes at once read from the keymap.
            let free: String = crate::tui::keymap::free_letters(Context::Browse)
                .chars()
                .filter(char::is_ascii_lowercase)
                .collect();
            lines.push(Line::default());
            lines.push(Line::raw(if zh {
                format!(
                    "输入开头字母跳到项目：不是本页命令的字母（{free}）立即开始；其他字母先按 '；1 秒内再按的字母继续。"
                )
            } else {
                format!(
                    "Type-ahead: letters that are no command here ({free}) jump to the item they start at once; others after '. Letters within 1 s continue."
                )
            }));
        }
        Clear.render(area, buf);
        let inner_width = area.width.saturating_sub(2);
        let para = paragraph(&lines, inner_width);
        let total = para.line_count(inner_width) as u16;
        let rows = total.min(area.height.saturating_sub(2));
        let height = rows + 2;
        let area = Rect {
            height: height.min(area.height),
            ..area
        };
        let max = total.saturating_sub(rows);
        *max_scroll = max;
        let at = self.help.scroll().min(max);
        let title = if zh {
            " 帮助 · Esc 关闭 "
        } else {
            " Help · Esc closes "
        };
        let mut block = Block::default().borders(Borders::ALL).title(title);
        if max > 0 {
            let more = match (at > 0, at < max, zh) {
                (true, true, false) => " ↑/↓ more ",
                (false, true, false) => " ↓ more ",
                (true, false, false) => " ↑ more ",
                (true, true, true) => " ↑/↓ 更多 ",
                (false, true, true) => " ↓ 更多 ",
                (true, false, true) => " ↑ 更多 ",
                _ => "",
            };
            block = block.title_bottom(Line::from(more).right_aligned());
        }
        para.block(block).scroll((at, 0)).render(area, buf);
    }
}
