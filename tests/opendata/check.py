"""Open data of built sites, read by the tools journalists and portals use.

Usage: python check.py <public-dir> [<public-dir>...]

For each site: `frictionless validate` on dati/datapackage.json passes with zero errors; pandas
`read_csv` and DuckDB `read_csv_auto` open every CSV with the header's column count, numbers as
numbers and dates as dates; codes that look like numbers (`1.10`, `01`) keep their text in pandas
and DuckDB given the package's string columns as text, and in DuckDB's default reading of the JSON
download; openpyxl, pandas and LibreOffice (headless) read every XLSX download with its text cells
(codes, accents) as written in the CSV, dates as dates, percentages as percentages, a frozen header
row with a filter and the columns described on the first sheet; LibreOffice imports the CSV with
the options the catalogue page gives (UTF-8, string columns as text) with accents and codes intact;
Python `feedparser` reads delibere.xml without the bozo flag, with one
entry per row of delibere.csv, its own address as `atom:link rel="self"` and absolute links; rdflib reads dati/catalogo.jsonld and finds every element that
DCAT-AP_IT makes mandatory (and those this site promises besides: contact point, keywords, temporal
coverage, language, descriptions of distributions) on the catalogue, every dataset, every
distribution and the agents, with absolute IRIs only and Italian-tagged text (at least one site
must have a catalogue: one with a base address and an IPA code). A site without a base address
(no `homepage` in its data package) must have neither feed nor catalogue. Prints one line
per failed check and `N passed, M failed` last.

No package of a registry ships the DCAT-AP_IT SHACL shapes (ckanext-dcatapit, which holds them, is
not on PyPI), so the profile's elements are listed below from its documentation (AgID, DCAT-AP_IT
v1.1 and 2.0) instead of being validated with pyshacl.
"""

import csv
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import duckdb
import feedparser
import frictionless
import openpyxl
import pandas
import rdflib
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAPIT = rdflib.Namespace("http://dati.gov.it/onto/dcatapit#")

# DCAT-AP_IT, from AgID's documentation of the profile: M mandatory, R recommended (checked too,
# because the site always writes them).
CATALOGUE = {
    DCTERMS.title: "M", DCTERMS.description: "M", DCTERMS.publisher: "M", DCTERMS.modified: "M",
    DCAT.dataset: "M", FOAF.homepage: "R", DCTERMS.language: "R",
}
DATASET = {
    DCTERMS.identifier: "M", DCTERMS.title: "M", DCTERMS.description: "M", DCTERMS.modified: "M",
    DCAT.theme: "M", DCTERMS.rightsHolder: "M", DCTERMS.accrualPeriodicity: "M", DCAT.distribution: "M",
    DCAT.contactPoint: "R", DCAT.keyword: "R", DCTERMS.publisher: "R", DCTERMS.temporal: "R",
    DCTERMS.language: "R",
}
DISTRIBUTION = {
    DCTERMS.format: "M", DCAT.accessURL: "M", DCTERMS.license: "M", DCTERMS.description: "M",
    DCAT.downloadURL: "R", DCAT.byteSize: "R",
}
AGENT = {DCTERMS.identifier: "M", FOAF.name: "M"}
CONTACT = {VCARD.fn: "M", VCARD.hasEmail: "M"}
ITALIAN_TEXT = (DCTERMS.title, DCTERMS.description, FOAF.name, DCAT.keyword, VCARD.fn)

passed, failed = 0, 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


