//! The Typst world of one project: templates from disk or built in, the concept as a virtual
//! JSON file, the project's own files under `/input/`, fonts, and a fixed date.
//!
//! The virtual file system the templates see:
//! - `/konzept.json` — the concept model (the bytes of `konzept.json`);
//! - `/texte.json` — the names of the prose blocks present in `texte/` (a JSON list);
//! - further data files of one document, e.g. `/synopse.json` for the Synopse,
//!   `/rueckmeldung.json` for an AG's Rueckmeldung;
//! - `/templates/…` — a file of the project's `templates/` folder where it exists, else the
//!   built-in template of that name;
//! - `/input/…` — a file under the project's input folder (logo, `texte/*.typ`).
//!
//! Nothing else can be read: every real path is checked against its folder after resolving
//! symbolic links, and packages (`@preview/…`) are refused.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::documents::templates;
use crate::german;

/// Virtual path of the concept model.
pub(crate) const KONZEPT_JSON: &str = "/konzept.json";
/// Virtual path of the list of prose blocks present.
pub(crate) const PROSE_JSON: &str = "/texte.json";
/// Virtual path of the Synopse's data (`diff --pdf`).
pub(crate) const SYNOPSE_JSON: &str = "/synopse.json";
/// Virtual path of the content of one AG's Rueckmeldung (`rueckmeldung`).
pub(crate) const RUECKMELDUNG_JSON: &str = "/rueckmeldung.json";
/// Virtual folder of the templates.
const TEMPLATES: &str = "templates/";
/// Virtual folder of the project input.
const INPUT: &str = "input/";

/// Everything both documents share: library, fonts, files and the data of the current build.
/// Kept alive between builds so that Typst's caches (and parsed sources) are reused.
pub(crate) struct SharedWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    /// The templates folder on disk (canonical), if the project has one.
    templates: Option<PathBuf>,
    /// The project input folder (canonical), if it exists.
    input: Option<PathBuf>,
    /// Largest file read from disk.
    max_bytes: u64,
    /// The virtual data files of the current build by path: `/konzept.json`, `/texte.json`…
    data: HashMap<String, Bytes>,
    today: Option<Datetime>,
    slots: Mutex<HashMap<FileId, Slot>>,
}

/// What is loaded of one file in the current build, and its parsed source from earlier
/// builds (edited in place on the next build, which keeps Typst's incremental caches warm).
#[derive(Default)]
struct Slot {
    bytes: Option<FileResult<Bytes>>,
    source: Option<Source>,
    fresh: bool,
}

impl SharedWorld {
    /// A world over the given folders with the given fonts. `templates` and `input` need not
    /// exist; missing folders simply serve nothing (the built-in templates stay available).
    pub(crate) fn new(
        templates: Option<&Path>,
        input: &Path,
        fonts: Vec<Font>,
        max_bytes: u64,
    ) -> Self {
        let book = FontBook::from_fonts(&fonts);
        Self {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(book),
            fonts,
            templates: templates.and_then(|dir| dir.canonicalize().ok()),
            input: input.canonicalize().ok(),
            max_bytes,
            data: HashMap::new(),
            today: None,
            slots: Mutex::new(HashMap::new()),
        }
    }

    /// Sets the data of the next build — the virtual files by path (`/konzept.json`,
    /// `/texte.json` and any other) — and marks every file stale, so that templates and
    /// input files are read afresh while parsed sources are kept for in-place edits.
    pub(crate) fn prepare(&mut self, data: Vec<(&str, Vec<u8>)>, today: Option<Datetime>) {
        self.data = data
            .into_iter()
            .map(|(path, bytes)| (path.to_owned(), Bytes::new(bytes)))
            .collect();
        self.today = today;
        let slots = self.slots.get_mut().unwrap_or_else(PoisonError::into_inner);
        for slot in slots.values_mut() {
            slot.bytes = None;
            slot.fresh = false;
        }
    }

