//! Masking the volatile parts of a text (quoted names, URLs, e-mail addresses, host names,
//! numbers, GUIDs, dates): they identify an instance, never the error.

use std::borrow::Cow;

use super::is_word_byte;

/// Masks volatile parts of already-lower-cased text, each replaced by spaces (they identify an
/// instance, never the error): quoted names, URLs, e-mail addresses, host names of well-known
/// services, and any run of hexadecimal digits and dashes that holds a digit (numbers, GUIDs,
/// trace ids, dates; the colons of times split them into numbers).
///
/// A scanner rather than a regex: it runs on every pattern of a large guide and on every paste,
/// and a regex of these alternatives costs about a millisecond to compile at each start.
pub fn mask(text: &str) -> Cow<'_, str> {
    if !may_hold_volatile_parts(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    let mut masked = Masked {
        text,
        bytes: text.as_bytes(),
        out: text.as_bytes().to_vec(),
    };
    masked.quoted_names();
    masked.addresses();
    masked.numbers();
    String::from_utf8(masked.out).map_or(Cow::Borrowed(text), Cow::Owned)
}

/// Most phrases hold nothing to mask: no digit, quote, `@` or dotted name.
fn may_hold_volatile_parts(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .any(|b| b.is_ascii_digit() || b"'\"@".contains(b))
        || bytes
            .windows(2)
            .any(|w| w[0] == b'.' && w[1].is_ascii_alphanumeric())
}

/// Host-name endings of the services whose addresses appear in pastes (each starts with a dot).
const HOST_SUFFIXES: &[&str] = &[
    ".com",
    ".net",
    ".org",
    ".io",
    ".ms",
    ".microsoft",
    ".windows",
    ".azure",
];

/// A text being masked: `out` starts as a copy of `bytes`, and masked spans become spaces.
struct Masked<'a> {
    text: &'a str,
    bytes: &'a [u8],
    out: Vec<u8>,
}

impl Masked<'_> {
    /// Replaces `from..to` with spaces. Every masked span is ASCII, so whole characters go.
    fn blank(&mut self, from: usize, to: usize) {
        self.out[from..to].fill(b' ');
    }

    fn is_masked(&self, i: usize) -> bool {
        self.out[i] == b' '
    }

    /// Quoted names: 'contoso', "Contoso Ltd" (printable ASCII, at most 80 characters), not the
    /// apostrophe inside a word.
    fn quoted_names(&mut self) {
        let (bytes, n) = (self.bytes, self.bytes.len());
        let mut i = 0;
        while i < n {
            let q = bytes[i];
            if (q == b'\'' || q == b'"')
                && (i == 0 || !is_word_byte(bytes[i - 1]))
                && !(q == b'"' && is_json_string(bytes, i))
            {
                let end = (i + 1..n.min(i + 82))
                    .take_while(|&k| (0x20..0x7f).contains(&bytes[k]))
                    .find(|&k| bytes[k] == q);
                // A quoted single word of letters ('leadsourcecode') is a name the message
                // is about, not an instance: it stays.
                let one_word = |e: usize| {
                    bytes[i + 1..e]
                        .iter()
                        .all(|b| b.is_ascii_alphabetic() || *b == b'_')
                };
                if let Some(e) = end
                    && e > i + 1
                    && (e + 1 == n || !is_word_byte(bytes[e + 1]))
                    && !one_word(e)
                {
                    self.blank(i, e + 1);
                    i = e + 1;
                    continue;
                }
            }
            i += 1;
        }
    }

    /// Chunks between white space that are URLs, e-mail addresses or host names.
    fn addresses(&mut self) {
        let (bytes, n) = (self.bytes, self.bytes.len());
        let mut start = 0;
        while start < n {
            if bytes[start].is_ascii_whitespace() || self.is_masked(start) {
                start += 1;
                continue;
            }
            // One pass finds the chunk's end and the bytes each kind of address needs.
            let (mut end, mut colon, mut at, mut dot) = (start, false, None, false);
            while end < n && !bytes[end].is_ascii_whitespace() && !self.is_masked(end) {
                match bytes[end] {
                    b':' => colon = true,
                    b'@' if at.is_none() => at = Some(end),
                    b'.' => dot = true,
                    _ => {}
                }
                end += 1;
            }
            let scheme = if colon {
                url_scheme(&self.text[start..end])
            } else {
                None
            };
            if let Some(scheme) = scheme {
                self.blank(start + scheme, end);
            } else if let Some(at) = at {
                self.email(start, at, end);
            } else if dot {
                self.host_names(start, end);
            }
            start = end;
        }
    }

    /// `name@host.domain` around the `@` at `at`, when the host has a dot.
    fn email(&mut self, start: usize, at: usize, end: usize) {
        let bytes = self.bytes;
        let mut from = at;
        while from > start && (is_word_byte(bytes[from - 1]) || b".+-".contains(&bytes[from - 1])) {
            from -= 1;
        }
        let mut to = at + 1;
        while to < end && (is_word_byte(bytes[to]) || b".-".contains(&bytes[to])) {
            to += 1;
        }
        if from < at && self.text[at + 1..to].contains('.') {
            self.blank(from, to);
        }
    }

    /// A dotted name ending in one of `HOST_SUFFIXES`, to the end of the chunk.
    fn host_names(&mut self, start: usize, end: usize) {
        let bytes = self.bytes;
        // Every suffix starts with a dot: look for them only at the chunk's dots.
        for at in (start..end).filter(|&i| bytes[i] == b'.') {
            for suffix in HOST_SUFFIXES {
                if !bytes[at..end].starts_with(suffix.as_bytes()) {
                    continue;
                }
                let s_end = at + suffix.len();
                if s_end == end || !is_word_byte(bytes[s_end]) {
                    let mut h = at;
                    while h > start && (is_word_byte(bytes[h - 1]) || b".-".contains(&bytes[h - 1]))
                    {
                        h -= 1;
                    }
                    if h < at {
                        // A long first label is kept (`mpsapiprodwus` of a retired storage
                        // account): an unknown word costs nothing, and a known one is the
                        // point of the message.
                        let label = bytes[h..at]
                            .iter()
                            .position(|&b| b == b'.')
                            .map_or(at, |d| h + d);
                        let from = if label - h >= 10 { label } else { h };
                        self.blank(from, end);
                    }
                }
            }
        }
    }

    /// Runs of hexadecimal digits and dashes holding a digit, as whole words (numbers, GUIDs,
    /// trace ids, dates, `0x…` codes, with the `t` and `z` of ISO timestamps).
    fn numbers(&mut self) {
        let (bytes, n) = (self.bytes, self.bytes.len());
        let mut i = 0;
        while i < n {
            // A masked character is a boundary too (so `2024-05-01t10:22` masks piece by piece).
            let starts = (bytes[i].is_ascii_hexdigit() || bytes[i] == b'-')
                && !self.is_masked(i)
                && (i == 0 || !is_word_byte(bytes[i - 1]) || self.is_masked(i - 1));
            if starts {
                let (end, digit) = number_end(bytes, i);
                if digit && (end == n || !is_word_byte(bytes[end]) || bytes[end - 1] == b't') {
                    self.blank(i, end);
                }
                i = end.max(i + 1);
                continue;
            }
            i += 1;
        }
    }
}

