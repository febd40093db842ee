//! The HTTPS test lead over real TLS, as it goes to a Power Automate flow: a server on 127.0.0.1
//! with a certificate issued by a certificate authority this test makes. When the system trusts
//! that authority (`SSL_CERT_FILE` names it, as a corporate root would be installed), the lead
//! arrives; when it does not, the failure is named a TLS error and no lead is sent.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use assert_cmd::Command;
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

struct TlsServer {
    port: u16,
    /// The certificate authority, PEM, for `SSL_CERT_FILE`.
    ca: tempfile::NamedTempFile,
    /// The bodies of the requests that got through the handshake.
    bodies: Arc<Mutex<Vec<String>>>,
}

fn tls_server() -> TlsServer {
    let ca_key = KeyPair::generate().unwrap();
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.distinguished_name.push(
        rcgen::DnType::CommonName,
        format!("leadwiz test authority {n}"),
    );
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);
    let key = KeyPair::generate().unwrap();
    let cert = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
        .unwrap()
        .signed_by(&key, &issuer)
        .unwrap();

    let mut ca = tempfile::NamedTempFile::new().unwrap();
    ca.write_all(ca_cert.pem().as_bytes()).unwrap();
    let (port, bodies) = listen(cert.der().to_vec(), key.serialize_der());
    TlsServer { port, ca, bodies }
}

/// A server whose certificate names itself as its issuer, and the certificate (PEM).
fn self_signed_server() -> (u16, String) {
    let key = KeyPair::generate().unwrap();
    let cert = CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    let (port, _) = listen(cert.der().to_vec(), key.serialize_der());
    (port, cert.pem())
}

/// Serves TLS with this certificate and key on a free loopback port: the port, and the bodies
/// of the requests that got through the handshake.
fn listen(cert: Vec<u8>, key: Vec<u8>) -> (u16, Arc<Mutex<Vec<String>>>) {
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![CertificateDer::from(cert)],
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key)),
    )
    .unwrap();
    let config = Arc::new(config);

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&bodies);
    std::thread::spawn(move || {
        for tcp in listener.incoming().flatten() {
            let config = Arc::clone(&config);
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                let conn = rustls::ServerConnection::new(config).unwrap();
                let mut tls = rustls::StreamOwned::new(conn, tcp);
                // A client that does not trust the certificate ends the handshake here.
                let _ = answer(&mut tls, &log);
            });
        }
    });
    (port, bodies)
}

fn answer(
    tls: &mut rustls::StreamOwned<rustls::ServerConnection, std::net::TcpStream>,
    log: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(&mut *tls);
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        if line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    log.lock()
        .unwrap()
        .push(String::from_utf8_lossy(&body).into_owned());
    tls.write_all(b"HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")?;
    tls.conn.send_close_notify();
    tls.flush()
}

fn test_lead(url: &str, cert_file: &std::path::Path) -> (i32, serde_json::Value) {
    let out = Command::cargo_bin("leadwiz")
        .unwrap()
        .env_remove("SSL_CERT_DIR")
        .env("SSL_CERT_FILE", cert_file)
        .args(["test-lead", "https", url, "--json", "--timeout", "10"])
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), v)
}

