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

/// (the key codes, the action, contexts where it applies). What the footer and the help show
/// for a binding is derived from its key codes (`keys_label`).
type Binding = (&'static [KeyCode], Action, &'static [Context]);

use Context::{Browse, Check, Field, Help, List, Search, TextInput};

/// Every context, for the bindings that apply everywhere.
const ALL: &[Context] = &[Browse, TextInput, List, Help, Search, Field, Check];

/// The digits that choose an item by its number (0 for the second digit of 10).
const DIGITS: &[KeyCode] = &[
    KeyCode::Char('0'),
    KeyCode::Char('1'),
    KeyCode::Char('2'),
    KeyCode::Char('3'),
    KeyCode::Char('4'),
    KeyCode::Char('5'),
    KeyCode::Char('6'),
    KeyCode::Char('7'),
    KeyCode::Char('8'),
    KeyCode::Char('9'),
];

/// Every binding, in the order the help overlay lists them. In a text box (TextInput, Search,
/// Field) no printable key is bound: every one of them types.
pub const BINDINGS: &[Binding] = &[
    (
        &[KeyCode::Up, KeyCode::Char('k')],
        Action::Up,
        &[Browse, List, Check, Help],
    ),
    (
        &[KeyCode::Down, KeyCode::Char('j')],
        Action::Down,
        &[Browse, List, Check, Help],
    ),
    (&[KeyCode::Up], Action::Up, &[TextInput, Search, Field]),
    (&[KeyCode::Down], Action::Down, &[TextInput, Search, Field]),
    (DIGITS, Action::Number(0), &[Browse, List, Check]),
    (&[KeyCode::Char('\'')], Action::FindPrefix, &[Browse]),
    (&[KeyCode::Enter], Action::Select, &[Search]),
    (&[KeyCode::Enter, KeyCode::F(5)], Action::RunCheck, &[Field]),
    (&[KeyCode::F(5)], Action::RunCheck, &[Check]),
    (
        &[KeyCode::PageUp],
        Action::PageUp,
        &[Browse, List, TextInput, Help, Check],
    ),
    (
        &[KeyCode::PageDown],
        Action::PageDown,
        &[Browse, List, TextInput, Help, Check],
    ),
    (
        &[KeyCode::Home, KeyCode::Char('g')],
        Action::Top,
        &[Browse, List, Check, Help],
    ),
    (
        &[KeyCode::End, KeyCode::Char('G')],
        Action::Bottom,
        &[Browse, List, Check, Help],
    ),
    (&[KeyCode::Char('f')], Action::FollowUp, &[Browse]),
    (
        &[KeyCode::Enter, KeyCode::Right, KeyCode::Char('l')],
        Action::Select,
        &[Browse, List, Check],
    ),
    (&[KeyCode::Char(' ')], Action::ToggleStep, &[Browse]),
    (&[KeyCode::Char('y')], Action::Copy, &[Browse]),
    (&[KeyCode::Char('Y')], Action::CopyCommand, &[Browse]),
    (&[KeyCode::Char('e')], Action::Edit, &[Browse]),
    (
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
        &[KeyCode::Esc],
        Action::Back,
        &[TextInput, Help, Search, Field],
    ),
    (
        &[KeyCode::Char('['), KeyCode::Char(']')],
        Action::History(false),
        &[Browse],
    ),
    (&[KeyCode::Char('s')], Action::Home, &[Browse, List, Check]),
    (
        &[KeyCode::Char('{'), KeyCode::Char('}')],
        Action::ErrorsScroll(false),
        &[Browse],
    ),
    (&[KeyCode::Char('p')], Action::OpenPaste, &[Browse]),
    (&[KeyCode::Char('/')], Action::OpenSearch, &[Browse]),
    (
        &[KeyCode::Tab, KeyCode::BackTab],
        Action::NextFocus,
        &[TextInput, List, Field],
    ),
    (&[KeyCode::F(5)], Action::Submit, &[TextInput, List]),
    (
        &[KeyCode::Char('L')],
        Action::SwitchLanguage,
        &[Browse, List],
    ),
    (
        &[KeyCode::Char('t')],
        Action::WriteTranscript,
        &[Browse, List],
    ),
    (
        &[KeyCode::Char('T')],
        Action::WriteTranscriptEnglish,
        &[Browse, List],
    ),
    (&[KeyCode::F(2)], Action::TogglePresenter, ALL),
    (
        &[KeyCode::Char('?'), KeyCode::F(1)],
        Action::ToggleHelp,
        &[Browse, List, Help, Check],
    ),
    (
        &[KeyCode::F(1)],
        Action::ToggleHelp,
        &[TextInput, Search, Field],
    ),
    (
        &[KeyCode::Char('q')],
        Action::Quit,
        &[Browse, List, Help, Check],
    ),
];

