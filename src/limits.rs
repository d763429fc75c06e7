//! Bounds on everything a file can make the program do: no input allocates without limit.

/// The limits one import runs under. [`Limits::default`] is what the CLI uses; tests may
/// lower them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read from disk, and largest zip entry unpacked, in bytes.
    pub datei_bytes: u64,
    /// Most bytes unpacked from all entries of one archive, nested archives included.
    pub archiv_bytes: u64,
    /// Most entries in one archive.
    pub archiv_eintraege: usize,
    /// Largest ratio of unpacked to packed size for one entry (zip bombs).
    pub kompression: u64,
    /// Deepest nesting of zips in zips.
    pub archiv_tiefe: usize,
    /// Most non-empty cells in one sheet.
    pub zellen: usize,
    /// Rows of a sheet's bounding box.
    pub zeilen: u32,
    /// Columns of a sheet's bounding box.
    pub spalten: u32,
    /// Most characters in one cell.
    pub zeichen_je_zelle: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            datei_bytes: 64 << 20,
            archiv_bytes: 512 << 20,
            archiv_eintraege: 10_000,
            kompression: 200,
            archiv_tiefe: 3,
            zellen: 2_000_000,
            zeilen: 200_000,
            spalten: 1_000,
            zeichen_je_zelle: 100_000,
        }
    }
}
