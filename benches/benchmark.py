"""Benchmark of trasparenza against Hugo, reproducible from the repository.

Usage: python3 benches/benchmark.py [OBJECTIVES ...]      (default: 1000 10000 50000)

For each size: generates a synthetic plan (OBJECTIVES objectives x 10 steps, cargo example
`genera`), builds an equivalent Hugo site (one Markdown page per objective with the same texts and
the steps as a table, plus the index), times `trasparenza build` (wall time, user and system CPU
time, peak memory) and `hugo` in alternating runs (medians of 3 each), times `cp -r` of the site
trasparenza produced, then prints the ratios. Every build, copy and Hugo run starts from an empty output
folder. All of this twice: with the output on the disk (next to the site) and in memory (a tmpfs,
`/dev/shm`, when there is one), since creating tens of thousands of files on this machine's disk
costs most of the time and varies a lot from run to run. At 10,000 objectives
(or the largest size given) it also measures the preview: the time from saving a one-row edit of
fasi.csv (written to a temporary file and renamed, as editors do) to the objective's page being
rewritten on disk, and to the new text being served over HTTP; median of 20 edits each, each made
once the preview has finished the rebuild of the one before. Needs: the
Rust toolchain, GNU time, and Hugo (`apt-get install hugo`).
"""

import csv
import os
import pathlib
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
BINARY = ROOT / "target/release/trasparenza"
GENERATE = ROOT / "target/release/examples/genera"
RUNS = 3


