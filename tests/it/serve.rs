//! The workplace in the browser (`serve`), driven over HTTP against the real binary on a
//! free port: who is answered (session token, Host), what the pages show, and that data is
//! text on them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::support::TestDir;

/// A running `ratsvorlage serve`, ended when dropped.
struct Server {
    child: Child,
    port: u16,
    token: String,
}

impl Server {
    fn start(project: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ratsvorlage"))
            .args(["serve", "--port", "0", "--no-browser"])
            .arg(project)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("ratsvorlage serve starts");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("the address on stdout");
        let address = first.trim();
        let rest = address
            .strip_prefix("http://127.0.0.1:")
            .unwrap_or_else(|| panic!("first line is the address, got {address:?}"));
        let (port, token) = rest.split_once("/?token=").expect("address with token");
        Self {
            port: port.parse().expect("port"),
            token: token.to_owned(),
            child,
        }
    }

    fn get(&self, path: &str, host: &str, cookie: Option<&str>) -> Answer {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        let cookie = cookie.map_or(String::new(), |c| format!("Cookie: {c}\r\n"));
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\n{cookie}Connection: close\r\n\r\n"
        )
        .expect("request");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("answer");
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("head and body");
        let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
        let bytes = raw[split + 4..].to_vec();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status");
        Answer {
            status,
            head,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
        }
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn cookie(&self) -> String {
        format!("ratsvorlage_session={}", self.token)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Answer {
    status: u16,
    head: String,
    body: String,
    bytes: Vec<u8>,
}

#[test]
fn only_the_session_on_our_own_address_is_answered() {
    let dir = TestDir::new();
    let project = dir.example("input");
    let server = Server::start(&project);
    let host = server.host();

    // No token, a wrong token, a token of the same length that differs: 401.
    assert_eq!(server.get("/", &host, None).status, 401);
    assert_eq!(server.get("/?token=falsch", &host, None).status, 401);
    let wrong = "0".repeat(server.token.len());
    let refused = server.get(&format!("/?token={wrong}"), &host, None);
    assert_eq!(refused.status, 401);
    assert!(
        refused.body.contains("nicht angemeldet"),
        "{}",
        refused.body
    );
    assert_eq!(
        server
            .get("/einlesebericht", &host, Some("ratsvorlage_session=x"))
            .status,
        401
    );

    // The right token under a foreign Host (DNS rebinding): 403.
    let rebound = server.get(
        &format!("/?token={}", server.token),
        "ratsvorlage.example:80",
        None,
    );
    assert_eq!(rebound.status, 403);
    let cookie = server.cookie();
    assert_eq!(server.get("/", "evil.example", Some(&cookie)).status, 403);

    // The token in the address becomes an HttpOnly, SameSite=Strict cookie.
    let login = server.get(
        &format!("/einlesebericht?token={}", server.token),
        &host,
        None,
    );
    assert_eq!(login.status, 303);
    assert!(
        login.head.contains("location: /einlesebericht\r\n"),
        "{}",
        login.head
    );
    assert!(
        login.head.contains(&format!(
            "set-cookie: ratsvorlage_session={}; httponly; samesite=strict; path=/",
            server.token
        )),
        "{}",
        login.head
    );

    // With the cookie: the pages, under a strict content security policy; localhost too.
    for host in [host.clone(), format!("localhost:{}", server.port)] {
        let page = server.get("/", &host, Some(&cookie));
        assert_eq!(page.status, 200, "{host}");
        assert!(
            page.head
                .contains("content-security-policy: default-src 'none'"),
            "{}",
            page.head
        );
        assert!(page.head.contains("x-frame-options: deny"));
    }
    assert_eq!(
        server.get("/gibt-es-nicht", &host, Some(&cookie)).status,
        404
    );
    assert_eq!(
        server.get("/../../etc/passwd", &host, Some(&cookie)).status,
        404
    );
    let style = server.get("/stil.css", &host, Some(&cookie));
    assert_eq!(style.status, 200);
    assert!(style.head.contains("content-type: text/css"));
}

#[test]
fn the_overview_shows_the_figures_and_the_report_every_file() {
    let dir = TestDir::new();
    let project = dir.example("input");
    let server = Server::start(&project);
    let cookie = server.cookie();
    let overview = server.get("/", &server.host(), Some(&cookie)).body;
    for expected in [
        "<html lang=\"de\">",
        "<h1>Übersicht</h1>",
        "<dt>Arbeitsgruppen</dt><dd>4</dd>",
        "<dt>Ziele</dt><dd>21</dd>",
        "<dt>Maßnahmen</dt><dd>52</dd>",
        "<dt>Anwesenheiten</dt><dd>204</dd>",
        "<h3>Freizeit, Kultur und Religion</h3>",
        "Die Eingaben sind vollständig lesbar",
    ] {
        assert!(
            overview.contains(expected),
            "{expected:?} not in\n{overview}"
        );
    }
    let report = server
        .get("/einlesebericht", &server.host(), Some(&cookie))
        .body;
    assert!(
        report.contains("aria-current=\"page\">Einlesebericht"),
        "{report}"
    );
    // Every file of the example has its row.
    for file in ["ag/", "teilnehmende/"] {
        assert!(
            report.contains(&format!("<th scope=\"row\">{file}")),
            "{file} in\n{report}"
        );
    }
}

#[test]
fn data_shows_as_text_and_problems_with_their_place() {
    let dir = TestDir::new();
    let project = dir.example("input");
    // A Handlungsfeld whose name holds markup, and a damaged workbook.
    let toml = std::fs::read_to_string(project.join("konzept.toml")).unwrap();
    let toml = toml.replacen(
        "Politik und Recht\"",
        "Politik <script>alert(1)</script> & Recht\"",
        1,
    );
    assert!(
        toml.contains("<script>"),
        "the example names the Handlungsfeld"
    );
    std::fs::write(project.join("konzept.toml"), toml).unwrap();
    std::fs::write(project.join("ag/kaputt.xlsx"), b"PK\x03\x04 kein Archiv").unwrap();
    let server = Server::start(&project);
    let cookie = server.cookie();
    let overview = server.get("/", &server.host(), Some(&cookie)).body;
    assert!(
        overview.contains("Politik &lt;script&gt;alert(1)&lt;/script&gt; &amp; Recht"),
        "{overview}"
    );
    assert!(!overview.contains("<script>"), "{overview}");
    assert!(
        overview.contains("<a href=\"/einlesebericht\">Zu den Fehlern im Einlesebericht</a>"),
        "{overview}"
    );
    let report = server
        .get("/einlesebericht", &server.host(), Some(&cookie))
        .body;
    assert!(!report.contains("<script>"));
    let konzept = server.get("/konzept", &server.host(), Some(&cookie)).body;
    assert!(
        konzept.contains("<h2>Politik &lt;script&gt;alert(1)&lt;/script&gt; &amp; Recht</h2>"),
        "{konzept}"
    );
    assert!(!konzept.contains("<script>"), "{konzept}");
    assert!(
        report.contains("<span class=\"place\">ag/kaputt.xlsx</span>"),
        "{report}"
    );
    assert!(report.contains("Technische Angabe: "), "{report}");
    assert!(report.contains("<h3>Fehler</h3>"), "{report}");
}

#[test]
fn the_documents_of_the_last_build_open_and_nothing_else_does() {
    let dir = TestDir::new();
    let project = dir.example("input");
    let server = Server::start(&project);
    let (host, cookie) = (server.host(), server.cookie());
    let empty = server.get("/dokumente", &host, Some(&cookie));
    assert_eq!(empty.status, 200);
    assert!(
        empty.body.contains("noch keine Dokumente"),
        "{}",
        empty.body
    );

    let built = Command::new(env!("CARGO_BIN_EXE_ratsvorlage"))
        .arg("build")
        .arg(&project)
        .output()
        .expect("build runs");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let out = dir.path().join("output");
    std::fs::write(out.join("fremd.pdf"), b"%PDF not ours").unwrap();

    let list = server.get("/dokumente", &host, Some(&cookie)).body;
    for name in [
        "Beschlussvorlage.pdf",
        "Anlage-1-Integrationskonzept.pdf",
        "konzept.json",
        "FB-50-1234-08.zip",
    ] {
        assert!(
            list.contains(&format!("<a href=\"/dokumente/{name}\">{name}</a>")),
            "{name} in\n{list}"
        );
    }
    assert!(!list.contains("fremd.pdf"), "{list}");
    let pdf = server.get("/dokumente/Beschlussvorlage.pdf", &host, Some(&cookie));
    assert_eq!(pdf.status, 200);
    assert!(
        pdf.head.contains("content-type: application/pdf"),
        "{}",
        pdf.head
    );
    assert_eq!(
        pdf.bytes,
        std::fs::read(out.join("Beschlussvorlage.pdf")).unwrap()
    );
    let zip = server.get("/dokumente/FB-50-1234-08.zip", &host, Some(&cookie));
    assert!(
        zip.head.contains("content-disposition: attachment"),
        "{}",
        zip.head
    );
    // A file the build did not write, the marker, and paths out of the folder: not served.
    for path in [
        "/dokumente/fremd.pdf",
        "/dokumente/.ratsvorlage-ausgabe",
        "/dokumente/..%2F..%2Finput%2Fkonzept.toml",
        "/dokumente/%2E%2E%2Finput%2Fkonzept.toml",
        "/dokumente/../input/konzept.toml",
    ] {
        assert_eq!(server.get(path, &host, Some(&cookie)).status, 404, "{path}");
    }
    assert_eq!(
        server
            .get("/dokumente/Beschlussvorlage.pdf", &host, None)
            .status,
        401
    );
}
