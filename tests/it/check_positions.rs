//! `check` names an indentation mistake in a list item where it is: a list item's `-` one
//! column off from its list, and a choice's `next:` indented less than its `label:`.

use crate::common::leadwiz;

/// A guide whose choices and steps are written as authors write them, one key a line.
const GUIDE: &str = "\
guide:
  title: {en: Fixture guide, zh-CN: 测试指南}
  version: \"1\"
  languages: [en, zh-CN]
  start: start
  success: done
  escalation: fix
nodes:
  - id: start
    kind: question
    title: {en: Start, zh-CN: 开始}
    prompt: {en: What happened?, zh-CN: 发生了什么？}
    choices:
      - label:
          en: An error
          zh-CN: 一个错误
        next: fix
      - label:
          en: It works
          zh-CN: 它可以工作
        next: done
      - label:
          en: Something else
          zh-CN: 其他
        next: fix
  - id: fix
    kind: answer
    title: {en: Fix it, zh-CN: 修复}
    summary: {en: Do this., zh-CN: 这样做。}
    steps:
      - en: >-
          Open the settings.
        zh-CN: 打开设置。
      - en: Save them.
        zh-CN: 保存设置。
      - en: Try again.
        zh-CN: 再试一次。
  - id: done
    kind: end
    title: {en: Done, zh-CN: 完成}
";

/// The first error `leadwiz check` prints for GUIDE with line `line` (1-based) replaced by
/// `with`: its line, column and message.
fn first_error(line: usize, with: &str) -> (usize, usize, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut lines: Vec<&str> = GUIDE.lines().collect();
    lines[line - 1] = with;
    std::fs::write(dir.path().join("guide.yaml"), lines.join("\n") + "\n").unwrap();
    let out = leadwiz()
        .args(["check", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let error = text
        .lines()
        .find(|l| l.contains(": error: "))
        .unwrap_or_else(|| panic!("no error for line {line} as {with:?}:\n{text}"));
    let (at, message) = error.split_once(": error: ").unwrap();
    let mut parts = at.rsplitn(3, ':');
    let col = parts.next().unwrap().parse().unwrap();
    let line = parts.next().unwrap().parse().unwrap();
    (line, col, message.to_owned())
}

#[test]
fn guide_without_mistakes_has_no_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("guide.yaml"), GUIDE).unwrap();
    let out = leadwiz()
        .args(["check", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains(": error: "), "{text}");
}

/// Every item of the choices and of the steps, its dash one column left or right: the error is
/// at the dash, and says where the list's dashes are.
#[test]
fn a_list_items_dash_one_column_off_is_reported_at_the_dash() {
    let dashes: Vec<usize> = GUIDE
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("      - "))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(dashes.len(), 6);
    for line in dashes {
        let good = GUIDE.lines().nth(line - 1).unwrap();
        for (with, col) in [(format!(" {good}"), 8), (good[1..].to_owned(), 6)] {
            let (at, at_col, message) = first_error(line, &with);
            assert_eq!((at, at_col), (line, col), "{with:?}: {message}");
            assert!(
                message.starts_with(&format!(
                    "this list item's `-` is at column {col}, but the other items of its list \
                     have theirs at column 7: move the `-` to column 7"
                )),
                "{with:?}: {message}"
            );
        }
    }
}

/// A choice's `next:` one or two columns left of its `label:` is reported at `next:` as
/// indented too little, not as a choice without `next`.
#[test]
fn a_dedented_next_is_reported_at_next() {
    let nexts: Vec<usize> = GUIDE
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("        next: "))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(nexts.len(), 3);
    for line in nexts {
        let good = GUIDE.lines().nth(line - 1).unwrap();
        for cut in [1, 2] {
            let (at, col, message) = first_error(line, &good[cut..]);
            assert_eq!((at, col), (line, 9 - cut), "{message}");
            assert!(
                message.starts_with(
                    "`next` is indented less than `label` and the other keys of its item above \
                     (column 9), so it is not part of that item: indent `next` to column 9"
                ),
                "{message}"
            );
        }
    }
}
