"""Open data of built sites, read by the tools journalists and portals use.

Usage: python check.py <public-dir> [<public-dir>...]

For each site: `frictionless validate` on dati/datapackage.json passes with zero errors; pandas
`read_csv` and DuckDB `read_csv_auto` open every CSV with the header's column count, numbers as
numbers and dates as dates; Python `feedparser` reads delibere.xml without the bozo flag, with one
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
import sys

import duckdb
import feedparser
import frictionless
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
        tables = len(json.load(handle)["resources"])
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


for argument in sys.argv[1:]:
    site(pathlib.Path(argument))
check(catalogues_read > 0, "no DCAT-AP_IT catalogue among the sites")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