def timed(command, cwd=None):
    """Wall seconds, peak resident memory (MB), user and system CPU seconds of a command, from GNU
    time."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M %U %S", *command], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{command[0]} failed:\n{result.stderr[-2000:]}")
    seconds, kilobytes, user, system = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kilobytes) / 1024, float(user), float(system)


def median_of(command, cwd=None, before=None):
    """Medians of RUNS runs: wall seconds, memory (MB), user and system CPU seconds."""
    runs = []
    for _ in range(RUNS):
        if before:
            before()
        runs.append(timed(command, cwd))
    return tuple(statistics.median(r[i] for r in runs) for i in range(4))


def hugo_site(site, hugo_dir):
    """The same objectives as Markdown pages for Hugo, with minimal templates."""
    content = hugo_dir / "content/obiettivi"
    content.mkdir(parents=True)
    (hugo_dir / "hugo.toml").write_text('baseURL = "https://www.example.it/"\ntitle = "Ente di prova"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    layouts = hugo_dir / "layouts/_default"
    layouts.mkdir(parents=True)
    page = '<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>'
    (layouts / "single.html").write_text(page)
    (layouts / "list.html").write_text('<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>')
    plan = site / "data/piao-2025-2027"
    steps = {}
    with (plan / "fasi.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            steps.setdefault(row["obiettivo"], []).append(row)
    with (plan / "obiettivi.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            table = "\n".join(f"| {s['codice']} | {s['descrizione']} | {s['scadenza']} | {s['kpi']} | {s['peso_obiettivo']} |" for s in steps.get(row["codice"], []))
            text = re.sub(r"</?p>", "", row["situazione_attuale"])
            body = f"## Situazione attuale\n\n{text}\n\n## Situazione attesa\n\n{row['situazione_attesa']}\n\n## Azioni\n\n{row['azioni']}\n\n## Fasi\n\n| Fase | Descrizione | Scadenza | KPI | Peso |\n|---|---|---|---|---|\n{table}\n"
            title = row["titolo"].replace('"', "'")
            (content / f"{row['codice']}.md").write_text(f'+++\ntitle = "Obiettivo {row["codice"]} – {title}"\n+++\n{body}', encoding="utf-8")


def edit_latency(site, edits=20):
    """Median milliseconds from saving a one-row edit to the page being rewritten on disk, and to
    the edit being visible over HTTP."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # The preview writes to a folder of its own under the temporary folder: here, one of ours.
    temporary = pathlib.Path(tempfile.mkdtemp())
    preview = subprocess.Popen([str(BINARY), "serve", "--site", str(site), "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env={**os.environ, "TMPDIR": str(temporary)})
    # Each rebuild ends with a line "Ricostruite …": every edit is made once the last one is done.
    finished = queue.Queue()
    threading.Thread(target=lambda: [finished.put(line) for line in preview.stdout if line.startswith("Ricostruite")], daemon=True).start()
    address = "amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027/obiettivi/1/"
    url = f"http://127.0.0.1:{port}/{address}"
    steps = site / "data/piao-2025-2027/fasi.csv"
    original = steps.read_text(encoding="utf-8")
    start = original.index("\n1;1.1;") + 1
    end = original.index("\n", start)

    def on_disk(marker):
        try:
            page = next(temporary.glob("trasparenza-*/anteprima-*")) / address / "index.html"
            return marker in page.read_text(encoding="utf-8")
        except StopIteration:
            return False
        except OSError:
            return False

    def over_http(marker):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return marker in response.read().decode("utf-8")
        except OSError:
            return False

    results = {"disk": [], "http": []}
    try:
        deadline = time.time() + 900
        while not over_http("<html") and time.time() < deadline:
            time.sleep(0.1)
        finished.get(timeout=60)
        time.sleep(1)
        for edit in range(2 * edits):
            kind, seen = ("disk", on_disk) if edit % 2 == 0 else ("http", over_http)
            marker = f"Modifica numero {edit} della fase"
            cells = original[start:end].split(";")
            cells[2] = marker
            saved = steps.with_name(".fasi.csv.tmp")
            saved.write_text(original[:start] + ";".join(cells) + original[end:], encoding="utf-8")
            started = time.perf_counter()
            saved.rename(steps)
            while time.perf_counter() - started < 120 and not seen(marker):
                time.sleep(0.001)
            results[kind].append((time.perf_counter() - started) * 1000)
            finished.get(timeout=120)
            time.sleep(0.3)
    finally:
        preview.kill()
        steps.write_text(original, encoding="utf-8")
    return statistics.median(results["disk"]), statistics.median(results["http"])


def compare(site, hugo_dir, output_root, hugo):
    """One table row: trasparenza, cp -r of its output and Hugo, each into `output_root`; the runs
    of trasparenza and Hugo alternate, so that a slow moment of the machine weighs on both."""
    output, copy, hugo_output = output_root / "public", output_root / "copy", output_root / "hugo-public"
    ours, theirs = [], []
    for _ in range(RUNS):
        shutil.rmtree(output, ignore_errors=True)
        ours.append(timed([str(BINARY), "build", "--site", str(site), "--output", str(output)]))
        if hugo:
            shutil.rmtree(hugo_output, ignore_errors=True)
            theirs.append(timed([hugo, "--quiet", "-s", str(hugo_dir), "-d", str(hugo_output)]))
    seconds, memory, user, system = (statistics.median(run[i] for run in ours) for i in range(4))
    pages = sum(1 for _ in output.rglob("index.html"))
    copy_seconds = median_of(["cp", "-r", str(output), str(copy)], before=lambda: shutil.rmtree(copy, ignore_errors=True))[0]
    for folder in (output, copy, hugo_output):
        shutil.rmtree(folder, ignore_errors=True)
    if theirs:
        hugo_seconds, hugo_memory = (statistics.median(run[i] for run in theirs) for i in range(2))
        hugo_cells = f"{hugo_seconds:.2f} s | {hugo_memory:.0f} MB | {seconds / hugo_seconds:.2f}"
    else:
        hugo_cells = "– | – | –"
    return f"{pages} | {seconds:.2f} s ({user:.1f} s user, {system:.1f} s sys) | {memory:.0f} MB | {copy_seconds:.2f} s | {seconds / copy_seconds:.2f} | {hugo_cells}"


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000, 50000]
    subprocess.run(["cargo", "build", "--release", "--locked", "-q", "--bin", "trasparenza", "--example", "genera"], cwd=ROOT, check=True)
    hugo = shutil.which("hugo")
    print(f"hugo: {subprocess.run([hugo, 'version'], capture_output=True, text=True).stdout.strip() if hugo else 'not installed'}")
    print("| objectives | output | pages | trasparenza build | peak memory | cp -r of the output | build / cp | Hugo build | Hugo memory | trasparenza / Hugo |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    work = pathlib.Path(tempfile.mkdtemp(prefix="trasparenza-bench-"))
    memory = pathlib.Path("/dev/shm")
    in_memory = pathlib.Path(tempfile.mkdtemp(prefix="trasparenza-bench-", dir=memory)) if memory.is_dir() else None
    try:
        for size in sizes:
            site = work / f"site-{size}"
            subprocess.run([str(GENERATE), str(site), str(size)], check=True)
            hugo_dir = work / f"hugo-{size}"
            if hugo:
                hugo_site(site, hugo_dir)
            print(f"| {size} | disk | {compare(site, hugo_dir, work, hugo)} |", flush=True)
            if in_memory:
                print(f"| {size} | tmpfs | {compare(site, hugo_dir, in_memory, hugo)} |", flush=True)
        latency_size = 10000 if 10000 in sizes else max(sizes)
        disk, http = edit_latency(work / f"site-{latency_size}")
        print(f"\npreview, {latency_size} objectives, one-row edit saved -> page rewritten on disk: {disk:.0f} ms, visible over HTTP: {http:.0f} ms (medians of 20)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if in_memory:
            shutil.rmtree(in_memory, ignore_errors=True)


if __name__ == "__main__":
    main()
