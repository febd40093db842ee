//! Embeds every YAML file under `content/` into the binary, with a JSON copy of each file that
//! parses (JSON loads several times faster; a file that does not parse is left to the loader,
//! which reports the error with its position), and the matcher's index of the known errors
//! built with the program's own code (`embedded-index.bin`, read by src/diagnose/embedded.rs).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

#[path = "src/diagnose/normalise/mod.rs"]
#[allow(dead_code, unused_imports)]
mod normalise;
// `normalise` cleans text with `crate::unify`: the same module here.
#[path = "src/unify.rs"]
mod unify;
// The index of the known errors, and the binary form the program reads it back from.
#[path = "src/diagnose/blob.rs"]
#[allow(dead_code)]
mod blob;
#[path = "src/guide/cjk.rs"]
mod cjk;
#[path = "src/diagnose/index.rs"]
#[allow(dead_code)]
mod index;
#[path = "src/par.rs"]
#[allow(dead_code)]
mod par;
#[path = "src/diagnose/vocab.rs"]
mod vocab;

/// What the index needs of a content file (the loader's own types are in the crate).
#[derive(serde::Deserialize)]
struct File {
    #[serde(default)]
    guide: Option<Meta>,
    #[serde(default)]
    nodes: Vec<RawNode>,
}

#[derive(serde::Deserialize)]
struct Meta {
    languages: Vec<String>,
}

#[derive(serde::Deserialize)]
struct RawNode {
    id: String,
    kind: String,
    #[serde(default)]
    title: BTreeMap<String, String>,
    #[serde(default)]
    error: Option<BTreeMap<String, String>>,
    #[serde(default)]
    signatures: Option<RawSignatures>,
    #[serde(default)]
    examples: Vec<String>,
}

#[derive(serde::Deserialize)]
struct RawSignatures {
    #[serde(default)]
    codes: Vec<String>,
    #[serde(default)]
    phrases: BTreeMap<String, Vec<String>>,
}

/// Text as the loader leaves it: without the spaces folding left between Chinese characters.
fn joined(text: &str) -> String {
    cjk::without_folding_spaces(text).unwrap_or_else(|| text.to_owned())
}

/// The matcher's index of the known errors of `files` (name, parsed), with the guide's
/// languages, each error's title and the file it is in; `None` when a file does not parse
/// (the loader reports it, and the program builds its index at run time).
fn embedded_index(files: &[(String, String)]) -> Option<Vec<u8>> {
    let mut order: Vec<&(String, String)> = files.iter().collect();
    // The loader's order: guide.yaml first, then by name.
    order.sort_by(|a, b| (a.0 != "guide.yaml", &a.0).cmp(&(b.0 != "guide.yaml", &b.0)));
    let mut languages = None;
    let mut errors = Vec::new();
    let mut extras = Vec::new();
    for (name, text) in order {
        // A file of comments only holds nothing.
        if serde_yaml::from_str::<serde_yaml::Value>(text)
            .ok()?
            .is_null()
        {
            continue;
        }
        let file: File = serde_yaml::from_str(text).ok()?;
        if let Some(meta) = file.guide {
            languages = Some(meta.languages);
        }
        for node in file.nodes.into_iter().filter(|n| n.kind == "known_error") {
            let mut texts = Vec::new();
            for message in node.error.iter().flat_map(|e| e.values()) {
                texts.push((index::PatternKind::Message, joined(message)));
            }
            let (codes, phrases) = match node.signatures {
                Some(s) => (s.codes, s.phrases),
                None => Default::default(),
            };
            for phrase in phrases.values().flatten() {
                texts.push((index::PatternKind::Phrase, phrase.clone()));
            }
            for example in node.examples {
                texts.push((index::PatternKind::Example, example));
            }
            let title: Vec<(String, String)> = node
                .title
                .iter()
                .map(|(l, t)| (l.clone(), joined(t)))
                .collect();
            extras.push((title, name.clone()));
            errors.push(index::KnownError {
                id: node.id,
                codes,
                texts,
            });
        }
    }
    let tokens = |text: &str, f: &mut dyn FnMut(&str, bool)| {
        normalise::for_each_word(&normalise::prepare(text), f)
    };
    let identifiers = |text: &str| normalise::identifiers(text);
    let ix = index::Index::build(
        &errors,
        &index::Analyser {
            tokens: &tokens,
            stem: &normalise::stem_of,
            identifiers: &identifiers,
        },
    );
    let mut w = blob::Writer::default();
    w.strings(&languages?);
    ix.encode(&mut w);
    for (title, file) in extras {
        w.count(title.len());
        for (lang, text) in title {
            w.str(&lang);
            w.str(&text);
        }
        w.str(&file);
    }
    Some(w.bytes)
}

