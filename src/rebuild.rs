//! The rebuild loop that `watch` and the workplace share: it builds once, then waits for a
//! relevant change (an input, `konzept.toml`, a prose block, a font, a template; also a
//! `templates/` folder made while it runs), lets the change settle, and builds again with one
//! typesetter kept warm (and so the compiler's caches). Builds run one at a time, on the
//! loop's thread; what each build gave goes to a callback, which prints it (`watch`) or
//! shows it in the browser (`serve`).
//!
//! The loop reads [`WatchEvent`]s from a channel, so that file events, files the workplace
//! placed, and Ctrl-C arrive the same way; [`watch_project`] connects the file system
//! watcher (`notify`) to it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::documents::Typesetter;
use crate::documents::fonts::FONTS_DIR;
use crate::limits::Limits;
use crate::model::Arbeitsgruppe;
use crate::pipeline::{self, Built, Failure};
use crate::project::Project;
use crate::report::Problem;
use crate::sources;

/// Quiet time after the last change before a rebuild starts: editors and office programs
/// write a file in several steps.
pub(crate) const QUIET_TIME: Duration = Duration::from_millis(200);

/// The longest a rebuild waits after the first relevant change, however steadily relevant
/// changes keep coming (a sync client writing file after file).
pub(crate) const MAX_DELAY: Duration = Duration::from_secs(2);

/// What the rebuild loop reacts to.
#[derive(Debug)]
pub(crate) enum WatchEvent {
    /// Something changed in a watched folder, or the watcher reports a problem.
    File(notify::Result<notify::Event>),
    /// The workplace placed these files (absolute paths) into the project: counts like a
    /// change the watcher saw, without waiting for the watcher to see it.
    Placed(Vec<PathBuf>),
    /// Stop (Ctrl-C).
    Stop,
}

/// Ends a running [`run_loop`] from any thread, such as a Ctrl-C handler.
#[derive(Clone, Debug)]
pub struct Stop(pub(crate) Sender<WatchEvent>);

impl Stop {
    /// Asks the loop to end after the build under way.
    pub fn stop(&self) {
        let _ = self.0.send(WatchEvent::Stop);
    }
}

/// A file system watcher on the project's folders, sending into `sender`, and the filter
/// that tells its relevant changes. Keep the watcher alive as long as the loop runs.
pub(crate) fn watch_project(
    project: &Project,
    sender: Sender<WatchEvent>,
) -> Result<(RecommendedWatcher, Filter), Problem> {
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = sender.send(WatchEvent::File(event));
    })
    .map_err(|err| {
        Problem::general("Die Beobachtung von Dateien kann nicht starten.")
            .with_detail(err.to_string())
    })?;
    let filter = Filter::new(project);
    for (dir, _) in &filter.roots {
        watcher
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|err| unwatchable(dir, &err))?;
    }
    if let Some(parent) = filter.awaited.as_ref().and_then(|(dir, _)| dir.parent()) {
        // Only to see templates/ appear; without it, a new folder counts from the next start.
        let _ = watcher.watch(parent, RecursiveMode::NonRecursive);
    }
    Ok((watcher, filter))
}

/// Watches one more folder (a `templates/` folder that appeared).
pub(crate) fn watch_folder(watcher: &mut RecommendedWatcher, dir: &Path) -> Result<(), Problem> {
    watcher
        .watch(dir, RecursiveMode::Recursive)
        .map_err(|err| unwatchable(dir, &err))
}

/// The message for a folder the watcher refuses.
fn unwatchable(dir: &Path, err: &notify::Error) -> Problem {
    Problem::general(format!(
        "{} kann nicht beobachtet werden. Prüfen Sie, ob der Ordner existiert.",
        dir.display()
    ))
    .with_detail(err.to_string())
}

/// What the loop tells its caller.
#[derive(Debug)]
pub(crate) enum Step {
    /// A build starts, after these changes (shown paths; none: the first build).
    Building(Vec<String>),
    /// A build ended.
    Built(Box<Rebuilt>),
    /// The loop waits for the next change.
    Waiting,
    /// Something the person should know that stops nothing (the watcher's problems).
    Notice(Problem),
}

/// One build of the loop and what it is compared with.
#[derive(Debug)]
pub(crate) struct Rebuilt {
    /// The changes it followed (shown paths; none: the first build).
    pub(crate) changed: Vec<String>,
    /// The build, or why it failed (the output folder then holds the last good build).
    pub(crate) outcome: Result<Built, Failure>,
    /// The AGs of the last good build before this one; `None` until there was one.
    pub(crate) previous: Option<Vec<Arbeitsgruppe>>,
}

/// Builds once, then rebuilds after every relevant change until [`WatchEvent::Stop`] or until
/// the channel closes. A `templates/` folder that appears beside the input folder is used
/// from then on, and handed to `watch_dir` to be watched too. `keep_layouts`: each build
/// keeps its laid-out pages (for page previews).
pub(crate) fn run_loop(
    project: &Project,
    limits: &Limits,
    filter: &mut Filter,
    events: &Receiver<WatchEvent>,
    watch_dir: &mut dyn FnMut(&Path) -> Result<(), Problem>,
    keep_layouts: bool,
    on_step: &mut dyn FnMut(Step),
) {
    let mut rebuilder = Rebuilder::new(project.clone(), limits, keep_layouts);
    on_step(Step::Building(Vec::new()));
    on_step(Step::Built(Box::new(rebuilder.build(Vec::new()))));
    loop {
        on_step(Step::Waiting);
        let Some(changed) = next_change(events, filter, &mut |p| on_step(Step::Notice(p))) else {
            break;
        };
        if let Some(templates) = filter.templates_appeared() {
            if let Err(problem) = watch_dir(&templates) {
                on_step(Step::Notice(problem));
            }
            rebuilder.use_templates(templates);
        }
        on_step(Step::Building(changed.clone()));
        on_step(Step::Built(Box::new(rebuilder.build(changed))));
    }
}

