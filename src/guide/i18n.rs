//! Languages: which one to use, and the strings leadwiz itself shows around the content.

pub use super::lang::Lang;

/// Picks the language: `--lang` first, else `LC_ALL`, `LC_MESSAGES`, `LANG` (the first that is
/// set and not empty), else English. The result is always one of `available`.
pub fn pick(
    flag: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
    available: &[String],
) -> Lang {
    let from_env = || {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(&env)
            .find(|v| !v.trim().is_empty())
    };
    let wanted = flag.map(str::to_owned).or_else(from_env);
    wanted
        .and_then(|w| normalise(&w, available))
        .unwrap_or_default()
}

/// Maps a `--lang` value or a locale (`zh_CN.UTF-8`, `zh-cn`, `en_US`, `C`) to one of
/// `available` that leadwiz can show its interface in, or `None` when none fits.
pub fn normalise(wanted: &str, available: &[String]) -> Option<Lang> {
    normalise_tag(wanted, available).and_then(|tag| Lang::from_tag(&tag))
}

fn normalise_tag(wanted: &str, available: &[String]) -> Option<String> {
    let base = wanted
        .split(['.', '@'])
        .next()
        .unwrap_or("")
        .replace('_', "-");
    if base.is_empty() || base == "C" || base == "POSIX" {
        return None;
    }
    if let Some(exact) = available.iter().find(|a| a.eq_ignore_ascii_case(&base)) {
        return Some(exact.clone());
    }
    let primary = base.split('-').next().unwrap_or("").to_ascii_lowercase();
    // Simplified Chinese is what we have for `zh`, `zh-Hans` and `zh-SG`; not for `zh-TW`/`zh-HK`.
    let traditional = ["zh-tw", "zh-hk", "zh-mo", "zh-hant"];
    if traditional
        .iter()
        .any(|t| base.to_ascii_lowercase().starts_with(t))
    {
        return None;
    }
    available
        .iter()
        .find(|a| {
            a.split('-')
                .next()
                .unwrap_or("")
                .eq_ignore_ascii_case(&primary)
        })
        .cloned()
}

/// A string leadwiz shows around the content (labels, headings), in English and Simplified
/// Chinese; other languages fall back to English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ui {
    Question,
    Answer,
    KnownError,
    End,
    ErrorMessage,
    Steps,
    Links,
    Related,
    Sources,
    Note,
    DidThisFixIt,
    Yes,
    No,
}

impl Ui {
    pub fn text(self, lang: Lang) -> &'static str {
        let (en, cn) = match self {
            Ui::Question => ("question", "问题"),
            Ui::Answer => ("answer", "解决方法"),
            Ui::KnownError => ("known error", "已知错误"),
            Ui::End => ("end", "结束"),
            Ui::ErrorMessage => ("Error message", "错误消息"),
            Ui::Steps => ("Steps", "步骤"),
            Ui::Links => ("Links", "链接"),
            Ui::Related => ("Related", "相关主题"),
            Ui::Sources => ("Sources", "资料来源"),
            Ui::Note => ("Note", "注意"),
            Ui::DidThisFixIt => ("Did this fix it?", "问题解决了吗？"),
            Ui::Yes => ("yes", "是"),
            Ui::No => ("no", "否"),
        };
        lang.pick(en, cn)
    }

    /// The string followed by a colon, full-width in Chinese (`Steps:`, `步骤：`).
    pub fn heading(self, lang: Lang) -> String {
        let colon = lang.pick(":", "：");
        format!("{}{colon}", self.text(lang))
    }
}

/// The line under a remediation that says when it was last checked against its sources.
pub fn checked_on(date: &str, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => format!("已于 {date} 对照文档核实"),
        Lang::En => format!("Checked against the documentation on {date}"),
    }
}

/// The label of "Test my destination" for a kind of check.
pub fn live_check_label(kind: super::LiveCheck, lang: Lang) -> &'static str {
    use super::LiveCheck::*;
    let (en, zh) = match kind {
        Any => (
            "Test my destination now, as Partner Center's Validate does",
            "立即测试我的目标，与合作伙伴中心的“验证”相同",
        ),
        Https => (
            "Test my endpoint now, as Partner Center's Validate does",
            "立即测试我的终结点，与合作伙伴中心的“验证”相同",
        ),
        AzureTable => (
            "Test my Azure table now, as Partner Center's Validate does",
            "立即测试我的 Azure 表，与合作伙伴中心的“验证”相同",
        ),
        Dynamics => (
            "Validate my Dynamics 365 connection now, as Partner Center does",
            "立即像合作伙伴中心一样验证我的 Dynamics 365 连接",
        ),
        Salesforce => (
            "Validate my Salesforce Organization ID now, as Partner Center does",
            "立即像合作伙伴中心一样验证我的 Salesforce 组织 ID",
        ),
        Marketo => (
            "Validate my Marketo form now, as Partner Center does",
            "立即像合作伙伴中心一样验证我的 Marketo 表单",
        ),
    };
    lang.pick(en, zh)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs() -> Vec<String> {
        Lang::ALL.iter().map(|l| l.tag().to_owned()).collect()
    }

    #[test]
    fn locale_forms() {
        let l = langs();
        assert_eq!(normalise("zh_CN.UTF-8", &l), Some(Lang::ZhCn));
        assert_eq!(normalise("zh-cn", &l), Some(Lang::ZhCn));
        assert_eq!(normalise("zh", &l), Some(Lang::ZhCn));
        assert_eq!(normalise("zh_TW.UTF-8", &l), None);
        assert_eq!(normalise("en_GB.UTF-8", &l), Some(Lang::En));
        assert_eq!(normalise("C.UTF-8", &l), None);
        assert_eq!(normalise("POSIX", &l), None);
        assert_eq!(normalise("fr_FR", &l), None);
    }

    #[test]
    fn flag_beats_environment_and_order_is_lc_all_lc_messages_lang() {
        let l = langs();
        let env = |k: &str| match k {
            "LC_ALL" => Some(String::new()),
            "LC_MESSAGES" => Some("zh_CN.UTF-8".into()),
            "LANG" => Some("en_US.UTF-8".into()),
            _ => None,
        };
        assert_eq!(pick(None, env, &l), Lang::ZhCn);
        assert_eq!(pick(Some("en"), env, &l), Lang::En);
        assert_eq!(pick(None, |_| None, &l), Lang::En);
        assert_eq!(pick(Some("de"), |_| None, &l), Lang::En);
    }
}
