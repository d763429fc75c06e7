//! The workplace end to end in a real headless Chromium over WebDriver (chromedriver): the
//! pages show the example's figures, an upload changes them in place, the Anlage opens, and
//! axe-core finds no WCAG 2.1 A/AA violation on any page. Needs Debian's `chromium` and
//! `chromium-driver` and axe-core from npm (`.ci/run` installs them); without them it skips,
//! except under CI. With `RATSVORLAGE_SCREENSHOTS=FOLDER` it leaves a screenshot of each page.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

use crate::support::{self, TestDir};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// The figures of the Übersicht and their keys in `check --json`'s `kennzahlen`.
const FIGURES: [(&str, &str); 7] = [
    ("Arbeitsgruppen", "arbeitsgruppen"),
    ("Sitzungen", "sitzungen"),
    ("Konferenzen", "konferenzen"),
    ("Ziele", "ziele"),
    ("Maßnahmen", "massnahmen"),
    ("Beteiligte Personen", "teilnehmende_personen"),
    ("Anwesenheiten", "anwesenheiten"),
];

#[tokio::test]
async fn every_page_shows_its_content_and_passes_axe() {
    let Some(tools) = Tools::find() else { return };
    let dir = TestDir::new();
    let project = dir.example("input");
    // The Dokumente page lists what the last build wrote into serve's default output folder.
    let (code, _, stderr) = support::build(&project, &dir.path().join("output"));
    assert_eq!(code, 0, "build: {stderr}");
    let expected = kennzahlen(&project);
    let server = Workplace::start(&project);
    let browser = Browser::start(&dir).await;
    let client = &browser.client;

    client
        .goto(&server.address)
        .await
        .expect("open the address");
    // The token became a cookie and left the address bar.
    let url = client.current_url().await.expect("url");
    assert_eq!(url.path(), "/", "{url}");
    assert!(
        url.query().is_none(),
        "the token stays in the address: {url}"
    );
    for (label, key) in FIGURES {
        assert_eq!(
            figure(client, label).await,
            Some(expected[key].as_u64().expect("a count")),
            "figure {label:?} against check's kennzahlen.{key}"
        );
    }

    let links = client
        .find_all(Locator::Css("nav[aria-label=\"Seiten\"] a"))
        .await
        .expect("the navigation");
    let mut pages = Vec::new();
    for link in links {
        let path = link.attr("href").await.expect("href").expect("a link");
        pages.push((path, link.prop("href").await.expect("href").expect("href")));
    }
    let paths: Vec<&str> = pages.iter().map(|(path, _)| path.as_str()).collect();
    for needed in ["/", "/einlesebericht", "/konzept", "/dokumente"] {
        assert!(
            paths.contains(&needed),
            "{needed} in the navigation {paths:?}"
        );
    }
    for (path, href) in &pages {
        client.goto(href).await.expect("open the page");
        let heading = client
            .find(Locator::Css("main h1"))
            .await
            .unwrap_or_else(|e| panic!("{path} has a heading in main: {e}"))
            .text()
            .await
            .expect("text");
        let title = client.title().await.expect("title");
        assert!(
            title.contains(&heading),
            "{path}: title {title:?} names the page {heading:?}"
        );
        let current = client
            .find(Locator::Css(
                "nav[aria-label=\"Seiten\"] a[aria-current=\"page\"]",
            ))
            .await
            .unwrap_or_else(|e| panic!("{path}: the navigation marks the page: {e}"));
        assert_eq!(
            current.attr("href").await.expect("href").as_deref(),
            Some(path.as_str())
        );
        browser.screenshot(&page_name(path)).await;
        browser.assert_accessible(&tools, path).await;
    }

    // The pages behind the AG cards and the Änderungen page: a feedback letter and a
    // comparison with a kept state.
    let overview = &pages[0].1;
    client.goto(overview).await.expect("open the Übersicht");
    let letter = client
        .find(Locator::Css("a[href=\"/rueckmeldung/PR\"]"))
        .await
        .expect("the PR card links its feedback letter");
    letter.click().await.expect("open the letter");
    let text = client
        .find(Locator::Css("textarea#brieftext"))
        .await
        .expect("the e-mail text")
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default();
    assert!(
        text.contains("Liebe Mitglieder der AG Politik und Recht"),
        "{text}"
    );
    browser.screenshot("rueckmeldung").await;
    browser.assert_accessible(&tools, "/rueckmeldung/PR").await;
    let (_, aenderungen) = pages
        .iter()
        .find(|(path, _)| path == "/aenderungen")
        .expect("Änderungen in the navigation");
    client.goto(aenderungen).await.expect("open Änderungen");
    if let Ok(compare) = client
        .find(Locator::Css("a[href^=\"/aenderungen?stand=\"]"))
        .await
    {
        compare.click().await.expect("compare with a kept state");
        client
            .find(Locator::Id("vergleich"))
            .await
            .expect("the comparison");
        browser.screenshot("aenderungen-vergleich").await;
        browser
            .assert_accessible(&tools, "/aenderungen?stand=…")
            .await;
    }

    // The Anlage from the Dokumente page, as a person opens it.
    let (_, dokumente) = pages
        .iter()
        .find(|(path, _)| path == "/dokumente")
        .expect("Dokumente in the navigation");
    client.goto(dokumente).await.expect("open Dokumente");
    let link = client
        .find(Locator::XPath("//main//a[contains(., 'Anlage')]"))
        .await
        .expect("the Dokumente page links the Anlage after a build");
    let href = link.prop("href").await.expect("href").expect("href");
    link.click().await.expect("follow the link");
    let opened = wait_for(Duration::from_secs(10), || async {
        let url = client.current_url().await.expect("url");
        (url.as_str() == href).then_some(())
    })
    .await;
    assert!(opened.is_some(), "clicking the Anlage link opens {href}");
    // What Chromium loaded, not just where it went: its PDF viewer shows a PDF.
    let loaded = client
        .execute("return document.contentType;", vec![])
        .await
        .expect("content type");
    assert_eq!(loaded, json!("application/pdf"), "{href}");
    assert!(href.ends_with(".pdf"), "{href}");

    browser.close().await;
}

