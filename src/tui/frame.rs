//! The pieces of the frame that the normal and the presenter layouts share: the footer, the
//! breadcrumb trail, the step label, the status line, the key hints (generated from the
//! keymap), the current screen with its error panel, and the help overlay. `view.rs` and
//! `presenter.rs` both build on this; neither imports the other's internals.

use crate::guide::Lang;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::action::Action;
use super::app::{App, Screen};
use super::keymap::{Context, hints};
use super::screens::{
    check::CheckScreen, errors::ErrorPanel, help::HelpOverlay, node::NodeScreen,
    paste::PasteScreen, search::SearchScreen,
};
use super::theme::Theme;
use crate::export::text::display_width;
pub use crate::export::text::ellipsize;

/// The footer: the node id and the status on one row, the keys of the screen on the next.
pub fn footer_lines(frame: &mut Frame, app: &App, theme: &Theme, footer: Rect) {
    let [first, second] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(footer);
    let id = format!(" {} ", app.session.current());
    let mut line = vec![Span::styled(id.clone(), theme.selected)];
    if let Some(msg) = status_text(app) {
        let room = (first.width as usize).saturating_sub(display_width(&id) + 2);
        line.push(Span::raw("  "));
        line.push(Span::styled(ellipsize(&msg, room), theme.accent));
    }
    frame.render_widget(Line::from(line), first);
    frame.render_widget(
        Line::styled(hint_text(app, second.width as usize), theme.dim),
        second,
    );
}

/// The help overlay over the whole frame (so it fits in presenter mode too), when open.
pub fn help(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    if !app.help {
        return;
    }
    let under = under_help(app);
    // The whole width: nothing half-covered shows at its edges (a wide character cut by a
    // border would break it).
    frame.render_widget(&HelpOverlay { app, theme, under }, area);
}

/// The context of the screen under the help overlay.
pub fn under_help(app: &App) -> Context {
    match app.screen {
        Screen::Node => Context::Browse,
        Screen::Paste if app.focus == super::app::Focus::List => Context::List,
        Screen::Paste => Context::TextInput,
        Screen::Search => Context::Search,
        Screen::Check if app.check.as_ref().is_some_and(|c| c.typing()) => Context::Field,
        Screen::Check => Context::Check,
    }
}

/// The breadcrumb in at most `width` columns: the answers nearest the current page are kept,
/// the earlier ones give way to "…", and a last answer too long by itself is cut with "…".
pub fn trail(crumbs: &[String], width: usize) -> String {
    let full = crumbs.join(" › ");
    if display_width(&full) <= width {
        return full;
    }
    for skip in 1..crumbs.len() {
        let short = format!("… › {}", crumbs[skip..].join(" › "));
        if display_width(&short) <= width {
            return short;
        }
    }
    ellipsize(crumbs.last().map_or("", String::as_str), width)
}

/// "Step 3" (第 3 步): how many answers deep the user is.
pub fn step_label(app: &App) -> String {
    let n = app.session.breadcrumb(&app.guide, app.lang).len() + 1;
    if app.lang == Lang::ZhCn {
        format!("第 {n} 步")
    } else {
        format!("Step {n}")
    }
}

/// The status line: a message of the last action, else the live-reload state.
pub fn status_text(app: &App) -> Option<String> {
    let status = app.status.as_ref().filter(|_| app.screen != Screen::Paste);
    status.or(app.reloaded.as_ref()).map(|m| m.text(app.lang))
}

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
        Up | Down | PageUp | PageDown | GoPrefix | Click(..) | Find(_) | FindPrefix => 13,
    }
}

/// The keys that act on this screen now, as (keys, action), in keymap order: a key that
/// would do nothing here (ticking a step on a question page) is left out.
pub fn acting_hints(app: &App, context: Context) -> Vec<(Vec<String>, Action)> {
    use Action::*;
    let node = app.current();
    let items = app.items();
    let candidates = app.diagnosis.as_ref().map_or(0, |d| d.candidates.len());
    hints(context)
        .into_iter()
        .filter(|(_, a)| match (context, a) {
            (Context::Browse, ToggleStep) => !node.steps.is_empty(),
            (Context::Browse, FollowUp) => items.contains(&super::app::Item::FollowUp(true)),
            (Context::Browse, Number(_)) => !node.steps.is_empty() || !node.choices.is_empty(),
            (Context::Browse, Select) => !items.is_empty(),
            (Context::Browse, Back | Home) => app.session.path().len() > 1,
            (Context::Browse, History(_)) => app.has_history(),
            (Context::Browse, ErrorsScroll(_)) => app.errors_max.get() > 0,
            (Context::Browse, Edit) => app.content_dir.is_some(),
            (Context::TextInput, NextFocus) => candidates > 0,
            (Context::List, Number(_)) => candidates > 0,
            _ => true,
        })
        .collect()
}

/// The keys of the current screen for the footer, in at most `width` columns: the most
/// important first, each hint whole ("Enter open", never cut inside), "…" when some did not
/// fit; one key per hint (the help lists them all).
pub fn hint_text(app: &App, width: usize) -> String {
    let all = acting_hints(app, app.context());
    let short: Vec<(String, u8)> = all
        .iter()
        .map(|(keys, a)| {
            let key = keys.first().map_or("", String::as_str);
            (format!("{key} {}", a.describe(app.lang)), priority(*a))
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

/// The current screen in `area`, with the content-error panel under it while live reload
/// finds errors, and the help overlay on top when it is open.
pub fn screen(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let (found, _) = app.content_problems();
    let body = if found.is_empty() {
        app.errors_max.set(0);
        area
    } else {
        let width = area.width.saturating_sub(2) as usize;
        let wrapped: usize = found
            .iter()
            .map(|d| {
                let text = format!("{}:{}:{} {}", d.file, d.line, d.column, d.message);
                super::wrap::wrap_line(&Line::raw(text), width).len()
            })
            .sum();
        let wanted = (wrapped.min(u16::MAX as usize - 2) as u16) + 2;
        let height = wanted.min((area.height / 2).max(3)).min(area.height);
        let [body, panel] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(height)]).areas(area);
        frame.render_widget(&ErrorPanel { app, theme }, panel);
        body
    };
    match app.screen {
        Screen::Node => frame.render_widget(&NodeScreen { app, theme }, body),
        Screen::Paste => frame.render_widget(&PasteScreen { app, theme }, body),
        Screen::Search => frame.render_widget(&SearchScreen { app, theme }, body),
        Screen::Check => frame.render_widget(&CheckScreen { app, theme }, body),
    }
}

#[cfg(test)]
mod tests {
    use super::{ellipsize, trail};

    #[test]
    fn the_trail_keeps_the_nearest_answers() {
        let crumbs: Vec<String> = ["Set up a lead destination", "SaaS", "HTTPS endpoint"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            trail(&crumbs, 80),
            "Set up a lead destination › SaaS › HTTPS endpoint"
        );
        assert_eq!(trail(&crumbs, 30), "… › SaaS › HTTPS endpoint");
        assert_eq!(trail(&crumbs, 20), "… › HTTPS endpoint");
        assert_eq!(trail(&crumbs, 8), "HTTPS e…");
        assert_eq!(trail(&crumbs, 0), "");
        let zh: Vec<String> = ["设置潜在客户目标", "软件即服务 (SaaS)"]
            .map(String::from)
            .to_vec();
        assert_eq!(trail(&zh, 24), "… › 软件即服务 (SaaS)");
        assert_eq!(ellipsize("软件即服务", 7), "软件即…");
    }
}
