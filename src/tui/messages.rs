//! The wizard's status messages, in one catalogue. The model keeps a message, not its text:
//! the text is made in the current language each time it is drawn, so switching language
//! re-renders every visible message.

use crate::guide::Lang;
use std::path::PathBuf;

/// What `y` or `Y` put on the clipboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copy {
    /// The page as text.
    Page,
    /// The command that opens the page: `leadwiz --goto ID`.
    Command,
}

/// A one-line message for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    TranscriptWritten(PathBuf),
    TranscriptFailed(String),
    /// The first `g` of `g g`.
    GPending,
    NoHistoryBack,
    NoHistoryForward,
    NoFollowUp,
    NoChoice {
        n: u8,
        max: usize,
    },
    NoStep {
        n: u8,
        max: usize,
    },
    NothingNumbered,
    /// A digit that may start a two-digit number: item `n` is selected; another digit within a
    /// moment makes `n0`–`max`.
    FirstDigit {
        n: u8,
        max: usize,
    },
    /// Type-ahead: the letters typed so far, and an item starts with them.
    Finding(String),
    /// Type-ahead: no item starts with the letters typed.
    FindNothing(String),
    /// `'`: the next letters find an item.
    FindPrefix,
    /// Back (Esc) on the first page.
    AtStart,
    NoCandidatesYet,
    NoCandidate {
        n: u8,
        max: usize,
    },
    /// Ctrl-S found several errors that fit.
    NotSure,
    NoMatch,
    /// The system clipboard took it.
    Copied {
        what: Copy,
        id: String,
    },
    /// The terminal was asked to copy (OSC 52); it may not have.
    CopyAsked {
        what: Copy,
        id: String,
    },
    CopyFailed(String),
    /// `e` with the built-in guide: there is no file to edit.
    EditEmbedded,
    /// `e`: the editor could not be started, or failed.
    EditorFailed {
        editor: String,
        error: String,
    },
    CannotWatch {
        dir: PathBuf,
        error: String,
    },
    /// Live reload: the time it happened.
    Reloaded(String),
    ReloadFailed(String),
    /// Live reload: the page on screen (`id`) was renamed or removed; `showing` is the nearest
    /// step back that still exists.
    PageGone {
        at: String,
        id: String,
        showing: String,
        /// The content file the page was in, when that file was deleted.
        file: Option<String>,
    },
    /// Live reload: content files that were there before are gone.
    FilesDeleted {
        at: String,
        files: Vec<String>,
        /// The content left has errors (the last good content stays).
        failed: bool,
    },
}

/// The two answers to "Did this fix it?".
pub fn follow_up_label(yes: bool, lang: Lang) -> &'static str {
    match (yes, lang) {
        (true, Lang::En) => "Yes, it works now",
        (false, Lang::En) => "No, show me the next thing to try",
        (true, Lang::ZhCn) => "是，现在正常了",
        (false, Lang::ZhCn) => "否，显示下一步可以尝试的方法",
    }
}

