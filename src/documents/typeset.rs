//! The typesetter: one Typst world kept alive between builds (fonts, library, parsed
//! templates, the compiler's caches), both documents typeset concurrently into PDF/A-2a +
//! PDF/UA-1 files that are byte-identical for the same input.

use std::path::PathBuf;
use std::time::Duration;

use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst::model::Document;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::date::Date;
use crate::documents::diagnostics::{self, TemplateDiagnostic, TemplateError, TemplateSeverity};
use crate::documents::fonts;
use crate::documents::object_streams;
use crate::documents::pdf::{Documents, FileNames, PdfDocument};
use crate::documents::stream_ends;
use crate::documents::templates;
use crate::documents::text;
use crate::documents::world::{KONZEPT_JSON, PROSE_JSON, SharedWorld};
use crate::guard;
use crate::limits::Limits;
use crate::model::Konzept;
use crate::project::Project;
use crate::report::{Place, Problem};

/// Stack of the compiler threads: Typst recurses deeply on nested content.
const STACK_BYTES: usize = 64 << 20;

/// How many compilations an unused cache entry survives (as typst-cli does).
const CACHE_AGE: usize = 10;

/// Typesets a project's documents; keep it alive to reuse caches across builds (`watch`).
pub struct Typesetter {
    world: SharedWorld,
    root: PathBuf,
    /// `SOURCE_DATE_EPOCH`, when set: overrides the Vorlage date as the documents' date.
    epoch: Option<Moment>,
    /// How long typesetting may take before the process ends (see [`crate::guard::typesetting`]).
    time_limit: Duration,
    /// Keep the laid-out pages after export, for page previews (the workplace); a build
    /// drops them at once, since they are the largest thing it holds.
    keep_layouts: bool,
    /// Keep Typst's caches once a document is laid out. They make the next build of a
    /// long-lived typesetter fast (`watch`, the workplace); for a single build they only
    /// hold memory while the PDF is written.
    keep_caches: bool,
    /// The last PDF of each document with the fingerprint of its layout, kept with the
    /// caches: a rebuild whose layout of a document did not change (the Beschlussvorlage
    /// after most edits of a measure) takes it instead of writing the same PDF again.
    exported: Vec<Exported>,
}

/// A written PDF and the fingerprint of the layout it was written from.
#[derive(Debug)]
struct Exported {
    main: &'static str,
    fingerprint: u128,
    document: PdfDocument,
}

/// Both documents and the warnings Typst gave while typesetting them.
#[derive(Debug)]
pub struct Typeset {
    /// The Beschlussvorlage and the Anlage.
    pub documents: Documents,
    /// Template warnings (the documents were produced all the same).
    pub warnings: Vec<TemplateDiagnostic>,
    /// The laid-out pages of both documents, when the typesetter keeps them.
    pub(crate) layouts: Option<Layouts>,
    /// The documents (`Beschlussvorlage`, `Anlage`) whose layout was that of the previous
    /// build, so that its PDF was taken instead of being written again.
    pub unchanged: Vec<String>,
}

/// The laid-out pages of both documents (what page previews are drawn from).
#[derive(Debug)]
pub(crate) struct Layouts {
    pub(crate) beschlussvorlage: PagedDocument,
    pub(crate) anlage: PagedDocument,
}

/// A fixed point in time (UTC) that stands in for "now".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Moment {
    date: Date,
    hour: u8,
    minute: u8,
    second: u8,
}

/// A typeset document with its warnings and layout, or the errors (and warnings) that
/// stopped it.
type TypesetOutcome = Result<Outcome, Vec<TemplateDiagnostic>>;

/// A typeset document.
struct Outcome {
    pdf: PdfDocument,
    /// Whether `pdf` is the previous build's.
    reused: bool,
    warnings: Vec<TemplateDiagnostic>,
    layout: PagedDocument,
    /// What the PDF was written from: layout, metadata and export options (taken only by
    /// a typesetter that keeps its caches).
    fingerprint: Option<u128>,
}

/// One of the two documents.
struct Spec {
    document: String,
    main: &'static str,
    file_name: String,
    ident: String,
}

