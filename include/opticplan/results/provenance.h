// Provenance of a result: the scenario's inputs and the sources of their numbers, so that every
// report can end with "what was this computed from, and says who?" (issue 7).
//
// add_provenance() adds two keys to a command's --json result (documented in docs/json-schemas.md):
//   "scenario_inputs": {scenario, description, files[] (every file loaded, in load order), and what
//       the result was computed from: "supply" (calendar, items, lines, suppliers, agreements,
//       customers with their order counts, and the rows' `source:` texts as written) and "market"
//       (runs, seed, price classes, noise, erosion; the uncertain inputs stay in the market's own
//       `inputs[]`)}.
//   "sources": every catalog source cited by a catalog entry the result names (any string value or
//       object key of the result equal to an entry id), and every source id a `source:` text of the
//       scenario names (a word equal to a source id; `E12`-style words and "estimate" are the
//       built-in estimate), each once, sorted by id with the estimate last: {id, title, publisher,
//       year, url, note, cited_for[] (in text order, the first 60 and "and N more"; never the
//       order the scenario's entries were met in)} (null where the source gives none).
// Both are deterministic: no paths beyond those the user gave, no clock.
#pragma once

#include <bitset>
#include <nlohmann/json.hpp>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "opticplan/market/market.h"
#include "opticplan/results/json_writer.h"
#include "opticplan/scenario/scenario.h"

namespace opticplan::results {

// The catalog entries a result names: any key or string value equal to an entry's id, each once, in
// the order first seen. Fed a whole result (see_all), or string by string as a JsonWriter writes
// one (JsonWriter::observe), so that a result too large to hold can still be cited.
class NamedEntries {
 public:
  explicit NamedEntries(const catalog::Catalog& c);  // keeps pointers into `c`
  void see(std::string_view s);
  void see_all(const nlohmann::ordered_json& j);  // every key and string value, in document order
  const std::vector<const catalog::Entry*>& entries() const { return entries_; }
  // Whether a result seen is a sourcing decision (schema opticplan.source): its `sourcing:`
  // section's source texts are then cited.
  bool sourcing() const { return sourcing_; }

 private:
  bool sourcing_ = false;
  struct Named {
    const catalog::Entry* entry;
    bool named;
  };
  // A cheap "cannot be an id" before hashing: the ids' (length, first, last character) hashed into
  // 4,096 bits. A plan's millions of order ids, periods and keys almost all stop here.
  static size_t sketch(std::string_view s) {
    return (s.size() * 131 + size_t{static_cast<unsigned char>(s.front())} * 31 +
            static_cast<unsigned char>(s.back())) &
           4095;
  }
  std::unordered_map<std::string_view, Named> by_id_;
  std::bitset<4096> sketches_;
  std::vector<const catalog::Entry*> entries_;
};

// The scenario_inputs block of one scenario. `supply` / `market` are included when given.
nlohmann::ordered_json scenario_inputs_json(const Scenario& sc, const supply::Model* supply,
                                            const market::MarketSpec* market);

// The sources block: citations for what `result` names in `sc`'s catalog, and for the `source:`
// texts of `sc`'s supply and market (when `with_supply` / `with_market`) and of its sourcing
// section (when `result` is a sourcing decision).
nlohmann::ordered_json sources_json(const Scenario& sc, const nlohmann::ordered_json& result, bool with_supply,
                                    bool with_market);
nlohmann::ordered_json sources_json(const Scenario& sc, const NamedEntries& named, bool with_supply, bool with_market);

// Adds both blocks to `result`. The scenario's supply and market are described when `with_supply`
// / `with_market` (a plan, quote, market or run uses them; a fabric or a selection does not).
void add_provenance(nlohmann::ordered_json& result, const Scenario& sc, bool with_supply, bool with_market);
// The same two keys written into an open object of `w`, citing what `named` saw of the result's
// other keys (the streaming form of add_provenance; turn the writer's observer off first).
void write_provenance(JsonWriter& w, const Scenario& sc, const NamedEntries& named, bool with_supply, bool with_market);

// `opticplan compare`: scenario_inputs holds {base, what_if}; sources cite both scenarios.
void add_compare_provenance(nlohmann::ordered_json& result, const Scenario& base, const Scenario& what_if);

}  // namespace opticplan::results
