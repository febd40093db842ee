//! The normal frame: a header (step, breadcrumb), the screen, and a footer with the node id and
//! the keys of the screen.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::app::App;
use super::drawn::Drawn;
use super::frame::{footer_lines, help, screen, step_label, trail};
use super::theme::Theme;
use crate::export::text::display_width;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, drawn: &mut Drawn) {
    let area = frame.area();
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

    let crumbs = app.session().breadcrumb(app.guide(), app.lang());
    let step = format!("{} ", step_label(app));
    let room = (header.width as usize).saturating_sub(display_width(&step));
    let mut spans = vec![Span::styled(step, theme.accent)];
    if !crumbs.is_empty() {
        spans.push(Span::styled(trail(&crumbs, room), theme.dim));
    }
    frame.render_widget(Line::from(spans), header);
    screen(frame, app, theme, body, drawn);

    footer_lines(frame, app, theme, footer, drawn);
    help(frame, app, theme, area, drawn);
}
