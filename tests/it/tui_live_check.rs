//! "Test my destination" in the wizard, driven headless through keys and actions against
//! servers on 127.0.0.1: every destination's form (the fields of its `leadwiz validate` flags),
//! the check in the background (the model answers keys while it runs), Esc cancelling it at
//! once, the result stage by stage with its remediation, Esc back to the filled-in form, and no
//! secret in the rendered screen or the transcript.

use crate::common;
use crate::validate_dynamics::{self as dynamics, Scenario};

use std::time::{Duration, Instant};

use common::server::{Answer, Seen, Server};
use leadwiz::guide::{Guide, Lang, LiveCheck, Sources};
use leadwiz::session::Session;
use leadwiz::tui::action::Action;
use leadwiz::tui::app::Update;
use leadwiz::tui::app::{App, Item, Screen};
use leadwiz::tui::live_check::{CheckState, Row, Stage};
use leadwiz::tui::theme::ThemeName;
use leadwiz::validate::Verdict;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// The page `id` in English, its checks reading no secret from the environment.
pub(crate) fn app_at(id: &str) -> App {
    app_in(id, "en", vec![])
}

/// The page `id` in `lang`, its checks reading `env` as the environment.
pub(crate) fn app_in(id: &str, lang: &str, env: Vec<(&'static str, String)>) -> App {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    let session = Session::walked_to(&guide, id).unwrap();
    App::new(guide, lang.into(), session).with_check_env(env)
}

/// Opens "Test my destination" from the current page.
pub(crate) fn open_check(app: &mut App) {
    let at = app
        .items()
        .iter()
        .position(|i| matches!(i, Item::LiveCheck(_)))
        .expect("Test my destination on this page");
    common::select(app, at);
    app.update(Action::Select);
    assert_eq!(app.screen(), Screen::Check);
}

fn check(app: &App) -> &CheckState {
    app.check().unwrap()
}

pub(crate) fn key(app: &mut App, code: KeyCode) {
    let effects = leadwiz::tui::handle(app, Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    // A check started runs, as the terminal loop runs it.
    common::run_checks(effects);
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// Types each value into the form's fields in order (Tab between them), then Tab to the next
/// row.
fn fill(app: &mut App, values: &[&str]) {
    for v in values {
        assert!(
            matches!(check(app).form.as_ref().unwrap().focused(), Row::Field(_)),
            "typing into a field"
        );
        type_text(app, v);
        key(app, KeyCode::Tab);
    }
}

/// Moves the focus to the tick box and ticks it.
pub(crate) fn tick_test_lead(app: &mut App) {
    for _ in 0..10 {
        if check(app).form.as_ref().unwrap().focused() == Row::Send {
            break;
        }
        key(app, KeyCode::Tab);
    }
    key(app, KeyCode::Char(' '));
    assert!(check(app).form.as_ref().unwrap().send);
}

fn values(app: &App) -> Vec<String> {
    check(app).form.as_ref().unwrap().values()
}

/// Renders the screen at every size, tiny ones included, in both languages: nothing panics.
fn render_everywhere(app: &mut App) {
    // The other language, then this one again.
    for _ in 0..2 {
        app.update(Action::SwitchLanguage);
        for (w, h) in [(0, 0), (1, 1), (10, 3), (20, 5), (40, 12), (80, 24)] {
            common::screen::screen(app, w, h, ThemeName::Default);
        }
    }
}

/// The screen at 80×24 in both languages, each checked for `secrets`.
fn screens_without(app: &mut App, secrets: &[&str]) -> String {
    let mut all = String::new();
    // The other language, then this one again.
    for _ in 0..2 {
        app.update(Action::SwitchLanguage);
        for (w, h) in [(80, 24), (200, 60)] {
            let s = common::screen::screen(app, w, h, ThemeName::Monochrome);
            for secret in secrets {
                assert!(!s.contains(secret), "{secret} on screen:\n{s}");
            }
            all.push_str(&s);
        }
    }
    all
}

/// The session's Markdown transcript, in English and in Chinese.
fn transcript(app: &App) -> String {
    let mut out = String::new();
    for lang in [Lang::En, Lang::ZhCn] {
        out.push_str(&leadwiz::transcript::render(
            app.guide(),
            app.session(),
            lang,
            &leadwiz::transcript::Context {
                date: "today".into(),
                source: "built-in".into(),
            },
            leadwiz::transcript::Format::Markdown,
        ));
    }
    out
}

fn wait_for_result(app: &mut App) {
    let start = Instant::now();
    while app.check_running() {
        app.update(Update::CheckReport);
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the check never finished"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(check(app).stage(), Stage::Done);
}

fn verdict(app: &App) -> Verdict {
    check(app).result.as_ref().unwrap().validation.verdict
}

fn remediation(app: &App) -> Option<&'static str> {
    check(app).result.as_ref().unwrap().validation.remediation
}

/// An HTTPS endpoint that answers every request with `status` after `delay`.
fn endpoint(status: u16, delay: Duration) -> Server {
    Server::start(move |_| {
        std::thread::sleep(delay);
        (status, vec![], String::new())
    })
}

#[test]
fn start_offers_every_destination_and_a_confirmed_test_lead_reaches_the_endpoint() {
    let server = endpoint(202, Duration::ZERO);
    let mut app = app_at("start");
    open_check(&mut app);
    assert_eq!(check(&app).stage(), Stage::Choose);
    render_everywhere(&mut app);
    let screen = common::screen::screen(&app, 80, 24, ThemeName::Monochrome);
    for label in [
        "Test my endpoint now",
        "Test my Azure table now",
        "Validate my Dynamics 365 connection now",
        "Validate my Salesforce Organization ID now",
        "Validate my Marketo form now",
    ] {
        assert!(screen.contains(label), "{label}: {screen}");
    }
    app.update(Action::Select); // the first: HTTPS endpoint
    assert_eq!(check(&app).stage(), Stage::Input);
    // A bracketed paste of the URL lands in the field, on one line.
    leadwiz::tui::handle(
        &mut app,
        Event::Paste(format!("{}\r\n", server.url("/hook"))),
    );
    assert_eq!(
        app.screen(),
        Screen::Check,
        "the paste stays on this screen"
    );
    assert_eq!(values(&app), [server.url("/hook")]);
    render_everywhere(&mut app);
    tick_test_lead(&mut app);
    key(&mut app, KeyCode::Enter);
    assert_eq!(check(&app).stage(), Stage::Confirm, "asked first");
    let screen = common::screen::screen(&app, 80, 24, ThemeName::Monochrome);
    assert!(
        screen.contains("Send a test lead (MSFT_TEST_…) to"),
        "{screen}"
    );
    render_everywhere(&mut app);
    key(&mut app, KeyCode::Char('y'));
    assert!(app.check_running());
    wait_for_result(&mut app);
    assert_eq!(verdict(&app), Verdict::Accepts);
    let posts = server
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 1, "one test lead");
    render_everywhere(&mut app);
    let screen = common::screen::screen(&app, 100, 40, ThemeName::Monochrome);
    assert!(screen.contains("OK: "), "{screen}");
    assert!(
        screen.contains("the test lead Validate sends — passed"),
        "{screen}"
    );
    let next = remediation(&app).expect("a page to read next");
    assert!(screen.contains(&format!("({next})")), "{screen}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Node);
    assert_eq!(app.session().current(), next);
    let md = transcript(&app);
    assert!(
        md.contains("Tested the destination (https, http://127.0.0.1:"),
        "{md}"
    );
    assert!(md.contains("**passed**"), "{md}");
}

/// `update` starts no check itself: it asks the loop to (an effect), and nothing reaches the
/// destination until the loop runs it; then the report comes back as a message.
#[test]
fn update_asks_the_loop_to_run_the_check_and_sends_nothing_itself() {
    use leadwiz::tui::app::Effect;
    let server = endpoint(202, Duration::ZERO);
    let mut app = app_at("dest-https");
    open_check(&mut app);
    fill(&mut app, &[&server.url("/hook")]);
    let effects = app.update(Action::RunCheck);
    assert!(
        matches!(effects.as_slice(), [Effect::RunCheck(_)]),
        "{effects:?}"
    );
    assert!(app.check_running(), "the screen shows the check running");
    std::thread::sleep(Duration::from_millis(300));
    assert!(server.requests().is_empty(), "update sent nothing");
    common::run_checks(effects);
    wait_for_result(&mut app);
    assert!(!server.requests().is_empty(), "the loop ran the check");
    assert_eq!(verdict(&app), Verdict::Accepts);
}

#[test]
fn answering_no_runs_the_other_stages_without_the_test_lead() {
    let server = endpoint(202, Duration::ZERO);
    let mut app = app_at("dest-https");
    open_check(&mut app);
    assert_eq!(check(&app).stage(), Stage::Input, "the page says which");
    fill(&mut app, &[&server.url("/hook")]);
    tick_test_lead(&mut app);
    key(&mut app, KeyCode::Enter);
    assert_eq!(check(&app).stage(), Stage::Confirm);
    // Esc goes back to the form; Enter is the question's default: no.
    key(&mut app, KeyCode::Esc);
    assert_eq!(check(&app).stage(), Stage::Input);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    wait_for_result(&mut app);
    assert!(
        server.requests().iter().all(|r| r.method != "POST"),
        "no test lead was sent"
    );
    let screen = common::screen::screen(&app, 100, 40, ThemeName::Monochrome);
    assert!(
        screen.contains("the test lead was not sent: the answer to the question was no"),
        "{screen}"
    );
}

#[test]
fn a_failing_endpoint_links_to_its_remediation_and_f5_runs_it_again() {
    let server = endpoint(404, Duration::ZERO);
    let mut app = app_at("https-flow-not-triggered");
    open_check(&mut app);
    fill(&mut app, &[&server.url("/gone")]);
    tick_test_lead(&mut app);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('y'));
    wait_for_result(&mut app);
    assert_eq!(verdict(&app), Verdict::Rejects);
    let fix = remediation(&app).expect("a remediation");
    assert!(app.guide().node(fix).is_some());
    key(&mut app, KeyCode::F(5));
    assert_eq!(check(&app).stage(), Stage::Confirm, "asked again");
    key(&mut app, KeyCode::Char('y'));
    assert!(app.check_running(), "F5 runs it again");
    wait_for_result(&mut app);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.session().current(), fix);
}

#[test]
fn esc_cancels_a_slow_check_at_once_and_presenter_mode_does_not_animate() {
    let server = endpoint(200, Duration::from_secs(30));
    let mut app = app_at("dest-dynamics");
    open_check(&mut app);
    fill(
        &mut app,
        &[
            &server.url(""),
            dynamics::TENANT,
            dynamics::APP,
            dynamics::SECRET,
            &server.url(""),
        ],
    );
    key(&mut app, KeyCode::Enter);
    assert!(app.check_running());
    // The model keeps answering while the check runs: help opens and closes.
    app.update(Action::ToggleHelp);
    app.update(Action::ToggleHelp);
    app.update(Action::TogglePresenter);
    let a = common::screen::screen(&app, 80, 24, ThemeName::Monochrome);
    std::thread::sleep(Duration::from_millis(1100));
    let b = common::screen::screen(&app, 80, 24, ThemeName::Monochrome);
    assert_eq!(a, b, "nothing moves in presenter mode");
    assert!(a.contains("Checking http://127.0.0.1:"), "{a}");
    app.update(Action::TogglePresenter);
    let start = Instant::now();
    key(&mut app, KeyCode::Esc);
    assert!(start.elapsed() < Duration::from_millis(100));
    assert!(!app.check_running());
    assert_eq!(check(&app).stage(), Stage::Input, "back to the form");
    assert_eq!(values(&app)[3], dynamics::SECRET, "everything kept");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::Node);
}

