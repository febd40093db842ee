//! A question (prompt, choices) or a remediation (summary, error, body, steps to tick, note,
//! links, related nodes, "Did this fix it?").

use crate::guide::Lang;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget,
};

pub mod items;
pub mod page;

use crate::tui::drawn::Page;

use crate::guide::NodeKind;
use crate::guide::i18n::{Ui, checked_on, live_check_label};
use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::wrap::{wrap, wrap_line};
use items::Item;
use ratatui::style::Style;

pub struct NodeScreen<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

fn paragraphs(text: &str, style: Style, code: Style, lines: &mut Vec<Line<'_>>) {
    for para in text.split("\n\n") {
        let joined: String = para.lines().map(str::trim).collect::<Vec<_>>().join(" ");
        lines.push(Line::from(code_spans(&joined, style, code)));
        lines.push(Line::default());
    }
}

/// `text` as spans: inline code (between backticks) in the `code` style and without its
/// backticks; a lone backtick stays as it is.
pub fn code_spans(text: &str, style: Style, code: Style) -> Vec<Span<'static>> {
    let parts: Vec<&str> = text.split('`').collect();
    // An even number of parts means an unmatched backtick: the last one stays literal.
    let paired = if parts.len().is_multiple_of(2) {
        parts.len() - 1
    } else {
        parts.len()
    };
    let mut spans = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let literal = i >= paired;
        let text = if literal {
            format!("`{part}")
        } else {
            (*part).to_owned()
        };
        if text.is_empty() {
            continue;
        }
        let inside = i % 2 == 1 && !literal;
        spans.push(Span::styled(text, if inside { code } else { style }));
    }
    spans
}

/// A list item with a hanging indent: `prefix` ("› [ ] 3. ") on the first row, the body
/// wrapped to the rest of the width and every further row indented under the body's start.
pub fn hanging(
    prefix: Vec<Span<'static>>,
    body: Vec<Span<'static>>,
    width: usize,
) -> Vec<Line<'static>> {
    let indent: usize = prefix.iter().map(|s| s.width()).sum();
    if width < indent + 8 {
        let mut spans = prefix;
        spans.extend(body);
        return vec![Line::from(spans)];
    }
    let rows = wrap_line(&Line::from(body), width - indent);
    rows.into_iter()
        .enumerate()
        .map(|(i, row)| {
            let mut spans = if i == 0 {
                prefix.clone()
            } else {
                vec![Span::raw(" ".repeat(indent))]
            };
            spans.extend(row.spans);
            Line::from(spans)
        })
        .collect()
}

