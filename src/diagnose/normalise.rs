//! Turning a raw paste into comparable tokens: bound the input, strip escapes, normalise Unicode,
//! quotes, dashes and line ends, re-join wrapped lines, mask volatile parts (GUIDs, times, URLs,
//! e-mail addresses, quoted names, numbers), pull out error codes, then split into stemmed words
//! and Chinese character pairs.

use std::borrow::Cow;
use std::sync::LazyLock;

/// Only this much of a paste is scored; the rest is ignored (and reported as truncated).
pub const MAX_INPUT: usize = 64 * 1024;

/// The first `MAX_INPUT` bytes of `input` (cut at a character boundary), and whether anything
/// was cut.
pub fn bound(input: &str) -> (&str, bool) {
    if input.len() <= MAX_INPUT {
        return (input, false);
    }
    let mut cut = MAX_INPUT;
    while !input.is_char_boundary(cut) {
        cut -= 1;
    }
    (&input[..cut], true)
}

pub use crate::unify::clean;

/// Whether `c` is written without spaces between words (Chinese, Japanese, Korean).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// Joins hard-wrapped lines: a fixed-width wrap (every line but the last the same length) is
/// joined with nothing between; otherwise a hyphen at the end of a line before a lower-case word
/// is removed, a break between Chinese characters disappears, and any other break is a space.
pub fn join_wraps(text: &str) -> Cow<'_, str> {
    if !text.contains('\n') {
        return Cow::Borrowed(text);
    }
    let lines: Vec<&str> = text.split('\n').collect();
    if lines.len() >= 3 {
        let width = lines[0].chars().count();
        let fixed = width >= 40
            && lines[..lines.len() - 1]
                .iter()
                .all(|l| l.chars().count() == width)
            && lines[lines.len() - 1].chars().count() <= width;
        if fixed {
            return Cow::Owned(lines.concat());
        }
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in lines.iter().enumerate() {
        let line = if i == 0 { *line } else { line.trim_start() };
        if i == 0 {
            out.push_str(line);
            continue;
        }
        let trimmed_len = out.trim_end().len();
        out.truncate(trimmed_len);
        let prev = out.chars().last();
        let before_prev = out.chars().rev().nth(1);
        let next = line.chars().next();
        match (before_prev, prev, next) {
            (Some(b), Some('-'), Some(n)) if b.is_alphabetic() && n.is_lowercase() => {
                out.pop();
            }
            (_, Some(p), Some(n)) if is_cjk(p) && is_cjk(n) => {}
            (_, None, _) | (_, _, None) => {}
            _ => out.push(' '),
        }
        out.push_str(line);
    }
    Cow::Owned(out)
}

/// The error codes in `text`, written as `code_key` writes them, in order, without repeats:
/// Microsoft Entra ID `AADSTS…` codes, Dataverse `0x8…` codes (eight hexadecimal digits), and
/// numbers in a code slot (`"code":"601"`, `code 603`, `Marketo 607`, as Marketo reports them).
pub fn codes(text: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut out: Vec<String> = Vec::new();
    let mut push = |code: String| {
        if !out.contains(&code) {
            out.push(code);
        }
    };
    let boundary = |at: usize| at >= bytes.len() || !bytes[at].is_ascii_alphanumeric();
    let run =
        |from: usize, pred: fn(&u8) -> bool| bytes[from..].iter().take_while(|b| pred(b)).count();
    for (start, _) in lower.char_indices() {
        if start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
            continue;
        }
        let rest = &lower[start..];
        if rest.starts_with("aadsts") {
            let digits = run(start + 6, u8::is_ascii_digit);
            if (4..=9).contains(&digits) && boundary(start + 6 + digits) {
                push(format!("AADSTS{}", &lower[start + 6..start + 6 + digits]));
            }
        } else if rest.starts_with("0x8") {
            let hex = run(start + 2, u8::is_ascii_hexdigit);
            if hex == 8 && boundary(start + 10) {
                push(lower[start..start + 10].to_owned());
            }
        } else if rest.starts_with("code") || rest.starts_with("marketo") {
            // The number right after the slot's name: `code":"601"`, `code 603`, `Marketo error 607`.
            let name = if rest.starts_with("code") { 4 } else { 7 };
            let gap = bytes[start + name..]
                .iter()
                .take(if name == 4 { 4 } else { 12 })
                .take_while(|b| !b.is_ascii_digit() && !b"\n.,;".contains(b))
                .count();
            let at = start + name + gap;
            let digits = run(at, u8::is_ascii_digit);
            let before_ok = gap > 0 && !bytes[at - 1].is_ascii_alphanumeric();
            if before_ok && (3..=4).contains(&digits) && boundary(at + digits) {
                push(lower[at..at + digits].to_owned());
            }
        }
    }
    out
}