def site(public):
    data = public / "dati"
    report = frictionless.validate(str(data / "datapackage.json"))
    errors = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    check(report.valid, f"{public}: frictionless validate: {errors[:5]}")
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        if resource["format"] == "xlsx":
            workbook(data / resource["path"], resource)
            continue
        path = data / resource["path"]
        fields = resource["schema"]["fields"]
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        frame = pandas.read_csv(path, dtype_backend="numpy_nullable")
        check(list(frame.columns) == [f["name"] for f in fields], f"{path}: pandas columns {list(frame.columns)}")
        check(len(frame) == len(rows) - 1, f"{path}: pandas rows {len(frame)} != {len(rows) - 1}")
        table = duckdb.sql(f"SELECT * FROM read_csv_auto('{path}', header = true)")
        check(len(table.columns) == len(fields), f"{path}: duckdb columns {table.columns}")
        check(len(table.fetchall()) == len(rows) - 1, f"{path}: duckdb rows")
        types = dict(zip(table.columns, (str(t) for t in table.types)))
        for field in fields:
            index = rows[0].index(field["name"])
            values = [row[index] for row in rows[1:]]
            if not any(values):
                continue
            if field["type"] in ("number", "integer"):
                check(pandas.api.types.is_numeric_dtype(frame[field["name"]]), f"{path}: pandas reads {field['name']} as {frame[field['name']].dtype}")
                check(types[field["name"]] in ("BIGINT", "DOUBLE", "INTEGER", "DECIMAL", "FLOAT") or types[field["name"]].startswith("DECIMAL"), f"{path}: duckdb reads {field['name']} as {types[field['name']]}")
            if field["type"] == "date":
                check(types[field["name"]] == "DATE", f"{path}: duckdb reads {field['name']} as {types[field['name']]}")
        codes_keep_their_text(path, rows, fields)
    libreoffice(data, package)
    if "homepage" not in package:
        check(not (public / "delibere.xml").exists(), f"{public}: a feed without a base address")
        check(not (data / "catalogo.jsonld").exists(), f"{public}: a catalogue without a base address")
        return
    # With a base address the catalogue is written when the entity's IPA code is known too.
    if (data / "catalogo.jsonld").exists():
        catalogue(public, data / "catalogo.jsonld")
    feed = feedparser.parse(str(public / "delibere.xml"))
    check(not feed.bozo, f"{public}: feedparser bozo: {feed.get('bozo_exception')}")
    with (data / "delibere.csv").open(encoding="utf-8", newline="") as handle:
        deliberations = len(list(csv.reader(handle))) - 1
    check(len(feed.entries) == deliberations, f"{public}: {len(feed.entries)} feed entries for {deliberations} deliberations")
    links = feed.feed.get("links", [])
    check(any(l.get("rel") == "self" and l.get("href", "").endswith("/delibere.xml") for l in links), f"{public}: no atom:link rel=self in {links}")
    for entry in feed.entries:
        check(entry.link.startswith(("https://", "http://")), f"{public}: relative link {entry.link}")


def has_all(graph, node, elements, what):
    for predicate in elements:
        check(graph.value(node, predicate) is not None, f"{what}: no {graph.qname(predicate)}")


catalogues_read = 0


def catalogue(public, path):
    global catalogues_read
    catalogues_read += 1
    graph = rdflib.Graph().parse(path, format="json-ld")
    catalogues = list(graph.subjects(RDF.type, DCAT.Catalog))
    check(len(catalogues) == 1, f"{path}: {len(catalogues)} dcat:Catalog")
    for node in catalogues:
        has_all(graph, node, CATALOGUE, f"{path}: the catalogue")
        modified = graph.value(node, DCTERMS.modified)
        check(getattr(modified, "datatype", None) == XSD.date, f"{path}: dct:modified {modified} is not an xsd:date")
    datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
    with (public / "dati" / "datapackage.json").open(encoding="utf-8") as handle:
        tables = sum(1 for r in json.load(handle)["resources"] if r["format"] == "csv")
    check(len(datasets) == tables, f"{path}: {len(datasets)} datasets for {tables} tables")
    agents = set(graph.objects(None, DCTERMS.publisher)) | set(graph.objects(None, DCTERMS.rightsHolder))
    for agent in agents:
        has_all(graph, agent, AGENT, f"{path}: the agent {agent}")
        check((agent, RDF.type, DCATAPIT.Agent) in graph, f"{path}: {agent} is not a dcatapit:Agent")
    ipa = {str(graph.value(agent, DCTERMS.identifier)) for agent in agents}
    for dataset in datasets:
        has_all(graph, dataset, DATASET, f"{path}: {dataset}")
        identifier = str(graph.value(dataset, DCTERMS.identifier))
        if ipa and ipa != {"None"}:
            check(any(identifier.startswith(f"{code}:") for code in ipa), f"{path}: {identifier} is not <IPA code>:<id>")
        period = graph.value(dataset, DCTERMS.temporal)
        if period is not None:
            check(graph.value(period, DCAT.startDate) is not None, f"{path}: {dataset} temporal without a start")
        for contact in graph.objects(dataset, DCAT.contactPoint):
            has_all(graph, contact, CONTACT, f"{path}: the contact point {contact}")
            check(str(graph.value(contact, VCARD.hasEmail)).startswith("mailto:"), f"{path}: {contact} e-mail")
        for distribution in graph.objects(dataset, DCAT.distribution):
            has_all(graph, distribution, DISTRIBUTION, f"{path}: {distribution}")
            check((distribution, RDF.type, DCAT.Distribution) in graph, f"{path}: {distribution} has no type")
            download = str(graph.value(distribution, DCAT.downloadURL))
            relative = download.split("/dati/", 1)[1] if "/dati/" in download else ""
            check((public / "dati" / relative).is_file(), f"{path}: {download} is not a file of the site")
    for triple in graph:
        for term in triple:
            if isinstance(term, rdflib.URIRef):
                check(str(term).split(":", 1)[0] in ("http", "https", "mailto"), f"{path}: relative IRI {term}")
        predicate, value = triple[1], triple[2]
        if predicate in ITALIAN_TEXT:
            check(isinstance(value, rdflib.Literal) and value.language == "it", f"{path}: {graph.qname(predicate)} «{value}» is not tagged @it")


