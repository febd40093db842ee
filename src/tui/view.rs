//! The frame: a header (breadcrumb, step), the screen, and a footer with the node id and the
//! keys of the screen. Below a usable size, one line says so.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{App, Screen};
use super::keymap::{Context, hints};
use super::screens::{
    help::HelpOverlay, node::NodeScreen, paste::PasteScreen, search::SearchScreen,
};
use super::theme::Theme;

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
    let step = if app.lang == "zh-CN" {
        format!("第 {} 步", crumbs.len() + 1)
    } else {
        format!("Step {}", crumbs.len() + 1)
    };
    let mut spans = vec![Span::styled(format!("{step} "), theme.accent)];
    if !crumbs.is_empty() {
        spans.push(Span::styled(crumbs.join(" › "), theme.dim));
    }
    frame.render_widget(Line::from(spans), header);

    match app.screen {
        Screen::Node => frame.render_widget(&NodeScreen { app, theme }, body),
        Screen::Paste => frame.render_widget(&PasteScreen { app, theme }, body),
        Screen::Search => frame.render_widget(&SearchScreen { app, theme }, body),
    }
    let context = app.context();
    let under = if app.help {
        match app.screen {
            Screen::Node => Context::Browse,
            Screen::Paste => Context::TextInput,
            Screen::Search => Context::Search,
        }
    } else {
        context
    };
    if app.help {
        let w = body.width.min(60);
        let h = body.height.min(24);
        let popup = Rect {
            x: body.x + (body.width - w) / 2,
            y: body.y + (body.height - h) / 2,
            width: w,
            height: h,
        };
        frame.render_widget(&HelpOverlay { app, theme, under }, popup);
    }

    let hint_text: Vec<String> = hints(context)
        .into_iter()
        .filter(|(_, a)| {
            use super::action::Action::*;
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
            )
        })
        .map(|(k, a)| format!("{k} {}", a.describe(&app.lang)))
        .collect();
    let id_line = Line::from(vec![
        Span::styled(format!(" {} ", app.session.current()), theme.selected),
        Span::raw("  "),
        Span::styled(hint_text.join(" · "), theme.dim),
    ]);
    frame.render_widget(Paragraph::new(id_line).wrap(Wrap { trim: true }), footer);
}
