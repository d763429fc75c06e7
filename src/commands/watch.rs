//! `ratsvorlage watch`: rebuilds whenever an input, `konzept.toml`, a prose block, a font or
//! a template changes (also in a `templates/` folder made while it runs), with one
//! typesetter (and so the compiler's caches) kept alive. After
//! each rebuild it prints what changed in the concept since the last good build, the time,
//! and which files were rewritten; a failed rebuild is printed with its place, the last good
//! output stays, and watching goes on.
//!
//! The loop ([`watch_loop`]) reads [`WatchEvent`]s from a channel, so that file events and
//! Ctrl-C arrive the same way; [`run`] connects it to the file system watcher (`notify`) and
//! hands the caller a [`Stop`] for its Ctrl-C handler (signals belong to the binary).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::changes;
use crate::commands::build;
use crate::documents::Typesetter;
use crate::documents::fonts::FONTS_DIR;
use crate::german;
use crate::limits::Limits;
use crate::pipeline::{self, Built, Failure};
use crate::project::Project;
use crate::report::Problem;
use crate::sources;

/// Quiet time after the last change before a rebuild starts: editors and office programs
/// write a file in several steps.
pub const QUIET_TIME: Duration = Duration::from_millis(200);

/// The longest a rebuild waits after the first relevant change, however steadily relevant
/// changes keep coming (a sync client writing file after file).
pub const MAX_DELAY: Duration = Duration::from_secs(2);

/// What the watch loop reacts to.
#[derive(Debug)]
pub enum WatchEvent {
    /// Something changed in a watched folder, or the watcher reports a problem.
    File(notify::Result<notify::Event>),
    /// Stop watching (Ctrl-C).
    Stop,
}

/// What `watch` is asked to do.
#[derive(Clone, Debug, Default)]
pub struct WatchOptions {
    /// The project folder (default `input/`).
    pub project: Option<PathBuf>,
    /// The output folder (default `output/` beside the project folder).
    pub out: Option<PathBuf>,
}

/// Ends a running [`run`] from any thread, such as a Ctrl-C handler.
#[derive(Clone, Debug)]
pub struct Stop(mpsc::Sender<WatchEvent>);

impl Stop {
    /// Asks the watch loop to end after the build under way.
    pub fn stop(&self) {
        let _ = self.0.send(WatchEvent::Stop);
    }
}

/// Watches the project until stopped, printing to `out`. `on_stop` receives the [`Stop`]
/// before watching begins (the binary connects it to Ctrl-C); its error, or one of the
/// watcher (in German), is returned when watching cannot start.
pub fn run(
    options: &WatchOptions,
    limits: &Limits,
    on_stop: impl FnOnce(Stop) -> Result<(), Problem>,
    out: &mut dyn Write,
) -> Result<(), Problem> {
    let project = &Project::locate(options.project.as_deref(), options.out.as_deref());
    let (sender, events) = mpsc::channel();
    on_stop(Stop(sender.clone()))?;
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = sender.send(WatchEvent::File(event));
    })
    .map_err(|err| {
        Problem::general("Die Beobachtung von Dateien kann nicht starten.")
            .with_detail(err.to_string())
    })?;
    let mut filter = Filter::new(project);
    for (dir, _) in &filter.roots {
        watcher
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|err| unwatchable(dir, &err))?;
    }
    if let Some(parent) = filter.awaited.as_ref().and_then(|(dir, _)| dir.parent()) {
        // Only to see templates/ appear; without it, a new folder counts from the next start.
        let _ = watcher.watch(parent, RecursiveMode::NonRecursive);
    }
    let mut watch_dir = |dir: &Path| {
        watcher
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|err| unwatchable(dir, &err))
    };
    watch_loop(project, limits, &mut filter, &events, &mut watch_dir, out);
    Ok(())
}

/// The message for a folder the watcher refuses.
fn unwatchable(dir: &Path, err: &notify::Error) -> Problem {
    Problem::general(format!(
        "{} kann nicht beobachtet werden. Prüfen Sie, ob der Ordner existiert.",
        dir.display()
    ))
    .with_detail(err.to_string())
}

