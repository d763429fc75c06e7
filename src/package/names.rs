//! Naming rules of the package: the zip's file name from the Vorlage number, the slugs in
//! OParl ids, and the check that a file name may stand in the output folder.
//!
//! One rule serves file names and slugs ([`sanitise`]): German letters are transliterated
//! (`ä` → `ae`, `ß` → `ss`), ASCII letters, digits, `.` and `_` are kept, and every run of
//! anything else (spaces, `/`, `-`, other characters) becomes one `-`; `-` and `.` are trimmed
//! at both ends and the result is cut to [`MAX_NAME`] characters. `FB 50/1234/08` becomes
//! `FB-50-1234-08`; the slug is the same in lower case, `fb-50-1234-08`.

/// Longest sanitised name, in characters (all ASCII), before an extension.
pub const MAX_NAME: usize = 100;

/// The file name of the package for a Vorlage number: `FB 50/1234/08` → `FB-50-1234-08.zip`;
/// a number with nothing usable in it gives `Vorlage.zip`.
pub fn zip_name(number: &str) -> String {
    let stem = sanitise(number);
    format!("{}.zip", if stem.is_empty() { "Vorlage" } else { &stem })
}

/// The lower-case slug of a text for OParl ids, or `fallback` when nothing usable remains.
pub fn slug(text: &str, fallback: &str) -> String {
    let slug = sanitise(text).to_ascii_lowercase();
    if slug.is_empty() {
        fallback.to_owned()
    } else {
        slug
    }
}

/// The text as a safe ASCII name (see the module documentation); may be empty.
pub fn sanitise(text: &str) -> String {
    let mut name = String::new();
    let mut gap = false;
    for c in text.chars() {
        let kept: Option<&str> = match c {
            'ä' => Some("ae"),
            'ö' => Some("oe"),
            'ü' => Some("ue"),
            'Ä' => Some("Ae"),
            'Ö' => Some("Oe"),
            'Ü' => Some("Ue"),
            'ß' => Some("ss"),
            'ẞ' => Some("SS"),
            _ => None,
        };
        let mut buffer = [0u8; 4];
        let kept = kept.or_else(|| {
            (c.is_ascii_alphanumeric() || c == '.' || c == '_')
                .then(|| &*c.encode_utf8(&mut buffer))
        });
        match kept {
            Some(part) => {
                if gap && !name.is_empty() {
                    name.push('-');
                }
                gap = false;
                name.push_str(part);
            }
            None => gap = true,
        }
    }
    let trimmed = name.trim_matches(['-', '.']);
    let cut: String = trimmed.chars().take(MAX_NAME).collect();
    cut.trim_end_matches(['-', '.']).to_owned()
}

/// Why `name` may not be a file of the output folder, or `None` when it may: it must be a
/// plain name (no folder part), not hidden, not empty, and at most 255 bytes long.
pub fn file_name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("der Name ist leer")
    } else if name.contains(['/', '\\', '\0']) {
        Some("ein Dateiname darf keinen Ordner (/ oder \\) enthalten")
    } else if name.starts_with('.') {
        Some("ein Dateiname darf nicht mit einem Punkt beginnen")
    } else if name.len() > 255 {
        Some("der Name ist länger als 255 Bytes")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vorlage_numbers_become_zip_names() {
        assert_eq!(zip_name("FB 50/1234/08"), "FB-50-1234-08.zip");
        assert_eq!(zip_name("  FB 50 / 1234 -- 08 "), "FB-50-1234-08.zip");
        assert_eq!(zip_name("Drs. 12/2008"), "Drs.-12-2008.zip");
        assert_eq!(zip_name("Größe/Ärger"), "Groesse-Aerger.zip");
        assert_eq!(zip_name("/../"), "Vorlage.zip");
        assert_eq!(zip_name(""), "Vorlage.zip");
        assert_eq!(zip_name("Vorlage №7"), "Vorlage-7.zip");
    }

    #[test]
    fn long_numbers_are_cut_without_trailing_separator() {
        let long = format!("{}-{}", "A".repeat(99), "B".repeat(10));
        assert_eq!(sanitise(&long), "A".repeat(99));
        assert_eq!(sanitise(&"x".repeat(300)).len(), MAX_NAME);
    }

    #[test]
    fn slugs_are_lower_case_with_fallback() {
        assert_eq!(
            slug("Büro für Integration", "organisation"),
            "buero-fuer-integration"
        );
        assert_eq!(
            slug("Rat der Stadt Göttingen", "x"),
            "rat-der-stadt-goettingen"
        );
        assert_eq!(slug("—", "organisation"), "organisation");
    }

    #[test]
    fn file_names_must_be_plain() {
        assert_eq!(file_name_problem("Beschlussvorlage.pdf"), None);
        assert_eq!(
            file_name_problem("Anlage-1-Integrationskonzept für Göttingen.pdf"),
            None
        );
        assert_eq!(
            file_name_problem("../x.pdf"),
            Some("ein Dateiname darf keinen Ordner (/ oder \\) enthalten")
        );
        assert_eq!(
            file_name_problem(".ratsvorlage-ausgabe"),
            Some("ein Dateiname darf nicht mit einem Punkt beginnen")
        );
        assert_eq!(file_name_problem(""), Some("der Name ist leer"));
        assert_eq!(
            file_name_problem(&"a".repeat(256)),
            Some("der Name ist länger als 255 Bytes")
        );
    }
}
