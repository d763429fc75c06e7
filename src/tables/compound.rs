//! Compound files (OLE/CFB), the container of `.xls` workbooks and of password-protected
//! `.xlsx`/`.xlsb`. Read the way calamine reads them, but with every sector chain checked
//! for loops and every index for bounds: a file that would make calamine loop, index out of
//! range or allocate without end is refused here, before calamine sees it.

/// The compound file signature.
pub(super) const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const MINI_SECTOR: usize = 64;
const MINI_STREAM_CUTOFF: usize = 4096;

/// A parsed compound file: its directory, and what is needed to read streams.
pub(super) struct Compound<'a> {
    bytes: &'a [u8],
    sector: usize,
    maxid: usize,
    fats: Vec<u32>,
    mini_fats: Vec<u32>,
    ministream: Vec<u8>,
    entries: Vec<DirEntry>,
}

/// One directory entry.
#[derive(Clone, Debug, PartialEq, Eq)]
struct DirEntry {
    name: String,
    start: u32,
    len: usize,
    /// The entries beside it (left and right in its storage's tree) and its first child.
    left: u32,
    right: u32,
    child: u32,
}

/// Why a compound file cannot be read (technical, English: it goes into parentheses).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Defect(pub String);

fn defect(text: impl Into<String>) -> Defect {
    Defect(text.into())
}

impl<'a> Compound<'a> {
    /// Parses the header, allocation tables and directory.
    pub(super) fn open(bytes: &'a [u8]) -> Result<Self, Defect> {
        let header = bytes
            .get(..512)
            .ok_or_else(|| defect("file shorter than a compound file header"))?;
        if header.get(..8) != Some(&SIGNATURE[..]) {
            return Err(defect("no compound file signature"));
        }
        let sector = match u16_at(header, 30) {
            9 => 512,
            12 => 4096,
            other => return Err(defect(format!("invalid sector shift {other}"))),
        };
        if u16_at(header, 32) != 6 {
            return Err(defect("invalid mini sector shift"));
        }
        let mut cfb = Self {
            bytes,
            sector,
            maxid: bytes.len() / sector,
            fats: Vec::new(),
            mini_fats: Vec::new(),
            ministream: Vec::new(),
            entries: Vec::new(),
        };
        cfb.fats = cfb.read_fats(header)?;
        let dir_start = u32_at(header, 48);
        let directory = cfb.chain(dir_start, usize::MAX)?;
        cfb.entries = directory
            .chunks_exact(128)
            .map(|c| entry(c, sector))
            .collect();
        let root = cfb
            .entries
            .first()
            .cloned()
            .ok_or_else(|| defect("empty directory"))?;
        if u16_at(header, 26) != 3 && root.start == ENDOFCHAIN {
            return Err(defect("empty root directory"));
        }
        let mini_fat_len = u32_at(header, 64) as usize;
        if mini_fat_len > 0 {
            cfb.ministream = cfb.chain(root.start, root.len)?;
            let mini_fat_bytes = mini_fat_len.saturating_mul(sector);
            cfb.mini_fats = u32s(&cfb.chain(u32_at(header, 60), mini_fat_bytes)?).collect();
        }
        Ok(cfb)
    }

