"""Makes a site whose every text the generator accepts carries an attack.

Usage: python3 poison.py <source-site> <new-site> <trasparenza-binary>

Copies <source-site> to <new-site>, then puts a payload of PAYLOADS (script tags, event handlers,
`javascript:` and `data:` addresses in mixed case, SVG and MathML mutations, `</script>` and CDATA
terminators, Tera delimiters) in every cell of every table, in every text value of `config.toml`,
in the title, description and body of content pages it adds (a free page, a section of the plan,
a page of the tree) and in the names of a static file and of a content page. Then it asks the
generator (`check --format json`) which of these it refuses, and puts back the original of every
refused cell, value or file, until the site checks without errors: what is left is exactly what
the generator publishes. Prints how many places carry a payload.
"""

import csv
import io
import json
import pathlib
import re
import shutil
import subprocess
import sys

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<a href=\"JaVaScRiPt:alert(1)\">clic</a>",
    "jAvAsCrIpT:alert(1)",
    " javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "<a href='DaTa:text/html,<script>alert(1)</script>'>dati</a>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "]]><script>alert(1)</script><![CDATA[",
    "</script><script>alert(1)</script>",
    "\" onmouseover=\"alert(1)\" x=\"",
    "' onfocus='alert(1)' autofocus '",
    "{{ 7 * 7 }} {% if true %}tera{% endif %} {# commento #}",
    "&lt;b&gt;già&lt;/b&gt; &amp; &#106;avascript:alert(1)",
    "[clic](javascript:alert(1)) ![x](x \"onerror=alert(1)\")",
    "<details open ontoggle=alert(1)>",
    "<form action=javascript:alert(1)><button>invia</button></form>",
]

# Keys of config.toml whose value is a setting, not text shown to people.
SETTINGS = {"url_base", "piano_corrente", "licenza", "tema", "frequenza_aggiornamento"}


def payload(index):
    return PAYLOADS[index % len(PAYLOADS)]


def read_table(path):
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter)), delimiter


def write_table(path, rows, delimiter):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def toml_string(text):
    return json.dumps(text, ensure_ascii=False)


