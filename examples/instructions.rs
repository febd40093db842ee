//! Fixed amounts of work, for counting instructions: unlike wall time, the count does not
//! change with the machine's load (README, Performance).
//!
//! `valgrind --tool=cachegrind --cache-sim=no target/release/examples/instructions paste N`
//! diagnoses the benchmarks' 4 KB paste N times on the built-in guide; `… load N` loads the
//! 10,000-error synthetic guide N times and diagnoses one error's example after each load. The
//! difference between the counts of two values of N, divided by the difference of the Ns, is the
//! cost of one.

#[path = "../tests/it/common/synthetic.rs"]
mod synthetic;

use std::hint::black_box;

use leadwiz::diagnose::Matcher;
use leadwiz::guide::{Guide, Lang, Sources};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(1);
    match args.first().map(String::as_str) {
        Some("paste") => {
            let guide = Guide::load(&Sources::embedded()).guide.expect("loads");
            let matcher = Matcher::new(&guide);
            let paste = synthetic::paste_4kb();
            for _ in 0..n {
                black_box(matcher.diagnose(black_box(&paste), Lang::En));
            }
        }
        Some("load") => {
            let (sources, errors) = synthetic::synthetic(10_000);
            for _ in 0..n {
                let guide = Guide::load(black_box(&sources)).guide.expect("loads");
                let matcher = Matcher::new(&guide);
                black_box(matcher.diagnose(&errors[1234].example, Lang::En).best);
            }
        }
        _ => {
            eprintln!("usage: instructions paste|load N");
            std::process::exit(2);
        }
    }
}