NUMERIC = re.compile(r"^[0-9][0-9.]*$")


def unneutralised(text):
    """A CSV cell's text without the apostrophe that keeps a spreadsheet from running it."""
    return text[1:] if text.startswith("'") and text[1:2] and text[1] in "=+-@\t\r" else text


def text_columns(rows, fields):
    """The string columns of a CSV, each as its header's name and its values."""
    return {f["name"]: [row[i] for row in rows[1:]] for i, f in enumerate(fields) if f["type"] == "string"}


def codes_keep_their_text(path, rows, fields):
    """Text that looks like a number reads back as the same text, given the package's types."""
    texts = text_columns(rows, fields)
    frame = pandas.read_csv(path, dtype={name: str for name in texts}, keep_default_na=False)
    types = {name: "VARCHAR" for name in texts}
    table = duckdb.sql(f"SELECT * FROM read_csv('{path}', header = true, types = {types})")
    duck = dict(zip(table.columns, zip(*table.fetchall()))) if len(rows) > 1 else {}
    document = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    by_default = duckdb.sql(f"SELECT * FROM read_json('{path.with_suffix('.json')}')") if document else None
    default = dict(zip(by_default.columns, zip(*by_default.fetchall()))) if by_default else {}
    for name, values in texts.items():
        numeric = [v for v in values if NUMERIC.match(v)]
        if not numeric:
            continue
        check(list(frame[name]) == values, f"{path}: pandas with dtype str changes {name}")
        check([v or "" for v in duck[name]] == values, f"{path}: duckdb with VARCHAR changes {name}")
        read = [";".join(v) if isinstance(v, list) else str(v) for v, raw in zip(default.get(name, ()), values) if NUMERIC.match(raw)]
        check(read == numeric, f"{path}: duckdb read_json changes {name}: {read[:3]} for {numeric[:3]}")