class Poisoned:
    def __init__(self, site):
        self.site = site
        self.tables = {}  # relative path -> (rows, original rows, delimiter)
        self.config_lines = None  # (lines, original lines)
        self.added = []  # relative paths of files this script added
        self.count = 0

    def tables_(self):
        for path in sorted((self.site / "data").rglob("*.csv")):
            rows, delimiter = read_table(path)
            original = [list(r) for r in rows]
            for r, row in enumerate(rows[1:], start=1):
                for c in range(len(row)):
                    row[c] = payload(self.count)
                    self.count += 1
            relative = path.relative_to(self.site).as_posix()
            self.tables[relative] = (rows, original, delimiter)
            write_table(path, rows, delimiter)

    def config(self):
        path = self.site / "config.toml"
        lines = path.read_text(encoding="utf-8").split("\n")
        original = list(lines)
        text = re.compile(r'^(\s*)([a-z_]+)(\s*=\s*)"(.*)"\s*$')
        texts = re.compile(r'^(\s*)([a-z_]+)(\s*=\s*)\[(.*)\]\s*$')
        for i, line in enumerate(lines):
            match = text.match(line) or texts.match(line)
            if not match or match.group(2) in SETTINGS:
                continue
            value = toml_string(payload(self.count))
            if match.re is texts:
                value = f"[{value}, {toml_string(payload(self.count + 1))}]"
                self.count += 1
            lines[i] = f"{match.group(1)}{match.group(2)}{match.group(3)}{value}"
            self.count += 1
        self.config_lines = (lines, original)
        path.write_text("\n".join(lines), encoding="utf-8")

    def add(self, relative, text):
        path = self.site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.added.append(relative)
        self.count += 1

    def pages(self, plan):
        body = "\n\n".join(PAYLOADS) + "\n\n" + "\n".join(f"- {p}" for p in PAYLOADS) + "\n"
        for index, relative in enumerate(
            [
                "content/notizie.md",
                f"content/piani/{plan}/99-attacco.md",
                "content/amministrazione-trasparente/bilanci.md",
            ]
        ):
            front = f"+++\ntitle = {toml_string(payload(index))}\ndescription = {toml_string(payload(index + 1))}\n+++\n\n"
            self.add(relative, front + body)
        self.add('static/documenti/x"onmouseover=alert(1)".pdf', "%PDF-1.4\n")
        self.add('content/x"onmouseover=alert(1)".md', "+++\ntitle = \"Nome di file\"\n+++\n\nTesto.\n")

    def refuse(self, diagnostic):
        """Puts back what the diagnostic refuses; True when something was put back."""
        file, row, column = diagnostic.get("file", ""), diagnostic.get("riga"), diagnostic.get("colonna")
        if file in self.tables:
            rows, original, delimiter = self.tables[file]
            header = [h.strip().lower() for h in original[0]] if original else []
            changed = False
            if row and row >= 2 and row - 1 < len(rows):
                targets = range(len(rows[row - 1]))
                if column and column.strip().lower() in header:
                    targets = [header.index(column.strip().lower())]
                for c in targets:
                    if c < len(original[row - 1]) and rows[row - 1][c] != original[row - 1][c]:
                        rows[row - 1][c] = original[row - 1][c]
                        changed = True
            if not changed and not row:
                # Not a cell: the whole table goes back.
                for r, row_cells in enumerate(original):
                    if rows[r] != row_cells:
                        rows[r] = list(row_cells)
                        changed = True
            if changed:
                write_table(self.site / file, rows, delimiter)
            return changed
        if file == "config.toml" and self.config_lines:
            lines, original = self.config_lines
            changed = False
            message = diagnostic.get("messaggio", "")
            keys = [line.split("=")[0].strip() if "=" in line else None for line in original]
            named = [i for i, key in enumerate(keys) if key and key in message]
            if row:
                indices = [row - 1]
            elif named:
                indices = named
            else:
                indices = range(len(lines))
            for i in indices:
                if lines[i] != original[i]:
                    lines[i] = original[i]
                    changed = True
            if changed:
                (self.site / "config.toml").write_text("\n".join(lines), encoding="utf-8")
            return changed
        for relative in self.added:
            if file and (relative == file or relative.startswith(file + "/") or file.startswith(relative)):
                (self.site / relative).unlink(missing_ok=True)
                self.added.remove(relative)
                return True
        return False


def main():
    source, target, binary = map(pathlib.Path, sys.argv[1:4])
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("public", ".git"))
    plans = sorted(p.name for p in (target / "data").iterdir() if p.is_dir())
    site = Poisoned(target)
    site.tables_()
    site.config()
    site.pages(plans[-1])
    for _ in range(200):
        run = subprocess.run(
            [str(binary), "check", "--site", str(target), "--format", "json"], capture_output=True, text=True
        )
        report = json.loads(run.stdout)
        errors = [d for d in report["diagnostica"] if d["gravita"] == "errore"]
        if not errors:
            break
        if "--verbose" in sys.argv:
            for d in errors:
                print(d.get("codice"), d.get("file"), d.get("riga"), d.get("colonna"), d.get("messaggio")[:80])
        if not any([site.refuse(d) for d in errors]):
            sys.exit(f"poison.py: cannot put back what these errors refuse: {errors[:3]}")
    else:
        sys.exit("poison.py: still refused after 200 rounds")
    left = sum(
        1
        for rows, original, _ in site.tables.values()
        for r, row in enumerate(rows)
        for c, cell in enumerate(row)
        if c < len(original[r]) and cell != original[r][c]
    )
    lines, original = site.config_lines
    left += sum(1 for a, b in zip(lines, original) if a != b) + len(site.added)
    print(f"poison.py: {left} places of {target} carry a payload")
    if left < 100:
        sys.exit("poison.py: fewer than 100 places carry a payload")


main()
