#!/usr/bin/env python3
"""Soak of the preview: `trasparenza serve` under 1,000 random edits.

Usage:
    python3 tests/soak/soak.py [--binary PATH] [--seed N] [--edits N] [--compare-every N]

    --binary         the trasparenza binary (default: $CARGO_TARGET_DIR or target/, release/trasparenza)
    --seed           seed of the random edits (default: $SOAK_SEED, else a new one, printed)
    --edits          how many edits (default: $SOAK_EDITS, else 1000)
    --compare-every  also compare with a clean build every N edits (default 250; 0: only at the end)

Makes a site in a private temporary folder (the repository's root site, its config.toml, data/ and
themes/, with the deliberations, structures and Markdown sections of examples/concass added so that
every kind of file is there), starts `trasparenza serve` on it on 127.0.0.1 with a free port and
TMPDIR pointing to a private folder, and edits the site as people do, from a seeded random generator:

- valid changes of cells of every table of data/ (text, long Markdown text with line breaks,
  quotes and `;`, dates in every accepted form, percentages, years, codes referring to other rows);
- added and removed rows that keep the data valid (a new deliberation, objective, step, indicator,
  measurement, area, structure, post…; only rows nothing refers to are removed);
- renamed and edited pages of content/ (within a plan's sections and out to free pages);
- invalid saves (an impossible date, a duplicate code, a value not allowed, a code that refers to
  nothing, an unclosed quote, a bad front matter) fixed later, either at once or after the failed
  rebuild has landed: then every page must still be served, with the diagnostics over it, and
  after the fix the diagnostics must go;
- saves written in pieces (the first part, then the rest 300 ms later), through a temporary file
  renamed over the old one, after renaming the old one to a backup, next to an office lock file;
- bursts of up to a dozen saves a few milliseconds apart.

After some steps it waits for the rebuild to land (the live-reload stream at /__trasparenza/eventi
says a rebuild ended; the preview prints "Modificati:" when it starts one), after others it goes on
at once. Every 50 edits it samples the server's memory (VmRSS, VmHWM of /proc/PID/status). The
server must never exit nor panic. At the end, once the last rebuild has settled, the preview's whole
output folder must be byte-identical (the same files and folders, the same bytes) to a clean
`trasparenza build` of the final input with the preview's base address; and the server's memory
must not keep growing: the median VmRSS of the last quarter of the samples must stay within
1.5 x the median of the first quarter plus 20 MB (see MEMORY_FACTOR).

Prints the seed, the edits by kind, the saves by manner, the rebuilds, the memory samples and the
result; exits 1 on failure, keeping the site and both outputs for a look (their path is printed).
Only the standard library; Linux (it reads /proc).
"""

import argparse
import csv
import difflib
import io
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLAN = "piao-2025-2027"
EVENTS = "/__trasparenza/eventi"
OVERLAY = 'id="trasparenza-errori"'

# The memory bound. The preview keeps one model of the site and the manifest of its output; while a
# rebuild runs, the new model and the old one (freed on a thread of its own) live side by side, and
# the allocator keeps some freed pages. The edits also make the data itself grow or shrink by some
# rows. So the resident memory of a healthy preview moves within a band around its first size,
# well under 1.5 x; the 20 MB cover the allocator's arenas of the rebuild's threads, which on a small
# site are most of the memory. A leak of 100 KB per rebuild, over the ~300 rebuilds of a soak, exceeds
# the bound on this site.
MEMORY_FACTOR = 1.5
MEMORY_SLACK_KB = 20 * 1024

WORDS = (
    "servizio sociale famiglie minori anziani disabilità inclusione comunità progetto intervento "
    "territorio rete operatori assistenza domiciliare tutela affido educativa sostegno percorso "
    "comune consorzio distretto bando avviso rendicontazione monitoraggio accoglienza integrazione "
    "città qualità attività priorità opportunità responsabilità"
).split()
ODD = ["«citazione»", "€ 1.234,50", "l'ente", "\"virgolette\"", "a; b", "<em>nota</em>", "50%", "n° 3", "è", "—"]
ENUMS = {
    ("obiettivi", "tipo"): ["performance", "peg", "operativo"],
    ("piano-assunzioni", "stato"): ["effettuata", "in corso", "prevista"],
    ("rilevazioni", "stato"): ["completata", "in corso", "in ritardo", "non avviata"],
    ("indicatori", "tipo"): ["efficacia", "efficienza", "qualità", "output", "outcome", "tempestività"],
}


# ---------------------------------------------------------------------------------------------
# Values


def words(rng, low=2, high=8, odd=0.15):
    chosen = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if rng.random() < odd:
        chosen.insert(rng.randrange(len(chosen) + 1), rng.choice(ODD))
    text = " ".join(chosen)
    return text[0].upper() + text[1:]


def long_text(rng):
    """Markdown, sometimes over several lines, with a list or emphasis."""
    parts = [words(rng, 4, 14)]
    if rng.random() < 0.3:
        parts.append("\n".join(f"- {words(rng, 1, 4, 0)}" for _ in range(rng.randint(2, 4))))
    if rng.random() < 0.2:
        parts.append(f"Un **{rng.choice(WORDS)}** e un *{rng.choice(WORDS)}*.")
    return "\n\n".join(parts)