    /// Whether the directory has an entry of this name (case-insensitive, as calamine).
    pub(super) fn has(&self, name: &str) -> bool {
        self.entries
            .iter()
            .any(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// The stream of this name, read as calamine reads it.
    pub(super) fn stream(&self, name: &str) -> Result<Option<Vec<u8>>, Defect> {
        let Some(e) = self
            .entries
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
        else {
            return Ok(None);
        };
        self.read(e).map(Some)
    }

    fn read(&self, e: &DirEntry) -> Result<Vec<u8>, Defect> {
        if e.len < MINI_STREAM_CUTOFF {
            self.mini_chain(e.start, e.len)
        } else {
            self.chain(e.start, e.len)
        }
    }

    /// The stream of this name in the root storage (not one of an embedded object's).
    fn root_stream(&self, name: &str) -> Option<Vec<u8>> {
        let mut pending = vec![self.entries.first()?.child];
        let mut visited = 0;
        while let Some(id) = pending.pop() {
            let Some(e) = usize::try_from(id).ok().and_then(|i| self.entries.get(i)) else {
                continue;
            };
            // A tree that loops visits more entries than there are.
            visited += 1;
            if visited > self.entries.len() {
                return None;
            }
            if e.name == name {
                return self.read(e).ok();
            }
            pending.extend([e.left, e.right]);
        }
        None
    }

    /// The program that wrote the file, as its `CompObj` stream names the document's type
    /// („Microsoft Excel 2003 Worksheet“, „Microsoft Graph 5.0 Chart“), if it does.
    pub(super) fn program(&self) -> Option<String> {
        let stream = self.root_stream("\u{1}CompObj")?;
        // A 28-byte header (byte order, version, reserved, class id), then the type as an
        // ANSI string after its length.
        let len = usize::try_from(u32_at(&stream, 28)).ok()?;
        let text = stream.get(32..32usize.checked_add(len)?)?;
        let text: String = text
            .iter()
            .take_while(|b| **b != 0)
            .take(120)
            .map(|b| char::from(*b))
            .collect();
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_owned())
    }

    /// The FAT: the DIFAT in the header and its chain of further DIFAT sectors name the FAT
    /// sectors. More FAT sectors than the file has sectors (a DIFAT repeating one sector) is
    /// refused: calamine would copy each of them.
    fn read_fats(&self, header: &[u8]) -> Result<Vec<u32>, Defect> {
        let mut difat: Vec<u32> = u32s(header.get(76..512).unwrap_or_default()).collect();
        let mut sector_id = u32_at(header, 68);
        let mut difat_sectors = 0usize;
        while sector_id < RESERVED_SECTORS {
            difat_sectors += 1;
            if difat_sectors > self.maxid + 1 {
                return Err(defect("DIFAT chain longer than the file"));
            }
            difat.extend(u32s(&self.sector(sector_id)?));
            sector_id = difat.pop().ok_or_else(|| defect("empty DIFAT sector"))?;
        }
        let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
        if fat_sectors.len() > self.maxid + 1 {
            return Err(defect("more FAT sectors than the file has sectors"));
        }
        let mut fats = Vec::with_capacity(fat_sectors.len() * self.sector / 4);
        for id in fat_sectors {
            fats.extend(u32s(&self.sector(id)?));
        }
        Ok(fats)
    }

    /// Sector `id` (zero-padded at the end of the file, as calamine reads it).
    fn sector(&self, id: u32) -> Result<Vec<u8>, Defect> {
        let id = id as usize;
        if id > self.maxid {
            return Err(defect(format!("sector {id} beyond the end of the file")));
        }
        let start = (id + 1) * self.sector;
        let data = self
            .bytes
            .get(start..)
            .filter(|d| !d.is_empty())
            .ok_or_else(|| defect("sector beyond the end of the file"))?;
        let mut out = data.get(..self.sector).unwrap_or(data).to_vec();
        out.resize(self.sector, 0);
        Ok(out)
    }

    /// Follows a chain of sectors through the FAT for at most `len` bytes; a chain that visits
    /// more sectors than the file has is a loop and refused.
    fn chain(&self, start: u32, len: usize) -> Result<Vec<u8>, Defect> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0usize;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > self.maxid + 1 {
                return Err(defect("sector chain loops"));
            }
            let sector = self.sector(id)?;
            let take = sector.len().min(len - out.len());
            out.extend_from_slice(sector.get(..take).unwrap_or_default());
            if out.len() >= len {
                break;
            }
            id = *self
                .fats
                .get(id as usize)
                .ok_or_else(|| defect("sector outside the FAT"))?;
        }
        Ok(out)
    }

    /// Follows a chain of mini sectors (64 bytes in the mini stream) for at most `len` bytes.
    fn mini_chain(&self, start: u32, len: usize) -> Result<Vec<u8>, Defect> {
        let mut out = Vec::new();
        let mut id = start;
        while id != ENDOFCHAIN {
            let index = id as usize;
            if index > self.maxid * 8 {
                return Err(defect(format!(
                    "mini sector {index} beyond the end of the file"
                )));
            }
            let begin = index * MINI_SECTOR;
            let mut sector = self
                .ministream
                .get(begin..)
                .unwrap_or_default()
                .iter()
                .take(MINI_SECTOR)
                .copied()
                .collect::<Vec<_>>();
            sector.resize(MINI_SECTOR, 0);
            let take = MINI_SECTOR.min(len - out.len());
            out.extend_from_slice(sector.get(..take).unwrap_or_default());
            if out.len() >= len {
                break;
            }
            id = *self
                .mini_fats
                .get(index)
                .ok_or_else(|| defect("mini sector outside the mini FAT"))?;
        }
        Ok(out)
    }
}

/// A directory entry from its 128 bytes.
fn entry(raw: &[u8], sector: usize) -> DirEntry {
    let units: Vec<u16> = raw
        .get(..64)
        .unwrap_or_default()
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let name: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or('\u{FFFD}'))
        .take_while(|c| *c != '\0')
        .collect();
    let len = if sector == 512 {
        u32_at(raw, 120) as usize
    } else {
        usize::try_from(u64_at(raw, 120)).unwrap_or(usize::MAX)
    };
    DirEntry {
        name,
        start: u32_at(raw, 116),
        len,
        left: u32_at(raw, 68),
        right: u32_at(raw, 72),
        child: u32_at(raw, 76),
    }
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    bytes
        .get(at..at + 2)
        .map_or(0, |b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    bytes
        .get(at..at + 4)
        .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    bytes.get(at..at + 8).map_or(0, |b| {
        let mut le = [0u8; 8];
        le.copy_from_slice(b);
        u64::from_le_bytes(le)
    })
}

/// Little-endian u32 values of a byte slice (a trailing partial value is ignored).
fn u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}
