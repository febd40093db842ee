//! Live reload: new content replaces the old and the screen stays where it was (or on the
//! nearest step back that still exists); content with errors leaves the last good guide on
//! screen and the content panel lists the errors.

use super::App;
use crate::diagnose::Matcher;
use crate::session::Session;
use crate::tui::messages::Msg;
use crate::watch::Reload;

impl App {
    pub(super) fn reload(&mut self, reload: Reload) {
        let now = crate::clock::clock_time(crate::clock::now());
        let files = match &reload {
            Reload::Loaded { files, .. } | Reload::Failed { files, .. } => files.clone(),
        };
        let s = &mut self.shared;
        let deleted = self.problems.deleted(&files, || s.guide.files());
        match reload {
            Reload::Loaded {
                guide, warnings, ..
            } => {
                let gone_file = s
                    .guide
                    .origin(s.session.current())
                    .map(|(file, _)| file.to_owned())
                    .filter(|f| deleted.contains(f));
                s.guide = *guide;
                s.matcher = Matcher::new(&s.guide);
                let before = s.session.current().to_owned();
                if s.guide.node(s.session.path()[0].0).is_none() {
                    s.session = Session::new(&s.guide);
                }
                while s.guide.node(s.session.current()).is_none() {
                    if !s.session.back() {
                        s.session.restart();
                        break;
                    }
                }
                let moved = s.session.current() != before;
                self.page.reloaded(moved, &mut self.shared);
                self.paste.refresh(&self.shared);
                let current = self.shared.session.current().to_owned();
                // A page whose id went away: say so, and that this is the nearest one.
                let said = if moved {
                    Msg::PageGone {
                        at: now,
                        id: before,
                        showing: current,
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
                };
                self.problems.loaded(warnings, said);
            }
            Reload::Failed { diagnostics, .. } => {
                let said = if deleted.is_empty() {
                    Msg::ReloadFailed(now)
                } else {
                    Msg::FilesDeleted {
                        at: now,
                        files: deleted,
                        failed: true,
                    }
                };
                self.problems.failed(diagnostics, said);
            }
        }
    }
}