def date(rng, years=(2025, 2027)):
    y, m, d = rng.randint(*years), rng.randint(1, 12), rng.randint(1, 28)
    form = rng.randrange(5)
    if form == 0:
        return f"{d:02d}/{m:02d}/{y}"
    if form == 1:
        return f"{d:02d}/{m:02d}/{y % 100:02d}"
    if form == 2:
        return f"{d}/{m}/{y}"
    if form == 3:
        return f"{d:02d}.{m:02d}.{y}"
    return f"{y}-{m:02d}-{d:02d}"


def percent(rng):
    value = rng.randint(0, 100)
    return rng.choice([f"{value},00%", f"{value} %", f"{value}%", f"{value}", f"{value},{rng.randint(0, 99):02d}%"])


# ---------------------------------------------------------------------------------------------
# The site, as the soak means it to be


class Table:
    """A CSV table of data/: its delimiter, header and rows, written back as a spreadsheet would."""

    def __init__(self, path):
        text = path.read_text(encoding="utf-8-sig")
        first = text.split("\n", 1)[0]
        self.delimiter = max(";,\t", key=first.count)
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter))
        self.header = rows[0]
        self.rows = [row + [""] * (len(self.header) - len(row)) for row in rows[1:] if any(row)]

    def col(self, name):
        return self.header.index(name)

    def has(self, name):
        return name in self.header

    def values(self, name):
        if not self.has(name):
            return []
        index = self.col(name)
        return [row[index] for row in self.rows]

    def render(self, rows=None):
        out = io.StringIO()
        writer = csv.writer(out, delimiter=self.delimiter, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows(self.rows if rows is None else rows)
        return out.getvalue().encode("utf-8")


class Page:
    """A page of content/: its front matter, key by key, and its Markdown body."""

    def __init__(self, text):
        _, front, body = text.split("+++\n", 2)
        self.front = dict(line.split(" = ", 1) for line in front.splitlines() if " = " in line)
        self.body = body

    def render(self):
        front = "".join(f"{key} = {value}\n" for key, value in self.front.items())
        return f"+++\n{front}+++\n{self.body}".encode("utf-8")


def make_site(site):
    """The site the soak edits: the root site with deliberations, structures and sections added."""
    shutil.copy(ROOT / "config.toml", site / "config.toml")
    shutil.copytree(ROOT / "data", site / "data")
    shutil.copytree(ROOT / "themes", site / "themes")
    concass = ROOT / "examples" / "concass"
    for table in ["delibere.csv", "strutture.csv"]:
        shutil.copy(concass / "data" / table, site / "data" / table)
    sections = site / "content" / "piani" / PLAN
    sections.mkdir(parents=True)
    for page in sorted((concass / "content" / "piani").glob("*/*.md")):
        shutil.copy(page, sections / page.name)


class Model:
    """The files of the site as the soak last saved them, valid; and the counters for new codes."""

    def __init__(self, site):
        self.site = site
        self.tables = {}
        for path in sorted((site / "data").rglob("*.csv")):
            self.tables[path.relative_to(site).as_posix()] = Table(path)
        self.pages = {}
        for path in sorted((site / "content").rglob("*.md")):
            self.pages[path.relative_to(site).as_posix()] = Page(path.read_text(encoding="utf-8"))
        self.counter = 0

    def table(self, name):
        plan = f"data/{PLAN}/{name}.csv"
        return self.tables[plan] if plan in self.tables else self.tables[f"data/{name}.csv"]

    def path_of(self, name):
        return next(path for path, table in self.tables.items() if table is self.table(name))

    def fresh(self, prefix=""):
        self.counter += 1
        return f"{prefix}{self.counter}"

    def bytes_of(self, path):
        return self.tables[path].render() if path in self.tables else self.pages[path].render()

    # What refers to what: rows referred to are never removed, nor their codes changed.

    def referred_objectives(self):
        return {code for name in ["fasi", "indicatori", "rilevazioni"] for code in self.table(name).values("obiettivo")}

    def referred_steps(self):
        found = self.table("rilevazioni")
        return {(row[found.col("obiettivo")], row[found.col("fase")]) for row in found.rows}

    def listed(self, table, column):
        return {code.strip() for cell in self.table(table).values(column) for code in cell.split(";") if code.strip()}

    def referred_areas(self):
        return set(self.table("obiettivi-strategici").values("area")) | self.listed("obiettivi", "aree_strategiche")

    def referred_structures(self):
        return self.listed("obiettivi", "strutture") | set(self.table("strutture").values("struttura_superiore"))

    def referred_deliberations(self):
        return set(self.table("piano").values("delibera_approvazione"))

    def deliberation_reference(self, row):
        table = self.table("delibere")
        day = row[table.col("data")].replace(".", "/").replace("-", "/")
        year = day.split("/")[0] if "-" in row[table.col("data")] else day.split("/")[-1]
        if len(year) == 2:
            year = "20" + year
        return f"{row[table.col('organo')]} {row[table.col('numero')]}/{year}"


# ---------------------------------------------------------------------------------------------
# Edits: each changes the model and says which files to save (or which file to rename)


def pick_list(rng, codes, most=3):
    codes = sorted(codes)
    return "; ".join(rng.sample(codes, rng.randint(0, min(most, len(codes))))) if codes else ""


def cell_value(rng, model, table_name, column):
    """A valid new value for a cell of `column` of `table_name`, or None to leave it."""
    if (table_name, column) in ENUMS:
        return rng.choice(ENUMS[(table_name, column)])
    if column in ("scadenza", "data", "data_approvazione", "data_aggiornamento", "dipendenti_al"):
        return date(rng)
    if column.startswith("peso"):
        return percent(rng)
    if column in ("anno_primo_inserimento", "anno"):
        return str(rng.randint(2020, 2027))
    if column in ("ore_settimanali", "numero", "dipendenti") and table_name != "delibere":
        return str(rng.randint(1, 40))
    if column == "obiettivi_strategici":
        return pick_list(rng, model.table("obiettivi-strategici").values("codice"))
    if column == "aree_strategiche":
        return pick_list(rng, model.table("aree-strategiche").values("codice"))
    if column == "strutture":
        return pick_list(rng, model.table("strutture").values("codice"), 2)
    if column == "area" and table_name == "obiettivi-strategici":
        return rng.choice(model.table("aree-strategiche").values("codice"))
    if column == "delibera_approvazione":
        rows = model.table("delibere").rows
        return model.deliberation_reference(rng.choice(rows)) if rows and rng.random() < 0.8 else ""
    if column in ("stakeholder", "etichette", "dimensioni_valore_pubblico"):
        return "; ".join(words(rng, 1, 3, 0) for _ in range(rng.randint(0, 3)))
    if column in ("descrizione", "kpi", "situazione_attuale", "criticita", "situazione_attesa", "benefici",
                  "azioni", "operatori", "costi", "indicatore_generale", "nota", "mansioni", "note"):
        return long_text(rng)
    if column in ("titolo", "nome", "oggetto", "profilo", "responsabile", "tipo", "tipologia", "comune",
                  "riferimento_dup", "referente_politico", "servizio", "finanziamento", "modalita", "regime",
                  "denominazione"):
        return words(rng, 1, 9)
    return None


# Columns never changed in place: codes and references that identify rows, personal data, and the
# plan's years; also the deliberations' organ, number and date, which references name.
FIXED = {"codice", "obiettivo", "fase", "indicatore", "personale_coinvolto", "nominativo", "anno_inizio",
         "anno_fine", "struttura_superiore", "dal", "al", "numero", "organo", "misura", "valore_iniziale",
         "target", "valore", "documento", "sito_web", "logo", "email", "pec", "telefono", "unita"}


def edit_cell(rng, model):
    choices = []
    for path, table in model.tables.items():
        name = Path(path).stem
        for column in table.header:
            if column not in FIXED and table.rows and (name, column) != ("rilevazioni", "data") and cell_value(rng, model, name, column) is not None:
                choices.append((path, name, column))
    path, name, column = rng.choice(choices)
    table = model.tables[path]
    row = rng.choice(table.rows)
    if name == "delibere" and model.deliberation_reference(row) in model.referred_deliberations() and column == "data":
        return None
    value = cell_value(rng, model, name, column)
    if column in ("titolo", "nome", "oggetto", "profilo", "denominazione", "descrizione") and not value:
        return None
    row[table.col(column)] = value
    return "cella", [path]


def new_row(model, table, values):
    row = [""] * len(table.header)
    for column, value in values.items():
        if table.has(column):
            row[table.col(column)] = value
    return row


def add_row(rng, model):
    kind = rng.choice(["delibere", "obiettivi", "fasi", "fasi", "indicatori", "rilevazioni", "aree-strategiche",
                       "obiettivi-strategici", "strutture", "dotazione-organica", "piano-assunzioni"])
    table = model.table(kind)
    objectives = model.table("obiettivi").values("codice")
    if kind == "delibere":
        values = {"organo": rng.choice(["CdA", "Assemblea"]), "numero": model.fresh("9"), "data": date(rng),
                  "oggetto": words(rng, 3, 10), "tipo": "Deliberazione"}
    elif kind == "obiettivi":
        values = {"codice": model.fresh("9"), "titolo": words(rng, 3, 10), "tipo": rng.choice(ENUMS[("obiettivi", "tipo")]),
                  "aree_strategiche": pick_list(rng, model.table("aree-strategiche").values("codice"), 2),
                  "peso_primo_anno": percent(rng)}
    elif kind == "fasi":
        objective = rng.choice(objectives)
        values = {"obiettivo": objective, "codice": f"{objective}.{model.fresh('9')}", "descrizione": long_text(rng),
                  "scadenza": date(rng), "peso_obiettivo": percent(rng)}
    elif kind == "indicatori":
        objective = rng.choice(objectives)
        values = {"obiettivo": objective, "codice": f"{objective}.i{model.fresh()}", "descrizione": words(rng, 3, 8),
                  "tipo": rng.choice(ENUMS[("indicatori", "tipo")]), "misura": "numero",
                  "valore_iniziale": str(rng.randint(0, 50)), "target": str(rng.randint(50, 100))}
    elif kind == "rilevazioni":
        steps = model.table("fasi")
        if not steps.rows:
            return None
        step = rng.choice(steps.rows)
        key = (step[steps.col("obiettivo")], step[steps.col("codice")])
        taken = {row[table.col("data")] for row in table.rows if (row[table.col("obiettivo")], row[table.col("fase")]) == key}
        day = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2025, 2027)}"
        if day in taken:
            return None
        values = {"obiettivo": key[0], "fase": key[1], "data": day,
                  "stato": rng.choice(ENUMS[("rilevazioni", "stato")]), "nota": words(rng, 2, 6)}
    elif kind == "aree-strategiche":
        values = {"codice": model.fresh("9"), "nome": words(rng, 2, 5)}
    elif kind == "obiettivi-strategici":
        values = {"codice": model.fresh("9X"), "area": rng.choice(model.table("aree-strategiche").values("codice")),
                  "titolo": words(rng, 3, 8)}
    elif kind == "strutture":
        values = {"codice": model.fresh("soak-"), "nome": words(rng, 2, 4), "tipo": "ufficio", "responsabile": words(rng, 1, 2)}
        existing = table.values("codice")
        if existing and rng.random() < 0.5:
            values["struttura_superiore"] = rng.choice(existing)
    elif kind == "dotazione-organica":
        values = {"area": words(rng, 1, 3), "profilo": words(rng, 1, 3), "ore_settimanali": str(rng.randint(6, 36))}
    else:
        values = {"anno": str(rng.randint(2025, 2027)), "profilo": words(rng, 1, 3), "numero": str(rng.randint(1, 3)),
                  "stato": rng.choice(ENUMS[("piano-assunzioni", "stato")])}
    table.rows.insert(rng.randint(0, len(table.rows)), new_row(model, table, values))
    return "riga aggiunta", [model.path_of(kind)]