/// How a code is compared: `AADSTS…` upper-case, anything else lower-case.
pub fn code_key(code: &str) -> String {
    let code = code.trim();
    if code.len() > 6 && code[..6].eq_ignore_ascii_case("aadsts") {
        code.to_ascii_uppercase()
    } else {
        code.to_ascii_lowercase()
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

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
            let mut end = start;
            while end < n && !bytes[end].is_ascii_whitespace() && !self.is_masked(end) {
                end += 1;
            }
            let chunk = &self.text[start..end];
            if let Some(scheme) = url_scheme(chunk) {
                self.blank(start + scheme, end);
            } else if let Some(at) = chunk.find('@') {
                self.email(start, start + at, end);
            } else if chunk.contains('.') {
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
            let after_boundary = i == 0 || !is_word_byte(bytes[i - 1]) || self.is_masked(i - 1);
            if !self.is_masked(i)
                && (bytes[i].is_ascii_hexdigit() || bytes[i] == b'-')
                && after_boundary
            {
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

/// Chinese variants: the source page writes both 潜在顾客 and 潜在客户, 帐户 and 账户.
const CHINESE_VARIANTS: &[(&str, &str)] = &[
    ("顾客", "客户"),
    ("账", "帐"),
    ("机密", "密码"),
    ("登入", "登录"),
];

/// Expands contractions (`couldn't` → `could not`) and unifies Chinese variants.
fn unify_spelling(text: &str) -> Cow<'_, str> {
    let mut s = Cow::Borrowed(text);
    if s.contains("n't") {
        s = Cow::Owned(
            s.replace("can't", "can not")
                .replace("won't", "will not")
                .replace("n't", " not"),
        );
    }
    // The variants are Chinese: English text holds none of them.
    for (from, to) in CHINESE_VARIANTS.iter().filter(|_| !text.is_ascii()) {
        if s.contains(from) {
            s = Cow::Owned(s.replace(from, to));
        }
    }
    s
}

/// English words that mean the same thing, as sequences of words mapped to one form (applied
/// to the words of a text before stop words are dropped and words are stemmed).
const SYNONYMS: &[(&[&str], &[&str])] = &[
    (&["log", "in"], &["signin"]),
    (&["log", "on"], &["signin"]),
    (&["sign", "in"], &["signin"]),
    (&["sign", "on"], &["signin"]),
    (&["login"], &["signin"]),
    (&["logon"], &["signin"]),
    (&["cannot"], &["can", "not"]),
    (&["not", "valid"], &["invalid"]),
    (&["azure", "active", "directory"], &["aad"]),
    (&["azure", "ad"], &["aad"]),
    (&["microsoft", "entra", "id"], &["aad"]),
    (&["microsoft", "entra"], &["aad"]),
    (&["entra", "id"], &["aad"]),
    (&["directory", "id"], &["tenant", "identifier"]),
    (&["tenant", "id"], &["tenant", "identifier"]),
    (&["client", "id"], &["application", "identifier"]),
    (&["application", "id"], &["application", "identifier"]),
    (&["app", "id"], &["application", "identifier"]),
    (&["application", "key"], &["client", "secret"]),
    (&["app", "key"], &["client", "secret"]),
    (&["app"], &["application"]),
];

/// Applies `SYNONYMS` to a sequence of words, longest match first. (`unify_words` lists the
/// words a synonym can start with: keep it in step.)
fn unify_words<'a>(words: &[&'a str]) -> Vec<&'a str> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    'next: while i < words.len() {
        let first = words[i];
        let may_start = matches!(
            first,
            "log"
                | "sign"
                | "login"
                | "logon"
                | "cannot"
                | "not"
                | "azure"
                | "microsoft"
                | "entra"
                | "directory"
                | "tenant"
                | "client"
                | "application"
                | "app"
        );
        if !may_start {
            out.push(first);
            i += 1;
            continue;
        }
        for (from, to) in SYNONYMS {
            if words[i..].starts_with(from) {
                out.extend_from_slice(to);
                i += from.len();
                continue 'next;
            }
        }
        out.push(words[i]);
        i += 1;
    }
    out
}

