//! Diagnosis timings against the budgets in the README:
//! `cargo bench --bench diagnose`.

#[path = "../tests/it/common/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use leadwiz::diagnose::Matcher;
use leadwiz::guide::{Guide, Lang, Sources};

fn default_content(c: &mut Criterion) {
    let guide = Guide::load(&Sources::embedded()).guide.unwrap();
    let matcher = Matcher::new(&guide);
    let paste = synthetic::paste_4kb();
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
    let paste = synthetic::paste_4kb();
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
