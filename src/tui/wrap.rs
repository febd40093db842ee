//! Wrapping styled lines to a width, for text that mixes English and Chinese. ratatui's own
//! wrapping breaks only at spaces, so a run of Chinese characters moves to the next line whole
//! and leaves a short, ragged line behind. Here a line may break where the Unicode line
//! breaking rules (UAX #14) allow it: at spaces, and between Chinese characters, but never
//! before "，。）" or after "（“". Inside a word, a URL or an identifier it does not break
//! (unless the piece is wider than the line by itself, when it is cut by character).

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_width::UnicodeWidthChar;

/// A wide (East Asian) character: a break next to one is where Chinese text breaks.
fn wide(c: char) -> bool {
    c.width() == Some(2)
}

/// Where `text` may break: byte offsets, each the start of a new line if broken there.
/// Breaks inside Latin words and URLs (after `/` or `-`) are not taken: only after whitespace
/// or next to a wide character.
fn breaks(text: &str) -> Vec<(usize, bool)> {
    linebreaks(text)
        .filter(|&(at, _)| at < text.len())
        .filter_map(|(at, kind)| {
            let before = text[..at].chars().next_back()?;
            let after = text[at..].chars().next()?;
            let mandatory = kind == BreakOpportunity::Mandatory;
            (mandatory || before.is_whitespace() || wide(before) || wide(after))
                .then_some((at, mandatory))
        })
        .collect()
}

fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// The line's text cut into rows of at most `max` columns, as byte ranges (trailing spaces at
/// a break are dropped, as a reader expects).
fn rows(text: &str, max: usize) -> Vec<(usize, usize)> {
    let max = max.max(1);
    let mut out = Vec::new();
    let mut start = 0;
    let mut used = 0;
    let mut segment_start = 0;
    let mut cuts = breaks(text);
    cuts.push((text.len(), false));
    for (end, mandatory) in cuts {
        let segment = &text[segment_start..end];
        let visible = segment.trim_end_matches(|c: char| c.is_whitespace());
        let w = width(visible);
        if used + w > max && segment_start > start {
            out.push((start, trim_end(text, start, segment_start)));
            start = segment_start;
            used = 0;
        }
        if w > max {
            // Wider than a line by itself: cut it by character.
            let mut row_start = segment_start;
            let mut row_used = used;
            for (i, c) in segment.char_indices() {
                let cw = c.width().unwrap_or(0);
                let at = segment_start + i;
                if row_used + cw > max && at > row_start {
                    out.push((row_start, at));
                    row_start = at;
                    row_used = 0;
                }
                row_used += cw;
            }
            start = row_start;
            used = width(&text[row_start..end]);
        } else {
            used += width(segment);
        }
        segment_start = end;
        if mandatory {
            out.push((start, trim_end(text, start, end)));
            start = end;
            used = 0;
        }
    }
    if start < text.len() || out.is_empty() {
        out.push((start, trim_end(text, start, text.len())));
    }
    out
}

fn trim_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end().len()
}

/// `line` wrapped to `max` columns; each row keeps the styles of the text it holds and the
/// line's own style.
pub fn wrap_line(line: &Line<'_>, max: usize) -> Vec<Line<'static>> {
    let mut text = String::new();
    let mut styles: Vec<(usize, usize, Style)> = Vec::new();
    for span in &line.spans {
        let start = text.len();
        text.push_str(&span.content);
        styles.push((start, text.len(), span.style));
    }
    rows(&text, max)
        .into_iter()
        .map(|(start, end)| {
            let spans: Vec<Span<'static>> = styles
                .iter()
                .filter_map(|&(s, e, style)| {
                    let (s, e) = (s.max(start), e.min(end));
                    (s < e).then(|| Span::styled(text[s..e].to_owned(), style))
                })
                .collect();
            let mut row = Line::from(spans).style(line.style);
            row.alignment = line.alignment;
            row
        })
        .collect()
}

/// Every line wrapped to `max` columns, with the row where each line starts.
pub fn wrap(lines: &[Line<'_>], max: usize) -> (Vec<Line<'static>>, Vec<usize>) {
    let mut out = Vec::new();
    let mut starts = Vec::with_capacity(lines.len());
    for line in lines {
        starts.push(out.len());
        out.extend(wrap_line(line, max));
    }
    (out, starts)
}

/// A paragraph of `lines` wrapped to `width` columns.
pub fn paragraph(lines: &[Line<'_>], width: u16) -> ratatui::widgets::Paragraph<'static> {
    ratatui::widgets::Paragraph::new(wrap(lines, width as usize).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str, max: usize) -> Vec<String> {
        wrap_line(&Line::raw(line.to_owned()), max)
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn english_breaks_at_spaces_only() {
        assert_eq!(
            texts("Select Validate in Partner Center", 16),
            ["Select Validate", "in Partner", "Center"]
        );
        // No break inside a URL or after a hyphen when the word fits on the next line.
        assert_eq!(
            texts("see https://learn.microsoft.com/partner-center/", 30),
            ["see", "https://learn.microsoft.com/pa", "rtner-center/"]
        );
        assert_eq!(texts("an e-mail address", 8), ["an", "e-mail", "address"]);
    }

    #[test]
    fn chinese_fills_the_line_and_respects_punctuation() {
        let rows = texts("由它在你的 CRM 中创建潜在客户或通过电子邮件发送给你。", 20);
        assert_eq!(
            rows,
            [
                "由它在你的 CRM 中创",
                "建潜在客户或通过电子",
                "邮件发送给你。"
            ]
        );
        for row in &rows {
            assert!(width(row) <= 20, "{row}");
            assert!(!row.starts_with('。'), "{row}");
        }
        // "。" never starts a row: the character before it moves down with it.
        assert_eq!(texts("一二三四。", 8), ["一二三", "四。"]);
        // "“" never ends a row (quotation marks stay with their neighbours).
        assert_eq!(texts("一二三“四”", 8), ["一二", "三“四”"]);
    }

    proptest::proptest! {
        /// Any text at any width: no panic, no row wider than the width (unless one character
        /// is wider by itself), and nothing lost but the spaces where a row ends.
        #[test]
        fn rows_fit_and_keep_the_text(
            text in "[a-z ，。（）“”一二三四五六七八九十:/.-]{0,80}",
            max in 0usize..30,
        ) {
            let rows = texts(&text, max);
            for row in &rows {
                proptest::prop_assert!(
                    width(row) <= max || row.chars().count() == 1,
                    "{row:?} wider than {max}"
                );
            }
            let kept: String = rows.concat().chars().filter(|c| *c != ' ').collect();
            let all: String = text.chars().filter(|c| *c != ' ').collect();
            proptest::prop_assert_eq!(kept, all);
        }
    }

    #[test]
    fn styles_and_degenerate_widths() {
        let line = Line::from(vec![
            Span::raw("› "),
            Span::styled("[ ] 1. 打开存储帐户", Style::new().bold()),
        ]);
        let rows = wrap_line(&line, 10);
        assert_eq!(rows[0].spans[0].content, "› ");
        assert!(
            rows.iter()
                .skip(1)
                .all(|r| r.spans[0].style == Style::new().bold())
        );
        assert_eq!(texts("", 10), [""]);
        assert_eq!(texts("abc", 0), ["a", "b", "c"]);
        assert_eq!(texts("一二", 1), ["一", "二"]);
    }
}
