//! The embedded side of the typesetting benchmark (bench/run): typesets both documents from
//! a given `konzept.json` with ratsvorlage's [`Typesetter`] and writes the two PDFs, with no
//! import and no package, so that it does the same work as `typst compile` on the same
//! templates and JSON.
//!
//! ```text
//! cargo run --release --example typeset -- PROJECT KONZEPT_JSON OUT_DIR
//! ```
//!
//! PROJECT is the project folder (for `texte/`, `fonts/` and a `templates/` folder beside
//! it); KONZEPT_JSON a concept model as `build` writes it.

use std::error::Error;
use std::path::PathBuf;

use ratsvorlage::documents::Typesetter;
use ratsvorlage::limits::Limits;
use ratsvorlage::model::Konzept;
use ratsvorlage::package;
use ratsvorlage::project::Project;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [project, json, out] = args.as_slice() else {
        return Err("Aufruf: typeset PROJEKT KONZEPT_JSON AUSGABEORDNER".into());
    };
    let konzept: Konzept = serde_json::from_slice(&std::fs::read(json)?)?;
    let project = Project::locate(Some(project), Some(out));
    let mut typesetter =
        Typesetter::new(&project, &Limits::default()).map_err(|m| m.to_string())?;
    let typeset = typesetter.typeset(&konzept, &package::document_names(&konzept))?;
    std::fs::create_dir_all(out)?;
    let documents = typeset.documents;
    for document in [documents.beschlussvorlage, documents.anlage] {
        std::fs::write(out.join(&document.file_name), &document.pdf)?;
    }
    Ok(())
}