impl Typesetter {
    /// A typesetter for the project: its templates folder (if any) over the built-in
    /// templates, its input folder for logo and prose blocks, built-in fonts plus its
    /// `fonts/`. Fails on an unreadable font file or an invalid `SOURCE_DATE_EPOCH`.
    pub fn new(project: &Project, limits: &Limits) -> Result<Self, Problem> {
        let fonts = fonts::load(&project.root, limits.file_bytes)?;
        let epoch = match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(text) if !text.trim().is_empty() => Some(parse_epoch(&text)?),
            _ => None,
        };
        Ok(Self {
            world: SharedWorld::new(
                project.templates.as_deref(),
                &project.root,
                fonts,
                limits.file_bytes,
            ),
            root: project.root.clone(),
            epoch,
            time_limit: limits.typeset_time,
            keep_layouts: false,
            keep_caches: true,
            exported: Vec::new(),
        })
    }

    /// A typesetter for one build: Typst's caches are freed once a document is laid out,
    /// while its PDF is written, and no fingerprint of the layout is taken.
    pub(crate) fn for_one_build(mut self) -> Self {
        self.keep_caches = false;
        self
    }

    /// The day `SOURCE_DATE_EPOCH` fixes for the documents, when it is set: a document that
    /// carries the day it was made (a Rueckmeldung) takes this one instead of the clock's,
    /// so that the same input gives the same bytes.
    pub(crate) fn fixed_date(&self) -> Option<Date> {
        self.epoch.map(|moment| moment.date)
    }

    /// From now on, keep the laid-out pages of each build ([`Typeset::layouts`]).
    pub(crate) fn keep_layouts(&mut self) {
        self.keep_layouts = true;
    }

    /// Typesets both documents from `konzept`, concurrently, reusing the caches of earlier
    /// builds, under the file names `names`. Template files and prose blocks are read afresh
    /// on every call.
    pub fn typeset(
        &mut self,
        konzept: &Konzept,
        names: &FileNames,
    ) -> Result<Typeset, TemplateError> {
        let moment = self.prepare(konzept, None)?;
        let [vorlage, anlage] = specs(konzept, names);
        let (world, keep_caches) = (&self.world, self.keep_caches);
        let previous = |spec: &Spec| self.exported.iter().find(|e| e.main == spec.main);
        let (outcome_vorlage, outcome_anlage) = guard::typesetting(self.time_limit, || {
            concurrently(
                || typeset_one(world, &vorlage, moment, keep_caches, previous(&vorlage)),
                || typeset_one(world, &anlage, moment, keep_caches, previous(&anlage)),
            )
        });
        comemo::evict(CACHE_AGE);
        match (outcome_vorlage, outcome_anlage) {
            (Some(Ok(first)), Some(Ok(second))) => {
                self.exported = [(&vorlage, &first), (&anlage, &second)]
                    .into_iter()
                    .filter_map(|(spec, outcome)| {
                        Some(Exported {
                            main: spec.main,
                            fingerprint: outcome.fingerprint?,
                            document: outcome.pdf.clone(),
                        })
                    })
                    .collect();
                let unchanged = [(&vorlage, &first), (&anlage, &second)]
                    .into_iter()
                    .filter(|(_, outcome)| outcome.reused)
                    .map(|(spec, _)| spec.document.clone())
                    .collect();
                let layouts = if self.keep_layouts {
                    Some(Layouts {
                        beschlussvorlage: first.layout,
                        anlage: second.layout,
                    })
                } else {
                    drop_in_background((first.layout, second.layout));
                    None
                };
                Ok(Typeset {
                    unchanged,
                    documents: Documents {
                        beschlussvorlage: first.pdf,
                        anlage: second.pdf,
                    },
                    warnings: diagnostics::merge([first.warnings, second.warnings]),
                    layouts,
                })
            }
            (vorlage, anlage) => Err(TemplateError {
                diagnostics: diagnostics::merge([diagnostics_of(vorlage), diagnostics_of(anlage)]),
            }),
        }
    }
}

