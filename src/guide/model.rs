//! The content model: what a content file holds, as read from YAML.
//!
//! Every content file has the same shape (`ContentFile`): `guide.yaml` carries the `guide`
//! section, topic files carry only `nodes`. The JSON Schema in `content/schema.json` is generated
//! from these types (`leadwiz schema`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Lang;

/// One YAML file under `content/`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "leadwiz content file")]
pub struct ContentFile {
    /// The guide's settings. Exactly one file (`guide.yaml`) has this section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide: Option<GuideMeta>,
    /// The nodes of the decision tree defined in this file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<Node>,
    /// Terms to write and terms to avoid, per language; `leadwiz check` warns where a text
    /// uses an avoided term (the exact error messages are exempt: they are quoted verbatim).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub glossary: Vec<GlossaryEntry>,
    /// Words that mean the same to someone searching, per language.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub synonyms: Vec<Synonyms>,
}

/// Words that mean the same to someone searching, in one language: a search for any of them
/// also finds the others (a word may be several: `virtual machine`).
///
/// ```yaml
/// synonyms:
///   - lang: en
///     words: [VM, virtual machine]
///   - lang: zh-CN
///     words: [潜在顾客, 潜在客户, lead]
/// ```
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Synonyms {
    /// The language the words are in (one of the guide's `languages`).
    pub lang: String,
    /// Two or more words or phrases that mean the same.
    pub words: Vec<String>,
}

/// One rule of the glossary: in `lang`, write `preferred`, never any of `rejected`.
///
/// ```yaml
/// glossary:
///   - lang: zh-CN
///     preferred: 潜在顾客
///     rejected: [客户潜在客户]
///     why: Partner Center's "Customer leads" section is 潜在顾客 in the Chinese portal
/// ```
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    /// The language the rule applies to (one of the guide's `languages`).
    pub lang: String,
    /// The term to write.
    pub preferred: String,
    /// Terms that must not appear in texts of that language.
    pub rejected: Vec<String>,
    /// Why, for the author who meets the warning (for example the portal label it follows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// A document a node's facts were checked against.
///
/// ```yaml
/// sources:
///   - title: Add OAuth authentication for HTTP request triggers
///     url: https://learn.microsoft.com/power-automate/oauth-authentication
///     seen: 2026-12-02
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The document's own title (as it names itself, usually in English).
    pub title: String,
    /// An absolute `https://` URL of the document (a page, or a file of a public repository).
    pub url: String,
    /// The date (`YYYY-MM-DD`) the document was last read for this node.
    pub seen: String,
}

/// Settings of the whole guide.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GuideMeta {
    /// The guide's title, shown in headers and exports.
    pub title: Text,
    /// The content version, recorded in transcripts (for example `2026.11.1`).
    pub version: String,
    /// The languages the content is written in. `en` must be one of them: it is the fallback.
    pub languages: Vec<String>,
    /// The id of the first node (the root of the decision tree).
    pub start: String,
    /// The node shown when the user answers "yes" to "Did this fix it?".
    pub success: String,
    /// The node shown when the user answers "no" and the answer names nothing else to try.
    pub escalation: String,
    /// Links shown wherever the user may need more help.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub support_links: Vec<Link>,
}

impl GuideMeta {
    /// The language after `current` in the guide's list (wrapping round), for the key that
    /// switches language.
    pub fn next_language(&self, current: Lang) -> Lang {
        let mine: Vec<Lang> = self
            .languages
            .iter()
            .filter_map(|t| Lang::from_tag(t))
            .collect();
        let at = mine.iter().position(|l| *l == current);
        match at {
            Some(at) => mine[(at + 1) % mine.len()],
            None => mine.first().copied().unwrap_or_default(),
        }
    }
}

