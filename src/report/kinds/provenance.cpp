// The sections every report ends with: what the result was computed from (its scenario_inputs:
// the scenario, the files it loaded, the supply network's and market's inputs), a market's
// uncertain inputs, and the sources behind the numbers (results/provenance.h writes both keys).
// Each appears only when the result has it, so older JSON still renders.
#include <string>
#include <vector>

#include "kinds.h"

namespace opticplan::report::detail {
namespace {

// The supply network's inputs: its calendar, then one table per list (items, lines, ...).
void supply_input_tables(Builder& b, const J& sup, const std::string& prefix, std::vector<size_t>& tables) {
  std::vector<std::vector<J>> cal = key_values(at(sup, "calendar"));
  tables.push_back(b.table(prefix + "calendar", {"input", "value"}, std::move(cal)));
  for (const char* key : {"items", "lines", "suppliers", "agreements", "customers"}) {
    const J& v = at(sup, key);
    if (!v.is_array() || v.empty()) continue;
    std::vector<std::string> cols;
    for (const auto& [k, _] : v[0].items()) cols.push_back(k);
    std::vector<std::vector<J>> rows;
    for (const auto& row : v) {
      std::vector<J> cells;
      cells.reserve(cols.size());
      for (const auto& c : cols) cells.push_back(at(row, c.c_str()));
      rows.push_back(std::move(cells));
    }
    tables.push_back(b.table(prefix + "input_" + key, cols, std::move(rows)));
  }
}

// One scenario's inputs; a comparison has two (base and what-if), each with a table prefix.
void scenario_section(Builder& b, const J& s, const std::string& prefix, const std::string& title) {
  std::vector<std::vector<J>> rows = {{"scenario", at(s, "scenario")}, {"description", at(s, "description")}};
  for (const auto& f : at(s, "files")) rows.push_back({"file", f});
  std::vector<size_t> tables = {b.table(prefix + "scenario", {"input", "value"}, std::move(rows))};
  const J& sup = at(s, "supply");
  if (sup.is_object()) supply_input_tables(b, sup, prefix, tables);
  const J& mk = at(s, "market");
  if (mk.is_object()) {
    tables.push_back(b.table(prefix + "market", {"input", "value"}, key_values(mk)));
    std::vector<std::vector<J>> classes;
    for (const auto& c : at(mk, "classes"))
      classes.push_back({at(c, "id"), at(c, "items"), at(c, "high_speed"), at(c, "ai_fraction"), at(c, "prices_usd")});
    tables.push_back(b.table(prefix + "price_classes", {"class", "items", "high_speed", "ai_fraction", "prices_usd"},
                             std::move(classes)));
  }
  if (sup.is_object() && at(sup, "source_notes").is_array() && !at(sup, "source_notes").empty()) {
    std::vector<std::vector<J>> notes;
    for (const auto& n : at(sup, "source_notes")) notes.push_back({at(n, "input"), at(n, "source")});
    tables.push_back(b.table(prefix + "source_notes", {"input", "source"}, std::move(notes)));
  }
  b.section(title,
            "What this result was computed from: the scenario and every file it loaded" +
                std::string(sup.is_object() ? ", the supply network's items, lines, suppliers, agreements and "
                                              "customers, and each input's source as the scenario wrote it."
                                            : "."),
            J(), std::move(tables));
}

// A market's uncertain inputs: their distributions and the values drawn.
void uncertain_section(Builder& b, const J& uncertain) {
  std::vector<std::vector<J>> rows;
  for (const auto& in : uncertain) {
    const J& d = at(in, "drawn");
    rows.push_back({at(in, "id"), at(in, "name"), at(in, "distribution"), at(in, "source"), at(d, "p10"), at(d, "p50"),
                    at(d, "p90"), at(d, "base")});
  }
  b.section("Uncertain inputs",
            "Each uncertain input's distribution and source, and the values the runs drew (P10/P50/P90, base run).",
            J(),
            {b.table("uncertain_inputs",
                     {"input", "name", "distribution", "source", "drawn_p10", "drawn_p50", "drawn_p90", "drawn_base"},
                     std::move(rows))});
}

void sources_section(Builder& b, const J& sources) {
  std::vector<std::vector<J>> rows;
  for (const auto& s : sources)
    rows.push_back({at(s, "id"), at(s, "title"), at(s, "publisher"), at(s, "year"), at(s, "url"), at(s, "note"),
                    joined(at(s, "cited_for"))});
  // The note first: the table takes the rows.
  const std::string note = rows.empty() ? "No catalog entry or scenario source is cited by this result."
                                        : "Every source behind the numbers of this result: those cited by the catalog "
                                          "entries it names, and those the scenario's source texts name; what each "
                                          "backs in the last column.";
  const size_t t =
      b.table("sources", {"id", "title", "publisher", "year", "url", "note", "cited_for"}, std::move(rows));
  b.section("Sources", note, J(), {t});
}

}  // namespace

void provenance_sections(Builder& b, const J& r) {
  const J& si = at(r, "scenario_inputs");
  if (si.is_object() && at(si, "base").is_object()) {
    scenario_section(b, at(si, "base"), "base_", "Scenario inputs: base");
    scenario_section(b, at(si, "what_if"), "whatif_", "Scenario inputs: what-if");
  } else if (si.is_object()) {
    scenario_section(b, si, "", "Scenario inputs");
  }
  const J& uncertain = at(r, "inputs");
  if (uncertain.is_array() && !uncertain.empty() && uncertain[0].is_object() &&
      at(uncertain[0], "distribution").is_string())
    uncertain_section(b, uncertain);
  const J& sources = at(r, "sources");
  if (sources.is_array()) sources_section(b, sources);
}

}  // namespace opticplan::report::detail
