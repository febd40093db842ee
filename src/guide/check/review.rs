//! Freshness: every node names the documents its facts come from and the date it was last
//! checked against them; `leadwiz check` warns when either is missing or the review is old.

use time::{Date, Month};

use super::Checker;
use crate::guide::check::check_url;
use crate::guide::diagnostic::Diagnostic;

/// How old a review may be before `leadwiz check` asks for another, and the day to count from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewPolicy {
    /// The most days since `reviewed` that pass without a warning.
    pub max_age_days: i64,
    /// Today (a fixed date makes a check reproducible).
    pub today: Date,
}

/// A review is due once a year unless the author says otherwise.
pub const DEFAULT_MAX_AGE_DAYS: i64 = 365;

impl Default for ReviewPolicy {
    fn default() -> Self {
        ReviewPolicy {
            max_age_days: DEFAULT_MAX_AGE_DAYS,
            today: time::OffsetDateTime::now_utc().date(),
        }
    }
}

/// Reads a calendar date written `YYYY-MM-DD` (and nothing else).
pub fn parse_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = &text[r];
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let year = i32::try_from(digits(0..4)?).ok()?;
    let month = Month::try_from(u8::try_from(digits(5..7)?).ok()?).ok()?;
    let day = u8::try_from(digits(8..10)?).ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

impl Checker<'_> {
    /// Sources and review date of node `i`: malformed ones are errors; missing or old ones are
    /// warnings (the content still works, but nobody can say it is still true).
    pub(super) fn review(&mut self, i: usize, policy: &ReviewPolicy) {
        let node = self.node(i);
        let id = node.id.as_str();
        for source in &node.sources {
            if source.title.trim().is_empty() {
                let at = self.at_value(i, "url", &source.url);
                self.out
                    .push(Diagnostic::error(at, "a source has an empty `title`"));
            }
            if let Err(why) = check_url(&source.url) {
                let at = self.at_value(i, "url", &source.url);
                self.out.push(Diagnostic::error(
                    at,
                    format!("malformed source URL `{}`: {why}", source.url),
                ));
            }
            match parse_date(source.seen.trim()) {
                None => {
                    let at = self.at_value(i, "seen", &source.seen);
                    self.out.push(Diagnostic::error(
                        at,
                        format!(
                            "`seen` of a source is `{}`, not a date (write it as YYYY-MM-DD)",
                            source.seen
                        ),
                    ));
                }
                Some(seen) if seen > policy.today => {
                    let at = self.at_value(i, "seen", &source.seen);
                    self.out.push(Diagnostic::warning(
                        at,
                        format!(
                            "`seen` of a source of `{id}` is {seen}, after today ({})",
                            policy.today
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        if node.sources.is_empty() {
            let at = self.at_id(i);
            self.out.push(Diagnostic::warning(
                at,
                format!(
                    "`{id}` names no `sources`: list the documents its facts come from (title, url, seen)"
                ),
            ));
        }
        let Some(reviewed) = &node.reviewed else {
            let at = self.at_id(i);
            self.out.push(Diagnostic::warning(
                at,
                format!(
                    "`{id}` has no `reviewed` date: check it against its sources, then set `reviewed: YYYY-MM-DD`"
                ),
            ));
            return;
        };
        let at = self.at_value(i, "reviewed", reviewed);
        match parse_date(reviewed.trim()) {
            None => self.out.push(Diagnostic::error(
                at,
                format!("`reviewed` is `{reviewed}`, not a date (write it as YYYY-MM-DD)"),
            )),
            Some(date) if date > policy.today => self.out.push(Diagnostic::warning(
                at,
                format!(
                    "`{id}` is marked reviewed on {date}, after today ({})",
                    policy.today
                ),
            )),
            Some(date) if (policy.today - date).whole_days() > policy.max_age_days => {
                self.out.push(Diagnostic::warning(
                    at,
                    format!(
                        "`{id}` was last reviewed on {date}, more than {} days ago: check it against its sources, then update `reviewed`",
                        policy.max_age_days
                    ),
                ))
            }
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2026-12-02"),
            Date::from_calendar_date(2026, Month::December, 2).ok()
        );
        assert_eq!(
            parse_date("2024-02-29"),
            Date::from_calendar_date(2024, Month::February, 29).ok()
        );
        for bad in [
            "2025-02-29",
            "2026-13-01",
            "2026-12-2",
            "02-12-2026",
            "2026/12/02",
            "2026-12-02T00:00",
            "+026-12-02",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
