//! The workplace in the browser (`serve`), driven over HTTP against the real binary on a
//! free port: who is answered (session token, Host), what the pages show, and that data is
//! text on them.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{TestDir, zip};

/// How long the rebuild loop may take to show a change (debug build, shared machine).
const WAIT: Duration = Duration::from_secs(120);

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
        let cookie = cookie.map_or(String::new(), |c| format!("Cookie: {c}\r\n"));
        self.send(
            format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{cookie}Connection: close\r\n\r\n")
                .as_bytes(),
        )
    }

    /// A page of this session.
    fn page(&self, path: &str) -> String {
        let answer = self.get(path, &self.host(), Some(&self.cookie()));
        assert_eq!(answer.status, 200, "{path}: {}", answer.body);
        answer.body
    }

    /// A POST of this session with `body` of `kind`, from `origin` (None: no Origin header).
    fn post(&self, path: &str, kind: &str, body: &[u8], origin: Option<&str>) -> Answer {
        let origin = origin.map_or(String::new(), |o| format!("Origin: {o}\r\n"));
        let mut request = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\n{origin}Content-Type: {kind}\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.host(),
            self.cookie(),
            body.len()
        )
        .into_bytes();
        request.extend_from_slice(body);
        self.send(&request)
    }

    /// Uploads files as the Übersicht's form does, from this server's own origin.
    fn upload(&self, files: &[(&str, &[u8])]) -> Answer {
        let (kind, body) = multipart(files);
        self.post("/hochladen", &kind, &body, Some(&self.origin()))
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn send(&self, request: &[u8]) -> Answer {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.write_all(request).expect("request");
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

    /// Waits until the page at `path` satisfies `ready` (the rebuild loop works on its own
    /// thread); returns the page.
    fn wait_for(&self, path: &str, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let page = self.page(path);
            if ready(&page) {
                return page;
            }
            assert!(
                Instant::now() < deadline,
                "{what} within {WAIT:?}; {path} shows\n{page}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits for the first build to end and returns the Übersicht.
    fn built(&self) -> String {
        self.wait_for("/", "a first build", |page| {
            page.contains("Zuletzt gebaut um")
        })
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
    // Each AG's card offers its prefilled workbook.
    assert!(overview.contains("href=\"/vorlage-ag/PR\""), "{overview}");
    let workbook = server.get("/vorlage-ag/PR", &server.host(), Some(&cookie));
    assert_eq!(workbook.status, 200, "{}", workbook.body);
    assert!(
        workbook.head.contains("spreadsheetml.sheet"),
        "{}",
        workbook.head
    );
    assert!(
        workbook
            .head
            .contains("attachment; filename*=utf-8''ag-pr-politik-und-recht.xlsx"),
        "{}",
        workbook.head
    );
    assert!(workbook.bytes.starts_with(b"PK\x03\x04"));
    let unknown = server.get(
        "/vorlage-ag/..%2Fkonzept.toml",
        &server.host(),
        Some(&cookie),
    );
    assert_eq!(unknown.status, 404);
    // … and its feedback letter: the text for an e-mail, and the PDF.
    assert!(overview.contains("href=\"/rueckmeldung/PR\""), "{overview}");
    let letter = server.page("/rueckmeldung/PR");
    assert!(
        letter.contains("<textarea id=\"brieftext\" readonly"),
        "{letter}"
    );
    assert!(
        letter.contains("Liebe Mitglieder der AG Politik und Recht,"),
        "{letter}"
    );
    let pdf = server.get("/rueckmeldung/PR/pdf", &server.host(), Some(&cookie));
    assert_eq!(pdf.status, 200, "{}", pdf.body);
    crate::support::assert_pdf_conforms(&pdf.bytes, "the letter from the workplace");
    assert_eq!(
        server
            .get("/rueckmeldung/XY", &server.host(), Some(&cookie))
            .status,
        404
    );
    // Rows read = used + reported, visibly, for the whole project.
    let total = report
        .split("<tfoot>")
        .nth(1)
        .and_then(|foot| foot.split("<td>").nth(1))
        .and_then(|cell| cell.split('<').next())
        .expect("a total row");
    let numbers: Vec<usize> = total
        .split(' ')
        .filter_map(|word| word.parse().ok())
        .collect();
    assert!(
        matches!(numbers[..], [read, used, reported] if read == used + reported && read > 0),
        "{total}"
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
    // The workplace builds when it starts; its documents are listed once they are written.
    server.built();
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
    // A preview of every page, drawn from the build's own layout.
    assert!(
        list.contains("alt=\"Beschlussvorlage, Seite 1 von 2\""),
        "{list}"
    );
    let preview = server.get("/vorschau/anlage/1", &host, Some(&cookie));
    assert_eq!(preview.status, 200);
    assert!(
        preview.head.contains("content-type: image/png"),
        "{}",
        preview.head
    );
    assert!(preview.bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    for path in [
        "/vorschau/anlage/0",
        "/vorschau/anlage/999",
        "/vorschau/konzept/1",
        "/vorschau/anlage/x",
    ] {
        assert_eq!(server.get(path, &host, Some(&cookie)).status, 404, "{path}");
    }
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

/// A multipart form body with the files in the field `dateien`, and its content type.
fn multipart(files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----ratsvorlage-test-7d1f";
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"dateien\"; \
                 filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Every file below `root` (relative path → bytes), to compare a project byte for byte.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir)
            .expect("folder")
            .map(|e| e.expect("entry"))
        {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path.strip_prefix(root).expect("below root");
                out.insert(
                    relative.display().to_string(),
                    std::fs::read(&path).expect("read"),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// The number after `<dt>label</dt>` on a page.
fn figure(page: &str, label: &str) -> Option<u64> {
    let after = page.split(&format!("<dt>{label}</dt><dd>")).nth(1)?;
    after.split('<').next()?.replace('.', "").parse().ok()
}

/// The example's measures of AG 4 with one measure fewer: the last record (each starts
/// with its goal's number, `PR-`, on a new line; a quoted cell may span lines).
fn one_measure_fewer(project: &Path) -> Vec<u8> {
    let bytes = std::fs::read(project.join("ag/ag-4_massnahmen.csv")).unwrap();
    let last = bytes
        .windows(4)
        .rposition(|w| w == b"\nPR-")
        .expect("more than one measure");
    bytes[..=last].to_vec()
}

#[test]
fn an_upload_is_built_and_a_replaced_file_can_be_restored() {
    let dir = TestDir::new();
    let project = dir.example("input");
    let original = std::fs::read(project.join("ag/ag-4_massnahmen.csv")).unwrap();
    let server = Server::start(&project);
    let overview = server.built();
    assert_eq!(figure(&overview, "Maßnahmen"), Some(52));
    assert!(
        overview.contains("Noch keine: Wenn eine hochgeladene Datei"),
        "{overview}"
    );

    let fewer = one_measure_fewer(&project);
    let answer = server.upload(&[("ag-4_massnahmen.csv", &fewer)]);
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(
        answer
            .body
            .contains("<strong>Ersetzt</strong>: ag-4_massnahmen.csv → ag/ag-4_massnahmen.csv"),
        "{}",
        answer.body
    );
    assert_eq!(
        std::fs::read(project.join("ag/ag-4_massnahmen.csv")).unwrap(),
        fewer
    );
    // The figures come from the project as it is; the documents from the rebuild that follows.
    assert_eq!(figure(&server.page("/"), "Maßnahmen"), Some(51));
    server.wait_for("/aenderungen", "the change since the start", |page| {
        page.contains("1 Maßnahme entfallen")
    });
    let konzept: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("output/konzept.json")).unwrap())
            .unwrap();
    assert_eq!(konzept["kennzahlen"]["massnahmen"], 51);

    // The replaced version is listed and comes back with one click; nothing is lost.
    let overview = server.page("/");
    let id = overview
        .split("name=\"fassung\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a restore button")
        .to_owned();
    assert!(id.ends_with("/ag/ag-4_massnahmen.csv"), "{id}");
    let restored = server.post(
        "/verlauf/wiederherstellen",
        "application/x-www-form-urlencoded",
        format!("fassung={}", id.replace('/', "%2F")).as_bytes(),
        Some(&server.origin()),
    );
    assert_eq!(restored.status, 303, "{}", restored.body);
    assert_eq!(
        std::fs::read(project.join("ag/ag-4_massnahmen.csv")).unwrap(),
        original
    );
    let overview = server.page("/");
    assert_eq!(figure(&overview, "Maßnahmen"), Some(52));
    assert_eq!(
        overview.matches("Wiederherstellen</button>").count(),
        2,
        "{overview}"
    );
    let kept: Vec<Vec<u8>> = tree(&project.join(".ratsvorlage/verlauf"))
        .into_values()
        .collect();
    assert!(
        kept.contains(&original) && kept.contains(&fewer),
        "both versions are kept"
    );

    // Only a version the history lists can be restored.
    for bogus in [
        "..%2Fkonzept.toml",
        "%2Fetc%2Fpasswd",
        "2008-10-06_12-34-56-000%2Fag%2Fx.csv",
    ] {
        let answer = server.post(
            "/verlauf/wiederherstellen",
            "application/x-www-form-urlencoded",
            format!("fassung={bogus}").as_bytes(),
            Some(&server.origin()),
        );
        assert_eq!(answer.status, 404, "{bogus}");
    }
}

#[test]
fn refused_uploads_leave_the_project_byte_for_byte_as_it_was() {
    let dir = TestDir::new();
    let project = dir.example("input");
    let server = Server::start(&project);
    server.built();
    let before = tree(&project);

    let slip = zip(&[
        ("../../ausserhalb.csv", b"Ziel-Nr;Ziel\n1;Ausbruch\n"),
        ("/etc/absolut.csv", b"Ziel-Nr;Ziel\n1;Ausbruch\n"),
    ]);
    let answer = server.upload(&[
        ("kaputt.xlsx", b"PK\x03\x04 kein Archiv"),
        ("archiv.zip", &slip),
        ("notiz.txt", b"keine Tabelle"),
    ]);
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(
        answer.body.contains("0 übernommen, 0 ersetzt"),
        "{}",
        answer.body
    );
    assert!(
        answer
            .body
            .contains("<strong>Abgelehnt</strong>: kaputt.xlsx"),
        "{}",
        answer.body
    );
    assert!(
        !answer.body.contains("<strong>Übernommen</strong>"),
        "{}",
        answer.body
    );
    assert_eq!(tree(&project), before, "the project is unchanged");
    assert!(!dir.path().join("ausserhalb.csv").exists());

    // Not from this server's pages: refused before anything is read.
    let (kind, body) = multipart(&[("ag-4_massnahmen.csv", b"x")]);
    for origin in [None, Some("http://evil.example"), Some("null")] {
        let answer = server.post("/hochladen", &kind, &body, origin);
        assert_eq!(answer.status, 403, "{origin:?}");
    }
    // The browser closed mid-upload: the body ends before its announced length.
    let (kind, body) = multipart(&[("ag-4_massnahmen.csv", &one_measure_fewer(&project))]);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        stream,
        "POST /hochladen HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nOrigin: {}\r\n\
         Content-Type: {kind}\r\nContent-Length: {}\r\n\r\n",
        server.host(),
        server.cookie(),
        server.origin(),
        body.len() + 100_000
    )
    .unwrap();
    stream.write_all(&body[..body.len() / 2]).unwrap();
    drop(stream);
    // A larger body than an upload may carry is refused as such, without reading it all.
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        stream,
        "POST /hochladen HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nOrigin: {}\r\n\
         Content-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        server.host(),
        server.cookie(),
        server.origin(),
        1u64 << 40
    )
    .unwrap();
    let _ = stream.write_all(&body);
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    // One more request after both: the server is there and the project as it was, once
    // the broken upload's staging folder is gone.
    assert_eq!(figure(&server.page("/"), "Maßnahmen"), Some(52));
    let deadline = Instant::now() + WAIT;
    while project.join(".ratsvorlage/eingang").exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(tree(&project), before, "the project is unchanged");
}

#[test]
fn uploads_at_the_same_time_both_land_whole() {
    let dir = TestDir::new();
    let project = dir.example("input");
    let server = Server::start(&project);
    server.built();
    let massnahmen = one_measure_fewer(&project);
    let ausgangslage = {
        let text = std::fs::read(project.join("ag/ag-4_ausgangslage.csv")).unwrap();
        let mut changed = text.clone();
        changed.extend_from_slice(b"\n");
        changed
    };
    let answers: Vec<Answer> = std::thread::scope(|scope| {
        let a = scope.spawn(|| server.upload(&[("ag-4_massnahmen.csv", &massnahmen)]));
        let b = scope.spawn(|| server.upload(&[("ag-4_ausgangslage.csv", &ausgangslage)]));
        vec![a.join().unwrap(), b.join().unwrap()]
    });
    for answer in &answers {
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert!(answer.body.contains("1 ersetzt"), "{}", answer.body);
    }
    assert_eq!(
        std::fs::read(project.join("ag/ag-4_massnahmen.csv")).unwrap(),
        massnahmen
    );
    assert_eq!(
        std::fs::read(project.join("ag/ag-4_ausgangslage.csv")).unwrap(),
        ausgangslage
    );
    assert_eq!(tree(&project.join(".ratsvorlage/verlauf")).len(), 2);
    assert!(
        !project.join(".ratsvorlage/eingang").exists(),
        "no staging left"
    );
    server.wait_for("/", "the build after both uploads", |page| {
        page.contains("Zuletzt gebaut um")
            && !page.contains("Neubau läuft")
            && figure(page, "Maßnahmen") == Some(51)
    });
}

#[test]
fn a_file_saved_on_disk_reaches_open_pages_as_an_event() {
    let dir = TestDir::new();
    let project = dir.example("input");
    let server = Server::start(&project);
    server.built();
    let mut events = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        events,
        "GET /ereignisse HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nAccept: text/event-stream\r\n\r\n",
        server.host(),
        server.cookie()
    )
    .unwrap();
    events.set_read_timeout(Some(WAIT)).unwrap();
    let mut events = BufReader::new(events);
    let mut head = String::new();
    events.read_line(&mut head).unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");

    // As Excel saves: the file is written in place, while the page is open.
    std::fs::write(
        project.join("ag/ag-4_massnahmen.csv"),
        one_measure_fewer(&project),
    )
    .unwrap();
    let started = Instant::now();
    let mut seen = Vec::new();
    while seen.len() < 2 {
        let mut line = String::new();
        assert!(events.read_line(&mut line).unwrap() > 0, "the stream ended");
        if line.starts_with("event: stand") {
            seen.push(started.elapsed());
        }
    }
    // One event when the rebuild starts, one when it ended; then the page shows it.
    let overview = server.page("/");
    assert_eq!(figure(&overview, "Maßnahmen"), Some(51), "{overview}");
    assert!(
        overview.contains("nach Änderungen an input/ag/ag-4_massnahmen.csv"),
        "{overview}"
    );
}

#[test]
fn kept_states_are_listed_compared_and_given_as_a_synopse() {
    let dir = TestDir::new();
    let project = dir.example("input");
    let server = Server::start(&project);
    server.built();
    let answer = server.upload(&[("ag-4_massnahmen.csv", &one_measure_fewer(&project))]);
    assert_eq!(answer.status, 200, "{}", answer.body);
    // The build after the upload keeps the second state.
    let page = server.wait_for("/aenderungen", "two kept states", |page| {
        page.matches("Synopse (PDF)</a>").count() == 2
    });
    assert!(page.contains("FB 50/1234/08 vom 15.10.2008"), "{page}");
    // The older state is listed last; compare with it.
    let older = page
        .rsplit("/aenderungen?stand=")
        .next()
        .and_then(|rest| rest.split('#').next())
        .expect("a compare link")
        .to_owned();
    let compared = server.page(&format!("/aenderungen?stand={older}"));
    assert!(
        compared.contains("Seit Vorlage FB 50/1234/08 vom 15.10.2008"),
        "{compared}"
    );
    assert!(compared.contains("1 Maßnahme entfallen"), "{compared}");
    let synopse = server.get(
        &format!("/synopse/{older}"),
        &server.host(),
        Some(&server.cookie()),
    );
    assert_eq!(synopse.status, 200, "{}", synopse.body);
    assert!(synopse.head.contains("content-type: application/pdf"));
    crate::support::assert_pdf_conforms(&synopse.bytes, "the Synopse of the workplace");
    // Only states the list names.
    for bogus in ["..%2F..%2Fkonzept.toml", "2008-01-01_00-00-00-000"] {
        let answer = server.get(
            &format!("/synopse/{bogus}"),
            &server.host(),
            Some(&server.cookie()),
        );
        assert_eq!(answer.status, 404, "{bogus}");
        let page = server.page(&format!("/aenderungen?stand={bogus}"));
        assert!(page.contains("class=\"refused\""), "{page}");
    }
}
