//! Diagnosis timings against the budgets in the README:
//! `cargo bench --bench diagnose`.

#[path = "../tests/it/common/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use leadwiz::diagnose::Matcher;
use leadwiz::guide::{Guide, Lang, Sources};

/// A realistic 4 KB paste: a support e-mail around one error, with ids and a stack trace.
fn paste_4kb() -> String {
    let mut s = String::from(
        "Hello team,\r\n\r\nsince this morning Partner Center shows the following when we validate the lead connection of our SaaS offer:\r\n\r\n    Could not save the lead to Dynamics CRM using AAD. Exception:: Tenant not\r\n    found. This instance may happen if there are no active subscriptions for\r\n    the tenant.\r\n\r\nCorrelation ID: 5b0e6a3c-2f4d-4e9a-9c1b-7d8e9f0a1b2c\r\nTimestamp: 2024-06-01T08:15:30Z\r\n",
    );
    let mut i = 0;
    while s.len() < 4096 {
        s.push_str(&format!(
            "   at Microsoft.Marketplace.Leads.Connector.Dispatch(LeadEnvelope envelope) in D:\\a\\_work\\{i}\\src\\Connector.cs:line {}\r\n",
            100 + i
        ));
        i += 1;
    }
    s.truncate(4096);
    s
}

fn default_content(c: &mut Criterion) {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    let matcher = Matcher::new(&guide);
    let paste = paste_4kb();
    c.bench_function("diagnose 4 KB paste, default content", |b| {
        b.iter(|| matcher.diagnose(black_box(&paste), Lang::En))
    });
    let huge: String = paste.repeat(10 * 1024 * 1024 / paste.len() + 1);
    c.bench_function("diagnose 10 MB paste, default content", |b| {
        b.iter(|| matcher.diagnose(black_box(&huge), Lang::En))
    });
    c.bench_function("load default content and build the matcher", |b| {
        b.iter(|| {
            let g = Guide::load(&Sources::embedded()).guide.unwrap();
            Matcher::new(&g).len()
        })
    });
}

fn synthetic_10k(c: &mut Criterion) {
    let (sources, errors) = synthetic::synthetic(10_000);
    let mut group = c.benchmark_group("synthetic 10,000 known errors");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    // What a user waits for; freeing the guide afterwards is not part of it.
    group.bench_function("load + first diagnosis", |b| {
        b.iter_with_large_drop(|| {
            let g = Guide::load(black_box(&sources)).guide.unwrap();
            let m = Matcher::new(&g);
            let best = m.diagnose(&errors[1234].example, Lang::En).best;
            (g, m, best)
        })
    });
    let guide = Guide::load(&sources).guide.unwrap();
    let matcher = Matcher::new(&guide);
    let paste = paste_4kb();
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("further diagnosis (4 KB paste)", |b| {
        b.iter(|| matcher.diagnose(black_box(&paste), Lang::En))
    });
    group.bench_function("further diagnosis (one error's example)", |b| {
        b.iter(|| matcher.diagnose(black_box(&errors[4321].example), Lang::En))
    });
    group.finish();
}

criterion_group!(benches, default_content, synthetic_10k);
criterion_main!(benches);
