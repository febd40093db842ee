//! Wall-clock times as people read them: local time when the offset can be known, else UTC.
//!
//! The local offset is read once, by `init`, while the process still has one thread (reading it
//! later is refused on Linux once other threads exist).

use std::sync::OnceLock;

use time::{OffsetDateTime, UtcOffset};

static OFFSET: OnceLock<UtcOffset> = OnceLock::new();

/// Reads the local offset; call first thing in `main`.
pub fn init() {
    OFFSET.get_or_init(|| UtcOffset::current_local_offset().unwrap_or(UtcOffset::UTC));
}

/// Now, in local time (UTC when `init` was not called or the offset is unknown).
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc().to_offset(*OFFSET.get().unwrap_or(&UtcOffset::UTC))
}

/// `2026-11-28 14:03:09 +01:00`
pub fn date_time(t: OffsetDateTime) -> String {
    let o = t.offset();
    let (h, m) = (o.whole_hours(), o.minutes_past_hour().abs());
    let sign = if o.is_negative() { '-' } else { '+' };
    format!(
        "{:04}-{:02}-{:02} {} {sign}{:02}:{m:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        clock_time(t),
        h.abs()
    )
}

/// `14:03:09`
pub fn clock_time(t: OffsetDateTime) -> String {
    format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
}

/// `20261128-140309`, for file names.
pub fn file_stamp(t: OffsetDateTime) -> String {
    format!(
        "{:04}{:02}{:02}-{:02}{:02}{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let t = OffsetDateTime::from_unix_timestamp(1_795_833_789)
            .unwrap()
            .to_offset(UtcOffset::from_hms(-5, -30, 0).unwrap());
        assert_eq!(date_time(t), "2026-11-27 21:13:09 -05:30");
        assert_eq!(clock_time(t), "21:13:09");
        assert_eq!(file_stamp(t), "20261127-211309");
    }
}
