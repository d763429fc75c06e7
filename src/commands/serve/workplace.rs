//! The workplace's server: a local HTTP server on `127.0.0.1` that answers
//! only its session, shows the project as the pipeline reads it and as the rebuild loop
//! last built it, takes uploads through the checks of `import`, and never serves anything
//! from outside the binary or the project. Requests pass [`guard`] first: the `Host` must
//! be this server (against DNS rebinding), the session token must come with it — once in
//! the address, from then on as an `HttpOnly`, `SameSite=Strict` cookie — and a request
//! that changes something must come from a page of this server (`Origin`).

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Form, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::commands::blank_workbook;
use crate::comparison;
use crate::intake::{self, EntryOutcome, history};
use crate::limits::Limits;
use crate::package::output::written_files;
use crate::project::{self, Project};
use crate::report::Problem;
use crate::rueckmeldung;

use super::live::{Document, Live};
use super::pages::{self, View};
use super::upload;

/// The cookie that carries the session token after the first request.
const COOKIE: &str = "ratsvorlage_session";

/// What every page may load: only this server's own style sheet, script and images; no
/// inline script or style, no frames, no foreign origin.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; \
     script-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

/// The style sheet and the script, built into the binary.
const STYLE: &str = include_str!("assets/stil.css");
const SCRIPT: &str = include_str!("assets/live.js");

/// One running workplace: the project it shows, the session it answers, the rebuild loop.
pub(crate) struct Workplace {
    project: Project,
    limits: Limits,
    token: String,
    port: u16,
    live: Arc<Live>,
    /// Uploads and restores change the project one at a time.
    changing: tokio::sync::Mutex<()>,
}

impl Workplace {
    /// The workplace of `project`; starts its rebuild loop (the first build begins at once).
    pub(crate) fn start(
        project: Project,
        limits: Limits,
        token: String,
        port: u16,
    ) -> Result<Self, Problem> {
        let live = Live::start(&project, &limits)?;
        Ok(Self {
            project,
            limits,
            token,
            port,
            live,
            changing: tokio::sync::Mutex::new(()),
        })
    }
}

/// The routes, behind the guard.
pub(crate) fn router(workplace: Arc<Workplace>) -> Router {
    let upload_limit = upload::body_limit(&workplace.limits);
    Router::new()
        .route("/", get(overview))
        .route("/einlesebericht", get(report))
        .route("/konzept", get(konzept))
        .route("/dokumente", get(documents))
        .route("/dokumente/{name}", get(document))
        .route("/vorschau/{document}/{page}", get(preview))
        .route("/aenderungen", get(changes))
        .route("/synopse/{state}", get(synopse))
        .route("/vorlage-ag/{ag}", get(prefilled_workbook))
        .route("/rueckmeldung/{ag}", get(letter_text))
        .route("/rueckmeldung/{ag}/pdf", get(letter_pdf))
        .route(
            "/hochladen",
            post(upload).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/verlauf/wiederherstellen", post(restore))
        .route("/ereignisse", get(events))
        .route("/stil.css", get(style))
        .route("/live.js", get(script))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(workplace.clone(), guard))
        .with_state(workplace)
}

/// A new session token: 32 random bytes as hex.
pub(crate) fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Answers only requests to this server's own address that carry the session; a token in
/// the address becomes the cookie, and the address without it is loaded again. A request
/// that changes something must come from this server's own pages.
async fn guard(State(workplace): State<Arc<Workplace>>, request: Request, next: Next) -> Response {
    if !host_is_ours(request.headers(), workplace.port) {
        return refusal(
            StatusCode::FORBIDDEN,
            "Diese Adresse ist nicht die des Arbeitsplatzes. Öffnen Sie die Adresse, die \
             ratsvorlage beim Start ausgegeben hat.",
        );
    }
    if let Some(token) = query_token(request.uri().query()) {
        if !same(token, &workplace.token) {
            return refusal(StatusCode::UNAUTHORIZED, NO_SESSION);
        }
        let mut response = (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, request.uri().path().to_owned())],
        )
            .into_response();
        let cookie = format!(
            "{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/",
            workplace.token
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
        return secured(response);
    }
    if !cookie_token(request.headers()).is_some_and(|token| same(token, &workplace.token)) {
        return refusal(StatusCode::UNAUTHORIZED, NO_SESSION);
    }
    let reads = matches!(*request.method(), Method::GET | Method::HEAD);
    if !reads && !origin_is_ours(request.headers(), workplace.port) {
        return refusal(
            StatusCode::FORBIDDEN,
            "Diese Änderung kam nicht von einer Seite des Arbeitsplatzes und wurde nicht \
             ausgeführt. Laden Sie die Seite neu und versuchen Sie es noch einmal.",
        );
    }
    secured(next.run(request).await)
}

