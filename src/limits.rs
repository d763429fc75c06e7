//! Bounds on everything a file can make the program do: no input allocates without limit.

/// The limits one import runs under. [`Limits::default`] is what the CLI uses; tests may
/// lower them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read from disk, and largest zip entry unpacked, in bytes.
    pub datei_bytes: u64,
    /// Most bytes unpacked from all entries of one archive, nested archives included; also
    /// the most bytes the parts of one workbook (xlsx, xlsb, ods: zip containers) may unpack to.
    pub archiv_bytes: u64,
    /// Most entries in one archive (and in one workbook's zip container).
    pub archiv_eintraege: usize,
    /// Largest ratio of unpacked to packed size for one zip entry (zip bombs). Applies to
    /// entries that unpack to more than [`Limits::kompression_ab_bytes`].
    pub kompression: u64,
    /// Entries up to this unpacked size are never refused for their ratio: small files of
    /// repeated separators compress well without being a bomb.
    pub kompression_ab_bytes: u64,
    /// Deepest nesting of zips in zips (a zip in the project folder is depth 1).
    pub archiv_tiefe: usize,
    /// Most cells in one sheet: non-empty cells for formats read cell by cell (xlsx, xlsm,
    /// xlsb, CSV); for xls and ods, which the reader holds as a full grid, the grid's cells
    /// (rows × columns of the used range).
    pub zellen: usize,
    /// The same, summed over all sheets of one file.
    pub zellen_je_datei: usize,
    /// Rows of a sheet's bounding box (from its first to its last non-empty row).
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
            kompression_ab_bytes: 1 << 20,
            archiv_tiefe: 3,
            zellen: 2_000_000,
            zellen_je_datei: 4_000_000,
            zeilen: 200_000,
            spalten: 1_000,
            zeichen_je_zelle: 100_000,
        }
    }
}

/// A count as German text with thousands separators, for messages: `1048576` → `1.048.576`.
pub fn anzahl(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// A size in bytes as German text, for messages: `67108864` → `64 MiB`, `1536` → `1,5 KiB`.
pub fn groesse(bytes: u64) -> String {
    let mut value = bytes as f64;
    let mut unit = "Byte";
    for next in ["KiB", "MiB", "GiB", "TiB"] {
        if value < 1024.0 {
            break;
        }
        value /= 1024.0;
        unit = next;
    }
    let text = if unit == "Byte" {
        bytes.to_string()
    } else if value.fract() < 0.05 || value >= 100.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}").replace('.', ",")
    };
    format!("{text} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_sizes_read_german() {
        assert_eq!(anzahl(0), "0");
        assert_eq!(anzahl(999), "999");
        assert_eq!(anzahl(1000), "1.000");
        assert_eq!(anzahl(1_048_576), "1.048.576");
        assert_eq!(groesse(12), "12 Byte");
        assert_eq!(groesse(1536), "1,5 KiB");
        assert_eq!(groesse(64 << 20), "64 MiB");
        assert_eq!(groesse(3 << 30), "3 GiB");
    }
}
