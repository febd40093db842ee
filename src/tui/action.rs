//! What the user can ask the wizard to do, independent of the keys that ask for it.

use crate::guide::Lang;

/// A named action. Keys map to actions in one keymap (`keymap.rs`); the help overlay and the
/// footer hints are generated from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    /// Open the selected choice, related node, candidate or search result.
    Select,
    Back,
    /// Back to the start of the guide (undone by `History(false)`).
    Home,
    /// The top of the page (Home, `g g`).
    Top,
    /// The bottom of the page (End, `G`).
    Bottom,
    /// The first `g` of `g g`.
    GoPrefix,
    /// Jump to "Did this fix it?".
    FollowUp,
    /// Choose the item numbered so (1–9).
    Number(u8),
    /// Type-ahead: a letter typed on a list; the selection moves to the next item whose label
    /// starts with the letters typed in quick succession (`type_ahead::PAUSE`).
    Find(char),
    /// `'`: the next letter starts a type-ahead even when it is a command on this screen.
    FindPrefix,
    /// Back (`false`) or forward (`true`) through the pages visited, like a browser.
    History(bool),
    /// Scroll the content-error panel of live reload down (`true`) or up.
    ErrorsScroll(bool),
    /// A mouse click at (column, row) of the terminal (`--mouse`).
    Click(u16, u16),
    /// The mouse wheel: scroll the page down (`true`) or up by three rows (`--mouse`).
    Wheel(bool),
    /// A key that types in the text box, field or search box with the focus (or, on the
    /// candidate list, goes back to the box and types there).
    Type(ratatui::crossterm::event::KeyEvent),
    OpenPaste,
    OpenSearch,
    ToggleHelp,
    SwitchLanguage,
    /// Tick or untick the selected step.
    ToggleStep,
    /// Copy the current remediation as text (OSC 52).
    Copy,
    /// Copy the command that opens this page (`leadwiz --goto ID`).
    CopyCommand,
    /// Move between the text box and the candidate list of the paste screen.
    NextFocus,
    /// Diagnose the pasted text and open a confident match.
    Submit,
    /// Switch presenter mode on or off.
    TogglePresenter,
    /// Write the transcript of the session now and show where.
    WriteTranscript,
    /// Write the transcript in English from now on (tickets usually want English), now.
    WriteTranscriptEnglish,
    /// Run the live check of the destination (again).
    RunCheck,
    /// Open the page's content file in the user's editor at the page's line (`--content DIR`).
    Edit,
    Quit,
}

impl Action {
    /// What the action does on a screen whose keys are read in `context`: the same key reads
    /// differently in a form (Tab moves to the next field) than on the paste screen.
    pub fn describe_in(self, context: super::keymap::Context, lang: Lang) -> &'static str {
        match (self, context, lang) {
            (Action::NextFocus, super::keymap::Context::Field, Lang::ZhCn) => "下一个字段",
            (Action::NextFocus, super::keymap::Context::Field, _) => "next field",
            _ => self.describe(lang),
        }
    }

    /// What the action does, for the help overlay and the footer (English, Simplified Chinese).
    pub fn describe(self, lang: Lang) -> &'static str {
        let zh = lang == Lang::ZhCn;
        let (en, cn) = match self {
            Action::Up => ("up", "上移"),
            Action::Down => ("down", "下移"),
            Action::PageUp => ("page up", "上一页"),
            Action::PageDown => ("page down", "下一页"),
            Action::Select => ("open", "打开"),
            Action::Back => ("back", "返回"),
            Action::Home => ("start over", "从头开始"),
            Action::Top => ("top of the page", "页首"),
            Action::Bottom => ("end of the page", "页尾"),
            Action::GoPrefix => ("top of the page", "页首"),
            Action::FollowUp => ("fixed?", "解决了吗？"),
            Action::Number(_) => ("choose", "选择"),
            Action::Find(_) | Action::FindPrefix => (
                "then letters: jump to the item they start",
                "再输入字母：跳到以其开头的项目",
            ),
            Action::History(_) => ("history back/forward", "历史记录后退/前进"),
            Action::ErrorsScroll(_) => ("scroll the content errors", "滚动内容错误"),
            Action::Click(..) => ("click: choose, tick, open", "点击：选择、勾选、打开"),
            Action::Wheel(_) => ("scroll", "滚动"),
            Action::Type(_) => ("type", "输入"),
            Action::OpenPaste => ("paste an error", "粘贴错误"),
            Action::OpenSearch => ("search", "搜索"),
            Action::ToggleHelp => ("help", "帮助"),
            Action::SwitchLanguage => ("language", "语言"),
            Action::ToggleStep => ("tick step", "勾选步骤"),
            Action::Copy => ("copy the page", "复制页面"),
            Action::CopyCommand => ("copy leadwiz --goto ID", "复制 leadwiz --goto ID"),
            Action::NextFocus => ("switch box/list", "切换输入框/列表"),
            Action::Submit => ("diagnose", "诊断"),
            Action::TogglePresenter => ("presenter mode", "演示模式"),
            Action::WriteTranscript => ("write transcript", "写入会话记录"),
            Action::WriteTranscriptEnglish => ("write transcript in English", "以英文写入会话记录"),
            Action::RunCheck => ("run the check", "运行检查"),
            Action::Edit => ("edit this page's file", "编辑此页的文件"),
            Action::Quit => ("quit", "退出"),
        };
        if zh { cn } else { en }
    }
}