#[test]
fn the_dynamics_form_validates_an_app_and_esc_returns_to_it_filled_in() {
    let scenario = Scenario::ok();
    let (entra, dataverse) = dynamics::start(&scenario);
    let mut app = app_at("dest-dynamics");
    open_check(&mut app);
    let form = check(&app).form.as_ref().unwrap();
    assert_eq!(
        form.form,
        leadwiz::destinations::live_form::Form::DynamicsApp
    );
    // Required fields are named before anything is sent.
    key(&mut app, KeyCode::Enter);
    let screen = common::screen::screen(&app, 80, 24, ThemeName::Monochrome);
    assert!(screen.contains("✗ Instance URL: required"), "{screen}");
    assert!(dataverse.requests().is_empty());
    fill(
        &mut app,
        &[
            &dataverse.url(""),
            dynamics::TENANT,
            dynamics::APP,
            dynamics::SECRET,
            &entra.url(""),
        ],
    );
    screens_without(&mut app, &[dynamics::SECRET, &dynamics::SECRET[..8]]);
    let screen = common::screen::screen(&app, 80, 24, ThemeName::Monochrome);
    assert!(
        screen.contains("••••••••"),
        "the secret shows masked: {screen}"
    );
    key(&mut app, KeyCode::Enter);
    wait_for_result(&mut app);
    assert_eq!(
        verdict(&app),
        Verdict::Accepts,
        "{:#?}",
        check(&app).result.as_ref().unwrap().validation
    );
    let all = screens_without(
        &mut app,
        &[dynamics::SECRET, &dynamics::SECRET[..8], "eyJ0eXAi"],
    );
    assert!(
        all.contains("read-only calls with the credentials — passed"),
        "{all}"
    );
    assert!(all.contains("使用凭据的只读调用 — 通过"), "{all}");
    let md = transcript(&app);
    assert!(md.contains("Tested the destination (dynamics,"), "{md}");
    assert!(!md.contains(&dynamics::SECRET[..8]), "{md}");

    // Esc: the form again, filled in, the secret still there and masked.
    key(&mut app, KeyCode::Esc);
    assert_eq!(check(&app).stage(), Stage::Input);
    assert_eq!(values(&app)[3], dynamics::SECRET);
    assert_eq!(values(&app)[1], dynamics::TENANT);
    screens_without(&mut app, &[&dynamics::SECRET[..8]]);
    // Fix one field (here: break one) and run again: Partner Center's field rule fails,
    // offline, and the result opens the page that fixes it.
    for _ in 0..4 {
        key(&mut app, KeyCode::Up);
    }
    assert_eq!(
        check(&app).form.as_ref().unwrap().focused(),
        Row::Field(1),
        "on the Directory ID"
    );
    for _ in 0..dynamics::TENANT.len() {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "contoso.onmicrosoft.com");
    let before = dataverse.requests().len();
    key(&mut app, KeyCode::Enter);
    wait_for_result(&mut app);
    assert_eq!(verdict(&app), Verdict::Rejects);
    assert_eq!(dataverse.requests().len(), before, "nothing sent");
    let fix = remediation(&app).unwrap();
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.session().current(), fix);
}

