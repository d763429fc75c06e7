//! Tests of the atomic output, with injected failures at the points a build can fail.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;

use super::fault_injection::{inject, no_fault};
use super::journal::JOURNAL_COMMITTED;
use super::staging::{MARKER_HEAD, marker};
use super::*;
use crate::test_support::TestDir;

const A: [StagedFile<'static>; 3] = [
    StagedFile {
        name: "Beschlussvorlage.pdf",
        bytes: b"%PDF alt",
    },
    StagedFile {
        name: "konzept.json",
        bytes: b"{\"alt\": true}\n",
    },
    StagedFile {
        name: "1-2008.zip",
        bytes: b"PK alt",
    },
];

const B: [StagedFile<'static>; 3] = [
    StagedFile {
        name: "Beschlussvorlage.pdf",
        bytes: b"%PDF neu, etwas laenger",
    },
    StagedFile {
        name: "konzept.json",
        bytes: b"{\"neu\": true}\n",
    },
    StagedFile {
        name: "2-2008.zip",
        bytes: b"PK neu",
    },
];

/// Every entry of a folder: files with their bytes, folders as `<dir>`.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            let bytes = if entry.file_type().unwrap().is_dir() {
                b"<dir>".to_vec()
            } else {
                fs::read(entry.path()).unwrap()
            };
            (name, bytes)
        })
        .collect()
}

/// What a folder holding exactly `set` looks like.
fn expected(set: &[StagedFile<'_>]) -> BTreeMap<String, Vec<u8>> {
    let mut map: BTreeMap<String, Vec<u8>> = set
        .iter()
        .map(|f| (f.name.to_owned(), f.bytes.to_vec()))
        .collect();
    map.insert(MARKER.to_owned(), marker(set).into_bytes());
    map
}

/// Names in the parent folder besides `out` (temporary folders would show here).
fn beside(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn a_missing_folder_is_created_with_the_set_and_its_marker() {
    let dir = TestDir::new();
    let out = dir.join("tief/unten/output");
    let replaced = replace(&out, &A).unwrap();
    assert_eq!(
        replaced,
        Replaced {
            folder: out.clone(),
            notes: vec![],
            unchanged: vec![]
        }
    );
    assert_eq!(snapshot(&out), expected(&A));
    assert_eq!(
        fs::read_to_string(out.join(MARKER)).unwrap(),
        format!("{MARKER_HEAD}\nBeschlussvorlage.pdf\nkonzept.json\n1-2008.zip\n")
    );
    assert_eq!(beside(&dir.join("tief/unten")), ["output"]);
}

#[test]
fn a_second_build_replaces_the_whole_set_and_drops_the_old_package() {
    let dir = TestDir::new();
    let out = dir.join("output");
    replace(&out, &A).unwrap();
    replace(&out, &B).unwrap();
    let snap = snapshot(&out);
    assert_eq!(snap, expected(&B));
    assert!(!snap.contains_key("1-2008.zip"));
    assert_eq!(beside(&dir), ["output"]);
}

#[test]
fn the_folder_keeps_its_permissions() {
    let dir = TestDir::new();
    let out = dir.join("output");
    replace(&out, &A).unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o750)).unwrap();
    replace(&out, &B).unwrap();
    assert_eq!(
        fs::metadata(&out).unwrap().permissions().mode() & 0o7777,
        0o750
    );
}

#[test]
fn a_link_to_the_folder_is_followed_and_stays_a_link() {
    let dir = TestDir::new();
    let real = dir.join("echt");
    replace(&real, &A).unwrap();
    let link = dir.join("output");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let replaced = replace(&link, &B).unwrap();
    assert_eq!(replaced.folder, real);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(snapshot(&link), expected(&B));
}

#[test]
fn foreign_entries_stop_the_build_and_nothing_changes() {
    let dir = TestDir::new();
    let out = dir.join("output");
    replace(&out, &A).unwrap();
    fs::write(out.join("notizen.txt"), "meins").unwrap();
    fs::create_dir(out.join("konzept.json.d")).unwrap();
    let before = snapshot(&out);
    let err = replace(&out, &B).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "Der Ausgabeordner {} enthält Einträge, die nicht von ratsvorlage stammen: \
             „konzept.json.d“, „notizen.txt“. ratsvorlage ersetzt den Inhalt dieses Ordners bei \
             jedem Build vollständig und löscht nichts Fremdes: verschieben Sie diese Einträge \
             oder wählen Sie mit --out einen anderen Ordner. Es wurde nichts verändert.",
            out.display()
        )
    );
    assert_eq!(snapshot(&out), before);
}