/// Every string under the keys that hold a known error's patterns.
fn pattern_texts(value: &serde_yaml::Value, under: bool, out: &mut Vec<String>) {
    match value {
        serde_yaml::Value::String(s) if under => out.push(s.clone()),
        serde_yaml::Value::Sequence(items) => {
            for v in items {
                pattern_texts(v, under, out);
            }
        }
        serde_yaml::Value::Mapping(map) => {
            for (k, v) in map {
                let key = k.as_str().unwrap_or("");
                let is_pattern = matches!(key, "error" | "phrases" | "examples");
                pattern_texts(v, under || is_pattern, out);
            }
        }
        serde_yaml::Value::Tagged(t) => pattern_texts(&t.value, under, out),
        _ => {}
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

fn to_json(yaml: &str) -> Option<String> {
    let value: serde_yaml::Value = serde_yaml::from_str(yaml).ok()?;
    serde_json::to_string(&value).ok()
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let content = root.join("content");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    println!("cargo:rerun-if-changed=content");
    let mut files = Vec::new();
    collect(&content, &mut files);
    files.sort();
    let mut texts = Vec::new();
    let mut parsed = Vec::new();
    for path in &files {
        let text = fs::read_to_string(path).unwrap_or_default();
        if let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(&text) {
            pattern_texts(&value, false, &mut texts);
        }
        let rel = path.strip_prefix(&content).expect("under content/");
        parsed.push((rel.to_string_lossy().replace('\\', "/"), text));
    }
    // An empty file when the content does not parse: the program then builds its index.
    let index = embedded_index(&parsed).unwrap_or_default();
    fs::write(out.join("embedded-index.bin"), index).expect("write embedded-index.bin");
    println!("cargo:rerun-if-changed=src/diagnose/index.rs");
    println!("cargo:rerun-if-changed=src/diagnose/blob.rs");
    println!("cargo:rerun-if-changed=src/guide/cjk.rs");
    println!("cargo:rerun-if-changed=src/par.rs");
    let mut tokens: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut identifiers: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    for text in &texts {
        tokens.insert(text, normalise::tokens(&normalise::prepare(text)));
        identifiers.insert(text, normalise::identifiers(text));
    }
    let pre = serde_json::json!({"tokens": tokens, "identifiers": identifiers});
    fs::write(out.join("pretokenized.json"), pre.to_string()).expect("write pretokenized.json");
    println!("cargo:rerun-if-changed=src/diagnose/normalise");
    println!("cargo:rerun-if-changed=src/unify.rs");
    let mut code = String::from(
        "/// The content files compiled into the binary: (name, YAML text, JSON of the same or \"\").\npub static EMBEDDED: &[(&str, &str, &str)] = &[\n",
    );
    for (i, path) in files.iter().enumerate() {
        let rel = path
            .strip_prefix(&content)
            .expect("under content/")
            .to_string_lossy()
            .replace('\\', "/");
        let yaml = fs::read_to_string(path).unwrap_or_default();
        let json_path = out.join(format!("content-{i}.json"));
        fs::write(&json_path, to_json(&yaml).unwrap_or_default()).expect("write JSON copy");
        code.push_str(&format!(
            "    ({rel:?}, include_str!({:?}), include_str!({:?})),\n",
            path.display().to_string(),
            json_path.display().to_string()
        ));
    }
    code.push_str("];\n");
    fs::write(out.join("embedded_content.rs"), code).expect("write embedded_content.rs");
}
