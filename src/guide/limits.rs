//! Limits a content file must stay within before it is parsed, measured by one linear pass over
//! its text: how deep mappings and lists nest (the YAML parser's cost grows with the square of
//! the depth: 100,000 nested `[` took 45 s), and how large aliases make it once expanded (a
//! 1 MB string reused 3,000 times through aliases is 3 GB in memory).
//!
//! The pass reads YAML's structure closely enough to be exact for these two counts: quoted
//! strings, comments and block scalars (`|`, `>`) are skipped, `[`/`{` count only where a flow
//! collection starts, anchors (`&name`) and aliases (`*name`) only where a node starts.

use rustc_hash::FxHashMap as HashMap;

use super::load::{MAX_DEPTH, MAX_EXPANDED};

/// The first limit `text` exceeds, as (line, column, message), both 1-based.
pub fn exceeded(text: &str) -> Option<(usize, usize, String)> {
    match scan(text) {
        Ok(s) => expansion(text, &s),
        Err(e) => Some(e),
    }
}

/// An anchor: its name, the byte range of the node it names.
struct Anchor {
    start: usize,
    end: usize,
}

/// An alias: where it is (byte offset, line, column) and the anchor it names.
struct Alias {
    at: usize,
    line: usize,
    col: usize,
    anchor: Option<usize>,
}

