//! The one keymap: keys → actions, per context. Arrows and vi keys both work.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Where the keys are read: in a text input, printable keys type instead of acting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Question and remediation screens.
    Browse,
    /// The paste screen's text box, or the search box.
    TextInput,
    /// The paste screen's candidate list.
    List,
    /// The help overlay.
    Help,
    /// The search box: printable keys type; Enter opens the selected result.
    Search,
    /// A one-line field (a destination's URL): printable keys type; Enter runs the check.
    Field,
    /// The live check screen, when not typing: choose, watch, read the result.
    Check,
}

/// (keys as shown, the key codes, the action, contexts where it applies)
type Binding = (&'static str, &'static [KeyCode], Action, &'static [Context]);

use Context::{Browse, Check, Field, Help, List, Search, TextInput};

/// Every binding, in the order the help overlay lists them.
pub const BINDINGS: &[Binding] = &[
    (
        "↑/k",
        &[KeyCode::Up, KeyCode::Char('k')],
        Action::Up,
        &[Browse, List, Check],
    ),
    (
        "↓/j",
        &[KeyCode::Down, KeyCode::Char('j')],
        Action::Down,
        &[Browse, List, Check],
    ),
    ("↑", &[KeyCode::Up], Action::Up, &[TextInput, Search]),
    ("↓", &[KeyCode::Down], Action::Down, &[TextInput, Search]),
    ("Enter", &[KeyCode::Enter], Action::Select, &[Search]),
    (
        "Enter/F5",
        &[KeyCode::Enter, KeyCode::F(5)],
        Action::RunCheck,
        &[Field],
    ),
    ("F5", &[KeyCode::F(5)], Action::RunCheck, &[Check]),
    (
        "PgUp",
        &[KeyCode::PageUp],
        Action::PageUp,
        &[Browse, List, TextInput],
    ),
    (
        "PgDn",
        &[KeyCode::PageDown],
        Action::PageDown,
        &[Browse, List, TextInput],
    ),
    (
        "Enter/→/l",
        &[KeyCode::Enter, KeyCode::Right, KeyCode::Char('l')],
        Action::Select,
        &[Browse, List, Check],
    ),
    (
        "Space",
        &[KeyCode::Char(' ')],
        Action::ToggleStep,
        &[Browse],
    ),
    ("y", &[KeyCode::Char('y')], Action::Copy, &[Browse]),
    (
        "Esc/Bksp/←/h",
        &[
            KeyCode::Esc,
            KeyCode::Backspace,
            KeyCode::Left,
            KeyCode::Char('h'),
        ],
        Action::Back,
        &[Browse, List, Check],
    ),
    (
        "Esc",
        &[KeyCode::Esc],
        Action::Back,
        &[TextInput, Help, Search, Field],
    ),
    (
        "g/Home",
        &[KeyCode::Char('g'), KeyCode::Home],
        Action::Home,
        &[Browse, List, Check],
    ),
    ("p", &[KeyCode::Char('p')], Action::OpenPaste, &[Browse]),
    ("/", &[KeyCode::Char('/')], Action::OpenSearch, &[Browse]),
    (
        "Tab",
        &[KeyCode::Tab, KeyCode::BackTab],
        Action::NextFocus,
        &[TextInput, List],
    ),
    ("F5", &[KeyCode::F(5)], Action::Submit, &[TextInput, List]),
    (
        "L",
        &[KeyCode::Char('L')],
        Action::SwitchLanguage,
        &[Browse, List],
    ),
    (
        "t",
        &[KeyCode::Char('t')],
        Action::WriteTranscript,
        &[Browse, List],
    ),
    (
        "F2",
        &[KeyCode::F(2)],
        Action::TogglePresenter,
        &[Browse, List, TextInput, Search, Help, Field, Check],
    ),
    (
        "?",
        &[KeyCode::Char('?')],
        Action::ToggleHelp,
        &[Browse, List, Help, Check],
    ),
    (
        "q",
        &[KeyCode::Char('q')],
        Action::Quit,
        &[Browse, List, Help, Check],
    ),
];

/// The action a key asks for in a context (Ctrl-C always quits; Ctrl-S submits a paste).
pub fn action(key: KeyEvent, context: Context) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c') => Some(Action::Quit),
            KeyCode::Char('s') if matches!(context, TextInput | List) => Some(Action::Submit),
            _ => None,
        };
    }
    BINDINGS
        .iter()
        .find(|(_, codes, _, contexts)| contexts.contains(&context) && codes.contains(&key.code))
        .map(|(_, _, action, _)| *action)
}

