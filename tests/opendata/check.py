"""Open data of built sites, read by the tools journalists and portals use.

Usage: python check.py <public-dir> [<public-dir>...]

For each site: `frictionless validate` on dati/datapackage.json passes with zero errors; pandas
`read_csv` and DuckDB `read_csv_auto` open every CSV with the header's column count, numbers as
numbers and dates as dates; Python `feedparser` reads delibere.xml without the bozo flag, with one
entry per row of delibere.csv. Prints one line per failed check and `N passed, M failed` last.
"""

import csv
import json
import pathlib
import sys

import duckdb
import feedparser
import frictionless
import pandas

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
    feed = feedparser.parse(str(public / "delibere.xml"))
    check(not feed.bozo, f"{public}: feedparser bozo: {feed.get('bozo_exception')}")
    with (data / "delibere.csv").open(encoding="utf-8", newline="") as handle:
        deliberations = len(list(csv.reader(handle))) - 1
    check(len(feed.entries) == deliberations, f"{public}: {len(feed.entries)} feed entries for {deliberations} deliberations")


for argument in sys.argv[1:]:
    site(pathlib.Path(argument))
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
