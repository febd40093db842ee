//! Live reload for content authors: watch a content folder (recursively, so editors that save
//! by writing a new file and renaming it are seen), wait for the writes to settle, then load and
//! check the guide again on a background thread. The result arrives as a message; the screen
//! decides what to do with it. No UI or async imports.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

use crate::guide::{Diagnostic, Guide, Sources};

/// How long the folder must be quiet before it is reloaded: long enough to take an editor's
/// save (write, rename, chmod) as one change, short enough to feel instant.
pub const DEBOUNCE: Duration = Duration::from_millis(60);

/// What a reload found.
#[derive(Debug)]
pub enum Reload {
    /// The content loads and checks without errors.
    Loaded(Box<Guide>),
    /// The content has errors (or the folder cannot be read): the previous guide stays.
    Failed { diagnostics: Vec<Diagnostic> },
}

/// A running watch; dropping it stops watching.
pub struct Watch {
    _debouncer: Debouncer<RecommendedWatcher>,
    pub reloads: Receiver<Reload>,
}

/// Whether a changed path can change the guide: a YAML file, or a folder (renamed or removed).
fn relevant(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'));
    let yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
    !hidden && (yaml || path.is_dir() || !path.exists() && path.extension().is_none())
}

/// Loads and checks `dir` as `leadwiz check` does.
pub fn load(dir: &Path) -> Reload {
    let sources = match Sources::from_dir(dir) {
        Ok(s) => s,
        Err(e) => {
            let at = crate::guide::diagnostic::Position::new(dir.display().to_string(), 1, 1);
            return Reload::Failed {
                diagnostics: vec![Diagnostic::error(
                    at,
                    format!("cannot read the folder: {e}"),
                )],
            };
        }
    };
    let loaded = Guide::load(&sources);
    match loaded.guide {
        Some(guide) => Reload::Loaded(Box::new(guide)),
        None => Reload::Failed {
            diagnostics: loaded
                .diagnostics
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect(),
        },
    }
}

/// Watches `dir`; each settled change is reloaded and sent on `reloads`.
pub fn watch(dir: &Path) -> notify_debouncer_mini::notify::Result<Watch> {
    let (events_tx, events_rx) = channel::<DebounceEventResult>();
    let (reload_tx, reloads) = channel();
    let mut debouncer = new_debouncer(DEBOUNCE, events_tx)?;
    debouncer.watcher().watch(dir, RecursiveMode::Recursive)?;
    let dir: PathBuf = dir.to_path_buf();
    std::thread::spawn(move || reload_loop(&dir, &events_rx, &reload_tx));
    Ok(Watch {
        _debouncer: debouncer,
        reloads,
    })
}

fn reload_loop(dir: &Path, events: &Receiver<DebounceEventResult>, out: &Sender<Reload>) {
    while let Ok(result) = events.recv() {
        let changed = match result {
            Ok(events) => events.iter().any(|e| relevant(&e.path)),
            Err(_) => true,
        };
        if !changed {
            continue;
        }
        if out.send(load(dir)).is_err() {
            return;
        }
    }
}
