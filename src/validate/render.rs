//! A validation as text (a person reads it) and as JSON (a script reads it). Both pass the one
//! masking pass (`redact::secrets`), then have the exact secret values the command read
//! replaced (a password has no recognisable shape), then the sanitiser: no escape sequence, no
//! secret.

use std::fmt::Write;

use super::{Level, Stage, StageStatus, Validation, Verdict};
use crate::guide::{Guide, Lang};
use crate::redact::{self, SECRET};

/// Masks `text`: secrets by shape, then every value of `known` (the secrets read for this run).
pub fn mask(text: &str, known: &[String]) -> String {
    let mut out = redact::secrets(text);
    for secret in known {
        // A value of under four characters is not searched for: it would mask ordinary words
        // (such a secret is masked only where its shape gives it away).
        if secret.chars().count() >= 4 {
            out = out.replace(secret.as_str(), SECRET);
        }
    }
    out
}

/// The validation as one pretty JSON object (English messages), masked.
pub fn json(v: &Validation, known: &[String]) -> String {
    let mut value = serde_json::to_value(v).expect("a validation serialises");
    mask_json(&mut value, known);
    let mut s = serde_json::to_string_pretty(&value).expect("JSON serialises");
    s.push('\n');
    crate::sanitise::text(&s).into_owned()
}

fn mask_json(value: &mut serde_json::Value, known: &[String]) {
    use serde_json::Value;
    match value {
        Value::String(s) => *s = mask(s, known),
        Value::Array(items) => items.iter_mut().for_each(|v| mask_json(v, known)),
        Value::Object(map) => map.values_mut().for_each(|v| mask_json(v, known)),
        _ => {}
    }
}

/// The validation as lines a person reads, in `lang`, masked and sanitised.
pub fn text(v: &Validation, guide: Option<&Guide>, lang: Lang, known: &[String]) -> String {
    report(v, guide, lang, known, false)
}

/// The validation as [`text`] has it, for a screen that shows the remediation as a link of
/// its own: no line refers to that node (the link says it once).
pub fn text_beside_link(
    v: &Validation,
    guide: Option<&Guide>,
    lang: Lang,
    known: &[String],
) -> String {
    report(v, guide, lang, known, true)
}

fn report(
    v: &Validation,
    guide: Option<&Guide>,
    lang: Lang,
    known: &[String],
    linked: bool,
) -> String {
    let c = lang.colon();
    let t = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    let mut out = String::new();
    let verdict = match v.verdict {
        Verdict::Accepts => t("OK", "成功"),
        Verdict::Rejects => t("FAILED", "失败"),
        Verdict::Unknown => t("INCONCLUSIVE", "无法确定"),
    };
    let _ = writeln!(out, "{verdict}{c}{}", v.summary.get(lang));
    let _ = writeln!(out, "  {}{c}{}", t("target", "目标"), v.target.get(lang));
    for (i, s) in v.stages.iter().enumerate() {
        let status = match s.status {
            StageStatus::Passed => t("passed", "通过"),
            StageStatus::Failed => t("FAILED", "失败"),
            StageStatus::NotRun => t("not run", "未运行"),
            StageStatus::Skipped => t("skipped", "已跳过"),
        };
        let reason = s
            .reason
            .as_ref()
            .map(|r| match lang {
                Lang::ZhCn => format!("（{}）", r.get(lang)),
                Lang::En => format!(" ({})", r.get(lang)),
            })
            .unwrap_or_default();
        // " — " rather than ": " after names like "secret": the masking pass would take
        // what follows a `secret:` for a secret.
        let _ = writeln!(
            out,
            "  {}. {} — {status}{reason}",
            i + 1,
            stage_title(s.stage, lang)
        );
        for f in &s.findings {
            let mark = match f.level {
                Level::Pass => "✓",
                Level::Note => "!",
                Level::Fail => "✗",
                Level::Inconclusive => "?",
            };
            let _ = writeln!(
                out,
                "     {mark} {} — {}",
                f.check.get(lang),
                f.detail.get(lang)
            );
            let mut facts = Vec::new();
            if let Some(code) = &f.code {
                facts.push(format!("{}{c}{code}", t("code", "代码")));
            }
            if let Some(status) = f.status {
                facts.push(format!("{}{c}{status}", t("status", "状态")));
            }
            if let Some(ms) = f.elapsed_ms {
                facts.push(format!("{ms} ms"));
            }
            if !facts.is_empty() {
                let _ = writeln!(out, "       {}", facts.join(t("; ", "；")));
            }
            for (name_en, name_zh, value) in [
                ("trace id", "跟踪 ID", &f.trace.trace_id),
                ("correlation id", "关联 ID", &f.trace.correlation_id),
                ("request id", "请求 ID", &f.trace.request_id),
                ("timestamp", "时间戳", &f.trace.timestamp),
            ] {
                if let Some(value) = value {
                    let _ = writeln!(out, "       {}{c}{value}", t(name_en, name_zh));
                }
            }
            if let Some(pc) = &f.partner_center {
                let label = if pc.quoted {
                    t("Partner Center shows", "合作伙伴中心显示")
                } else {
                    t(
                        "Partner Center probably shows (not documented for this cause)",
                        "合作伙伴中心可能显示（文档未就此原因说明）",
                    )
                };
                let _ = writeln!(out, "       {label}{c}\"{}\"", pc.message.get(lang));
            }
            if let Some(e) = &f.excerpt {
                let _ = writeln!(out, "       {}{c}{e}", t("response", "响应"));
            }
            if let Some(node) = f.node
                && f.level != Level::Pass
                && !(linked && v.remediation == Some(node))
            {
                let label = if f.stops() {
                    t("how to fix it", "解决方法")
                } else {
                    t("more", "详情")
                };
                let _ = writeln!(out, "       {label}{c}{}", node_ref(guide, node, lang));
            }
        }
    }
    for n in &v.notes {
        let _ = writeln!(out, "  ! {}", n.get(lang));
    }
    if v.elapsed_ms > 0 {
        let _ = writeln!(out, "  {}{c}{} ms", t("time", "用时"), v.elapsed_ms);
    }
    if let Some(next) = v.remediation.filter(|_| !linked) {
        let label = if v.accepts_leads() {
            t("next", "下一步")
        } else {
            t("how to fix it", "解决方法")
        };
        let _ = writeln!(out, "{label}{c}{}", node_ref(guide, next, lang));
    }
    crate::sanitise::text(&mask(&out, known)).into_owned()
}