def workbook(path, resource):
    """The XLSX download against its CSV twin: same header, same text, typed cells."""
    with path.with_suffix(".csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    fields = resource["schema"]["fields"]
    book = openpyxl.load_workbook(path)
    check(book.sheetnames == ["colonne", "dati"], f"{path}: sheets {book.sheetnames}")
    described = [row[0] for row in book["colonne"].iter_rows(min_row=6, values_only=True)]
    check(described == [f["name"] for f in fields], f"{path}: columns described {described}")
    sheet = book["dati"]
    cells = list(sheet.iter_rows())
    check([c.value for c in cells[0]] == rows[0], f"{path}: header {[c.value for c in cells[0]]}")
    check(len(cells) == len(rows), f"{path}: {len(cells) - 1} rows for {len(rows) - 1}")
    check(sheet.freeze_panes == "A2", f"{path}: frozen at {sheet.freeze_panes}")
    check(sheet.auto_filter.ref == f"A1:{cells[0][-1].column_letter}{len(rows)}", f"{path}: filter {sheet.auto_filter.ref}")
    for i, field in enumerate(fields):
        for cell, row in zip((r[i] for r in cells[1:]), rows[1:]):
            if not row[i]:
                check(cell.value is None, f"{path}: {cell.coordinate} {cell.value!r} for an empty cell")
            elif field["type"] == "string":
                ok = cell.data_type == "s" and cell.value == unneutralised(row[i])
                check(ok, f"{path}: {cell.coordinate} {cell.value!r} for {row[i]!r}")
            elif field["type"] == "date":
                check(cell.is_date and cell.value.date().isoformat() == row[i], f"{path}: {cell.coordinate} {cell.value!r}")
            elif "punti percentuali" in field.get("description", ""):
                check(cell.number_format.endswith("%") and abs(cell.value * 100 - float(row[i])) < 1e-9, f"{path}: {cell.coordinate} {cell.value!r} {cell.number_format}")
            elif field["type"] in ("number", "integer"):
                check(cell.data_type == "n" and cell.value == float(row[i]), f"{path}: {cell.coordinate} {cell.value!r} for {row[i]}")
    texts = text_columns(rows, fields)
    frame = pandas.read_excel(path, sheet_name="dati", dtype={name: str for name in texts}, keep_default_na=False)
    for name, values in texts.items():
        read = ["" if pandas.isna(v) else v for v in frame[name]]
        check(read == [unneutralised(v) for v in values], f"{path}: pandas read_excel changes {name}: {read[:3]}")


def libreoffice(data, package):
    """LibreOffice, headless, opens every XLSX (no options: a workbook has none) and the CSV of
    the steps and of the entity with the import options the catalogue page gives; what it shows
    of the string columns is the CSV's text, accents and codes included."""
    soffice = shutil.which("soffice")
    check(soffice is not None, "soffice (LibreOffice) is installed")
    if soffice is None:
        return
    workbooks = [r for r in package["resources"] if r["format"] == "xlsx"]
    imported = [r for r in package["resources"] if r["format"] == "csv" and pathlib.Path(r["path"]).stem in ("fasi", "ente")]
    with tempfile.TemporaryDirectory() as scratch:
        shown = {}
        for folder in sorted({(data / r["path"]).parent for r in workbooks}):
            paths = [data / r["path"] for r in workbooks if (data / r["path"]).parent == folder]
            shown.update(convert(soffice, paths, pathlib.Path(scratch) / "xlsx" / folder.name, "", 2))
        for resource in imported:
            path = data / resource["path"]
            columns = "/".join(f"{i + 1}/{2 if f['type'] == 'string' else 1}" for i, f in enumerate(resource["schema"]["fields"]))
            shown.update(convert(soffice, [path], pathlib.Path(scratch) / "csv" / path.parent.name, f"--infilter=CSV:44,34,76,1,{columns}", 1))
        for resource in workbooks + imported:
            path = data / resource["path"]
            with path.with_suffix(".csv").open(encoding="utf-8", newline="") as handle:
                rows = list(csv.reader(handle))
            for name, values in text_columns(rows, resource["schema"]["fields"]).items():
                index = rows[0].index(name)
                column = [r[index] if index < len(r) else "" for r in shown[path][1:]]
                expected = [unneutralised(v) for v in values] if resource["format"] == "xlsx" else values
                check(column == expected, f"{path}: LibreOffice shows {name} as {column[:3]} for {expected[:3]}")


def convert(soffice, paths, out, infilter, sheet):
    """The rows LibreOffice shows of `sheet` of each of `paths` (files of one folder), saved as
    UTF-8 CSV as shown, by path."""
    options = f"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,{sheet}"
    command = [soffice, "--headless", "--norestore", *([infilter] if infilter else []), "--convert-to", options, "--outdir", str(out), *map(str, paths)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    shown = {}
    for path in paths:
        written = [f for f in out.glob("*.csv") if f.stem.rsplit("-", 1)[0] == path.stem]
        with written[0].open(encoding="utf-8", newline="") as handle:
            shown[path] = list(csv.reader(handle))
    return shown


for argument in sys.argv[1:]:
    site(pathlib.Path(argument))
check(catalogues_read > 0, "no DCAT-AP_IT catalogue among the sites")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
