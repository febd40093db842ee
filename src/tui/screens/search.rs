//! Type to search every node, in the current language: titles first, typos forgiven, a
//! snippet of where each matched; "type to search" before the first word and "no matches" when
//! nothing fits.

use crate::guide::{Guide, Lang};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::export::text::{display_width, ellipsize};
use crate::tui::action::Action;
use crate::tui::theme::Theme;

/// The search screen's own state: the words typed and the result selected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    pub selected: usize,
}

/// What the search screen asks of the wizard after an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum After {
    Stay,
    /// Back to the page (Esc).
    Leave,
    /// Open result N.
    Open(usize),
}

impl Search {
    /// A search is a few words: its length is bounded, and so is the work per key.
    pub const MAX_CHARS: usize = 200;

    /// Types a character (`None`: deletes the last one); the first result is selected again.
    pub fn input(&mut self, c: Option<char>) {
        match c {
            Some(c)
                if !crate::sanitise::is_unsafe(c)
                    && self.query.chars().count() < Self::MAX_CHARS =>
            {
                self.query.push(c)
            }
            Some(_) => {}
            None => {
                self.query.pop();
            }
        }
        self.selected = 0;
    }

    /// A key typed in the search box, as line editors take it: a character types itself,
    /// Backspace deletes one, Ctrl-W the last word, Ctrl-U the whole query; other Ctrl keys
    /// type nothing (Ctrl with Alt is AltGr on Windows: `@`, `€`, `{` type themselves).
    pub fn key(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL)
            && !key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Char('u' | 'U') if ctrl => {
                self.query.clear();
                self.selected = 0;
            }
            KeyCode::Char('w' | 'W') if ctrl => {
                let kept = self.query.trim_end().len();
                let word = self.query[..kept]
                    .rfind(char::is_whitespace)
                    .map_or(0, |i| i + 1);
                self.query.truncate(word);
                self.selected = 0;
            }
            KeyCode::Char('h' | 'H') if ctrl => self.input(None),
            KeyCode::Char(_) if ctrl => {}
            KeyCode::Char(c) => self.input(Some(c)),
            KeyCode::Backspace => self.input(None),
            _ => {}
        }
    }

    /// Takes pasted text as one line: line breaks and tabs become single spaces.
    pub fn paste(&mut self, text: &str) {
        let mut last_space = self.query.ends_with(' ');
        for c in text.trim_end().chars() {
            let c = if c.is_whitespace() { ' ' } else { c };
            if c == ' ' && (last_space || self.query.is_empty()) {
                continue;
            }
            last_space = c == ' ';
            self.input(Some(c));
        }
    }

    /// The pages matching the words, best first (titles first, typos forgiven), with a
    /// snippet of where each matched.
    pub fn hits<'g>(&self, guide: &'g Guide, lang: Lang) -> Vec<crate::search::Hit<'g>> {
        crate::search::search(guide, &self.query, lang)
    }

    /// What an action does, with `count` results.
    pub fn update(&mut self, action: Action, count: usize) -> After {
        match action {
            Action::Back => return After::Leave,
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down if self.selected + 1 < count => self.selected += 1,
            Action::Select if self.selected < count => return After::Open(self.selected),
            _ => {}
        }
        After::Stay
    }
}

pub struct SearchScreen<'a> {
    pub search: &'a Search,
    pub guide: &'a Guide,
    pub lang: Lang,
    pub theme: &'a Theme,
}

impl Widget for &SearchScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (search, lang) = (self.search, self.lang);
        let t = self.theme;
        let zh = lang == Lang::ZhCn;
        let width = area.width as usize;
        let prompt = if zh { "搜索：" } else { "Search: " };
        let mut lines = vec![
            Line::from(vec![
                Span::styled(prompt, t.accent),
                Span::raw(search.query.as_str()),
                Span::styled("▏", t.accent),
            ]),
            Line::default(),
        ];
        let hits = search.hits(self.guide, lang);
        if search.query.trim().is_empty() {
            lines.push(Line::styled(
                if zh {
                    "输入以搜索所有主题（标题优先，可容忍拼写错误）。"
                } else {
                    "Type to search every topic (titles first; a typo is forgiven)."
                },
                t.dim,
            ));
        } else if hits.is_empty() {
            let query = search.query.trim();
            lines.push(Line::styled(
                ellipsize(
                    &if zh {
                        format!("没有与“{query}”匹配的主题。请减少关键词，或按 Esc 后按 p 粘贴错误消息。")
                    } else {
                        format!("No topic matches \"{query}\". Try fewer words, or Esc then p to paste the error.")
                    },
                    width,
                ),
                t.error,
            ));
        }
        // Each hit takes its title row and, when it matched in the text, a snippet row; the
        // list scrolls to keep the selected hit in view.
        let room = area.height.saturating_sub(2) as usize;
        let rows_of = |i: usize| 1 + usize::from(hits[i].snippet.is_some());
        let mut first = 0;
        let selected = search.selected.min(hits.len().saturating_sub(1));
        while first < selected && (first..=selected).map(rows_of).sum::<usize>() > room {
            first += 1;
        }
        for (i, h) in hits.iter().enumerate().skip(first) {
            let chosen = i == search.selected;
            // The title whole where it can be; the id after it when there is room.
            let title = h.node.title.get(lang);
            let title = ellipsize(title, width.saturating_sub(2));
            let left = width.saturating_sub(2 + display_width(&title));
            let id = format!("  ({})", h.node.id);
            let id = if left >= display_width(&id) {
                id
            } else if left >= 12 {
                ellipsize(&id, left)
            } else {
                String::new()
            };
            lines.push(Line::from(vec![
                Span::raw(if chosen { "› " } else { "  " }),
                Span::styled(title, if chosen { t.selected } else { t.text }),
                Span::styled(id, t.dim),
            ]));
            if let Some(s) = &h.snippet {
                lines.push(Line::styled(
                    format!("    {}", ellipsize(s, width.saturating_sub(4))),
                    t.dim,
                ));
            }
        }
        Paragraph::new(lines).render(area, buf);
    }
}