def removable(model, kind, row):
    """Whether nothing refers to `row` of table `kind`, and the table keeps what the site needs."""
    table = model.table(kind)
    code = row[table.col("codice")] if table.has("codice") else None
    if kind == "obiettivi":
        return len(table.rows) > 3 and code not in model.referred_objectives()
    if kind == "fasi":
        return (row[table.col("obiettivo")], code) not in model.referred_steps()
    if kind == "aree-strategiche":
        return len(table.rows) > 2 and code not in model.referred_areas()
    if kind == "obiettivi-strategici":
        return code not in model.listed("obiettivi", "obiettivi_strategici")
    if kind == "strutture":
        return code not in model.referred_structures()
    if kind == "delibere":
        return model.deliberation_reference(row) not in model.referred_deliberations()
    return True


def remove_row(rng, model):
    kind = rng.choice(["delibere", "obiettivi", "fasi", "fasi", "indicatori", "rilevazioni", "aree-strategiche",
                       "obiettivi-strategici", "strutture", "dotazione-organica", "piano-assunzioni"])
    table = model.table(kind)
    candidates = [row for row in table.rows if removable(model, kind, row)]
    if not candidates:
        return None
    table.rows.remove(rng.choice(candidates))
    return "riga tolta", [model.path_of(kind)]


