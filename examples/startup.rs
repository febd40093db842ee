use std::time::Instant;
fn main() {
    let t = Instant::now();
    let s = leadwiz::guide::Sources::embedded();
    let t1 = t.elapsed();
    let parsed = leadwiz::guide::load::parse(&s);
    let t2 = t.elapsed();
    let g = leadwiz::guide::Guide::load(&s).guide.unwrap();
    let t3 = t.elapsed();
    let m = leadwiz::diagnose::Matcher::new(&g);
    let t4 = t.elapsed();
    let d = m.diagnose("Tenant not found", "en");
    let t5 = t.elapsed();
    let d2 = m.diagnose("Tenant not found again", "en");
    let t7 = Instant::now();
    let _m2 = leadwiz::diagnose::Matcher::new(&g);
    println!("second matcher {:?}", t7.elapsed());
    let t6 = t.elapsed();
    println!(
        "sources {:?} parse {:?} load(parse+check) {:?} matcher {:?} diagnose {:?} second {:?} {} {}",
        t1,
        t2 - t1,
        t3 - t2,
        t4 - t3,
        t5 - t4,
        t6 - t5,
        parsed.nodes.len(),
        d.status as u8 + d2.status as u8
    );
}
#[allow(dead_code)]
fn unused() {}
