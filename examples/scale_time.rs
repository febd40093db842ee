#[path = "../tests/common/synthetic.rs"]
mod synthetic;
use std::time::Instant;
fn main() {
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let (sources, errors) = synthetic::synthetic(n);
    println!(
        "bytes {}",
        sources.files.iter().map(|f| f.1.len()).sum::<usize>()
    );
    let t = Instant::now();
    let parsed = leadwiz::guide::load::parse(&sources);
    println!("parse {:?}", t.elapsed());
    let t = Instant::now();
    let d = leadwiz::guide::check::check(&parsed);
    println!("check {:?} {}", t.elapsed(), d.len());
    let t = Instant::now();
    let g = leadwiz::guide::Guide::load(&sources).guide.unwrap();
    println!("load {:?}", t.elapsed());
    let t = Instant::now();
    let m = leadwiz::diagnose::Matcher::new(&g);
    println!("matcher {:?}", t.elapsed());
    let t = Instant::now();
    let _ = m.diagnose(&errors[5].example, "en");
    println!("diagnose {:?}", t.elapsed());
}
