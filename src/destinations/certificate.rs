//! When a server's certificate is not from a trusted authority: is it self-signed? A second TLS
//! handshake reads the certificate the server shows and stops there, before anything is sent.
//! A certificate is self-signed when it names itself as its issuer and comes alone.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use url::Url;

/// Whether the server at `url` shows a self-signed certificate (false when it cannot be told).
pub async fn is_self_signed(url: &Url, timeout: Duration) -> bool {
    let (Some(host), Some(port)) = (url.host_str(), url.port_or_known_default()) else {
        return false;
    };
    let host = host.trim_matches(['[', ']']).to_owned();
    tokio::task::spawn_blocking(move || shown_certificate(&host, port, timeout))
        .await
        .ok()
        .flatten()
        .is_some_and(|(leaf, alone)| alone && self_issued(&leaf))
}

/// The certificate the server shows (DER), and whether it came without intermediates.
fn shown_certificate(host: &str, port: u16, timeout: Duration) -> Option<(Vec<u8>, bool)> {
    let recorder = Arc::new(Recorder::default());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .ok()?
        .dangerous()
        .with_custom_certificate_verifier(recorder.clone())
        .with_no_client_auth();
    let name = ServerName::try_from(host.to_owned()).ok()?;
    let mut conn = rustls::ClientConnection::new(Arc::new(config), name).ok()?;
    let addr = (host, port).to_socket_addrs().ok()?.next()?;
    let mut tcp = TcpStream::connect_timeout(&addr, timeout).ok()?;
    tcp.set_read_timeout(Some(timeout)).ok()?;
    tcp.set_write_timeout(Some(timeout)).ok()?;
    // The recorder refuses the certificate, which ends the handshake: nothing else is sent.
    while conn.is_handshaking() && recorder.seen.lock().ok()?.is_none() {
        if conn.complete_io(&mut Io(&mut tcp)).is_err() {
            break;
        }
    }
    recorder.seen.lock().ok()?.take()
}

/// `TcpStream` as the `Read + Write` rustls drives.
struct Io<'a>(&'a mut TcpStream);

impl Read for Io<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf)
    }
}

impl Write for Io<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// Records the certificate shown and refuses it.
#[derive(Debug, Default)]
struct Recorder {
    seen: Mutex<Option<(Vec<u8>, bool)>>,
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some((end_entity.to_vec(), intermediates.is_empty()));
        }
        Err(rustls::Error::General("certificate recorded".into()))
    }

    fn verify_tls12_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Err(rustls::Error::General("not verified".into()))
    }

    fn verify_tls13_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Err(rustls::Error::General("not verified".into()))
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        rustls::crypto::ring::default_provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// One DER element: its tag, its content, and what follows it.
fn element(der: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = der.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |a, &b| (a << 8) | b as usize);
        (len, &rest[n..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// Whether a certificate (DER) names itself as its issuer: its issuer and subject are the same.
pub fn self_issued(der: &[u8]) -> bool {
    fn names(der: &[u8]) -> Option<(&[u8], &[u8])> {
        let (0x30, cert, _) = element(der)? else {
            return None;
        };
        let (0x30, tbs, _) = element(cert)? else {
            return None;
        };
        let mut rest = tbs;
        // The version, when present, is `[0]`.
        if rest.first() == Some(&0xa0) {
            rest = element(rest)?.2;
        }
        let (_, _, rest) = element(rest)?; // serial number
        let (_, _, rest) = element(rest)?; // signature algorithm
        let (0x30, issuer, rest) = element(rest)? else {
            return None;
        };
        let (_, _, rest) = element(rest)?; // validity
        let (0x30, subject, _) = element(rest)? else {
            return None;
        };
        Some((issuer, subject))
    }
    names(der).is_some_and(|(issuer, subject)| issuer == subject)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuer_and_subject_are_read_from_der() {
        // A minimal certificate shape: version, serial, algorithm, issuer, validity, subject.
        let name = |cn: u8| vec![0x30, 0x03, 0x31, 0x01, cn];
        let cert = |issuer: Vec<u8>, subject: Vec<u8>| {
            let mut tbs = vec![0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x01, 0x07, 0x30, 0x00];
            tbs.extend(issuer);
            tbs.extend([0x30, 0x00]);
            tbs.extend(subject);
            let mut t = vec![0x30, tbs.len() as u8];
            t.extend(tbs);
            let mut c = vec![0x30, t.len() as u8];
            c.extend(t);
            c
        };
        assert!(self_issued(&cert(name(1), name(1))));
        assert!(!self_issued(&cert(name(1), name(2))));
        assert!(!self_issued(b"not a certificate"));
        assert!(!self_issued(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]));
        assert!(!self_issued(&[]));
    }
}
