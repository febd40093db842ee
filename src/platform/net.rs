//! What kind of network failure an error is, from the `io::ErrorKind` somewhere in its chain of
//! causes, never from its message: the operating system words it in the user's language
//! ("No connection could be made because the target machine actively refused it" on Windows,
//! "Connection refused" on Linux, translated on a Chinese system).

use std::error::Error;
use std::io;

/// The kind of the first `io::Error` in `err`'s chain of causes (`err` itself included).
pub fn io_error_kind(err: &(dyn Error + 'static)) -> Option<io::ErrorKind> {
    let mut next = Some(err);
    while let Some(e) = next {
        if let Some(io) = e.downcast_ref::<io::Error>() {
            // An `io::Error` that only wraps another error (kind `Other`) says little itself:
            // look inside it first.
            if let Some(inner) = io.get_ref()
                && let Some(kind) = io_error_kind(inner)
            {
                return Some(kind);
            }
            return Some(io.kind());
        }
        next = e.source();
    }
    None
}

/// Whether the connection was refused: nothing listens at that address and port.
pub fn is_connection_refused(err: &(dyn Error + 'static)) -> bool {
    io_error_kind(err) == Some(io::ErrorKind::ConnectionRefused)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error that wraps another, as HTTP clients wrap the socket's error.
    #[derive(Debug)]
    struct Wrapped(&'static str, Box<dyn Error + Send + Sync>);

    impl std::fmt::Display for Wrapped {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl Error for Wrapped {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            Some(&*self.1)
        }
    }

    #[test]
    fn a_refusal_is_found_by_its_kind_whatever_the_words() {
        // Windows' wording, and a Chinese system's: neither says "connection refused".
        for words in [
            "No connection could be made because the target machine actively refused it. (os error 10061)",
            "由于目标计算机积极拒绝，无法连接。 (os error 10061)",
        ] {
            let socket = io::Error::new(io::ErrorKind::ConnectionRefused, words);
            let err = Wrapped(
                "error sending request",
                Box::new(Wrapped("client error (Connect)", Box::new(socket))),
            );
            assert!(is_connection_refused(&err), "{words}");
        }
    }

    #[test]
    fn the_words_alone_do_not_make_a_refusal() {
        let err = Wrapped(
            "connection refused",
            Box::new(io::Error::other("Connection refused")),
        );
        assert!(!is_connection_refused(&err));
        assert_eq!(io_error_kind(&err), Some(io::ErrorKind::Other));
        let none = Wrapped("connection refused", Box::new(Wrapped("x", "y".into())));
        assert_eq!(io_error_kind(&none), None);
    }

    #[test]
    fn an_io_error_wrapping_another_is_looked_into() {
        let inner = Wrapped(
            "tcp connect error",
            Box::new(io::Error::from(io::ErrorKind::ConnectionRefused)),
        );
        let outer = io::Error::other(inner);
        assert!(is_connection_refused(&outer));
    }
}