#[tokio::test]
async fn an_upload_changes_figures_and_problems_without_reloading() {
    let Some(tools) = Tools::find() else { return };
    let full = kennzahlen(&support::example())["massnahmen"]
        .as_u64()
        .expect("a count");
    let dir = TestDir::new();
    let project = dir.example("input");
    // The AG's file in the project is broken (saved empty); the corrected one arrives by
    // e-mail and replaces it.
    let name = "ag-4_massnahmen.csv";
    let corrected = dir.mkdir("E-Mail").join(name);
    std::fs::rename(project.join("ag").join(name), &corrected).expect("move the workbook");
    std::fs::write(project.join("ag").join(name), b"").expect("an empty file");
    let without = kennzahlen(&project)["massnahmen"]
        .as_u64()
        .expect("a count");
    assert!(
        without < full,
        "the AG's measures are missing: {without} of {full}"
    );
    let server = Workplace::start(&project);
    let browser = Browser::start(&dir).await;
    let client = &browser.client;

    client
        .goto(&server.address)
        .await
        .expect("open the address");
    assert_eq!(figure(client, "Maßnahmen").await, Some(without));
    let before = main_text(client).await;
    assert!(
        before.contains("enthalten 1 Fehler"),
        "the broken file is an error: {before}"
    );
    client
        .execute("window.__kein_neuladen = 1;", vec![])
        .await
        .expect("mark the page");

    let input = client
        .find(Locator::Css("form#hochladen input#dateien[type=\"file\"]"))
        .await
        .expect("the Übersicht has the upload form #hochladen with the file input #dateien");
    input
        .send_keys(corrected.to_str().expect("UTF-8 path"))
        .await
        .expect("choose the file");
    client
        .find(Locator::Css("form#hochladen button[type=\"submit\"]"))
        .await
        .expect("the upload button")
        .click()
        .await
        .expect("upload");

    let updated = wait_for(Duration::from_secs(30), || async {
        (figure(client, "Maßnahmen").await == Some(full)).then_some(())
    })
    .await;
    let after = main_text(client).await;
    assert!(
        updated.is_some(),
        "the Maßnahmen figure becomes {full} after the upload; the page shows\n{after}"
    );
    let marker = client
        .execute("return window.__kein_neuladen === 1;", vec![])
        .await
        .expect("read the mark");
    assert_eq!(marker, json!(true), "the page was reloaded");
    let result = client
        .find(Locator::Id("hochlade-ergebnis"))
        .await
        .expect("the upload result")
        .text()
        .await
        .expect("text");
    assert!(
        result.contains(name),
        "{name} in the upload result {result:?}"
    );
    assert_ne!(before, after, "the page changed");
    assert!(
        after.contains("Die Eingaben sind vollständig lesbar"),
        "the error is gone: {after}"
    );
    assert!(
        result.contains("Ersetzt"),
        "the empty file was replaced: {result:?}"
    );
    browser.screenshot("uebersicht-nach-hochladen").await;
    browser
        .assert_accessible(&tools, "/ after the upload")
        .await;

    browser.close().await;
}