#[test]
fn a_folder_named_like_one_of_our_files_is_foreign() {
    let dir = TestDir::new();
    let out = dir.join("output");
    fs::create_dir_all(out.join("konzept.json")).unwrap();
    let err = replace(&out, &A).unwrap_err();
    assert!(
        matches!(&err, PackageError::ForeignEntries { names, .. } if names == &["konzept.json"]),
        "{err}"
    );
}

#[test]
fn an_unmarked_folder_with_only_our_names_is_taken_over() {
    let dir = TestDir::new();
    let out = dir.join("output");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("konzept.json"), "von Hand").unwrap();
    replace(&out, &A).unwrap();
    assert_eq!(snapshot(&out), expected(&A));
}

#[test]
fn a_write_protected_folder_is_refused_and_left_alone() {
    let dir = TestDir::new();
    let out = dir.join("output");
    replace(&out, &A).unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o555)).unwrap();
    let err = replace(&out, &B).unwrap_err();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(
        err.to_string(),
        format!(
            "Der Ausgabeordner {} ist schreibgeschützt. Heben Sie den Schreibschutz auf oder \
             wählen Sie mit --out einen anderen Ordner. Es wurde nichts verändert.",
            out.display()
        )
    );
    assert_eq!(snapshot(&out), expected(&A));
    assert_eq!(beside(&dir), ["output"]);
}

#[test]
fn a_file_in_place_of_the_folder_is_refused() {
    let dir = TestDir::new();
    let out = dir.join("output");
    fs::write(&out, "x").unwrap();
    let err = replace(&out, &A).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{} ist kein Ordner. Geben Sie mit --out einen Ordner für die Ausgabe an. Es wurde \
             nichts verändert.",
            out.display()
        )
    );
    assert_eq!(fs::read_to_string(&out).unwrap(), "x");
}

#[test]
fn a_write_failure_mid_way_leaves_the_old_set_and_no_temporary_folder() {
    let dir = TestDir::new();
    let out = dir.join("output");
    replace(&out, &A).unwrap();
    inject(".ratsvorlage-tmp/konzept.json");
    let err = replace(&out, &B).unwrap_err();
    no_fault();
    let staged = dir.join(".output.ratsvorlage-tmp/konzept.json");
    assert_eq!(
        err.problem().to_string(),
        format!(
            "Die Datei {} kann nicht geschrieben werden: Fehler des Betriebssystems.\n  \
             Technische Angabe: eingespeist bei {}",
            staged.display(),
            staged.display()
        )
    );
    assert_eq!(snapshot(&out), expected(&A));
    assert_eq!(beside(&dir), ["output"]);
}

#[test]
fn a_failure_right_before_the_swap_leaves_the_old_set() {
    let dir = TestDir::new();
    let out = dir.join("output");
    replace(&out, &A).unwrap();
    inject("vor-tausch");
    assert!(replace(&out, &B).is_err());
    no_fault();
    assert_eq!(snapshot(&out), expected(&A));
    assert_eq!(beside(&dir), ["output"]);
}

#[test]
fn a_failed_first_build_leaves_no_folder() {
    let dir = TestDir::new();
    let out = dir.join("output");
    inject("vor-tausch");
    assert!(replace(&out, &A).is_err());
    no_fault();
    assert!(beside(&dir).is_empty());
}

#[test]
fn leftovers_of_a_killed_build_are_removed_by_the_next() {
    let dir = TestDir::new();
    let out = dir.join("output");
    replace(&out, &A).unwrap();
    // What a kill during staging leaves: half-written sets beside and inside the folder.
    fs::create_dir(dir.join(".output.ratsvorlage-tmp")).unwrap();
    fs::write(dir.join(".output.ratsvorlage-tmp/konzept.json"), "{\"hal").unwrap();
    fs::create_dir(out.join(JOURNAL_STAGING)).unwrap();
    fs::write(out.join(JOURNAL_STAGING).join("konzept.json"), "{\"hal").unwrap();
    replace(&out, &B).unwrap();
    assert_eq!(snapshot(&out), expected(&B));
    assert_eq!(beside(&dir), ["output"]);
}