impl Msg {
    /// The message in `lang` (Simplified Chinese for `zh-CN`, else English).
    pub fn text(&self, lang: Lang) -> String {
        let zh = lang == Lang::ZhCn;
        let pick = |en: String, cn: String| if zh { cn } else { en };
        let what = |w: &Copy, id: &str| match w {
            Copy::Page => pick(format!("the page {id}"), format!("页面 {id}")),
            Copy::Command => pick(
                format!("the command `leadwiz --goto {id}`"),
                format!("命令 `leadwiz --goto {id}`"),
            ),
        };
        match self {
            Msg::TranscriptWritten(p) => pick(
                format!("Transcript written to {}", p.display()),
                format!("会话记录已写入 {}", p.display()),
            ),
            Msg::TranscriptFailed(e) => pick(
                format!("Cannot write the transcript: {e}"),
                format!("无法写入会话记录：{e}"),
            ),
            Msg::GPending => pick(
                "g… (g again: top of the page)".into(),
                "g…（再按 g：页首）".into(),
            ),
            Msg::NoHistoryBack => pick(
                "Nothing to go back to in the history.".into(),
                "历史记录中没有可后退的页面。".into(),
            ),
            Msg::NoHistoryForward => pick(
                "Nothing to go forward to.".into(),
                "没有可前进的页面。".into(),
            ),
            Msg::NoFollowUp => pick(
                "This page has no \"Did this fix it?\".".into(),
                "此页没有“是否解决了问题？”。".into(),
            ),
            Msg::NoChoice { n, max } => pick(
                format!("No choice {n} here: choose 1–{max}."),
                format!("此处没有选项 {n}：请选择 1–{max}。"),
            ),
            Msg::NoStep { n, max } => pick(
                format!("No step {n} here: steps 1–{max}."),
                format!("此处没有第 {n} 步：步骤为 1–{max}。"),
            ),
            Msg::NothingNumbered => pick(
                "Nothing on this page is numbered.".into(),
                "此页没有带编号的项目。".into(),
            ),
            Msg::FirstDigit { n, max } => pick(
                format!(
                    "{n}… (another digit for {n}0–{}; Enter opens {n})",
                    max.min(&(usize::from(*n) * 10 + 9))
                ),
                format!(
                    "{n}…（再按一个数字选 {n}0–{}；Enter 打开 {n}）",
                    max.min(&(usize::from(*n) * 10 + 9))
                ),
            ),
            Msg::Finding(typed) => pick(format!("Find: {typed}…"), format!("查找：{typed}…")),
            Msg::FindNothing(typed) => pick(
                format!("No item here starts with \"{typed}\"."),
                format!("此页没有以“{typed}”开头的项目。"),
            ),
            Msg::FindPrefix => pick(
                "Find: type the first letters of an item…".into(),
                "查找：输入项目的开头字母…".into(),
            ),
            Msg::AtStart => pick(
                "This is the start: q quits, p pastes an error, / searches.".into(),
                "已经在开头：q 退出，p 粘贴错误，/ 搜索。".into(),
            ),
            Msg::NoCandidatesYet => pick(
                "No candidates yet: paste or type the error first.".into(),
                "还没有候选项：请先粘贴或输入错误消息。".into(),
            ),
            Msg::NoCandidate { n, max } => pick(
                format!("No candidate {n}: choose 1–{max}."),
                format!("没有候选项 {n}：请选择 1–{max}。"),
            ),
            Msg::NotSure => pick(
                "Not sure: several errors fit. Tab to choose one, or paste more of the message."
                    .into(),
                "无法确定：多个错误都可能吻合。按 Tab 选择，或粘贴更多消息内容。".into(),
            ),
            Msg::NoMatch => pick(
                "No known error matches: press Esc and walk the tree.".into(),
                "没有匹配的已知错误：请按 Esc 返回问题树。".into(),
            ),
            Msg::Copied { what: w, id } => pick(
                format!("Copied {} to the clipboard", what(w, id)),
                format!("已将{}复制到剪贴板", what(w, id)),
            ),
            Msg::CopyAsked { what: w, id } => pick(
                format!(
                    "Asked the terminal to copy {} (OSC 52); not every terminal does. Or run: leadwiz show {id}",
                    what(w, id)
                ),
                format!(
                    "已请求终端复制{} (OSC 52)；并非所有终端都支持。也可运行：leadwiz show {id}",
                    what(w, id)
                ),
            ),
            Msg::CopyFailed(e) => pick(format!("Cannot copy: {e}"), format!("无法复制：{e}")),
            Msg::EditEmbedded => pick(
                "This guide is built in: to edit it, run leadwiz --content DIR with a copy of the content folder."
                    .into(),
                "此指南是内置的：要编辑，请复制 content 文件夹并运行 leadwiz --content DIR。".into(),
            ),
            Msg::EditorFailed { editor, error } => pick(
                format!("Cannot run the editor {editor} (set VISUAL or EDITOR): {error}"),
                format!("无法运行编辑器 {editor}（请设置 VISUAL 或 EDITOR）：{error}"),
            ),
            Msg::CannotWatch { dir, error } => pick(
                format!("cannot watch {}: {error}", dir.display()),
                format!("无法监视 {}：{error}", dir.display()),
            ),
            Msg::Reloaded(at) => pick(format!("reloaded {at}"), format!("已重新加载 {at}")),
            Msg::PageGone {
                at,
                id,
                showing: _,
                file: None,
            } => pick(
                format!("page {id} was renamed or removed; showing the nearest ({at})"),
                format!("页面 {id} 已被重命名或删除；显示最近的页面（{at}）"),
            ),
            Msg::PageGone {
                at,
                id,
                showing: _,
                file: Some(file),
            } => pick(
                format!("{file} was deleted, and page {id} with it; showing the nearest ({at})"),
                format!("{file} 已被删除，页面 {id} 随之删除；显示最近的页面（{at}）"),
            ),
            Msg::FilesDeleted { at, files, failed } => {
                let names = files.join(", ");
                match (failed, lang) {
                    (false, Lang::En) => format!("reloaded {at}: deleted {names}"),
                    (false, Lang::ZhCn) => format!("已重新加载 {at}：已删除 {names}"),
                    (true, Lang::En) => {
                        format!("reload failed {at}: deleted {names}; the last good content stays")
                    }
                    (true, Lang::ZhCn) => {
                        format!("{at} 重新加载失败：已删除 {names}；仍显示上一版内容")
                    }
                }
            }
            Msg::ReloadFailed(at) => pick(
                format!("reload failed {at}: the last good content stays"),
                format!("{at} 重新加载失败：仍显示上一版内容"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_reads_in_both_languages() {
        let all = [
            Msg::TranscriptWritten("/tmp/t.md".into()),
            Msg::TranscriptFailed("denied".into()),
            Msg::GPending,
            Msg::NoHistoryBack,
            Msg::NoHistoryForward,
            Msg::NoFollowUp,
            Msg::NoChoice { n: 9, max: 4 },
            Msg::NoStep { n: 9, max: 4 },
            Msg::NothingNumbered,
            Msg::FirstDigit { n: 1, max: 16 },
            Msg::Finding("az".into()),
            Msg::FindNothing("xq".into()),
            Msg::FindPrefix,
            Msg::AtStart,
            Msg::NoCandidatesYet,
            Msg::NoCandidate { n: 9, max: 3 },
            Msg::NotSure,
            Msg::NoMatch,
            Msg::Copied {
                what: Copy::Command,
                id: "start".into(),
            },
            Msg::CopyAsked {
                what: Copy::Page,
                id: "start".into(),
            },
            Msg::CopyFailed("x".into()),
            Msg::EditEmbedded,
            Msg::EditorFailed {
                editor: "vim".into(),
                error: "not found".into(),
            },
            Msg::CannotWatch {
                dir: "/c".into(),
                error: "x".into(),
            },
            Msg::Reloaded("14:03:09".into()),
            Msg::ReloadFailed("14:03:09".into()),
            Msg::PageGone {
                at: "14:03:09".into(),
                id: "a".into(),
                showing: "b".into(),
                file: None,
            },
            Msg::PageGone {
                at: "14:03:09".into(),
                id: "a".into(),
                showing: "b".into(),
                file: Some("c/faq.yaml".into()),
            },
            Msg::FilesDeleted {
                at: "14:03:09".into(),
                files: vec!["c/faq.yaml".into()],
                failed: false,
            },
            Msg::FilesDeleted {
                at: "14:03:09".into(),
                files: vec!["c/faq.yaml".into()],
                failed: true,
            },
        ];
        for m in all {
            let (en, zh) = (m.text(Lang::En), m.text(Lang::ZhCn));
            assert!(!en.is_empty() && en != zh, "{m:?}");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
        }
    }
}
