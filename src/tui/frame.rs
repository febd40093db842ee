//! The pieces of the frame that the normal and the presenter layouts share: the footer, the
//! breadcrumb trail, the step label, the status line, the current screen with its error panel,
//! and the help overlay (the key hints come from `hints.rs`). `normal.rs` and `presenter.rs`
//! both build on this; neither imports the other.

use crate::guide::Lang;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::app::{App, Screen};
use super::drawn::Drawn;
use super::hints::hint_text;
use super::screens::{
    check::CheckScreen, errors::ErrorPanel, help::HelpOverlay, node::NodeScreen,
    paste::PasteScreen, search::SearchScreen,
};
use super::theme::Theme;
use crate::export::text::display_width;
pub use crate::export::text::ellipsize;

/// The footer: the node id and the status on one row, the keys of the screen on the next.
pub fn footer_lines(frame: &mut Frame, app: &App, theme: &Theme, footer: Rect, drawn: &Drawn) {
    let [first, second] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(footer);
    let id = format!(" {} ", app.session().current());
    let mut line = vec![Span::styled(id.clone(), theme.selected)];
    if let Some(msg) = status_text(app) {
        let room = (first.width as usize).saturating_sub(display_width(&id) + 2);
        line.push(Span::raw("  "));
        line.push(Span::styled(ellipsize(&msg, room), theme.accent));
    }
    frame.render_widget(Line::from(line), first);
    frame.render_widget(
        Line::styled(hint_text(app, drawn, second.width as usize), theme.dim),
        second,
    );
}

/// The help overlay over the whole frame (so it fits in presenter mode too), when open.
pub fn help(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, drawn: &mut Drawn) {
    if !app.help().is_open() {
        return;
    }
    let under = app.screen_context();
    let overlay = HelpOverlay {
        help: app.help(),
        lang: app.lang(),
        page: app.session().current(),
        // What the frame drew before it tells which keys act.
        hints: super::hints::acting_hints(app, under, drawn),
        theme,
        under,
    };
    // The whole width: nothing half-covered shows at its edges (a wide character cut by a
    // border would break it).
    frame.render_stateful_widget(&overlay, area, &mut drawn.help_max);
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
    let n = app.session().breadcrumb(app.guide(), app.lang()).len() + 1;
    if app.lang() == Lang::ZhCn {
        format!("第 {n} 步")
    } else {
        format!("Step {n}")
    }
}

/// The status line: a message of the last action, else the live-reload state.
pub fn status_text(app: &App) -> Option<String> {
    let status = app.status().filter(|_| app.screen() != Screen::Paste);
    status
        .or(app.problems().reloaded())
        .map(|m| m.text(app.lang()))
}

/// The current screen in `area`, with the content-error panel under it while live reload
/// finds errors, and the help overlay on top when it is open.
pub fn screen(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, drawn: &mut Drawn) {
    let (found, _) = app.problems().shown();
    let body = if found.is_empty() {
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
        let panel_widget = ErrorPanel {
            problems: app.problems(),
            lang: app.lang(),
            theme,
        };
        frame.render_stateful_widget(&panel_widget, panel, &mut drawn.errors_max);
        body
    };
    match app.screen() {
        Screen::Node => {
            frame.render_stateful_widget(&NodeScreen { app, theme }, body, &mut drawn.page)
        }
        Screen::Paste => frame.render_widget(&PasteScreen { app, theme }, body),
        Screen::Search => {
            let screen = SearchScreen {
                search: app.search(),
                guide: app.guide(),
                lang: app.lang(),
                theme,
            };
            frame.render_widget(&screen, body)
        }
        Screen::Check => {
            frame.render_stateful_widget(&CheckScreen { app, theme }, body, &mut drawn.check)
        }
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
