#!/bin/sh
# Writes the seed corpora of the fuzz targets into fuzz/corpus/<target>/ from the example
# project in input/ (written by examples/beispiel_goettingen.rs) and the fuzz fixtures.
# Run from the repository root: sh fuzz/seeds.sh
set -eu
c=fuzz/corpus
mkdir -p "$c/csv" "$c/workbook" "$c/zip" "$c/konzept_toml"
for f in input/ag/*.csv input/teilnehmende/*.csv fuzz/src/massnahmen.csv; do
  cp "$f" "$c/csv/$(basename "$f" | tr ' ' _)"
done
# workbook: the first byte picks the format (0 xlsx, 1 ods, 2 xls, 3 xlsb).
for f in input/ag/*.xlsx input/teilnehmende/*.xlsx; do
  { printf '\000'; cat "$f"; } > "$c/workbook/$(basename "$f" | tr ' ' _)"
done
for f in input/ag/*.ods; do
  { printf '\001'; cat "$f"; } > "$c/workbook/$(basename "$f" | tr ' ' _)"
done
# The example's workbooks as xls too, when LibreOffice is installed: xls keeps cell text
# uncompressed and without checksums, so mutations of it reach the concept model's checks
# (in xlsx and ods the text sits in deflated, CRC-checked zip entries).
if command -v soffice >/dev/null; then
  x=$(mktemp -d)
  soffice --headless --convert-to xls --outdir "$x" input/ag/*.xlsx input/ag/*.ods \
    input/teilnehmende/*.xlsx >/dev/null 2>&1 || true
  for f in "$x"/*.xls; do
    [ -e "$f" ] || continue
    { printf '\002'; cat "$f"; } > "$c/workbook/xls-$(basename "$f" | tr ' ' _)"
  done
  rm -rf "$x"
fi
cp input/konzept.toml "$c/konzept_toml/goettingen.toml"
cp tests/fixtures/konzept-teststadt.toml "$c/konzept_toml/teststadt.toml"
python3 - "$c/zip" <<'PY'
import io, sys, zipfile, pathlib
out = pathlib.Path(sys.argv[1])
files = sorted(p for p in pathlib.Path("input").rglob("*") if p.is_file() and p.name != "konzept.toml")
def pack(paths, method=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for p in paths:
            z.write(p, str(p.relative_to("input")))
    return buf.getvalue()
(out / "alle.zip").write_bytes(pack(files))
(out / "csv-stored.zip").write_bytes(pack([p for p in files if p.suffix == ".csv"], zipfile.ZIP_STORED))
inner = pack([p for p in files if p.suffix == ".csv"][:2])
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("verschachtelt/innen.zip", inner)
    z.writestr("../boese.csv", b"AG;Ziel\nSB;x\n")
(out / "verschachtelt.zip").write_bytes(buf.getvalue())
# Small archives too: one CSV each, so the fuzzer spends its time on the archive reader.
for p in files:
    if p.suffix == ".csv":
        (out / ("eine-" + p.stem + ".zip")).write_bytes(pack([p], zipfile.ZIP_STORED))
PY
# Real workbooks from other programs (xls and xlsb above all, which the example lacks), from
# the calamine test files beside the repository when they are there; never copied into it.
k=../shared/corpus/calamine-tests
if [ -d "$k" ]; then
  for f in "$k"/*; do
    case "$f" in
      *.xlsx|*.xlsm) p='\000' ;;
      *.ods) p='\001' ;;
      *.xls) p='\002' ;;
      *.xlsb) p='\003' ;;
      *) continue ;;
    esac
    [ "$(wc -c < "$f")" -le 200000 ] || continue
    { printf "$p"; cat "$f"; } > "$c/workbook/calamine-$(basename "$f" | tr ' ' _)"
  done
fi
