#!/usr/bin/env python3
"""Time from an upload in the workplace (`ratsvorlage serve`) to the new figures on the
Übersicht and to the new PDFs in the output folder, on a copy of the bundled example.

    bench/workplace-upload.py target/release/ratsvorlage [N] [PROJECT]

Each of N uploads sends `ag/ag-4_massnahmen.csv` through POST /hochladen as the page's
form does, alternately with its last measure removed and restored, so that the Maßnahmen
figure changes every time (52 → 51 → 52 …). Measured from before the request is sent:
- figures: until GET / shows the new Maßnahmen figure (the upload's answer comes first);
- PDFs: until the Anlage in the output folder has new bytes (the rebuild loop's build
  after the upload: quiet time, import, both PDFs, package).
Prints each upload and the medians."""
import hashlib, http.client, os, re, shutil, statistics, subprocess, sys, tempfile, time

binary = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 11
source = sys.argv[3] if len(sys.argv) > 3 else "input"
tmp = tempfile.mkdtemp(prefix="rv-workplace-")
project = os.path.join(tmp, "input")
shutil.copytree(source, project)
server = subprocess.Popen([binary, "serve", project, "--port", "0", "--no-browser"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
address = server.stdout.readline().strip()
port = int(re.search(r":(\d+)/", address).group(1))
token = address.split("token=")[1]
cookie = f"ratsvorlage_session={token}"
origin = f"http://127.0.0.1:{port}"


def request(method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    all_headers = {"Host": f"127.0.0.1:{port}", "Cookie": cookie, "Origin": origin}
    all_headers.update(headers or {})
    connection.request(method, path, body=body, headers=all_headers)
    answer = connection.getresponse()
    data = answer.read()
    connection.close()
    return answer.status, data.decode("utf-8", "replace")


def figure(page):
    found = re.search(r"<dt>Maßnahmen</dt><dd>([\d.]+)</dd>", page)
    return int(found.group(1).replace(".", "")) if found else None


anlage = os.path.join(tmp, "output", "Anlage-1-Integrationskonzept.pdf")


def anlage_hash():
    try:
        with open(anlage, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return None


# The first build, which the workplace starts by itself.
while "Zuletzt gebaut um" not in request("GET", "/")[1]:
    time.sleep(0.05)
path = os.path.join(project, "ag", "ag-4_massnahmen.csv")
full = open(path, "rb").read()
fewer = full[: full.rindex(b"\nPR-") + 1]
boundary = "----ratsvorlage-bench"
to_figures, to_pdfs = [], []
for i in range(n):
    data, expected = (fewer, 51) if i % 2 == 0 else (full, 52)
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"dateien\"; "
            f"filename=\"ag-4_massnahmen.csv\"\r\nContent-Type: text/csv\r\n\r\n").encode()
    body += data + f"\r\n--{boundary}--\r\n".encode()
    before = anlage_hash()
    t0 = time.monotonic()
    status, answer = request("POST", "/hochladen", body,
                             {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 200 and "1 ersetzt" in answer, answer
    while figure(request("GET", "/")[1]) != expected:
        time.sleep(0.005)
    t1 = time.monotonic()
    while anlage_hash() == before:
        time.sleep(0.005)
    t2 = time.monotonic()
    to_figures.append(t1 - t0)
    to_pdfs.append(t2 - t0)
    print(f"upload {i + 1:2}: figures {1000 * (t1 - t0):6.1f} ms, PDFs {1000 * (t2 - t0):6.1f} ms")
    time.sleep(0.5)  # let the loop settle (the watcher sees the same write too)
server.terminate()
server.wait()
shutil.rmtree(tmp)
print(f"median of {n}: figures {1000 * statistics.median(to_figures):.0f} ms, "
      f"PDFs {1000 * statistics.median(to_pdfs):.0f} ms")
