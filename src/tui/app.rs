//! The wizard's model and `update`: what is on screen, and how each action changes it. No
//! drawing and no terminal here, so tests drive it headless.

use tui_textarea::TextArea;

use super::action::Action;
use super::keymap::Context;
use super::live_check::CheckState;
use super::messages::Msg;
use crate::diagnose::{Diagnosis, Matcher, Status};
use crate::guide::{Diagnostic, Guide, Lang, LiveCheck, NodeKind};
use crate::session::{Event, Session, Via};
use crate::transcript::{Context as TranscriptContext, Format, Target};
use crate::watch::Reload;

/// The paste box keeps at most what the matcher reads.
pub const MAX_PASTE: usize = crate::diagnose::normalise::MAX_INPUT;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The current node: a question or a remediation.
    Node,
    /// The paste box and its candidates.
    Paste,
    /// Search over every node.
    Search,
    /// "Test my destination": a live check over the network.
    Check,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Text,
    List,
}

/// One selectable line of a node screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Choice(usize),
    Step(usize),
    Related(String),
    /// "Did this fix it?": yes or no.
    FollowUp(bool),
    /// "Test my destination".
    LiveCheck(LiveCheck),
}

pub struct App {
    pub guide: Guide,
    matcher: Matcher,
    pub session: Session,
    pub lang: Lang,
    pub screen: Screen,
    pub help: bool,
    /// The selected item of the node screen.
    pub selected: usize,
    /// Rows scrolled down in the body of the node screen: `None` follows the selection;
    /// PgUp/PgDn and the mouse wheel scroll by hand.
    pub scroll: Option<u16>,
    pub paste: TextArea<'static>,
    pub focus: Focus,
    pub diagnosis: Option<Diagnosis>,
    pub candidate: usize,
    /// The search screen's words and selection.
    pub search: super::screens::search::Search,
    pub quit: bool,
    /// A one-line message for the status bar.
    pub status: Option<Msg>,
    /// Text to put on the clipboard (the terminal loop copies it and says how).
    /// What the last `update` asked the terminal loop to do (returned by `update`).
    effects: Vec<Effect>,
    /// Given to each live check, to wake the event loop when its report is ready.
    pub notify: Option<super::live_check::Notify>,
    /// Whether link URLs are drawn as OSC 8 hyperlinks (in a real terminal; not in tests).
    pub hyperlinks: bool,
    /// Presenter mode: the layout for a screen share.
    pub presenter: bool,
    /// After a paste larger than the box keeps: the bytes kept and the bytes pasted.
    pub paste_kept: Option<(usize, usize)>,
    /// The last key pressed, as shown in presenter mode ("↓", "Enter", "typing").
    pub last_key: Option<String>,
    /// Where the transcript goes and what it says about the run (`None`: a dated file in the
    /// current folder, built-in content).
    pub transcript: Option<(Target, TranscriptContext)>,
    /// The language of the transcript (`--transcript-lang`; `None`: the interface language).
    pub transcript_lang: Option<Lang>,
    /// When the session began.
    started: time::OffsetDateTime,
    /// "reloaded 14:03:09" after live reload, for the status line.
    pub reloaded: Option<Msg>,
    /// Errors of the content on disk, while the last good content stays on screen.
    pub reload_errors: Vec<Diagnostic>,
    /// Warnings of the content on disk as last reloaded (a missing translation, an old
    /// review): shown while there are no errors.
    pub reload_warnings: Vec<Diagnostic>,
    /// The content files as last read (`None` until the first reload: then the files the
    /// guide's pages came from), to name a file that was deleted.
    content_files: Option<Vec<String>>,
    /// The content folder (`--content DIR`); `None` for the built-in guide, which `e` cannot
    /// edit.
    pub content_dir: Option<std::path::PathBuf>,
    /// The "Test my destination" screen, while open.
    pub check: Option<CheckState>,
    /// Rows scrolled in the content-error panel (at most what the last frame could scroll).
    pub errors_scroll: u16,
    /// A first `g` was pressed: a second goes to the top of the page.
    pending_g: bool,
    /// A type-ahead in progress on the node screen's items.
    type_ahead: Option<super::type_ahead::TypeAhead>,
    /// A digit that may be the first of two (choice 1 of 16 may become 12), and when it came.
    first_digit: Option<(u8, std::time::Instant)>,
    /// When the action being applied was asked for (the key's time).
    now: std::time::Instant,
    /// Rows scrolled in the help overlay.
    pub help_scroll: u16,
    /// What the last frame showed (the view reports it; the loop hands it over).
    drawn: super::drawn::Drawn,
    /// The selection and scroll of each page on the way here, to restore on Back.
    cursors: Vec<(usize, Option<u16>)>,
    /// Places left by navigating, for history back (`[`, Alt-←), and places left by going
    /// back in history, for forward (`]`, Alt-→).
    past: Vec<Place>,
    future: Vec<Place>,
}

