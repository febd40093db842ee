//! Live reload for content authors: watch a content folder (recursively, so editors that save
//! by writing a new file and renaming it are seen), wait for the writes to settle, then load and
//! check the guide again on a background thread. The result arrives as a message (on the
//! wizard's one event channel); the screen decides what to do with it. No UI or async imports.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher};

use crate::guide::{Diagnostic, Guide, Sources};

/// How long the folder must be quiet before it is reloaded: long enough to take an editor's
/// save (write, rename, chmod) as one change, short enough to feel instant.
pub const DEBOUNCE: Duration = Duration::from_millis(60);

/// What a reload found.
#[derive(Debug)]
pub enum Reload {
    /// The content loads and checks without errors; `warnings` are what `leadwiz check` would
    /// warn about (a missing translation, an old review), `files` the content files read.
    Loaded {
        guide: Box<Guide>,
        warnings: Vec<Diagnostic>,
        files: Vec<String>,
    },
    /// The content has errors (or the folder cannot be read): the previous guide stays.
    Failed {
        diagnostics: Vec<Diagnostic>,
        files: Vec<String>,
    },
}

/// A running watch; dropping it stops watching.
pub struct Watch {
    _watcher: RecommendedWatcher,
    pub reloads: Receiver<Reload>,
}

/// A running watch that hands each reload to a function; dropping it stops watching.
pub struct Watching {
    _watcher: RecommendedWatcher,
}

/// Whether an event can change the guide: a change (not a read: loading the guide opens
/// every file) to a YAML file, or to a folder that may hold some.
fn relevant(event: &Event) -> bool {
    use notify::EventKind::{Access, Any, Create, Modify, Other, Remove};
    use notify::event::{AccessKind, AccessMode};
    let change = match event.kind {
        Create(_) | Modify(_) | Remove(_) | Any | Other => true,
        Access(AccessKind::Close(AccessMode::Write)) => true,
        Access(_) => false,
    };
    change
        && event.paths.iter().any(|path| {
            let hidden = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            let yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
            !hidden && (yaml || path.extension().is_none())
        })
}

/// Loads and checks `dir` as `leadwiz check` does, diagnosis self-test included.
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
                files: Vec::new(),
            };
        }
    };
    let files: Vec<String> = sources
        .files
        .iter()
        .map(|(name, _)| sources.display_path(name))
        .collect();
    let loaded = crate::diagnose::load_and_self_test(&sources);
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = loaded
        .diagnostics
        .into_iter()
        .partition(Diagnostic::is_error);
    match loaded.guide {
        Some(guide) => Reload::Loaded {
            guide: Box::new(guide),
            warnings,
            files,
        },
        None => Reload::Failed {
            diagnostics: errors,
            files,
        },
    }
}

/// Watches `dir`; each settled change is reloaded and sent on `reloads`.
pub fn watch(dir: &Path) -> notify::Result<Watch> {
    let (reload_tx, reloads) = channel();
    let Watching { _watcher } = watch_with(dir, move |r| reload_tx.send(r).is_ok())?;
    Ok(Watch { _watcher, reloads })
}

/// Watches `dir`; each settled change is reloaded and given to `deliver`, which returns false
/// when nobody listens any more.
pub fn watch_with(
    dir: &Path,
    deliver: impl Fn(Reload) -> bool + Send + 'static,
) -> notify::Result<Watching> {
    let (events_tx, events_rx) = channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(events_tx)?;
    watcher.watch(dir, RecursiveMode::Recursive)?;
    let dir: PathBuf = dir.to_path_buf();
    std::thread::spawn(move || reload_loop(&dir, &events_rx, &deliver));
    Ok(Watching { _watcher: watcher })
}

/// Waits for a change, then for `DEBOUNCE` without one, then reloads; until the watch is
/// dropped.
fn reload_loop(
    dir: &Path,
    events: &Receiver<notify::Result<Event>>,
    deliver: &impl Fn(Reload) -> bool,
) {
    let counts = |e: &notify::Result<Event>| e.as_ref().map_or(true, relevant);
    loop {
        match events.recv() {
            Ok(e) if counts(&e) => {}
            Ok(_) => continue,
            Err(_) => return,
        }
        let mut quiet_since = Instant::now();
        loop {
            let left = DEBOUNCE.saturating_sub(quiet_since.elapsed());
            if left.is_zero() {
                break;
            }
            match events.recv_timeout(left) {
                Ok(e) if counts(&e) => quiet_since = Instant::now(),
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if !deliver(load(dir)) {
            return;
        }
    }
}
