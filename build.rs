//! Embeds every YAML file under `content/` into the binary, with a JSON copy of each file that
//! parses (JSON loads several times faster; a file that does not parse is left to the loader,
//! which reports the error with its position).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

#[path = "src/diagnose/normalise.rs"]
#[allow(dead_code)]
mod normalise;
// `normalise` cleans text with `crate::unify`: the same module here.
#[path = "src/unify.rs"]
mod unify;

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
    for path in &files {
        if let Ok(value) =
            serde_yaml::from_str::<serde_yaml::Value>(&fs::read_to_string(path).unwrap_or_default())
        {
            pattern_texts(&value, false, &mut texts);
        }
    }
    let mut tokens: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut identifiers: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    for text in &texts {
        tokens.insert(text, normalise::tokens(&normalise::prepare(text)));
        identifiers.insert(text, normalise::identifiers(text));
    }
    let pre = serde_json::json!({"tokens": tokens, "identifiers": identifiers});
    fs::write(out.join("pretokenized.json"), pre.to_string()).expect("write pretokenized.json");
    println!("cargo:rerun-if-changed=src/diagnose/normalise.rs");
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