/// A user-visible string in several languages: a map from language tag to text.
///
/// ```yaml
/// title:
///   en: Tenant not found
///   zh-CN: 找不到租户
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct Text(#[schemars(with = "LocalizedText")] pub ByLang<String>);

/// Values by language tag, in the order of the tags: a sorted vector, as most texts have one or
/// two languages (a `BTreeMap` would allocate a node for eleven, and a large guide's load spent
/// a good part of its time and memory on them).
pub type ByLang<V> = litemap::LiteMap<String, V>;

/// The schema of a localised string (kept apart so editors complete `en` and `zh-CN`).
#[derive(JsonSchema)]
#[allow(dead_code)]
#[schemars(extend("additionalProperties" = {"type": "string"}))]
struct LocalizedText {
    /// English (the fallback for every other language).
    en: String,
    /// Simplified Chinese.
    #[serde(rename = "zh-CN")]
    zh_cn: Option<String>,
}

impl Text {
    /// The text in `lang`, falling back to English, then to any language present.
    pub fn get(&self, lang: impl Into<Lang>) -> &str {
        self.get_tag(lang.into().tag())
    }

    /// The text under the language tag `tag` (a tag the content declares, which need not be an
    /// interface language), falling back as `get` does.
    pub fn get_tag(&self, tag: &str) -> &str {
        self.0
            .get(tag)
            .or_else(|| self.0.get("en"))
            .or_else(|| self.0.values().next())
            .map(String::as_str)
            .unwrap_or("")
    }

    /// Removes the spaces that YAML line folding leaves between two Chinese characters (as CSS
    /// does with segment breaks between East Asian wide characters): a space between two
    /// ideographs or full-width punctuation marks is never intended.
    pub fn normalise_cjk_spacing(&mut self) {
        for (_, value) in self.0.iter_mut() {
            if let Some(joined) = super::cjk::without_folding_spaces(value) {
                *value = joined;
            }
        }
    }

    /// Whether the text exists in `lang` itself (no fallback).
    pub fn has(&self, lang: &str) -> bool {
        self.0.get(lang).is_some_and(|s| !s.trim().is_empty())
    }
}

/// What a node is, which decides how it is shown and what it must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A prompt with choices, each leading to another node.
    Question,
    /// A remediation: summary, body, steps, links and a "did this fix it?" follow-up.
    Answer,
    /// A remediation for one documented error message, with the signatures `diagnose` matches.
    KnownError,
    /// A closing screen (for example "glad it works").
    End,
}

impl NodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Question => "question",
            NodeKind::Answer => "answer",
            NodeKind::KnownError => "known_error",
            NodeKind::End => "end",
        }
    }

    /// Answers, known errors and ends close a path: they are remediations.
    pub fn is_terminal(self) -> bool {
        !matches!(self, NodeKind::Question)
    }
}

/// One node of the decision tree. Which fields apply depends on `kind`; `leadwiz check` reports
/// fields that are missing or out of place.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Stable kebab-case id. Ids are public (deep links, transcripts): never rename one.
    pub id: String,
    /// What the node is.
    pub kind: NodeKind,
    /// Short title, used in lists, breadcrumbs and search.
    pub title: Text,
    /// One-line summary of the remediation (answers and known errors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Text>,
    /// The question asked (questions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<Text>,
    /// Explanatory text. Paragraphs are separated by a blank line; `code` is in backticks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Text>,
    /// Where the source documentation is outdated or wrong: what is true, and the difference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// The choices of a question, in the order shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// Numbered remediation steps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Text>,
    /// Links to documentation or portals.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Ids of related nodes the user can jump to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    /// The "Did this fix it?" follow-up; defaults to the guide's `success` and `escalation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUp>,
    /// The exact error message (known errors), quoted as the product shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Text>,
    /// What identifies this error in pasted text (known errors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signatures: Option<Signatures>,
    /// Example messages as users paste them; each must diagnose to this node (known errors).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
    /// Offer "Test my destination" here: a live check of the user's destination over the
    /// network (`any` lets the user pick which).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live_check: Option<LiveCheck>,
    /// The documents this node's facts come from. `leadwiz check` warns when there is none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// The date (`YYYY-MM-DD`) the node was last checked against its sources. `leadwiz check`
    /// warns when there is none or it is older than a year (`--max-review-age DAYS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<String>,
}

