#!/usr/bin/env python3
"""Market analyst: the shipped market scenario's bands, as a chart.

Runs the AI optics market 200 times and draws the market value per year (P10-P90 band, P50 line)
and 1.6T shipments with matplotlib.

    PYTHONPATH=build/release/python /usr/bin/python3 examples/analyst_market_bands.py [OUT_DIR]

Writes OUT_DIR/market_bands.png and OUT_DIR/market_bands.csv (default: the working directory).
"""
import pathlib
import sys

import matplotlib

matplotlib.use("Agg")  # a file, no display
import matplotlib.pyplot as plt  # noqa: E402

import opticplan  # noqa: E402

OUT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
scenario = opticplan.load(pathlib.Path(opticplan.data_dir) / "scenarios" / "ai-optics-2026.yaml")
market = scenario.market(runs=200, threads=2)
bands = market.bands()

fig, (value_ax, ships_ax) = plt.subplots(1, 2, figsize=(11, 4))
value = bands[bands["measure"] == "market_value_usd"]
years = value["period"].astype(int)
value_ax.fill_between(years, value["p10"] / 1e9, value["p90"] / 1e9, alpha=0.3, label="P10-P90")
value_ax.plot(years, value["p50"] / 1e9, marker="o", label="P50")
value_ax.set_title("Optical module market value")
value_ax.set_ylabel("$B")
value_ax.legend()
ships = bands[(bands["measure"] == "shipments") & (bands["class"] == "1.6T")]
ships_ax.fill_between(years, ships["p10"] / 1e6, ships["p90"] / 1e6, alpha=0.3)
ships_ax.plot(years, ships["p50"] / 1e6, marker="o")
ships_ax.set_title("1.6T shipments")
ships_ax.set_ylabel("million modules")
for ax in (value_ax, ships_ax):
    ax.set_xticks(list(years))
fig.tight_layout()
OUT.mkdir(parents=True, exist_ok=True)
fig.savefig(OUT / "market_bands.png", dpi=100)
bands.to_csv(OUT / "market_bands.csv", index=False)
p50 = value.set_index("period")["p50"]
print(f"market value P50: 2025 ${p50['2025'] / 1e9:.1f}B, 2026 ${p50['2026'] / 1e9:.1f}B")
