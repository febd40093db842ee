//! Presenter mode: the frame for a screen share viewed small and with lag. A boxed, bold step
//! header ("Step 3 · Which lead destination is configured?") with the node id beside it, wide
//! margins, few key hints, and the last key pressed echoed in the bottom-right corner so
//! viewers can follow. Nothing blinks or moves on its own.

use crate::guide::Lang;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use super::app::App;
use super::drawn::Drawn;
use super::frame::{self as shared, ellipsize, screen, status_text, step_label};
use super::hints::hint_text;
use super::theme::Theme;
use crate::export::text::display_width;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, drawn: &mut Drawn) {
    let full = frame.area();
    let zh = app.lang() == Lang::ZhCn;
    // Wide margins where there is room for them.
    let mx = if full.width >= 60 { 2 } else { 0 };
    let my = u16::from(full.height >= 18);
    let area = Rect {
        x: full.x + mx,
        y: full.y + my,
        width: full.width - 2 * mx,
        height: full.height - 2 * my,
    };
    let crumb_rows = u16::from(area.height >= 14);
    let [header, crumbs, _, body, _, status, keys] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(crumb_rows),
        Constraint::Length(crumb_rows),
        Constraint::Fill(1),
        Constraint::Length(crumb_rows),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);

    // The header: step and title on the left, the node id on the right, in a thick box.
    let id = format!(" ID {} ", app.session().current());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.accent);
    let inner = block.inner(header);
    frame.render_widget(block, header);
    let id_width = (display_width(&id) as u16).min(inner.width);
    let [left, right] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(id_width)]).areas(inner);
    // The step always shows; the title takes what room is left, if enough to read.
    let step = format!(" {}", step_label(app));
    let room = (left.width as usize).saturating_sub(display_width(&step));
    let title = if room >= 6 {
        step + &ellipsize(&format!(" · {}", app.current().title.get(app.lang())), room)
    } else {
        step
    };
    frame.render_widget(Paragraph::new(Line::styled(title, theme.title)), left);
    frame.render_widget(Paragraph::new(Line::styled(id, theme.selected)), right);

    if crumb_rows > 0 {
        let mut trail = app.session().breadcrumb(app.guide(), app.lang());
        // The title shows once, in the header: not again as the last answer.
        if trail.last().map(String::as_str) == Some(app.current().title.get(app.lang())) {
            trail.pop();
        }
        if !trail.is_empty() {
            frame.render_widget(
                Paragraph::new(Line::styled(
                    format!(
                        " {}",
                        shared::trail(&trail, crumbs.width.saturating_sub(1) as usize)
                    ),
                    theme.dim,
                )),
                crumbs,
            );
        }
    }

    screen(frame, app, theme, body, drawn);

    if let Some(msg) = status_text(app) {
        frame.render_widget(Paragraph::new(Line::styled(msg, theme.accent)), status);
    }
    // The last key, in the corner, so viewers see what was pressed.
    let key = match app.last_key() {
        Some(k) => format!(" {} {} ", if zh { "按键" } else { "key" }, echo(k)),
        None => String::new(),
    };
    let key_width = (display_width(&key) as u16).min(keys.width);
    let [hints, corner] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(key_width)]).areas(keys);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            hint_text(app, drawn, hints.width as usize),
            theme.dim,
        ))),
        hints,
    );
    frame.render_widget(Paragraph::new(Line::styled(key, theme.selected)), corner);
    shared::help(frame, app, theme, full, drawn);
}

/// A key as the corner echoes it: one line, no escape or bidi characters, secrets masked, at
/// most 12 columns (a key name is short; anything longer is not a key name).
pub fn echo(key: &str) -> String {
    let clean = crate::sanitise::line(key);
    ellipsize(&crate::redact::secrets(&clean), 12)
}
