//! Reading content: from the copy embedded in the binary, or from a folder.
//!
//! This is the only place that parses YAML.

use std::fs;
use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, Position};
use super::locate::{SourceText, Span};
use super::model::{ContentFile, GlossaryEntry, GuideMeta, Node};

include!(concat!(env!("OUT_DIR"), "/embedded_content.rs"));

/// The file that holds the guide's settings.
pub const GUIDE_FILE: &str = "guide.yaml";

/// The raw text of a set of content files.
#[derive(Debug, Clone)]
pub struct Sources {
    /// Where the files came from, for messages (`content/` for the embedded copy).
    pub origin: String,
    /// (name relative to the content folder, text), sorted by name.
    pub files: Vec<(String, String)>,
    /// Files that could not be read as UTF-8 text, or are larger than `MAX_FILE`: errors.
    pub unreadable: Vec<(String, String)>,
    /// What was left out of the folder (sub-folders that cannot be read, entries that are not
    /// regular files, such as a FIFO or a link to a device): warnings, the rest still loads.
    pub skipped: Vec<(String, String)>,
}

/// At most this much of one content file is read (the whole built-in guide is under 200 KB).
pub const MAX_FILE: u64 = 8 << 20;
/// Aliases may expand a file to at most this many bytes, counted as they expand.
pub const MAX_EXPANDED: usize = 32 << 20;
/// Mappings and lists nest at most this deep (the guide's own content: 6).
pub const MAX_DEPTH: usize = 64;

impl Sources {
    /// The content compiled into the binary.
    pub fn embedded() -> Self {
        let mut files: Vec<(String, String)> = EMBEDDED
            .iter()
            .map(|(name, text, _)| ((*name).to_owned(), (*text).to_owned()))
            .collect();
        sort_files(&mut files);
        Sources {
            origin: "content".into(),
            files,
            unreadable: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// Whether these are exactly the files compiled into the binary, unchanged.
    pub fn is_embedded(&self) -> bool {
        self.unreadable.is_empty()
            && self.skipped.is_empty()
            && self.files.len() == EMBEDDED.len()
            && self.files.iter().all(|(name, text)| {
                EMBEDDED
                    .iter()
                    .any(|(n, yaml, _)| n == name && yaml == text)
            })
    }

    /// Every `*.yaml` / `*.yml` file under `dir`, recursively. Fails only when `dir` itself
    /// cannot be read; a file that cannot be read becomes a diagnostic later, and so does a
    /// sub-folder that cannot be read or an entry that is not a regular file (a FIFO would hang
    /// the reader, a link to `/dev/zero` would never end): the rest loads.
    pub fn from_dir(dir: &Path) -> std::io::Result<Self> {
        let meta = fs::metadata(dir)?;
        if !meta.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                format!("{} is not a folder", dir.display()),
            ));
        }
        let mut paths = Vec::new();
        let mut skipped = Vec::new();
        collect_yaml(dir, dir, &mut paths, &mut skipped, 0)?;
        paths.sort();
        let mut files = Vec::new();
        let mut unreadable = Vec::new();
        for rel in paths {
            let name = rel.to_string_lossy().replace('\\', "/");
            match read_regular(&dir.join(&rel)) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => files.push((name, text)),
                    Err(e) => unreadable.push((name, format!("not UTF-8 text: {e}"))),
                },
                Err(Unread::Skip(why)) => skipped.push((name, why)),
                Err(Unread::Error(why)) => unreadable.push((name, why)),
            }
        }
        sort_files(&mut files);
        skipped.sort();
        Ok(Sources {
            origin: dir.to_string_lossy().trim_end_matches('/').to_owned(),
            files,
            unreadable,
            skipped,
        })
    }

    /// The path shown in diagnostics for a file of this set.
    pub fn display_path(&self, name: &str) -> String {
        if self.origin.is_empty() || self.origin == "." {
            name.to_owned()
        } else {
            format!("{}/{}", self.origin, name)
        }
    }
}

/// `guide.yaml` first, then the topic files by name: the order nodes are listed and exported in.
fn sort_files(files: &mut [(String, String)]) {
    files.sort_by(|a, b| (a.0 != GUIDE_FILE, &a.0).cmp(&(b.0 != GUIDE_FILE, &b.0)));
}

/// Why a content file was not read: skipped (not a regular file) or an error.
enum Unread {
    Skip(String),
    Error(String),
}