/// Which changed paths count: those under the project folder or the templates folder, but
/// not under the output folder, and not junk (hidden files and folders, office lock files:
/// the rules of [`sources::is_junk`]).
#[derive(Clone, Debug)]
pub(crate) struct Filter {
    /// The watched folders (absolute, links resolved) with the name shown for each.
    roots: Vec<(PathBuf, String)>,
    /// The output folder, absolute.
    out: PathBuf,
    /// `templates/` beside the input folder while it does not exist: its creation counts.
    awaited: Option<(PathBuf, String)>,
}

impl Filter {
    /// The filter of a project: its input folder and, if it has one, its templates folder.
    pub(crate) fn new(project: &Project) -> Self {
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
    pub(crate) fn relevant(&self, path: &Path) -> Option<String> {
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
    notice: &mut dyn FnMut(Problem),
) -> Option<Vec<String>> {
    let mut changed = BTreeSet::new();
    while changed.is_empty() {
        match events.recv() {
            Ok(WatchEvent::File(event)) => {
                collect(event, filter, &mut changed, notice);
            }
            Ok(WatchEvent::Placed(paths)) => {
                changed.extend(paths.iter().filter_map(|p| filter.relevant(&absolute(p))));
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
                if collect(event, filter, &mut changed, notice) {
                    quiet_until = Instant::now() + QUIET_TIME;
                }
            }
            Ok(WatchEvent::Placed(paths)) => {
                changed.extend(paths.iter().filter_map(|p| filter.relevant(&absolute(p))));
                quiet_until = Instant::now() + QUIET_TIME;
            }
            Ok(WatchEvent::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
            Err(RecvTimeoutError::Timeout) => {}
        }
    }
}

/// Adds the relevant paths of an event and says whether it had any; a watcher problem goes
/// to `notice`.
fn collect(
    event: notify::Result<notify::Event>,
    filter: &Filter,
    changed: &mut BTreeSet<String>,
    notice: &mut dyn FnMut(Problem),
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
            notice(problem);
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
    last_good: Option<Vec<Arbeitsgruppe>>,
    keep_layouts: bool,
}

impl<'a> Rebuilder<'a> {
    fn new(project: Project, limits: &'a Limits, keep_layouts: bool) -> Self {
        Self {
            project,
            limits,
            typesetter: None,
            last_good: None,
            keep_layouts,
        }
    }

    /// Builds after `changed` (none: the first build).
    fn build(&mut self, changed: Vec<String>) -> Rebuilt {
        let fonts = Path::new(&named(&self.project.root).1).join(FONTS_DIR);
        if changed.iter().any(|p| Path::new(p).starts_with(&fonts)) {
            self.typesetter = None;
        }
        let outcome = self.rebuild();
        let previous = self.last_good.clone();
        if let Ok(built) = &outcome {
            self.last_good = built
                .ingested
                .konzept
                .as_ref()
                .map(|k| k.arbeitsgruppen.clone());
        }
        Rebuilt {
            changed,
            outcome,
            previous,
        }
    }

    /// From now on the templates come from `dir` (with a new typesetter).
    fn use_templates(&mut self, dir: PathBuf) {
        self.project.templates = Some(dir);
        self.typesetter = None;
    }

    fn rebuild(&mut self) -> Result<Built, Failure> {
        let typesetter = match self.typesetter.take() {
            Some(typesetter) => typesetter,
            None => {
                let mut typesetter = pipeline::new_typesetter(&self.project, self.limits)?;
                if self.keep_layouts {
                    typesetter.keep_layouts();
                }
                typesetter
            }
        };
        let typesetter = self.typesetter.insert(typesetter);
        pipeline::rebuild(&self.project, self.limits, typesetter, &|_| {})
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::TestDir;
    use std::sync::mpsc;

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

    /// Sends `first`, then `each` every 50 ms for `lasting`, from another thread. The
    /// streams below last 20 s and the bounds allow 10 s: a loop that starves waits as long as
    /// its stream, while a busy CI machine may delay a correct one by seconds.
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
        let events = stream(edit, noise, Duration::from_secs(20));
        let started = Instant::now();
        let changed = next_change(&events, &filter, &mut |_| {});
        let waited = started.elapsed();
        assert_eq!(changed, Some(vec!["input/ag/AG 1.xlsx".to_owned()]));
        assert!(waited < Duration::from_secs(10), "waited {waited:?}");
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
        let events = stream(edit, listing, Duration::from_secs(20));
        let started = Instant::now();
        assert_eq!(
            next_change(&events, &filter, &mut |_| {}),
            Some(vec!["input/konzept.toml".to_owned()])
        );
        assert!(
            started.elapsed() < Duration::from_secs(10),
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
            Duration::from_secs(20),
        );
        let started = Instant::now();
        let changed = next_change(&events, &filter, &mut |_| {});
        let waited = started.elapsed();
        assert_eq!(changed, Some(vec!["input/ag/AG 1.xlsx".to_owned()]));
        assert!(
            waited >= MAX_DELAY,
            "rebuilt after {waited:?}, before the changes settled"
        );
        assert!(
            waited < MAX_DELAY + Duration::from_secs(10),
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
            next_change(&events, &filter, &mut |_| {}),
            Some(vec!["input/ag/AG 2.csv".to_owned()])
        );
        assert!(started.elapsed() >= QUIET_TIME);
        drop(sender);
    }
}