const NO_SESSION: &str = "Diese Sitzung ist nicht angemeldet. Öffnen Sie die Adresse mit \
     „?token=…“, die ratsvorlage beim Start ausgegeben hat.";

/// Whether the `Origin` header names this server (browsers send it with every POST).
fn origin_is_ours(headers: &HeaderMap, port: u16) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    origin == format!("http://127.0.0.1:{port}") || origin == format!("http://localhost:{port}")
}

/// Whether the `Host` header names this server: `127.0.0.1:PORT` or `localhost:PORT`.
fn host_is_ours(headers: &HeaderMap, port: u16) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}")
}

fn query_token(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
}

fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('='))
}

/// Compares in time independent of where the first difference is.
fn same(given: &str, token: &str) -> bool {
    given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// The headers every answer carries.
fn secured(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// A refused request: the status and one German sentence, as a page.
fn refusal(status: StatusCode, message: &'static str) -> Response {
    let page = pages::message_page("Kein Zugang", message);
    secured((status, html_headers(), page).into_response())
}

fn html_headers() -> [(header::HeaderName, &'static str); 1] {
    [(header::CONTENT_TYPE, "text/html; charset=utf-8")]
}

/// A page drawn from the project as it is on disk now and the rebuild loop's state.
async fn view_page(workplace: Arc<Workplace>, draw: fn(&View<'_>) -> String) -> Response {
    view_page_comparing(workplace, draw, None).await
}

/// A page as [`view_page`] draws it; with `state_id`, also compared with that kept state.
async fn view_page_comparing(
    workplace: Arc<Workplace>,
    draw: fn(&View<'_>) -> String,
    state_id: Option<String>,
) -> Response {
    let drawn = tokio::task::spawn_blocking(move || {
        let ingested = project::ingest(&workplace.project, &workplace.limits);
        let written = written(&workplace);
        let kept = history::list(&workplace.project.root);
        let previews = previews(&workplace.live);
        let mut states = comparison::states(&workplace.project).states;
        states.reverse();
        let chosen = state_id.map(|id| {
            let outcome = comparison::compare_with(&workplace.project, &workplace.limits, &id)
                .map_err(|err| diff_error_text(&err));
            pages::Chosen { id, outcome }
        });
        let state = workplace.live.state();
        draw(&View {
            ingested: &ingested,
            state: &state,
            written: &written,
            history: &kept,
            previews: &previews,
            states: &states,
            chosen: chosen.as_ref(),
        })
    })
    .await;
    match drawn {
        Ok(page) => (html_headers(), page).into_response(),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            html_headers(),
            pages::message_page(
                "Fehler",
                "Das Projekt konnte nicht gelesen werden. Laden Sie die Seite neu.",
            ),
        )
            .into_response(),
    }
}

/// What a failed comparison tells the person.
fn diff_error_text(err: &comparison::DiffError) -> String {
    match err {
        comparison::DiffError::Old(problem)
        | comparison::DiffError::Pdf(problem)
        | comparison::DiffError::Usage(problem) => problem.to_string(),
        comparison::DiffError::Build(failure) => failure
            .problems()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// The page sizes of both documents of the last good build.
fn previews(live: &Live) -> Vec<(Document, Vec<(u32, u32)>)> {
    Document::ALL
        .into_iter()
        .filter_map(|document| {
            let sizes: Vec<(u32, u32)> = (0..)
                .map_while(|index| live.preview_size(document, index))
                .collect();
            (!sizes.is_empty()).then_some((document, sizes))
        })
        .collect()
}

async fn overview(State(workplace): State<Arc<Workplace>>) -> Response {
    view_page(workplace, pages::overview).await
}

async fn report(State(workplace): State<Arc<Workplace>>) -> Response {
    view_page(workplace, pages::report).await
}

async fn konzept(State(workplace): State<Arc<Workplace>>) -> Response {
    view_page(workplace, pages::konzept).await
}

async fn documents(State(workplace): State<Arc<Workplace>>) -> Response {
    view_page(workplace, pages::documents).await
}

/// The query of the Änderungen page: the kept state to compare with.
#[derive(Deserialize)]
struct ChangesQuery {
    #[serde(rename = "stand")]
    state: Option<String>,
}

async fn changes(
    State(workplace): State<Arc<Workplace>>,
    Query(query): Query<ChangesQuery>,
) -> Response {
    view_page_comparing(workplace, pages::changes_page, query.state).await
}

/// The Synopse between a kept state and the project now, typeset on request.
async fn synopse(State(workplace): State<Arc<Workplace>>, Path(id): Path<String>) -> Response {
    let project = workplace.project.clone();
    let limits = workplace.limits;
    let state = id.clone();
    let typeset =
        tokio::task::spawn_blocking(move || comparison::synopse_pdf(&project, &limits, &state))
            .await;
    match typeset {
        Ok(Ok(pdf)) => {
            let mut response = ([(header::CONTENT_TYPE, "application/pdf")], pdf).into_response();
            let name = pages::percent_encoded(&format!("Synopse-{id}.pdf"));
            if let Ok(value) = HeaderValue::from_str(&format!("inline; filename*=UTF-8''{name}")) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        Ok(Err(comparison::DiffError::Old(problem))) => (
            StatusCode::NOT_FOUND,
            html_headers(),
            pages::message_page("Synopse", &problem.to_string()),
        )
            .into_response(),
        Ok(Err(err)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            html_headers(),
            pages::message_page("Synopse", &diff_error_text(&err)),
        )
            .into_response(),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            html_headers(),
            pages::message_page("Synopse", "Die Synopse ließ sich nicht setzen."),
        )
            .into_response(),
    }
}

/// The files of the last build with their sizes, as the output folder's marker names them.
fn written(workplace: &Workplace) -> Vec<(String, u64)> {
    let out = &workplace.project.out;
    written_files(out)
        .into_iter()
        .filter_map(|name| {
            let bytes = std::fs::metadata(out.join(&name)).ok()?.len();
            Some((name, bytes))
        })
        .collect()
}

/// One file of the last build. The name must be one the build wrote (its marker lists
/// only plain file names), so no request can name a path of its own.
async fn document(State(workplace): State<Arc<Workplace>>, Path(name): Path<String>) -> Response {
    if !written_files(&workplace.project.out).contains(&name) {
        return not_found().await;
    }
    let Ok(bytes) = tokio::fs::read(workplace.project.out.join(&name)).await else {
        return not_found().await;
    };
    let (kind, disposition) = match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("pdf") => ("application/pdf", "inline"),
        Some("json") => ("application/json", "attachment"),
        Some("zip") => ("application/zip", "attachment"),
        _ => ("application/octet-stream", "attachment"),
    };
    let mut response = ([(header::CONTENT_TYPE, kind)], bytes).into_response();
    let encoded = pages::percent_encoded(&name);
    if let Ok(value) = HeaderValue::from_str(&format!("{disposition}; filename*=UTF-8''{encoded}"))
    {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// A page of a document of the last good build as PNG (`/vorschau/anlage/3`: page 3).
async fn preview(
    State(workplace): State<Arc<Workplace>>,
    Path((document, page)): Path<(String, String)>,
) -> Response {
    let (Some(document), Some(index)) = (
        Document::from_slug(&document),
        page.parse::<usize>().ok().and_then(|n| n.checked_sub(1)),
    ) else {
        return not_found().await;
    };
    let live = workplace.live.clone();
    match tokio::task::spawn_blocking(move || live.preview(document, index)).await {
        Ok(Some(png)) => {
            ([(header::CONTENT_TYPE, "image/png")], png.as_ref().clone()).into_response()
        }
        _ => not_found().await,
    }
}

/// `POST /hochladen`: the files of the form field `dateien`, received into the staging
/// folder, then checked and placed as `import --force` does (the replaced files kept in the
/// history); the loop is told what was placed. One change of the project at a time.
async fn upload(
    State(workplace): State<Arc<Workplace>>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    // A body announced larger than allowed is refused before a byte of it is read.
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if announced.is_some_and(|bytes| bytes > upload::body_limit(&workplace.limits) as u64) {
        return upload_refused(&upload::Refusal::TooLarge);
    }
    let _turn = workplace.changing.lock().await;
    let Ok(name) = new_token() else {
        return upload_refused(&upload::Refusal::Disk);
    };
    let root = workplace.project.root.clone();
    let staged = match upload::receive(multipart, &root, &name[..16], &workplace.limits).await {
        Ok(staged) => staged,
        Err(refusal) => return upload_refused(&refusal),
    };
    let limits = workplace.limits;
    let files = staged.files.clone();
    let imported = tokio::task::spawn_blocking(move || {
        intake::import(&files, &root, true, &limits, &mut |_| {})
    })
    .await;
    upload::clear(&staged.folder, &workplace.project.root).await;
    let run = match imported {
        Ok(Ok(run)) => run,
        Ok(Err(problems)) => {
            let reasons: Vec<String> = problems.iter().map(ToString::to_string).collect();
            let page = pages::upload_failed(&format!(
                "Nichts wurde übernommen, denn konzept.toml ist nicht lesbar: {}",
                reasons.join("; ")
            ));
            return (StatusCode::UNPROCESSABLE_ENTITY, html_headers(), page).into_response();
        }
        Err(_) => return upload_refused(&upload::Refusal::Disk),
    };
    let placed: Vec<std::path::PathBuf> = run
        .entries
        .iter()
        .filter(|e| matches!(e.outcome, EntryOutcome::Copied | EntryOutcome::Replaced))
        .filter_map(|e| e.target.as_ref())
        .map(|target| workplace.project.root.join(target))
        .collect();
    workplace.live.placed(placed);
    (html_headers(), pages::upload_result(&run)).into_response()
}

fn upload_refused(refusal: &upload::Refusal) -> Response {
    (
        refusal.status(),
        html_headers(),
        pages::upload_failed(refusal.message()),
    )
        .into_response()
}

/// The form of a restore button.
#[derive(Deserialize)]
struct RestoreForm {
    /// The kept version's id, as [`history::list`] names it.
    #[serde(rename = "fassung")]
    version: String,
}

/// `POST /verlauf/wiederherstellen`: puts a kept version back (the file there now is kept
/// first), then back to the Übersicht.
async fn restore(
    State(workplace): State<Arc<Workplace>>,
    Form(form): Form<RestoreForm>,
) -> Response {
    let _turn = workplace.changing.lock().await;
    let root = workplace.project.root.clone();
    let restored =
        tokio::task::spawn_blocking(move || history::restore(&root, &form.version)).await;
    let (status, message) = match restored {
        Ok(Ok(version)) => {
            workplace
                .live
                .placed(vec![workplace.project.root.join(&version.target)]);
            return (StatusCode::SEE_OTHER, [(header::LOCATION, "/#verlauf")]).into_response();
        }
        Ok(Err(err)) if err.kind() == std::io::ErrorKind::NotFound => (
            StatusCode::NOT_FOUND,
            "Diese frühere Fassung gibt es nicht. Laden Sie die Übersicht neu.",
        ),
        _ => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "Die frühere Fassung ließ sich nicht zurücklegen; die Datei ist unverändert. \
             Prüfen Sie, ob sie in Excel geöffnet ist.",
        ),
    };
    let page = pages::message_page("Wiederherstellen", message);
    (status, html_headers(), page).into_response()
}

/// An AG's prefilled workbook (`vorlage-ag --mit-daten`) from the project as it is now:
/// `ag` names the AG by its short name, as the cards link it; any other value finds no AG.
async fn prefilled_workbook(
    State(workplace): State<Arc<Workplace>>,
    Path(ag): Path<String>,
) -> Response {
    let made = tokio::task::spawn_blocking(move || {
        let ingested = project::ingest(&workplace.project, &workplace.limits);
        blank_workbook::prefilled(&ingested, &ag)
    })
    .await;
    match made {
        Ok(Ok(workbook)) => {
            let mut response = (
                [(
                    header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )],
                workbook.bytes,
            )
                .into_response();
            let name = pages::percent_encoded(&workbook.file_name);
            if let Ok(value) =
                HeaderValue::from_str(&format!("attachment; filename*=UTF-8''{name}"))
            {
                response
                    .headers_mut()
                    .insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        Ok(Err(problem)) => (
            StatusCode::NOT_FOUND,
            html_headers(),
            pages::message_page("Vorlage mit Daten", &problem.to_string()),
        )
            .into_response(),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            html_headers(),
            pages::message_page(
                "Vorlage mit Daten",
                "Die Arbeitsmappe ließ sich nicht erstellen.",
            ),
        )
            .into_response(),
    }
}

/// The feedback letter of the AG with the short name `ag`, from the project as it is now.
async fn letter(workplace: Arc<Workplace>, ag: String) -> Result<rueckmeldung::Letter, Response> {
    let made = tokio::task::spawn_blocking(move || {
        rueckmeldung::letters(&workplace.project, &workplace.limits)
    })
    .await;
    let page = |status, message: &str| {
        (
            status,
            html_headers(),
            pages::message_page("Rückmeldung", message),
        )
            .into_response()
    };
    match made {
        Ok(Ok(letters)) => letters
            .letters
            .into_iter()
            .find(|letter| letter.ag_short == ag)
            .ok_or_else(|| page(StatusCode::NOT_FOUND, "Diese AG gibt es nicht.")),
        Ok(Err(err)) => {
            let reasons: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
            Err(page(StatusCode::UNPROCESSABLE_ENTITY, &reasons.join(" ")))
        }
        Err(_) => Err(page(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Die Rückmeldung ließ sich nicht erstellen.",
        )),
    }
}

async fn letter_text(State(workplace): State<Arc<Workplace>>, Path(ag): Path<String>) -> Response {
    match letter(workplace, ag).await {
        Ok(letter) => (
            html_headers(),
            pages::letter_page(&letter.ag_name, &letter.ag_short, &letter.text),
        )
            .into_response(),
        Err(response) => response,
    }
}

async fn letter_pdf(State(workplace): State<Arc<Workplace>>, Path(ag): Path<String>) -> Response {
    match letter(workplace, ag).await {
        Ok(letter) => {
            let mut response =
                ([(header::CONTENT_TYPE, "application/pdf")], letter.pdf).into_response();
            let name = pages::percent_encoded(&format!("{}.pdf", letter.file_stem));
            if let Ok(value) = HeaderValue::from_str(&format!("inline; filename*=UTF-8''{name}")) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        Err(response) => response,
    }
}

/// Server-sent events: `stand` with the new generation whenever the state changed (a
/// build began or ended), so an open page can fetch itself again.
async fn events(State(workplace): State<Arc<Workplace>>) -> Response {
    let generations = workplace.live.subscribe();
    let stream = futures_util::stream::unfold(generations, |mut generations| async move {
        generations.changed().await.ok()?;
        let generation = *generations.borrow_and_update();
        let event = Event::default().event("stand").data(generation.to_string());
        Some((Ok::<Event, Infallible>(event), generations))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

async fn style() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        Body::from(STYLE),
    )
        .into_response()
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        Body::from(SCRIPT),
    )
        .into_response()
}

async fn not_found() -> Response {
    refusal(StatusCode::NOT_FOUND, "Diese Seite gibt es nicht.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_compared_whole() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &b));
        assert!(!same(&a[..63], &a));
    }

    #[test]
    fn the_token_is_found_in_the_query_and_the_cookie() {
        assert_eq!(query_token(Some("a=1&token=abc")), Some("abc"));
        assert_eq!(query_token(None), None);
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("x=1; ratsvorlage_session=abc"),
        );
        assert_eq!(cookie_token(&headers), Some("abc"));
        headers.insert(header::HOST, HeaderValue::from_static("localhost:8080"));
        assert!(host_is_ours(&headers, 8080));
        headers.insert(header::HOST, HeaderValue::from_static("evil.example:8080"));
        assert!(!host_is_ours(&headers, 8080));
        assert!(!origin_is_ours(&headers, 8080), "no Origin: refused");
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://localhost:8080"),
        );
        assert!(origin_is_ours(&headers, 8080));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(!origin_is_ours(&headers, 8080));
    }
}
