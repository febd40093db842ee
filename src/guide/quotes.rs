//! Where a YAML syntax error really began. A quoted value whose closing quote is missing runs
//! on, legally, over the lines after it until the next quote of its kind; the parser complains
//! only where that swallowed text stops making sense, often dozens of lines below the mistake.
//! Content writes long text as `>-` blocks, so a quoted value that does not close on its own
//! line is the likely mistake: this finds the first one before the parser's complaint.

/// The first quoted value (1-based line and column of its opening quote, and the quote) that
/// opens on a line before `before_line` and does not close on its line. Block scalars (`>-`,
/// `|`) and comments are skipped: quotes inside them are text.
pub fn unclosed_before(text: &str, before_line: usize) -> Option<(usize, usize, char)> {
    // The indentation of the key that opened a block scalar, while inside it.
    let mut block: Option<usize> = None;
    for (i, line) in text.lines().enumerate().take(before_line.saturating_sub(1)) {
        let indent = line.len() - line.trim_start().len();
        let body = line.trim();
        if let Some(b) = block {
            if body.is_empty() || indent > b {
                continue;
            }
            block = None;
        }
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if let Some(col) = value_start(line) {
            let rest = &line[col..];
            let quote = rest.chars().next()?;
            if quote == '"' || quote == '\'' {
                if !closes(&rest[1..], quote) {
                    return Some((i + 1, col + 1, quote));
                }
                continue;
            }
            let head = rest.split(" #").next().unwrap_or("").trim_end();
            if head.starts_with(['>', '|'])
                && head[1..]
                    .chars()
                    .all(|c| matches!(c, '-' | '+' | '0'..='9'))
            {
                block = Some(indent);
            }
        }
    }
    None
}

/// Where the value of a `key: value` or `- value` line starts (a byte offset), if it has one.
fn value_start(line: &str) -> Option<usize> {
    let mut at = line.len() - line.trim_start().len();
    // `- ` list items, possibly nested (`- - x`).
    while line[at..].starts_with("- ") {
        at += 2;
        at += line[at..].len() - line[at..].trim_start().len();
    }
    let rest = &line[at..];
    if rest.starts_with(['"', '\'']) {
        // A quoted list item, or a quoted key (`"key": value`): a key closes on its line.
        return Some(at);
    }
    // A plain key: the value follows the first `: ` (or a `:` ending the line: no value).
    let colon = rest.find(": ")?;
    let after = at + colon + 2;
    let value = &line[after..];
    let value_at = after + (value.len() - value.trim_start().len());
    (value_at < line.len()).then_some(value_at)
}

/// Whether a quoted value whose opening quote came just before `rest` closes on this line:
/// `\"` escapes in double quotes, `''` in single quotes.
fn closes(rest: &str, quote: char) -> bool {
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            c if c == quote => {
                if quote == '\'' && chars.peek() == Some(&'\'') {
                    chars.next();
                    continue;
                }
                return true;
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_quote_left_open() {
        let text = "nodes:\n  - id: a\n    title:\n      en: \"Lost leads\n      zh-CN: 丢失\n";
        assert_eq!(unclosed_before(text, 99), Some((4, 11, '"')));
        let single = "a: 'it''s fine'\nb: 'open\nc: x\n";
        assert_eq!(unclosed_before(single, 99), Some((2, 4, '\'')));
        // Only before the parser's complaint.
        assert_eq!(unclosed_before(single, 2), None);
    }

    #[test]
    fn closed_quotes_blocks_and_apostrophes_are_not_mistakes() {
        let text = "\
a: \"say \\\"hi\\\" # not a comment\"
b: it's plain text with a \" in it
c: >-
  a block with \"an open quote
  and 'another
d: 'x' # a comment with \" a quote
- \"item\"
- key: 'v'
e:
  - - \"nested\"
";
        assert_eq!(unclosed_before(text, 99), None);
    }
}
