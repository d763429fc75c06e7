//! A large concept through the whole pipeline (issue #17): the Anlage of a generated 15-AG
//! project holds every goal and measure, and its contents point at the pages where the
//! chapters are, although Typst lays it out only twice.

use std::path::{Path, PathBuf};
use std::process::Command;

use ratsvorlage::model::Konzept;

use crate::support::{TestDir, build, pdf_text, squeezed};

/// The benchmark's project generator (`examples/synth.rs`), built beside this test binary
/// by `cargo test`, or built here when only this test target was built.
fn synth() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let profile = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps");
    let synth = profile.join("examples").join("synth");
    if !synth.exists() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--example", "synth", "--manifest-path"])
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
            .status()
            .expect("cargo build --example synth");
        assert!(status.success(), "cargo build --example synth failed");
    }
    synth
}

/// Whether `wanted` is in `text` whole, or in two parts with at most a page's worth of
/// other text between them: a table row that breaks across pages has the other cells of its
/// first part, the footer and the repeated header between the two parts of its text.
fn contains_across_a_page_break(text: &str, wanted: &str) -> bool {
    if text.contains(wanted) {
        return true;
    }
    let head: String = wanted.chars().take(12).collect();
    text.match_indices(&head).any(|(start, _)| {
        let matched = text[start..]
            .chars()
            .zip(wanted.chars())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a.len_utf8())
            .sum::<usize>();
        let after = &text[start + matched..];
        let window: String = after.chars().take(6000).collect();
        window.contains(&wanted[matched..])
    })
}

#[test]
fn a_15_ag_anlage_holds_every_goal_and_measure_and_its_contents_point_at_the_chapters() {
    let dir = TestDir::new();
    let project = dir.join("input");
    let status = Command::new(synth())
        .args(["--ags", "15", "--ziele", "15", "--massnahmen", "8"])
        .arg(&project)
        .status()
        .expect("run synth");
    assert!(status.success());
    let out = dir.join("output");
    let (code, stdout, stderr) = build(&project, &out);
    assert_eq!(code, 0, "{stdout}\n{stderr}");

    let konzept: Konzept =
        serde_json::from_slice(&std::fs::read(out.join("konzept.json")).unwrap()).unwrap();
    let goals: usize = konzept.arbeitsgruppen.iter().map(|ag| ag.ziele.len()).sum();
    let measures: usize = konzept
        .arbeitsgruppen
        .iter()
        .flat_map(|ag| &ag.ziele)
        .map(|ziel| ziel.massnahmen.len())
        .sum();
    assert_eq!(
        (konzept.arbeitsgruppen.len(), goals, measures),
        (15, 225, 1800)
    );

    let anlage = out.join("Anlage-1-Integrationskonzept.pdf");
    let text = squeezed(&pdf_text(&anlage));
    let missing: Vec<String> = konzept
        .arbeitsgruppen
        .iter()
        .flat_map(|ag| {
            let goals = ag
                .ziele
                .iter()
                .map(move |ziel| format!("{}: Ziel {}: {}", ag.short, ziel.number, ziel.text));
            let measures = ag.ziele.iter().flat_map(move |ziel| {
                ziel.massnahmen.iter().flat_map(move |m| {
                    [format!("{}: Maßnahme {}: {}", ag.short, m.number, m.text)]
                        .into_iter()
                        .chain(m.ansprechpartner.iter().map(move |p| {
                            format!("{}: Ansprechpartner {p} bei {}", ag.short, m.number)
                        }))
                })
            });
            goals.chain(measures)
        })
        .filter(|line| {
            let (_, wanted) = line.split_once(": ").unwrap();
            let wanted = wanted
                .strip_prefix("Maßnahme ")
                .map(|m| m.split_once(": ").unwrap().1.to_owned())
                .or_else(|| {
                    wanted
                        .strip_prefix("Ansprechpartner ")
                        .map(|p| p.rsplit_once(" bei ").unwrap().0.to_owned())
                })
                .unwrap_or_else(|| wanted.to_owned());
            !contains_across_a_page_break(&text, &squeezed(&wanted))
        })
        .collect();
    assert!(missing.is_empty(), "not in the Anlage: {missing:#?}");

    // The contents line of each chapter names the page its heading is on.
    let layout = Command::new("pdftotext")
        .arg("-layout")
        .arg(&anlage)
        .arg("-")
        .output()
        .expect("pdftotext");
    let layout = String::from_utf8_lossy(&layout.stdout);
    let pages: Vec<&str> = layout.split('\u{c}').collect();
    let contents = pages[1];
    for (a, ag) in konzept.arbeitsgruppen.iter().enumerate() {
        // Einleitung is 1, Leitziele und Querschnittsaufgaben 2 (the generator sets both).
        let heading = format!("{} Handlungsfeld {}", a + 3, ag.name);
        let line = contents
            .lines()
            .find(|l| l.trim_start().starts_with(&heading))
            .unwrap_or_else(|| panic!("no contents line „{heading}“:\n{contents}"));
        let page: usize = line
            .trim_end()
            .rsplit(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no page number in „{line}“"));
        let found = pages
            .iter()
            .position(|p| p.lines().any(|l| l.trim() == heading))
            .map(|i| i + 1);
        assert_eq!(found, Some(page), "{heading}: contents say page {page}");
    }

    // What only a large concept has (long charts, many object streams) stays conformant.
    crate::support::assert_pdf_conforms(&std::fs::read(&anlage).unwrap(), "15-AG Anlage");
}