/// Builds once, then rebuilds after every relevant change until [`WatchEvent::Stop`] or until
/// the channel closes. A `templates/` folder that appears beside the input folder is used
/// from then on, and handed to `beobachten` to be watched too.
pub fn watch_loop(
    project: &Project,
    limits: &Limits,
    filter: &mut Filter,
    events: &Receiver<WatchEvent>,
    watch_dir: &mut dyn FnMut(&Path) -> Result<(), Problem>,
    out: &mut dyn Write,
) {
    let mut rebuilder = Rebuilder::new(project.clone(), limits);
    print(out, &rebuilder.build(&[]));
    loop {
        print(out, "Warte auf Änderungen (beenden mit Strg+C) …\n");
        let Some(changed) = next_change(events, filter, out) else {
            break;
        };
        if let Some(templates) = filter.templates_appeared() {
            if let Err(message) = watch_dir(&templates) {
                print(out, &format!("Hinweis: {message}\n"));
            }
            rebuilder.use_templates(templates);
        }
        print(out, &rebuilder.build(&changed));
    }
    print(out, "Beobachtung beendet.\n");
}

/// Which changed paths count: those under the project folder or the templates folder, but
/// not under the output folder, and not junk (hidden files and folders, office lock files:
/// the rules of [`sources::is_junk`]).
#[derive(Clone, Debug)]
pub struct Filter {
    /// The watched folders (absolute, links resolved) with the name shown for each.
    roots: Vec<(PathBuf, String)>,
    /// The output folder, absolute.
    out: PathBuf,
    /// `templates/` beside the input folder while it does not exist: its creation counts.
    awaited: Option<(PathBuf, String)>,
}

impl Filter {
    /// The filter of a project: its input folder and, if it has one, its templates folder.
    pub fn new(project: &Project) -> Self {
        let mut roots = vec![named(&project.root)];
        roots.extend(project.templates.as_deref().map(named));
        Self {
            roots,
            out: absolute(&project.out),
            awaited: project
                .templates
                .is_none()
                .then(|| named(&project.templates_folder())),
        }
    }

    /// The templates folder, once when it has appeared; from then on it is watched like the
    /// input folder.
    fn templates_appeared(&mut self) -> Option<PathBuf> {
        let (dir, _) = self.awaited.as_ref().filter(|(dir, _)| dir.is_dir())?;
        let dir = dir.clone();
        self.roots.extend(self.awaited.take());
        Some(dir)
    }

    /// The path as shown (`input/ag/AG 1.xlsx`), when a change to it should trigger a rebuild.
    pub fn relevant(&self, path: &Path) -> Option<String> {
        if path.starts_with(&self.out) {
            return None;
        }
        let (relative, name) = self
            .roots
            .iter()
            .chain(&self.awaited)
            .find_map(|(root, name)| path.strip_prefix(root).ok().map(|rel| (rel, name)))?;
        let junk = relative
            .components()
            .any(|c| sources::is_junk(&c.as_os_str().to_string_lossy()));
        let shown = if relative.as_os_str().is_empty() {
            PathBuf::from(name)
        } else {
            Path::new(name).join(relative)
        };
        (!junk).then(|| shown.display().to_string())
    }
}

/// A folder, absolute with links resolved, and its last name.
fn named(dir: &Path) -> (PathBuf, String) {
    let dir = absolute(dir);
    let name = dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    (dir, name)
}

