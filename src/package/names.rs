//! Naming rules of the package: the file names of the two documents and of the zip, the
//! slugs in OParl ids, and the check that a file name may stand in the output folder.
//!
//! One rule serves every name made from a text ([`sanitise`]): German letters are
//! transliterated (`ä` → `ae`, `ß` → `ss`), ASCII letters, digits and `_` are kept, and every
//! run of anything else (spaces, `/`, `.`, `-`, other characters) becomes one `-`, never at
//! either end; the result is cut to [`MAX_NAME`] characters. `FB 50/1234/08` becomes
//! `FB-50-1234-08`; the slug is the same in lower case, `fb-50-1234-08`.
//!
//! The documents stage typesets under the names [`document_names`] gives; the pipeline asks
//! here and hands them over, since only this stage knows what may stand in `output/` and in
//! the zip, and the documents stage must not depend on the stage after it.

use crate::documents::FileNames;
use crate::model::Konzept;

/// Longest sanitised name, in characters (all ASCII), before an extension.
pub(crate) const MAX_NAME: usize = 80;

/// The file names of the Beschlussvorlage and the Anlage: `Beschlussvorlage.pdf` and
/// `Anlage-1-<short title>.pdf` (`Anlage-1-Anlage.pdf` when nothing usable is in the title).
pub fn document_names(konzept: &Konzept) -> FileNames {
    FileNames {
        beschlussvorlage: "Beschlussvorlage.pdf".to_owned(),
        anlage: anlage_name(&konzept.konzept.short_title),
    }
}

/// `Anlage-1-<short title>.pdf`, see [`document_names`].
fn anlage_name(short_title: &str) -> String {
    let title = sanitise(short_title);
    format!(
        "Anlage-1-{}.pdf",
        if title.is_empty() { "Anlage" } else { &title }
    )
}

/// The file name of the package for a Vorlage number: `FB 50/1234/08` → `FB-50-1234-08.zip`;
/// a number with nothing usable in it gives `Vorlage.zip`.
pub(crate) fn zip_name(number: &str) -> String {
    let stem = sanitise(number);
    format!("{}.zip", if stem.is_empty() { "Vorlage" } else { &stem })
}

/// The lower-case slug of a text for OParl ids, or `fallback` when nothing usable remains.
pub(crate) fn slug(text: &str, fallback: &str) -> String {
    let slug = sanitise(text).to_ascii_lowercase();
    if slug.is_empty() {
        fallback.to_owned()
    } else {
        slug
    }
}

/// The text as a safe ASCII name (see the module documentation); may be empty.
pub(crate) fn sanitise(text: &str) -> String {
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
            (c.is_ascii_alphanumeric() || c == '_').then(|| &*c.encode_utf8(&mut buffer))
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
    let cut: String = name.chars().take(MAX_NAME).collect();
    cut.trim_end_matches('-').to_owned()
}

/// Why `name` may not be a file of the output folder, or `None` when it may: it must be a
/// plain name (no folder part), not hidden, not empty, and at most 255 bytes long.
pub(crate) fn file_name_problem(name: &str) -> Option<&'static str> {
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
        assert_eq!(zip_name("Drs. 12/2008"), "Drs-12-2008.zip");
        assert_eq!(zip_name("Größe/Ärger"), "Groesse-Aerger.zip");
        assert_eq!(zip_name("/../"), "Vorlage.zip");
        assert_eq!(zip_name(""), "Vorlage.zip");
        assert_eq!(zip_name("Vorlage №7"), "Vorlage-7.zip");
    }

    #[test]
    fn long_names_are_cut_without_trailing_separator() {
        let long = format!("{}-{}", "A".repeat(79), "B".repeat(10));
        assert_eq!(sanitise(&long), "A".repeat(79));
        assert_eq!(sanitise(&"x".repeat(300)).len(), MAX_NAME);
    }

    #[test]
    fn the_anlage_is_named_by_the_short_title() {
        assert_eq!(
            anlage_name("Integrationskonzept"),
            "Anlage-1-Integrationskonzept.pdf"
        );
        assert_eq!(
            anlage_name("Konzept für Größe & Vielfalt 2008!"),
            "Anlage-1-Konzept-fuer-Groesse-Vielfalt-2008.pdf"
        );
        assert_eq!(anlage_name("../../etc/passwd"), "Anlage-1-etc-passwd.pdf");
        assert_eq!(anlage_name("€€€"), "Anlage-1-Anlage.pdf");
        assert_eq!(anlage_name(""), "Anlage-1-Anlage.pdf");
    }

    /// Where the documents' rule (`file_name_part`, 80 characters, `.` a separator) and the
    /// package's (100 characters, `.` kept) differed, the stricter choice stands for both.
    #[test]
    fn the_stricter_of_the_two_former_rules() {
        // A dot is a separator: no second extension, no `..` inside a name.
        assert_eq!(anlage_name("Konzept 2.0"), "Anlage-1-Konzept-2-0.pdf");
        assert_eq!(anlage_name("Konzept.exe"), "Anlage-1-Konzept-exe.pdf");
        assert_eq!(zip_name("Drs. 12/2008"), "Drs-12-2008.zip");
        assert_eq!(slug("St.-Martin-Schule", "x"), "st-martin-schule");
        // 80 characters, and no `-` left at the cut (the documents' rule left one).
        let title = format!("{} Teil", "a".repeat(79));
        assert_eq!(
            anlage_name(&title),
            format!("Anlage-1-{}.pdf", "a".repeat(79))
        );
        assert_eq!(
            zip_name(&"9".repeat(120)),
            format!("{}.zip", "9".repeat(80))
        );
        // The capital sharp s is transliterated, not dropped.
        assert_eq!(anlage_name("Straße ẞ"), "Anlage-1-Strasse-SS.pdf");
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
