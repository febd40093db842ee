//! Where a YAML indentation mistake really is. A key indented one column too far reads, legally,
//! as more text of the value on the line above (`en: What would you like?` then `  zh-CN: …`),
//! and the parser complains only on the line after, where that text stops making sense. This
//! finds the key line whose indentation fits no level open above it.

/// The indentation of a line (spaces before its first character).
pub(super) fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Whether `text` starts with a mapping key (`name:` followed by a space or the end), and the
/// value after its colon.
/// A line's indentation and trimmed text, when the line is part of the YAML's structure:
/// `None` for blank lines, comments, document markers and the text of the block scalar being
/// read (`scalar`: the indentation of its key, cleared when the scalar ends).
pub(super) fn structural<'a>(raw: &'a str, scalar: &mut Option<usize>) -> Option<(usize, &'a str)> {
    let raw = raw.strip_suffix('\r').unwrap_or(raw);
    let indent = indent_of(raw);
    let body = raw.trim();
    if let Some(s) = *scalar {
        if body.is_empty() || indent > s {
            return None;
        }
        *scalar = None;
    }
    if body.is_empty() || body.starts_with('#') || body == "---" || body == "..." {
        return None;
    }
    Some((indent, body))
}

pub(super) fn key_value(text: &str) -> Option<&str> {
    let end = text.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))?;
    if end == 0 {
        return None;
    }
    let rest = text[end..].strip_prefix(':')?;
    (rest.is_empty() || rest.starts_with(' ')).then_some(rest.trim())
}

/// Whether a key's value opens a block (nothing after the colon but a comment or an anchor).
fn opens_block(value: &str) -> bool {
    let value = value.split(" #").next().unwrap_or("").trim();
    value.is_empty() || value.starts_with('#') || (value.starts_with('&') && !value.contains(' '))
}

/// Whether a key's value starts a block scalar (`|`, `>-`, `|2`…): its lines are text.
pub(super) fn block_scalar(value: &str) -> bool {
    let head = value.split(" #").next().unwrap_or("").trim_end();
    head.starts_with(['|', '>'])
        && head[1..]
            .chars()
            .all(|c| matches!(c, '-' | '+' | '0'..='9'))
}

/// One open level: its indentation and the 1-based line and column of the key that opened it.
#[derive(Clone, Copy)]
struct Level {
    indent: usize,
    at: (usize, usize),
}

/// The key line whose indentation fits no level open above it (deeper than a key whose value
/// is on its own line, or between two open levels), found at most `window` lines before the
/// parser's complaint at `line` (1-based): its 1-based (line, column). Of two keys out of line
/// with each other, the one not indented two columns under their parent (as the content is
/// written) is the mistake: `title:` then `   en:` (three deeper) then `  zh-CN:` names `en`.
pub fn misindented_near(text: &str, line: usize, window: usize) -> Option<(usize, usize)> {
    let mut levels: Vec<Level> = Vec::new();
    // Whether the last key line opened a block (its value on the lines below).
    let mut opened = true;
    // The indentation of the key whose block scalar is being read.
    let mut scalar: Option<usize> = None;
    let mut found = None;
    for (i, raw) in text.lines().enumerate().take(line) {
        let Some((indent, body)) = structural(raw, &mut scalar) else {
            continue;
        };
        // A sequence entry: the dash is one level, a key after it another.
        let (dash, key_at, rest) = match body.strip_prefix("- ") {
            Some(after) => {
                let trimmed = after.trim_start();
                (true, indent + 2 + after.len() - trimmed.len(), trimmed)
            }
            None => (false, indent, body),
        };
        let value = key_value(rest);
        if !dash && value.is_none() {
            // More text of a value (a quoted or plain scalar over several lines).
            continue;
        }
        let here = Level {
            indent,
            at: (i + 1, key_at + 1),
        };
        // Whether `level` fits the open levels; when not, the level it is out of line with.
        let mut fits = |level: Level, opened: bool| -> Result<(), (Level, usize)> {
            let mut popped = None;
            while levels.last().is_some_and(|l| l.indent > level.indent) {
                popped = levels.pop();
            }
            let parent = levels.last().map_or(0, |l| l.indent);
            match (levels.last(), popped) {
                (Some(l), _) if l.indent == level.indent => Ok(()),
                // Back out to a column where no level is open.
                (_, Some(p)) if !levels.is_empty() => {
                    levels.push(level);
                    Err((p, parent))
                }
                (Some(&l), None) if !opened => {
                    levels.push(level);
                    let grand = levels.iter().rev().nth(2).map_or(0, |g| g.indent);
                    Err((l, grand))
                }
                _ => {
                    levels.push(level);
                    Ok(())
                }
            }
        };
        let mut verdict = fits(here, opened);
        if dash && value.is_some() && verdict.is_ok() {
            let key = Level {
                indent: key_at,
                at: here.at,
            };
            verdict = fits(key, true);
        }
        if let Err((other, parent)) = verdict {
            let usual = parent + 2;
            let blamed = if other.indent != usual && indent == usual {
                other.at
            } else {
                (i + 1, key_at + 1)
            };
            found = Some((i + 1, blamed));
        }
        opened = match value {
            Some(v) if block_scalar(v) => {
                scalar = Some(key_at);
                false
            }
            Some(v) => opens_block(v),
            // A bare `- ` item that holds a scalar.
            None => false,
        };
    }
    found
        .filter(|(seen, _)| *seen + window >= line)
        .map(|(_, blamed)| blamed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "\
nodes:
  - id: a
    kind: question
    title:
      en: A question
      zh-CN: 一个问题
    body: |
      text: that looks like a key
        and more
    summary: a long
      plain value
    choices:
      - label: {en: X, zh-CN: Y}
        next: b
";

    #[test]
    fn good_yaml_has_no_misindented_line() {
        assert_eq!(misindented_near(GOOD, 100, 100), None);
    }

    #[test]
    fn a_key_one_column_too_deep_or_too_shallow_is_found() {
        // `zh-CN` one deeper than `en`: it reads as more of the English title.
        let deeper = GOOD.replace("      zh-CN: 一个问题", "       zh-CN: 一个问题");
        assert_eq!(misindented_near(&deeper, 7, 2), Some((6, 8)));
        // `en` one deeper or shallower than usual, `zh-CN` as usual: `en` is the mistake,
        // although the parser can only complain at `zh-CN` or below.
        for wrong in ["       en: A question", "     en: A question"] {
            let first = GOOD.replace("      en: A question", wrong);
            assert_eq!(
                misindented_near(&first, 6, 2).map(|p| p.0),
                Some(5),
                "{wrong}"
            );
        }
        // `zh-CN` one shallower than `en`, deeper than `title`.
        let shallower = GOOD.replace("      zh-CN: 一个问题", "     zh-CN: 一个问题");
        assert_eq!(misindented_near(&shallower, 7, 2), Some((6, 6)));
        // `next` out of line with `label`.
        let next = GOOD.replace("        next: b", "         next: b");
        assert_eq!(misindented_near(&next, 14, 2), Some((14, 10)));
        // Too far above the parser's complaint: not this mistake.
        assert_eq!(misindented_near(&deeper, 20, 2), None);
    }
}