#[test]
fn a_token_failure_shows_its_stage_partner_centers_message_and_trace_id() {
    let mut scenario = Scenario::ok();
    scenario.token = (401, dynamics::fixture("aad/7000215.json"));
    let (entra, dataverse) = dynamics::start(&scenario);
    // The secret from the environment variable the command reads.
    let env = vec![("LEADWIZ_CLIENT_SECRET", dynamics::SECRET.to_owned())];
    let mut app = app_in("dynamics-aad-invalid-client-secret", "en", env);
    open_check(&mut app);
    fill(
        &mut app,
        &[&dataverse.url(""), dynamics::TENANT, dynamics::APP],
    );
    let screen = common::screen::screen(&app, 80, 24, ThemeName::Monochrome);
    assert!(screen.contains("(uses LEADWIZ_CLIENT_SECRET)"), "{screen}");
    key(&mut app, KeyCode::Tab);
    fill(&mut app, &[&entra.url("")]);
    key(&mut app, KeyCode::Enter);
    wait_for_result(&mut app);
    assert_eq!(
        remediation(&app),
        Some("dynamics-aad-invalid-client-secret")
    );
    // At 80×24 the result opens on the stage that failed, its code in view; Home goes to the
    // top, ↓ scrolls by one.
    let screen = common::screen::screen(&app, 80, 24, ThemeName::Monochrome);
    assert!(
        screen.contains("3. read-only calls with the credentials — FAILED"),
        "{screen}"
    );
    assert!(screen.contains("AADSTS7000215"), "{screen}");
    assert!(
        !screen.contains("1. Partner Center's field rules"),
        "{screen}"
    );
    key(&mut app, KeyCode::Home);
    // Drawn as the terminal loop draws: ↓ scrolls from what is shown.
    let top = common::screen::draw(&mut app, 80, 24, ThemeName::Monochrome);
    assert!(top.contains("1. Partner Center's field rules"), "{top}");
    key(&mut app, KeyCode::Down);
    let down = common::screen::screen(&app, 80, 24, ThemeName::Monochrome);
    assert_ne!(top, down, "scrolled by one");
    let all = screens_without(&mut app, &[&dynamics::SECRET[..8]]);
    assert!(all.contains("AADSTS7000215"), "{all}");
    assert!(all.contains("Partner Center shows"), "{all}");
    assert!(all.contains("trace id: "), "{all}");
    assert!(all.contains("合作伙伴中心显示"), "{all}");
}