/// A path made absolute, links resolved as far as it exists.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// Waits for a relevant change, then until no relevant change came for [`QUIET_TIME`], at
/// most [`MAX_DELAY`] after the first; returns what changed (`None`: stop). Irrelevant events
/// (a file manager listing a folder, writes to the output folder) never extend the wait:
/// a stream of them used to postpone the rebuild for as long as it lasted.
fn next_change(
    events: &Receiver<WatchEvent>,
    filter: &Filter,
    out: &mut dyn Write,
) -> Option<Vec<String>> {
    let mut changed = BTreeSet::new();
    while changed.is_empty() {
        match events.recv() {
            Ok(WatchEvent::File(event)) => {
                collect(event, filter, &mut changed, out);
            }
            Ok(WatchEvent::Stop) | Err(_) => return None,
        }
    }
    let latest = Instant::now() + MAX_DELAY;
    let mut quiet_until = Instant::now() + QUIET_TIME;
    loop {
        let now = Instant::now();
        let deadline = quiet_until.min(latest);
        if now >= deadline {
            return Some(changed.into_iter().collect());
        }
        match events.recv_timeout(deadline - now) {
            Ok(WatchEvent::File(event)) => {
                if collect(event, filter, &mut changed, out) {
                    quiet_until = Instant::now() + QUIET_TIME;
                }
            }
            Ok(WatchEvent::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
            Err(RecvTimeoutError::Timeout) => {}
        }
    }
}

/// Adds the relevant paths of an event and says whether it had any; a watcher problem is
/// printed.
fn collect(
    event: notify::Result<notify::Event>,
    filter: &Filter,
    changed: &mut BTreeSet<String>,
    out: &mut dyn Write,
) -> bool {
    match event {
        Ok(event) if matches!(event.kind, EventKind::Access(_)) => false,
        Ok(event) => {
            let before = changed.len();
            let mut relevant = false;
            for path in event.paths.iter().filter_map(|p| filter.relevant(p)) {
                relevant = true;
                changed.insert(path);
            }
            relevant || changed.len() > before
        }
        Err(err) => {
            let problem = Problem::general(
                "Die Dateibeobachtung meldet einen Fehler; Änderungen werden womöglich erst beim \
                 nächsten Speichern bemerkt.",
            )
            .with_detail(err.to_string());
            print(out, &format!("Hinweis: {problem}\n"));
            false
        }
    }
}

/// The state kept between builds.
struct Rebuilder<'a> {
    project: Project,
    limits: &'a Limits,
    /// Kept alive for its caches; `None` until it could be made, and after fonts changed.
    typesetter: Option<Typesetter>,
    /// The AGs of the last good build's concept, to compare the next one with.
    last_good: Option<Vec<crate::model::Arbeitsgruppe>>,
}

impl<'a> Rebuilder<'a> {
    fn new(project: Project, limits: &'a Limits) -> Self {
        Self {
            project,
            limits,
            typesetter: None,
            last_good: None,
        }
    }

    /// Builds after the changes `geaendert` (none: the first build); returns what to print.
    fn build(&mut self, changed: &[String]) -> String {
        let mut out = format!("[{}] ", time_of_day());
        if changed.is_empty() {
            out.push_str("Erster Build.\n");
        } else {
            let _ = writeln!(out, "Geändert: {}", changed.join(", "));
        }
        let fonts = Path::new(&self.roots_name()).join(FONTS_DIR);
        if changed.iter().any(|p| Path::new(p).starts_with(&fonts)) {
            self.typesetter = None;
        }
        match self.rebuild() {
            Ok(built) => {
                out.push_str(&self.report(&built));
                self.last_good = built
                    .ingested
                    .konzept
                    .as_ref()
                    .map(|k| k.arbeitsgruppen.clone());
            }
            Err(failure) => {
                out.push_str("Fehler beim Neubau:\n");
                out.push_str(&build::reason(&failure));
                let _ = writeln!(
                    out,
                    "Die letzte gute Ausgabe in {} bleibt unverändert. Korrigieren und speichern \
                     Sie die Datei; dann wird neu gebaut.",
                    self.project.out.display()
                );
            }
        }
        out
    }

    /// From now on the templates come from `dir` (with a new typesetter).
    fn use_templates(&mut self, dir: PathBuf) {
        self.project.templates = Some(dir);
        self.typesetter = None;
    }

    /// The shown name of the project folder (as [`Filter::relevant`] names paths in it).
    fn roots_name(&self) -> String {
        named(&self.project.root).1
    }

    fn rebuild(&mut self) -> Result<Built, Failure> {
        let typesetter = match self.typesetter.take() {
            Some(typesetter) => typesetter,
            None => pipeline::new_typesetter(&self.project, self.limits)?,
        };
        let typesetter = self.typesetter.insert(typesetter);
        pipeline::rebuild(&self.project, self.limits, typesetter, &|_| {})
    }

