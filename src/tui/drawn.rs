//! What the last frame showed, as the view reports it. The keys that act on what is visible
//! read it: ↓ after PgDn or the wheel, a click, the first Enter on a page whose selection is out
//! of view, scrolling the help and the content-error panel, and the keys ignored while the
//! terminal is too small. The view returns it and the loop hands it to the model
//! (`Update::Drawn`): drawing writes nothing into the model.

use ratatui::layout::Rect;

/// One frame's report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drawn {
    /// Below the usable size: only quitting acts.
    pub too_small: bool,
    /// The node screen's page, when it was drawn.
    pub page: Page,
    /// The most the content-error panel can scroll (0: no panel, or it all fits).
    pub errors_max: u16,
    /// The most the help overlay can scroll.
    pub help_max: u16,
    /// The check's result: rows scrolled, and the most it can scroll.
    pub check: (u16, u16),
}

/// The node screen's page as drawn.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// Where the page was drawn, for mouse clicks.
    pub area: Rect,
    /// Rows scrolled and rows visible (0 visible: not drawn yet).
    pub scroll: u16,
    pub height: u16,
    /// Where each item starts, and ends (the row after its last), in rows of the wrapped page.
    pub item_rows: Vec<u16>,
    pub item_ends: Vec<u16>,
    /// The selected item was out of view (a long page opens at its top).
    pub selection_hidden: bool,
}
