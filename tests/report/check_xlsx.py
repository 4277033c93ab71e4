#!/usr/bin/python3
"""The XLSX workbooks as a spreadsheet program reads them: LibreOffice (headless) converts every
sheet of the plan, market and fabric-compare workbooks to CSV, and each sheet must equal the table
`--csv-dir` writes: same sheets, same header, numbers as numbers (LibreOffice is told to quote text
cells, so a number stored as text would come back quoted) with the same values, text as text, and
each period's first day (`period_start`) as a date cell. Also
checks, in the XLSX itself, that every sheet's header row is frozen, and that writing the same
result twice gives the same bytes.

Usage: check_xlsx.py OPTICPLAN_BINARY REPO_DIR WORK_DIR
"""
import csv
import glob
import os
import re
import shutil
import subprocess
import sys
import zipfile

CASES = [
    ("plan", ["plan", "data/scenarios/default.yaml"]),
    ("market", ["market", "tests/cases/market/small-two-classes/market.yaml"]),
    ("fabric-compare", ["fabric", "compare", "tests/cases/fabric/compare-designs/designs.yaml"]),
    ("quote", ["quote", "data/scenarios/default.yaml", "--customer", "neocloud", "--item", "osfp-1.6t-2xdr4-siph",
               "--quantity", "6000", "--due", "2026-W12"]),
    ("select", ["select", "--speed", "800G", "--length", "1.2km", "--fiber", "smf"]),
    ("source", ["source", "tests/cases/source/cluster-json/cluster.yaml"]),
]


def fields(line):
    """Splits one CSV line, keeping whether each field was quoted."""
    out, i = [], 0
    while i <= len(line):
        if i < len(line) and line[i] == '"':
            j, text = i + 1, []
            while True:
                if line[j] == '"' and j + 1 < len(line) and line[j + 1] == '"':
                    text.append('"')
                    j += 2
                elif line[j] == '"':
                    break
                else:
                    text.append(line[j])
                    j += 1
            out.append(("".join(text), True))
            i = j + 2
        else:
            j = line.find(",", i)
            j = len(line) if j < 0 else j
            out.append((line[i:j], False))
            i = j + 1
    return out


def is_number(s):
    try:
        float(s)
        return s not in ("", "true", "false") and not s.lower().startswith(("nan", "inf"))
    except ValueError:
        return False


def main():
    binary, repo, work = sys.argv[1], sys.argv[2], sys.argv[3]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    env = dict(os.environ, OPTICPLAN_DATA=os.path.join(repo, "data"))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("FAIL: LibreOffice (soffice) is not installed: run scripts/setup")
        return 1
    failures, numeric_cells, dates = [], 0, 0
    for name, args in CASES:
        result = os.path.join(work, name + ".json")
        with open(result, "wb") as f:
            f.write(subprocess.run([binary] + args + ["--json"], cwd=repo, env=env, check=True, capture_output=True).stdout)
        xlsx, again, tables = (os.path.join(work, name + ".xlsx"), os.path.join(work, name + "-again.xlsx"),
                               os.path.join(work, name + "-csv"))
        subprocess.run([binary, "report", result, "--xlsx", xlsx, "--csv", tables], check=True, env=env)
        subprocess.run([binary, "report", result, "--xlsx", again], check=True, env=env)
        if open(xlsx, "rb").read() != open(again, "rb").read():
            failures.append(f"{name}: two workbooks of the same result differ")
        expected = {os.path.basename(p)[:-4]: p for p in glob.glob(os.path.join(tables, "*.csv"))}
        # Sheets and frozen header rows, read from the workbook's XML.
        with zipfile.ZipFile(xlsx) as z:
            sheets = re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())
            for i, sheet in enumerate(sheets, 1):
                xml = z.read(f"xl/worksheets/sheet{i}.xml").decode()
                if not re.search(r'<pane ySplit="1"[^>]*state="frozen"', xml):
                    failures.append(f"{name}: sheet {sheet}: header row not frozen")
        # Every workbook ends with the scenario's inputs and the sources of its numbers.
        for must in ("scenario", "sources"):
            if must not in sheets:
                failures.append(f"{name}: no {must} sheet")
        if sorted(sheets) != sorted(expected):
            failures.append(f"{name}: sheets {sheets} but CSV tables {sorted(expected)}")
        # LibreOffice: every sheet to CSV, text cells quoted, full precision (not "as shown").
        out = os.path.join(work, name + "-lo")
        profile = "file://" + os.path.join(work, "lo-profile")
        proc = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                               "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,true,true,false,false,false,-1",
                               "--outdir", out, xlsx], capture_output=True, text=True, timeout=240)
        for sheet in sheets:
            lo_path = os.path.join(out, f"{name}-{sheet}.csv")
            if not os.path.exists(lo_path):
                failures.append(f"{name}: LibreOffice wrote no CSV for sheet {sheet} ({proc.stdout.strip()} {proc.stderr.strip()})")
                continue
            with open(lo_path, encoding="utf-8") as f:
                lo = [fields(l) for l in f.read().splitlines()]
            with open(expected[sheet], encoding="utf-8", newline="") as f:
                ours = list(csv.reader(f))
            if len(lo) != len(ours):
                failures.append(f"{name}/{sheet}: {len(lo)} rows in LibreOffice, {len(ours)} written")
                continue
            for r, (lo_row, row) in enumerate(zip(lo, ours)):
                for c, want in enumerate(row):
                    got, quoted = lo_row[c] if c < len(lo_row) else ("", False)
                    where = f"{name}/{sheet} row {r + 1} column {c + 1}"
                    if r > 0 and ours[0][c] == "period_start" and want:
                        dates += 1  # a date cell: LibreOffice writes it unquoted, as yyyy-mm-dd
                        if quoted or got != want:
                            failures.append(f"{where}: date {want} came back as {got!r} (quoted={quoted}): not a date cell")
                    elif r > 0 and is_number(want):
                        numeric_cells += 1
                        if quoted or not is_number(got):
                            failures.append(f"{where}: {want} is not a number in LibreOffice ({got!r}, quoted={quoted})")
                        elif abs(float(got) - float(want)) > 1e-9 * max(1.0, abs(float(want))):
                            failures.append(f"{where}: {got} in LibreOffice, {want} written")
                    elif want in ("true", "false") and r > 0:
                        if got.lower() != want:
                            failures.append(f"{where}: {got} in LibreOffice, {want} written")
                    elif want != got or (want and not quoted):
                        failures.append(f"{where}: text {want!r} came back as {got!r} (quoted={quoted})")
        print(f"{'ok  ' if not failures else 'note'} {name}: {len(sheets)} sheets")
    for f in failures[:40]:
        print("FAIL " + f)
    print(f"{numeric_cells} numeric cells and {dates} dates compared, {len(failures)} failures")
    return 1 if failures or numeric_cells == 0 or dates == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
