// Fuzz target: the XLSX order import (supply `orders_xlsx:`): libzip opening a fuzzed archive,
// pugixml parsing its parts, and scenario/xlsx.cpp turning workbook, relationships, shared strings,
// styles and sheet rows into order rows, read by the same order reader as CSV rows. The scenario
// around it is fixed and maps the LibreOffice-made seed's headers to order fields. Seeds: the
// .xlsx files of tests/cases.
#include "opticplan/scenario/scenario.h"
#include "support.h"

namespace {

constexpr const char* kPlan = R"(supply:
  calendar: {start: 2026-W09, periods: 8}
  customers: [{id: meta}, {id: google}]
  lines: [{id: assembly, capacity: 12000}]
  items: [{id: module-siph, line: assembly}, {id: module-eml, line: assembly}]
  orders_xlsx:
    - {file: orders.xlsx, columns: {id: PO Number, customer: Buyer, item: Part, quantity: Qty, due: Need By, priority: Priority}}
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace opticplan;
  static const std::string plan = fuzz::write_file("plan.yaml", kPlan);
  fuzz::write_file("orders.xlsx", std::string_view(reinterpret_cast<const char*>(data), size));
  Diagnostics diag;
  (void)load_scenario(plan, LoadOptions{false, {}}, diag);
  fuzz::check_located(diag);
  return 0;
}
