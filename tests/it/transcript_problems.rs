//! The transcript of a wizard session driven through actions: one outcome per problem worked
//! on, the searches made, runs of Back folded into one step, history moves as one step.

use crate::common;

use leadwiz::guide::{Guide, Lang, Sources};
use leadwiz::session::{Event, Session};
use leadwiz::transcript::{Context, Format, render};
use leadwiz::tui::action::Action;
use leadwiz::tui::app::{App, Item};

fn app() -> App {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    let session = Session::new(&guide);
    App::new(guide, Lang::En, session)
}

fn ctx() -> Context {
    Context {
        date: "2026-12-02 09:00:00 +00:00".into(),
        source: "built-in".into(),
    }
}

/// Moves the selection to `item` with Down presses and opens it.
fn select(app: &mut App, item: Item) {
    let at = app
        .items()
        .iter()
        .position(|i| *i == item)
        .unwrap_or_else(|| panic!("{item:?} on {}", app.session().current()));
    app.update(Action::Top);
    for _ in 0..at {
        app.update(Action::Down);
    }
    app.update(Action::Select);
}

fn search(app: &mut App, words: &str, id: &str) {
    app.update(Action::OpenSearch);
    common::clear_search(app);
    common::type_text(app, words);
    let at = app
        .search_results()
        .iter()
        .position(|n| n.id == id)
        .unwrap_or_else(|| panic!("{id} found by {words}"));
    for _ in 0..at {
        app.update(Action::Down);
    }
    app.update(Action::Select);
    assert_eq!(app.session().current(), id);
}

/// Fixes one problem, then searches, wanders back, and escalates another.
fn fixed_then_escalated() -> App {
    let mut app = app();
    // Problem 1: the error list, the first error, "yes, this fixed it".
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Select);
    app.update(Action::Select);
    assert_eq!(app.session().current(), "dynamics-login-failed");
    select(&mut app, Item::FollowUp(true));
    assert_eq!(app.session().current(), "resolved");
    // Problem 2: found by search, not fixed, back twice to the start, then on to support.
    app.update(Action::Home);
    search(
        &mut app,
        "tenant not found",
        "dynamics-aad-tenant-not-found",
    );
    select(&mut app, Item::FollowUp(false));
    app.update(Action::Back);
    app.update(Action::Back);
    assert_eq!(app.session().current(), "start");
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Select);
    app.update(Action::Select);
    for _ in 0..6 {
        if app.session().current() == app.guide().meta.escalation {
            break;
        }
        select(&mut app, Item::FollowUp(false));
    }
    assert_eq!(app.session().current(), app.guide().meta.escalation);
    app
}

#[test]
fn each_problem_keeps_its_own_outcome() {
    let app = fixed_then_escalated();
    let json: serde_json::Value = serde_json::from_str(&render(
        app.guide(),
        app.session(),
        Lang::En,
        &ctx(),
        Format::Json,
    ))
    .unwrap();
    let problems = json["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_eq!(problems[0]["outcome"], "fixed");
    assert_eq!(problems[0]["node"], "dynamics-login-failed");
    assert_eq!(problems[1]["outcome"], "escalated");
    let tried = problems[1]["tried"].as_array().unwrap();
    assert!(
        tried.contains(&"dynamics-aad-tenant-not-found".into()),
        "{tried:?}"
    );
    assert_eq!(json["outcome"], "escalated");

    let md = render(
        app.guide(),
        app.session(),
        Lang::En,
        &ctx(),
        Format::Markdown,
    );
    assert!(
        md.contains("- End state: **fixed**, then **escalated (support ticket)**"),
        "{md}"
    );
    assert!(md.contains("## Problems worked on"), "{md}");
    assert!(
        md.contains("1. **fixed**: Partner Center cannot sign in to Dynamics CRM"),
        "{md}"
    );
    let zh = render(
        app.guide(),
        app.session(),
        Lang::ZhCn,
        &ctx(),
        Format::Markdown,
    );
    assert!(zh.contains("## 处理过的问题"), "{zh}");
    assert!(
        zh.contains("**已解决**，然后**已升级（支持工单）**"),
        "{zh}"
    );
}

#[test]
fn searches_are_recorded_and_a_run_of_back_presses_is_one_step() {
    let app = fixed_then_escalated();
    let md = render(
        app.guide(),
        app.session(),
        Lang::En,
        &ctx(),
        Format::Markdown,
    );
    let searched: Vec<&str> = md.lines().filter(|l| l.contains("Searched for")).collect();
    assert_eq!(searched.len(), 1, "{md}");
    assert!(
        searched[0].contains("Searched for “tenant not found”: "),
        "{md}"
    );
    let back: Vec<&str> = md.lines().filter(|l| l.contains("Went back")).collect();
    // Home (start over) and the two Back presses: two steps, not three.
    assert_eq!(back.len(), 2, "{md}");
    assert!(back[1].ends_with("Went back 2 pages to `start`"), "{md}");
    let zh = render(
        app.guide(),
        app.session(),
        Lang::ZhCn,
        &ctx(),
        Format::Markdown,
    );
    assert!(zh.contains("搜索“tenant not found”："), "{zh}");
    assert!(zh.contains("后退 2 页，返回到 `start`"), "{zh}");
}

#[test]
fn a_search_left_without_opening_anything_is_recorded_too() {
    let mut app = app();
    app.update(Action::OpenSearch);
    common::type_text(&mut app, "zzqx");
    app.update(Action::Back);
    assert!(matches!(
        app.session().events().last(),
        Some(Event::Searched { query, results: 0 }) if query == "zzqx"
    ));
}

#[test]
fn history_back_is_one_step_not_a_restart_and_a_replay() {
    let mut app = app();
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Select);
    app.update(Action::Select);
    app.update(Action::Home);
    assert_eq!(app.session().current(), "start");
    app.update(Action::History(false));
    assert_eq!(app.session().current(), "dynamics-login-failed");
    assert_eq!(app.session().path().len(), 3, "the whole path is back");
    let md = render(
        app.guide(),
        app.session(),
        Lang::En,
        &ctx(),
        Format::Markdown,
    );
    let steps: Vec<&str> = md
        .lines()
        .skip_while(|l| !l.starts_with("## Steps"))
        .take_while(|l| !l.starts_with("## Problems") && !l.starts_with("## Remediations"))
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(steps.len(), 5, "{steps:#?}");
    assert!(
        steps[4].contains("Returned (history) to: Partner Center cannot sign in to Dynamics CRM"),
        "{steps:#?}"
    );
}
