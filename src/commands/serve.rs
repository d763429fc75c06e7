//! `ratsvorlage serve`: the workplace in the browser on this machine, bound to `127.0.0.1`
//! only. The caller runs it on a tokio runtime (the binary owns the process) and is told the
//! address to open once the port is bound. Its parts: the server with its session guard and
//! handlers ([`workplace`]), the rebuild loop's state for the pages ([`live`]), receiving
//! uploads ([`upload`]), the pages ([`pages`]) and HTML escaped by construction ([`html`]).

mod html;
mod live;
mod pages;
mod upload;
mod workplace;

use std::path::PathBuf;
use std::sync::Arc;

use crate::limits::Limits;
use crate::project::Project;
use crate::report::Problem;
use workplace::Workplace;

/// What `serve` is asked to do.
#[derive(Clone, Debug, Default)]
pub struct ServeOptions {
    /// The project folder (default `input/`).
    pub project: Option<PathBuf>,
    /// The port; 0 picks a free one.
    pub port: u16,
}

/// Binds `127.0.0.1:port`, tells `ready` the address to open (with the session token), and
/// serves until the process ends.
pub async fn run(
    options: &ServeOptions,
    limits: Limits,
    ready: impl FnOnce(&str),
) -> Result<(), Problem> {
    let project = Project::locate(options.project.as_deref(), None);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", options.port))
        .await
        .map_err(|err| {
            Problem::general(format!(
                "Der Arbeitsplatz kann Port {} nicht belegen. Wählen Sie mit --port einen \
                 anderen oder mit --port 0 einen freien.",
                options.port
            ))
            .with_detail(err.to_string())
        })?;
    let port = listener.local_addr().map_or(options.port, |a| a.port());
    let token = workplace::new_token().map_err(|err| {
        Problem::general("Für die Sitzung lässt sich kein Schlüssel erzeugen.")
            .with_detail(err.to_string())
    })?;
    ready(&format!("http://127.0.0.1:{port}/?token={token}"));
    let workplace = Workplace::start(project, limits, token, port)?;
    let router = workplace::router(Arc::new(workplace));
    axum::serve(listener, router).await.map_err(|err| {
        Problem::general("Der Arbeitsplatz wurde unerwartet beendet.").with_detail(err.to_string())
    })
}