impl Typesetter {
    /// Typesets one more document of the concept from the template `main`, which reads
    /// `data` (virtual path and value, served as JSON, e.g.
    /// [`SYNOPSE_JSON`](crate::documents::world::SYNOPSE_JSON)) besides everything the two
    /// documents read. `document` names it in messages and its PDF identifier; the PDF is
    /// made as the two documents are.
    pub fn typeset_extra(
        &mut self,
        konzept: &Konzept,
        main: &'static str,
        document: &str,
        data: (&'static str, &impl serde::Serialize),
    ) -> Result<(PdfDocument, Vec<TemplateDiagnostic>), TemplateError> {
        let (path, value) = data;
        let bytes = to_json(&format!("Der Inhalt von {path}"), value)?;
        let moment = self.prepare(konzept, Some((path, bytes)))?;
        let spec = Spec {
            document: document.to_owned(),
            main,
            file_name: format!("{document}.pdf"),
            ident: ident(konzept, document),
        };
        let (world, keep_caches) = (&self.world, self.keep_caches);
        let outcome = guard::typesetting(self.time_limit, || {
            on_large_stack(|| typeset_one(world, &spec, moment, keep_caches, None))
        });
        comemo::evict(CACHE_AGE);
        match outcome {
            Some(Ok(outcome)) => Ok((outcome.pdf, outcome.warnings)),
            other => Err(TemplateError {
                diagnostics: diagnostics_of(other),
            }),
        }
    }

    /// Serves the concept, the prose block list and `extra` to the world; returns the
    /// documents' date.
    fn prepare(
        &mut self,
        konzept: &Konzept,
        extra: Option<(&'static str, Vec<u8>)>,
    ) -> Result<Moment, TemplateError> {
        let json = to_json("Das Konzept", konzept)?;
        let prose = serde_json::to_vec(&templates::prose_blocks(&self.root)).unwrap_or_default();
        let moment = self.epoch.unwrap_or(Moment::midnight(konzept.vorlage.date));
        let mut data = vec![(KONZEPT_JSON, json), (PROSE_JSON, prose)];
        data.extend(extra);
        self.world.prepare(data, moment.date());
        Ok(moment)
    }
}

/// A value as JSON for the world; `was` names it in the error.
fn to_json(what: &str, value: &impl serde::Serialize) -> Result<Vec<u8>, TemplateError> {
    serde_json::to_vec(value).map_err(|err| {
        detached_error(format!(
            "{what} lässt sich nicht als JSON darstellen ({err})."
        ))
    })
}

/// The PDF identifier of a document of the concept.
fn ident(konzept: &Konzept, document: &str) -> String {
    format!("ratsvorlage/{}/{document}", konzept.vorlage.number)
}

impl Moment {
    fn midnight(date: Date) -> Self {
        Self {
            date,
            hour: 0,
            minute: 0,
            second: 0,
        }
    }

    /// The day, for Typst's `datetime.today()`.
    fn date(self) -> Option<Datetime> {
        Datetime::from_ymd(self.date.year, self.date.month, self.date.day)
    }

    /// The PDF's creation and modification date.
    fn timestamp(self) -> Option<Timestamp> {
        let d = self.date;
        Datetime::from_ymd_hms(d.year, d.month, d.day, self.hour, self.minute, self.second)
            .map(Timestamp::new_utc)
    }
}

/// Reads `SOURCE_DATE_EPOCH` (whole seconds since 1970-01-01 UTC).
fn parse_epoch(text: &str) -> Result<Moment, Problem> {
    let invalid = || {
        Problem::error(
            Place::file("SOURCE_DATE_EPOCH"),
            format!(
                "Die Umgebungsvariable SOURCE_DATE_EPOCH muss die Sekunden seit dem 1.1.1970 als \
             ganze Zahl angeben (z. B. 1223251200), ist aber „{text}“. Korrigieren oder entfernen \
             Sie sie."
            ),
        )
    };
    let seconds: i64 = text.trim().parse().map_err(|_| invalid())?;
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Excel's serial 25569 is 1970-01-01, so the Excel conversion turns days into a date.
    let date = Date::from_excel_serial((days + 25_569) as f64, false).ok_or_else(invalid)?;
    Ok(Moment {
        date,
        hour: (rest / 3600) as u8,
        minute: (rest % 3600 / 60) as u8,
        second: (rest % 60) as u8,
    })
}

/// The two documents of a concept: main template, file name and PDF identifier.
fn specs(konzept: &Konzept, names: &FileNames) -> [Spec; 2] {
    let spec = |document: &'static str, main, file_name: &String| Spec {
        document: document.to_owned(),
        main,
        file_name: file_name.clone(),
        ident: ident(konzept, document),
    };
    [
        spec(
            "Beschlussvorlage",
            templates::BESCHLUSSVORLAGE,
            &names.beschlussvorlage,
        ),
        spec("Anlage", templates::ANLAGE, &names.anlage),
    ]
}

/// Compiles one document and exports it as PDF; errors and warnings as our diagnostics.
/// Without `keep_caches`, Typst's caches are freed between layout and export. When the
/// layout's fingerprint is that of `previous`, its PDF is taken instead of a new export.
fn typeset_one(
    world: &SharedWorld,
    spec: &Spec,
    moment: Moment,
    keep_caches: bool,
    previous: Option<&Exported>,
) -> TypesetOutcome {
    let main = SharedWorld::template_id(spec.main)
        .map_err(|err| vec![detached(&spec.document, err.to_string())])?;
    let view = world.with_main(main);
    let convert = |list: &[SourceDiagnostic]| diagnostics::convert(&view, &spec.document, list);
    let Warned { output, warnings } = typst::compile::<PagedDocument>(&view);
    let mut found = convert(&warnings);
    let layout = match output {
        Ok(layout) => layout,
        Err(errors) => {
            found.extend(convert(&errors));
            return Err(found);
        }
    };
    // Equal pages mean equal positions, so links resolve alike. Hashing pages is cheap when
    // their frames come from Typst's caches, which keep the hash of their items (14 ms at
    // 60 AGs); the first time it is not (0.25 s), and is then done beside the export.
    let fingerprint_of =
        || typst::utils::hash128(&(layout.pages(), layout.info(), &spec.ident, moment));
    let known = previous.map(|_| fingerprint_of());
    if let Some(previous) = previous.filter(|p| Some(p.fingerprint) == known) {
        let pdf = PdfDocument {
            file_name: spec.file_name.clone(),
            ..previous.document.clone()
        };
        return Ok(Outcome {
            pdf,
            reused: true,
            warnings: found,
            layout,
            fingerprint: known,
        });
    }
    let standards = PdfStandards::new(&[PdfStandard::A_2a, PdfStandard::Ua_1])
        .map_err(|err| vec![detached(&spec.document, err.message().to_string())])?;
    let options = PdfOptions {
        ident: Smart::Custom(spec.ident.clone()),
        creator: Smart::Custom(Some(format!("ratsvorlage {}", env!("CARGO_PKG_VERSION")))),
        timestamp: moment.timestamp(),
        standards,
        ..PdfOptions::default()
    };
    // The plain text (for OParl) is read from the frames while the PDF is written; on a
    // thread with the same large stack, since it recurses into nested frames.
    let (pdf, text, fingerprint) = std::thread::scope(|scope| {
        let text = std::thread::Builder::new()
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, || text::plain_text(&layout));
        let fingerprint = (keep_caches && known.is_none())
            .then(|| std::thread::Builder::new().spawn_scoped(scope, fingerprint_of));
        if !keep_caches {
            // Freeing the caches takes a while (0.5 s at 60 AGs): the other core does it
            // while this one writes the PDF. The other document, if still laying out,
            // merely recomputes what it would have found there.
            let _ = std::thread::Builder::new().spawn_scoped(scope, || comemo::evict(0));
        }
        let pdf = typst_pdf::pdf(&layout, &options);
        let text = match text {
            // A panic there is carried over to this thread, which reports it like its own.
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            Err(_) => text::plain_text(&layout),
        };
        let fingerprint = match fingerprint {
            Some(Ok(handle)) => handle.join().ok(),
            Some(Err(_)) => Some(fingerprint_of()),
            None => known,
        };
        (pdf, text, fingerprint)
    });
    let pdf = pdf.map_err(|errors| {
        found.extend(convert(&errors));
        found.clone()
    })?;
    let pdf = object_streams::pack(stream_ends::unambiguous(pdf));
    let document = PdfDocument {
        file_name: spec.file_name.clone(),
        title: layout
            .info()
            .title
            .as_deref()
            .unwrap_or(&spec.document)
            .to_owned(),
        pdf,
        pages: layout.pages().len(),
        text,
    };
    Ok(Outcome {
        pdf: document,
        reused: false,
        warnings: found,
        layout,
        fingerprint,
    })
}

