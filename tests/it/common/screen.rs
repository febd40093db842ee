//! The wizard drawn into a test terminal, as the text a person would see.

use leadwiz::tui::app::App;
use leadwiz::tui::theme::{Theme, ThemeName};
use leadwiz::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The screen as lines of text (trailing spaces trimmed).
pub fn screen(app: &App, w: u16, h: u16, theme: ThemeName) -> String {
    drawn(app, w, h, theme).0
}

/// The screen, handed over to the model as the terminal loop does after each frame: the keys
/// that act on what is visible (↓ after PgDn, clicks, scrolling) then read it.
pub fn draw(app: &mut App, w: u16, h: u16, theme: ThemeName) -> String {
    let (text, drawn) = drawn(app, w, h, theme);
    app.update(leadwiz::tui::app::Update::Drawn(drawn));
    text
}

/// The screen as text, and the view's report of what it showed.
fn drawn(app: &App, w: u16, h: u16, theme: ThemeName) -> (String, view::Drawn) {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let theme = Theme::new(theme);
    let mut drawn = view::Drawn::default();
    terminal
        .draw(|f| drawn = view::draw(f, app, &theme))
        .unwrap();
    let buf = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut x = 0;
        while x < buf.area.width {
            let symbol = buf[(x, y)].symbol();
            line.push_str(symbol);
            // A wide (CJK) character fills two cells; the second holds nothing to show.
            x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    (out, drawn)
}
