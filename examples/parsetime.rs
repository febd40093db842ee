use std::time::Instant;
fn main() {
    let s = leadwiz::guide::Sources::embedded();
    let t = Instant::now();
    for (_, text) in &s.files {
        let _ = leadwiz::guide::locate::SourceText::new(text);
    }
    println!("sourcetext {:?}", t.elapsed());
    let t = Instant::now();
    let p = leadwiz::guide::load::parse(&s);
    println!("parse {:?} {}", t.elapsed(), p.nodes.len());
    let jsons: Vec<String> = s
        .files
        .iter()
        .map(|(_, t)| {
            let v: serde_json::Value =
                serde_json::to_value(leadwiz::guide::load::parse_file(t).unwrap()).unwrap();
            v.to_string()
        })
        .collect();
    let t = Instant::now();
    for j in &jsons {
        let _: leadwiz::guide::model::ContentFile = serde_json::from_str(j).unwrap();
    }
    println!(
        "json only {:?} {} bytes",
        t.elapsed(),
        jsons.iter().map(|j| j.len()).sum::<usize>()
    );
    let t = Instant::now();
    let p = leadwiz::guide::load::parse(&s);
    println!("parse again {:?} {}", t.elapsed(), p.nodes.len());
}
#[allow(dead_code)]
fn json_only() {}
