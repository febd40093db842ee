//! The wizard's model and `update`: which screen is up, each screen's own state (its file in
//! `screens/` holds its update), and how each message changes them. `update` is the only way
//! the model changes once built; it writes nothing and touches no terminal (the work it asks
//! for comes back as effects), so tests drive it headless.

mod reload;

use super::action::Action;
use super::drawn::Drawn;
use super::keymap::Context;
use super::live_check::CheckState;
use super::messages::Msg;
use super::screens::errors::Problems;
use super::screens::help::Help;
use super::screens::node::page::{self, PageState};
use super::screens::paste::state::{self as paste, PasteState};
use super::screens::search::{self, Search};
use super::shared::Shared;
use crate::diagnose::Diagnosis;
use crate::guide::{Guide, Lang, LiveCheck, Node};
use crate::session::{Event, Session, Via};
use crate::transcript::{Context as TranscriptContext, Format, Target};
use crate::watch::Reload;

pub use super::screens::node::items::Item;
pub use super::screens::paste::state::{Focus, MAX_PASTE};
pub use super::shared::Effect;

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

/// Everything that changes the wizard once it runs: what the user asks for, and what the
/// terminal loop brings (a paste, reloaded content, a check's report, what a frame showed,
/// what an effect did).
pub enum Update {
    Action(Action),
    /// A key: its label (echoed in presenter mode) and the action it asks for, if any.
    Key {
        label: String,
        action: Option<Action>,
    },
    /// A paste (bracketed, or a burst of keys): it goes where the user is typing.
    Paste(String),
    /// The content folder as loaded again.
    Reloaded(Reload),
    /// A live check may have its report.
    CheckReport,
    /// What the frame just drawn showed.
    Drawn(Drawn),
    /// What the terminal loop did for an effect, for the status line.
    Status(Msg),
}

impl From<Action> for Update {
    fn from(action: Action) -> Self {
        Update::Action(action)
    }
}

/// How the wizard runs: set once, as it is built.
struct Options {
    /// Whether link URLs are drawn as OSC 8 hyperlinks (in a real terminal; not in tests).
    hyperlinks: bool,
    /// Where the transcript goes and what it says about the run (`None`: a dated file in the
    /// current folder, built-in content).
    transcript: Option<(Target, TranscriptContext)>,
    /// The content folder (`--content DIR`); `None` for the built-in guide, which `e` cannot
    /// edit.
    content_dir: Option<std::path::PathBuf>,
    /// The environment a live check reads its secrets from (`None`: the process's).
    check_env: Option<Vec<(&'static str, String)>>,
    /// When the session began.
    started: time::OffsetDateTime,
}

pub struct App {
    shared: Shared,
    screen: Screen,
    page: PageState,
    paste: PasteState,
    search: Search,
    /// The "Test my destination" screen, while open.
    check: Option<CheckState>,
    help: Help,
    /// The content panel of live reload.
    problems: Problems,
    /// A first `g` was pressed: a second goes to the top.
    pending_g: bool,
    quit: bool,
    /// Presenter mode: the layout for a screen share.
    presenter: bool,
    /// The last key pressed, as shown in presenter mode ("↓", "Enter", "typing").
    last_key: Option<String>,
    /// The language of the transcript (`--transcript-lang`, `T`; `None`: the interface
    /// language).
    transcript_lang: Option<Lang>,
    options: Options,
}

impl App {
    pub fn new(guide: Guide, lang: Lang, session: Session) -> Self {
        App {
            shared: Shared::new(guide, lang, session),
            screen: Screen::Node,
            page: PageState::default(),
            paste: {
                let mut paste = PasteState::default();
                paste.set_focus(Focus::Text);
                paste
            },
            search: Search::default(),
            check: None,
            help: Help::default(),
            problems: Problems::default(),
            pending_g: false,
            quit: false,
            presenter: false,
            last_key: None,
            transcript_lang: None,
            options: Options {
                hyperlinks: false,
                transcript: None,
                content_dir: None,
                check_env: None,
                started: crate::clock::now(),
            },
        }
    }

    /// Starts in presenter mode (`--presenter`).
    pub fn with_presenter(mut self, on: bool) -> Self {
        self.presenter = on;
        self
    }

    /// Draws link URLs as OSC 8 hyperlinks.
    pub fn with_hyperlinks(mut self, on: bool) -> Self {
        self.options.hyperlinks = on;
        self
    }

    /// Where the transcript goes and what it says about the run.
    pub fn with_transcript(mut self, target: Target, ctx: TranscriptContext) -> Self {
        self.options.transcript = Some((target, ctx));
        self
    }

