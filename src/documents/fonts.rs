//! Fonts: those of Typst's assets (parsed once per process) plus the project's own `fonts/`
//! folder. No system fonts are scanned, so a document looks the same on every machine.

use std::path::Path;
use std::sync::LazyLock;

use typst::foundations::Bytes;
use typst::text::Font;

use crate::documents::world::read_limited;
use crate::german;
use crate::report::{Place, Problem};

/// The folder inside the project input folder that may hold extra fonts.
pub(crate) const FONTS_DIR: &str = "fonts";

/// The font files a project may add.
const EXTENSIONS: [&str; 4] = ["ttf", "otf", "ttc", "otc"];

/// The fonts built into the binary (Libertinus Serif, New Computer Modern, DejaVu Sans Mono).
static BUILT_IN: LazyLock<Vec<Font>> = LazyLock::new(|| {
    typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect()
});

/// The built-in fonts followed by those in `<root>/fonts/` (in file name order). A font file
/// that cannot be read or holds no font is an error naming it.
pub(crate) fn load(root: &Path, max_bytes: u64) -> Result<Vec<Font>, Problem> {
    let mut fonts = BUILT_IN.clone();
    for path in font_files(&root.join(FONTS_DIR)) {
        let name = format!(
            "{FONTS_DIR}/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        let error = |message: String| Problem::error(Place::file(name.clone()), message);
        let data = match read_limited(&path, max_bytes) {
            Ok(Some(data)) => data,
            Ok(None) => {
                return Err(error(format!(
                    "Die Schriftdatei ist größer als {}. Verwenden Sie eine kleinere Datei \
                     oder entfernen Sie sie aus dem Ordner fonts/.",
                    german::size_text(max_bytes)
                )));
            }
            Err(err) => {
                return Err(
                    error("Die Schriftdatei kann nicht gelesen werden.".to_owned())
                        .with_detail(err.to_string()),
                );
            }
        };
        let before = fonts.len();
        fonts.extend(Font::iter(Bytes::new(data)));
        if fonts.len() == before {
            return Err(error(
                "Die Datei enthält keine lesbare Schrift (erwartet: TrueType oder OpenType). \
                 Ersetzen oder entfernen Sie sie."
                    .to_owned(),
            ));
        }
    }
    Ok(fonts)
}

/// The font files directly in `dir`, sorted by name; none when the folder does not exist.
fn font_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.is_file()
                && path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|ext| {
                        EXTENSIONS
                            .iter()
                            .any(|known| known.eq_ignore_ascii_case(ext))
                    })
        })
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_fonts_include_the_template_families() {
        let families: Vec<_> = BUILT_IN.iter().map(|f| f.info().family.clone()).collect();
        assert!(
            families.iter().any(|f| f == "Libertinus Serif"),
            "{families:?}"
        );
        assert!(
            families.iter().any(|f| f == "DejaVu Sans Mono"),
            "{families:?}"
        );
    }

    #[test]
    fn a_broken_font_file_is_named() {
        let dir = std::env::temp_dir().join(format!("rv-fonts-{}", std::process::id()));
        std::fs::create_dir_all(dir.join(FONTS_DIR)).unwrap();
        std::fs::write(dir.join(FONTS_DIR).join("kaputt.ttf"), b"not a font").unwrap();
        let err = load(&dir, 1 << 20).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(err.place.unwrap().to_string(), "fonts/kaputt.ttf");
        assert!(
            err.message
                .starts_with("Die Datei enthält keine lesbare Schrift"),
            "{}",
            err.message
        );
    }

    #[test]
    fn no_fonts_folder_gives_the_built_in_fonts() {
        let fonts = load(Path::new("/nonexistent-rv-project"), 1 << 20).unwrap();
        assert_eq!(fonts.len(), BUILT_IN.len());
    }
}
