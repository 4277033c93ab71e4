// Fuzz target: the CSV order import (supply `orders_csv:`): libcsv's RFC 4180 parsing in
// scenario/csv.cpp, the header check in supply/read.cpp and every row read as an order. The input
// is the CSV file; the scenario around it is fixed below and names every id a row may use (items,
// a requirement, a group, two customers), so fuzzed rows reach the order reader's deeper checks.
// Seeds: the .csv files of tests/cases.
#include "opticplan/scenario/scenario.h"
#include "support.h"

namespace {

constexpr const char* kPlan = R"(supply:
  calendar: {start: 2026-W01, periods: 8}
  customers: [{id: buyer-a}, {id: buyer-b, qualified: [mod-eml]}]
  lines: [{id: line, capacity: 1000000}]
  items:
    - id: eml
    - {id: mod-eml, line: line, bom: [{item: eml, qty: 8}]}
    - {id: mod, line: line, lead_time: 1}
  suppliers: [{id: eml-co, item: eml, capacity: 8000}]
  requirements: [{id: 800G, alternates: [mod-eml, mod]}]
  groups: [{id: rack-1, ship: together}, {id: rack-2, ship: ratio}]
  orders_csv: orders.csv
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace opticplan;
  static const std::string plan = fuzz::write_file("plan.yaml", kPlan);
  fuzz::write_file("orders.csv", std::string_view(reinterpret_cast<const char*>(data), size));
  Diagnostics diag;
  (void)load_scenario(plan, LoadOptions{false, {}}, diag);
  fuzz::check_located(diag);
  return 0;
}