/// Whether the double quote at `i` opens a JSON key or value (`{"code":"x"}`, `["a", "b"]`):
/// JSON strings hold the message, not a name to mask.
fn is_json_string(bytes: &[u8], i: usize) -> bool {
    let before = bytes[..i].iter().rev().find(|b| !b.is_ascii_whitespace());
    if matches!(before, Some(b':' | b'{' | b'[' | b',')) {
        return true;
    }
    // A key: `"name":` after the closing quote.
    let close = bytes[i + 1..].iter().position(|&b| b == b'"');
    close.is_some_and(|c| {
        bytes[i + 2 + c..]
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b':')
    })
}

/// Where a URL starts in a chunk between white space, if it holds one.
fn url_scheme(chunk: &str) -> Option<usize> {
    if !chunk.contains("://") {
        return None;
    }
    ["https://", "http://", "ftp://"]
        .iter()
        .filter_map(|s| chunk.find(s))
        .min()
}

/// Where the run of hexadecimal digits and dashes starting at `i` ends (with a `0x` prefix and
/// a timestamp's `t` or `z`), and whether it holds a digit.
fn number_end(bytes: &[u8], i: usize) -> (usize, bool) {
    let n = bytes.len();
    let mut e = i;
    let mut digit = false;
    while e < n
        && (bytes[e].is_ascii_digit() || (b'a'..=b'f').contains(&bytes[e]) || bytes[e] == b'-')
    {
        digit |= bytes[e].is_ascii_digit();
        e += 1;
    }
    // 0x1f2e
    if e == i + 1 && bytes[i] == b'0' && e < n && bytes[e] == b'x' {
        e += 1;
        while e < n && bytes[e].is_ascii_hexdigit() {
            e += 1;
        }
    }
    // The `t` of an ISO timestamp and the `z` of UTC belong to the number.
    let next_is_digit = e + 1 < n && bytes[e + 1].is_ascii_digit();
    let next_ends = e + 1 >= n || !is_word_byte(bytes[e + 1]);
    if digit && e < n && ((bytes[e] == b't' && next_is_digit) || (bytes[e] == b'z' && next_ends)) {
        e += 1;
    }
    (e, digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volatile_parts_are_masked() {
        let m = mask(
            "tenant '8f3e2c71-5a4b-4c8d-9e1f-2a3b4c5d6e7f' at 2024-05-01t10:22:33.123z trace 0a1b2c3d4e5f id 12345 mail a.b@contoso.com see https://aka.ms/x aadsts90002 after 00:02:00",
        );
        for gone in [
            "8f3e", "2024", "10:22", "0a1b", "12345", "contoso", "aka.ms", "00:02",
        ] {
            assert!(!m.contains(gone), "{gone} in {m}");
        }
        assert!(m.contains("aadsts90002"));
        assert!(m.contains("tenant") && m.contains("trace") && m.contains("after"));
        let json = mask(
            r#"{"error":"invalid_client","error_description":"bad client credentials"} tenant "acme-prod" gone, the 'leadsourcecode' attribute"#,
        );
        assert!(
            json.contains("bad client credentials") && json.contains("invalid_client"),
            "{json}"
        );
        assert!(!json.contains("acme"), "{json}");
        assert!(json.contains("leadsourcecode"), "{json}");
        let apostrophes = mask("couldn't save the lead. don't worry");
        assert!(apostrophes.contains("save the lead"), "{apostrophes}");
    }
}
