//! The project's kept states of the concept: after every build whose concept differs from
//! the newest kept one, the build's `konzept.json` is kept as
//! `.ratsvorlage/staende/<Zeitpunkt>.json`, byte for byte as in the output folder (so any
//! of them also serves as `diff ALT.json`). Its Vorlage number and date are those inside
//! it, the moment is its name. Nothing there is ever overwritten or deleted by
//! ratsvorlage; the folder is hidden, so reading and watching the project pass it by.
//! `diff` compares with these states, and so will the workplace.

use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::changes;
use crate::clock::LocalTime;
use crate::date::Date;
use crate::german;
use crate::report::{Place, Problem, Severity};

/// The folder of the kept states, relative to the project folder.
pub(crate) const FOLDER: &str = ".ratsvorlage/staende";

/// One kept state of the concept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptState {
    /// The moment it was kept as a name that sorts by time, `2026-12-06_22-15-01-123`;
    /// the file is `<id>.json`.
    pub id: String,
    /// When it was kept.
    pub(crate) kept_at: LocalTime,
    /// `vorlage.nummer` inside it, if it has one.
    pub vorlage_number: Option<String>,
    /// `vorlage.datum` inside it, if it has one.
    pub vorlage_date: Option<Date>,
    /// How many goals it holds.
    pub ziele: usize,
    /// How many measures it holds.
    pub massnahmen: usize,
}

impl KeptState {
    /// When it was kept, as people read it: `6.12.2026, 22:15:01`.
    pub fn kept_at_text(&self) -> String {
        self.kept_at.text()
    }

    /// When it was kept, for programs: `2026-12-06T22:15:01.123` (local time).
    pub fn kept_at_iso(&self) -> String {
        let t = self.kept_at;
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}",
            t.year, t.month, t.day, t.hour, t.minute, t.second, t.millis
        )
    }

    /// The Vorlage it belongs to, as a council text names it: `Vorlage FB 50/1234/08 vom
    /// 15.10.2008`; without a number in it, `Vorlage ohne Nummer`.
    pub fn vorlage_text(&self) -> String {
        vorlage_text(self.vorlage_number.as_deref(), self.vorlage_date)
    }
}

/// The Vorlage a concept belongs to, as a council text names it (see
/// [`KeptState::vorlage_text`]).
pub(crate) fn vorlage_text(nummer: Option<&str>, datum: Option<Date>) -> String {
    let mut text = match nummer.filter(|n| !n.trim().is_empty()) {
        Some(nummer) => format!("Vorlage {nummer}"),
        None => "Vorlage ohne Nummer".to_owned(),
    };
    if let Some(datum) = datum {
        text.push_str(&format!(" vom {}", german::date_text(datum)));
    }
    text
}

/// The kept states of a project.
#[derive(Clone, Debug, Default)]
pub struct StateList {
    /// Where they lie.
    pub folder: PathBuf,
    /// The states, oldest first.
    pub states: Vec<KeptState>,
    /// Files there that cannot be read as a state (damaged, changed by hand), each an
    /// error naming the file; they are passed over, not removed.
    pub unreadable: Vec<Problem>,
}

/// What a state file says about itself; everything else in it may be of any shape.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    vorlage: serde_json::Value,
    arbeitsgruppen: Vec<AgHeader>,
}

#[derive(Deserialize)]
struct AgHeader {
    #[serde(default)]
    ziele: Vec<GoalHeader>,
}

#[derive(Deserialize)]
struct GoalHeader {
    #[serde(default)]
    massnahmen: Vec<IgnoredAny>,
}

/// Keeps `konzept_json` (the bytes of a build's `konzept.json`) as a new state of the
/// project at `root`, unless the newest kept state holds the same concept (compared as
/// JSON values: the same concept in other formatting is the same). Returns the new state,
/// or `None` when there was nothing new to keep.
pub(crate) fn keep(root: &Path, konzept_json: &[u8]) -> io::Result<Option<KeptState>> {
    keep_with(root, konzept_json, &mut LocalTime::now)
}

/// [`keep`] with the clock given, so that tests can make two states meet at one moment.
fn keep_with(
    root: &Path,
    konzept_json: &[u8],
    now: &mut dyn FnMut() -> LocalTime,
) -> io::Result<Option<KeptState>> {
    let concept: serde_json::Value = serde_json::from_slice(konzept_json)
        .map_err(|err| io::Error::new(io::ErrorKind::InvalidData, err))?;
    let folder = root.join(FOLDER);
    if let Some(newest) = stamps(&folder).last()
        && let Ok(bytes) = std::fs::read(folder.join(file_name(&newest.stamp())))
        && serde_json::from_slice::<serde_json::Value>(&bytes).is_ok_and(|v| v == concept)
    {
        return Ok(None);
    }
    std::fs::create_dir_all(&folder)?;
    // Hidden, so that neither a list nor a reader takes it for a state; unique, so that two
    // builds at once each have their own.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    let temp = folder.join(format!(".neu-{}-{nanos}.json", std::process::id()));
    std::fs::write(&temp, konzept_json)?;
    let placed = place(&folder, &temp, konzept_json, now);
    let _ = std::fs::remove_file(&temp);
    let kept_at = placed?;
    Ok(Some(describe(kept_at, konzept_json).map_err(
        |problem| io::Error::new(io::ErrorKind::InvalidData, problem.message),
    )?))
}