/// Draws the page and reports what it showed (`Page`).
impl StatefulWidget for &NodeScreen<'_> {
    type State = Page;

    fn render(self, area: Rect, buf: &mut Buffer, drawn: &mut Page) {
        let app = self.app;
        let t = self.theme;
        let lang = app.lang();
        let node = app.current();
        let items = app.items();
        let marker = |i: usize| if i == app.selected() { "› " } else { "  " };
        let code = t.code();
        // One column for the scrollbar and one to keep the text off it.
        let text_width = area.width.saturating_sub(2) as usize;
        let mut lines: Vec<Line> = Vec::new();
        // Presenter mode shows the title once, in its step header.
        if !app.presenter() {
            lines.push(Line::styled(node.title.get(lang), t.title));
            lines.push(Line::default());
        }
        if let Some(p) = &node.prompt {
            lines.push(Line::styled(p.get(lang), t.accent));
            lines.push(Line::default());
        }
        if let Some(s) = &node.summary {
            paragraphs(s.get(lang), t.text, code, &mut lines);
        }
        if let Some(e) = &node.error {
            lines.push(Line::styled(Ui::ErrorMessage.heading(lang), t.dim));
            lines.push(Line::styled(e.get(lang), t.error));
            lines.push(Line::default());
        }
        if let Some(b) = &node.body {
            paragraphs(b.get(lang), t.text, code, &mut lines);
        }
        let notes_and_links = |lines: &mut Vec<Line<'_>>| {
            if let Some(n) = &node.note {
                lines.push(Line::default());
                lines.push(Line::styled(
                    format!("{} {}", Ui::Note.heading(lang), n.get(lang)),
                    t.dim,
                ));
            }
            if !node.links.is_empty() {
                lines.push(Line::default());
                lines.push(Line::styled(Ui::Links.heading(lang), t.accent));
                // A link too long for the line continues under its own text.
                for l in &node.links {
                    lines.extend(hanging(
                        vec![Span::raw("  • ")],
                        vec![
                            Span::raw(format!("{}: ", l.title.get(lang))),
                            Span::styled(l.url.clone(), t.dim),
                        ],
                        text_width,
                    ));
                }
            }
            let remediation = matches!(node.kind, NodeKind::Answer | NodeKind::KnownError);
            if let Some(date) = node.reviewed.as_deref().filter(|_| remediation) {
                lines.push(Line::default());
                lines.push(Line::styled(checked_on(date, lang), t.dim));
            }
        };
        let mut notes_shown = false;
        let mut selected_line = 0;
        let mut item_lines: Vec<usize> = Vec::with_capacity(items.len());
        let mut item_ends: Vec<usize> = Vec::with_capacity(items.len());
        for (k, item) in items.iter().enumerate() {
            let mut own = usize::MAX;
            let style = if k == app.selected() {
                t.selected
            } else {
                t.text
            };
            match item {
                Item::Choice(i) => {
                    let label = node.choices[*i].label.get(lang);
                    own = lines.len();
                    lines.extend(hanging(
                        vec![
                            Span::raw(marker(k)),
                            Span::styled(format!("{}. ", i + 1), style),
                        ],
                        vec![Span::styled(label.to_owned(), style)],
                        text_width,
                    ));
                }
                Item::Step(i) => {
                    if *i == 0 {
                        lines.push(Line::styled(Ui::Steps.heading(lang), t.accent));
                    }
                    let ticked = app.session().is_ticked(&node.id, *i);
                    let check = if ticked { "[x]" } else { "[ ]" };
                    let style = if ticked && k != app.selected() {
                        t.ok
                    } else {
                        style
                    };
                    let code = if k == app.selected() { style } else { code };
                    own = lines.len();
                    lines.extend(hanging(
                        vec![
                            Span::raw(marker(k)),
                            Span::styled(format!("{check} {}. ", i + 1), style),
                        ],
                        code_spans(node.steps[*i].get(lang), style, code),
                        text_width,
                    ));
                }
                Item::FollowUp(yes) => {
                    if *yes {
                        notes_and_links(&mut lines);
                        notes_shown = true;
                        lines.push(Line::default());
                        lines.push(Line::styled(Ui::DidThisFixIt.text(lang), t.accent));
                    }
                    let label = crate::tui::messages::follow_up_label(*yes, lang);
                    lines.push(Line::from(vec![
                        Span::raw(marker(k)),
                        Span::styled(label, style),
                    ]));
                }
                Item::LiveCheck(kind) => {
                    lines.push(Line::default());
                    lines.push(Line::from(vec![
                        Span::raw(marker(k)),
                        Span::styled(format!("▶ {}", live_check_label(*kind, lang)), style),
                    ]));
                }
                Item::Related(id) => {
                    if !matches!(items.get(k.wrapping_sub(1)), Some(Item::Related(_))) {
                        lines.push(Line::default());
                        lines.push(Line::styled(Ui::Related.heading(lang), t.accent));
                    }
                    let title = app
                        .guide()
                        .node(id)
                        .map(|n| n.title.get(lang))
                        .unwrap_or(id);
                    own = lines.len();
                    lines.extend(hanging(
                        vec![Span::raw(marker(k)), Span::styled("→ ", style)],
                        vec![
                            Span::styled(title.to_owned(), style),
                            Span::styled(format!("  ({id})"), t.dim),
                        ],
                        text_width,
                    ));
                }
            }
            // Each item's own line is its first row (set above), else the last line pushed
            // for it (headings come first).
            if own == usize::MAX {
                own = lines.len() - 1;
            }
            if k == app.selected() {
                selected_line = own;
            }
            item_lines.push(own);
            item_ends.push(lines.len());
        }
        if !notes_shown {
            notes_and_links(&mut lines);
        }

        if node.kind == NodeKind::End {
            lines.push(Line::default());
            lines.push(Line::styled(
                if lang == Lang::ZhCn {
                    "按 s 从头开始"
                } else {
                    "s: start over"
                },
                t.dim,
            ));
        }
        let has_items = !items.is_empty();
        // One column for the scrollbar and one to keep the text off it.
        let width = area.width.saturating_sub(2);
        let (rows, starts) = wrap(&lines, width as usize);
        let rows_before = starts.get(selected_line).map_or(0, |&r| r as u16);
        let row_of = |l: usize| {
            starts
                .get(l)
                .map_or(rows.len(), |&r| r)
                .min(u16::MAX as usize) as u16
        };
        drawn.item_rows = item_lines.iter().map(|&l| row_of(l)).collect();
        drawn.item_ends = item_ends.iter().map(|&l| row_of(l)).collect();
        drawn.area = area;
        let total = rows.len().min(u16::MAX as usize) as u16;
        let paragraph = Paragraph::new(rows);
        let height = area.height;
        let max_scroll = total.saturating_sub(height);
        let scroll = match app.page().scroll() {
            Some(s) => s.min(max_scroll),
            // Follow the selection: keep its line (and the one after) in view.
            None if has_items && rows_before + 2 > height => {
                (rows_before + 2 - height).min(max_scroll)
            }
            None => 0,
        };
        drawn.scroll = scroll;
        drawn.height = height;
        drawn.selection_hidden =
            has_items && (rows_before < scroll || rows_before >= scroll + height);
        let text_area = Rect { width, ..area };
        paragraph.scroll((scroll, 0)).render(text_area, buf);
        if app.hyperlinks() {
            let urls: Vec<&str> = node.links.iter().map(|l| l.url.as_str()).collect();
            hyperlink(buf, text_area, &urls);
        }
        if total > height && area.width > 0 {
            let mut state = ScrollbarState::new(max_scroll as usize).position(scroll as usize);
            Scrollbar::new(ScrollbarOrientation::VerticalRight).render(area, buf, &mut state);
        }
    }
}