#[test]
fn a_page_about_the_office_365_user_opens_that_sign_in_and_the_switch_keeps_the_instance() {
    let mut app = app_at("dynamics-office365-mfa");
    open_check(&mut app);
    use leadwiz::destinations::live_form::Form;
    assert_eq!(check(&app).form.as_ref().unwrap().form, Form::DynamicsUser);
    fill(&mut app, &["https://contoso.crm4.dynamics.com"]);
    type_text(&mut app, dynamics::USER);
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, dynamics::PASSWORD);
    screens_without(&mut app, &[dynamics::PASSWORD, "horse"]);
    // To the sign-in row and switch: the instance stays, the password does not follow.
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Up);
    assert_eq!(check(&app).form.as_ref().unwrap().focused(), Row::SignIn);
    key(&mut app, KeyCode::Char(' '));
    let form = check(&app).form.as_ref().unwrap();
    assert_eq!(form.form, Form::DynamicsApp);
    assert_eq!(form.values()[0], "https://contoso.crm4.dynamics.com");
    assert!(!form.values().iter().any(|v| v.contains("horse")));
    render_everywhere(&mut app);
}

/// Web-to-lead as Salesforce runs it: 200 for any POST.
fn web_to_lead(req: &Seen) -> Answer {
    match req.method.as_str() {
        "POST" => (200, vec![], "<html></html>".into()),
        _ => (200, vec![], String::new()),
    }
}