/// Gives the written file `temp` (holding `bytes`) its name in `folder`, at a moment whose
/// name no file there has yet: a link never replaces a file, so no state is ever
/// overwritten, also not by another build at the same millisecond.
fn place(
    folder: &Path,
    temp: &Path,
    bytes: &[u8],
    now: &mut dyn FnMut() -> LocalTime,
) -> io::Result<LocalTime> {
    let mut last = None;
    for _ in 0..1000 {
        let moment = now();
        if last.is_some_and(|l| l >= moment) {
            std::thread::sleep(std::time::Duration::from_millis(1));
            continue;
        }
        last = Some(moment);
        let target = folder.join(file_name(&moment.stamp()));
        match std::fs::hard_link(temp, &target) {
            Ok(()) => return Ok(moment),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
            // A file system without links: a new file that only this call can have made.
            Err(_) => match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&target)
            {
                Ok(mut file) => {
                    use std::io::Write;
                    return match file.write_all(bytes).and_then(|()| file.sync_all()) {
                        Ok(()) => Ok(moment),
                        Err(err) => {
                            drop(file);
                            // Half a state of its own making would pass for a damaged one.
                            let _ = std::fs::remove_file(&target);
                            Err(err)
                        }
                    };
                }
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(err) => return Err(err),
            },
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "no free moment to name the state by",
    ))
}

/// The kept states of the project at `root`, oldest first, and the files there that are
/// not readable as one.
pub(crate) fn list(root: &Path) -> StateList {
    let folder = root.join(FOLDER);
    let mut list = StateList {
        folder: folder.clone(),
        ..StateList::default()
    };
    for kept_at in stamps(&folder) {
        let path = folder.join(file_name(&kept_at.stamp()));
        let place = || Place::file(path.display().to_string());
        let state = std::fs::read(&path)
            .map_err(|err| {
                Problem::error(
                    place(),
                    format!(
                        "Der gesicherte Stand kann nicht gelesen werden: {}.",
                        crate::report::io_reason(&err)
                    ),
                )
                .with_detail(err.to_string())
            })
            .and_then(|bytes| {
                describe(kept_at, &bytes).map_err(|mut problem| {
                    problem.place = Some(place());
                    problem
                })
            });
        match state {
            Ok(state) => list.states.push(state),
            Err(mut problem) => {
                problem.severity = Severity::Warning;
                list.unreadable.push(problem);
            }
        }
    }
    list
}

/// The bytes of a kept state (a `konzept.json`).
pub(crate) fn read(root: &Path, state: &KeptState) -> Result<Vec<u8>, Problem> {
    let path = path_of(root, state);
    std::fs::read(&path).map_err(|err| {
        Problem::error(
            Place::file(path.display().to_string()),
            format!(
                "Der gesicherte Stand kann nicht gelesen werden: {}.",
                crate::report::io_reason(&err)
            ),
        )
        .with_detail(err.to_string())
    })
}

/// Where a kept state lies.
pub(crate) fn path_of(root: &Path, state: &KeptState) -> PathBuf {
    root.join(FOLDER).join(file_name(&state.id))
}

/// The moments of the state files in `folder`, oldest first: only names that
/// [`LocalTime::stamp`] writes count, so nothing else there (a temporary file, a copy) is
/// taken for a state.
fn stamps(folder: &Path) -> Vec<LocalTime> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut stamps: Vec<LocalTime> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            LocalTime::from_stamp(name.strip_suffix(".json")?)
        })
        .collect();
    stamps.sort();
    stamps
}

fn file_name(stamp: &str) -> String {
    format!("{stamp}.json")
}

