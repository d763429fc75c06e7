//! The workplace's live state: the shared rebuild loop ([`crate::rebuild`]) runs on a
//! thread of its own — the one place where the workplace builds, so builds run one at a
//! time — and leaves here what each build gave; every change of the state raises the
//! generation, which the open pages follow (server-sent events).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use crate::changes::{self, Changes};
use crate::clock::LocalTime;
use crate::documents::Layouts;
use crate::documents::preview;
use crate::limits::Limits;
use crate::model::Arbeitsgruppe;
use crate::pipeline::Failure;
use crate::project::Project;
use crate::rebuild::{self, Rebuilt, Step, WatchEvent};
use crate::report::Problem;

/// How many drawn pages are kept (about 100 KB each).
const MAX_PREVIEWS: usize = 200;

/// The two documents, as the addresses of their previews name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Document {
    Beschlussvorlage,
    Anlage,
}

impl Document {
    pub(crate) const ALL: [Document; 2] = [Document::Beschlussvorlage, Document::Anlage];

    /// The name in addresses: `beschlussvorlage`, `anlage`.
    pub(crate) fn slug(self) -> &'static str {
        match self {
            Document::Beschlussvorlage => "beschlussvorlage",
            Document::Anlage => "anlage",
        }
    }

    pub(crate) fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.slug() == slug)
    }

    /// The name a person reads.
    pub(crate) fn title(self) -> &'static str {
        match self {
            Document::Beschlussvorlage => "Beschlussvorlage",
            Document::Anlage => "Anlage (Konzept)",
        }
    }
}

/// What the pages show of the builds.
#[derive(Default)]
pub(crate) struct State {
    /// The changed files of the build under way, while one runs.
    pub(crate) building: Option<Vec<String>>,
    /// The last build, good or not.
    pub(crate) last: Option<LastBuild>,
    /// The last good build.
    pub(crate) good: Option<GoodBuild>,
    /// The AGs of the first good build since the workplace started.
    pub(crate) at_start: Option<(LocalTime, Vec<Arbeitsgruppe>)>,
    /// What the watcher reported that stops nothing.
    pub(crate) notices: Vec<Problem>,
    /// Page previews drawn since the last good build.
    previews: HashMap<(Document, usize), Arc<Vec<u8>>>,
    /// Counts good builds, so that a preview drawn from an older one is not cached.
    good_generation: u64,
}

/// A build and how it ended.
pub(crate) struct LastBuild {
    pub(crate) at: LocalTime,
    pub(crate) changed: Vec<String>,
    /// `None`: good; otherwise what stopped it.
    pub(crate) failure: Option<Vec<Problem>>,
    /// Whether it stopped at the input (whose errors the Einlesebericht lists), not at a
    /// template or the output folder.
    pub(crate) input_failed: bool,
}

/// A good build: what it wrote and how it compares.
pub(crate) struct GoodBuild {
    pub(crate) at: LocalTime,
    pub(crate) duration: Duration,
    /// The files it wrote (name, unchanged since the build before).
    pub(crate) written: Vec<(String, bool)>,
    /// Page counts of the two documents.
    pub(crate) pages: [usize; 2],
    /// The changes against the good build before it (`None`: the first).
    pub(crate) since_previous: Option<Changes>,
    /// The changes since the workplace started.
    pub(crate) since_start: Changes,
    /// What went wrong after the output was complete (e.g. a state not kept).
    pub(crate) notes: Vec<String>,
    /// Shared, so that drawing a preview does not hold the state's lock.
    layouts: Option<Arc<Layouts>>,
}

/// The running loop's state and how to reach it.
pub(crate) struct Live {
    state: Mutex<State>,
    generation: tokio::sync::watch::Sender<u64>,
    events: Mutex<Sender<WatchEvent>>,
}

impl Live {
    /// Starts the rebuild loop on its own thread, with a file watcher on the project; the
    /// first build begins at once.
    pub(crate) fn start(project: &Project, limits: &Limits) -> Result<Arc<Self>, Problem> {
        let (sender, events) = mpsc::channel();
        let (mut watcher, mut filter) = rebuild::watch_project(project, sender.clone())?;
        let live = Arc::new(Self {
            state: Mutex::new(State::default()),
            generation: tokio::sync::watch::Sender::new(0),
            events: Mutex::new(sender),
        });
        let shared = live.clone();
        let (project, limits) = (project.clone(), *limits);
        std::thread::Builder::new()
            .name("neubau".to_owned())
            .spawn(move || {
                let mut watch_dir =
                    |dir: &std::path::Path| rebuild::watch_folder(&mut watcher, dir);
                rebuild::run_loop(
                    &project,
                    &limits,
                    &mut filter,
                    &events,
                    &mut watch_dir,
                    true,
                    &mut |step| shared.take(step),
                );
            })
            .map_err(|err| {
                Problem::general("Der Arbeitsplatz kann nicht neu bauen (kein Thread).")
                    .with_detail(err.to_string())
            })?;
        Ok(live)
    }

