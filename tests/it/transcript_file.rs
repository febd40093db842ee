//! A transcript holds a customer's data: it is created readable by its owner only, never
//! written through a symbolic link, and never replaces a file unless asked (`--force`).

#[cfg(unix)]
use crate::common::leadwiz;

#[cfg(unix)]
fn run(path: &std::path::Path, force: bool) -> std::process::Output {
    let mut cmd = leadwiz();
    cmd.args(["--plain", "--transcript"]).arg(path);
    if force {
        cmd.arg("--force");
    }
    cmd.write_stdin("q\n").output().unwrap()
}

#[cfg(unix)]
#[test]
fn transcripts_are_private_and_never_replace_or_follow_unasked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ticket.md");

    let out = run(&path, false);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "created {mode:o}");

    // Already there: not replaced, and said so before the session starts.
    std::fs::write(&path, "the customer's earlier ticket").unwrap();
    let out = run(&path, false);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "the customer's earlier ticket"
    );

    // Replaced when asked, still private.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = run(&path, true);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("# leadwiz session transcript")
    );
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "replaced {mode:o}");

    // A link planted at the path is never followed, not even with --force.
    let target = dir.path().join("victim");
    std::fs::write(&target, "do not overwrite").unwrap();
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for force in [false, true] {
        let out = run(&link, force);
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("symbolic link"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "do not overwrite"
        );
    }
    // A dangling link neither.
    let dangling = dir.path().join("dangling.md");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
    let out = run(&dangling, true);
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("nowhere").exists());
}

#[cfg(unix)]
#[test]
fn a_link_planted_during_the_session_is_not_followed() {
    use leadwiz::transcript::write_private;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("victim");
    std::fs::write(&target, "keep").unwrap();
    let link = dir.path().join("t.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for replace in [false, true] {
        let e = write_private(&link, b"data", replace).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
}