/// Whether a context is a text box: every printable key types there.
pub fn is_text(context: Context) -> bool {
    matches!(context, TextInput | Search | Field)
}

/// The action a key asks for in a context (Ctrl-C always quits; Ctrl-S submits a paste;
/// Alt-←/→ move through the history of pages).
pub fn action(key: KeyEvent, context: Context) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c') => Some(Action::Quit),
            KeyCode::Char('s') if matches!(context, TextInput | List) => Some(Action::Submit),
            _ => None,
        };
    }
    if key.modifiers.contains(KeyModifiers::ALT) {
        return match key.code {
            KeyCode::Left if context == Browse => Some(Action::History(false)),
            KeyCode::Right if context == Browse => Some(Action::History(true)),
            _ => None,
        };
    }
    let found = BINDINGS
        .iter()
        .find(|(codes, _, contexts)| contexts.contains(&context) && codes.contains(&key.code))
        .map(|(_, action, _)| *action)?;
    Some(match (found, key.code) {
        (Action::Number(_), KeyCode::Char(c)) => Action::Number(c.to_digit(10).unwrap_or(0) as u8),
        (Action::History(_), KeyCode::Char(']')) => Action::History(true),
        (Action::ErrorsScroll(_), KeyCode::Char('}')) => Action::ErrorsScroll(true),
        // In a form, Shift-Tab goes back a field (the paste screen has only two places).
        (Action::NextFocus, KeyCode::BackTab) if context == Field => Action::Up,
        // `g g` goes to the top: the first `g` waits for the second.
        (Action::Top, KeyCode::Char('g')) => Action::GoPrefix,
        (a, _) => a,
    })
}

/// The letter a key types, for type-ahead: a letter without Ctrl or Alt.
pub fn letter(key: KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c)
            if c.is_alphabetic()
                && !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(c)
        }
        _ => None,
    }
}

/// The letters a–z and A–Z that are no command in `context`: on a list they start a
/// type-ahead at once (the help lists them).
pub fn free_letters(context: Context) -> String {
    ('a'..='z')
        .chain('A'..='Z')
        .filter(|c| {
            !BINDINGS
                .iter()
                .any(|(codes, _, ctx)| ctx.contains(&context) && codes.contains(&KeyCode::Char(*c)))
        })
        .collect()
}

/// The action of a key in `context` when type-ahead applies: a letter on the node screen that
/// is no command there, or any letter while a type-ahead goes on (`finding`), finds an item.
pub fn action_at(key: KeyEvent, context: Context, finding: bool) -> Option<Action> {
    let bound = action(key, context);
    match letter(key) {
        Some(c) if context == Browse && (finding || bound.is_none()) => Some(Action::Find(c)),
        _ => bound,
    }
}

/// A key code's name, as the footer, the help and the presenter-mode echo show it.
fn code_name(code: KeyCode) -> String {
    match code {
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
    }
}

/// A key code as the footer and the help name it (`g` is bound as `g g`).
fn key_name(code: KeyCode) -> String {
    match code {
        KeyCode::Char('g') => "g g".to_owned(),
        code => code_name(code),
    }
}

/// The keys of a binding as shown, one name each: ["↑", "k"], ["1–9"], ["Tab"] (Tab and
/// Shift-Tab are one name).
pub fn key_names(codes: &[KeyCode]) -> Vec<String> {
    if codes == DIGITS {
        return vec!["1–9".to_owned()];
    }
    let mut names: Vec<String> = Vec::new();
    for c in codes {
        let n = key_name(*c);
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names
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
        code => code_name(code),
    };
    if key.modifiers.contains(KeyModifiers::CONTROL) && name != "…" {
        format!("Ctrl-{}", name.to_uppercase())
    } else {
        name
    }
}

