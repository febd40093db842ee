//! Re-joining lines that a terminal, a mail client or a log viewer wrapped.

use std::borrow::Cow;

use super::is_cjk;

/// Joins hard-wrapped lines: a fixed-width wrap (every line but the last the same length) is
/// joined with nothing between; otherwise a hyphen at the end of a line before a lower-case word
/// is removed, a break between Chinese characters disappears, and any other break is a space.
pub fn join_wraps(text: &str) -> Cow<'_, str> {
    if !text.contains('\n') {
        return Cow::Borrowed(text);
    }
    let lines: Vec<&str> = text.split('\n').collect();
    if lines.len() >= 3 {
        let width = lines[0].chars().count();
        let fixed = width >= 40
            && lines[..lines.len() - 1]
                .iter()
                .all(|l| l.chars().count() == width)
            && lines[lines.len() - 1].chars().count() <= width;
        if fixed {
            return Cow::Owned(lines.concat());
        }
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in lines.iter().enumerate() {
        let line = if i == 0 { *line } else { line.trim_start() };
        if i == 0 {
            out.push_str(line);
            continue;
        }
        let trimmed_len = out.trim_end().len();
        out.truncate(trimmed_len);
        let prev = out.chars().last();
        let before_prev = out.chars().rev().nth(1);
        let next = line.chars().next();
        match (before_prev, prev, next) {
            (Some(b), Some('-'), Some(n)) if b.is_alphabetic() && n.is_lowercase() => {
                out.pop();
            }
            (_, Some(p), Some(n)) if is_cjk(p) && is_cjk(n) => {}
            (_, None, _) | (_, _, None) => {}
            _ => out.push(' '),
        }
        out.push_str(line);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_are_rejoined() {
        assert_eq!(
            join_wraps("Could not save the\n  lead to Dynamics"),
            "Could not save the lead to Dynamics"
        );
        assert_eq!(
            join_wraps("the lead-\nsourcecode attribute"),
            "the leadsourcecode attribute"
        );
        assert_eq!(join_wraps("找不到\n租户"), "找不到租户");
        let message = "Could not save the lead to Dynamics CRM. LastCRMError: SecLib::RetrievePrivilegeForUser failed - no roles are assigned to user. Type=systemuser";
        let chars: Vec<char> = message.chars().collect();
        let wrapped: Vec<String> = chars.chunks(50).map(|c| c.iter().collect()).collect();
        assert_eq!(join_wraps(&wrapped.join("\n")), message);
    }
}
