//! Stage 2, tables: decode every source into sheets of cell values, then recognise each
//! sheet's table kind by its header row. The result is a list of typed tables whose cells
//! still carry their place.

mod biff_scan;
mod cell_text;
pub(crate) mod columns;
mod compound;
mod csv_text;
pub(crate) mod decode;
mod decoded;
mod grid;
mod ods_layout;
mod ods_scan;
pub(crate) mod recognise;
mod repack;
mod sheet;
mod table;
#[cfg(test)]
mod test_files;
mod workbook;
mod xlsb_sheets;
mod xlsx_merged;
mod xlsx_sheets;
mod zip_package;

pub use decode::{panic_is_reported, sheets as decode_sheets};
pub use sheet::{Region, Sheet, SheetRow, Value};
pub use table::{AgDeclaration, Cell, Column, SitzungRef, Table, TableKind, TableRow, Tables};

/// Decodes every source into sheets and recognises the tables among them. `referenzjahr`
/// (the concept's year) decides the century of two-digit years in header dates. Each file
/// is decoded and its sheets recognised on one of several threads; the report is written
/// afterwards in file order.
pub fn read(
    sources: &crate::sources::Sources,
    limits: &crate::limits::Limits,
    referenzjahr: i32,
    report: &mut crate::report::IngestReport,
) -> Tables {
    let mut tables = Tables::default();
    let done = in_parallel(&sources.files, |source| {
        let mut decoded = decode::decode(source, limits);
        let analyses: Vec<recognise::Analysis> = decode::sheets_mut(&mut decoded)
            .map(|sheet| {
                let analysis = recognise::analyse(sheet, referenzjahr);
                // Only the sheet's place is needed from here on; its other cells can go now.
                sheet.rows = Vec::new();
                sheet.merged = Vec::new();
                analysis
            })
            .collect();
        (decoded, analyses)
    });
    for (source, (decoded, analyses)) in sources.files.iter().zip(done) {
        decode::report(source, decoded, report);
        for analysis in analyses {
            match analysis.record(report) {
                recognise::Recognised::Table(table) => tables.tables.push(table),
                recognise::Recognised::AgDeclaration(declaration) => {
                    tables.ag_declarations.push(declaration);
                }
                recognise::Recognised::NoTable => {}
            }
        }
    }
    tables
}

/// Stack of a decoding thread: as large as the main thread's, where decoding used to run.
const DECODE_STACK_BYTES: usize = 8 << 20;

/// `f` over every item, on as many threads as there are cores, results in item order (so
/// the report stays the same whatever thread finishes first). Falls back to the calling
/// thread for what no thread could be started for.
fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(DECODE_STACK_BYTES)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        for (i, result) in handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
        {
            results[i] = Some(result);
        }
    });
    items
        .iter()
        .zip(results)
        .map(|(item, result)| result.unwrap_or_else(|| f(item)))
        .collect()
}