/// The longest URL drawn as a hyperlink.
pub const MAX_LINKED_URL: usize = 2000;

/// Turns every URL drawn in `area` into an OSC 8 hyperlink, the URL staying visible. The
/// escape sequences ride in the cells' symbols two characters at a time, so each symbol is as
/// wide as the text it shows (the width ratatui reckons with). A URL wrapped over several rows
/// is linked on each. Cells are compared as characters, never sliced by byte (a URL may hold
/// any character), and the work is linear in the length of a row and of the URL.
pub fn hyperlink(buf: &mut Buffer, area: Rect, urls: &[&str]) {
    // Each cell's symbol carries the URL: one longer than browsers take (2,000 characters) is
    // shown as text only, or every frame would send the terminal megabytes.
    let urls: Vec<(&str, Vec<char>)> = urls
        .iter()
        .filter(|u| !u.is_empty() && u.len() <= MAX_LINKED_URL)
        .map(|u| (*u, u.chars().collect::<Vec<char>>()))
        .filter(|(_, chars)| !chars.iter().any(|c| crate::sanitise::is_unsafe(*c)))
        .collect();
    // Where each URL's text continues on the next row (characters shown so far).
    let mut pending: Vec<Option<usize>> = vec![None; urls.len()];
    for y in area.top()..area.bottom() {
        // One character per cell; a cell showing anything else (a wide character's second
        // half, a cluster) matches no URL character.
        let row: Vec<Option<char>> = (area.left()..area.right())
            .map(|x| {
                let mut chars = buf[(x, y)].symbol().chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Some(c),
                    _ => None,
                }
            })
            .collect();
        for (k, (url, chars)) in urls.iter().enumerate() {
            let from = pending[k].take();
            let found = match from {
                // The rest of a wrapped URL starts the row (after its indentation).
                Some(done) => {
                    let start = row.iter().position(|c| *c != Some(' ')).unwrap_or(0);
                    let len = common_prefix(&row[start..], &chars[done..]);
                    (len > 0).then_some((start, done, len))
                }
                None => longest_start(&row, chars).map(|(start, len)| (start, 0, len)),
            };
            let Some((start, done, len)) = found else {
                continue;
            };
            if done + len < chars.len() && start + len == row.len() {
                pending[k] = Some(done + len);
            }
            let shown = &chars[done..done + len];
            for (i, pair) in shown.chunks(2).enumerate() {
                let x = area.left() + (start + i * 2) as u16;
                let text: String = pair.iter().collect();
                let width = std::num::NonZeroU16::new(pair.len() as u16).expect("1 or 2");
                buf[(x, y)]
                    .set_symbol(&format!("\x1b]8;;{url}\x07{text}\x1b]8;;\x07"))
                    .set_diff_option(CellDiffOption::ForcedWidth(width));
                if pair.len() == 2 {
                    buf[(x + 1, y)].set_diff_option(CellDiffOption::Skip);
                }
            }
        }
    }
}

/// How many characters `row` and `url` have in common from their starts.
fn common_prefix(row: &[Option<char>], url: &[char]) -> usize {
    row.iter()
        .zip(url)
        .take_while(|(r, u)| **r == Some(**u))
        .count()
}