/// A regular file's bytes, at most `MAX_FILE` of them. The file's kind is looked at before it
/// is opened (opening a FIFO waits for a writer), and the read stops at the limit whatever the
/// file claims its size is.
fn read_regular(path: &Path) -> Result<Vec<u8>, Unread> {
    use std::io::Read;
    let meta = fs::metadata(path).map_err(|e| Unread::Error(e.to_string()))?;
    if !meta.is_file() {
        return Err(Unread::Skip(
            "not a regular file (a FIFO, a device, or a link to one): not read".into(),
        ));
    }
    let too_large = || {
        Unread::Error(format!(
            "larger than {} MB: content files are read up to that size",
            MAX_FILE >> 20
        ))
    };
    if meta.len() > MAX_FILE {
        return Err(too_large());
    }
    let file = fs::File::open(path).map_err(|e| Unread::Error(e.to_string()))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Unread::Error(e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(too_large());
    }
    Ok(bytes)
}

fn collect_yaml(
    root: &Path,
    dir: &Path,
    out: &mut Vec<PathBuf>,
    skipped: &mut Vec<(String, String)>,
    depth: usize,
) -> std::io::Result<()> {
    if depth > 16 {
        return Ok(());
    }
    let rel = |p: &Path| {
        p.strip_prefix(root)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        // The folder itself must be readable; a sub-folder that is not is reported.
        Err(e) if dir == root => return Err(e),
        Err(e) => {
            skipped.push((
                format!("{}/", rel(dir)),
                format!("cannot read this folder: {e}"),
            ));
            return Ok(());
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                skipped.push((
                    format!("{}/", rel(dir)),
                    format!("cannot list this folder: {e}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        let name = entry.file_name();
        let hidden = name.to_string_lossy().starts_with('.');
        let Ok(ty) = entry.file_type() else {
            continue;
        };
        if ty.is_dir() && !hidden {
            collect_yaml(root, &path, out, skipped, depth + 1)?;
        } else if !hidden
            && path.extension().is_some_and(|e| e == "yaml" || e == "yml")
            && let Ok(rel) = path.strip_prefix(root)
        {
            out.push(rel.to_path_buf());
        }
    }
    Ok(())
}

/// One parsed content file, with what is needed to point into it.
#[derive(Debug, Clone)]
pub struct LoadedFile<'a> {
    /// The path shown in diagnostics.
    pub path: String,
    pub source: SourceText<'a>,
    /// The line span of each node of this file, in order.
    pub spans: Vec<Span>,
}

/// Where a node was defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    pub file: usize,
    pub span: Span,
}

/// The result of parsing every file: the nodes in file order, where each came from, and the
/// syntax and type errors met.
#[derive(Debug, Clone, Default)]
pub struct Parsed<'a> {
    pub meta: Option<(GuideMeta, usize)>,
    pub nodes: Vec<(Node, Origin)>,
    /// The glossary rules of every file, with the index of the file each came from.
    pub glossary: Vec<(GlossaryEntry, usize)>,
    /// The synonym groups of every file, for search.
    pub synonyms: Vec<super::model::Synonyms>,
    pub files: Vec<LoadedFile<'a>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses every file. Files that fail to parse contribute a diagnostic and no nodes.
pub fn parse(sources: &Sources) -> Parsed<'_> {
    let mut parsed = Parsed::default();
    for (name, why) in &sources.unreadable {
        parsed.diagnostics.push(Diagnostic::error(
            Position::new(sources.display_path(name), 1, 1),
            format!("cannot read this file: {why}"),
        ));
    }
    for (name, why) in &sources.skipped {
        parsed.diagnostics.push(Diagnostic::warning(
            Position::new(sources.display_path(name), 1, 1),
            format!("left out: {why}"),
        ));
    }
    // Reading and parsing each file is independent: spread the files over the cores.
    let total: usize = sources.files.iter().map(|(_, t)| t.len()).sum();
    // Each file's text is read where it is (the parsed files point into `sources`).
    let files: Vec<&(String, String)> = sources.files.iter().collect();
    let results = crate::par::map(&files, total > 1 << 20, |file| {
        let (name, text) = *file;
        let source = SourceText::new(text);
        let result = parse_embedded(name, text)
            .map(|r| r.map_err(Refused::Yaml))
            .unwrap_or_else(|| parse_bounded(text))
            .map(|mut content| {
                let ids: Vec<&str> = content.nodes.iter().map(|n| n.id.as_str()).collect();
                let spans = source.node_spans(&ids);
                for node in &mut content.nodes {
                    for t in node.texts_mut() {
                        t.normalise_cjk_spacing();
                    }
                }
                (content, spans)
            })
            .map_err(|e| match e {
                Refused::Yaml(e) => {
                    let (line, col) = e
                        .location()
                        .map(|l| (l.line(), l.column()))
                        .unwrap_or((1, 1));
                    let message = yaml_message(&e, text);
                    let syntax = syntax_error(&e);
                    // Where the parser stopped, if that is not where the mistake is.
                    let noticed = |at: usize, at_col: usize| {
                        if (at, at_col) == (line, col) {
                            format!(" ({message})")
                        } else {
                            format!(
                                " (the YAML parser noticed only at line {line}, column {col}: {message})"
                            )
                        }
                    };
                    let misplaced = super::items::misaligned_dash(text, line).or_else(|| {
                        (!syntax)
                            .then(|| super::items::dedented_key(text, line, col))
                            .flatten()
                    });
                    if let Some(m) = misplaced {
                        let note = noticed(m.line, m.col);
                        return (m.line, m.col, format!("{}{note}", m.message));
                    }
                    match syntax
                        .then(|| super::quotes::unclosed_before(text, line))
                        .flatten()
                    {
                        // The parser complains where the run-on quoted text stops making
                        // sense; the mistake is the quote left open above.
                        Some((at, at_col, quote)) => (
                            at,
                            at_col,
                            format!(
                                "this quoted value is not closed on its line: add the closing {quote} \
                                 (the YAML parser read on to line {line} and stopped there: {message})"
                            ),
                        ),
                        None => match syntax
                            .then(|| super::indent::misindented_near(text, line, 2))
                            .flatten()
                        {
                            // A key indented out of line reads as more text of the value
                            // above it; the parser complains a line later.
                            Some((at, at_col)) if (at, at_col) != (line, col) => (
                                at,
                                at_col,
                                format!(
                                    "this key is not indented like the keys beside it: align it with \
                                     them (the YAML parser noticed only at line {line}, column {col}: \
                                     {message})"
                                ),
                            ),
                            _ => (line, col, message),
                        },
                    }
                }
                Refused::Limit(line, col, message) => (line, col, message),
            });
        (source, result)
    });
    let nodes = results
        .iter()
        .map(|(_, r)| r.as_ref().map_or(0, |(c, _)| c.nodes.len()));
    parsed.nodes.reserve_exact(nodes.sum());
    for ((name, _), (source, result)) in sources.files.iter().zip(results) {
        let path = sources.display_path(name);
        let file_index = parsed.files.len();
        match result {
            Ok((content, spans)) => {
                if let Some(meta) = content.guide {
                    if let Some((_, first)) = &parsed.meta {
                        let first_path = parsed.files[*first].path.clone();
                        let (line, col) = source.key(whole(&source), "guide").unwrap_or((1, 1));
                        parsed.diagnostics.push(Diagnostic::error(
                            Position::new(&path, line, col),
                            format!("a second `guide` section; the guide's settings are already in {first_path}"),
                        ));
                    } else {
                        parsed.meta = Some((meta, file_index));
                    }
                }
                parsed
                    .glossary
                    .extend(content.glossary.into_iter().map(|g| (g, file_index)));
                parsed.synonyms.extend(content.synonyms);
                for (node, span) in content.nodes.into_iter().zip(spans.iter().copied()) {
                    parsed.nodes.push((
                        node,
                        Origin {
                            file: file_index,
                            span,
                        },
                    ));
                }
                parsed.files.push(LoadedFile {
                    path,
                    source,
                    spans,
                });
            }
            Err((line, col, message)) => {
                parsed
                    .diagnostics
                    .push(Diagnostic::error(Position::new(&path, line, col), message));
                parsed.files.push(LoadedFile {
                    path,
                    source,
                    spans: Vec::new(),
                });
            }
        }
    }
    parsed
}

fn whole(source: &SourceText<'_>) -> Span {
    Span {
        start: 0,
        end: source.line_count(),
    }
}

/// The JSON copy made at build time, when `text` is exactly the embedded file `name`.
fn parse_embedded(name: &str, text: &str) -> Option<Result<ContentFile, serde_yaml::Error>> {
    let (_, _, json) = EMBEDDED
        .iter()
        .find(|(n, yaml, json)| *n == name && *yaml == text && !json.is_empty())?;
    serde_json::from_str(json).ok().map(Ok)
}

/// Node `id` of the embedded file `name`, as loading the whole guide gives it, read from that
/// file alone.
pub fn embedded_node(name: &str, id: &str) -> Option<Node> {
    let (_, _, json) = EMBEDDED
        .iter()
        .find(|(n, _, json)| *n == name && !json.is_empty())?;
    let content: ContentFile = serde_json::from_str(json).ok()?;
    let mut node = content.nodes.into_iter().find(|n| n.id == id)?;
    for t in node.texts_mut() {
        t.normalise_cjk_spacing();
    }
    Some(node)
}

/// Why a file was not parsed: a YAML error, or a limit (line, column, message) found before
/// parsing.
enum Refused {
    Yaml(serde_yaml::Error),
    Limit(usize, usize, String),
}

/// Parses one content file once it is known to stay within the nesting and alias limits.
fn parse_bounded(text: &str) -> Result<ContentFile, Refused> {
    if let Some((line, col, message)) = super::limits::exceeded(text) {
        return Err(Refused::Limit(line, col, message));
    }
    parse_file(text).map_err(Refused::Yaml)
}

/// Parses one content file.
pub fn parse_file(text: &str) -> Result<ContentFile, serde_yaml::Error> {
    if text.trim().is_empty() || only_comments(text) {
        return Ok(ContentFile::default());
    }
    serde_yaml::from_str(text)
}

fn only_comments(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#') || l == "---")
}

/// The YAML library's message, reworded for authors: the position is printed in front already,
/// so the trailing " at line L column C" goes; a `nodes[N]` path names the node by its id; an
/// unknown field gets a "did you mean".
fn yaml_message(e: &serde_yaml::Error, text: &str) -> String {
    let msg = strip_positions(&e.to_string());
    let (path, detail) = match msg.split_once(": ") {
        Some((p, d)) if p.starts_with("nodes[") || p.starts_with("guide") => (Some(p), d),
        _ => (None, msg.as_str()),
    };
    let mut detail = detail
        .replace(
            "expected struct ContentFile",
            "expected a mapping with `guide` and/or `nodes`",
        )
        // A localised text is a sorted vector; its deserialiser names itself.
        .replace("expected a map produced by LiteMap", "expected a map")
        .replace(
            "expected struct Node",
            "expected a node (a mapping with `id`, `kind` and `title`)",
        );
    for name in [
        "GuideMeta",
        "Choice",
        "Link",
        "FollowUp",
        "Signatures",
        "Source",
        "GlossaryEntry",
    ] {
        detail = detail.replace(&format!("expected struct {name}"), "expected a mapping");
    }
    if let Some(rest) = detail.strip_prefix("unknown field `")
        && let Some((field, expected)) = rest.split_once("`, expected one of ")
    {
        let options: Vec<&str> = expected.split(", ").map(|o| o.trim_matches('`')).collect();
        if let Some(best) = super::closest(field, options.iter().copied(), 1).first() {
            detail.push_str(&format!("; did you mean `{best}`?"));
        }
    }
    if detail.contains("expected a map") && path.is_some_and(|p| !p.ends_with(']')) {
        detail.push_str(" (localised text is a map such as `en: …` and `zh-CN: …`)");
    }
    match path {
        Some(p) => match node_of_path(p, text) {
            Some((id, field)) if field.is_empty() => format!("node `{id}`: {detail}"),
            Some((id, field)) => format!("node `{id}`, `{field}`: {detail}"),
            None => format!("`{p}`: {detail}"),
        },
        None => detail,
    }
}

/// Whether the YAML library refused the text itself (a scanner or parser error), not a value
/// of the wrong type or a missing field.
fn syntax_error(e: &serde_yaml::Error) -> bool {
    let msg = e.to_string();
    msg.contains("while parsing")
        || msg.contains("while scanning")
        || msg.contains("did not find expected")
        || msg.contains("mapping values are not allowed")
}

/// Removes every " at line L column C" from a message.
fn strip_positions(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let n = digits(after);
        match after[n..].strip_prefix(" column ") {
            Some(col) if n > 0 => rest = &col[digits(col)..],
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// For a path such as `nodes[3].choices[0].next`, the id of node 3 (read leniently from the
/// same text) and the rest of the path.
fn node_of_path(path: &str, text: &str) -> Option<(String, String)> {
    let rest = path.strip_prefix("nodes[")?;
    let (index, field) = rest.split_once(']')?;
    let index: usize = index.parse().ok()?;
    let value: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    let id = value
        .get("nodes")?
        .get(index)?
        .get("id")?
        .as_str()?
        .to_owned();
    Some((id, field.trim_start_matches('.').to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file whose JSON copy does not load is parsed as YAML at every start: a YAML number
    /// (`codes: [601]`, `0x80072560`) becomes a JSON number where the content wants text.
    #[test]
    fn every_embedded_file_loads_from_its_json_copy() {
        for (name, yaml, _) in EMBEDDED {
            if only_comments(yaml) {
                continue;
            }
            assert!(
                parse_embedded(name, yaml).is_some(),
                "content/{name}: its JSON copy does not load (quote numbers meant as text)"
            );
        }
    }
}