/// What the test drives and injects, or `None` (after saying why) where a developer's machine
/// lacks them; under CI a missing tool fails the test instead, so that it never passes unrun.
struct Tools {
    axe: String,
}

impl Tools {
    fn find() -> Option<Self> {
        let axe = std::env::var_os("AXE_CORE_JS")
            .map(PathBuf::from)
            .or_else(|| {
                // Where .ci/run puts it, for a developer who ran it once.
                std::env::var_os("HOME").map(|home| {
                    Path::new(&home).join(".cache/ratsvorlage-npm/node_modules/axe-core/axe.min.js")
                })
            });
        let missing = if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
            format!(
                "{CHROMEDRIVER} or {CHROMIUM} is missing (apt-get install -y chromium chromium-driver)"
            )
        } else {
            match axe.as_deref().map(std::fs::read_to_string) {
                Some(Ok(axe)) => return Some(Self { axe }),
                _ => format!(
                    "axe-core is missing: AXE_CORE_JS names no readable file ({}); \
                     npm install --prefix ~/.cache/ratsvorlage-npm axe-core@4",
                    axe.as_deref()
                        .map_or("unset".into(), |p| p.display().to_string())
                ),
            }
        };
        assert!(
            std::env::var_os("CI").is_none(),
            "the browser test cannot run: {missing}"
        );
        // Past the test harness's capture (which takes eprintln!), so that a passing run
        // still tells the developer that this test did not run.
        let _ = writeln!(std::io::stderr(), "browser test skipped: {missing}");
        None
    }
}

/// `ratsvorlage serve` on a free port, ended when dropped.
struct Workplace {
    child: Child,
    /// The first line it printed: the address with the session token.
    address: String,
}

