//! Drawing the wizard: below a usable size one line that says so, else the normal frame
//! (`normal.rs`) or the presenter-mode frame (`presenter.rs`). Drawing reads the model and
//! writes nothing into it: it returns what it showed (`Drawn`), which the loop hands over.

use crate::guide::Lang;
use ratatui::Frame;
use ratatui::widgets::{Paragraph, Wrap};

use super::app::App;
pub use super::drawn::Drawn;
pub use super::frame::{ellipsize, status_text};
pub use super::hints::{acting_hints, hint_text};
use super::theme::Theme;

/// The smallest area the wizard draws in.
pub const MIN_WIDTH: u16 = 24;
pub const MIN_HEIGHT: u16 = 6;

/// Draws the frame; returns what it showed.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) -> Drawn {
    let mut drawn = Drawn::default();
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        drawn.too_small = true;
        let msg = if app.lang() == Lang::ZhCn {
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
    } else if app.presenter() {
        super::presenter::draw(frame, app, &theme.presenter(), &mut drawn);
    } else {
        super::normal::draw(frame, app, theme, &mut drawn);
    }
    drawn
}