/// Work `update` leaves to the terminal loop: it touches files or the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write the transcript of the session now (`t`), then say where.
    WriteTranscript,
    /// Put this text on the clipboard (OSC 52 or the system's), then say what happened.
    Copy(String, super::messages::Copy),
    /// Open the user's editor on this content file at this line, then reload the content.
    Edit(std::path::PathBuf, usize),
}

/// Where the user was: the path of pages and the cursor on each.
#[derive(Debug, Clone)]
struct Place {
    path: Vec<(String, Via)>,
    cursors: Vec<(usize, Option<u16>)>,
    selected: usize,
    scroll: Option<u16>,
}

impl App {
    pub fn new(guide: Guide, lang: Lang, session: Session) -> Self {
        let matcher = Matcher::new(&guide);
        App {
            guide,
            matcher,
            session,
            lang,
            screen: Screen::Node,
            help: false,
            selected: 0,
            scroll: Some(0),
            paste: {
                // A one-line error wraps in the box, at spaces where it can.
                let mut t = TextArea::default();
                t.set_wrap_mode(tui_textarea::WrapMode::WordOrGlyph);
                t
            },
            focus: Focus::Text,
            diagnosis: None,
            candidate: 0,
            search: Default::default(),
            quit: false,
            status: None,
            effects: Vec::new(),
            notify: None,
            hyperlinks: false,
            presenter: false,
            paste_kept: None,
            last_key: None,
            transcript: None,
            transcript_lang: None,
            started: crate::clock::now(),
            reloaded: None,
            reload_errors: Vec::new(),
            reload_warnings: Vec::new(),
            content_files: None,
            content_dir: None,
            check: None,
            pending_g: false,
            type_ahead: None,
            first_digit: None,
            now: std::time::Instant::now(),
            errors_scroll: 0,
            help_scroll: 0,
            drawn: super::drawn::Drawn::default(),
            cursors: Vec::new(),
            past: Vec::new(),
            future: Vec::new(),
        }
    }

    fn place(&self) -> Place {
        Place {
            path: self
                .session
                .path()
                .into_iter()
                .map(|(id, via)| (id.to_owned(), via.clone()))
                .collect(),
            cursors: self.cursors.clone(),
            selected: self.selected,
            scroll: self.shown_scroll(),
        }
    }

    /// The scroll to come back to: what the last frame showed, when one was drawn.
    fn shown_scroll(&self) -> Option<u16> {
        match self.scroll {
            None if self.drawn.page.height > 0 => Some(self.drawn.page.scroll),
            s => s,
        }
    }

    /// Remembers where the user is before a navigation, for history back.
    fn remember(&mut self) {
        let here = self.place();
        self.past.push(here);
        self.future.clear();
    }

    fn restore(&mut self, place: Place) {
        if place
            .path
            .iter()
            .any(|(id, _)| self.guide.node(id).is_none())
        {
            return;
        }
        // One event for the whole place: the transcript reads "returned to …", not a restart
        // and a replay of every answer on the way.
        self.session.return_to(place.path);
        self.cursors = place.cursors;
        self.selected = place.selected;
        self.scroll = place.scroll;
        self.screen = Screen::Node;
        self.drawn.page.item_rows.clear();
    }

    /// Moves through the history of places: back (`false`) or forward (`true`).
    fn history(&mut self, forward: bool) {
        let from = if forward {
            &mut self.future
        } else {
            &mut self.past
        };
        let Some(place) = from.pop() else {
            self.status = Some(if forward {
                Msg::NoHistoryForward
            } else {
                Msg::NoHistoryBack
            });
            return;
        };
        let here = self.place();
        if forward {
            self.past.push(here);
        } else {
            self.future.push(here);
        }
        self.restore(place);
    }

    /// What the last frame showed.
    pub fn drawn(&self) -> &super::drawn::Drawn {
        &self.drawn
    }

    /// Takes the view's report of the frame just drawn (the loop hands it over after each
    /// draw): the keys that act on what is visible read it.
    pub fn set_drawn(&mut self, drawn: super::drawn::Drawn) {
        self.drawn = drawn;
    }

    /// Whether history back or forward has somewhere to go.
    pub fn has_history(&self) -> bool {
        !self.past.is_empty() || !self.future.is_empty()
    }

    /// The status message in the current language.
    pub fn status_text(&self) -> Option<String> {
        self.status.as_ref().map(|m| m.text(self.lang))
    }

