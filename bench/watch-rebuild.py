#!/usr/bin/env python3
"""Rebuild time of `ratsvorlage watch` after a one-cell edit: N edits of one measure text in
a copy of the example; collects the time the watch prints ("Neu gebaut in X s") and the
wall time from the write to that line (includes the 200 ms debounce)."""
import os, shutil, statistics, subprocess, sys, tempfile, threading, time, queue

binary, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 11
src = sys.argv[3] if len(sys.argv) > 3 else "input"
tmp = tempfile.mkdtemp(prefix="rv-measure-")
proj = os.path.join(tmp, "input")
shutil.copytree(src, proj)
out = os.path.join(tmp, "output")
p = subprocess.Popen([binary, "watch", proj, "--out", out], stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT, text=True)
q = queue.Queue()
threading.Thread(target=lambda: [q.put(l) for l in p.stdout], daemon=True).start()

def until(marker):
    lines = []
    while True:
        l = q.get(timeout=600)
        lines.append(l)
        if marker in l:
            return lines

first = until("Warte auf")
print("".join(l for l in first if "Fertig" in l), end="")
path = os.path.join(proj, "ag", "ag-4_massnahmen.csv")
orig = open(path, "rb").read()
needle = "Politische Bildung f\xfcr Zugewanderte".encode("cp1252")
assert needle in orig
inner, wall = [], []
for i in range(n):
    data = orig.replace(needle, f"Politische Bildung f\xfcr Zugewanderte {i}".encode("cp1252"))
    t0 = time.monotonic()
    with open(path, "wb") as f:
        f.write(data)
    lines = until("Warte auf")
    t1 = time.monotonic()
    built = [l for l in lines if l.startswith("Neu gebaut in")]
    assert built, "".join(lines)
    inner.append(float(built[0].split()[3].replace(",", ".")))
    wall.append(t1 - t0)
p.terminate(); p.wait()
shutil.rmtree(tmp)
print("rebuild (printed):", " ".join(f"{x:.3f}" for x in inner))
print(f"median printed rebuild {statistics.median(inner):.3f} s, median edit->done {statistics.median(wall):.3f} s, n={n}")
