//! Bounds on everything a file can make the program do: no input allocates without limit.

use crate::report::Problem;
use std::time::Duration;

/// The environment variable that sets [`Limits::memory_bytes`] in MiB.
pub const MEMORY_VAR: &str = "RATSVORLAGE_SPEICHER_MIB";

/// The environment variable that sets [`Limits::typeset_time`] in seconds.
pub const TYPESET_TIME_VAR: &str = "RATSVORLAGE_SATZ_SEKUNDEN";

/// The limits one import runs under. [`Limits::default`] is what the CLI uses; tests may
/// lower them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read from disk, and largest zip entry unpacked, in bytes.
    pub file_bytes: u64,
    /// Most bytes unpacked from all entries of one archive, nested archives included; also
    /// the most bytes the parts of one workbook (xlsx, xlsb, ods: zip containers) may unpack to.
    pub archive_bytes: u64,
    /// Most entries in one archive, nested archives included (and in one workbook's zip
    /// package).
    pub archive_entries: usize,
    /// Largest ratio of unpacked to packed size for one zip entry (zip bombs). Applies to
    /// entries that unpack to more than [`Limits::compression_min_bytes`].
    pub compression_ratio: u64,
    /// Entries up to this unpacked size are never refused for their ratio: small files of
    /// repeated separators compress well without being a bomb.
    pub compression_min_bytes: u64,
    /// Deepest nesting of zips in zips (a zip in the project folder is depth 1).
    pub archive_depth: usize,
    /// Most cells in one sheet: non-empty cells for formats read cell by cell (xlsx, xlsm,
    /// xlsb, CSV); for xls and ods, which the reader holds as a full grid, the grid's cells
    /// (rows × columns of the used range).
    pub cells: usize,
    /// The same, summed over all sheets of one file.
    pub cells_per_file: usize,
    /// Rows of a sheet's bounding box (from its first to its last non-empty row).
    pub rows: u32,
    /// Columns of a sheet's bounding box.
    pub columns: u32,
    /// Most characters in one cell.
    pub chars_per_cell: usize,
    /// Most bytes live on the heap (templates are programs: `range(10**9)`); see
    /// [`crate::guard`]. Default: three quarters of the physical memory, within 3–8 GiB.
    pub memory_bytes: u64,
    /// Longest time typesetting both documents may take (an endless template loop).
    pub typeset_time: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            file_bytes: 64 << 20,
            archive_bytes: 512 << 20,
            archive_entries: 10_000,
            compression_ratio: 200,
            compression_min_bytes: 1 << 20,
            archive_depth: 3,
            cells: 2_000_000,
            cells_per_file: 4_000_000,
            rows: 200_000,
            columns: 1_000,
            chars_per_cell: 100_000,
            memory_bytes: default_memory(),
            typeset_time: Duration::from_secs(300),
        }
    }
}

impl Limits {
    /// The default limits with the overrides of the environment: [`MEMORY_VAR`] (MiB) and
    /// [`TYPESET_TIME_VAR`] (seconds). An invalid value is an error naming the variable.
    pub fn from_env() -> Result<Self, Problem> {
        let mut limits = Self::default();
        if let Some(mib) = env_number(MEMORY_VAR, "Mebibyte (MiB)")? {
            limits.memory_bytes = mib.saturating_mul(1 << 20);
        }
        if let Some(seconds) = env_number(TYPESET_TIME_VAR, "Sekunden")? {
            limits.typeset_time = Duration::from_secs(seconds);
        }
        Ok(limits)
    }
}

/// A positive whole number from the environment variable `name`, if set.
fn env_number(name: &str, unit: &str) -> Result<Option<u64>, Problem> {
    let Ok(text) = std::env::var(name) else {
        return Ok(None);
    };
    match text.trim().parse::<u64>() {
        Ok(n) if n > 0 => Ok(Some(n)),
        _ => Err(Problem::general(format!(
            "Die Umgebungsvariable {name} muss eine ganze Zahl größer 0 in {unit} angeben, ist \
             aber „{text}“. Korrigieren oder entfernen Sie sie."
        ))),
    }
}

/// Three quarters of the physical memory, at least 3 GiB (a 60-AG build needs up to 2.5) and
/// at most 8 GiB; 8 GiB when the system does not say.
fn default_memory() -> u64 {
    const GIB: u64 = 1 << 30;
    match physical_memory() {
        Some(bytes) => (bytes / 4 * 3).clamp(3 * GIB, 8 * GIB),
        None => 8 * GIB,
    }
}

/// The physical memory in bytes, as far as the system says.
#[cfg(unix)]
fn physical_memory() -> Option<u64> {
    // SAFETY: sysconf only reads system configuration.
    let (pages, page) = unsafe {
        (
            libc::sysconf(libc::_SC_PHYS_PAGES),
            libc::sysconf(libc::_SC_PAGESIZE),
        )
    };
    match (u64::try_from(pages), u64::try_from(page)) {
        (Ok(pages), Ok(page)) if pages > 0 && page > 0 => Some(pages.saturating_mul(page)),
        _ => None,
    }
}

/// Unknown without a dependency on the system's API; the default then applies.
#[cfg(not(unix))]
fn physical_memory() -> Option<u64> {
    None
}