/// Drops `value` on a thread of its own: freeing the frames of a large document takes a
/// while (0.3 s at 60 AGs), and nothing waits for it. Should no thread start, it is dropped
/// here.
fn drop_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// Runs `a` and `b` on two threads with a large stack; `None` for one that panicked or
/// could not be started.
fn concurrently<T: Send>(
    a: impl FnOnce() -> T + Send,
    b: impl FnOnce() -> T + Send,
) -> (Option<T>, Option<T>) {
    std::thread::scope(|scope| {
        let builder = || std::thread::Builder::new().stack_size(STACK_BYTES);
        let first = builder().spawn_scoped(scope, a);
        let second = builder().spawn_scoped(scope, b);
        (joined(first), joined(second))
    })
}

/// Runs `f` on a thread with a large stack; `None` if it panicked or could not be started.
fn on_large_stack<T: Send>(f: impl FnOnce() -> T + Send) -> Option<T> {
    std::thread::scope(|scope| {
        joined(
            std::thread::Builder::new()
                .stack_size(STACK_BYTES)
                .spawn_scoped(scope, f),
        )
    })
}

/// The result of a scoped thread, `None` if it did not start or panicked.
fn joined<T>(handle: std::io::Result<std::thread::ScopedJoinHandle<'_, T>>) -> Option<T> {
    handle.ok().and_then(|handle| handle.join().ok())
}