/// Words dropped from every text (`is_stop_word`); sorted, so the list is easy to read.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "by", "for", "from", "has", "have", "i",
    "if", "in", "is", "it", "its", "of", "on", "or", "our", "so", "that", "the", "this", "to",
    "was", "we", "were", "when", "with", "you", "your",
];

/// Whether `word` is one of `STOP_WORDS` (a set: it is asked for every word of every paste).
fn is_stop_word(word: &str) -> bool {
    static SET: LazyLock<rustc_hash::FxHashSet<&str>> =
        LazyLock::new(|| STOP_WORDS.iter().copied().collect());
    SET.contains(word)
}

/// Identifier-like words of a message (`SendTimeout`, `RetrievePrivilegeForUser`,
/// `leadsourcecode`, `REQUIRED_FIELD_MISSING`): mixed case with an inner capital, `snake_case`,
/// or fourteen letters and more (longer than
/// most English words). Like error codes, they name one error far better than ordinary words;
/// returned lower-case and stemmed as `tokens` would.
pub fn identifiers(original: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let bytes = original.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphabetic() || (i > 0 && is_word_byte(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let mut e = i;
        while e < bytes.len()
            && (bytes[e].is_ascii_alphanumeric()
                || bytes[e] == b'_' && bytes.get(e + 1).is_some_and(u8::is_ascii_alphabetic))
        {
            e += 1;
        }
        let w = original[i..e].trim_end_matches('_');
        let inner_capital = w.bytes().skip(1).any(|c| c.is_ascii_uppercase());
        let has_lower = w.bytes().any(|c| c.is_ascii_lowercase());
        // `REQUIRED_FIELD_MISSING`, `Get_Entities`; not JSON's `error_description`.
        let snake = w.contains('_') && w.bytes().any(|c| c.is_ascii_uppercase());
        let long = w.len() >= 14 && !w.contains('_');
        if w.len() >= 2 && ((inner_capital && has_lower) || snake || long) {
            for t in tokens(&w.to_lowercase()) {
                // `OAuth`, `GitHub`: written like identifiers, generic as words.
                if GENERIC_WORDS.contains(&t) {
                    continue;
                }
                if !out.iter().any(|(o, _)| *o == t) {
                    out.push((t, w.to_owned()));
                }
            }
        }
        i = e;
    }
    out
}

/// About three hundred of the most frequent English words, stemmed like tokens.
static COMMON_WORDS: LazyLock<rustc_hash::FxHashSet<String>> = LazyLock::new(|| {
    const WORDS: &str = "about above across after again against all almost also although always among \
        another any anything around ask asked away back because become been before began begin \
        being below best better between big both bring but call came can case change check \
        close come could current data day did different do does done down during each early \
        else end enough error even ever every example fact fail failed far few find first follow \
        found from full general get give given go going good got great group had hand happen \
        hard has having help here high him his home how however idea important increase \
        information into just keep kind know large last later least leave left less let life \
        like line little long look made make many may mean might more most move much must \
        name need never new next no not nothing now number off often old once one only open \
        order other out over own part people place point possible problem provide provided \
        put question quite rather read real really reason request right run said same saw say \
        see seem set several should show side since small some something sometimes soon start \
        state still such sure system take than their them then there these they thing think \
        those though through time today together too took toward try turn two under until up \
        upon us use used user using value very want way well went what where whether which \
        while who whole why will without word work world would write wrong year yet again \
        please thanks thank hello hi dear regards issue issues message get got getting \
        because time out value valid invalid status code type new old";
    WORDS.split_whitespace().flat_map(tokens).collect()
});

/// Words that many unrelated messages use ("not found", "directory", "tenant", "permission",
/// "credentials"): however rare they are among the known errors, they never make a match sure
/// on their own. Stemmed like tokens.
static GENERIC_WORDS: LazyLock<rustc_hash::FxHashSet<String>> = LazyLock::new(|| {
    const WORDS: &str = "not found find directory directories folder file files path tenant tenants \
        timeout timed time out permission permissions attribute attributes entity entities \
        credentials credential user users account accounts invalid valid access denied \
        authorized unauthorized authorization authentication error errors request requests \
        failed failure fail create created exist exists does no such repository object \
        reference instance password passwords username expired expire locked site reached \
        reach connect connection refused server key keys application applications";
    // Names of protocols and products that are written in mixed case like identifiers but
    // appear in every kind of technical text: `OAuth` names no one error.
    const NAMES: &str = "oauth openid saml token tokens bearer scheme javascript typescript \
        powershell github gitlab sharepoint onedrive linkedin youtube wordpress iphone ipad \
        macos ios devops mysql postgresql graphql nosql websocket websockets webhook webhooks";
    // The fields every service's error body has (`requestId`, `correlationId`): mixed case,
    // yet they name no error.
    const FIELDS: &str = "requestid clientrequestid correlationid traceid activityid \
        timestamp errorcode errormessage errordescription innererror statuscode httpstatus";
    // The same everyday words of error messages in the portals' other languages, and the
    // browser's and the system's stock phrases in Chinese (split into character pairs as
    // Chinese pastes are).
    const LOCALIZED: &str = "no se puede pudo conectar usuario inicio iniciar sesión cuenta \
        contraseña acceso denegado encontrado permiso nicht möglich konnte kann fehler benutzer \
        anmeldung anmelden konto kennwort passwort zugriff verweigert gefunden berechtigung \
        impossible connecter erreur utilisateur connexion compte mot passe accès refusé \
        introuvable autorisation não foi possível erro usuário entrar sessão conta senha \
        negado permissão 无法访问此网站 拒绝了我们的连接请求 无法连接 拒绝访问 访问被拒绝 \
        没有权限 权限不足 请求超时 连接超时 服务器错误 发生错误 出现错误 登录失败";
    WORDS
        .split_whitespace()
        .chain(NAMES.split_whitespace())
        .chain(FIELDS.split_whitespace())
        .chain(LOCALIZED.split_whitespace())
        .flat_map(tokens)
        .collect()
});

/// Whether a token is a generic word of error messages (see `GENERIC_WORDS`) or an everyday
/// English word.
pub fn is_generic_word(token: &str) -> bool {
    GENERIC_WORDS.contains(token) || COMMON_WORDS.contains(token)
}

/// Whether a token is an everyday English word.
pub fn is_common_word(token: &str) -> bool {
    COMMON_WORDS.contains(token)
}

/// Text ready for matching: lower-case, cleaned, wraps joined, volatile parts masked, synonyms
/// unified.
pub fn prepare(text: &str) -> String {
    // One word of letters (the paste's words, quoted one by one) has nothing to clean, join,
    // mask or respell; one number is masked whole.
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphabetic()) {
        return text.to_ascii_lowercase();
    }
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return " ".repeat(text.len());
    }
    prepare_any(text)
}

