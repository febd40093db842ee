//! Crafted content folders: `check` and `--content` read only regular files, each to a size
//! limit, refuse alias bombs and deep nesting before parsing, and report the folder's
//! unreadable parts while loading the rest.

use std::path::Path;
use std::time::Duration;

use crate::common::leadwiz;

/// A copy of the built-in content in a temporary folder.
fn content_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    dir
}

/// `leadwiz check DIR`: its exit status and output. A check that hangs fails at 60 s; how long
/// each of these inputs takes is measured by `benches/hardening.sh`, not asserted here.
fn check(dir: &Path) -> (i32, String) {
    let out = leadwiz()
        .arg("check")
        .arg(dir)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

#[cfg(unix)]
#[test]
fn a_fifo_a_link_to_dev_zero_and_an_unreadable_folder_are_left_out() {
    let dir = content_copy();
    let fifo = dir.path().join("fifo.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.yaml")).unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("more.yaml"), "nodes: []\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads any folder: the test checks what it can.
    let unreadable = std::fs::read_dir(&locked).is_err();

    let (code, text) = check(dir.path());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("fifo.yaml:1:1: warning: left out: not a regular file"),
        "{text}"
    );
    assert!(
        text.contains("zero.yaml:1:1: warning: left out: not a regular file"),
        "{text}"
    );
    if unreadable {
        assert!(
            text.contains("locked/:1:1: warning: left out: cannot read this folder"),
            "{text}"
        );
    }
    // The guide itself loads: the wizard's commands work on the folder.
    let out = leadwiz()
        .arg("--content")
        .arg(dir.path())
        .args(["show", "start"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn a_file_over_the_size_limit_is_an_error_not_a_read() {
    let dir = content_copy();
    let big = std::fs::File::create(dir.path().join("big.yaml")).unwrap();
    big.set_len(9 << 20).unwrap();
    let (code, text) = check(dir.path());
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("big.yaml:1:1: error: cannot read this file: larger than 8 MB"),
        "{text}"
    );
}

/// A 1 MB string reused 3,000 times through aliases is refused before it is expanded: the
/// check ends in seconds, in little memory (3.1 GB before).
#[test]
fn an_alias_bomb_is_refused_before_parsing() {
    let dir = content_copy();
    let mut bomb = format!(
        "nodes:\n  - id: bomb\n    kind: end\n    title:\n      en: &big \"{}\"\n    related:\n",
        "x".repeat(1 << 20)
    );
    for _ in 0..3000 {
        bomb.push_str("      - *big\n");
    }
    std::fs::write(dir.path().join("bomb.yaml"), bomb).unwrap();
    let (code, text) = check(dir.path());
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("bomb.yaml:") && text.contains("aliases expand this file to more than 32 MB"),
        "{text}"
    );
}

/// 100,000 nested `[` (200 KB) took 45 s to check: refused at depth 64 at once.
#[test]
fn deep_nesting_is_refused_at_once() {
    let dir = content_copy();
    let deep = format!("nodes: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(dir.path().join("deep.yaml"), deep).unwrap();
    let (code, text) = check(dir.path());
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("deep.yaml:1:71: error: mappings and lists nest more than 64 levels deep"),
        "{text}"
    );
}

/// 5,000 references to nodes that do not exist are each reported (they took 5.5 s of CPU
/// before in a debug build; `benches/hardening.sh` measures them).
#[test]
fn many_dangling_references_are_each_reported() {
    let dir = content_copy();
    let mut text = String::from(
        "nodes:\n  - id: many-refs\n    kind: end\n    title: {en: Many, zh-CN: 多}\n    related:\n",
    );
    for i in 0..5000 {
        text.push_str(&format!("      - missing-node-number-{i}\n"));
    }
    std::fs::write(dir.path().join("refs.yaml"), text).unwrap();
    let (code, out) = check(dir.path());
    assert_eq!(code, 1);
    assert!(
        out.contains("missing-node-number-4999"),
        "{}",
        &out[..out.len().min(2000)]
    );
}
