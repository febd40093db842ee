//! What every screen reads and some change as they take an action: the guide and its matcher,
//! the session, the language, what the last frame showed, the status line and the work asked
//! of the terminal loop. Each screen's state and update live in its own file and are handed
//! this; `App` holds one.

use super::drawn::Drawn;
use super::messages::Msg;
use crate::diagnose::Matcher;
use crate::guide::{Guide, Lang, Node};
use crate::session::Session;

/// Work `update` leaves to the terminal loop: it touches files or the terminal.
#[derive(Debug, PartialEq, Eq)]
pub enum Effect {
    /// Write the transcript of the session now (`t`), then say where.
    WriteTranscript,
    /// Put this text on the clipboard (OSC 52 or the system's), then say what happened.
    Copy(String, super::messages::Copy),
    /// Open the user's editor on this content file at this line, then reload the content.
    Edit(std::path::PathBuf, usize),
    /// Run this live check on a thread of its own; its report comes back as a message.
    RunCheck(super::live_check::Job),
}

pub struct Shared {
    pub guide: Guide,
    pub matcher: Matcher,
    pub session: Session,
    pub lang: Lang,
    /// A one-line message for the status bar.
    pub status: Option<Msg>,
    /// What the action being applied asks the terminal loop to do (returned by `update`).
    pub effects: Vec<Effect>,
    /// What the last frame showed (the view reports it; the loop hands it over).
    pub drawn: Drawn,
    /// When the action being applied was asked for (the key's time).
    pub now: std::time::Instant,
}

impl Shared {
    pub fn new(guide: Guide, lang: Lang, session: Session) -> Self {
        Shared {
            matcher: Matcher::new(&guide),
            guide,
            session,
            lang,
            status: None,
            effects: Vec::new(),
            drawn: Drawn::default(),
            now: std::time::Instant::now(),
        }
    }

    /// The current page (the start, should the session point at none).
    pub fn current(&self) -> &Node {
        self.guide
            .node(self.session.current())
            .unwrap_or_else(|| self.guide.start())
    }

    /// Says `msg` in the status line.
    pub fn say(&mut self, msg: Msg) {
        self.status = Some(msg);
    }
}
