//! The fuzz targets' bodies: each feeds bytes into one stage of ratsvorlage and runs
//! everything behind it (tables → concept model → JSON), checking that every row read is
//! either used or reported. The test `tests/it/fuzz_regressions.rs` of the main crate includes
//! this file to replay the crashers kept in `tests/fuzz_regressions/<target>/`.

use std::sync::LazyLock;

use ratsvorlage::limits::Limits;
use ratsvorlage::model::{self, Config};
use ratsvorlage::report::IngestReport;
use ratsvorlage::sources::{self, Format, Source, Sources};
use ratsvorlage::tables::{self, Tables};

/// The fuzz targets, by name.
pub const TARGETS: [&str; 4] = ["csv", "workbook", "zip", "konzept_toml"];

/// konzept.toml of the table targets: four Handlungsfelder, as in the test fixtures.
const KONZEPT_TOML: &str = include_str!("../../tests/fixtures/konzept-teststadt.toml");

/// The configuration the table targets build against.
static CONFIG: LazyLock<Config> = LazyLock::new(|| {
    model::config::parse("konzept.toml", KONZEPT_TOML).expect("the fixture konzept.toml is valid")
});

/// The tables the konzept.toml target builds against: a small measures table.
static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let csv = include_bytes!("massnahmen.csv");
    let sources = single("SB/massnahmen.csv", Format::Csv, csv);
    tables::read(
        &sources,
        &Limits::default(),
        2008,
        &mut IngestReport::default(),
    )
});

/// Replaces libFuzzer's panic hook (which aborts on every panic, caught or not) by one that
/// only prints: the readers catch the panics of the libraries they call and report them as
/// an error of the file, which is the behaviour under test. A panic that escapes still
/// aborts the run (libfuzzer-sys catches it at the target's edge).
pub fn init() {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("panic (caught by the reader?): {info}");
    }));
}

/// Runs the target `name` on `data`; false for an unknown name.
pub fn run(name: &str, data: &[u8]) -> bool {
    match name {
        "csv" => csv(data),
        "workbook" => workbook(data),
        "zip" => zip(data),
        "konzept_toml" => konzept_toml(data),
        _ => return false,
    }
    true
}

/// CSV bytes through the CSV reader, table recognition and the concept model.
pub fn csv(data: &[u8]) {
    ingest(&single("SB/massnahmen.csv", Format::Csv, data));
}

/// Workbook bytes (the first byte picks xlsx, ods, xls or xlsb) through the workbook reader,
/// table recognition and the concept model.
pub fn workbook(data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let (name, format) = match pick % 4 {
        0 => ("SB/ag.xlsx", Format::Xlsx),
        1 => ("SB/ag.ods", Format::Ods),
        2 => ("SB/ag.xls", Format::Xls),
        _ => ("SB/ag.xlsb", Format::Xlsb),
    };
    ingest(&single(name, format, bytes));
}

/// Zip bytes through the archive reader (nested archives, limits) and everything behind it.
pub fn zip(data: &[u8]) {
    let mut report = IngestReport::default();
    let sources = sources::collect_archive("ags.zip", data, &Limits::default(), &mut report);
    ingest_into(&sources, &mut report);
}

/// konzept.toml text through config parsing and the concept model (over fixed tables).
pub fn konzept_toml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(config) = model::config::parse("konzept.toml", text) else {
        return;
    };
    build(&config, &TABLES, &mut IngestReport::default());
}

/// One source of the given format.
fn single(path: &str, format: Format, bytes: &[u8]) -> Sources {
    Sources {
        files: vec![Source {
            path: path.to_owned(),
            format,
            bytes: bytes.to_vec(),
        }],
    }
}

/// Tables and concept model over `sources` with a fresh report.
fn ingest(sources: &Sources) {
    ingest_into(sources, &mut IngestReport::default());
}

/// Tables and concept model over `sources`, reporting into `bericht`.
fn ingest_into(sources: &Sources, report: &mut IngestReport) {
    let tables = tables::read(sources, &Limits::default(), 2008, report);
    build(&CONFIG, &tables, report);
}

/// Builds the concept, serialises it, and checks the report's row accounting.
fn build(config: &Config, tables: &Tables, report: &mut IngestReport) {
    if let Some(konzept) = model::build(config, tables, report) {
        let json = serde_json::to_vec(&konzept).expect("a Konzept serialises");
        assert!(!json.is_empty());
    }
    let broken = report.unaccounted_rows();
    assert!(broken.is_empty(), "rows dropped silently: {broken:?}");
}
