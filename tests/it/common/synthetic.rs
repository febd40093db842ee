//! A synthetic guide of many known errors, generated for benchmarks and scale tests (never
//! checked in). Each error has an English and a Chinese message built from words of a made-up
//! vocabulary, two signature phrases and an example, so errors are distinguishable as real
//! ones are.

use leadwiz::guide::Sources;

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &'a [String]) -> &'a str {
        &items[(self.next() as usize) % items.len()]
    }
}

fn vocabulary(rng: &mut Lcg, n: usize) -> Vec<String> {
    const SYLLABLES: &[&str] = &[
        "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "qua", "bre", "dri", "fen", "gol",
        "hap", "jun", "kel", "lum", "mor", "nix", "pol", "rav", "sol", "tor", "vex", "wyn",
    ];
    (0..n)
        .map(|_| {
            let k = 2 + (rng.next() % 3) as usize;
            (0..k)
                .map(|_| SYLLABLES[(rng.next() as usize) % SYLLABLES.len()])
                .collect::<String>()
        })
        .collect()
}

/// Made-up two-character Chinese words, as the English side uses made-up words.
fn chinese_vocabulary(rng: &mut Lcg, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| {
            (0..2)
                .map(|_| char::from_u32(0x4E00 + (rng.next() % 3000) as u32).unwrap_or('字'))
                .collect()
        })
        .collect()
}

/// One generated error: its id and an example message.
#[allow(dead_code)]
pub struct SyntheticError {
    pub id: String,
    pub example: String,
}

/// A guide with `n` known errors (plus the start, end and escalation nodes it needs), and a
/// description of each error.
pub fn synthetic(n: usize) -> (Sources, Vec<SyntheticError>) {
    let mut rng = Lcg(0x5eed);
    let words = vocabulary(&mut rng, 20_000);
    let chinese_words = chinese_vocabulary(&mut rng, 20_000);
    let mut guide = String::from(
        "guide:\n  title: {en: Synthetic, zh-CN: 合成}\n  version: \"1\"\n  languages: [en, zh-CN]\n  start: start\n  success: done\n  escalation: help\nnodes:\n  - id: start\n    kind: question\n    title: {en: Start, zh-CN: 开始}\n    prompt: {en: Which error?, zh-CN: 哪个错误？}\n    choices:\n",
    );
    const FILES: usize = 20;
    let mut errors: Vec<String> = vec![String::from("nodes:\n"); FILES];
    let mut described = Vec::with_capacity(n);
    for i in 0..n {
        let id = format!("synthetic-error-{i}");
        guide.push_str(&format!(
            "      - label: {{en: Error {i}, zh-CN: 错误 {i}}}\n        next: {id}\n"
        ));
        let message: Vec<&str> = (0..8).map(|_| rng.pick(&words)).collect();
        let phrase = message[2..5].join(" ");
        let second = message[5..8].join(" ");
        let example = format!(
            "Couldn't save the lead. LastCRMError: {} (trace {:08x}-1a2b)",
            message.join(" "),
            rng.next()
        );
        let zh: String = (0..6).map(|_| rng.pick(&chinese_words)).collect();
        errors[i % FILES].push_str(&format!(
            "  - id: {id}\n    kind: known_error\n    title: {{en: Synthetic error {i}, zh-CN: 合成错误 {i}}}\n    summary: {{en: Fix {i}., zh-CN: 修复 {i}。}}\n    error: {{en: \"Could not save the lead to Dynamics CRM. LastCRMError: {} failed.\", zh-CN: \"无法保存潜在客户。{zh}\"}}\n    signatures:\n      phrases:\n        en: [\"{phrase}\", \"{second}\"]\n        zh-CN: [\"{}\"]\n    examples:\n      - \"{example}\"\n",
            message.join(" "),
            &zh[..zh.char_indices().nth(6).map(|(b, _)| b).unwrap_or(zh.len())],
        ));
        described.push(SyntheticError { id, example });
    }
    guide.push_str(
        "  - id: done\n    kind: end\n    title: {en: Done, zh-CN: 完成}\n  - id: help\n    kind: answer\n    title: {en: Help, zh-CN: 帮助}\n    summary: {en: Ask., zh-CN: 询问。}\n    follow_up: {ask: false}\n",
    );
    let mut files = vec![("guide.yaml".to_owned(), guide)];
    files.extend(
        errors
            .into_iter()
            .enumerate()
            .map(|(k, text)| (format!("errors-{k:02}.yaml"), text)),
    );
    let sources = Sources {
        origin: "synthetic".into(),
        files,
        unreadable: Vec::new(),
        skipped: Vec::new(),
    };
    (sources, described)
}

/// A realistic 4 KB paste: a support e-mail around one error, with ids and a stack trace.
pub fn paste_4kb() -> String {
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