struct Scan {
    anchors: Vec<Anchor>,
    aliases: Vec<Alias>,
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The bytes that may matter to the scan: a space, a quote, a bracket, an indicator or a
/// comment's `#`. Everything else is read a run at a time.
const MARKERS: [bool; 256] = {
    let bytes = b" \t#\"'\\[{]},-&*|>:?";
    let mut table = [false; 256];
    let mut k = 0;
    while k < bytes.len() {
        table[bytes[k] as usize] = true;
        k += 1;
    }
    table
};

fn is_marker(b: u8) -> bool {
    MARKERS[b as usize]
}

/// Finds anchors and aliases; an error (line, column, message) where nesting is too deep.
fn scan(text: &str) -> Result<Scan, (usize, usize, String)> {
    let mut anchors: Vec<Anchor> = Vec::new();
    let mut names: HashMap<&str, usize> = HashMap::default();
    let mut aliases = Vec::new();
    // Anchors whose node is still open, with the indentation of the line they are on.
    let mut open: Vec<(usize, usize)> = Vec::new();
    // Indentations of the open block collections.
    let mut blocks: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    let mut quote: Option<u8> = None;
    // The indentation a block scalar's lines are deeper than, while in one.
    let mut block_scalar: Option<usize> = None;
    let mut offset = 0;
    for (l, raw) in text.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let indent = indent_of(line);
        let blank = line.trim().is_empty() || line.trim_start().starts_with('#');
        if let Some(parent) = block_scalar {
            if blank || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        if quote.is_none() && flow == 0 && !blank {
            // Close the anchored nodes and block collections this line ends.
            while let Some(&(i, at_indent)) = open.last() {
                if indent <= at_indent {
                    anchors[i].end = line_start;
                    open.pop();
                } else {
                    break;
                }
            }
            while blocks.last().is_some_and(|&b| b >= indent) {
                blocks.pop();
            }
            blocks.push(indent);
        }
        let depth_error = |col: usize| {
            (
                l + 1,
                col,
                format!(
                    "mappings and lists nest more than {MAX_DEPTH} levels deep here: content is refused before parsing"
                ),
            )
        };
        if blocks.len() > MAX_DEPTH {
            return Err(depth_error(indent + 1));
        }
        let mut value_start = quote.is_none() && flow == 0;
        let mut dashes = 0;
        // Bytes: every character that matters here is ASCII, and a byte of a longer character
        // is, like the character, none of them.
        let b = line.as_bytes();
        let mut prev = b' ';
        let mut i = 0;
        // The 1-based column of byte `i`, in characters, for the few positions reported.
        let col_at = |i: usize| line[..i].chars().count() + 1;
        while i < b.len() {
            if let Some(q) = quote {
                // Inside quotes only the closing quote and, in double quotes, an escape count.
                let found = if q == b'"' {
                    memchr::memchr2(q, b'\\', &b[i..])
                } else {
                    memchr::memchr(q, &b[i..])
                };
                let Some(k) = found else {
                    break;
                };
                i += k;
                let c = b[i];
                if c == q {
                    if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                        i += 1;
                    } else {
                        quote = None;
                    }
                } else {
                    // The escaped character.
                    i += 1;
                }
                prev = c;
                i += 1;
                continue;
            }
            let c = b[i];
            if !is_marker(c) {
                // A run of ordinary characters: none starts anything, and none is a value's
                // start but in a flow collection.
                let run = b[i..]
                    .iter()
                    .position(|&x| is_marker(x))
                    .unwrap_or(b.len() - i);
                i += run;
                prev = b[i - 1];
                value_start = flow > 0;
                continue;
            }
            if c == b' ' || c == b'\t' {
                // White space starts nothing; after `: `, `- ` or `? ` a value may start.
                value_start = value_start || matches!(prev, b':' | b'-' | b'?') || flow > 0;
                prev = c;
                i += 1;
                continue;
            }
            let token_start = matches!(prev, b' ' | b'\t' | b'[' | b'{' | b',') || i == 0;
            let next_is_space = b.get(i + 1).is_none_or(|&n| n == b' ');
            match c {
                b'#' if prev == b' ' || prev == b'\t' || i == 0 => break,
                b'"' | b'\'' if token_start => quote = Some(c),
                b'[' | b'{' if flow > 0 || (value_start && token_start) => {
                    flow += 1;
                    if blocks.len() + dashes + flow > MAX_DEPTH {
                        return Err(depth_error(col_at(i)));
                    }
                }
                b']' | b'}' if flow > 0 => flow -= 1,
                b'-' if value_start && next_is_space => {
                    dashes += 1;
                    if blocks.len() + dashes > MAX_DEPTH {
                        return Err(depth_error(col_at(i)));
                    }
                }
                b'&' | b'*' if token_start => {
                    let rest = &line[i + 1..];
                    let len = rest
                        .find(|c: char| c.is_whitespace() || ",[]{}".contains(c))
                        .unwrap_or(rest.len());
                    let name = &rest[..len];
                    if !name.is_empty() {
                        if c == b'&' {
                            names.insert(name, anchors.len());
                            anchors.push(Anchor {
                                start: line_start + i,
                                end: text.len(),
                            });
                            if flow == 0 {
                                open.push((anchors.len() - 1, indent));
                            } else {
                                // In a flow collection: the node ends with the line at the latest.
                                let last = anchors.len() - 1;
                                anchors[last].end = offset;
                            }
                        } else {
                            aliases.push(Alias {
                                at: line_start + i,
                                line: l + 1,
                                col: col_at(i),
                                anchor: names.get(name).copied(),
                            });
                        }
                    }
                }
                b'|' | b'>' if flow == 0 && token_start => {
                    let rest = line[i + 1..]
                        .trim_start_matches(|c: char| c == '-' || c == '+' || c.is_ascii_digit());
                    if rest.trim().is_empty() || rest.trim_start().starts_with('#') {
                        block_scalar = Some(indent);
                        break;
                    }
                }
                _ => {}
            }
            // A value may start after an anchor or a tag (and after white space, above).
            value_start = match c {
                b'-' | b'?' | b':' => value_start && next_is_space,
                _ => false,
            } || (flow > 0);
            prev = c;
            i += 1;
        }
    }
    for (i, _) in open {
        anchors[i].end = text.len();
    }
    Ok(Scan { anchors, aliases })
}

