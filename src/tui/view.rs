//! The frame: a header (breadcrumb, step), the screen, and a footer with the node id and the
//! keys of the screen. Below a usable size, one line says so.

use crate::guide::Lang;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::App;
pub use super::frame::{acting_hints, ellipsize, hint_text, status_text};
use super::frame::{footer_lines, help, screen, step_label, trail};
use super::theme::Theme;
use crate::export::text::display_width;

/// The smallest area the wizard draws in.
pub const MIN_WIDTH: u16 = 24;
pub const MIN_HEIGHT: u16 = 6;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    let too_small = area.width < MIN_WIDTH || area.height < MIN_HEIGHT;
    app.too_small.set(too_small);
    if too_small {
        let msg = if app.lang == Lang::ZhCn {
            format!(
                "终端太小：至少需要 {MIN_WIDTH}×{MIN_HEIGHT}（当前 {}×{}）",
                area.width, area.height
            )
        } else {
            format!(
                "leadwiz needs at least {MIN_WIDTH}×{MIN_HEIGHT} (now {}×{})",
                area.width, area.height
            )
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

    let crumbs = app.session.breadcrumb(&app.guide, app.lang);
    let step = format!("{} ", step_label(app));
    let room = (header.width as usize).saturating_sub(display_width(&step));
    let mut spans = vec![Span::styled(step, theme.accent)];
    if !crumbs.is_empty() {
        spans.push(Span::styled(trail(&crumbs, room), theme.dim));
    }
    frame.render_widget(Line::from(spans), header);
    screen(frame, app, theme, body);

    footer_lines(frame, app, theme, footer);
    help(frame, app, theme, area);
}