    /// The state as it is now.
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Follows the generation: changes whenever the state does.
    pub(crate) fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.generation.subscribe()
    }

    /// Tells the loop that files were placed into the project, so it rebuilds without
    /// waiting for the watcher.
    pub(crate) fn placed(&self, paths: Vec<PathBuf>) {
        if paths.is_empty() {
            return;
        }
        let events = self
            .events
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let _ = events.send(WatchEvent::Placed(paths));
    }

    /// Page `index` of `document` of the last good build as PNG, drawn once per build.
    pub(crate) fn preview(&self, document: Document, index: usize) -> Option<Arc<Vec<u8>>> {
        let (layouts, generation) = {
            let state = self.state();
            if let Some(png) = state.previews.get(&(document, index)) {
                return Some(png.clone());
            }
            (state.good.as_ref()?.layouts.clone()?, state.good_generation)
        };
        // Drawn without the lock: the loop may record a new build meanwhile.
        let png = Arc::new(preview::page_png(layout(&layouts, document), index)?);
        let mut state = self.state();
        if state.good_generation == generation {
            // A person looks at a few dozen pages; paging through a long Anlage must not
            // keep every page it ever drew.
            if state.previews.len() >= MAX_PREVIEWS {
                state.previews.clear();
            }
            state.previews.insert((document, index), png.clone());
        }
        Some(png)
    }

    /// The pixel size of a preview page, for the page that shows it.
    pub(crate) fn preview_size(&self, document: Document, index: usize) -> Option<(u32, u32)> {
        let state = self.state();
        let layouts = state.good.as_ref()?.layouts.as_ref()?;
        preview::page_size(layout(layouts, document), index)
    }

    /// Takes in one step of the loop.
    fn take(&self, step: Step) {
        {
            let mut state = self.state();
            match step {
                Step::Waiting => return,
                Step::Notice(problem) => state.notices.push(problem),
                Step::Building(changed) => state.building = Some(changed),
                Step::Built(rebuilt) => record(&mut state, *rebuilt),
            }
        }
        self.generation.send_modify(|generation| *generation += 1);
    }
}

/// The laid-out pages of one of the two documents.
fn layout(layouts: &Layouts, document: Document) -> &typst_layout::PagedDocument {
    match document {
        Document::Beschlussvorlage => &layouts.beschlussvorlage,
        Document::Anlage => &layouts.anlage,
    }
}

/// Records a finished build.
fn record(state: &mut State, rebuilt: Rebuilt) {
    let at = LocalTime::now();
    state.building = None;
    let Rebuilt {
        changed,
        outcome,
        previous,
    } = rebuilt;
    match outcome {
        Err(failure) => {
            state.last = Some(LastBuild {
                at,
                changed,
                failure: Some(failure.problems()),
                input_failed: matches!(failure, Failure::Input(_)),
            });
        }
        Ok(built) => {
            let arbeitsgruppen = built
                .ingested
                .konzept
                .as_ref()
                .map(|k| k.arbeitsgruppen.clone())
                .unwrap_or_default();
            let at_start = state
                .at_start
                .get_or_insert_with(|| (at, arbeitsgruppen.clone()));
            let since_start = changes::compare(&at_start.1, &arbeitsgruppen);
            let since_previous = previous.map(|before| changes::compare(&before, &arbeitsgruppen));
            let documents = &built.typeset.documents;
            state.good = Some(GoodBuild {
                at,
                duration: built.duration,
                written: built
                    .written
                    .files
                    .iter()
                    .map(|f| (f.name.clone(), f.unchanged))
                    .collect(),
                pages: [documents.beschlussvorlage.pages, documents.anlage.pages],
                since_previous,
                since_start,
                notes: built.written.notes,
                layouts: built.typeset.layouts.map(Arc::new),
            });
            state.previews.clear();
            state.good_generation += 1;
            state.last = Some(LastBuild {
                at,
                changed,
                failure: None,
                input_failed: false,
            });
        }
    }
}