#[test]
fn the_journal_puts_the_set_in_place() {
    let dir = TestDir::new();
    let out = dir.join("output");
    replace(&out, &A).unwrap();
    journal::commit(&out, &B).unwrap();
    assert_eq!(snapshot(&out), expected(&B));
}

#[test]
fn a_journal_failure_before_its_commit_leaves_the_old_set() {
    let dir = TestDir::new();
    let out = dir.join("output");
    replace(&out, &A).unwrap();
    inject("journal-vor-commit");
    assert!(journal::commit(&out, &B).is_err());
    no_fault();
    assert_eq!(snapshot(&out), expected(&A));
}

#[test]
fn a_journal_interrupted_after_its_commit_is_completed_by_the_next_build() {
    let dir = TestDir::new();
    let out = dir.join("output");
    replace(&out, &A).unwrap();
    inject("journal-verschoben:Beschlussvorlage.pdf");
    let err = journal::commit(&out, &B).unwrap_err();
    no_fault();
    assert!(
        err.to_string().contains("der nächste Build holt das nach"),
        "{err}"
    );
    // The moment of the crash: one new file is in place, the journal holds the rest.
    assert_eq!(
        fs::read(out.join("Beschlussvorlage.pdf")).unwrap(),
        B[0].bytes
    );
    assert!(out.join(JOURNAL_COMMITTED).is_dir());
    // The next build first completes the committed set, then writes its own.
    let c = [
        StagedFile {
            name: "Beschlussvorlage.pdf",
            bytes: b"%PDF c",
        },
        StagedFile {
            name: "2-2008.zip",
            bytes: b"PK c",
        },
    ];
    replace(&out, &c).unwrap();
    assert_eq!(snapshot(&out), expected(&c));
    // Completing alone yields exactly the committed set.
    replace(&out, &A).unwrap();
    inject("journal-verschoben:konzept.json");
    assert!(journal::commit(&out, &B).is_err());
    no_fault();
    journal::complete(&out).unwrap();
    assert_eq!(snapshot(&out), expected(&B));
}

#[test]
fn an_edited_marker_cannot_name_paths_outside_the_folder() {
    let dir = TestDir::new();
    let out = dir.join("output");
    replace(&out, &A).unwrap();
    fs::write(dir.join("wertvoll.txt"), "bleibt").unwrap();
    fs::write(
        out.join(MARKER),
        format!("{MARKER_HEAD}\n../wertvoll.txt\n.\n\nkonzept.json\n"),
    )
    .unwrap();
    assert_eq!(
        read_marker(&out.join(MARKER)).unwrap(),
        Some(vec!["konzept.json".to_owned()])
    );
    journal::commit(&out, &B).unwrap();
    assert_eq!(
        fs::read_to_string(dir.join("wertvoll.txt")).unwrap(),
        "bleibt"
    );
}

#[test]
fn a_file_with_the_same_bytes_is_kept_with_its_inode_and_mtime() {
    use std::os::unix::fs::MetadataExt;
    let stamp = |path: &Path| {
        let meta = fs::metadata(path).unwrap();
        (meta.ino(), meta.mtime(), meta.mtime_nsec())
    };
    let dir = TestDir::new();
    let out = dir.join("output");
    replace(&out, &A).unwrap();
    let (json, pdf) = (out.join("konzept.json"), out.join("Beschlussvorlage.pdf"));
    let (json_before, pdf_before) = (stamp(&json), stamp(&pdf));
    let c = [B[0], A[1], B[2]];
    let replaced = replace(&out, &c).unwrap();
    assert_eq!(replaced.unchanged, ["konzept.json"]);
    assert_eq!(snapshot(&out), expected(&c));
    assert_eq!(stamp(&json), json_before);
    assert_ne!(stamp(&pdf).0, pdf_before.0);
    // The journal leaves an unchanged file where it is.
    let pdf_before = stamp(&pdf);
    assert_eq!(
        journal::commit(&out, &[B[0], A[1], A[2]]).unwrap(),
        ["Beschlussvorlage.pdf", "konzept.json"]
    );
    assert_eq!(snapshot(&out), expected(&[B[0], A[1], A[2]]));
    assert_eq!((stamp(&json), stamp(&pdf)), (json_before, pdf_before));
    assert!(!out.join(JOURNAL_COMMITTED).exists());
}
