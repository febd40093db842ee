//! The frame: a header (breadcrumb, step), the screen, and a footer with the node id and the
//! keys of the screen. Below a usable size, one line says so.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{App, Screen};
use super::keymap::{Context, hints};
use super::screens::{
    check::CheckScreen, errors::ErrorPanel, help::HelpOverlay, node::NodeScreen,
    paste::PasteScreen, search::SearchScreen,
};
use super::theme::Theme;
use crate::export::text::display_width;
pub use crate::export::text::ellipsize;

/// The smallest area the wizard draws in.
pub const MIN_WIDTH: u16 = 24;
pub const MIN_HEIGHT: u16 = 6;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = if app.lang == "zh-CN" {
            "终端太小"
        } else {
            "terminal too small"
        };
        frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    if app.presenter {
        super::presenter::draw(frame, app, &theme.presenter());
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(2),
    ])
    .areas(area);
    let body = Rect {
        x: body.x + 1,
        width: body.width.saturating_sub(2),
        ..body
    };

    let crumbs = app.session.breadcrumb(&app.guide, &app.lang);
    let step = format!("{} ", step_label(app));
    let room = (header.width as usize).saturating_sub(display_width(&step));
    let mut spans = vec![Span::styled(step, theme.accent)];
    if !crumbs.is_empty() {
        spans.push(Span::styled(trail(&crumbs, room), theme.dim));
    }
    frame.render_widget(Line::from(spans), header);
    screen(frame, app, theme, body);

    let hint_text = hint_text(app, false);
    let mut id_line = vec![Span::styled(
        format!(" {} ", app.session.current()),
        theme.selected,
    )];
    let message = status_text(app);
    let footer_text = match message {
        Some(msg) => vec![
            Line::from({
                id_line.push(Span::raw("  "));
                id_line.push(Span::styled(msg, theme.accent));
                id_line
            }),
            Line::styled(hint_text, theme.dim),
        ],
        None => {
            id_line.push(Span::raw("  "));
            id_line.push(Span::styled(hint_text, theme.dim));
            vec![Line::from(id_line)]
        }
    };
    frame.render_widget(
        Paragraph::new(footer_text).wrap(Wrap { trim: true }),
        footer,
    );
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
    let n = app.session.breadcrumb(&app.guide, &app.lang).len() + 1;
    if app.lang == "zh-CN" {
        format!("第 {n} 步")
    } else {
        format!("Step {n}")
    }
}

/// The status line: a message of the last action, else the live-reload state.
pub fn status_text(app: &App) -> Option<String> {
    let status = app.status.clone().filter(|_| app.screen != Screen::Paste);
    match (status, &app.reloaded) {
        (Some(s), _) => Some(s),
        (None, Some(r)) => Some(r.clone()),
        (None, None) => None,
    }
}

/// The keys of the current screen for the footer (`short`: only the essential ones).
pub fn hint_text(app: &App, short: bool) -> String {
    use super::action::Action::*;
    hints(app.context())
        .into_iter()
        .filter(|(_, a)| {
            if short {
                matches!(
                    a,
                    Select | Back | OpenPaste | ToggleHelp | Quit | Submit | RunCheck
                )
            } else {
                matches!(
                    a,
                    Select
                        | Back
                        | OpenPaste
                        | OpenSearch
                        | ToggleHelp
                        | Quit
                        | Submit
                        | NextFocus
                        | ToggleStep
                        | RunCheck
                )
            }
        })
        .filter(|(k, _)| !(short && *k == "Ctrl-C"))
        .map(|(k, a)| {
            let k = if short {
                k.split('/').next().unwrap_or(k)
            } else {
                k
            };
            format!("{k} {}", a.describe(&app.lang))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The current screen in `area`, with the content-error panel under it while live reload
/// finds errors, and the help overlay on top when it is open.
pub fn screen(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let body = if app.reload_errors.is_empty() {
        area
    } else {
        let wanted = app.reload_errors.len() as u16 + 2;
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
    if app.help {
        let under = match app.screen {
            Screen::Node => Context::Browse,
            Screen::Paste => Context::TextInput,
            Screen::Search => Context::Search,
            Screen::Check if app.check.as_ref().is_some_and(|c| c.typing()) => Context::Field,
            Screen::Check => Context::Check,
        };
        let w = area.width.min(60);
        let h = area.height.min(24);
        let popup = Rect {
            x: area.x + (area.width - w) / 2,
            y: area.y + (area.height - h) / 2,
            width: w,
            height: h,
        };
        frame.render_widget(&HelpOverlay { app, theme, under }, popup);
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
