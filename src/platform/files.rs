//! Files only their owner may read: created new (never through a link, never over a file
//! already there), mode 0600 on Unix; on Windows a new file inherits the folder's access list,
//! which for the user's own folders is the user's.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Creates `path` as a new file readable and writable by its owner only. Fails when anything is
/// at `path`, a symbolic link included (dangling or not): nothing is followed or replaced.
pub fn create_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}
