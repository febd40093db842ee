//! The page screen's own state and update: the selected item, the scroll, the cursor of each
//! page on the way here, the history of places for back and forward, a type-ahead and a first
//! digit in progress.

use super::items::{Item, items, label};
use crate::guide::{LiveCheck, NodeKind};
use crate::session::Via;
use crate::tui::action::Action;
use crate::tui::messages::{Copy, Msg};
use crate::tui::shared::{Effect, Shared};
use crate::tui::type_ahead::{self, TypeAhead};

/// Where the user was: the path of pages and the cursor on each.
#[derive(Debug, Clone)]
struct Place {
    path: Vec<(String, Via)>,
    cursors: Vec<(usize, Option<u16>)>,
    selected: usize,
    scroll: Option<u16>,
}

#[derive(Debug, Clone)]
pub struct PageState {
    /// The selected item.
    selected: usize,
    /// Rows scrolled down in the body: `None` follows the selection; PgUp/PgDn and the mouse
    /// wheel scroll by hand.
    scroll: Option<u16>,
    /// The selection and scroll of each page on the way here, to restore on Back.
    cursors: Vec<(usize, Option<u16>)>,
    /// Places left by navigating, for history back (`[`, Alt-←), and places left by going
    /// back in history, for forward (`]`, Alt-→).
    past: Vec<Place>,
    future: Vec<Place>,
    /// A type-ahead in progress on the items.
    type_ahead: Option<TypeAhead>,
    /// A digit that may be the first of two (choice 1 of 16 may become 12), and when it came.
    first_digit: Option<(u8, std::time::Instant)>,
}

impl Default for PageState {
    fn default() -> Self {
        PageState {
            selected: 0,
            scroll: Some(0),
            cursors: Vec::new(),
            past: Vec::new(),
            future: Vec::new(),
            type_ahead: None,
            first_digit: None,
        }
    }
}

/// What the page asks of the wizard after an action: another screen, or the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum After {
    Stay,
    OpenPaste,
    OpenSearch,
    /// "Test my destination" for this kind of destination.
    OpenCheck(LiveCheck),
    /// Edit the page's content file (or the first content error).
    Edit,
}

impl PageState {
    /// The selected item.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Rows scrolled by hand (`None`: the view follows the selection).
    pub fn scroll(&self) -> Option<u16> {
        self.scroll
    }

    /// Whether history back or forward has somewhere to go.
    pub fn has_history(&self) -> bool {
        !self.past.is_empty() || !self.future.is_empty()
    }

    /// Whether a letter pressed at `now` continues a type-ahead (and so is not a command).
    pub fn finding(&self, now: std::time::Instant) -> bool {
        self.type_ahead.as_ref().is_some_and(|t| t.continues(now))
    }

    /// Forgets a type-ahead (any key but a type-ahead letter ends it).
    pub fn end_type_ahead(&mut self) {
        self.type_ahead = None;
    }

    /// Takes a first digit still waiting for a second one (any key forgets it).
    pub fn take_first_digit(&mut self) -> Option<(u8, std::time::Instant)> {
        self.first_digit.take()
    }

    fn place(&self, s: &Shared) -> Place {
        Place {
            path: s
                .session
                .path()
                .into_iter()
                .map(|(id, via)| (id.to_owned(), via.clone()))
                .collect(),
            cursors: self.cursors.clone(),
            selected: self.selected,
            scroll: self.shown_scroll(s),
        }
    }

    /// The scroll to come back to: what the last frame showed, when one was drawn.
    fn shown_scroll(&self, s: &Shared) -> Option<u16> {
        match self.scroll {
            None if s.drawn.page.height > 0 => Some(s.drawn.page.scroll),
            scroll => scroll,
        }
    }

    /// Remembers where the user is before a navigation, for history back.
    fn remember(&mut self, s: &Shared) {
        let here = self.place(s);
        self.past.push(here);
        self.future.clear();
    }

