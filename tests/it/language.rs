//! The language chosen without `--lang`: `LC_ALL`, then `LC_MESSAGES`, then `LANG` (the first
//! one set wins, even `C`); on Linux nothing else (the display language of Windows and macOS is
//! asked for in `src/platform/locale.rs`, whose unit tests cover the order with it).

use crate::common::leadwiz;

fn start_page(vars: &[(&str, &str)]) -> String {
    let mut cmd = leadwiz();
    cmd.env_remove("LC_CTYPE").args(["show", "start"]);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

const ZH: &str = "你需要哪方面的帮助？";
const EN: &str = "What do you need help with?";

#[test]
fn lc_messages_comes_before_lang_and_c_means_english() {
    let page = start_page(&[("LC_MESSAGES", "zh_CN.UTF-8"), ("LANG", "en_US.UTF-8")]);
    assert!(page.contains(ZH), "{page}");
    let page = start_page(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")]);
    assert!(page.contains(EN), "{page}");
    let page = start_page(&[("LC_ALL", ""), ("LANG", "zh_CN.UTF-8")]);
    assert!(
        page.contains(ZH),
        "an empty variable does not count: {page}"
    );
}

#[cfg(all(unix, not(target_vendor = "apple")))]
#[test]
fn lc_ctype_says_how_to_read_text_not_which_language_to_speak() {
    let page = start_page(&[("LC_CTYPE", "zh_CN.UTF-8")]);
    assert!(page.contains(EN), "{page}");
}
