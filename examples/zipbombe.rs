//! Writes a project whose only table file is a zip bomb: `ag/bombe.zip` holds one entry of
//! 3 GiB of zeros, deflated to about 3 MiB. The measurement of the archive limits in the
//! README ("Robustness") runs `check` on it:
//!
//! ```text
//! cargo run --release --example zipbombe -- /tmp/zipbombe
//! /usr/bin/time -v target/release/ratsvorlage check /tmp/zipbombe
//! ```

use std::io::Write;
use std::path::PathBuf;

/// The unpacked size of the entry.
const ENTPACKT: u64 = 3 << 30;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(
        std::env::args_os()
            .nth(1)
            .unwrap_or_else(|| "/tmp/zipbombe".into()),
    );
    std::fs::create_dir_all(root.join("ag"))?;
    std::fs::write(
        root.join("konzept.toml"),
        include_str!("../tests/fixtures/konzept-teststadt.toml"),
    )?;
    let file = std::fs::File::create(root.join("ag/bombe.zip"))?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("ziele.csv", options)?;
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..ENTPACKT / chunk.len() as u64 {
        zip.write_all(&chunk)?;
    }
    zip.finish()?.flush()?;
    let packed = std::fs::metadata(root.join("ag/bombe.zip"))?.len();
    println!(
        "{}: 3 GiB Nullen, gepackt {} Bytes",
        root.join("ag/bombe.zip").display(),
        packed
    );
    Ok(())
}