    fn restore(&mut self, place: Place, s: &mut Shared) {
        if place.path.iter().any(|(id, _)| s.guide.node(id).is_none()) {
            return;
        }
        // One event for the whole place: the transcript reads "returned to …", not a restart
        // and a replay of every answer on the way.
        s.session.return_to(place.path);
        self.cursors = place.cursors;
        self.selected = place.selected;
        self.scroll = place.scroll;
        s.drawn.page.item_rows.clear();
    }

    /// Moves through the history of places: back (`false`) or forward (`true`).
    fn history(&mut self, forward: bool, s: &mut Shared) {
        let from = if forward {
            &mut self.future
        } else {
            &mut self.past
        };
        let Some(place) = from.pop() else {
            s.say(if forward {
                Msg::NoHistoryForward
            } else {
                Msg::NoHistoryBack
            });
            return;
        };
        let here = self.place(s);
        if forward {
            self.past.push(here);
        } else {
            self.future.push(here);
        }
        self.restore(place, s);
    }

    /// Opens page `id` (reached `via` a choice, a link, a diagnosis…) at its top; false when
    /// the guide has no such page.
    pub fn open(&mut self, id: &str, via: Via, s: &mut Shared) -> bool {
        if s.guide.node(id).is_none() {
            return false;
        }
        self.remember(s);
        let here = (self.selected, self.shown_scroll(s));
        self.cursors.push(here);
        s.session.enter(id, via);
        self.selected = 0;
        s.drawn.page.item_rows.clear();
        // A page opens at its top: title, summary and the exact error come first.
        self.scroll = Some(0);
        true
    }

    /// Back to the start of the guide (undone by history back).
    pub fn restart(&mut self, s: &mut Shared) {
        self.remember(s);
        s.session.restart();
        self.cursors.clear();
        self.selected = 0;
        self.scroll = Some(0);
        s.drawn.page.item_rows.clear();
    }

    /// After the content was loaded again: the selection stays on an item that exists, and
    /// when the page went away (`moved`), the cursors follow the path that is left.
    pub fn reloaded(&mut self, moved: bool, s: &mut Shared) {
        let count = items(s).len();
        self.selected = self.selected.min(count.saturating_sub(1));
        if moved {
            self.cursors
                .truncate(s.session.path().len().saturating_sub(1));
            s.drawn.page.item_rows.clear();
        }
    }

    /// The mouse wheel: three rows down (`down`) or up.
    pub fn wheel(&mut self, down: bool, s: &Shared) {
        let at = s.drawn.page.scroll;
        self.scroll = Some(if down {
            at.saturating_add(3)
        } else {
            at.saturating_sub(3)
        });
    }

    /// Selects item `k` and scrolls the least that shows it (and the line after it); without
    /// a drawn frame, the view follows the selection.
    fn select_item(&mut self, k: usize, s: &Shared) {
        self.selected = k;
        let page = &s.drawn.page;
        let (at, height) = (page.scroll, page.height);
        let Some(&row) = page.item_rows.get(k).filter(|_| height > 0) else {
            self.scroll = None;
            return;
        };
        self.scroll = Some(if row < at {
            // The heading above the first item of a group stays in view.
            row.saturating_sub(1)
        } else if row + 2 > at + height {
            row + 2 - height
        } else {
            at
        });
    }

    /// A click (`--mouse`): a choice opens; a step is selected and ticked; another item is
    /// selected, and a second click on it opens it.
    fn click(&mut self, x: u16, y: u16, s: &mut Shared) -> After {
        let area = s.drawn.page.area;
        if !area.contains(ratatui::layout::Position { x, y }) {
            return After::Stay;
        }
        let page = &s.drawn.page;
        let row = page.scroll + (y - area.y);
        let hit = page
            .item_rows
            .iter()
            .zip(page.item_ends.iter())
            .position(|(start, end)| row >= *start && row < *end);
        let Some(k) = hit else { return After::Stay };
        let items = items(s);
        let again = k == self.selected;
        self.select_item(k, s);
        match items.get(k) {
            Some(Item::Choice(_)) => self.update(Action::Select, s),
            Some(Item::Step(i)) => {
                s.session.toggle_step(*i);
                After::Stay
            }
            Some(_) if again => self.update(Action::Select, s),
            _ => After::Stay,
        }
    }