/// The diagnostics of a document's outcome; a vanished thread becomes an error.
fn diagnostics_of(outcome: Option<TypesetOutcome>) -> Vec<TemplateDiagnostic> {
    match outcome {
        Some(Ok(outcome)) => outcome.warnings,
        Some(Err(found)) => found,
        None => vec![detached(
            "Dokumente",
            "Der Satz ist abgebrochen (interner Fehler im Typst-Compiler oder zu wenig Speicher)."
                .to_owned(),
        )],
    }
}

/// An error without a place in a template.
fn detached(document: &str, message: String) -> TemplateDiagnostic {
    TemplateDiagnostic {
        severity: TemplateSeverity::Error,
        document: document.to_owned(),
        position: None,
        message,
        notes: Vec::new(),
        calls: Vec::new(),
    }
}

/// A [`TemplateError`] of one error without a place.
fn detached_error(message: String) -> TemplateError {
    TemplateError {
        diagnostics: vec![detached("Dokumente", message)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_become_a_utc_moment() {
        let moment = parse_epoch("1223251200").unwrap();
        assert_eq!(crate::german::date_text(moment.date), "6.10.2008");
        assert_eq!((moment.hour, moment.minute, moment.second), (0, 0, 0));
        let moment = parse_epoch(" 1223296496 ").unwrap();
        assert_eq!(
            (
                crate::german::date_text(moment.date),
                moment.hour,
                moment.minute,
                moment.second
            ),
            ("6.10.2008".to_owned(), 12, 34, 56)
        );
    }

    #[test]
    fn an_invalid_epoch_is_named() {
        let err = parse_epoch("gestern").unwrap_err();
        assert_eq!(err.place.unwrap().to_string(), "SOURCE_DATE_EPOCH");
        assert!(err.message.contains("„gestern“"), "{}", err.message);
        assert!(parse_epoch("99999999999999").is_err());
    }
}
