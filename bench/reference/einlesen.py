#!/usr/bin/env python3
"""The straightforward pipeline's first half, as a city's IT would write it: openpyxl reads
every workbook of a project (the AG workbooks and the attendance lists) and writes one JSON
file for the Typst templates beside this script. Not part of the product: the reference
that bench/run measures ratsvorlage against (issue #17).

    python3 einlesen.py PROJECT OUT.json
"""
import json
import sys
import tomllib
from pathlib import Path

import openpyxl


def rows_below_header(sheet, first_header):
    """The rows under the first row whose first cell is `first_header`, up to the end."""
    rows = sheet.iter_rows(values_only=True)
    for row in rows:
        if row and row[0] is not None and str(row[0]).strip() == first_header:
            break
    for row in rows:
        if any(cell is not None and str(cell).strip() != "" for cell in row):
            yield [("" if cell is None else str(cell).strip()) for cell in row]


def read_ag(path):
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheets = {sheet.title: sheet for sheet in workbook.worksheets}
    title = next(sheets["Ziele"].iter_rows(values_only=True))[0] or path.stem
    name = str(title).removeprefix("Arbeitsgruppe ").split(" – ")[0]
    goals, order = {}, []
    for nr, text, priority, guiding, *_ in rows_below_header(sheets["Ziele"], "Nr."):
        goals[nr] = {"nr": nr, "text": text, "prioritaet": priority, "leitziel": guiding, "massnahmen": []}
        order.append(nr)
    goal = None
    for cell, nr, text, proposal, contacts, timeframe, funding, *_ in rows_below_header(sheets["Maßnahmen"], "Ziel"):
        goal = cell or goal  # a merged goal cell is blank below its first row
        goals[goal]["massnahmen"].append({
            "nr": nr, "text": text, "umsetzung": proposal,
            "ansprechpartner": [c.strip() for c in contacts.replace(";", ",").split(",") if c.strip()],
            "zeitrahmen": timeframe, "finanzierung": funding,
        })
    situation = [{"art": art, "text": text} for art, text, *_ in rows_below_header(sheets["Ausgangslage"], "Art")]
    sessions = [{"nr": nr, "datum": date} for nr, date, *_ in rows_below_header(sheets["Sitzungen"], "Nr")]
    ranked = sorted(order, key=lambda nr: int(goals[nr]["prioritaet"] or 0))
    return {"name": name, "ziele": [goals[nr] for nr in ranked], "ausgangslage": situation, "sitzungen": sessions}


def main():
    project, out = Path(sys.argv[1]), Path(sys.argv[2])
    settings = tomllib.loads((project / "konzept.toml").read_text(encoding="utf-8"))
    ags = [read_ag(path) for path in sorted((project / "ag").glob("*.xlsx"))]
    people = set()
    for path in sorted((project / "teilnehmende").glob("*.xlsx")):
        for sheet in openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets:
            for row in rows_below_header(sheet, "Name"):
                people.add(tuple(row[:2]))
    concept = {
        "stadt": settings["stadt"]["name"],
        "titel": settings["konzept"]["titel"],
        "vorlage": settings["vorlage"]["nummer"],
        "arbeitsgruppen": ags,
        "teilnehmende": len(people),
    }
    out.write_text(json.dumps(concept, ensure_ascii=False, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
