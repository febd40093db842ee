//! Reports as text, the way the check commands and the wizard print them.

use std::fmt::Write;

use super::Report;

/// A report as lines a person reads: verdict, target, status and time, findings with the node
/// to read, notes, the start of the answer.
pub fn report(r: &Report, lang: &str) -> String {
    let zh = lang == "zh-CN";
    let c = if zh { "：" } else { ": " };
    let mut out = String::new();
    let verdict = match (r.ok, zh) {
        (true, false) => "OK",
        (true, true) => "成功",
        (false, false) => "FAILED",
        (false, true) => "失败",
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
        if zh { "目标" } else { "target" },
        r.target.get(lang)
    );
    if let Some(s) = r.status {
        let _ = writeln!(
            out,
            "  {}{c}{s} ({} ms)",
            if zh { "状态" } else { "status" },
            r.elapsed_ms
        );
    } else if r.elapsed_ms > 0 {
        let _ = writeln!(
            out,
            "  {}{c}{} ms",
            if zh { "用时" } else { "time" },
            r.elapsed_ms
        );
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
            if zh {
                "解决方法："
            } else {
                "how to fix it: "
            },
            f.remediation
        );
    }
    for n in &r.notes {
        let _ = writeln!(out, "  ! {}", n.get(lang));
    }
    if let Some(e) = &r.excerpt {
        let _ = writeln!(out, "  {}{c}{e}", if zh { "响应" } else { "response" });
    }
    if r.ok
        && let Some(next) = r.remediation
    {
        let _ = writeln!(
            out,
            "  {}leadwiz show {next}",
            if zh { "下一步：" } else { "next: " }
        );
    }
    // Whatever a server or a connection string put into the report: no escape sequence, no
    // secret.
    crate::redact::secrets(&crate::sanitise::text(&out))
}
