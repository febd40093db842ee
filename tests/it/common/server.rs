//! A one-thread HTTP/1.1 server on a free loopback port that records what it receives and
//! answers as the test says, for the destination checks.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// A server on a free loopback port, answering with `answer` (status 0: 200 after 5 s, for
/// timeouts; a `STALL` header: the head and half the body, then nothing for 5 s). It stops with
/// the test process. `answer` is a function or a closure (a test that serves different bodies
/// per case captures them).
pub struct Server {
    pub port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

pub type Answer = (u16, Vec<(&'static str, String)>, String);

/// A header of an `Answer` that is not sent: the answer stops halfway through its body.
pub const STALL: &str = "X-Test-Stall";

impl Seen {
    /// The body's form fields (`application/x-www-form-urlencoded`), in order.
    pub fn form(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(&self.body)
            .into_owned()
            .collect()
    }

    /// A header's value (names are kept in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Server {
    pub fn start(answer: impl Fn(&Seen) -> Answer + Send + Sync + 'static) -> Server {
        let answer: Arc<Responder> = Arc::new(answer);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = Arc::clone(&log);
                let answer = Arc::clone(&answer);
                std::thread::spawn(move || {
                    let _ = serve(stream, &*answer, &log);
                });
            }
        });
        Server { port, seen }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

type Responder = dyn Fn(&Seen) -> Answer + Send + Sync;

fn serve(stream: TcpStream, answer: &Responder, log: &Mutex<Vec<Seen>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_owned();
    let path = parts.next().unwrap_or("").to_owned();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h)?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    let len = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    let seen = Seen {
        method,
        path,
        headers,
        body,
    };
    log.lock().unwrap().push(seen.clone());
    let (status, extra, text) = answer(&seen);
    if status == 0 {
        // The slow case: answer long after any sensible timeout.
        std::thread::sleep(Duration::from_secs(5));
    }
    let status = if status == 0 { 200 } else { status };
    let mut out = stream;
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        text.len()
    );
    let stall = extra.iter().any(|(k, _)| *k == STALL);
    for (k, v) in extra.iter().filter(|(k, _)| *k != STALL) {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    if stall {
        out.write_all(&text.as_bytes()[..text.len() / 2])?;
        out.flush()?;
        std::thread::sleep(Duration::from_secs(5));
        return Ok(());
    }
    out.write_all(text.as_bytes())?;
    out.flush()
}