    /// What a good build prints: the first one its summary; later ones the warnings, the
    /// changes in the concept, the rewritten and unchanged files, and the time.
    fn report(&self, built: &Built) -> String {
        let Some(last_good) = &self.last_good else {
            return build::built(built);
        };
        let mut out = String::new();
        build::warnings(&mut out, &built.ingested.report.warnings);
        for warning in &built.typeset.warnings {
            let _ = writeln!(out, "Warnung (Vorlage): {warning}");
        }
        if let Some(konzept) = &built.ingested.konzept {
            out.push_str(&changes::text::render(&changes::compare(
                last_good,
                &konzept.arbeitsgruppen,
            )));
        }
        let names = |unchanged: bool| {
            let list: Vec<&str> = built
                .written
                .files
                .iter()
                .filter(|d| d.unchanged == unchanged)
                .map(|d| d.name.as_str())
                .collect();
            if list.is_empty() {
                "keine".to_owned()
            } else {
                list.join(", ")
            }
        };
        let _ = writeln!(
            out,
            "Neu geschrieben: {}; unverändert: {}.",
            names(false),
            names(true)
        );
        let _ = writeln!(
            out,
            "Neu gebaut in {}.",
            german::seconds_text(built.duration)
        );
        out
    }
}

/// Writes and flushes; a closed stdout ends nothing (the loop ends with Ctrl-C).
fn print(out: &mut dyn Write, text: &str) {
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// The local time of day as `HH:MM:SS`.
fn time_of_day() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (h, m, s) = local_time(seconds);
    format!("{h:02}:{m:02}:{s:02}")
}

/// Hours, minutes and seconds of the local time zone.
#[cfg(unix)]
fn local_time(seconds: u64) -> (i32, i32, i32) {
    let time = seconds as libc::time_t;
    // SAFETY: `tm` is a plain C struct for which all-zero bytes are a valid value;
    // localtime_r writes only into it and is thread-safe.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are valid for the duration of the call.
    let ok = unsafe { !libc::localtime_r(&time, &mut tm).is_null() };
    if ok {
        (tm.tm_hour, tm.tm_min, tm.tm_sec)
    } else {
        utc_time(seconds)
    }
}

/// Hours, minutes and seconds (UTC where the local time zone is not known).
#[cfg(not(unix))]
fn local_time(seconds: u64) -> (i32, i32, i32) {
    utc_time(seconds)
}

