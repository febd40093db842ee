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

/// Sorts diagnostics by file, line, column, then errors before warnings.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
    });
}
