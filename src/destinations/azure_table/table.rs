//! The leads of a listing as an aligned text table.

use crate::destinations::Report;
use crate::guide::Lang;
use crate::width::{display_width, ellipsize};

/// `2026-11-28T04:37:51.5109167Z` as `2026-11-28 04:37:51 UTC`; other text as it is.
fn readable_time(t: &str) -> String {
    let b = t.as_bytes();
    let shaped = b.len() >= 20
        && t.ends_with('Z')
        && b[..19].iter().enumerate().all(|(i, &c)| match i {
            4 | 7 => c == b'-',
            10 => c == b'T',
            13 | 16 => c == b':',
            _ => c.is_ascii_digit(),
        });
    // The first 19 bytes are ASCII: slicing there is on character boundaries.
    if shaped {
        format!("{} {} UTC", &t[..10], &t[11..19])
    } else {
        t.to_owned()
    }
}

/// The leads of a `leads` report as an aligned table (nothing when there are none).
pub fn leads_table(report: &Report, lang: Lang) -> String {
    let Some(leads) = report.data["leads"].as_array().filter(|l| !l.is_empty()) else {
        return String::new();
    };
    let header: [&str; 6] = lang.pick(
        ["time", "name", "company", "e-mail", "lead source", "action"],
        [
            "时间",
            "姓名",
            "公司",
            "电子邮件",
            "潜在顾客来源",
            "操作代码",
        ],
    );
    let rows: Vec<[String; 6]> = leads
        .iter()
        .map(|l| {
            let s = |k: &str| l[k].as_str().unwrap_or("").to_owned();
            [
                readable_time(&s("time")),
                s("name"),
                s("company"),
                s("email"),
                s("lead_source"),
                s("action_code"),
            ]
        })
        .collect();
    let width = display_width;
    let cell = |c: &str| ellipsize(c, 40);
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(width(&cell(c)));
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let c = cell(c);
            s.push_str(&c);
            if i + 1 < cells.len() {
                // Widths are measured on the same cut text; a character whose width is counted
                // differently never makes the padding negative.
                s.push_str(&" ".repeat(widths[i].saturating_sub(width(&c)) + 2));
            }
        }
        s.trim_end().to_owned() + "\n"
    };
    let mut out = line(header.to_vec());
    for r in &rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::destinations::azure_table::entities::lead;
    use serde_json::json;

    #[test]
    fn a_lead_named_in_emoji_lines_up_without_panic() {
        let heart = "\u{2764}\u{fe0f}".repeat(30);
        let entity =
            json!({"FirstName": heart, "Company": "\u{1b}]52;c;aGk=\u{7}Evil\u{202e}Corp"});
        let l = lead(entity.as_object().unwrap(), true);
        assert!(
            !l.company.contains(['\u{1b}', '\u{7}', '\u{202e}']),
            "{:?}",
            l.company
        );
        let mut r = Report::new("azure-table-leads", "t");
        r.data = json!({ "leads": [l] });
        let table = leads_table(&r, Lang::En);
        assert_eq!(table.lines().count(), 2, "{table}");
    }

    #[test]
    fn times_are_readable() {
        assert_eq!(
            readable_time("2026-11-28T04:37:51.5109167Z"),
            "2026-11-28 04:37:51 UTC"
        );
        // A multi-byte character where the seconds end: shown as it is, no panic.
        assert_eq!(
            readable_time("2026-11-28T04:37:5é.51Z"),
            "2026-11-28T04:37:5é.51Z"
        );
    }
}