fn utc_time(seconds: u64) -> (i32, i32, i32) {
    let day = (seconds % 86_400) as i32;
    (day / 3600, day % 3600 / 60, day % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::TestDir;

    #[test]
    fn junk_and_the_output_folder_do_not_count_as_changes() {
        let dir = TestDir::new();
        dir.mkdir("input/ag");
        dir.mkdir("templates");
        let project = Project::locate(Some(&dir.join("input")), Some(&dir.join("input/out")));
        let filter = Filter::new(&project);
        let root = dir.canonicalize().unwrap();
        let relevant = |rel: &str| filter.relevant(&root.join(rel));
        assert_eq!(
            relevant("input/ag/AG 1.xlsx").as_deref(),
            Some("input/ag/AG 1.xlsx")
        );
        assert_eq!(
            relevant("input/konzept.toml").as_deref(),
            Some("input/konzept.toml")
        );
        assert_eq!(
            relevant("templates/stil.typ").as_deref(),
            Some("templates/stil.typ")
        );
        for junk in [
            "input/ag/~$AG 1.xlsx",
            "input/ag/.~lock.AG 1.xlsx#",
            "input/.DS_Store",
            "input/.git/index",
            "input/out/Beschlussvorlage.pdf",
            "input/.out.ratsvorlage-tmp/konzept.json",
            "output/konzept.json",
        ] {
            assert_eq!(relevant(junk), None, "{junk}");
        }
    }

    #[test]
    fn a_templates_folder_that_appears_counts_and_is_watched_from_then_on() {
        let dir = TestDir::new();
        dir.mkdir("input");
        let project = Project::locate(Some(&dir.join("input")), None);
        assert_eq!(project.templates, None);
        let mut filter = Filter::new(&project);
        let root = dir.canonicalize().unwrap();
        assert_eq!(
            filter.relevant(&root.join("templates")).as_deref(),
            Some("templates")
        );
        assert_eq!(filter.relevant(&root.join("notizen.txt")), None);
        assert_eq!(filter.templates_appeared(), None);

        std::fs::create_dir(dir.join("templates")).unwrap();
        assert_eq!(filter.templates_appeared(), Some(root.join("templates")));
        assert_eq!(filter.templates_appeared(), None, "only once");
        assert_eq!(
            filter.relevant(&root.join("templates/stil.typ")).as_deref(),
            Some("templates/stil.typ")
        );
    }

    /// A project with one AG folder, its filter, and paths in it.
    fn watched() -> (TestDir, Filter, PathBuf) {
        let dir = TestDir::new();
        dir.mkdir("input/ag");
        let project = Project::locate(Some(&dir.join("input")), None);
        let filter = Filter::new(&project);
        let root = dir.canonicalize().unwrap();
        (dir, filter, root)
    }

    fn event(kind: EventKind, path: PathBuf) -> WatchEvent {
        WatchEvent::File(Ok(notify::Event::new(kind).add_path(path)))
    }

    /// Sends `first`, then `each` every 50 ms for `lasting`, from another thread.
    fn stream(
        first: WatchEvent,
        each: impl Fn() -> WatchEvent + Send + 'static,
        lasting: Duration,
    ) -> Receiver<WatchEvent> {
        let (sender, events) = mpsc::channel();
        sender.send(first).unwrap();
        std::thread::spawn(move || {
            let end = Instant::now() + lasting;
            while Instant::now() < end && sender.send(each()).is_ok() {
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        events
    }

    #[test]
    fn a_stream_of_irrelevant_events_does_not_postpone_the_rebuild() {
        // A file manager listing the folder and a script polling output/ every 50 ms, for
        // longer than any wait should take: before, the rebuild waited for them to stop.
        let (_dir, filter, root) = watched();
        let edit = event(
            EventKind::Modify(notify::event::ModifyKind::Any),
            root.join("input/ag/AG 1.xlsx"),
        );
        let noise_root = root.clone();
        let noise = move || {
            event(
                EventKind::Modify(notify::event::ModifyKind::Any),
                noise_root.join("output/konzept.json"),
            )
        };
        let events = stream(edit, noise, Duration::from_secs(6));
        let started = Instant::now();
        let changed = next_change(&events, &filter, &mut Vec::new());
        let waited = started.elapsed();
        assert_eq!(changed, Some(vec!["input/ag/AG 1.xlsx".to_owned()]));
        assert!(waited < Duration::from_millis(1500), "waited {waited:?}");
        let listing_root = root.clone();
        let listing = move || {
            event(
                EventKind::Access(notify::event::AccessKind::Any),
                listing_root.join("input/ag"),
            )
        };
        let edit = event(
            EventKind::Modify(notify::event::ModifyKind::Any),
            root.join("input/konzept.toml"),
        );
        let events = stream(edit, listing, Duration::from_secs(6));
        let started = Instant::now();
        assert_eq!(
            next_change(&events, &filter, &mut Vec::new()),
            Some(vec!["input/konzept.toml".to_owned()])
        );
        assert!(
            started.elapsed() < Duration::from_millis(1500),
            "waited {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn a_steady_stream_of_relevant_changes_waits_at_most_the_maximal_delay() {
        let (_dir, filter, root) = watched();
        let file = root.join("input/ag/AG 1.xlsx");
        let again = file.clone();
        let events = stream(
            event(EventKind::Modify(notify::event::ModifyKind::Any), file),
            move || {
                event(
                    EventKind::Modify(notify::event::ModifyKind::Any),
                    again.clone(),
                )
            },
            Duration::from_secs(8),
        );
        let started = Instant::now();
        let changed = next_change(&events, &filter, &mut Vec::new());
        let waited = started.elapsed();
        assert_eq!(changed, Some(vec!["input/ag/AG 1.xlsx".to_owned()]));
        assert!(
            waited >= MAX_DELAY,
            "rebuilt after {waited:?}, before the changes settled"
        );
        assert!(
            waited < MAX_DELAY + Duration::from_millis(1500),
            "waited {waited:?}"
        );
    }

    #[test]
    fn a_single_change_is_built_after_the_quiet_time() {
        let (_dir, filter, root) = watched();
        let (sender, events) = mpsc::channel();
        sender
            .send(event(
                EventKind::Create(notify::event::CreateKind::Any),
                root.join("input/ag/AG 2.csv"),
            ))
            .unwrap();
        let started = Instant::now();
        assert_eq!(
            next_change(&events, &filter, &mut Vec::new()),
            Some(vec!["input/ag/AG 2.csv".to_owned()])
        );
        assert!(started.elapsed() >= QUIET_TIME);
        drop(sender);
    }

    #[test]
    fn utc_time_of_day() {
        assert_eq!(utc_time(1_223_296_496), (12, 34, 56));
    }
}