#[test]
fn the_salesforce_form_sends_the_test_lead_after_the_question_and_keeps_its_fields() {
    let server = Server::start(web_to_lead);
    let mut app = app_at("dest-salesforce");
    open_check(&mut app);
    let endpoint = server.url("/servlet/servlet.WebToLead");
    fill(&mut app, &["00Do0000000ZHog", &endpoint]);
    tick_test_lead(&mut app);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('y'));
    wait_for_result(&mut app);
    let posts: Vec<Seen> = server
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST")
        .collect();
    assert_eq!(posts.len(), 1, "{posts:?}");
    let body = String::from_utf8_lossy(&posts[0].body);
    assert!(body.contains("oid=00Do0000000ZHog"), "{body}");
    screens_without(&mut app, &[]);
    key(&mut app, KeyCode::Esc);
    assert_eq!(values(&app), ["00Do0000000ZHog", endpoint.as_str()]);
    assert!(check(&app).form.as_ref().unwrap().send, "the tick stays");
}

#[test]
fn the_salesforce_probe_names_a_closed_port_and_a_replacement_must_be_loopback() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let mut app = app_at("faq-salesforce-missing-leads");
    open_check(&mut app);
    fill(
        &mut app,
        &["00Do0000000ZHog", "https://webto.example.com/servlet"],
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(check(&app).stage(), Stage::Input, "not run");
    let screen = common::screen::screen(&app, 80, 24, ThemeName::Monochrome);
    assert!(screen.contains("only a loopback address"), "{screen}");
    assert_eq!(
        check(&app).form.as_ref().unwrap().focused(),
        Row::Field(1),
        "the focus goes to the field"
    );
    for _ in 0.."https://webto.example.com/servlet".len() {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, &format!("http://127.0.0.1:{port}/servlet"));
    key(&mut app, KeyCode::Enter);
    wait_for_result(&mut app);
    assert_eq!(verdict(&app), Verdict::Rejects);
    let v = &check(&app).result.as_ref().unwrap().validation;
    let failure = v.failure().unwrap();
    assert_eq!(
        failure.problem,
        Some(leadwiz::destinations::Problem::ConnectionRefused),
        "{v:#?}"
    );
    let screen = common::screen::screen(&app, 100, 40, ThemeName::Monochrome);
    assert!(screen.contains("FAILED"), "{screen}");
}