    /// The language of the transcript (`None`: the interface language).
    pub fn with_transcript_lang(mut self, lang: Option<Lang>) -> Self {
        self.transcript_lang = lang;
        self
    }

    /// The content folder the guide came from (`e` edits its files).
    pub fn with_content_dir(mut self, dir: Option<std::path::PathBuf>) -> Self {
        self.options.content_dir = dir;
        self
    }

    /// The environment variables a live check reads, instead of the process's.
    pub fn with_check_env(mut self, env: Vec<(&'static str, String)>) -> Self {
        self.options.check_env = Some(env);
        self
    }

    pub fn guide(&self) -> &Guide {
        &self.shared.guide
    }

    pub fn session(&self) -> &Session {
        &self.shared.session
    }

    pub fn lang(&self) -> Lang {
        self.shared.lang
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// The page screen's state.
    pub fn page(&self) -> &PageState {
        &self.page
    }

    /// The selected item of the page screen.
    pub fn selected(&self) -> usize {
        self.page.selected()
    }

    /// The paste screen's state.
    pub fn paste(&self) -> &PasteState {
        &self.paste
    }

    /// Where the focus is on the paste screen.
    pub fn focus(&self) -> Focus {
        self.paste.focus()
    }

    /// The diagnosis of the text in the paste box, once there is one.
    pub fn diagnosis(&self) -> Option<&Diagnosis> {
        self.paste.diagnosis()
    }

    /// The search screen's state.
    pub fn search(&self) -> &Search {
        &self.search
    }

    /// The "Test my destination" screen's state, while open.
    pub fn check(&self) -> Option<&CheckState> {
        self.check.as_ref()
    }

    /// The help overlay's state.
    pub fn help(&self) -> &Help {
        &self.help
    }

    /// The content panel's state: what live reload found.
    pub fn problems(&self) -> &Problems {
        &self.problems
    }

    /// The status message.
    pub fn status(&self) -> Option<&Msg> {
        self.shared.status.as_ref()
    }

    /// The status message in the current language.
    pub fn status_text(&self) -> Option<String> {
        self.status().map(|m| m.text(self.lang()))
    }

    /// Whether the user asked to quit.
    pub fn quitting(&self) -> bool {
        self.quit
    }

    pub fn presenter(&self) -> bool {
        self.presenter
    }

    /// The last key pressed, as presenter mode echoes it.
    pub fn last_key(&self) -> Option<&str> {
        self.last_key.as_deref()
    }

    /// Whether link URLs are drawn as OSC 8 hyperlinks.
    pub fn hyperlinks(&self) -> bool {
        self.options.hyperlinks
    }

    /// The content folder (`--content DIR`).
    pub fn content_dir(&self) -> Option<&std::path::Path> {
        self.options.content_dir.as_deref()
    }

    /// What the last frame showed.
    pub fn drawn(&self) -> &Drawn {
        &self.shared.drawn
    }

    /// Whether history back or forward has somewhere to go.
    pub fn has_history(&self) -> bool {
        self.page.has_history()
    }

    /// Whether a letter pressed at `now` continues a type-ahead (and so is not a command).
    pub fn finding(&self, now: std::time::Instant) -> bool {
        self.page.finding(now)
    }

    pub fn current(&self) -> &Node {
        self.shared.current()
    }

    /// The selectable lines of the current node.
    pub fn items(&self) -> Vec<Item> {
        super::screens::node::items::items(&self.shared)
    }

    /// An item's label as the page shows it, in the current language.
    pub fn item_label(&self, item: &Item) -> String {
        super::screens::node::items::label(&self.shared, item)
    }

    /// Where keys are read now.
    pub fn context(&self) -> Context {
        if self.help.is_open() {
            Context::Help
        } else {
            self.screen_context()
        }
    }

    /// Where keys are read on the screen (under the help, when it is open).
    pub fn screen_context(&self) -> Context {
        match (self.screen, self.paste.focus()) {
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

    /// The nodes matching the search, best first (titles first, typos forgiven), with a
    /// snippet of where each matched.
    pub fn search_hits(&self) -> Vec<crate::search::Hit<'_>> {
        self.search.hits(&self.shared.guide, self.lang())
    }

    /// The nodes matching the search, best first.
    pub fn search_results(&self) -> Vec<&Node> {
        self.search_hits().into_iter().map(|h| h.node).collect()
    }

    /// Whether a live check is running (the terminal loop redraws its progress).
    pub fn check_running(&self) -> bool {
        self.check.as_ref().is_some_and(|c| c.running.is_some())
    }

    /// Writes the transcript of the session so far; returns the file's absolute path.
    pub fn write_transcript(&self) -> std::io::Result<std::path::PathBuf> {
        let started = self.options.started;
        let (target, ctx) = self.options.transcript.clone().unwrap_or_else(|| {
            (
                Target {
                    path: None,
                    format: Format::Markdown,
                    force: false,
                },
                TranscriptContext {
                    date: crate::clock::date_time(started),
                    source: "built-in".into(),
                },
            )
        });
        let stamp = crate::clock::file_stamp(started);
        let lang = self.transcript_lang.unwrap_or(self.lang());
        target.write(&self.shared.guide, &self.shared.session, lang, &ctx, &stamp)
    }

    /// Applies a message; returns what the terminal loop must do for it (write the
    /// transcript, copy to the clipboard): `update` itself writes nothing and touches no
    /// terminal.
    pub fn update(&mut self, update: impl Into<Update>) -> Vec<Effect> {
        self.update_at(update, std::time::Instant::now())
    }

    /// `update` for a message that came at `now` (type-ahead and two-digit numbers read the
    /// pause since the key before).
    pub fn update_at(&mut self, update: impl Into<Update>, now: std::time::Instant) -> Vec<Effect> {
        self.shared.now = now;
        match update.into() {
            Update::Action(action) => self.apply(action),
            Update::Key { label, action } => {
                self.last_key = Some(label);
                if let Some(action) = action {
                    self.apply(action);
                }
            }
            Update::Paste(text) => self.take_paste(&text),
            Update::Reloaded(reload) => self.reload(reload),
            Update::CheckReport => self.check_report(),
            Update::Drawn(drawn) => self.shared.drawn = drawn,
            Update::Status(msg) => self.shared.say(msg),
        }
        // A check started: the loop runs it.
        if let Some(job) = self.check.as_mut().and_then(CheckState::take_job) {
            self.shared.effects.push(Effect::RunCheck(job));
        }
        std::mem::take(&mut self.shared.effects)
    }

    /// Takes a paste: it goes where the user is typing. The search field takes it as one
    /// line; "Test my destination" takes it as the URL; anywhere else it opens the paste box.
    /// Help in front closes first, so the text never lands in a box the user cannot see; too
    /// small a terminal takes nothing, as with keys.
    fn take_paste(&mut self, text: &str) {
        if self.shared.drawn.too_small {
            return;
        }
        self.help.close();
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
                self.paste.insert(text, &self.shared);
            }
        }
    }

    /// Takes a finished check's report, when it has one.
    fn check_report(&mut self) {
        let Some(check) = self.check.as_mut() else {
            return;
        };
        if check.poll()
            && let Some(event) = check.event(self.shared.lang)
        {
            self.shared.session.record(event);
        }
    }

    fn apply(&mut self, action: Action) {
        // A message stays through a language switch (and is drawn in the new language) and
        // while the user types.
        if !matches!(action, Action::SwitchLanguage | Action::Type(_)) {
            self.shared.status = None;
        }
        // Any key but a type-ahead letter ends a type-ahead.
        if !matches!(action, Action::Find(_) | Action::FindPrefix) {
            self.page.end_type_ahead();
        }
        let first_digit = self.page.take_first_digit();
        // `g g`: the second `g` goes to the top; any other key forgets the first.
        let action = match (action, std::mem::take(&mut self.pending_g)) {
            (Action::GoPrefix, true) => Action::Top,
            (Action::GoPrefix, false) => {
                self.pending_g = true;
                self.shared.say(Msg::GPending);
                return;
            }
            (a, _) => a,
        };
        match action {
            Action::Quit => self.quit = true,
            Action::Type(key) => self.type_key(key),
            Action::Wheel(down) => self.page.wheel(down, &self.shared),
            Action::TogglePresenter => self.presenter = !self.presenter,
            Action::WriteTranscript => self.shared.effects.push(Effect::WriteTranscript),
            Action::WriteTranscriptEnglish => {
                self.transcript_lang = Some(Lang::En);
                self.shared.effects.push(Effect::WriteTranscript);
            }
            Action::ToggleHelp => self.help.toggle(),
            Action::Back if self.help.is_open() => self.help.toggle(),
            // The help scrolls; nothing else acts under it.
            _ if self.help.is_open() => self.help.update(action, self.shared.drawn.help_max),
            Action::SwitchLanguage => {
                let s = &mut self.shared;
                s.lang = s.guide.meta.next_language(s.lang);
                s.session.record(Event::Language(s.lang));
                if self.paste.diagnosis().is_some() {
                    self.paste.rediagnose(&self.shared);
                }
            }
            Action::Number(d) => {
                // A second digit soon after a first that may start a longer number: the two
                // are one number (1 then 2: choice 12 of 16).
                let n = match first_digit {
                    Some((first, at))
                        if self.shared.now.saturating_duration_since(at)
                            < super::type_ahead::PAUSE =>
                    {
                        first * 10 + d
                    }
                    _ => d,
                };
                self.on_screen(Action::Number(n));
            }
            action => self.on_screen(action),
        }
    }

    /// An action for the screen that is up.
    fn on_screen(&mut self, action: Action) {
        match self.screen {
            Screen::Node => self.update_page(action),
            Screen::Paste => self.update_paste(action),
            Screen::Search => self.update_search(action),
            Screen::Check => self.update_check(action),
        }
    }

    /// Opens page `id` from any screen.
    fn open(&mut self, id: &str, via: Via) {
        if self.page.open(id, via, &mut self.shared) {
            self.screen = Screen::Node;
        }
    }

    fn update_page(&mut self, action: Action) {
        if let Action::ErrorsScroll(down) = action {
            self.problems.scroll_by(down, self.shared.drawn.errors_max);
            return;
        }
        match self.page.update(action, &mut self.shared) {
            page::After::Stay => {}
            page::After::OpenPaste => {
                self.screen = Screen::Paste;
                self.paste.set_focus(Focus::Text);
            }
            page::After::OpenSearch => {
                self.screen = Screen::Search;
                self.search.selected = 0;
            }
            page::After::OpenCheck(kind) => self.open_check(kind),
            page::After::Edit => self.edit(),
        }
    }

    fn open_check(&mut self, kind: LiveCheck) {
        let page = self.shared.session.current();
        self.check = Some(match &self.options.check_env {
            Some(env) => CheckState::with_env(kind, page, env.clone()),
            None => CheckState::new(kind, page),
        });
        self.screen = Screen::Check;
    }

    /// `e`: while the content has errors, the first one is what to edit; else this page.
    fn edit(&mut self) {
        let s = &mut self.shared;
        match (
            &self.options.content_dir,
            self.problems.errors().first(),
            s.guide.origin(s.session.current()),
        ) {
            (Some(_), Some(error), _) => {
                let file = std::path::PathBuf::from(&error.file);
                s.effects.push(Effect::Edit(file, error.line));
            }
            (Some(_), None, Some((file, line))) => {
                let file = std::path::PathBuf::from(file);
                s.effects.push(Effect::Edit(file, line));
            }
            _ => s.say(Msg::EditEmbedded),
        }
    }

    fn update_paste(&mut self, action: Action) {
        match self.paste.update(action, &mut self.shared) {
            paste::After::Stay => {}
            paste::After::Leave => self.screen = Screen::Node,
            paste::After::Home => {
                self.shared.session.restart();
                self.screen = Screen::Node;
            }
            paste::After::Open(id) => self.open(&id, Via::Diagnosis),
        }
    }

    fn update_search(&mut self, action: Action) {
        let results: Vec<String> = self.search_results().iter().map(|n| n.id.clone()).collect();
        match self.search.update(action, results.len()) {
            search::After::Stay => {}
            search::After::Leave => {
                self.record_search(results.len());
                self.screen = Screen::Node;
            }
            search::After::Open(k) => {
                self.record_search(results.len());
                self.open(&results[k], Via::Jump);
            }
        }
    }

    /// Records the words searched for (when there are any) as the user leaves the search.
    fn record_search(&mut self, results: usize) {
        let query = self.search.query.trim();
        if !query.is_empty() {
            self.shared.session.record(Event::Searched {
                query: query.to_owned(),
                results,
            });
        }
    }

    fn update_check(&mut self, action: Action) {
        use super::live_check::{After, KINDS, Stage};
        let shown = self.shared.drawn.check;
        let Some(check) = self.check.as_mut() else {
            self.screen = Screen::Node;
            return;
        };
        // A digit with no destination says so.
        if let Action::Number(n) = action
            && check.stage() == Stage::Choose
            && !(1..=KINDS.len()).contains(&usize::from(n))
        {
            self.shared.say(Msg::NoChoice {
                n,
                max: KINDS.len(),
            });
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
                self.shared.session.restart();
                self.screen = Screen::Node;
            }
        }
    }

    /// A key typed into the box with the focus: the paste box or its candidate list, a
    /// destination's field, the search box.
    fn type_key(&mut self, key: ratatui::crossterm::event::KeyEvent) {
        match self.context() {
            Context::List | Context::TextInput => self.paste.input(key, &self.shared),
            Context::Field => {
                if let Some(check) = self.check.as_mut() {
                    check.input(key);
                }
            }
            Context::Search => self.search.key(key),
            _ => {}
        }
    }
}
