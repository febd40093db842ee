//! The interface languages leadwiz speaks: one typed value instead of language tags compared as
//! strings. Content text is keyed by the tag (`Lang::tag`); everything leadwiz itself says picks
//! its wording with `Lang::pick`.

use std::fmt;

/// A language leadwiz can show its interface in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Lang {
    /// English, the fallback for everything.
    #[default]
    En,
    /// Simplified Chinese (`zh-CN`).
    ZhCn,
}

impl Lang {
    /// Every interface language, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// The language tag content text is keyed by (`en`, `zh-CN`).
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// The language with exactly this tag (compared without regard to case).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(tag))
    }

    /// The English or the Chinese of something leadwiz says, whichever this language is.
    pub fn pick<T>(self, en: T, zh: T) -> T {
        match self {
            Lang::En => en,
            Lang::ZhCn => zh,
        }
    }

    /// A colon in this language's typography (full-width in Chinese).
    pub fn colon(self) -> &'static str {
        self.pick(": ", "：")
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// Written as its tag (`"zh-CN"`), as transcripts and JSON exports have always shown it.
impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.tag())
    }
}

/// For callers that still hold a tag: an unknown tag reads as English, the fallback.
impl From<&str> for Lang {
    fn from(tag: &str) -> Lang {
        Lang::from_tag(tag).unwrap_or_default()
    }
}

impl From<&String> for Lang {
    fn from(tag: &String) -> Lang {
        Lang::from(tag.as_str())
    }
}

impl From<&Lang> for Lang {
    fn from(lang: &Lang) -> Lang {
        *lang
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_unknown_tags_fall_back_to_english() {
        for l in Lang::ALL {
            assert_eq!(Lang::from_tag(l.tag()), Some(l));
            assert_eq!(Lang::from(l.tag()), l);
        }
        assert_eq!(Lang::from_tag("zh-cn"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_tag("de"), None);
        assert_eq!(Lang::from("de"), Lang::En);
        assert_eq!(Lang::ZhCn.pick("a", "b"), "b");
        assert_eq!(Lang::En.pick("a", "b"), "a");
        assert_eq!(Lang::ZhCn.to_string(), "zh-CN");
    }
}