def edit_page(rng, model):
    path = rng.choice(sorted(model.pages))
    page = model.pages[path]
    what = rng.randrange(3)
    if what == 0:
        page.front["title"] = '"' + words(rng, 2, 7, 0) + '"'
    elif what == 1:
        page.front["weight"] = str(rng.randint(1, 99))
    else:
        page.body = page.body.rstrip("\n") + "\n\n" + long_text(rng) + "\n"
    return "pagina modificata", [path]


def rename_page(rng, model):
    old = rng.choice(sorted(model.pages))
    slug = "-".join(rng.sample(WORDS, 2))
    if rng.random() < 0.6:
        new = f"content/piani/{PLAN}/{rng.randint(0, 99):02d}-{slug}-{model.fresh()}.md"
    else:
        new = f"content/approfondimenti/{slug}-{model.fresh()}.md"
    model.pages[new] = model.pages.pop(old)
    return "pagina rinominata", (old, new)


def invalid_bytes(rng, model):
    """An invalid save of one file: the file and the bytes; the model is unchanged."""
    what = rng.choice(["data", "doppione", "valore", "riferimento", "percentuale", "obbligatorio", "virgolette", "pagina"])
    if what == "pagina":
        path = rng.choice(sorted(model.pages))
        return what, path, model.pages[path].render().replace(b"+++\n", b"+++\ntitolo_sconosciuto = \"x\"\n", 1)
    if what == "data":
        path = rng.choice([model.path_of("fasi"), model.path_of("delibere"), model.path_of("obiettivi")])
        table = model.tables[path]
        if not table.rows:
            return unclosed_quote(model)
        column = {"fasi": "scadenza", "delibere": "data", "obiettivi": "data_aggiornamento"}[Path(path).stem]
        rows = [list(row) for row in table.rows]
        rng.choice(rows)[table.col(column)] = rng.choice(["31/02/2026", "32/01/2025", "2026-13-01", "30/02/25"])
        return what, path, table.render(rows)
    if what == "doppione":
        kind = rng.choice(["obiettivi", "fasi", "aree-strategiche", "delibere", "strutture"])
        table, path = model.table(kind), model.path_of(kind)
        if not table.rows:
            return unclosed_quote(model)
        rows = [list(row) for row in table.rows]
        rows.append(list(rng.choice(rows)))
        return what, path, table.render(rows)
    if what in ("riferimento", "percentuale") and not model.table("fasi").rows:
        return unclosed_quote(model)
    cells = {
        "valore": ("obiettivi", "tipo", "strategico"),
        "riferimento": ("fasi", "obiettivo", "inesistente"),
        "percentuale": ("fasi", "peso_obiettivo", "dieci%"),
        "obbligatorio": ("obiettivi", "titolo", ""),
    }
    if what in cells:
        kind, column, value = cells[what]
        table, path = model.table(kind), model.path_of(kind)
        rows = [list(row) for row in table.rows]
        rng.choice(rows)[table.col(column)] = value
        return what, path, table.render(rows)
    return unclosed_quote(model)


