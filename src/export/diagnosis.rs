//! A diagnosis as text, the way `leadwiz diagnose` prints it.

use crate::guide::Lang;
use std::fmt::Write;

use crate::diagnose::{Diagnosis, Status, normalise::MAX_INPUT};
use crate::guide::i18n::Ui;
use crate::guide::{Guide, Node};

pub fn text(guide: &Guide, d: &Diagnosis, lang: Lang) -> String {
    text_with(d.best.as_deref().and_then(|id| guide.node(id)), d, lang)
}

/// The diagnosis as text, with `best` the node of the confident match (its summary and steps
/// are printed).
pub fn text_with(best: Option<&Node>, d: &Diagnosis, lang: Lang) -> String {
    let zh = lang == Lang::ZhCn;
    let mut out = String::new();
    match d.status {
        Status::Confident => {
            let c = &d.candidates[0];
            let _ = writeln!(
                out,
                "{}{} ({} {:.2})\n",
                if zh { "匹配：" } else { "Match: " },
                c.id,
                if zh { "得分" } else { "score" },
                c.score
            );
            let _ = writeln!(out, "{}", c.title);
            if let Some(node) = best.filter(|n| n.id == c.id) {
                if let Some(s) = &node.summary {
                    let _ = writeln!(out, "{}", s.get(lang).trim());
                }
                why(&mut out, &c.evidence, lang);
                if !node.steps.is_empty() {
                    let _ = write!(out, "\n{}\n", Ui::Steps.heading(lang));
                    for (i, s) in node.steps.iter().enumerate() {
                        let _ = writeln!(out, "  {}. {}", i + 1, s.get(lang).trim());
                    }
                }
            }
            let _ = write!(
                out,
                "\n{}leadwiz show {}\n",
                if zh {
                    "查看完整内容："
                } else {
                    "Read it all: "
                },
                c.id
            );
        }
        Status::Ambiguous => {
            let _ = writeln!(
                out,
                "{}\n",
                if zh {
                    "无法确定：以下错误的吻合程度相近。"
                } else {
                    "Not sure: these errors fit about as well."
                }
            );
            for (i, c) in d.candidates.iter().enumerate() {
                let _ = writeln!(out, "  {}. {}  {} ({:.2})", i + 1, c.id, c.title, c.score);
                for e in &c.evidence {
                    let _ = writeln!(out, "       • {e}");
                }
            }
            let _ = write!(
                out,
                "\n{}\n",
                if zh {
                    "请粘贴更完整的消息，或使用 `leadwiz show <ID>` 打开其中一项。"
                } else {
                    "Paste more of the message, or open one with `leadwiz show <ID>`."
                }
            );
        }
        Status::None => {
            let _ = writeln!(
                out,
                "{}",
                if zh {
                    "没有与此文本匹配的已知错误。"
                } else {
                    "No known error matches this text."
                }
            );
            let _ = writeln!(
                out,
                "{}",
                if zh {
                    "请按问题一步步排查：运行 `leadwiz`，或使用 `leadwiz show error-list` 查看已记录的错误。"
                } else {
                    "Walk the guide instead: run `leadwiz`, or see the documented errors with `leadwiz show error-list`."
                }
            );
        }
    }
    if d.truncated {
        let kb = MAX_INPUT / 1024;
        let _ = write!(
            out,
            "\n{}\n",
            if zh {
                format!("注意：输入超过 {kb} KB，只读取了前 {kb} KB。")
            } else {
                format!(
                    "Note: the input was longer than {kb} KB; only the first {kb} KB were read."
                )
            }
        );
    }
    out
}

fn why(out: &mut String, evidence: &[String], lang: Lang) {
    if evidence.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "\n{}\n",
        if lang == Lang::ZhCn {
            "匹配依据："
        } else {
            "Why:"
        }
    );
    for e in evidence {
        let _ = writeln!(out, "  • {e}");
    }
}