fn stage_title(stage: Stage, lang: Lang) -> &'static str {
    stage.title(lang)
}

/// `Title — leadwiz show ID` (just the command when the guide has no such node).
fn node_ref(guide: Option<&Guide>, id: &str, lang: Lang) -> String {
    match guide.and_then(|g| g.node(id)) {
        Some(node) => format!("{} — leadwiz show {id}", node.title.get(lang)),
        None => format!("leadwiz show {id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{Finding, Problem, Trace, partner_center};

    fn sample() -> Validation {
        let mut v = Validation::new("dynamics", "https://contoso.crm.dynamics.com", false);
        v.begin(Stage::Fields);
        v.push(Finding::pass(
            ("the Directory ID is a GUID", "目录 ID 是 GUID"),
            "ok",
        ));
        v.begin(Stage::Probe);
        v.push(
            Finding::fail(
                Problem::AuthenticationFailed,
                ("the tenant exists", "租户存在"),
                (
                    "no: the secret was hunter2-value and Bearer eyJabc.def.ghi",
                    "否",
                ),
                "dynamics-aad-tenant-not-found",
            )
            .with_code("AADSTS90002")
            .with_status(400)
            .with_trace(Trace {
                trace_id: Some("0000aaaa-11bb-cccc-dd22-eeeeee333333".into()),
                ..Trace::default()
            })
            .with_partner_center(partner_center::TENANT_NOT_FOUND.quoted()),
        );
        v.finish()
    }

    #[test]
    fn text_names_stages_the_message_the_trace_and_masks_secrets() {
        let known = vec!["hunter2-value".to_owned()];
        let out = text(&sample(), None, Lang::En, &known);
        assert!(
            out.starts_with("FAILED: the tenant exists — authentication failed\n"),
            "{out}"
        );
        assert!(
            out.contains("2. probes that send no secret — FAILED"),
            "{out}"
        );
        assert!(out.contains("3. read-only calls with the credentials — not run"));
        assert!(out.contains("code: AADSTS90002; status: 400"));
        assert!(
            out.contains("trace id: 0000aaaa-11bb-cccc-dd22-eeeeee333333"),
            "{out}"
        );
        assert!(out.contains(
            "Partner Center shows: \"Could not save the lead to Dynamics CRM using AAD. Exception:: Tenant not found."
        ));
        assert!(out.contains("leadwiz show dynamics-aad-tenant-not-found"));
        assert!(!out.contains("hunter2"), "{out}");
        assert!(!out.contains("eyJabc"), "{out}");
        let zh = text(&sample(), None, Lang::ZhCn, &known);
        assert!(zh.starts_with("失败：租户存在 — 身份验证失败\n"), "{zh}");
        assert!(zh.contains("合作伙伴中心显示：\"无法使用 AAD 将潜在顾客保存到 Dynamics CRM"));
        assert!(zh.contains("跟踪 ID：0000aaaa"));
    }

    #[test]
    fn json_carries_the_same_and_masks_secrets() {
        let known = vec!["hunter2-value".to_owned()];
        let out = json(&sample(), &known);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["verdict"], "rejects");
        assert_eq!(v["remediation"], "dynamics-aad-tenant-not-found");
        let probe = &v["stages"][1];
        assert_eq!(probe["stage"], "probe");
        assert_eq!(probe["status"], "failed");
        let f = &probe["findings"][0];
        assert_eq!(f["code"], "AADSTS90002");
        assert_eq!(f["partner_center"]["quoted"], true);
        assert_eq!(
            f["trace"]["trace_id"],
            "0000aaaa-11bb-cccc-dd22-eeeeee333333"
        );
        assert_eq!(v["stages"][3]["status"], "not-run");
        assert!(!out.contains("hunter2") && !out.contains("eyJabc"), "{out}");
    }
}
