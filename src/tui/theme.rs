//! Colours and emphasis. The default theme uses the 16 ANSI colours (the user's palette applies);
//! monochrome (also chosen by `NO_COLOR`) carries meaning by symbols, bold and reverse only.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeName {
    Default,
    HighContrast,
    Monochrome,
}

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub name: ThemeName,
    pub title: Style,
    pub text: Style,
    pub dim: Style,
    pub accent: Style,
    pub selected: Style,
    pub error: Style,
    pub ok: Style,
}

impl Theme {
    pub fn new(name: ThemeName) -> Self {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        match name {
            ThemeName::Default => Theme {
                name,
                title: bold.fg(Color::Cyan),
                text: Style::default(),
                dim: Style::default().fg(Color::DarkGray),
                accent: Style::default().fg(Color::Yellow),
                selected: Style::default().add_modifier(Modifier::REVERSED),
                error: bold.fg(Color::Red),
                ok: Style::default().fg(Color::Green),
            },
            ThemeName::HighContrast => Theme {
                name,
                title: bold.fg(Color::White),
                text: Style::default().fg(Color::White),
                dim: Style::default().fg(Color::White),
                accent: bold.fg(Color::Yellow),
                selected: bold.fg(Color::Black).bg(Color::Yellow),
                error: bold.fg(Color::LightRed),
                ok: bold.fg(Color::LightGreen),
            },
            ThemeName::Monochrome => Theme {
                name,
                title: bold,
                text: Style::default(),
                dim: Style::default(),
                accent: bold,
                selected: Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
                error: bold,
                ok: bold,
            },
        }
    }
}

impl Theme {
    /// Inline code in a page (shown without its backticks): a colour of its own, bold without
    /// colour.
    pub fn code(&self) -> Style {
        match self.name {
            ThemeName::Default => self.text.fg(Color::Cyan),
            ThemeName::HighContrast => self.text.fg(Color::LightCyan).add_modifier(Modifier::BOLD),
            ThemeName::Monochrome => self.text.add_modifier(Modifier::BOLD),
        }
    }

    /// The theme of presenter mode: high contrast, unless colour is off (`NO_COLOR`,
    /// monochrome), which it stays.
    pub fn presenter(self) -> Self {
        match self.name {
            ThemeName::Monochrome => self,
            _ => Theme::new(ThemeName::HighContrast),
        }
    }
}
