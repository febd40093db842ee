#[allow(dead_code)]
pub mod screen;
#[allow(dead_code)]
pub mod server;
#[allow(dead_code)]
pub mod synthetic;

/// The built binary, with the locale cleared (so it speaks English unless told otherwise).
#[allow(dead_code)]
pub fn leadwiz() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("leadwiz").expect("the binary is built");
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    cmd
}
