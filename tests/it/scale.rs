//! The engine at scale: a synthetic guide of 10,000 known errors loads cleanly and diagnoses
//! each error's own messages to it. (Timings are measured by `benches/diagnose.rs`.)

use crate::common;

use common::synthetic::synthetic;
use leadwiz::diagnose::{Matcher, Status};
use leadwiz::guide::{Guide, Lang};

#[test]
fn ten_thousand_errors_load_and_diagnose_to_themselves() {
    let (sources, errors) = synthetic(10_000);
    let loaded = Guide::load(&sources);
    assert_eq!(
        loaded.errors(),
        0,
        "{:?}",
        &loaded.diagnostics[..loaded.diagnostics.len().min(5)]
    );
    let guide = loaded.guide.unwrap();
    assert_eq!(guide.nodes().len(), 10_003);
    let matcher = Matcher::new(&guide);
    assert_eq!(matcher.len(), 10_000);
    for e in errors.iter().step_by(97) {
        let d = matcher.diagnose(&e.example, Lang::En);
        assert_eq!(d.status, Status::Confident, "{}: {d:?}", e.id);
        assert_eq!(d.best.as_deref(), Some(e.id.as_str()));
    }
    let d = matcher.diagnose("Could not save the lead to Dynamics CRM.", Lang::En);
    assert_ne!(d.status, Status::Confident);
}