    /// Selects item `k` of the node screen and scrolls the least that shows it (and the line
    /// after it); without a drawn frame, the view follows the selection.
    fn select_item(&mut self, k: usize) {
        self.selected = k;
        let page = &self.drawn.page;
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

    /// A click on the node screen (`--mouse`): a choice opens; a step is selected and ticked;
    /// another item is selected, and a second click on it opens it.
    fn click(&mut self, x: u16, y: u16) {
        let area = self.drawn.page.area;
        if !area.contains(ratatui::layout::Position { x, y }) {
            return;
        }
        let page = &self.drawn.page;
        let row = page.scroll + (y - area.y);
        let hit = page
            .item_rows
            .iter()
            .zip(page.item_ends.iter())
            .position(|(s, e)| row >= *s && row < *e);
        let Some(k) = hit else { return };
        let items = self.items();
        let again = k == self.selected;
        self.select_item(k);
        match items.get(k) {
            Some(Item::Choice(_)) => self.update_node(Action::Select),
            Some(Item::Step(i)) => {
                self.session.toggle_step(*i);
            }
            Some(_) if again => self.update_node(Action::Select),
            _ => {}
        }
    }

    /// The items of the node screen whose first row the last frame showed.
    fn visible_items(&self) -> Option<Vec<usize>> {
        let rows = &self.drawn.page.item_rows;
        let (at, height) = (self.drawn.page.scroll, self.drawn.page.height);
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
    fn step(&mut self, down: bool, count: usize) {
        if count == 0 {
            return;
        }
        let last = count - 1;
        let visible = self.visible_items();
        let target = match visible {
            Some(v) if !v.contains(&self.selected) => {
                let rows = &self.drawn.page.item_rows;
                let at = self.drawn.page.scroll;
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
        self.select_item(target);
    }

    /// Whether a letter pressed at `now` continues a type-ahead (and so is not a command).
    pub fn finding(&self, now: std::time::Instant) -> bool {
        self.type_ahead.as_ref().is_some_and(|t| t.continues(now))
    }

    /// Type-ahead: `c` typed at `now` joins the letters typed just before it, and the selection
    /// moves to the next item they start; the status line shows the letters, or that no item
    /// starts with them.
    fn find(&mut self, c: char, items: &[Item]) {
        let now = self.now;
        let mut t = self
            .type_ahead
            .take()
            .filter(|t| t.continues(now))
            .unwrap_or_default();
        t.typed.push(c);
        t.at = Some(now);
        let labels: Vec<String> = items.iter().map(|i| self.item_label(i)).collect();
        match super::type_ahead::next_match(&labels, self.selected, &t.typed) {
            Some(k) => {
                self.select_item(k);
                self.status = Some(Msg::Finding(t.typed.clone()));
            }
            None => self.status = Some(Msg::FindNothing(t.typed.clone())),
        }
        self.type_ahead = Some(t);
    }

    /// An item's label as the page shows it (without its number or tick box), in the current
    /// language.
    pub fn item_label(&self, item: &Item) -> String {
        let node = self.current();
        let lang = self.lang;
        match item {
            Item::Choice(i) => node.choices[*i].label.get(lang).to_owned(),
            Item::Step(i) => node.steps[*i].get(lang).to_owned(),
            Item::Related(id) => self
                .guide
                .node(id)
                .map_or(id.as_str(), |n| n.title.get(lang))
                .to_owned(),
            Item::FollowUp(yes) => super::messages::follow_up_label(*yes, lang).to_owned(),
            Item::LiveCheck(kind) => crate::guide::i18n::live_check_label(*kind, lang).to_owned(),
        }
    }

    /// Where keys are read now.
    pub fn context(&self) -> Context {
        if self.help {
            return Context::Help;
        }
        match (self.screen, self.focus) {
            (Screen::Node, _) => Context::Browse,
            (Screen::Paste, Focus::Text) => Context::TextInput,
            (Screen::Paste, Focus::List) => Context::List,
            (Screen::Search, _) => Context::Search,
            (Screen::Check, _) if self.check.as_ref().is_some_and(CheckState::typing) => {
                Context::Field
            }
            (Screen::Check, _) => Context::Check,
        }
    }

    pub fn current(&self) -> &crate::guide::Node {
        self.guide
            .node(self.session.current())
            .unwrap_or_else(|| self.guide.start())
    }

    /// The selectable lines of the current node: choices of a question; steps, then related
    /// nodes of a remediation.
    pub fn items(&self) -> Vec<Item> {
        let node = self.current();
        // "Test my destination" where the guide offers it, and on every page whose fix a
        // check confirms.
        let live = node
            .live_check
            .or_else(|| crate::destinations::live::confirms(&node.id))
            .map(Item::LiveCheck);
        if node.kind == NodeKind::Question {
            let mut items: Vec<Item> = (0..node.choices.len()).map(Item::Choice).collect();
            items.extend(live);
            return items;
        }
        let mut items: Vec<Item> = (0..node.steps.len()).map(Item::Step).collect();
        items.extend(live);
        items.extend(
            node.related
                .iter()
                .filter(|id| self.guide.node(id).is_some())
                .cloned()
                .map(Item::Related),
        );
        if self.guide.follow_up(node).is_some() {
            items.push(Item::FollowUp(true));
            items.push(Item::FollowUp(false));
        }
        items
    }

    /// The nodes matching the search, best first (titles first, typos forgiven), with a
    /// snippet of where each matched.
    pub fn search_hits(&self) -> Vec<crate::search::Hit<'_>> {
        crate::search::search(&self.guide, &self.search.query, self.lang)
    }

    /// The nodes matching the search, best first.
    pub fn search_results(&self) -> Vec<&crate::guide::Node> {
        self.search_hits().into_iter().map(|h| h.node).collect()
    }

    fn open(&mut self, id: &str, via: Via) {
        if self.guide.node(id).is_none() {
            return;
        }
        self.remember();
        let here = (self.selected, self.shown_scroll());
        self.cursors.push(here);
        self.session.enter(id, via);
        self.screen = Screen::Node;
        self.selected = 0;
        self.drawn.page.item_rows.clear();
        // A page opens at its top: title, summary and the exact error come first.
        self.scroll = Some(0);
    }

    /// Re-ranks the candidates for the text in the paste box.
    pub fn rediagnose(&mut self) {
        let text = self.paste.lines().join("\n");
        self.diagnosis = Some(self.matcher.diagnose(&text, self.lang));
        self.candidate = 0;
    }

    /// The bytes held in the paste box.
    pub fn paste_len(&self) -> usize {
        self.paste
            .lines()
            .iter()
            .map(|l| l.len() + 1)
            .sum::<usize>()
            .saturating_sub(1)
    }

    /// Whether the paste box holds all the matcher reads: more typing is not taken.
    pub fn paste_full(&self) -> bool {
        self.paste_len() >= MAX_PASTE
    }

    /// Inserts pasted text (from a bracketed paste), with line ends normalised and control,
    /// escape and bidi characters dropped, keeping at most what the matcher reads
    /// (`MAX_PASTE` bytes in the box): the rest is dropped as it is read, and the screen says
    /// how much was kept.
    /// Takes a paste (bracketed, or a burst of keys): it goes where the user is typing. The
    /// search field takes it as one line; "Test my destination" takes it as the URL; anywhere
    /// else it opens the paste box. Help in front closes first, so the text never lands in a
    /// box the user cannot see; too small a terminal takes nothing, as with keys.
    pub fn take_paste(&mut self, text: &str) {
        if self.drawn.too_small {
            return;
        }
        self.help = false;
        match self.screen {
            Screen::Check => {
                if let Some(check) = self.check.as_mut().filter(|c| c.typing()) {
                    check.insert(text);
                }
            }
            Screen::Search => self.search.paste(text),
            Screen::Node | Screen::Paste => {
                if self.screen != Screen::Paste {
                    self.apply(Action::OpenPaste);
                }
                self.set_focus(Focus::Text);
                self.insert_paste(text);
            }
        }
    }

    pub fn insert_paste(&mut self, text: &str) {
        let room = MAX_PASTE.saturating_sub(self.paste_len());
        let mut clean = String::with_capacity(room.min(text.len()));
        let mut chars = text.char_indices().peekable();
        let mut cut = None;
        while let Some((at, c)) = chars.next() {
            let c = match c {
                '\r' if chars.peek().is_some_and(|&(_, n)| n == '\n') => continue,
                '\r' => '\n',
                c if crate::sanitise::is_unsafe(c) => continue,
                c => c,
            };
            if clean.len() + c.len_utf8() > room {
                cut = Some(at);
                break;
            }
            clean.push(c);
        }
        self.paste_kept = cut.map(|_| (self.paste_len() + clean.len(), text.len()));
        self.paste.insert_str(clean);
        self.rediagnose();
    }

    /// Writes the transcript of the session so far; returns the file's absolute path.
    pub fn write_transcript(&self) -> std::io::Result<std::path::PathBuf> {
        let (target, ctx) = self.transcript.clone().unwrap_or_else(|| {
            (
                Target {
                    path: None,
                    format: Format::Markdown,
                    force: false,
                },
                TranscriptContext {
                    date: crate::clock::date_time(self.started),
                    source: "built-in".into(),
                },
            )
        });
        let stamp = crate::clock::file_stamp(self.started);
        let lang = self.transcript_lang.unwrap_or(self.lang);
        target.write(&self.guide, &self.session, lang, &ctx, &stamp)
    }

    /// Takes the result of a live reload: new content replaces the old and the screen stays
    /// where it was (or on the nearest step back that still exists); content with errors
    /// leaves the last good guide on screen and lists the errors.
    pub fn reload(&mut self, reload: Reload) {
        let now = crate::clock::clock_time(crate::clock::now());
        let files = match &reload {
            Reload::Loaded { files, .. } | Reload::Failed { files, .. } => files.clone(),
        };
        // A folder that cannot be read lists no files: that is not every file deleted.
        let deleted: Vec<String> = if files.is_empty() {
            Vec::new()
        } else {
            let before = self
                .content_files
                .take()
                .unwrap_or_else(|| self.guide.files());
            before.into_iter().filter(|f| !files.contains(f)).collect()
        };
        if !files.is_empty() {
            self.content_files = Some(files);
        }
        match reload {
            Reload::Loaded {
                guide, warnings, ..
            } => {
                let gone_file = self
                    .guide
                    .origin(self.session.current())
                    .map(|(file, _)| file.to_owned())
                    .filter(|f| deleted.contains(f));
                self.guide = *guide;
                self.matcher = Matcher::new(&self.guide);
                self.reload_errors.clear();
                if warnings != self.reload_warnings {
                    self.errors_scroll = 0;
                }
                self.reload_warnings = warnings;
                let before = self.session.current().to_owned();
                if self.guide.node(self.session.path()[0].0).is_none() {
                    self.session = Session::new(&self.guide);
                }
                while self.guide.node(self.session.current()).is_none() {
                    if !self.session.back() {
                        self.session.restart();
                        break;
                    }
                }
                let items = self.items().len();
                self.selected = self.selected.min(items.saturating_sub(1));
                if self.diagnosis.is_some() {
                    let candidate = self.candidate;
                    self.rediagnose();
                    self.candidate = candidate.min(
                        self.diagnosis
                            .as_ref()
                            .map_or(0, |d| d.candidates.len().saturating_sub(1)),
                    );
                }
                // A page whose id went away: say so, and that this is the nearest one.
                self.reloaded = Some(if self.session.current() != before {
                    self.cursors
                        .truncate(self.session.path().len().saturating_sub(1));
                    self.drawn.page.item_rows.clear();
                    Msg::PageGone {
                        at: now,
                        id: before,
                        showing: self.session.current().to_owned(),
                        file: gone_file,
                    }
                } else if !deleted.is_empty() {
                    Msg::FilesDeleted {
                        at: now,
                        files: deleted,
                        failed: false,
                    }
                } else {
                    Msg::Reloaded(now)
                });
            }
            Reload::Failed { diagnostics, .. } => {
                if diagnostics != self.reload_errors {
                    self.errors_scroll = 0;
                }
                self.reload_errors = diagnostics;
                self.reloaded = Some(if deleted.is_empty() {
                    Msg::ReloadFailed(now)
                } else {
                    Msg::FilesDeleted {
                        at: now,
                        files: deleted,
                        failed: true,
                    }
                });
            }
        }
    }

    /// What the content panel lists: the errors while there are some, else the warnings
    /// (`true` when they are errors).
    pub fn content_problems(&self) -> (&[Diagnostic], bool) {
        if self.reload_errors.is_empty() {
            (&self.reload_warnings, false)
        } else {
            (&self.reload_errors, true)
        }
    }

    /// Applies an action; returns what the terminal loop must do for it (write the
    /// transcript, copy to the clipboard): `update` itself writes nothing and touches no
    /// terminal.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        self.update_at(action, std::time::Instant::now())
    }

    /// `update` for an action asked for at `now` (type-ahead and two-digit numbers read the
    /// pause since the key before).
    pub fn update_at(&mut self, action: Action, now: std::time::Instant) -> Vec<Effect> {
        self.now = now;
        self.apply(action);
        std::mem::take(&mut self.effects)
    }

    /// Writes the transcript now and says where (or why not) in the status line: the
    /// `WriteTranscript` effect.
    pub fn write_transcript_now(&mut self) {
        self.status = Some(match self.write_transcript() {
            Ok(path) => Msg::TranscriptWritten(path),
            Err(e) => Msg::TranscriptFailed(e.to_string()),
        });
    }

    fn apply(&mut self, action: Action) {
        // A message stays through a language switch (and is drawn in the new language) and
        // while the user types.
        if !matches!(action, Action::SwitchLanguage | Action::Type(_)) {
            self.status = None;
        }
        // Any key but a type-ahead letter ends a type-ahead.
        if !matches!(action, Action::Find(_) | Action::FindPrefix) {
            self.type_ahead = None;
        }
        let first_digit = self.first_digit.take();
        // `g g`: the second `g` goes to the top; any other key forgets the first.
        let action = match (action, std::mem::take(&mut self.pending_g)) {
            (Action::GoPrefix, true) => Action::Top,
            (Action::GoPrefix, false) => {
                self.pending_g = true;
                self.status = Some(Msg::GPending);
                return;
            }
            (a, _) => a,
        };
        if action == Action::Quit {
            self.quit = true;
            return;
        }
        if let Action::Type(key) = action {
            self.type_key(key);
            return;
        }
        if let Action::Wheel(down) = action {
            let at = self.drawn.page.scroll;
            self.scroll = Some(if down {
                at.saturating_add(3)
            } else {
                at.saturating_sub(3)
            });
            return;
        }
        if action == Action::TogglePresenter {
            self.presenter = !self.presenter;
            return;
        }
        if action == Action::WriteTranscript {
            self.effects.push(Effect::WriteTranscript);
            return;
        }
        if action == Action::WriteTranscriptEnglish {
            self.transcript_lang = Some(Lang::En);
            self.effects.push(Effect::WriteTranscript);
            return;
        }
        if action == Action::ToggleHelp || (self.help && action == Action::Back) {
            self.help = !self.help;
            self.help_scroll = 0;
            return;
        }
        if self.help {
            // The help scrolls; nothing else acts under it.
            let at = self.help_scroll.min(self.drawn.help_max);
            self.help_scroll = match action {
                Action::Up => at.saturating_sub(1),
                Action::Down => at.saturating_add(1),
                Action::PageUp => at.saturating_sub(10),
                Action::PageDown => at.saturating_add(10),
                Action::Top => 0,
                Action::Bottom => u16::MAX,
                _ => at,
            };
            return;
        }
        if action == Action::SwitchLanguage {
            self.lang = self.guide.meta.next_language(self.lang);
            self.session.record(Event::Language(self.lang));
            if self.diagnosis.is_some() {
                self.rediagnose();
            }
            return;
        }
        let action = match (action, first_digit) {
            // A second digit soon after a first that may start a longer number: the two are
            // one number (1 then 2: choice 12 of 16).
            (Action::Number(d), Some((first, at)))
                if self.now.saturating_duration_since(at) < super::type_ahead::PAUSE =>
            {
                Action::Number(first * 10 + d)
            }
            (a, _) => a,
        };
        match self.screen {
            Screen::Node => self.update_node(action),
            Screen::Paste => self.update_paste(action),
            Screen::Search => self.update_search(action),
            Screen::Check => self.update_check(action),
        }
    }

    fn update_node(&mut self, action: Action) {
        let items = self.items();
        // The first Enter or Space on a page whose selection is out of view shows it.
        if matches!(action, Action::Select | Action::ToggleStep)
            && self.drawn.page.selection_hidden
            && !items.is_empty()
        {
            self.select_item(self.selected);
            if self.scroll.is_none() || self.visible_items().is_none() {
                self.scroll = None;
            }
            self.drawn.page.selection_hidden = false;
            return;
        }
        match action {
            Action::Up => self.step(false, items.len()),
            Action::Down => self.step(true, items.len()),
            Action::Top => {
                self.selected = 0;
                self.scroll = Some(0);
            }
            Action::Bottom => {
                self.selected = items.len().saturating_sub(1);
                self.scroll = Some(u16::MAX);
            }
            Action::FollowUp => match items.iter().position(|i| *i == Item::FollowUp(true)) {
                Some(k) => self.select_item(k),
                None => self.status = Some(Msg::NoFollowUp),
            },
            Action::Number(n) => {
                // 0 matches nothing (Item::Choice(usize::MAX)).
                let k = usize::from(n).checked_sub(1).unwrap_or(usize::MAX);
                let node = self.current();
                let question = node.kind == NodeKind::Question;
                let at = if question {
                    items.iter().position(|i| *i == Item::Choice(k))
                } else {
                    items.iter().position(|i| *i == Item::Step(k))
                };
                let (choices, steps) = (node.choices.len(), node.steps.len());
                let numbered = if question { choices } else { steps };
                // 1 of 16 choices may be the start of 12: it selects, and a second digit
                // within a moment makes the number; Enter opens.
                let longer = usize::from(n) * 10 <= numbered && n < 10;
                if longer && at.is_some() {
                    self.first_digit = Some((n, self.now));
                }
                match at {
                    Some(at) if longer => {
                        self.select_item(at);
                        self.status = Some(Msg::FirstDigit {
                            n,
                            max: numbered.min(99),
                        });
                    }
                    Some(at) if question => {
                        self.selected = at;
                        self.update_node(Action::Select);
                    }
                    Some(at) => self.select_item(at),
                    None => {
                        self.status = Some(match (question, choices, steps) {
                            (true, max, _) if max > 0 => Msg::NoChoice { n, max },
                            (false, _, max) if max > 0 => Msg::NoStep { n, max },
                            _ => Msg::NothingNumbered,
                        });
                    }
                }
            }
            Action::History(forward) => self.history(forward),
            Action::FindPrefix => {
                self.type_ahead = Some(super::type_ahead::TypeAhead::default());
                self.status = Some(Msg::FindPrefix);
            }
            Action::Find(c) => self.find(c, &items),
            Action::Click(x, y) => self.click(x, y),
            Action::ErrorsScroll(down) => {
                let at = self.errors_scroll.min(self.drawn.errors_max);
                self.errors_scroll = if down {
                    at.saturating_add(1)
                } else {
                    at.saturating_sub(1)
                };
            }
            Action::PageUp | Action::PageDown => {
                let (at, rows) = (self.drawn.page.scroll, self.drawn.page.height);
                let page = rows.saturating_sub(2).max(1);
                self.scroll = Some(if action == Action::PageUp {
                    at.saturating_sub(page)
                } else {
                    at.saturating_add(page)
                });
            }
            Action::Select => match items.get(self.selected).cloned() {
                Some(Item::Choice(i)) => {
                    let next = self.current().choices[i].next.clone();
                    self.open(&next, Via::Choice(i));
                }
                Some(Item::Related(id)) => self.open(&id, Via::Related),
                Some(Item::LiveCheck(kind)) => {
                    let mut check = CheckState::new(kind, self.session.current());
                    check.notify = self.notify.clone();
                    self.check = Some(check);
                    self.screen = Screen::Check;
                }
                Some(Item::Step(i)) => {
                    self.session.toggle_step(i);
                }
                Some(Item::FollowUp(yes)) => {
                    let node = self.current().clone();
                    if let Some((fixed, not_fixed)) = self.guide.follow_up(&node) {
                        let target = if yes { fixed } else { not_fixed }.to_owned();
                        self.open(&target, Via::FollowUp { fixed: yes });
                    }
                }
                None => {
                    if self.current().kind == NodeKind::End {
                        self.update_node(Action::Home);
                    }
                }
            },
            Action::ToggleStep => {
                if let Some(Item::Step(i)) = items.get(self.selected) {
                    self.session.toggle_step(*i);
                }
            }
            Action::Copy => {
                let node = self.current().clone();
                // The terminal loop copies it and says what really happened.
                self.effects.push(Effect::Copy(
                    crate::export::text::node(&self.guide, &node, self.lang),
                    super::messages::Copy::Page,
                ));
            }
            // While the content has errors, the first one is what to edit; else this page.
            Action::Edit => match (
                &self.content_dir,
                self.reload_errors.first(),
                self.guide.origin(self.session.current()),
            ) {
                (Some(_), Some(error), _) => {
                    let file = std::path::PathBuf::from(&error.file);
                    self.effects.push(Effect::Edit(file, error.line));
                }
                (Some(_), None, Some((file, line))) => {
                    self.effects
                        .push(Effect::Edit(std::path::PathBuf::from(file), line));
                }
                _ => self.status = Some(Msg::EditEmbedded),
            },
            Action::CopyCommand => {
                let command = format!("leadwiz --goto {}", self.session.current());
                self.effects
                    .push(Effect::Copy(command, super::messages::Copy::Command));
            }
            Action::Back => {
                let here = self.place();
                if self.session.back() {
                    self.past.push(here);
                    self.future.clear();
                    // The cursor comes back to the choice just tried.
                    let (selected, scroll) = self.cursors.pop().unwrap_or((0, Some(0)));
                    self.selected = selected;
                    self.scroll = scroll;
                    self.drawn.page.item_rows.clear();
                } else {
                    self.status = Some(Msg::AtStart);
                }
            }
            Action::Home => {
                self.remember();
                self.session.restart();
                self.cursors.clear();
                self.selected = 0;
                self.scroll = Some(0);
                self.drawn.page.item_rows.clear();
            }
            Action::OpenPaste => {
                self.screen = Screen::Paste;
                self.set_focus(Focus::Text);
            }
            Action::OpenSearch => {
                self.screen = Screen::Search;
                self.search.selected = 0;
            }
            _ => {}
        }
    }

    fn update_paste(&mut self, action: Action) {
        let count = self.diagnosis.as_ref().map_or(0, |d| d.candidates.len());
        match action {
            Action::Back => {
                if self.focus == Focus::List {
                    self.set_focus(Focus::Text);
                } else {
                    self.screen = Screen::Node;
                }
            }
            Action::NextFocus => match self.focus {
                Focus::Text if count > 0 => self.set_focus(Focus::List),
                Focus::Text => self.status = Some(Msg::NoCandidatesYet),
                Focus::List => self.set_focus(Focus::Text),
            },
            Action::Number(n) if self.focus == Focus::List => {
                match usize::from(n).checked_sub(1).filter(|k| *k < count) {
                    Some(k) => self.open_candidate(k),
                    None => self.status = Some(Msg::NoCandidate { n, max: count }),
                }
            }
            Action::Up if self.focus == Focus::List => {
                self.candidate = self.candidate.saturating_sub(1)
            }
            Action::Down if self.focus == Focus::List && self.candidate + 1 < count => {
                self.candidate += 1
            }
            Action::Home => {
                self.session.restart();
                self.screen = Screen::Node;
            }
            Action::Select if self.focus == Focus::List => self.open_candidate(self.candidate),
            Action::Submit => {
                self.rediagnose();
                let d = self.diagnosis.clone().expect("just diagnosed");
                self.session
                    .record(Event::pasted(self.paste.lines().join("\n"), &d));
                match d.status {
                    Status::Confident => self.open_candidate(0),
                    // Only Esc, Tab and Ctrl-C leave a text box: the user says when typing
                    // ends and the keys start to act.
                    Status::Ambiguous => self.status = Some(Msg::NotSure),
                    Status::None => self.status = Some(Msg::NoMatch),
                }
            }
            _ => {}
        }
    }

    /// Moves the focus between the paste box and the candidates; the box shows its cursor only
    /// while it has the focus (a cursor means: what you type goes here).
    pub fn set_focus(&mut self, focus: Focus) {
        self.focus = focus;
        let cursor = match focus {
            Focus::Text => {
                ratatui::style::Style::default().add_modifier(ratatui::style::Modifier::REVERSED)
            }
            Focus::List => ratatui::style::Style::default(),
        };
        self.paste.set_cursor_style(cursor);
    }

    fn open_candidate(&mut self, index: usize) {
        let id = self
            .diagnosis
            .as_ref()
            .and_then(|d| d.candidates.get(index))
            .map(|c| c.id.clone());
        if let Some(id) = id {
            self.open(&id, Via::Diagnosis);
        }
    }

    fn update_search(&mut self, action: Action) {
        use super::screens::search::After;
        let results: Vec<String> = self.search_results().iter().map(|n| n.id.clone()).collect();
        match self.search.update(action, results.len()) {
            After::Stay => {}
            After::Leave => {
                self.record_search(results.len());
                self.screen = Screen::Node;
            }
            After::Open(k) => {
                self.record_search(results.len());
                self.open(&results[k], Via::Jump);
            }
        }
    }

    /// Records the words searched for (when there are any) as the user leaves the search.
    fn record_search(&mut self, results: usize) {
        let query = self.search.query.trim();
        if !query.is_empty() {
            self.session.record(Event::Searched {
                query: query.to_owned(),
                results,
            });
        }
    }

    fn update_check(&mut self, action: Action) {
        use super::live_check::After;
        let shown = self.drawn.check;
        let Some(check) = self.check.as_mut() else {
            self.screen = Screen::Node;
            return;
        };
        // A digit with no destination says so.
        let kinds = super::live_check::KINDS.len();
        if let Action::Number(n) = action
            && check.stage() == super::live_check::Stage::Choose
            && !(1..=kinds).contains(&usize::from(n))
        {
            self.status = Some(Msg::NoChoice { n, max: kinds });
            return;
        }
        match check.update(action, shown) {
            After::Stay => {}
            After::Leave => {
                self.check = None;
                self.screen = Screen::Node;
            }
            After::Open(id) => {
                self.check = None;
                self.open(id, Via::Related);
            }
            After::Home => {
                self.check = None;
                self.session.restart();
                self.screen = Screen::Node;
            }
        }
    }

    /// Takes a finished check's report (the terminal loop calls this while a check runs);
    /// true when the screen changed.
    pub fn poll_check(&mut self) -> bool {
        let Some(check) = self.check.as_mut() else {
            return false;
        };
        if !check.poll() {
            return false;
        }
        if let Some(event) = check.event(self.lang) {
            self.session.record(event);
        }
        true
    }

    /// Whether a live check is running (the terminal loop redraws its progress).
    pub fn check_running(&self) -> bool {
        self.check.as_ref().is_some_and(|c| c.running.is_some())
    }

    /// A key typed into the box with the focus: the paste box (a full box takes no more text,
    /// a paste without bracketed paste arriving as keys; deleting and moving still work), the
    /// candidate list (back to the box, and typed there), a destination's field, the search box.
    fn type_key(&mut self, key: ratatui::crossterm::event::KeyEvent) {
        use ratatui::crossterm::event::KeyCode;
        let adds = matches!(key.code, KeyCode::Char(_) | KeyCode::Enter | KeyCode::Tab);
        match self.context() {
            Context::List => {
                self.set_focus(Focus::Text);
                if !self.paste_full() && self.paste.input(key) {
                    self.rediagnose();
                }
            }
            Context::TextInput if self.paste_full() && adds => {}
            Context::TextInput if self.paste.input(key) => self.rediagnose(),
            Context::Field => {
                if let Some(check) = self.check.as_mut() {
                    check.input(key);
                }
            }
            Context::Search => self.search.key(key),
            _ => {}
        }
    }

    /// Types a character into the search box (`None`: deletes one).
    pub fn search_input(&mut self, c: Option<char>) {
        self.search.input(c);
    }
}