    /// The world of one document: the shared data with `main` as its main file.
    pub(crate) fn with_main(&self, main: FileId) -> DocumentWorld<'_> {
        DocumentWorld { shared: self, main }
    }

    /// The file id of a template, e.g. `beschlussvorlage.typ` → `/templates/beschlussvorlage.typ`.
    pub(crate) fn template_id(name: &str) -> FileResult<FileId> {
        let vpath = VirtualPath::new(format!("/{TEMPLATES}{name}"))
            .map_err(|err| FileError::Other(Some(err.to_string().into())))?;
        Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
    }

    /// The name a person sees for a file in messages: `templates/anlage.typ`,
    /// `input/texte/vorwort.typ`, `konzept.json`.
    pub(crate) fn display_name(id: FileId) -> String {
        match id.root() {
            VirtualRoot::Project => id.vpath().get_without_slash().to_owned(),
            VirtualRoot::Package(spec) => format!("{spec}{}", id.vpath().get_with_slash()),
        }
    }

    fn slots(&self) -> MutexGuard<'_, HashMap<FileId, Slot>> {
        // A panic while holding the lock leaves only a cache behind; it stays usable.
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let mut slots = self.slots();
        let slot = slots.entry(id).or_default();
        slot.bytes.get_or_insert_with(|| self.load(id)).clone()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let mut slots = self.slots();
        let slot = slots.entry(id).or_default();
        if slot.fresh
            && let Some(source) = &slot.source
        {
            return Ok(source.clone());
        }
        let bytes = slot.bytes.get_or_insert_with(|| self.load(id)).clone()?;
        let text = std::str::from_utf8(&bytes)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        match &mut slot.source {
            Some(source) => {
                source.replace(text);
            }
            None => slot.source = Some(Source::new(id, text.to_owned())),
        }
        slot.fresh = true;
        slot.source.clone().ok_or(FileError::Other(None))
    }

    /// Reads a file from where its virtual path says.
    fn load(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(FileError::Other(Some(
                format!("Pakete wie {spec} werden nicht geladen; Vorlagen müssen ohne auskommen")
                    .into(),
            )));
        }
        let path = id.vpath().get_with_slash();
        if let Some(bytes) = self.data.get(path) {
            return Ok(bytes.clone());
        }
        let relative = id.vpath().get_without_slash();
        if let Some(name) = relative.strip_prefix(TEMPLATES) {
            return self.load_template(name, id.vpath());
        }
        if let Some(name) = relative.strip_prefix(INPUT) {
            let Some(root) = &self.input else {
                return Err(FileError::NotFound(path.into()));
            };
            return read_confined(root, name, id.vpath(), self.max_bytes);
        }
        Err(denied())
    }

    /// A template from the project's folder where present there, else built in.
    fn load_template(&self, name: &str, vpath: &VirtualPath) -> FileResult<Bytes> {
        if let Some(dir) = &self.templates {
            match read_confined(dir, name, vpath, self.max_bytes) {
                Err(FileError::NotFound(_)) => {}
                other => return other,
            }
        }
        templates::built_in(name)
            .map(|text| Bytes::new(text.as_bytes()))
            .ok_or_else(|| FileError::NotFound(vpath.get_with_slash().into()))
    }
}

/// The error for a path outside the readable folders.
fn denied() -> FileError {
    FileError::Other(Some(
        "Zugriff verweigert: Vorlagen lesen nur /templates/…, /input/…, /konzept.json und /texte.json"
            .into(),
    ))
}

/// Reads `name` below the canonical folder `root`, refusing anything that resolves outside it
/// (`..`, symbolic links) and files larger than `max_bytes`.
fn read_confined(
    root: &Path,
    name: &str,
    vpath: &VirtualPath,
    max_bytes: u64,
) -> FileResult<Bytes> {
    let not_found = || FileError::NotFound(vpath.get_with_slash().into());
    let relative = VirtualPath::new(name).map_err(|_| denied())?;
    let path = relative.realize(root)?;
    let real = path.canonicalize().map_err(|_| not_found())?;
    if !real.starts_with(root) {
        return Err(denied());
    }
    if real.is_dir() {
        return Err(FileError::IsDirectory);
    }
    match read_limited(&real, max_bytes) {
        Ok(Some(data)) => Ok(Bytes::new(data)),
        Ok(None) => Err(FileError::Other(Some(
            format!("Datei ist größer als {}", german::size_text(max_bytes)).into(),
        ))),
        Err(err) => Err(FileError::from_io(err, Path::new(name))),
    }
}

/// The bytes of a file, or `None` when it is larger than `max_bytes` (read no further).
pub(super) fn read_limited(path: &Path, max_bytes: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut data = Vec::new();
    std::fs::File::open(path)?
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut data)?;
    Ok((data.len() as u64 <= max_bytes).then_some(data))
}

/// One document's view of the shared world: the same files and fonts, its own main file.
pub(crate) struct DocumentWorld<'a> {
    shared: &'a SharedWorld,
    main: FileId,
}

impl World for DocumentWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.shared.source(id)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.shared.file(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.shared.today
    }
}