#[test]
fn the_marketo_secret_is_required_with_a_client_id_and_may_come_from_the_environment() {
    let mut app = app_at("dest-marketo");
    open_check(&mut app);
    fill(&mut app, &["123-ABC-456", "1179", "client-id-1"]);
    key(&mut app, KeyCode::Enter);
    let screen = common::screen::screen(&app, 80, 24, ThemeName::Monochrome);
    assert!(
        screen.contains("✗ Client secret: required: type it here, or set LEADWIZ_MARKETO_SECRET"),
        "{screen}"
    );
    assert_eq!(
        check(&app).form.as_ref().unwrap().focused(),
        Row::Field(3),
        "the focus goes to the field"
    );
    app.update(Action::SwitchLanguage);
    let screen = common::screen::screen(&app, 80, 24, ThemeName::Monochrome);
    assert!(screen.contains("✗ 客户端密码：必填"), "{screen}");
}

#[test]
fn azure_table_takes_a_pasted_connection_string_and_never_shows_it() {
    let mut app = app_at("dest-azure-table");
    open_check(&mut app);
    key(&mut app, KeyCode::Enter);
    assert!(
        !app.check_running(),
        "nothing runs without a connection string"
    );
    let screen = common::screen::screen(&app, 80, 24, ThemeName::Monochrome);
    assert!(
        screen.contains("✗ Connection string: required: type it here, or set"),
        "{screen}"
    );
    render_everywhere(&mut app);

    // Pasted, it is masked on screen; the check runs with it. Nothing listens at this
    // endpoint, so it ends at once, refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let key_value = "c2VjcmV0LWtleS12YWx1ZS10aGF0LW11c3QtbmV2ZXItc2hvdy11cC1hbnl3aGVyZQ==";
    let conn = format!(
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key_value};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;"
    );
    leadwiz::tui::handle(&mut app, Event::Paste(format!("{conn}\n")));
    let screen = common::screen::screen(&app, 200, 24, ThemeName::Monochrome);
    assert!(!screen.contains("AccountKey"), "{screen}");
    assert!(screen.contains("••••••••••"), "{screen}");
    key(&mut app, KeyCode::Enter);
    wait_for_result(&mut app);
    assert_ne!(verdict(&app), Verdict::Accepts);
    screens_without(&mut app, &[&key_value[..12]]);
    let md = transcript(&app);
    assert!(md.contains("azure-table"), "{md}");
    assert!(!md.contains(&key_value[..12]), "{md}");

    // A connection string typed for one destination never shows in another's field.
    let mut other = CheckState::with_env(LiveCheck::Any, "start", vec![]);
    other.choose(LiveCheck::AzureTable);
    other.insert(&conn);
    other.update(Action::Back, (0, 0));
    other.choose(LiveCheck::Https);
    assert!(other.form.as_ref().unwrap().values()[0].is_empty());
}

