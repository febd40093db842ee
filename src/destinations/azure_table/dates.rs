//! `--since`: a date or an RFC 3339 time as the OData filter of a listing, or an error.

use crate::destinations::Msg;
use crate::{sanitise, width};

/// `2026-11-01` or `2026-11-01T10:00:00Z` (an RFC 3339 time) as an OData datetime literal; a
/// date that does not exist (`2026-13-45`) or any other text is an error.
pub fn since_filter(since: &str) -> Result<String, Msg> {
    let s = since.trim();
    let bad = || {
        let shown = width::ellipsize(&sanitise::line(since), 40);
        Msg::from((
            format!(
                "`{shown}` is not a date: use YYYY-MM-DD (such as 2026-11-01) or an RFC 3339 time (2026-11-01T10:00:00Z)"
            ),
            format!(
                "`{shown}` 不是日期：请使用 YYYY-MM-DD（例如 2026-11-01）或 RFC 3339 时间（2026-11-01T10:00:00Z）"
            ),
        ))
    };
    if !s.is_ascii() || s.len() < 10 {
        return Err(bad());
    }
    let (date, rest) = s.split_at(10);
    if !valid_date(date) {
        return Err(bad());
    }
    let iso = if rest.is_empty() {
        format!("{date}T00:00:00Z")
    } else if rest.starts_with(['T', 't']) && valid_time(&rest[1..]) {
        format!("{date}T{}", rest[1..].to_ascii_uppercase())
    } else {
        return Err(bad());
    };
    Ok(format!("Timestamp ge datetime'{iso}'"))
}

/// `YYYY-MM-DD`, a day that exists.
fn valid_date(d: &str) -> bool {
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return false;
    }
    let (Ok(y), Ok(m), Ok(day)) = (
        d[..4].parse::<i32>(),
        d[5..7].parse::<u8>(),
        d[8..].parse::<u8>(),
    ) else {
        return false;
    };
    time::Month::try_from(m)
        .and_then(|m| time::Date::from_calendar_date(y, m, day))
        .is_ok()
}

/// `HH:MM:SS`, optional fraction (up to 7 digits), then `Z` or `±HH:MM`.
fn valid_time(t: &str) -> bool {
    let b = t.as_bytes();
    let two = |i: usize, max: u8| {
        b.get(i..i + 2)
            .filter(|p| p.iter().all(u8::is_ascii_digit))
            .is_some_and(|p| (p[0] - b'0') * 10 + (p[1] - b'0') <= max)
    };
    if !(two(0, 23)
        && b.get(2) == Some(&b':')
        && two(3, 59)
        && b.get(5) == Some(&b':')
        && two(6, 59))
    {
        return false;
    }
    let mut rest = &t[8..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=7).contains(&n) {
            return false;
        }
        rest = &frac[n..];
    }
    match rest.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', ..] if rest.len() == 6 => {
            let z = &rest.as_bytes()[1..];
            z[2] == b':' && z[..2].iter().chain(&z[3..]).all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_filters() {
        assert_eq!(
            since_filter("2026-11-01").unwrap(),
            "Timestamp ge datetime'2026-11-01T00:00:00Z'"
        );
        assert!(since_filter("yesterday").is_err());
        assert!(since_filter("2026-11-01' or true").is_err());
        // Days that do not exist, and multi-byte characters where a digit belongs (no panic).
        for bad in [
            "2026-13-45",
            "2026-02-30",
            "2026-11-0é1",
            "2026-11-01Té",
            "2026-11-01T25:00:00Z",
            "2026-11-01T10:00:00",
            "２０２６-11-01",
            "",
        ] {
            assert!(since_filter(bad).is_err(), "{bad}");
        }
        assert_eq!(
            since_filter("2024-02-29T10:00:00.5+01:00").unwrap(),
            "Timestamp ge datetime'2024-02-29T10:00:00.5+01:00'"
        );
    }
}
