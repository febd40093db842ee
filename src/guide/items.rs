//! Indentation mistakes around list items, which the YAML parser reports away from the mistake:
//! a list item's `-` one column off from the other items of its list (the parser complains
//! lines below it, or the item reads as missing a field), and a key of an item indented less
//! than the item's other keys (the item ends above it and reads as missing that key).

use super::indent::{block_scalar, key_value, structural};

/// A line that carries YAML structure: not blank, not a comment, not text of a block scalar.
struct Significant<'a> {
    /// 1-based line number.
    line: usize,
    /// Spaces before the first character (the dash of a list item).
    indent: usize,
    /// Whether the line starts a list item (`- `).
    dash: bool,
    /// The key the line (or its list item) starts with, if any.
    key: Option<&'a str>,
    /// The 0-based column of that key (after the dash for a list item).
    key_col: usize,
}

/// Every significant line of `text`, in order.
fn significant(text: &str) -> Vec<Significant<'_>> {
    let mut out = Vec::new();
    // The indentation of the line whose block scalar is being read.
    let mut scalar: Option<usize> = None;
    for (i, raw) in text.lines().enumerate() {
        let Some((indent, body)) = structural(raw, &mut scalar) else {
            continue;
        };
        let (dash, key_col, rest) = match body.strip_prefix("- ").or(body.strip_prefix('-')) {
            Some(after) if body.len() == 1 || body.as_bytes()[1] == b' ' => {
                let trimmed = after.trim_start();
                (true, indent + body.len() - trimmed.len(), trimmed)
            }
            _ => (false, indent, body),
        };
        let value = key_value(rest);
        // A block scalar's text is indented more than its key (or its bare dash).
        if value.is_some_and(block_scalar) {
            scalar = Some(key_col);
        } else if dash && block_scalar(rest) {
            scalar = Some(indent);
        }
        let key = value.map(|_| rest.split(':').next().unwrap_or(""));
        out.push(Significant {
            line: i + 1,
            indent,
            dash,
            key,
            key_col,
        });
    }
    out
}

/// Where an indentation mistake is, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misplaced {
    /// 1-based line and column of the mistake.
    pub line: usize,
    pub col: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// How far above a reported line a list item's dash is looked for (significant lines).
const LOOK_BACK: usize = 40;

/// The list item dash out of line with the other items of its list whose item holds `line`
/// (1-based; the line the parser reported), nearest first.
pub fn misaligned_dash(text: &str, line: usize) -> Option<Misplaced> {
    let lines = significant(text);
    let end = lines.partition_point(|l| l.line <= line);
    let start = end.saturating_sub(LOOK_BACK);
    for d in (start..end).rev().filter(|&d| lines[d].dash) {
        let chain = list_of(&lines, d);
        let expected = usual_column(&lines, &chain);
        if lines[d].indent == expected {
            continue;
        }
        // The item must be the one the parser was reading: no other item of the list between.
        if chain.iter().any(|&c| c > d && lines[c].line < line) {
            continue;
        }
        let l = &lines[d];
        return Some(Misplaced {
            line: l.line,
            col: l.indent + 1,
            message: format!(
                "this list item's `-` is at column {}, but the other items of its list have theirs \
                 at column {}: move the `-` to column {} (and the item's keys with it)",
                l.indent + 1,
                expected + 1,
                expected + 1
            ),
        });
    }
    None
}