/// Which destination a live check tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LiveCheck {
    /// Let the user choose.
    Any,
    /// Send a test lead to an HTTPS endpoint.
    Https,
    /// Insert and read back a test lead in an Azure table.
    AzureTable,
    /// Validate a Dynamics 365 connection (an Entra ID application or an Office 365 user).
    Dynamics,
    /// Validate a Salesforce web-to-lead Organization ID.
    Salesforce,
    /// Validate a Marketo Munchkin ID, form and API user.
    Marketo,
}

impl Node {
    /// Every localised string of the node, for normalisation after loading.
    pub fn texts_mut(&mut self) -> Vec<&mut Text> {
        let mut out: Vec<&mut Text> = vec![&mut self.title];
        for t in [
            &mut self.summary,
            &mut self.prompt,
            &mut self.body,
            &mut self.note,
            &mut self.error,
        ]
        .into_iter()
        .flatten()
        {
            out.push(t);
        }
        out.extend(self.steps.iter_mut());
        for c in &mut self.choices {
            out.push(&mut c.label);
            if let Some(h) = &mut c.hint {
                out.push(h);
            }
        }
        out.extend(self.links.iter_mut().map(|l| &mut l.title));
        out
    }
}

/// One choice of a question.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The text of the choice.
    pub label: Text,
    /// The id of the node this choice leads to.
    pub next: String,
    /// An optional one-line hint shown under the choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
}

/// A link to a page outside leadwiz.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// What the page is.
    pub title: Text,
    /// An absolute `https://` URL.
    pub url: String,
}

/// The "Did this fix it?" follow-up of a remediation.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// Whether to ask at all (`false` on the escalation node itself).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub ask: bool,
    /// Where "yes" leads (default: the guide's `success` node).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<String>,
    /// Where "no" leads: the next thing to try (default: the guide's `escalation` node).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_fixed: Option<String>,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// What identifies a known error in pasted text.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signatures {
    /// Error codes that point at this error (for example Microsoft Entra ID `AADSTS90002`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<String>,
    /// Distinctive phrases, per language, that point at this error.
    #[serde(default, skip_serializing_if = "ByLang::is_empty")]
    #[schemars(with = "BTreeMap<String, Vec<String>>")]
    pub phrases: ByLang<Vec<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Text {
        Text([("zh-CN".to_owned(), s.to_owned())].into_iter().collect())
    }

    #[test]
    fn folded_chinese_lines_join_without_a_space() {
        let mut t =
            text("期间发送失败的潜在客户 也不会重新发送。“推荐” 工作区 Azure 表 leadwiz 会");
        t.normalise_cjk_spacing();
        assert_eq!(
            t.get(Lang::ZhCn),
            "期间发送失败的潜在客户也不会重新发送。“推荐”工作区 Azure 表 leadwiz 会"
        );
    }

    #[test]
    fn english_is_untouched() {
        let mut t = Text(
            [("en".to_owned(), "a “quoted” word".to_owned())]
                .into_iter()
                .collect(),
        );
        t.normalise_cjk_spacing();
        assert_eq!(t.get(Lang::En), "a “quoted” word");
    }

    /// Languages in any order, written twice or not at all read as a map would: sorted, the
    /// last value of a language kept, and `get` falling back to English, then the first.
    #[test]
    fn texts_read_as_maps() {
        let t: Text = serde_yaml::from_str("{zh-CN: 二, en: one, de: eins, en: two}").unwrap();
        let tags: Vec<&str> = t.0.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(tags, ["de", "en", "zh-CN"]);
        assert_eq!(t.get(Lang::En), "two");
        assert_eq!(t.get(Lang::ZhCn), "二");
        assert_eq!(t.get_tag("fr"), "two");
        let only: Text = serde_yaml::from_str("{fr: un, de: eins}").unwrap();
        assert_eq!(only.get(Lang::En), "eins");
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"de":"eins","en":"two","zh-CN":"二"}"#
        );
    }
}
