//! Reports as text, the way the check commands and the wizard print them.

use std::fmt::Write;

use super::Report;
use crate::guide::Lang;

/// A report as lines a person reads: verdict, target, status and time, findings with the node
/// to read, notes, the start of the answer.
pub fn report(r: &Report, lang: Lang) -> String {
    let c = lang.colon();
    let mut out = String::new();
    let verdict = if r.ok {
        lang.pick("OK", "成功")
    } else {
        lang.pick("FAILED", "失败")
    };
    // A failure is headed by its first problem, named in the user's language.
    let headline = match r.findings.first() {
        Some(f) if !r.ok => f.problem.title(lang).to_owned(),
        _ => r.summary.get(lang).to_owned(),
    };
    let _ = writeln!(out, "{verdict}{c}{headline}");
    let _ = writeln!(
        out,
        "  {}{c}{}",
        lang.pick("target", "目标"),
        r.target.get(lang)
    );
    if let Some(s) = r.status {
        let _ = writeln!(
            out,
            "  {}{c}{s} ({} ms)",
            lang.pick("status", "状态"),
            r.elapsed_ms
        );
    } else if r.elapsed_ms > 0 {
        let _ = writeln!(out, "  {}{c}{} ms", lang.pick("time", "用时"), r.elapsed_ms);
    }
    for f in &r.findings {
        let _ = writeln!(
            out,
            "  ✗ {}{c}{}",
            f.problem.title(lang),
            f.message.get(lang)
        );
        let _ = writeln!(
            out,
            "    {}leadwiz show {}",
            lang.pick("how to fix it: ", "解决方法："),
            f.remediation
        );
    }
    for n in &r.notes {
        let _ = writeln!(out, "  ! {}", n.get(lang));
    }
    if let Some(e) = &r.excerpt {
        let _ = writeln!(out, "  {}{c}{e}", lang.pick("response", "响应"));
    }
    if r.ok
        && let Some(next) = r.remediation
    {
        let _ = writeln!(
            out,
            "  {}leadwiz show {next}",
            lang.pick("next: ", "下一步：")
        );
    }
    // Whatever a server or a connection string put into the report: no escape sequence, no
    // secret.
    crate::redact::secrets(&crate::sanitise::text(&out))
}