/// The dashes of the list the dash at `d` belongs to (indices into `lines`, in order): the
/// dashes within a column of it, up to where the list ends (a key at or left of its dashes).
fn list_of(lines: &[Significant<'_>], d: usize) -> Vec<usize> {
    let near = |l: &Significant<'_>| l.dash && l.indent.abs_diff(lines[d].indent) <= 1;
    let mut min = lines[d].indent;
    let mut chain = vec![d];
    // A line left of every dash so far ends the list; so does a key in their column.
    let ends = |l: &Significant<'_>, min: usize| l.indent + 1 < min || (!l.dash && l.indent <= min);
    for i in (0..d).rev() {
        if ends(&lines[i], min) {
            break;
        }
        if near(&lines[i]) {
            min = min.min(lines[i].indent);
            chain.insert(0, i);
        }
    }
    for (i, l) in lines.iter().enumerate().skip(d + 1) {
        if ends(l, min) {
            break;
        }
        if near(l) {
            min = min.min(l.indent);
            chain.push(i);
        }
    }
    chain
}

/// The column the dashes of `chain` are meant to be at: the one most of them are at; of two
/// as common, the one two columns under the key the list belongs to (as content is written).
fn usual_column(lines: &[Significant<'_>], chain: &[usize]) -> usize {
    let first = chain[0];
    let parent = (0..first)
        .rev()
        .map(|i| &lines[i])
        .find(|l| l.indent < lines[first].indent || !l.dash)
        .map(|l| l.indent);
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for &c in chain {
        match counts.iter_mut().find(|(col, _)| *col == lines[c].indent) {
            Some((_, n)) => *n += 1,
            None => counts.push((lines[c].indent, 1)),
        }
    }
    let most = counts.iter().map(|&(_, n)| n).max().unwrap_or(0);
    let tied: Vec<usize> = counts
        .iter()
        .filter(|&&(_, n)| n == most)
        .map(|&(col, _)| col)
        .collect();
    tied.iter()
        .copied()
        .find(|&col| parent.is_some_and(|p| col == p + 2 || col == p))
        // A list of one item (a page's only link) has no other dash to agree with: one column
        // either side of where content puts dashes, two under their key, is off by one.
        .or_else(|| {
            parent
                .map(|p| p + 2)
                .filter(|&usual| tied.iter().all(|&col| col.abs_diff(usual) == 1))
        })
        .unwrap_or(tied[0])
}

/// A key indented less than the other keys of the mapping the parser reported at `line`,
/// `col` (1-based: where it found a field missing), but more than the mapping's parent: the
/// mapping ends above it, so the key is not the mapping's. The first such key below `line`.
pub fn dedented_key(text: &str, line: usize, col: usize) -> Option<Misplaced> {
    let lines = significant(text);
    let at = lines.iter().position(|l| l.line == line)?;
    let start = &lines[at];
    let keys = col.checked_sub(1)?;
    if start.key_col != keys {
        return None;
    }
    // Left of the mapping's keys, a key belongs to the parent only in the parent's column.
    let parent = if start.dash {
        Some(start.indent)
    } else {
        lines[..at]
            .iter()
            .rev()
            .find(|l| l.indent < keys)
            .map(|l| l.key_col)
    };
    let first = start.key.unwrap_or("");
    let out = lines[at + 1..].iter().find(|l| l.indent < keys)?;
    let key = out.key.filter(|_| !out.dash)?;
    let inside = match parent {
        // A key in a list's dash column, without a dash, belongs to no item either.
        Some(p) => out.indent >= p && (out.indent > p || start.dash),
        None => false,
    };
    inside.then(|| Misplaced {
        line: out.line,
        col: out.indent + 1,
        message: format!(
            "`{key}` is indented less than `{first}` and the other keys of its item above \
             (column {}), so it is not part of that item: indent `{key}` to column {}",
            keys + 1,
            keys + 1
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "\
nodes:
  - id: a
    kind: question
    body: |
      - a list in text
     - is not a list
    choices:
      - label:
          en: X
          zh-CN: Y
        next: b
      - label: {en: Z}
        next: c
        links:
        - one
        - two
      - label: {en: W}
        next: d
";

    #[test]
    fn aligned_items_and_their_keys_are_not_mistakes() {
        for line in 1..=GOOD.lines().count() {
            assert_eq!(misaligned_dash(GOOD, line), None, "line {line}");
        }
        assert_eq!(dedented_key(GOOD, 8, 9), None);
        assert_eq!(dedented_key(GOOD, 2, 5), None);
    }

    #[test]
    fn a_dash_one_column_off_is_found_where_it_is() {
        for (from, to) in [
            ("      - label: {en: Z}", "       - label: {en: Z}"),
            ("      - label: {en: Z}", "     - label: {en: Z}"),
        ] {
            let text = GOOD.replace(from, to);
            for reported in 12..=14 {
                let m = misaligned_dash(&text, reported).expect(to);
                assert_eq!((m.line, m.col), (12, to.find('-').unwrap() + 1), "{to}");
                assert!(m.message.contains("move the `-` to column 7"), "{m:?}");
            }
        }
        // The first item off, before the parser can see the others.
        let text = GOOD.replace("      - label:\n", "     - label:\n");
        let m = misaligned_dash(&text, 11).unwrap();
        assert_eq!((m.line, m.col), (8, 6));
    }

    #[test]
    fn the_dash_of_a_lone_item_one_column_off_is_found_where_it_is() {
        let good = "\
nodes:
  - id: a
    links:
      - title:
          en: A
          zh-CN: B
        url: https://example.com
";
        for line in 1..=good.lines().count() {
            assert_eq!(misaligned_dash(good, line), None, "line {line}");
        }
        for wrong in ["       - title:", "     - title:"] {
            let text = good.replace("      - title:", wrong);
            // The parser reports the `url:` line, three lines below.
            let m = misaligned_dash(&text, 7).expect(wrong);
            assert_eq!(
                (m.line, m.col),
                (4, wrong.find('-').unwrap() + 1),
                "{wrong}"
            );
            assert!(m.message.contains("move the `-` to column 7"), "{m:?}");
        }
    }

    #[test]
    fn a_dedented_key_is_found_below_the_item_it_left() {
        for wrong in ["       next: b", "      next: b"] {
            let text = GOOD.replace("        next: b", wrong);
            let m = dedented_key(&text, 8, 9).expect(wrong);
            assert_eq!((m.line, m.col), (11, wrong.find('n').unwrap() + 1));
            assert!(m.message.contains("indent `next` to column 9"), "{m:?}");
        }
    }
}
