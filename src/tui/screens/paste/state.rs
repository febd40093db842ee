//! The paste screen's own state and update: the text box, where the focus is, the diagnosis of
//! the text and the candidate selected, and how much of a long paste the box kept.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::{Modifier, Style};
use tui_textarea::TextArea;

use crate::diagnose::{Diagnosis, Status};
use crate::session::Event;
use crate::tui::action::Action;
use crate::tui::messages::Msg;
use crate::tui::shared::Shared;

/// The paste box keeps at most what the matcher reads.
pub const MAX_PASTE: usize = crate::diagnose::normalise::MAX_INPUT;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Text,
    List,
}

pub struct PasteState {
    text: TextArea<'static>,
    focus: Focus,
    diagnosis: Option<Diagnosis>,
    candidate: usize,
    /// After a paste larger than the box keeps: the bytes kept and the bytes pasted.
    kept: Option<(usize, usize)>,
}

impl Default for PasteState {
    fn default() -> Self {
        // A one-line error wraps in the box, at spaces where it can.
        let mut text = TextArea::default();
        text.set_wrap_mode(tui_textarea::WrapMode::WordOrGlyph);
        PasteState {
            text,
            focus: Focus::Text,
            diagnosis: None,
            candidate: 0,
            kept: None,
        }
    }
}

/// What the paste screen asks of the wizard after an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum After {
    Stay,
    /// Back to the page (Esc).
    Leave,
    /// Back to the start of the guide.
    Home,
    /// Open this candidate's page.
    Open(String),
}

impl PasteState {
    /// The text box.
    pub fn text(&self) -> &TextArea<'static> {
        &self.text
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// The diagnosis of the text, once there is one.
    pub fn diagnosis(&self) -> Option<&Diagnosis> {
        self.diagnosis.as_ref()
    }

    /// The candidate selected in the list.
    pub fn candidate(&self) -> usize {
        self.candidate
    }

    /// After a paste larger than the box keeps: the bytes kept and the bytes pasted.
    pub fn kept(&self) -> Option<(usize, usize)> {
        self.kept
    }

    /// The bytes held in the box.
    pub fn len(&self) -> usize {
        self.text
            .lines()
            .iter()
            .map(|l| l.len() + 1)
            .sum::<usize>()
            .saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Whether the box holds all the matcher reads: more typing is not taken.
    pub fn full(&self) -> bool {
        self.len() >= MAX_PASTE
    }

    /// Moves the focus between the box and the candidates; the box shows its cursor only
    /// while it has the focus (a cursor means: what you type goes here).
    pub fn set_focus(&mut self, focus: Focus) {
        self.focus = focus;
        let cursor = match focus {
            Focus::Text => Style::default().add_modifier(Modifier::REVERSED),
            Focus::List => Style::default(),
        };
        self.text.set_cursor_style(cursor);
    }

    /// Re-ranks the candidates for the text in the box.
    pub fn rediagnose(&mut self, s: &Shared) {
        let text = self.text.lines().join("\n");
        self.diagnosis = Some(s.matcher.diagnose(&text, s.lang));
        self.candidate = 0;
    }

    /// After the language or the guide changed: a diagnosis made is made again, the
    /// candidate selected staying where it can.
    pub fn refresh(&mut self, s: &Shared) {
        if self.diagnosis.is_some() {
            let candidate = self.candidate;
            self.rediagnose(s);
            let last = self
                .diagnosis
                .as_ref()
                .map_or(0, |d| d.candidates.len().saturating_sub(1));
            self.candidate = candidate.min(last);
        }
    }

    /// A key typed into the box (a full box takes no more text, a paste without bracketed
    /// paste arriving as keys; deleting and moving still work); on the candidate list, the
    /// focus goes back to the box and the key is typed there.
    pub fn input(&mut self, key: KeyEvent, s: &Shared) {
        let adds = matches!(key.code, KeyCode::Char(_) | KeyCode::Enter | KeyCode::Tab);
        if self.focus == Focus::List {
            self.set_focus(Focus::Text);
            if !self.full() && self.text.input(key) {
                self.rediagnose(s);
            }
        } else if !(self.full() && adds) && self.text.input(key) {
            self.rediagnose(s);
        }
    }

    /// Inserts pasted text, with line ends normalised and control, escape and bidi characters
    /// dropped, keeping at most what the matcher reads (`MAX_PASTE` bytes in the box): the
    /// rest is dropped as it is read, and the screen says how much was kept.
    pub fn insert(&mut self, text: &str, s: &Shared) {
        self.set_focus(Focus::Text);
        let room = MAX_PASTE.saturating_sub(self.len());
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
        self.kept = cut.map(|_| (self.len() + clean.len(), text.len()));
        self.text.insert_str(clean);
        self.rediagnose(s);
    }

    fn candidate_id(&self, index: usize) -> After {
        self.diagnosis
            .as_ref()
            .and_then(|d| d.candidates.get(index))
            .map_or(After::Stay, |c| After::Open(c.id.clone()))
    }

    /// What an action does on the paste screen.
    pub fn update(&mut self, action: Action, s: &mut Shared) -> After {
        let count = self.diagnosis.as_ref().map_or(0, |d| d.candidates.len());
        let list = self.focus == Focus::List;
        match action {
            Action::Back if list => self.set_focus(Focus::Text),
            Action::Back => return After::Leave,
            Action::NextFocus if list => self.set_focus(Focus::Text),
            Action::NextFocus if count > 0 => self.set_focus(Focus::List),
            Action::NextFocus => s.say(Msg::NoCandidatesYet),
            Action::Number(n) if list => {
                match usize::from(n).checked_sub(1).filter(|k| *k < count) {
                    Some(k) => return self.candidate_id(k),
                    None => s.say(Msg::NoCandidate { n, max: count }),
                }
            }
            Action::Up if list => self.candidate = self.candidate.saturating_sub(1),
            Action::Down if list && self.candidate + 1 < count => self.candidate += 1,
            Action::Home => return After::Home,
            Action::Select if list => return self.candidate_id(self.candidate),
            Action::Submit => {
                self.rediagnose(s);
                let d = self.diagnosis.as_ref().expect("just diagnosed");
                let text = self.text.lines().join("\n");
                s.session.record(Event::pasted(text, d));
                match d.status {
                    Status::Confident => return self.candidate_id(0),
                    // Only Esc, Tab and Ctrl-C leave a text box: the user says when typing
                    // ends and the keys start to act.
                    Status::Ambiguous => s.say(Msg::NotSure),
                    Status::None => s.say(Msg::NoMatch),
                }
            }
            _ => {}
        }
        After::Stay
    }
}