/// The bindings of a context, one per action, as (key names, action), for the help overlay
/// and the footer: the names are derived from the key codes bound, so they cannot disagree.
pub fn hints(context: Context) -> Vec<(Vec<String>, Action)> {
    let mut out: Vec<(Vec<String>, Action)> = Vec::new();
    for (codes, action, contexts) in BINDINGS {
        if !contexts.contains(&context) {
            continue;
        }
        let names = key_names(codes);
        match out.iter_mut().find(|(_, a)| a == action) {
            Some((keys, _)) => keys.extend(names),
            None => out.push((names, *action)),
        }
    }
    if matches!(context, TextInput | List) {
        match out.iter_mut().find(|(_, a)| *a == Action::Submit) {
            Some((keys, _)) => keys.insert(0, "Ctrl-S".to_owned()),
            None => out.push((vec!["Ctrl-S".to_owned()], Action::Submit)),
        }
    }
    if matches!(context, Browse)
        && let Some((keys, _)) = out
            .iter_mut()
            .find(|(_, a)| matches!(a, Action::History(_)))
    {
        keys.extend(["Alt-←".to_owned(), "Alt-→".to_owned()]);
    }
    match out.iter_mut().find(|(_, a)| *a == Action::Quit) {
        Some((keys, _)) => keys.push("Ctrl-C".to_owned()),
        None => out.push((vec!["Ctrl-C".to_owned()], Action::Quit)),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::Lang;

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
        // Every printable character types in a text box: none is bound there.
        for ctx in [TextInput, Search, Field] {
            for c in (' '..='~').chain("潜在客户é".chars()) {
                assert_eq!(action(key(KeyCode::Char(c)), ctx), None, "{c} in {ctx:?}");
            }
            assert_eq!(
                action(key(KeyCode::F(1)), ctx),
                Some(Action::ToggleHelp),
                "F1 opens help from a text box"
            );
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
            for (_, a) in &h {
                assert!(!a.describe(Lang::En).is_empty() && !a.describe(Lang::ZhCn).is_empty());
            }
            // One hint per action: no "q quit · Ctrl-C quit".
            let mut actions: Vec<String> = h
                .iter()
                .map(|(_, a)| a.describe(Lang::En).to_owned())
                .collect();
            actions.sort();
            let n = actions.len();
            actions.dedup();
            assert_eq!(n, actions.len(), "{ctx:?}: {h:?}");
            assert!(
                h.iter().any(|(_, a)| *a == Action::ToggleHelp),
                "{ctx:?} has help"
            );
        }
        let browse = hints(Browse);
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        for (keys, action) in [
            (names(&["q", "Ctrl-C"]), Action::Quit),
            (names(&["1–9"]), Action::Number(0)),
            (names(&["/"]), Action::OpenSearch),
        ] {
            assert!(browse.contains(&(keys, action)), "{browse:?}");
        }
    }

    #[test]
    fn free_letters_start_a_type_ahead_and_bound_ones_only_after_a_quote() {
        let free = free_letters(Browse);
        assert!(free.contains('a') && free.contains('A') && !free.contains('s'));
        assert!(!free.contains('q') && !free.contains('L') && !free.contains('j'));
        assert_eq!(
            action_at(key(KeyCode::Char('a')), Browse, false),
            Some(Action::Find('a'))
        );
        assert_eq!(
            action_at(key(KeyCode::Char('s')), Browse, false),
            Some(Action::Home),
            "a command letter stays a command"
        );
        assert_eq!(
            action_at(key(KeyCode::Char('s')), Browse, true),
            Some(Action::Find('s')),
            "but continues a type-ahead"
        );
        assert_eq!(
            action_at(key(KeyCode::Char('\'')), Browse, false),
            Some(Action::FindPrefix)
        );
        assert_eq!(
            action_at(key(KeyCode::Char('3')), Browse, true),
            Some(Action::Number(3)),
            "digits are never type-ahead"
        );
        // Nowhere else: a text box types, the candidate list goes back to the box.
        for ctx in [TextInput, List, Search, Field, Help] {
            assert!(!matches!(
                action_at(key(KeyCode::Char('a')), ctx, true),
                Some(Action::Find(_))
            ));
        }
    }

    #[test]
    fn digits_g_g_and_brackets() {
        assert_eq!(
            action(key(KeyCode::Char('3')), Browse),
            Some(Action::Number(3))
        );
        assert_eq!(
            action(key(KeyCode::Char('g')), Browse),
            Some(Action::GoPrefix)
        );
        assert_eq!(action(key(KeyCode::Home), Browse), Some(Action::Top));
        assert_eq!(
            action(key(KeyCode::Char('G')), Browse),
            Some(Action::Bottom)
        );
        assert_eq!(
            action(key(KeyCode::Char('[')), Browse),
            Some(Action::History(false))
        );
        assert_eq!(
            action(key(KeyCode::Char(']')), Browse),
            Some(Action::History(true))
        );
        let alt = |c| KeyEvent::new(c, KeyModifiers::ALT);
        assert_eq!(
            action(alt(KeyCode::Right), Browse),
            Some(Action::History(true))
        );
    }
}
