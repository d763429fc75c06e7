#!/usr/bin/env python3
"""Which corpus files LibreOffice opens as spreadsheets.

Runs `soffice --headless --convert-to csv` (every sheet) on every file of the three
spreadsheet corpora in ../shared/corpus/ and writes the relative paths of those it opens with
at least one cell to tests/fixtures/corpus-libreoffice.txt. The corpus run
(`cargo test --test it corpus::`) asserts that none of these is refused as damaged.
LibreOffice also "opens" many fuzzed and cut-off files, recovering nothing but an empty
sheet; those are counted in the list's header, not listed: a reader that calls them damaged
is right.

LibreOffice is not needed by the tests or CI; this is run by hand after the corpus changes:

    apt-get install -y libreoffice-calc
    python3 scripts/libreoffice-opens.py            # about 30 minutes on a 2-core machine

Files are converted in batches in one LibreOffice process (starting it costs seconds);
what a batch did not convert (a file that crashed it or ran past its time, and the files
after it) is retried file by file, each with its own time limit of 120 s, so one hanging
or crashing file costs only itself. A file not converted within that limit counts as not
opened.
"""

import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
FOLDERS = ["calamine-tests", "apache-poi-spreadsheet", "odftoolkit-ods"]
SPREADSHEET = {".xls", ".xlsx", ".xlsm", ".xlsb", ".ods"}
OUT = REPO / "tests" / "fixtures" / "corpus-libreoffice.txt"
BATCH = 25
BATCH_SECONDS = 240
FILE_SECONDS = 120
OUTPUT_BYTES = 256 << 20


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("LibreOffice is not installed: apt-get install -y libreoffice-calc")


# The CSV export of every sheet (the last field, -1: each sheet to `<name>-<sheet>.csv`).
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def convert(program: str, profile: Path, files: list[Path], seconds: int) -> dict[int, bool]:
    """For each index into `files` that LibreOffice opened: whether any sheet has a cell."""
    with tempfile.TemporaryDirectory() as work:
        # Links named by position keep the extension (LibreOffice's type detection uses it)
        # and make every output name say which file it came from.
        links = []
        for i, f in enumerate(files):
            link = Path(work) / f"f{i:04d}{f.suffix}"
            link.symlink_to(f)
            links.append(link)
        out = Path(work) / "out"
        command = [
            program,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            CSV_ALL_SHEETS,
            "--outdir",
            str(out),
            *map(str, links),
        ]
        # Its own session, so that on a timeout the whole process group (the soffice
        # wrapper and soffice.bin) is killed by its id.
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=limit_output,
        )
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            # What was converted before the file that took too long counts; the rest of
            # the batch is retried alone.
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        opened: dict[int, bool] = {}
        for csv in out.glob("f*.csv") if out.is_dir() else []:
            i = int(csv.name[1:5])
            opened[i] = opened.get(i, False) or has_cells(csv)
        return opened


def has_cells(csv: Path) -> bool:
    """Whether a csv export holds anything but separators (read in pieces: an export of a
    hostile file can be gigabytes)."""
    with csv.open("rb") as f:
        while chunk := f.read(1 << 20):
            if chunk.strip(b" \t\r\n,\""):
                return True
    return False


def limit_output() -> None:
    """In the LibreOffice process: no file larger than OUTPUT_BYTES (hostile files export to
    gigabytes; past the limit LibreOffice stops with that file)."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (OUTPUT_BYTES, OUTPUT_BYTES))


def main() -> None:
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    program = soffice()
    files = sorted(
        p
        for folder in FOLDERS
        for p in (CORPUS / folder).iterdir()
        if p.is_file() and p.suffix.lower() in SPREADSHEET
    )
    with_cells: list[str] = []
    empty = 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as profile_dir:
        profile = Path(profile_dir) / "profile"
        batches = [files[i : i + BATCH] for i in range(0, len(files), BATCH)]
        for n, batch in enumerate(batches, 1):
            done = convert(program, profile, batch, BATCH_SECONDS)
            if len(batch) > 1:
                # Retried alone: a file that stopped the batch must not count against the rest.
                for i, f in enumerate(batch):
                    if i not in done:
                        alone = convert(program, profile, [f], FILE_SECONDS)
                        if 0 in alone:
                            done[i] = alone[0]
            with_cells += [str(f.relative_to(CORPUS)) for i, f in enumerate(batch) if done.get(i)]
            empty += sum(1 for i in done if not done[i])
            print(
                f"batch {n}/{len(batches)}: {len(done)}/{len(batch)} opened, "
                f"{time.monotonic() - started:.0f} s",
                flush=True,
            )
    version = subprocess.run(
        [program, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    header = [
        "# Corpus files (../shared/corpus/) that LibreOffice opens as spreadsheets with at least",
        "# one cell: `soffice --headless --convert-to csv` (every sheet) wrote a cell for them.",
        "# Written by scripts/libreoffice-opens.py; do not edit by hand.",
        f"# {version}: {len(with_cells)} of {len(files)} spreadsheet files; {empty} more opened as",
        "# empty sheets only (LibreOffice recovers nothing from them), not listed.",
    ]
    OUT.write_text("\n".join(header + sorted(with_cells)) + "\n", encoding="utf-8")
    print(f"{len(with_cells)} of {len(files)} opened with cells, {empty} empty; written to {OUT}")


if __name__ == "__main__":
    main()
