//! Diagnostics: what `leadwiz check` reports, compiler style.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One finding, at a 1-based line and column of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Diagnostic {
    pub fn error(at: Position, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, at, message)
    }

    pub fn warning(at: Position, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, at, message)
    }

    fn new(severity: Severity, at: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: at.file,
            line: at.line,
            column: at.column,
            message: message.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // File names and messages quote content: printed without its escape sequences.
        write!(
            f,
            "{}:{}:{}: {}: {}",
            crate::sanitise::line(&self.file),
            self.line,
            self.column,
            self.severity.as_str(),
            crate::sanitise::line(&self.message)
        )
    }
}

/// A place in a content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub fn new(file: impl Into<String>, line: usize, column: usize) -> Self {
        Position {
            file: file.into(),
            line: line.max(1),
            column: column.max(1),
        }
    }
}

/// Sorts diagnostics by file, line, column, then errors before warnings, then message.
///
/// A large guide has tens of thousands of warnings (two for each node without sources), so
/// each file is ranked once and the comparisons are of numbers; messages are compared only
/// between diagnostics at the same place.
pub fn sort(diags: &mut [Diagnostic]) {
    let mut files: Vec<&str> = diags.iter().map(|d| d.file.as_str()).collect();
    // Diagnostics come file by file: the runs of one file go first.
    files.dedup();
    files.sort_unstable();
    files.dedup();
    let mut last: Option<(&str, u32)> = None;
    let rank: Vec<u32> = diags
        .iter()
        .map(|d| match last {
            Some((file, r)) if file == d.file => r,
            _ => {
                let r = files.binary_search(&d.file.as_str()).unwrap_or(0) as u32;
                last = Some((d.file.as_str(), r));
                r
            }
        })
        .collect();
    // (file, line, column, severity, index), side by side in memory.
    let mut keys: Vec<(u32, usize, usize, Severity, usize)> = diags
        .iter()
        .zip(rank)
        .enumerate()
        .map(|(i, (d, r))| (r, d.line, d.column, d.severity, i))
        .collect();
    keys.sort_unstable_by(|a, b| {
        (a.0, a.1, a.2, a.3)
            .cmp(&(b.0, b.1, b.2, b.3))
            .then_with(|| diags[a.4].message.cmp(&diags[b.4].message))
            .then(a.4.cmp(&b.4))
    });
    let order: Vec<usize> = keys.into_iter().map(|k| k.4).collect();
    // Put each diagnostic where it belongs, following the permutation's cycles.
    let mut place: Vec<usize> = vec![0; order.len()];
    for (to, &from) in order.iter().enumerate() {
        place[from] = to;
    }
    for i in 0..diags.len() {
        while place[i] != i {
            let j = place[i];
            diags.swap(i, j);
            place.swap(i, j);
        }
    }
}

#[cfg(test)]
mod sort_tests {
    use super::*;

    #[test]
    fn sorts_by_file_line_column_severity_and_message() {
        let d = |file: &str, line, column, severity, message: &str| Diagnostic {
            severity,
            file: file.into(),
            line,
            column,
            message: message.into(),
        };
        // What `sort` must give: the order of comparing the fields one after the other.
        let by_fields = |all: &mut Vec<Diagnostic>| {
            all.sort_by(|a, b| {
                (&a.file, a.line, a.column, a.severity, &a.message)
                    .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
            })
        };
        let w = Severity::Warning;
        let e = Severity::Error;
        let mut all = vec![
            d("b.yaml", 2, 9, w, "names no sources"),
            d("b.yaml", 2, 9, w, "has no reviewed date"),
            d("a.yaml", 10, 1, w, "z"),
            d("b.yaml", 1, 1, w, "x"),
            d("b.yaml", 2, 9, e, "zz"),
            d("a.yaml", 2, 3, w, "y"),
            d("a.yaml", 2, 3, w, "y"),
            d("guide.yaml", 1, 1, e, "first"),
        ];
        let mut expected = all.clone();
        by_fields(&mut expected);
        sort(&mut all);
        assert_eq!(all, expected);
        let mut many: Vec<Diagnostic> = (0..2000)
            .map(|i| {
                d(
                    &format!("f{}.yaml", (i * 7) % 13),
                    (i * 31) % 17,
                    i % 3,
                    w,
                    &format!("m{}", i % 5),
                )
            })
            .collect();
        let mut expected = many.clone();
        by_fields(&mut expected);
        sort(&mut many);
        assert_eq!(many, expected);
    }
}