/// The longest start of `url` (at least 8 characters, or all of a shorter URL) shown in `row`:
/// where it starts and how many characters it shows.
fn longest_start(row: &[Option<char>], url: &[char]) -> Option<(usize, usize)> {
    let min = 8.min(url.len());
    let mut best: Option<(usize, usize)> = None;
    let mut at = 0;
    while at + min <= row.len() {
        if row[at] == Some(url[0]) {
            let len = common_prefix(&row[at..], url);
            if len >= min && best.is_none_or(|(_, b)| len > b) {
                best = Some((at, len));
            }
            at += len.max(1);
        } else {
            at += 1;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_code_loses_its_backticks_and_a_lone_one_stays() {
        let (plain, code) = (Style::default(), Style::default().bold());
        let spans = code_spans("Set `Email` and `Company`.", plain, code);
        let text: Vec<(&str, bool)> = spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style == code))
            .collect();
        assert_eq!(
            text,
            vec![
                ("Set ", false),
                ("Email", true),
                (" and ", false),
                ("Company", true),
                (".", false)
            ]
        );
        let lone: String = code_spans("a ` b", plain, code)
            .iter()
            .map(|s| s.content.to_string())
            .collect();
        assert_eq!(lone, "a ` b");
    }

    #[test]
    fn a_wrapped_item_hangs_under_its_text() {
        let rows = hanging(
            vec![Span::raw("› "), Span::raw("[ ] 3. ")],
            vec![Span::raw(
                "Open Partner Center and select the offer you publish",
            )],
            30,
        );
        let text: Vec<String> = rows
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        assert_eq!(text[0], "› [ ] 3. Open Partner Center");
        for row in &text[1..] {
            assert!(
                row.starts_with("         ") && !row.starts_with("          "),
                "{row:?}"
            );
            assert!(unicode_width::UnicodeWidthStr::width(row.as_str()) <= 30);
        }
        assert!(text.len() >= 3, "{text:?}");
    }

    #[test]
    fn urls_become_hyperlinks_and_keep_their_width() {
        let area = Rect::new(0, 0, 40, 2);
        let mut buf = Buffer::empty(area);
        buf.set_string(
            0,
            0,
            "  • Docs: https://aka.ms/x",
            ratatui::style::Style::default(),
        );
        hyperlink(&mut buf, area, &["https://aka.ms/x"]);
        let first = buf[(10, 0)].symbol().to_owned();
        assert_eq!(first, "\x1b]8;;https://aka.ms/x\x07ht\x1b]8;;\x07");
        assert_eq!(buf[(11, 0)].diff_option, CellDiffOption::Skip);
        let last = buf[(24, 0)].symbol().to_owned();
        assert!(last.ends_with("/x\x1b]8;;\x07"), "{last:?}");
        assert_eq!(
            buf[(9, 0)].symbol(),
            " ",
            "text before the URL is untouched"
        );
    }

    /// A URL with non-ASCII characters is linked without panicking; a wrapped one on each row;
    /// a 20 KB one in linear time (it took 12.5 s of CPU per key press).
    #[test]
    fn any_url_any_length() {
        let area = Rect::new(0, 0, 20, 3);
        let mut buf = Buffer::empty(area);
        let url = "https://例子.cn/é/ü";
        buf.set_string(0, 0, url, ratatui::style::Style::default());
        hyperlink(&mut buf, area, &[url]);
        assert!(
            buf[(0, 0)]
                .symbol()
                .starts_with("\x1b]8;;https://例子.cn/é/ü\x07ht")
        );

        // 1,990 characters: linked on each row it wraps to; 20,000: shown as text only.
        let area = Rect::new(0, 0, 80, 50);
        for (n, linked) in [(1_972, true), (20_000, false)] {
            let long = format!("https://x.example/{}", "a".repeat(n));
            let mut buf = Buffer::empty(area);
            let chars: Vec<char> = long.chars().collect();
            for (y, row) in chars.chunks(80).take(50).enumerate() {
                let row: String = row.iter().collect();
                buf.set_string(0, y as u16, &row, ratatui::style::Style::default());
            }
            let start = std::time::Instant::now();
            let mut b = buf.clone();
            hyperlink(&mut b, area, &[&long]);
            let took = start.elapsed();
            assert!(took < std::time::Duration::from_secs(1), "{took:?}");
            let last = (chars.len().min(80 * 50) - 1) / 80;
            let symbol = b[(0, last as u16)].symbol().to_owned();
            assert_eq!(
                symbol.starts_with("\x1b]8;;https://x.example/"),
                linked,
                "{n}"
            );
        }
    }
}