    /// The items whose first row the last frame showed.
    fn visible_items(&self, s: &Shared) -> Option<Vec<usize>> {
        let rows = &s.drawn.page.item_rows;
        let (at, height) = (s.drawn.page.scroll, s.drawn.page.height);
        if height == 0 || rows.is_empty() {
            return None;
        }
        Some(
            rows.iter()
                .enumerate()
                .filter(|(_, r)| **r >= at && **r < at + height)
                .map(|(k, _)| k)
                .collect(),
        )
    }

    /// Down (`down`) or Up from what is visible: with the selection in view, the next item;
    /// after PgDn or the wheel left it out of view, the first (last) item in view, or else the
    /// nearest below (above) it.
    fn step(&mut self, down: bool, count: usize, s: &Shared) {
        if count == 0 {
            return;
        }
        let last = count - 1;
        let target = match self.visible_items(s) {
            Some(v) if !v.contains(&self.selected) => {
                let rows = &s.drawn.page.item_rows;
                let at = s.drawn.page.scroll;
                let pick = if down {
                    v.first()
                        .copied()
                        .or_else(|| rows.iter().position(|r| *r >= at))
                        .unwrap_or(last)
                } else {
                    v.last()
                        .copied()
                        .or_else(|| rows.iter().rposition(|r| *r < at))
                        .unwrap_or(0)
                };
                pick.min(last)
            }
            _ if down => (self.selected + 1).min(last),
            _ => self.selected.saturating_sub(1),
        };
        self.select_item(target, s);
    }

    /// Type-ahead: `c` joins the letters typed just before it, and the selection moves to the
    /// next item they start; the status line shows the letters, or that no item starts with
    /// them.
    fn find(&mut self, c: char, items: &[Item], s: &mut Shared) {
        let now = s.now;
        let mut t = self
            .type_ahead
            .take()
            .filter(|t| t.continues(now))
            .unwrap_or_default();
        t.typed.push(c);
        t.at = Some(now);
        let labels: Vec<String> = items.iter().map(|i| label(s, i)).collect();
        match type_ahead::next_match(&labels, self.selected, &t.typed) {
            Some(k) => {
                self.select_item(k, s);
                s.say(Msg::Finding(t.typed.clone()));
            }
            None => s.say(Msg::FindNothing(t.typed.clone())),
        }
        self.type_ahead = Some(t);
    }

    /// A digit: the choice or step numbered so; 1 of 16 may be the start of 12.
    fn number(&mut self, n: u8, items: &[Item], s: &mut Shared) -> After {
        // 0 matches nothing (Item::Choice(usize::MAX)).
        let k = usize::from(n).checked_sub(1).unwrap_or(usize::MAX);
        let node = s.current();
        let question = node.kind == NodeKind::Question;
        let at = if question {
            items.iter().position(|i| *i == Item::Choice(k))
        } else {
            items.iter().position(|i| *i == Item::Step(k))
        };
        let (choices, steps) = (node.choices.len(), node.steps.len());
        let numbered = if question { choices } else { steps };
        // 1 of 16 choices may be the start of 12: it selects, and a second digit within a
        // moment makes the number; Enter opens.
        let longer = usize::from(n) * 10 <= numbered && n < 10;
        if longer && at.is_some() {
            self.first_digit = Some((n, s.now));
        }
        match at {
            Some(at) if longer => {
                self.select_item(at, s);
                s.say(Msg::FirstDigit {
                    n,
                    max: numbered.min(99),
                });
            }
            Some(at) if question => {
                self.selected = at;
                return self.update(Action::Select, s);
            }
            Some(at) => self.select_item(at, s),
            None => s.say(match (question, choices, steps) {
                (true, max, _) if max > 0 => Msg::NoChoice { n, max },
                (false, _, max) if max > 0 => Msg::NoStep { n, max },
                _ => Msg::NothingNumbered,
            }),
        }
        After::Stay
    }