#[test]
fn remediation_pages_of_every_destination_offer_the_check_of_their_destination() {
    use leadwiz::destinations::live_form::Form;
    for (page, form) in [
        ("dest-dynamics", Form::DynamicsApp),
        ("dynamics-aad-tenant-not-found", Form::DynamicsApp),
        ("dataverse-missing-privilege", Form::DynamicsApp),
        ("dynamics-setup-office365", Form::DynamicsUser),
        ("entra-wrong-password", Form::DynamicsUser),
        ("dest-salesforce", Form::Salesforce),
        ("salesforce-w2l-daily-limit", Form::Salesforce),
        ("dest-marketo", Form::Marketo),
        ("marketo-bad-client-credentials", Form::Marketo),
        ("dest-https", Form::Https),
        ("flow-oauth-required", Form::Https),
        ("dest-azure-table", Form::AzureTable),
    ] {
        let mut app = app_at(page);
        open_check(&mut app);
        assert_eq!(
            check(&app).form.as_ref().map(|f| f.form),
            Some(form),
            "{page}"
        );
    }
}

#[test]
fn q_typed_into_a_field_is_a_letter() {
    let mut app = app_at("dest-marketo");
    open_check(&mut app);
    type_text(&mut app, "qq?");
    assert!(!app.quitting());
    assert!(!app.help().is_open());
    assert_eq!(values(&app)[0], "qq?");
}

/// The forms and the question at 80×24, in both languages.
#[test]
fn snapshots_of_the_forms() {
    for lang in ["en", "zh-CN"] {
        let mut app = app_in("dest-dynamics", lang, vec![]);
        open_check(&mut app);
        fill(
            &mut app,
            &[
                "https://contoso.crm4.dynamics.com",
                dynamics::TENANT,
                dynamics::APP,
                dynamics::SECRET,
            ],
        );
        insta::assert_snapshot!(
            format!("check-form-dynamics-{lang}-80x24"),
            common::screen::screen(&app, 80, 24, ThemeName::Monochrome)
        );

        let mut app = app_in("dest-marketo", lang, vec![]);
        open_check(&mut app);
        key(&mut app, KeyCode::Enter);
        insta::assert_snapshot!(
            format!("check-form-marketo-error-{lang}-80x24"),
            common::screen::screen(&app, 80, 24, ThemeName::Monochrome)
        );

        let mut app = app_in("dest-salesforce", lang, vec![]);
        open_check(&mut app);
        fill(&mut app, &["00Do0000000ZHog"]);
        tick_test_lead(&mut app);
        key(&mut app, KeyCode::Enter);
        insta::assert_snapshot!(
            format!("check-confirm-salesforce-{lang}-80x24"),
            common::screen::screen(&app, 80, 24, ThemeName::Monochrome)
        );
    }
}

