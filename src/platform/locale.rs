//! The user's language: the POSIX variables first (`LC_ALL`, then `LC_MESSAGES`, then `LANG`:
//! the first one set and not empty wins, even `C`), else the operating system's own setting
//! (Windows and macOS set no such variables: the display language chosen in Settings or System
//! Settings). On Linux and the BSDs the variables are the system's setting.

/// The locale the user asked for, as a string such as `zh_CN.UTF-8` or `zh-Hans-CN`; `None`
/// when nothing says.
pub fn preferred() -> Option<String> {
    choose(|k| std::env::var(k).ok(), system)
}

/// The display language of Windows (GetUserDefaultLocaleName) or macOS (the first preferred
/// language).
#[cfg(any(windows, target_vendor = "apple"))]
fn system() -> Option<String> {
    sys_locale::get_locale()
}

/// Elsewhere the environment is the system's setting, and `LC_CTYPE` (which a system library
/// would read next) says how to read text, not which language to speak.
#[cfg(not(any(windows, target_vendor = "apple")))]
fn system() -> Option<String> {
    None
}

/// The choice itself: `env` reads a variable, `os` asks the system.
pub fn choose(
    env: impl Fn(&str) -> Option<String>,
    os: impl FnOnce() -> Option<String>,
) -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(env)
        .find(|v| !v.trim().is_empty())
        .or_else(|| os().filter(|v| !v.trim().is_empty()))
}

#[cfg(test)]
mod tests {
    use super::choose;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_variables_come_first_in_their_order() {
        let os = || Some("en-US".to_owned());
        let all = [
            ("LC_ALL", "zh_CN.UTF-8"),
            ("LC_MESSAGES", "fr_FR"),
            ("LANG", "de_DE"),
        ];
        assert_eq!(choose(env(&all), os).as_deref(), Some("zh_CN.UTF-8"));
        assert_eq!(
            choose(env(&all[1..]), os).as_deref(),
            Some("fr_FR"),
            "LC_MESSAGES before LANG"
        );
        assert_eq!(choose(env(&all[2..]), os).as_deref(), Some("de_DE"));
        // An empty variable does not count; `C` does (the user asked for no translation).
        assert_eq!(
            choose(env(&[("LC_ALL", ""), ("LANG", "zh_CN.UTF-8")]), os).as_deref(),
            Some("zh_CN.UTF-8")
        );
        assert_eq!(choose(env(&[("LANG", "C")]), os).as_deref(), Some("C"));
    }

    #[test]
    fn without_variables_the_system_language_is_used() {
        // Windows: GetUserDefaultLocaleName; macOS: the first preferred language.
        assert_eq!(
            choose(env(&[]), || Some("zh-CN".to_owned())).as_deref(),
            Some("zh-CN")
        );
        assert_eq!(
            choose(env(&[("LANG", " ")]), || Some("zh-Hans-CN".to_owned())).as_deref(),
            Some("zh-Hans-CN")
        );
        assert_eq!(choose(env(&[]), || None), None);
        assert_eq!(choose(env(&[]), || Some(String::new())), None);
    }
}