/// `prepare` without its shortcuts for one word.
fn prepare_any(text: &str) -> String {
    let cleaned = clean(text);
    let joined = join_wraps(&cleaned);
    let lower: Cow<str> = if joined.chars().any(|c| c.to_lowercase().next() != Some(c)) {
        Cow::Owned(joined.to_lowercase())
    } else {
        Cow::Borrowed(&joined)
    };
    let masked = mask(&lower);
    unify_spelling(&masked).into_owned()
}

/// The English stem of a word, remembered (the same words recur across patterns and pastes).
fn stem(word: &str) -> std::rc::Rc<str> {
    use rustc_hash::FxHashMap as HashMap;
    use std::cell::RefCell;
    use std::rc::Rc;
    static STEMMER: LazyLock<rust_stemmers::Stemmer> =
        LazyLock::new(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));
    thread_local! {
        static CACHE: RefCell<HashMap<String, Rc<str>>> = RefCell::new(HashMap::default());
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(s) = cache.get(word) {
            return Rc::clone(s);
        }
        let s: Rc<str> = Rc::from(STEMMER.stem(word).as_ref());
        if cache.len() < 100_000 {
            cache.insert(word.to_owned(), Rc::clone(&s));
        }
        s
    })
}

/// Splits prepared text into tokens: stemmed English words (stop words dropped) and pairs of
/// adjacent Chinese characters. Each token appears once, in order of first appearance.
pub fn tokens(prepared: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // A long paste has hundreds of distinct tokens: past a few, look each up in a set.
    let mut seen: rustc_hash::FxHashSet<String> = Default::default();
    for_each_token(prepared, |t| {
        let new = if out.len() < 16 {
            !out.iter().any(|o| o == t)
        } else {
            if seen.is_empty() {
                seen.extend(out.iter().cloned());
            }
            !seen.contains(t)
        };
        if new {
            if !seen.is_empty() {
                seen.insert(t.to_owned());
            }
            out.push(t.to_owned());
        }
    });
    out
}

