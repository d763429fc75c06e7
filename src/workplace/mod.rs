//! The office's workplace in the browser: a local HTTP server on `127.0.0.1` that answers
//! only its session, shows the project as the pipeline reads it, and never serves anything
//! from outside the binary. Requests pass [`guard`] first: the `Host` must be this server
//! (against DNS rebinding), and the session token must come with it — once in the address,
//! from then on as an `HttpOnly`, `SameSite=Strict` cookie.

mod html;
mod pages;

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::limits::Limits;
use crate::package::output::written_files;
use crate::project::{self, Project};

/// The cookie that carries the session token after the first request.
const COOKIE: &str = "ratsvorlage_session";

/// What every page may load: only this server's own style sheet; no script yet, no frames,
/// no foreign origin.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// One running workplace: the project it shows and the session it answers.
pub(crate) struct Workplace {
    project: Project,
    limits: Limits,
    token: String,
    port: u16,
}

impl Workplace {
    pub(crate) fn new(project: Project, limits: Limits, token: String, port: u16) -> Self {
        Self {
            project,
            limits,
            token,
            port,
        }
    }
}

/// The routes, behind the guard.
pub(crate) fn router(workplace: Arc<Workplace>) -> Router {
    Router::new()
        .route("/", get(overview))
        .route("/einlesebericht", get(report))
        .route("/konzept", get(konzept))
        .route("/dokumente", get(documents))
        .route("/dokumente/{name}", get(document))
        .route("/stil.css", get(style))
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
/// the address becomes the cookie, and the address without it is loaded again.
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
    secured(next.run(request).await)
}

const NO_SESSION: &str = "Diese Sitzung ist nicht angemeldet. Öffnen Sie die Adresse mit \
     „?token=…“, die ratsvorlage beim Start ausgegeben hat.";

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
    let mut page = html::Html::default();
    page.markup("<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\"><title>ratsvorlage</title></head><body><main>")
        .element("<h1>", "Kein Zugang", "</h1>")
        .element("<p>", message, "</p>")
        .markup("</main></body></html>\n");
    secured((status, html_headers(), page.finish()).into_response())
}

fn html_headers() -> [(header::HeaderName, &'static str); 1] {
    [(header::CONTENT_TYPE, "text/html; charset=utf-8")]
}

/// Reads the project as it is on disk now.
async fn ingest(workplace: &Arc<Workplace>) -> Result<project::Ingested, Response> {
    let workplace = workplace.clone();
    tokio::task::spawn_blocking(move || project::ingest(&workplace.project, &workplace.limits))
        .await
        .map_err(|_| {
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Das Projekt konnte nicht gelesen werden.",
            )
                .into_response()
        })
}

/// A page drawn from the project as it is on disk now.
async fn ingested_page(
    workplace: &Arc<Workplace>,
    draw: fn(&project::Ingested) -> String,
) -> Response {
    match ingest(workplace).await {
        Ok(ingested) => (html_headers(), draw(&ingested)).into_response(),
        Err(response) => response,
    }
}

async fn overview(State(workplace): State<Arc<Workplace>>) -> Response {
    ingested_page(&workplace, pages::overview).await
}

async fn report(State(workplace): State<Arc<Workplace>>) -> Response {
    ingested_page(&workplace, pages::report).await
}

async fn konzept(State(workplace): State<Arc<Workplace>>) -> Response {
    ingested_page(&workplace, pages::konzept).await
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

async fn documents(State(workplace): State<Arc<Workplace>>) -> Response {
    (html_headers(), pages::documents(&written(&workplace))).into_response()
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
    if let Ok(value) = HeaderValue::from_str(&format!("{disposition}; filename=\"{name}\"")) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

async fn style() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        Body::from(pages::STYLE),
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
    }
}