/// The size of the file with every alias replaced by the node it names, counted without
/// expanding anything; the first alias that takes it over `MAX_EXPANDED`.
fn expansion(text: &str, scan: &Scan) -> Option<(usize, usize, String)> {
    // The expanded size of each anchored node: its own text plus what the aliases inside it
    // add (an alias can only name an anchor defined before it).
    let mut size: Vec<usize> = Vec::with_capacity(scan.anchors.len());
    for (i, a) in scan.anchors.iter().enumerate() {
        let first = scan.aliases.partition_point(|x| x.at < a.start);
        let mut s = a.end.saturating_sub(a.start);
        for alias in scan.aliases[first..].iter().take_while(|x| x.at < a.end) {
            if let Some(target) = alias.anchor.filter(|&t| t < i) {
                s = s.saturating_add(size[target]);
            }
        }
        size.push(s.min(usize::MAX / 2));
    }
    let mut total = text.len();
    for alias in &scan.aliases {
        if let Some(target) = alias.anchor {
            total = total.saturating_add(size[target]);
            if total > MAX_EXPANDED {
                return Some((
                    alias.line,
                    alias.col,
                    format!(
                        "aliases expand this file to more than {} MB here: content is refused before parsing",
                        MAX_EXPANDED >> 20
                    ),
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_found_quickly() {
        let deep = format!("nodes: {}", "[".repeat(100_000));
        let start = std::time::Instant::now();
        let (line, col, msg) = exceeded(&deep).unwrap();
        assert_eq!((line, col), (1, 8 + MAX_DEPTH - 1), "{msg}");
        assert!(start.elapsed() < std::time::Duration::from_millis(500));
        let blocks: String = (0..100)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert!(exceeded(&blocks).unwrap().2.contains("nest more than"));
        let dashes = format!("a:\n  {}x\n", "- ".repeat(100));
        assert!(exceeded(&dashes).is_some());
    }

    #[test]
    fn brackets_in_text_and_strings_are_not_nesting() {
        let text = format!(
            "title: {}\nbody: |\n  {}\nq: \"{}\"\nr: 'it''s [ok'\n",
            "see [docs ".repeat(200),
            "[".repeat(500),
            "{".repeat(500)
        );
        assert!(exceeded(&text).is_none(), "{:?}", exceeded(&text));
    }

    /// The scan reads bytes and skips quoted text and plain words a run at a time: brackets
    /// and escaped quotes inside quotes are not nesting, and the columns it reports count
    /// characters, not bytes.
    #[test]
    fn columns_count_characters_and_quoted_brackets_are_text() {
        let deep = format!("标题: {{a: \"[{{\\\" [\", b: {}", "[".repeat(100));
        // `标题: {a: "[{\" [", b: ` is 21 characters: the 63rd `[` is at column 84.
        let (line, col, msg) = exceeded(&deep).unwrap();
        assert_eq!((line, col), (1, 84), "{msg}");
        let single = format!("a: {{b: 'it''s [ [', c: {}", "{".repeat(100));
        assert_eq!(exceeded(&single).unwrap().1, 86);
        // An anchored 1.5 MB text: twenty aliases stay under the limit, the 21st (line 23) does
        // not.
        let big = "长".repeat(1 << 19);
        let mut text = format!("大: &big \"{big}\"\nlist:\n");
        text.push_str(&"  - 中文 *big\n".repeat(10));
        text.push_str("  - [中, *big]\n");
        assert!(exceeded(&text).is_none());
        text.push_str(&"  - 中文 *big\n".repeat(30));
        let (line, col, msg) = exceeded(&text).unwrap();
        assert!(msg.contains("aliases expand"), "{msg}");
        assert_eq!((line, col), (23, 8));
    }

    #[test]
    fn aliases_are_counted_as_they_expand() {
        let big = "x".repeat(1 << 20);
        let mut text = format!("big: &big \"{big}\"\nlist:\n");
        for _ in 0..3000 {
            text.push_str("  - *big\n");
        }
        let (line, _, msg) = exceeded(&text).unwrap();
        assert!(msg.contains("aliases expand"), "{msg}");
        assert!(line > 3 && line < 40, "{line}");
        // Billion laughs.
        let mut laughs = String::from(
            "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
        );
        let mut prev = 'a';
        for name in 'b'..='j' {
            laughs.push_str(&format!(
                "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = name;
        }
        assert!(exceeded(&laughs).is_some());
        // The guide's own use: a list of choices reused twice.
        let small = "choices: &c\n  - a\n  - b\nother: *c\nmore: *c\n";
        assert!(exceeded(small).is_none());
    }
}