/// Calls `f` with every token of prepared text, in order, repeats included (`tokens` without
/// the allocations, for the analysis of many patterns).
pub fn for_each_token(prepared: &str, mut f: impl FnMut(&str)) {
    // English words wait in `run` until a Chinese run (or the end) so that multi-word
    // synonyms can see their neighbours.
    let mut run: Vec<&str> = Vec::new();
    let flush = |run: &mut Vec<&str>, f: &mut dyn FnMut(&str)| {
        for word in unify_words(run) {
            if word.len() >= 2 && !is_stop_word(word) {
                f(&stem(word));
            }
        }
        run.clear();
    };
    let mut pair = String::with_capacity(8);
    let mut chars = prepared.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if is_cjk(c) {
            flush(&mut run, &mut f);
            let mut prev = c;
            let mut single = true;
            while let Some(&(_, n)) = chars.peek() {
                if !is_cjk(n) {
                    break;
                }
                pair.clear();
                pair.push(prev);
                pair.push(n);
                f(&pair);
                single = false;
                prev = n;
                chars.next();
            }
            if single {
                pair.clear();
                pair.push(c);
                f(&pair);
            }
        } else if c.is_alphanumeric() {
            let mut end = start + c.len_utf8();
            // `snake_case` names (`invalid_client`, `REQUIRED_FIELD_MISSING`) are one word.
            while let Some(&(at, n)) = chars.peek() {
                let joins = n == '_'
                    && prepared[at + 1..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_alphabetic() && !is_cjk(c));
                if !(n.is_alphanumeric() || joins) || is_cjk(n) {
                    break;
                }
                end = at + n.len_utf8();
                chars.next();
            }
            run.push(prepared[start..end].trim_end_matches('_'));
        }
    }
    flush(&mut run, &mut f);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word_is_prepared_as_any_text_is() {
        let words = [
            "Tenant",
            "tenant",
            "LOGIN",
            "Login",
            "app",
            "cannot",
            "x",
            "D",
            "100",
            "0",
            "2024",
            "12345678901234567890",
            "AADSTS90002",
            "5b0e6a3c",
        ];
        for w in words {
            assert_eq!(prepare(w), prepare_any(w), "{w}");
        }
    }

    #[test]
    fn bound_cuts_at_a_character_boundary() {
        let s = "好".repeat(MAX_INPUT);
        let (b, cut) = bound(&s);
        assert!(cut && b.len() <= MAX_INPUT && b.len() > MAX_INPUT - 3);
        assert_eq!(bound("short"), ("short", false));
    }

    #[test]
    fn clean_strips_escapes_and_unifies_quotes_dashes_and_line_ends() {
        let s = clean(
            "\x1b[31mTenant\x1b[0m “x” ‘y’ a—b\r\nc\rd\x07 \x1b]8;;https://e.com\x07link\x1b]8;;\x07 ｆｕｌｌ",
        );
        assert_eq!(s, "Tenant \"x\" 'y' a-b\nc\nd  link full");
    }

    #[test]
    fn wraps_are_rejoined() {
        assert_eq!(
            join_wraps("Could not save the\n  lead to Dynamics"),
            "Could not save the lead to Dynamics"
        );
        assert_eq!(
            join_wraps("the lead-\nsourcecode attribute"),
            "the leadsourcecode attribute"
        );
        assert_eq!(join_wraps("找不到\n租户"), "找不到租户");
        let message = "Could not save the lead to Dynamics CRM. LastCRMError: SecLib::RetrievePrivilegeForUser failed - no roles are assigned to user. Type=systemuser";
        let chars: Vec<char> = message.chars().collect();
        let wrapped: Vec<String> = chars.chunks(50).map(|c| c.iter().collect()).collect();
        assert_eq!(join_wraps(&wrapped.join("\n")), message);
    }

    #[test]
    fn codes_are_found_in_any_case() {
        assert_eq!(
            codes("aadsts90002: x AADSTS7000215 and AADSTS90002"),
            vec!["AADSTS90002", "AADSTS7000215"]
        );
        assert!(codes("AADSTS").is_empty());
        assert_eq!(
            codes(r#"{"error":{"code":"0x80072560","message":"x"}} 0x8004022 0X80040220"#),
            vec!["0x80072560", "0x80040220"]
        );
        assert_eq!(
            codes(r#"{"errors":[{"code":"601"}]} Marketo error 607, code 1006"#),
            vec!["601", "607", "1006"]
        );
        // Numbers elsewhere are not codes: ports, years, ids.
        assert!(codes("listening on port 8080 since 2024, id 603, barcode 601").is_empty());
        assert_eq!(code_key("aadsts50126"), "AADSTS50126");
        assert_eq!(code_key("0X80072560"), "0x80072560");
    }

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

    #[test]
    fn tokens_are_stemmed_words_and_chinese_pairs() {
        let t = tokens(&prepare(
            "Unable to Login to Dynamics CRM. No roles are assigned to users. 找不到租户",
        ));
        for want in [
            "unabl", "signin", "dynam", "crm", "role", "assign", "user", "找不", "不到", "到租",
            "租户",
        ] {
            assert!(t.contains(&want.to_owned()), "{want} missing from {t:?}");
        }
        assert!(!t.contains(&"to".to_owned()));
        assert_eq!(
            tokens(&prepare("Couldn't sign in")),
            tokens(&prepare("could not log in"))
        );
    }

    #[test]
    fn product_and_protocol_names_are_not_identifiers() {
        // Written in mixed case like `SendTimeout`, but they name no one error.
        let ids = identifiers(
            "The given OAuth 2 access token is malformed. See GitHub, PowerShell and JavaScript.",
        );
        assert!(ids.is_empty(), "{ids:?}");
        let ids = identifiers("DirectApiAuthorizationRequired: OAuth authorization scheme");
        let names: Vec<&str> = ids.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(names, ["DirectApiAuthorizationRequired"]);
    }

    #[test]
    fn identifiers_are_camel_case_or_long_words() {
        let ids = identifiers(
            "LastCRMError: SecLib::RetrievePrivilegeForUser failed, increase SendTimeout; leadsourcecode CRM AAD Exception",
        );
        let names: Vec<&str> = ids.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "LastCRMError",
                "SecLib",
                "RetrievePrivilegeForUser",
                "SendTimeout",
                "leadsourcecode"
            ]
        );
        assert!(
            ids.iter()
                .all(|(t, _)| t.chars().all(|c| c.is_ascii_lowercase()))
        );
    }

    #[test]
    fn stop_words_are_sorted() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn empty_and_whitespace_give_no_tokens() {
        assert!(tokens(&prepare("")).is_empty());
        assert!(tokens(&prepare(" \n\t \r\n")).is_empty());
    }
}