impl Workplace {
    fn start(project: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ratsvorlage"))
            .args(["serve", "--port", "0", "--no-browser"])
            .arg(project)
            .stdout(Stdio::piped())
            .spawn()
            .expect("ratsvorlage serve starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut address = String::new();
        stdout.read_line(&mut address).expect("the address");
        // Drained, not closed: a later line to a closed pipe would end the server.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let address = address.trim().to_owned();
        assert!(
            address.starts_with("http://127.0.0.1:") && address.contains("/?token="),
            "the first line is the address: {address:?}"
        );
        Self { child, address }
    }
}

impl Drop for Workplace {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// chromedriver with a WebDriver session in a headless Chromium of a fresh profile.
struct Browser {
    client: Client,
    screenshots: Option<PathBuf>,
    _driver: Driver,
}

impl Browser {
    async fn start(dir: &TestDir) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut command = Command::new(CHROMEDRIVER);
        command
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        // Owned from here on, so that a failure below still ends chromedriver.
        let driver = Driver(command.spawn().expect("chromedriver starts"));
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver listens on {port}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = dir.mkdir("chromium-profile");
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                // Without the background networking flags Chromium waits for servers it
                // cannot reach on a closed network.
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--window-size=1280,1000",
                    format!("--user-data-dir={}", profile.display()),
                ],
            },
            // axe-core on a long page takes seconds on two cores.
            "timeouts": {"script": 60_000, "pageLoad": 60_000},
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("an object")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session in Chromium");
        let screenshots = std::env::var_os("RATSVORLAGE_SCREENSHOTS").map(PathBuf::from);
        if let Some(folder) = &screenshots {
            std::fs::create_dir_all(folder).expect("the screenshot folder");
        }
        Self {
            client,
            screenshots,
            _driver: driver,
        }
    }

    /// Saves `NAME.png` of the whole page in `RATSVORLAGE_SCREENSHOTS`, if that is set: the
    /// window is made as tall as the page for it, then set back.
    async fn screenshot(&self, name: &str) {
        let Some(folder) = &self.screenshots else {
            return;
        };
        let (width, height) = self.client.get_window_size().await.expect("window size");
        // The window's height includes what is not page (Chromium's own frame).
        let needed = self
            .client
            .execute(
                "return Math.ceil(document.documentElement.scrollHeight)\
                   + window.outerHeight - window.innerHeight;",
                vec![],
            )
            .await
            .expect("page height")
            .as_u64()
            .expect("a height");
        let tall = u32::try_from(needed.clamp(height, 16_000)).expect("bounded");
        let width = u32::try_from(width).expect("window width");
        self.client
            .set_window_size(width, tall)
            .await
            .expect("resize");
        let png = self.client.screenshot().await.expect("screenshot");
        let height = u32::try_from(height).expect("window height");
        self.client
            .set_window_size(width, height)
            .await
            .expect("resize back");
        std::fs::write(folder.join(format!("{name}.png")), png).expect("write the screenshot");
    }

    /// Runs axe-core's WCAG 2.0/2.1 A and AA rules on the page; fails listing each violation
    /// with the markup of its nodes.
    async fn assert_accessible(&self, tools: &Tools, page: &str) {
        // Injected by WebDriver, the script is not subject to the page's CSP.
        self.client
            .execute(&tools.axe, vec![])
            .await
            .expect("inject axe-core");
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 axe.run(document, {runOnly: {type: 'tag',\
                   values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})\
                   .then(r => done({violations: r.violations, passes: r.passes.length,\
                     incomplete: r.incomplete.map(i => i.id)}), e => done({error: String(e)}));",
                vec![],
            )
            .await
            .expect("run axe-core");
        let Value::Array(violations) = &result["violations"] else {
            panic!("axe-core on {page} did not finish: {result}");
        };
        // Shown with --nocapture: that axe-core ran its rules, and what it left to a person.
        eprintln!(
            "axe-core on {page}: {} violation(s), {} rule(s) passed, to check by eye: {}",
            violations.len(),
            result["passes"],
            result["incomplete"]
        );
        let mut report = String::new();
        for violation in violations {
            report.push_str(&format!(
                "\n{} ({}): {}\n",
                violation["id"].as_str().unwrap_or("?"),
                violation["impact"].as_str().unwrap_or("?"),
                violation["help"].as_str().unwrap_or("?"),
            ));
            for node in violation["nodes"].as_array().into_iter().flatten() {
                report.push_str(&format!("  {}\n", node["html"].as_str().unwrap_or("?")));
            }
        }
        assert!(
            violations.is_empty(),
            "axe-core finds {} violation(s) on {page}:{report}",
            violations.len()
        );
    }

    /// Ends the session, so that Chromium quits before its driver is killed.
    async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

/// The chromedriver process, leader of its own process group. Dropped, also by a failing
/// test, it kills that group: Chromium, which chromedriver started, ends with it.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Ok(group) = libc::pid_t::try_from(self.0.id()) {
            // SAFETY: kill(2) with a negative pid signals the group this test created, only.
            unsafe { libc::kill(-group, libc::SIGKILL) };
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The Übersicht's figure with this label, as a number (`1.234` → 1234), or `None` when the
/// page does not show it.
async fn figure(client: &Client, label: &str) -> Option<u64> {
    let xpath = format!(
        "//dl[contains(concat(' ', normalize-space(@class), ' '), ' figures ')]\
         //dt[normalize-space() = '{label}']/following-sibling::dd[1]"
    );
    let text = client
        .find(Locator::XPath(&xpath))
        .await
        .ok()?
        .text()
        .await
        .ok()?;
    text.trim().replace('.', "").parse().ok()
}

/// The text of the page's `main`.
async fn main_text(client: &Client) -> String {
    client
        .find(Locator::Css("main"))
        .await
        .expect("main")
        .text()
        .await
        .expect("text")
}

/// Asks `probe` every 200 ms until it gives something or `limit` has passed.
async fn wait_for<T, F, Fut>(limit: Duration, mut probe: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(found) = probe().await {
            return Some(found);
        }
        if started.elapsed() > limit {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// `check --json`'s `kennzahlen` of a project (the exit code does not matter: figures are
/// reported with errors too).
fn kennzahlen(project: &Path) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_ratsvorlage"))
        .args(["check", "--json"])
        .arg(project)
        .output()
        .expect("check runs");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "check --json ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    json["kennzahlen"].clone()
}

/// The screenshot name of a page: its path without slashes, the Übersicht as `uebersicht`.
fn page_name(path: &str) -> String {
    match path.trim_matches('/') {
        "" => "uebersicht".to_owned(),
        rest => rest.replace('/', "-"),
    }
}