    /// Enter: opens the selected choice or page, ticks a step, answers "Did this fix it?".
    fn select(&mut self, items: &[Item], s: &mut Shared) -> After {
        match items.get(self.selected).cloned() {
            Some(Item::Choice(i)) => {
                let next = s.current().choices[i].next.clone();
                self.open(&next, Via::Choice(i), s);
            }
            Some(Item::Related(id)) => {
                self.open(&id, Via::Related, s);
            }
            Some(Item::LiveCheck(kind)) => return After::OpenCheck(kind),
            Some(Item::Step(i)) => {
                s.session.toggle_step(i);
            }
            Some(Item::FollowUp(yes)) => {
                let node = s.current().clone();
                if let Some((fixed, not_fixed)) = s.guide.follow_up(&node) {
                    let target = if yes { fixed } else { not_fixed }.to_owned();
                    self.open(&target, Via::FollowUp { fixed: yes }, s);
                }
            }
            None if s.current().kind == NodeKind::End => self.restart(s),
            None => {}
        }
        After::Stay
    }

    /// What an action does on the page.
    pub fn update(&mut self, action: Action, s: &mut Shared) -> After {
        let items = items(s);
        // The first Enter or Space on a page whose selection is out of view shows it.
        if matches!(action, Action::Select | Action::ToggleStep)
            && s.drawn.page.selection_hidden
            && !items.is_empty()
        {
            self.select_item(self.selected, s);
            if self.scroll.is_none() || self.visible_items(s).is_none() {
                self.scroll = None;
            }
            s.drawn.page.selection_hidden = false;
            return After::Stay;
        }
        match action {
            Action::Up => self.step(false, items.len(), s),
            Action::Down => self.step(true, items.len(), s),
            Action::Top => {
                self.selected = 0;
                self.scroll = Some(0);
            }
            Action::Bottom => {
                self.selected = items.len().saturating_sub(1);
                self.scroll = Some(u16::MAX);
            }
            Action::FollowUp => match items.iter().position(|i| *i == Item::FollowUp(true)) {
                Some(k) => self.select_item(k, s),
                None => s.say(Msg::NoFollowUp),
            },
            Action::Number(n) => return self.number(n, &items, s),
            Action::History(forward) => self.history(forward, s),
            Action::FindPrefix => {
                self.type_ahead = Some(TypeAhead::default());
                s.say(Msg::FindPrefix);
            }
            Action::Find(c) => self.find(c, &items, s),
            Action::Click(x, y) => return self.click(x, y, s),
            Action::PageUp | Action::PageDown => {
                let (at, rows) = (s.drawn.page.scroll, s.drawn.page.height);
                let page = rows.saturating_sub(2).max(1);
                self.scroll = Some(if action == Action::PageUp {
                    at.saturating_sub(page)
                } else {
                    at.saturating_add(page)
                });
            }
            Action::Select => return self.select(&items, s),
            Action::ToggleStep => {
                if let Some(Item::Step(i)) = items.get(self.selected) {
                    s.session.toggle_step(*i);
                }
            }
            Action::Copy => {
                let text = crate::export::text::node(&s.guide, s.current(), s.lang);
                // The terminal loop copies it and says what really happened.
                s.effects.push(Effect::Copy(text, Copy::Page));
            }
            Action::CopyCommand => {
                let command = format!("leadwiz --goto {}", s.session.current());
                s.effects.push(Effect::Copy(command, Copy::Command));
            }
            Action::Edit => return After::Edit,
            Action::Back => {
                let here = self.place(s);
                if s.session.back() {
                    self.past.push(here);
                    self.future.clear();
                    // The cursor comes back to the choice just tried.
                    let (selected, scroll) = self.cursors.pop().unwrap_or((0, Some(0)));
                    self.selected = selected;
                    self.scroll = scroll;
                    s.drawn.page.item_rows.clear();
                } else {
                    s.say(Msg::AtStart);
                }
            }
            Action::Home => self.restart(s),
            Action::OpenPaste => return After::OpenPaste,
            Action::OpenSearch => return After::OpenSearch,
            _ => {}
        }
        After::Stay
    }
}
