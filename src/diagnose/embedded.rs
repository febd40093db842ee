//! The matcher of the content compiled into the binary, read from the index the build made
//! (build.rs): `leadwiz diagnose` on the built-in content neither parses the content nor
//! analyses its patterns at start, and reads only the file of the error it prints.

use super::Matcher;
use super::blob::Reader;
use super::index::Index;
use crate::guide::model::ByLang;
use crate::guide::{Node, Text};

static BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/embedded-index.bin"));

/// The built-in content as far as diagnosing a paste needs it.
#[derive(Debug, Clone)]
pub struct Embedded {
    pub matcher: Matcher,
    /// The guide's languages.
    pub languages: Vec<String>,
    /// The content file of each known error, in the matcher's order.
    files: Vec<String>,
}

impl Embedded {
    /// The built-in content's matcher, or `None` when the build could not prepare it (content
    /// that does not parse: loading the guide then says why).
    pub fn load() -> Option<Self> {
        decode(BYTES)
    }

    /// Known error `id` as the guide has it, read from its own file only.
    pub fn node(&self, id: &str) -> Option<Node> {
        let at = self.matcher.index.ids.iter().position(|i| i == id)?;
        crate::guide::load::embedded_node(&self.files[at], id)
    }
}

fn decode(bytes: &[u8]) -> Option<Embedded> {
    let mut r = Reader::new(bytes);
    let languages = r.strings()?;
    let index = Index::decode(&mut r)?;
    let mut titles = Vec::with_capacity(index.ids.len());
    let mut files = Vec::with_capacity(index.ids.len());
    for _ in 0..index.ids.len() {
        let mut title = ByLang::new();
        for _ in 0..r.count()? {
            let lang = r.str()?.to_owned();
            title.insert(lang, r.str()?.to_owned());
        }
        titles.push(Text(title));
        files.push(r.str()?.to_owned());
    }
    r.is_at_end().then_some(Embedded {
        matcher: Matcher { index, titles },
        languages,
        files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::{Guide, NodeKind, Sources};

    #[test]
    fn the_index_built_at_compile_time_is_the_one_built_at_run_time() {
        let e = Embedded::load().expect("the build prepared the index");
        let guide = Guide::load(&Sources::embedded()).guide.expect("loads");
        let run_time = Matcher::new(&guide);
        assert!(run_time.len() > 40, "the built-in known errors");
        assert_eq!(e.matcher.index, run_time.index);
        assert_eq!(e.matcher.titles, run_time.titles);
        assert_eq!(e.languages, guide.meta.languages);
    }

    #[test]
    fn each_known_error_is_read_from_its_own_file_as_the_guide_has_it() {
        let e = Embedded::load().expect("the build prepared the index");
        let guide = Guide::load(&Sources::embedded()).guide.expect("loads");
        let known = guide
            .nodes()
            .iter()
            .filter(|n| n.kind == NodeKind::KnownError);
        for node in known {
            let alone = e.node(&node.id).expect("found in its file");
            assert_eq!(
                serde_json::to_value(&alone).unwrap(),
                serde_json::to_value(node).unwrap(),
                "{}",
                node.id
            );
        }
        assert!(e.node("no-such-error").is_none());
    }

    #[test]
    fn damaged_bytes_are_refused_not_read() {
        assert!(decode(&[]).is_none());
        assert!(decode(&BYTES[..BYTES.len() - 1]).is_none());
        let mut longer = BYTES.to_vec();
        longer.push(0);
        assert!(decode(&longer).is_none());
    }
}