/// What a state says about itself: its Vorlage, its counts.
fn describe(kept_at: LocalTime, bytes: &[u8]) -> Result<KeptState, Problem> {
    let header: Header = serde_json::from_slice(bytes).map_err(|err| {
        Problem::general(format!(
            "Der gesicherte Stand ist keine lesbare konzept.json (Zeile {}, Spalte {}); er \
             wird übergangen.",
            err.line(),
            err.column()
        ))
        .with_detail(err.to_string())
    })?;
    let (vorlage_number, vorlage_date) = changes::vorlage_of(&header.vorlage);
    Ok(KeptState {
        id: kept_at.stamp(),
        kept_at,
        vorlage_number,
        vorlage_date,
        ziele: header.arbeitsgruppen.iter().map(|ag| ag.ziele.len()).sum(),
        massnahmen: header
            .arbeitsgruppen
            .iter()
            .flat_map(|ag| &ag.ziele)
            .map(|z| z.massnahmen.len())
            .sum(),
    })
}

/// The state a `diff --seit` names, among `states` (oldest first): the one whose id it is;
/// else the newest one of a Vorlage of that number (spaces and case aside); else, read as a
/// date (`15.10.2008`, `2008-10-15`), the newest one kept on that day or before — the
/// concept as it was at the end of that day. `year` completes two-digit years.
pub(crate) fn find<'a>(
    states: &'a [KeptState],
    wanted: &str,
    year: i32,
) -> Result<&'a KeptState, Problem> {
    let wanted = wanted.trim();
    if states.is_empty() {
        return Err(none_kept());
    }
    let id = wanted.strip_suffix(".json").unwrap_or(wanted);
    if let Some(state) = states.iter().find(|s| s.id == id) {
        return Ok(state);
    }
    let folded = fold(wanted);
    if let Some(state) = states.iter().rev().find(|s| {
        s.vorlage_number
            .as_deref()
            .is_some_and(|n| fold(n) == folded)
    }) {
        return Ok(state);
    }
    if let Some(day) = Date::parse_text(wanted, year) {
        let kept_on = |s: &KeptState| Date::new(s.kept_at.year, s.kept_at.month, s.kept_at.day);
        return states
            .iter()
            .rev()
            .find(|s| kept_on(s).is_some_and(|d| d <= day))
            .ok_or_else(|| {
                Problem::general(format!(
                    "Bis zum {} wurde kein Stand des Konzepts gesichert; der älteste ist vom \
                     {}. Alle Stände zeigt `ratsvorlage diff --liste`.",
                    german::date_text(day),
                    states[0].kept_at_text()
                ))
            });
    }
    let mut numbers: Vec<&str> = states
        .iter()
        .filter_map(|s| s.vorlage_number.as_deref())
        .collect();
    numbers.dedup();
    Err(Problem::general(format!(
        "„{wanted}“ ist weder ein Datum noch die Nummer einer Vorlage, zu der ein Stand \
         gesichert ist (gesichert sind Stände zu: {}). Alle Stände zeigt `ratsvorlage diff \
         --liste`.",
        if numbers.is_empty() {
            "keiner Vorlagennummer".to_owned()
        } else {
            numbers.join(", ")
        }
    )))
}

/// That no state is kept yet, and what to do.
pub(crate) fn none_kept() -> Problem {
    Problem::general(
        "Für dieses Projekt ist noch kein Stand des Konzepts gesichert. Jeder Build (`ratsvorlage \
         build`, `watch`, `serve`) sichert den Stand, wenn sich das Konzept geändert hat; bis \
         dahin geben Sie die konzept.json eines früheren Builds an: `ratsvorlage diff \
         ALT.json`.",
    )
}