#[test]
fn a_test_lead_goes_over_tls_to_a_trusted_server_and_not_to_an_untrusted_one() {
    let server = tls_server();
    let url = format!(
        "https://127.0.0.1:{}/workflows/x/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=0123456789abcdefghijABCDEFGHIJ0123456789abc",
        server.port
    );

    let (code, r) = test_lead(&url, server.ca.path());
    assert_eq!(code, 0, "{r}");
    assert_eq!(r["ok"], true, "{r}");
    assert_eq!(r["status"], 202, "{r}");
    assert_eq!(r["remediation"], "faq-find-test-lead");
    assert!(
        !r.to_string().contains("0123456789abcdefghij"),
        "the signature is masked: {r}"
    );
    let bodies = server.bodies.lock().unwrap().clone();
    assert_eq!(bodies.len(), 1);
    let lead: serde_json::Value = serde_json::from_str(&bodies[0]).unwrap();
    assert!(
        lead["UserDetails"]["Email"]
            .as_str()
            .unwrap()
            .starts_with("MSFT_TEST_")
    );

    // The certificate authority is not trusted (the system trusts another one): a TLS error,
    // and the lead is not sent.
    let other = tls_server();
    let (code, r) = test_lead(&url, other.ca.path());
    assert_eq!(code, 1, "{r}");
    assert_eq!(r["findings"][0]["problem"], "tls", "{r}");
    let message = r["findings"][0]["message"].as_str().unwrap();
    assert!(
        message
            .starts_with("the server's certificate is not from an authority this machine trusts"),
        "{message}"
    );
    assert_eq!(r["remediation"], "https-flow-not-triggered");
    assert_eq!(server.bodies.lock().unwrap().len(), 1, "nothing sent");
}

#[test]
fn a_self_signed_certificate_is_named_in_words() {
    let (port, _) = self_signed_server();
    // The system trusts another authority (a test one), not this certificate.
    let other = tls_server();
    let url = format!("https://127.0.0.1:{port}/hook");
    let (code, r) = test_lead(&url, other.ca.path());
    assert_eq!(code, 1, "{r}");
    assert_eq!(r["findings"][0]["problem"], "tls", "{r}");
    let message = r["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("the server's certificate is self-signed"),
        "{message}"
    );
    // A certificate from an authority the system does not trust is not called self-signed.
    let (code, r) = test_lead(
        &format!("https://127.0.0.1:{}/hook", other.port),
        tls_server().ca.path(),
    );
    assert_eq!(code, 1, "{r}");
    let message = r["findings"][0]["message"].as_str().unwrap();
    assert!(
        message
            .starts_with("the server's certificate is not from an authority this machine trusts"),
        "{message}"
    );
}

/// `validate salesforce` with its web-to-lead replaced by `url`, the system trusting only the
/// authority in `cert_file`.
fn validate_salesforce(url: &str, cert_file: &std::path::Path, lang: &str) -> (i32, String) {
    let out = Command::cargo_bin("leadwiz")
        .unwrap()
        .env_remove("SSL_CERT_DIR")
        .env("SSL_CERT_FILE", cert_file)
        .args(["validate", "salesforce", "--org-id", "00Do0000000ZHog"])
        .args(["--web-to-lead-url", url, "--timeout", "10", "--lang", lang])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn the_salesforce_probe_names_a_self_signed_certificate_and_an_untrusted_authority() {
    let (port, _) = self_signed_server();
    let other = tls_server();
    let url = format!("https://127.0.0.1:{port}/servlet/servlet.WebToLead");
    let (code, out) = validate_salesforce(&url, other.ca.path(), "en");
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("2. probes that send no secret — FAILED"),
        "{out}"
    );
    assert!(
        out.contains("— the server's certificate is self-signed"),
        "{out}"
    );
    assert!(out.contains("leadwiz show dest-salesforce"), "{out}");
    let (code, zh) = validate_salesforce(&url, other.ca.path(), "zh-CN");
    assert_eq!(code, 1, "{zh}");
    assert!(zh.contains("2. 不发送机密的探测 — 失败"), "{zh}");
    assert!(zh.contains("自签名"), "{zh}");
    // Another authority than the system trusts: named so, not "self-signed".
    let url = format!("https://127.0.0.1:{}/servlet/servlet.WebToLead", other.port);
    let (code, out) = validate_salesforce(&url, tls_server().ca.path(), "en");
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("the server's certificate is not from an authority this machine trusts"),
        "{out}"
    );
    assert!(!out.contains("certificate is self-signed"), "{out}");
    // Trusted, the probe passes.
    let (code, out) = validate_salesforce(&url, other.ca.path(), "en");
    assert_eq!(code, 0, "{out}");
}