/// A key as the presenter-mode echo shows it: "↓", "Enter", "Ctrl-C", "F2"; typed characters
/// in a text box show as "…" (what is typed is the user's own business, not the viewers').
pub fn label(key: KeyEvent, context: Context) -> String {
    let name = match key.code {
        // What is typed into a text box or field (a masked connection string among them) is
        // never echoed.
        KeyCode::Char(_)
            if matches!(context, TextInput | Search | Field)
                && !key.modifiers.contains(KeyModifiers::CONTROL) =>
        {
            "…".to_owned()
        }
        KeyCode::Char(' ') => "Space".to_owned(),
        KeyCode::Char(c) if c.is_control() => "?".to_owned(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".to_owned(),
        KeyCode::Down => "↓".to_owned(),
        KeyCode::Left => "←".to_owned(),
        KeyCode::Right => "→".to_owned(),
        KeyCode::Enter => "Enter".to_owned(),
        KeyCode::Esc => "Esc".to_owned(),
        KeyCode::Backspace => "Bksp".to_owned(),
        KeyCode::Tab | KeyCode::BackTab => "Tab".to_owned(),
        KeyCode::PageUp => "PgUp".to_owned(),
        KeyCode::PageDown => "PgDn".to_owned(),
        KeyCode::Home => "Home".to_owned(),
        KeyCode::End => "End".to_owned(),
        KeyCode::Delete => "Del".to_owned(),
        KeyCode::F(n) => format!("F{n}"),
        _ => "?".to_owned(),
    };
    if key.modifiers.contains(KeyModifiers::CONTROL) && name != "…" {
        format!("Ctrl-{}", name.to_uppercase())
    } else {
        name
    }
}

/// The bindings of a context, as (keys, action), for the help overlay and the footer.
pub fn hints(context: Context) -> Vec<(&'static str, Action)> {
    let mut out: Vec<(&'static str, Action)> = BINDINGS
        .iter()
        .filter(|(_, _, _, contexts)| contexts.contains(&context))
        .map(|(keys, _, action, _)| (*keys, *action))
        .collect();
    if matches!(context, TextInput | List) {
        out.push(("Ctrl-S", Action::Submit));
    }
    out.push(("Ctrl-C", Action::Quit));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn arrows_and_vi_keys_both_work() {
        assert_eq!(action(key(KeyCode::Down), Browse), Some(Action::Down));
        assert_eq!(action(key(KeyCode::Char('j')), Browse), Some(Action::Down));
        assert_eq!(
            action(key(KeyCode::Char('l')), Browse),
            Some(Action::Select)
        );
        assert_eq!(action(key(KeyCode::Backspace), Browse), Some(Action::Back));
    }

    #[test]
    fn text_inputs_type_letters_but_ctrl_c_quits_everywhere() {
        for c in ['q', '?', 'j', 'p', '/', 'g', 'L'] {
            assert_eq!(action(key(KeyCode::Char(c)), TextInput), None, "{c}");
        }
        assert_eq!(
            action(key(KeyCode::Enter), TextInput),
            None,
            "a bare Enter never submits"
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for ctx in [Browse, TextInput, List, Help, Search, Field, Check] {
            assert_eq!(action(ctrl_c, ctx), Some(Action::Quit));
        }
        assert_eq!(action(key(KeyCode::Esc), TextInput), Some(Action::Back));
    }

    #[test]
    fn every_context_has_hints_with_descriptions() {
        for ctx in [Browse, TextInput, List, Help, Search, Field, Check] {
            let h = hints(ctx);
            assert!(h.iter().any(|(_, a)| *a == Action::Quit));
            for (_, a) in h {
                assert!(!a.describe("en").is_empty() && !a.describe("zh-CN").is_empty());
            }
        }
    }
}