def unclosed_quote(model):
    """A table whose last row opens a quoted cell and never closes it."""
    path = model.path_of("dotazione-organica")
    return "virgolette", path, model.tables[path].render() + b'"Area senza fine;x;y\n'


# ---------------------------------------------------------------------------------------------
# The preview


class Preview:
    """`trasparenza serve` on the site, with what it prints and its live-reload stream read on threads."""

    def __init__(self, binary, site, temporary):
        self.port = free_port()
        self.lock = threading.Lock()
        self.started = 0  # "Modificati:" lines: rebuilds begun
        self.reread = 0  # rebuilds abandoned because the files changed while being read
        self.built = 0  # "Ricostruite" lines: good rebuilds (the first build included)
        self.failed = 0  # failed rebuilds
        self.ended = 0  # rebuilds begun that ended, built, failed or read again, as their lines say
        self.events = 0  # messages of the live-reload stream
        self.early = 0  # "Aggiornata la pagina" lines: an edited objective's page written before its rebuild
        self.last_activity = time.monotonic()
        self.last_started = 0.0
        self.panics = []
        self.stderr_tail = []
        self.stdout_tail = []
        # Each rebuild begun: when, and once ended how ("ok", "failed", "reread") with the
        # diagnostics it printed.
        self.rebuilds = []
        self.printed = []
        env = dict(os.environ, TMPDIR=str(temporary))
        self.process = subprocess.Popen(
            [str(binary), "serve", "--site", str(site), "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True, errors="replace")
        threading.Thread(target=self._read, args=(self.process.stdout, False), daemon=True).start()
        threading.Thread(target=self._read, args=(self.process.stderr, True), daemon=True).start()
        deadline = time.monotonic() + 120
        while self.get("/")[0] != 200:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SoakFailure(f"the preview never answered (exit code {self.process.poll()})")
            time.sleep(0.1)
        self.stream_ready = threading.Event()
        threading.Thread(target=self._listen, daemon=True).start()
        if not self.stream_ready.wait(10):
            raise SoakFailure("the live-reload stream never opened")

    def _read(self, stream, errors):
        for line in stream:
            now = time.monotonic()
            with self.lock:
                self.last_activity = now
                if line.startswith("Modificati:"):
                    self.started += 1
                    self.last_started = now
                    self.rebuilds.append([now, None, line.strip()])
                    self.printed = []
                elif line.startswith("Aggiornata la pagina"):
                    self.early += 1
                elif line.startswith("Ricostruite"):
                    self.built += 1
                    self._ended("ok")
                elif line.startswith("File modificati durante la lettura"):
                    self.reread += 1
                    self._ended("reread")
                elif line.startswith(("Il sito mostrato resta", "Il sito sarà mostrato")):
                    self.failed += 1
                    self._ended("failed")
                elif errors and line.startswith("errore"):
                    self.printed.append(line.strip())
                if not errors:
                    self.stdout_tail = (self.stdout_tail + [line.rstrip("\n")])[-40:]
                if errors:
                    self.stderr_tail = (self.stderr_tail + [line.rstrip("\n")])[-40:]
                    if "panicked" in line or "RUST_BACKTRACE" in line:
                        self.panics.append(line.rstrip("\n"))

    def _ended(self, outcome):
        """Records how the oldest rebuild begun and not ended ended (the first build has no entry)."""
        for rebuild in self.rebuilds:
            if rebuild[1] is None:
                rebuild[1] = outcome
                rebuild.append(self.printed)
                self.ended += 1
                break
        self.printed = []

    def _listen(self):
        """Counts the messages of the live-reload stream, as activity: the stream sends one when a
        rebuild ends or a page is written before its rebuild, one for several that come together."""
        with socket.create_connection(("127.0.0.1", self.port)) as stream:
            stream.sendall(f"GET {EVENTS} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n\r\n".encode())
            for line in stream.makefile("r", encoding="utf-8", errors="replace"):
                if line.startswith("retry:"):
                    self.stream_ready.set()
                elif line.startswith("data:"):
                    with self.lock:
                        self.events += 1
                        self.last_activity = time.monotonic()

    def get(self, path):
        """Status and body of a GET; (0, "") when the server does not answer."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=10) as stream:
                stream.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{self.port}\r\n\r\n".encode())
                chunks = []
                while chunk := stream.recv(65536):
                    chunks.append(chunk)
        except OSError:
            return 0, ""
        response = b"".join(chunks).decode("utf-8", "replace")
        head, _, body = response.partition("\r\n\r\n")
        try:
            return int(head.split(" ")[1]), body
        except (IndexError, ValueError):
            return 0, ""

    def pending(self):
        """Rebuilds begun and not yet ended. A rebuild prints how it ended while it holds the state
        the server answers from, and updates that state before it lets go: once the line is read,
        every request sees the rebuild's outcome."""
        with self.lock:
            return self.started - self.ended

    def alive(self):
        if self.process.poll() is not None:
            raise SoakFailure(f"the preview exited with code {self.process.returncode}:\n" + "\n".join(self.stderr_tail))
        if self.panics:
            raise SoakFailure("the preview panicked:\n" + "\n".join(self.panics))

    def wait_landed(self, saved_at, timeout=30):
        """Waits for a rebuild begun after the save at `saved_at` (monotonic) to end, built or failed."""
        deadline = time.monotonic() + timeout
        while True:
            self.alive()
            with self.lock:
                begun = self.last_started > saved_at
                # A rebuild abandoned to read the files again is followed by another.
                reread = bool(self.rebuilds) and self.rebuilds[-1][1] == "reread"
                ended = bool(self.rebuilds) and self.rebuilds[-1][1] is not None
            if begun and ended and not reread and self.pending() <= 0:
                return
            if time.monotonic() > deadline:
                raise SoakFailure(f"no rebuild ended within {timeout} s of a save (pending {self.pending()}):\n"
                                  + self.recent(saved_at))
            time.sleep(0.02)

    def recent(self, since):
        """The last rebuilds and what the preview printed, for a failure's message."""
        with self.lock:
            lines = [f"  {begun - since:+.2f} s {changed} -> {outcome}" for begun, outcome, changed, *_ in self.rebuilds[-6:]]
            return "\n".join(lines + self.stdout_tail[-10:] + self.stderr_tail[-10:])

    def settle(self, quiet, timeout=60):
        """Waits until no rebuild is pending and nothing happened for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            self.alive()
            with self.lock:
                idle = time.monotonic() - self.last_activity
            if self.pending() <= 0 and idle >= quiet:
                return
            if time.monotonic() > deadline:
                raise SoakFailure(f"the preview did not settle within {timeout} s (pending {self.pending()}):\n"
                                  + self.recent(time.monotonic()))
            time.sleep(0.05)

    def memory(self):
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class SoakFailure(Exception):
    pass


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ---------------------------------------------------------------------------------------------
# Saving, as editors and spreadsheets do


# While a file is saved in pieces or moved aside, and while an invalid save waits for its fix: the
# times (monotonic) and what. A rebuild that fails outside these windows failed on valid files.
WINDOWS = []


def save(rng, site, path, data, manner, counts):
    """Saves `data` as the file `path` of `site` in `manner`; returns when the save is complete."""
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    counts[manner] += 1
    begun = time.monotonic()
    write(rng, target, data, manner)
    if manner in ("in due parti", "copia di riserva"):
        WINDOWS.append((begun, time.monotonic(), manner))


def write(rng, target, data, manner):
    if manner == "in due parti":
        cut = rng.randint(1, max(1, len(data) - 1))
        with open(target, "wb") as file:
            file.write(data[:cut])
            file.flush()
            time.sleep(0.3)
            file.write(data[cut:])
    elif manner == "file temporaneo rinominato":
        temporary = target.with_name(f".{target.name}.{rng.randrange(10**6)}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
    elif manner == "copia di riserva":
        backup = target.with_name(target.name + "~")
        os.replace(target, backup)
        target.write_bytes(data)
        backup.unlink()
    elif manner == "con file di blocco":
        lock = target.with_name(f".~lock.{target.name}#")
        lock.write_text(",utente,pc,01.01.2026 10:00,file:///x;")
        target.write_bytes(data)
        lock.unlink()
    else:
        target.write_bytes(data)


MANNERS = ["diretto"] * 10 + ["in due parti"] * 2 + ["file temporaneo rinominato"] * 2 + ["copia di riserva", "con file di blocco"]


# ---------------------------------------------------------------------------------------------
# Comparing folders


def tree(folder):
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        found[relative] = None if path.is_dir() else path.read_bytes()
    return found


def compare(served, clean):
    """The differences between two folders, as lines (none when byte-identical)."""
    a, b = tree(served), tree(clean)
    problems = []
    for path in sorted(set(a) - set(b)):
        problems.append(f"only in the preview's output: {path}")
    for path in sorted(set(b) - set(a)):
        problems.append(f"only in the clean build: {path}")
    differing = [path for path in sorted(set(a) & set(b)) if a[path] != b[path]]
    for path in differing:
        problems.append(f"differs: {path}")
    for path in differing[:3]:
        if a[path] is None or b[path] is None:
            continue
        diff = difflib.unified_diff(
            b[path].decode("utf-8", "replace").splitlines(), a[path].decode("utf-8", "replace").splitlines(),
            f"build/{path}", f"anteprima/{path}", lineterm="", n=1)
        problems.extend(line[:300] for line in list(diff)[:40])
    return problems


def preview_folder(temporary):
    users = list(temporary.glob("trasparenza-*"))
    folders = [folder for user in users for folder in user.glob("anteprima-*")]
    if len(folders) != 1:
        raise SoakFailure(f"expected one preview folder under {temporary}, found {folders}")
    return folders[0]


def clean_build(binary, site, output, base):
    if output.exists():
        shutil.rmtree(output)
    done = subprocess.run([str(binary), "build", "--site", str(site), "--output", str(output), "--base-url", base],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SoakFailure(f"the clean build of the final input failed:\n{done.stderr[-3000:]}")


# ---------------------------------------------------------------------------------------------
# The soak


def soak(binary, seed, total, compare_every, work):
    rng = random.Random(seed)
    site, temporary, clean = work / "sito", work / "tmp", work / "build"
    site.mkdir()
    temporary.mkdir()
    make_site(site)
    model = Model(site)
    kinds, manners = Counter(), Counter()
    samples, comparisons = [], 0
    started = time.monotonic()
    preview = Preview(binary, site, temporary)
    base = f"http://127.0.0.1:{preview.port}/"
    steps = waited = bursts = 0
    try:
        if OVERLAY in preview.get("/")[1]:
            raise SoakFailure("the site the soak starts from is not valid")
        samples.append((0,) + preview.memory())
        done = 0
        while done < total:
            steps += 1
            size = min(total - done, rng.choice([1, 1, 1, 2, 3, 4, rng.randint(5, 12)]))
            bursts += size > 1
            saved_at = time.monotonic()
            for _ in range(size):
                saved_at = edit_once(rng, model, site, preview, kinds, manners)
                done += 1
                if size > 1:
                    time.sleep(rng.uniform(0, 0.08))
            if rng.random() < 0.55:
                preview.wait_landed(saved_at)
                waited += 1
                status, body = preview.get("/")
                if status != 200 or OVERLAY in body:
                    raise SoakFailure(f"after valid edits the home page answers {status} "
                                      f"{'with the diagnostics' if OVERLAY in body else ''}:\n" + "\n".join(preview.stderr_tail))
            else:
                time.sleep(rng.uniform(0, 0.5))
            preview.alive()
            if done // 50 > (done - size) // 50:
                preview.settle(quiet=0.6)
                samples.append((done,) + preview.memory())
                print(f"  {done:5} modifiche, {time.monotonic() - started:6.1f} s: VmRSS {samples[-1][1] / 1024:.1f} MB, "
                      f"VmHWM {samples[-1][2] / 1024:.1f} MB, ricostruzioni {preview.built - 1} riuscite, {preview.failed} fallite",
                      flush=True)
            if compare_every and done // compare_every > (done - size) // compare_every and done < total:
                check_same(preview, binary, site, temporary, clean, base, done)
                comparisons += 1
        check_same(preview, binary, site, temporary, clean, base, done)
        comparisons += 1
        preview.alive()
    finally:
        preview.stop()
    elapsed = time.monotonic() - started
    print(f"modifiche per tipo: {dict(sorted(kinds.items()))}")
    print(f"salvataggi per modo: {dict(sorted(manners.items()))}")
    print(f"passi {steps} (raffiche {bursts}, attese della ricostruzione {waited}); ricostruzioni: "
          f"{preview.built - 1} riuscite, {preview.failed} fallite, {preview.reread} rilette; "
          f"pagine di un obiettivo scritte prima della ricostruzione: {preview.early}; confronti con build: {comparisons}")
    print("memoria (modifiche: VmRSS, VmHWM in MB): " + ", ".join(f"{n}: {rss / 1024:.1f}, {hwm / 1024:.1f}" for n, rss, hwm in samples))
    explained = Counter()
    unexplained, halves = [], []
    for begun, outcome, changed, *printed in preview.rebuilds:
        if outcome != "failed":
            continue
        why = [label for start, end, label in WINDOWS if start < begun < end + 0.05]
        if why:
            explained[why[-1]] += 1
            if why[-1] != "non valida":
                halves.append(f"{changed}: " + " | ".join(printed[0][:3] if printed else []))
        else:
            unexplained.append(f"{changed}: " + " | ".join(printed[0][:3] if printed else []))
    print(f"ricostruzioni fallite: {dict(explained)} durante un salvataggio non valido o a metà, "
          f"{len(unexplained)} con tutti i file validi e interi")
    for line in halves[:10]:
        print(f"  da un file a metà: {line}")
    quarter = max(1, len(samples) // 4)
    first = statistics.median(rss for _, rss, _ in samples[:quarter])
    last = statistics.median(rss for _, rss, _ in samples[-quarter:])
    bound = MEMORY_FACTOR * first + MEMORY_SLACK_KB
    print(f"VmRSS mediano: primo quarto {first / 1024:.1f} MB, ultimo quarto {last / 1024:.1f} MB "
          f"(limite {bound / 1024:.1f} MB); VmHWM finale {samples[-1][2] / 1024:.1f} MB; durata {elapsed:.0f} s")
    if unexplained:
        raise SoakFailure("rebuilds failed with every file valid and whole:\n" + "\n".join(unexplained[:10]))
    if last > bound:
        raise SoakFailure(f"the preview's memory keeps growing: {last / 1024:.1f} MB > {bound / 1024:.1f} MB")


def edit_once(rng, model, site, preview, kinds, manners):
    """One random edit, saved; returns when its last save (of a site file) happened."""
    roll = rng.random()
    if roll < 0.07:
        kind, path, bad = invalid_bytes(rng, model)
        kinds[f"non valida, poi corretta ({kind})"] += 1
        begun = time.monotonic()
        save(rng, site, path, bad, "diretto", manners)
        if rng.random() < 0.5:
            preview.wait_landed(time.monotonic() - 0.001)
            status, body = preview.get("/")
            if status != 200 or OVERLAY not in body:
                raise SoakFailure(f"after an invalid save ({kind} in {path}) the home page answers {status} "
                                  f"{'without the diagnostics' if OVERLAY not in body else ''}")
        else:
            time.sleep(rng.uniform(0, 0.6))
        save(rng, site, path, model.bytes_of(path), rng.choice(MANNERS), manners)
        WINDOWS.append((begun, time.monotonic(), "non valida"))
        return time.monotonic()
    while True:
        roll = rng.random()
        if roll < 0.50:
            result = edit_cell(rng, model)
        elif roll < 0.67:
            result = add_row(rng, model)
        elif roll < 0.82:
            result = remove_row(rng, model)
        elif roll < 0.91:
            result = edit_page(rng, model)
        else:
            result = rename_page(rng, model)
        if result is not None:
            break
    kind, paths = result
    kinds[kind] += 1
    if kind == "pagina rinominata":
        old, new = paths
        (site / new).parent.mkdir(parents=True, exist_ok=True)
        os.rename(site / old, site / new)
        manners["rinomina"] += 1
        return time.monotonic()
    for path in paths:
        save(rng, site, path, model.bytes_of(path), rng.choice(MANNERS), manners)
    return time.monotonic()


def check_same(preview, binary, site, temporary, clean, base, done):
    """After the last rebuild settles, the preview's output is the clean build's, byte for byte."""
    preview.settle(quiet=4.0)
    status, body = preview.get("/")
    if status != 200 or OVERLAY in body:
        raise SoakFailure(f"after {done} edits the settled preview answers {status} "
                          f"{'with the diagnostics' if OVERLAY in body else ''}:\n" + "\n".join(preview.stderr_tail))
    clean_build(binary, site, clean, base)
    problems = compare(preview_folder(temporary), clean)
    if problems:
        raise SoakFailure(f"after {done} edits the preview's output differs from a clean build "
                          f"({sum(p.startswith(('only', 'differs')) for p in problems)} files):\n" + "\n".join(problems[:80]))
    print(f"  {done:5} modifiche: l'uscita dell'anteprima è identica a una build pulita ({len(tree(clean))} voci)", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    parser.add_argument("--binary", type=Path, default=target / "release" / "trasparenza")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("SOAK_SEED", random.SystemRandom().randrange(10**9))))
    parser.add_argument("--edits", type=int, default=int(os.environ.get("SOAK_EDITS", 1000)))
    parser.add_argument("--compare-every", type=int, default=250)
    args = parser.parse_args()
    if not args.binary.is_file():
        sys.exit(f"soak: {args.binary} does not exist (cargo build --release)")
    print(f"soak dell'anteprima: seme {args.seed} (SOAK_SEED={args.seed} per ripeterlo), {args.edits} modifiche", flush=True)
    work = Path(tempfile.mkdtemp(prefix="trasparenza-soak-"))
    try:
        soak(args.binary.resolve(), args.seed, args.edits, args.compare_every, work)
    except SoakFailure as failure:
        print(f"FALLITO (seme {args.seed}): {failure}\nsito e uscite lasciati in {work}", flush=True)
        sys.exit(1)
    shutil.rmtree(work, ignore_errors=True)
    print("soak superato", flush=True)


if __name__ == "__main__":
    main()
