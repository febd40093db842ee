//! The key hints of the footer and the help overlay, generated from the keymap: only the keys
//! that act on the screen now, the footer's cut by priority to its width.

use super::action::Action;
use super::app::App;
use super::drawn::Drawn;
use super::keymap::{Context, hints};
use crate::export::text::display_width;

/// How much a key matters in the footer: the lower, the sooner it is shown.
fn priority(action: Action) -> u8 {
    use Action::*;
    match action {
        Quit => 0,
        ToggleHelp => 1,
        Select | Submit | RunCheck => 2,
        Back => 3,
        NextFocus => 4,
        ToggleStep => 5,
        OpenPaste | FollowUp => 6,
        Number(_) => 7,
        OpenSearch => 8,
        Home | SwitchLanguage => 9,
        Copy | CopyCommand | WriteTranscript | Top | Bottom | ErrorsScroll(_) => 10,
        WriteTranscriptEnglish | Edit => 11,
        History(_) => 11,
        TogglePresenter => 12,
        Up | Down | PageUp | PageDown | GoPrefix | Click(..) | Wheel(_) | Type(_) | Find(_)
        | FindPrefix => 13,
    }
}

/// The keys that act on this screen now, as (keys, action), in keymap order: a key that
/// would do nothing here (ticking a step on a question page) is left out.
pub fn acting_hints(app: &App, context: Context, drawn: &Drawn) -> Vec<(Vec<String>, Action)> {
    use Action::*;
    let node = app.current();
    let items = app.items();
    let candidates = app.diagnosis().map_or(0, |d| d.candidates.len());
    hints(context)
        .into_iter()
        .filter(|(_, a)| match (context, a) {
            (Context::Browse, ToggleStep) => !node.steps.is_empty(),
            (Context::Browse, FollowUp) => items.contains(&super::app::Item::FollowUp(true)),
            (Context::Browse, Number(_)) => !node.steps.is_empty() || !node.choices.is_empty(),
            (Context::Browse, Select) => !items.is_empty(),
            (Context::Browse, Back | Home) => app.session().path().len() > 1,
            (Context::Browse, History(_)) => app.has_history(),
            (Context::Browse, ErrorsScroll(_)) => drawn.errors_max > 0,
            (Context::Browse, Edit) => app.content_dir().is_some(),
            (Context::TextInput, NextFocus) => candidates > 0,
            (Context::List, Number(_)) => candidates > 0,
            (Context::Check | Context::Field, a) => app.check().is_some_and(|c| c.acts(*a)),
            _ => true,
        })
        .collect()
}

/// The keys of the current screen for the footer, in at most `width` columns: the most
/// important first, each hint whole ("Enter open", never cut inside), "…" when some did not
/// fit; one key per hint (the help lists them all).
pub fn hint_text(app: &App, drawn: &Drawn, width: usize) -> String {
    let all = acting_hints(app, app.context(), drawn);
    let short: Vec<(String, u8)> = all
        .iter()
        .map(|(keys, a)| {
            let key = keys.first().map_or("", String::as_str);
            (
                format!("{key} {}", a.describe_in(app.context(), app.lang())),
                priority(*a),
            )
        })
        .collect();
    let mut order: Vec<usize> = (0..short.len()).collect();
    order.sort_by_key(|&i| (short[i].1, i));
    let sep = " · ";
    let mut chosen = vec![false; short.len()];
    let mut used = 1; // the leading space
    let mut left_out = false;
    for &i in &order {
        let w = display_width(&short[i].0) + if used > 1 { display_width(sep) } else { 0 };
        // Room for a trailing " …" unless this is the last one.
        let reserve = if chosen.iter().filter(|c| !**c).count() > 1 {
            2
        } else {
            0
        };
        if !left_out && used + w + reserve <= width {
            chosen[i] = true;
            used += w;
        } else {
            left_out = true;
        }
    }
    let mut out = String::from(" ");
    out.push_str(
        &short
            .iter()
            .zip(&chosen)
            .filter(|(_, c)| **c)
            .map(|((h, _), _)| h.as_str())
            .collect::<Vec<_>>()
            .join(sep),
    );
    if chosen.iter().any(|c| !c) {
        out.push_str(" …");
    }
    out
}