/// A result at 80×24, in both languages: a field rule that fails offline (nothing is sent, so
/// the result is the same on every run but for its time, which shows only once it reaches a
/// millisecond: a busy machine's).
#[test]
fn snapshots_of_a_result() {
    let ms = regex::Regex::new(r"(?m)^ *(time: |用时：)\d+ ms$").unwrap();
    for lang in ["en", "zh-CN"] {
        let mut app = app_in("dest-dynamics", lang, vec![]);
        open_check(&mut app);
        fill(
            &mut app,
            &[
                "https://contoso.crm4.dynamics.com",
                "contoso.onmicrosoft.com",
                dynamics::APP,
                dynamics::SECRET,
            ],
        );
        key(&mut app, KeyCode::Enter);
        wait_for_result(&mut app);
        let screen = common::screen::screen(&app, 80, 24, ThemeName::Monochrome);
        insta::assert_snapshot!(
            format!("check-result-dynamics-{lang}-80x24"),
            ms.replace_all(&screen, "")
        );
    }
}

/// The screen's rows as (column of the first visible character, the row's text).
fn rows(screen: &str) -> Vec<(usize, String)> {
    screen
        .lines()
        .map(|r| {
            let trimmed = r.trim_start();
            (
                r.chars().count() - trimmed.chars().count(),
                trimmed.to_owned(),
            )
        })
        .collect()
}

/// Where the text of a report row that starts with a marker ("2. ", "✗ ") begins, if it does.
fn marker_text_column(column: usize, text: &str) -> Option<usize> {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && text[digits..].starts_with(". ") {
        return Some(column + digits + 2);
    }
    ["✓ ", "✗ ", "! ", "? "]
        .iter()
        .any(|m| text.starts_with(m))
        .then_some(column + 2)
}

#[test]
fn a_result_wraps_under_its_own_text_and_says_how_to_fix_it_once() {
    for lang in ["en", "zh-CN"] {
        let mut app = app_in("dest-dynamics", lang, vec![]);
        open_check(&mut app);
        fill(
            &mut app,
            &[
                "https://contoso.crm4.dynamics.com",
                "contoso.onmicrosoft.com",
                dynamics::APP,
                dynamics::SECRET,
            ],
        );
        key(&mut app, KeyCode::Enter);
        wait_for_result(&mut app);
        let fix = remediation(&app).unwrap();
        let screen = common::screen::draw(&mut app, 80, 24, ThemeName::Monochrome);
        let rows = rows(&screen);
        let verdict = rows
            .iter()
            .position(|(_, t)| t.starts_with("FAILED") || t.starts_with("失败"))
            .unwrap_or_else(|| panic!("{screen}"));
        let link = rows
            .iter()
            .position(|(_, t)| t.starts_with('›'))
            .unwrap_or_else(|| panic!("{screen}"));
        // Every report row under the verdict starts under the text of the line it continues:
        // none wraps back to the left edge.
        let mut hang = rows[verdict].0 + 2;
        let mut wrapped = 0;
        for (column, text) in &rows[verdict + 1..link] {
            if text.is_empty() {
                continue;
            }
            if let Some(at) = marker_text_column(*column, text) {
                hang = at;
                continue;
            }
            assert!(
                *column >= hang,
                "{lang}: {text:?} starts at column {column}, before {hang}:\n{screen}"
            );
            wrapped += 1;
        }
        assert!(
            wrapped >= 3,
            "{lang}: long lines wrap at 80 columns:\n{screen}"
        );
        // How to fix it: said once, by the link.
        assert_eq!(screen.matches(fix).count(), 1, "{lang}:\n{screen}");
        assert!(!screen.contains("how to fix it"), "{screen}");
        assert!(!screen.contains("解决方法"), "{screen}");
        // Inline code is shown as on pages, without its backticks.
        assert!(screen.contains("contoso.onmicrosoft.com"), "{screen}");
        assert!(!screen.contains('`'), "{lang}:\n{screen}");
    }
}
