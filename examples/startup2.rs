use leadwiz::diagnose::normalise::*;
use std::time::Instant;
fn main() {
    let t = Instant::now();
    let _ = clean("x");
    let a = t.elapsed();
    let _ = mask("x");
    let b = t.elapsed();
    let _ = prepare("x");
    let c = t.elapsed();
    let _ = tokens("x y");
    let d = t.elapsed();
    let _ = codes("x");
    let e = t.elapsed();
    let _ = identifiers("x");
    let f = t.elapsed();
    let _ = is_common_word("x");
    let g = t.elapsed();
    println!(
        "clean {:?} mask {:?} synonyms {:?} tokens {:?} codes {:?} ident {:?} common {:?}",
        a,
        b - a,
        c - b,
        d - c,
        e - d,
        f - e,
        g - f
    );
}