/// A Vorlage number as compared: case and spacing aside.
fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::TestDir;

    fn konzept(nummer: &str, ziele: &[usize]) -> Vec<u8> {
        let arbeitsgruppen: Vec<serde_json::Value> = ziele
            .iter()
            .map(|&n| {
                let ziele: Vec<serde_json::Value> = (0..n)
                    .map(|i| serde_json::json!({"nr": i.to_string(), "massnahmen": [{"nr": "x"}, {"nr": "y"}]}))
                    .collect();
                serde_json::json!({"name": "AG", "ziele": ziele})
            })
            .collect();
        serde_json::to_vec_pretty(&serde_json::json!({
            "schema": "ratsvorlage/konzept/1",
            "vorlage": {"nummer": nummer, "datum": "2008-10-15"},
            "arbeitsgruppen": arbeitsgruppen,
        }))
        .unwrap()
    }

    fn at(day: u8, hour: u8) -> LocalTime {
        LocalTime {
            year: 2026,
            month: 12,
            day,
            hour,
            minute: 0,
            second: 0,
            millis: 0,
        }
    }

    #[test]
    fn a_state_is_kept_when_the_concept_differs_from_the_newest_and_never_overwritten() {
        let dir = TestDir::new();
        let root = dir.join("input");
        let first = keep(&root, &konzept("FB 1", &[2, 1])).unwrap().unwrap();
        assert_eq!(first.vorlage_number.as_deref(), Some("FB 1"));
        assert_eq!(first.vorlage_date, Date::new(2008, 10, 15));
        assert_eq!((first.ziele, first.massnahmen), (3, 6));
        assert_eq!(first.vorlage_text(), "Vorlage FB 1 vom 15.10.2008");
        // The same concept, also in other formatting, is not kept again.
        assert_eq!(keep(&root, &konzept("FB 1", &[2, 1])).unwrap(), None);
        let compact: serde_json::Value = serde_json::from_slice(&konzept("FB 1", &[2, 1])).unwrap();
        assert_eq!(
            keep(&root, &serde_json::to_vec(&compact).unwrap()).unwrap(),
            None
        );
        let second = keep(&root, &konzept("FB 1", &[3])).unwrap().unwrap();
        // Back to the first concept: it differs from the newest, so it is kept again.
        let third = keep(&root, &konzept("FB 1", &[2, 1])).unwrap().unwrap();
        let list = list(&root);
        assert_eq!(list.states, [first.clone(), second, third]);
        assert!(list.unreadable.is_empty());
        assert_eq!(
            std::fs::read(path_of(&root, &first)).unwrap(),
            konzept("FB 1", &[2, 1])
        );
        // Only the states lie there: the temporary file is gone.
        assert_eq!(std::fs::read_dir(root.join(FOLDER)).unwrap().count(), 3);
    }

    #[test]
    fn two_states_at_one_moment_get_two_names() {
        let dir = TestDir::new();
        let root = dir.join("input");
        let moment = at(6, 22);
        let first = keep_with(&root, &konzept("A", &[1]), &mut || moment)
            .unwrap()
            .unwrap();
        let mut clock = [moment, moment, at(6, 23)].into_iter();
        let second = keep_with(&root, &konzept("B", &[1]), &mut || {
            clock.next().unwrap_or(at(7, 1))
        })
        .unwrap()
        .unwrap();
        assert_eq!(first.id, "2026-12-06_22-00-00-000");
        assert_eq!(second.id, "2026-12-06_23-00-00-000");
        assert_eq!(
            std::fs::read(path_of(&root, &first)).unwrap(),
            konzept("A", &[1])
        );
    }

    #[test]
    fn damaged_and_foreign_files_are_reported_or_passed_over() {
        let dir = TestDir::new();
        let root = dir.join("input");
        keep(&root, &konzept("A", &[1])).unwrap().unwrap();
        dir.write(
            "input/.ratsvorlage/staende/2026-12-06_22-00-00-000.json",
            b"{kaputt",
        );
        dir.write("input/.ratsvorlage/staende/notiz.txt", b"eigene Notiz");
        dir.write("input/.ratsvorlage/staende/kopie.json", b"{}");
        let list = list(&root);
        assert_eq!(list.states.len(), 1);
        assert_eq!(list.unreadable.len(), 1);
        let problem = list.unreadable[0].to_string();
        assert!(
            problem.contains("2026-12-06_22-00-00-000.json"),
            "{problem}"
        );
        assert!(problem.contains("keine lesbare konzept.json"), "{problem}");
    }

    #[test]
    fn a_state_is_found_by_id_number_or_date() {
        let state = |day: u8, nummer: &str| KeptState {
            id: at(day, 12).stamp(),
            kept_at: at(day, 12),
            vorlage_number: Some(nummer.to_owned()),
            vorlage_date: None,
            ziele: 1,
            massnahmen: 1,
        };
        let states = [
            state(1, "FB 50/1234/08"),
            state(3, "FB 50/1234/08"),
            state(5, "FB 50/1234/08-1"),
        ];
        let found = |wanted: &str| find(&states, wanted, 2026).map(|s| s.id.clone());
        assert_eq!(found(&states[0].id), Ok(states[0].id.clone()));
        assert_eq!(found("fb  50/1234/08"), Ok(states[1].id.clone()));
        assert_eq!(found("FB 50/1234/08-1"), Ok(states[2].id.clone()));
        assert_eq!(found("4.12.2026"), Ok(states[1].id.clone()));
        assert_eq!(found("2026-12-05"), Ok(states[2].id.clone()));
        assert_eq!(found("3.12.26"), Ok(states[1].id.clone()));
        let early = find(&states, "30.11.2026", 2026).unwrap_err();
        assert!(
            early
                .message
                .starts_with("Bis zum 30.11.2026 wurde kein Stand"),
            "{early}"
        );
        let unknown = find(&states, "FB 99", 2026).unwrap_err();
        assert!(
            unknown.message.contains("FB 50/1234/08, FB 50/1234/08-1"),
            "{unknown}"
        );
        assert!(
            find(&[], "1.1.2026", 2026)
                .unwrap_err()
                .message
                .contains("noch kein Stand")
        );
    }
}
