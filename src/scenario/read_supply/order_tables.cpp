#include "order_tables.h"

#include <algorithm>
#include <map>

#include "opticplan/doc/csv.h"
#include "opticplan/doc/xlsx.h"
#include "supply_reader.h"

namespace opticplan::supply::detail {

namespace {

struct TableSpec {
  const Node* file = nullptr;
  std::string sheet;
  std::map<std::string, std::string> rename;  // header in the file -> order field
};

std::optional<TableSpec> read_table_spec(const Node& entry, const std::string& path, bool xlsx, Diagnostics& diag) {
  TableSpec spec{&entry, {}, {}};
  if (!entry.is_mapping()) return spec;
  MapReader tr(entry, path, diag);
  Finish fin{tr};
  spec.file = tr.require("file");
  if (!spec.file) return std::nullopt;
  if (auto v = tr.str("sheet", false)) {
    if (!xlsx) error_at(diag, *tr.get("sheet"), tr.path_of("sheet"), "sheet: applies to orders_xlsx only");
    spec.sheet = *v;
  }
  if (const Node* cols = tr.get("columns")) {
    if (!cols->is_mapping()) {
      error_at(diag, *cols, tr.path_of("columns"),
               "expected a mapping of order field to the file's header, e.g. {quantity: Qty}, got " + cols->describe());
      return std::nullopt;
    }
    for (const auto& m : cols->members)
      if (auto h = read_string(m.value, tr.path_of("columns") + "." + m.key, diag)) spec.rename[*h] = m.key;
  }
  return spec;
}

// Columns are checked once, at the header, not on every row.
bool columns_usable(const Node& rows, const std::string& file, Diagnostics& diag, const TableColumns& columns) {
  std::vector<std::string> present;
  for (const Node& row : rows.items)
    for (const Member& m : row.members)
      if (std::find(present.begin(), present.end(), m.key) == present.end()) present.push_back(m.key);
  bool usable = true;
  for (const auto& col : present) {
    if (std::find(columns.known.begin(), columns.known.end(), col) != columns.known.end()) continue;
    diag.error(Location{file, 1, 0}, file,
               "unknown column \"" + col + "\"" + did_you_mean(col, columns.known) + "; columns: " + columns.listed +
                   " (or map yours with columns: {FIELD: \"Header\"})");
    usable = false;
  }
  for (const auto& col : columns.required) {
    if (rows.items.empty() || std::find(present.begin(), present.end(), col) != present.end()) continue;
    diag.error(Location{file, 1, 0}, file, "missing column \"" + col + "\"");
    usable = false;
  }
  return usable;
}

}  // namespace

std::optional<OrderTable> load_order_table(const Node& entry, const std::string& path, bool xlsx,
                                           const LoadedFiles* files, Diagnostics& diag) {
  // No customer column: the orders are "unassigned".
  static const TableColumns kOrders{{"id", "customer", "item", "requirement", "quantity", "due", "priority",
                                     "max_lateness", "price", "partial", "group", "kind", "placed", "min_shipment"},
                                    {"id", "quantity", "due"},
                                    "id, customer, item or requirement, quantity, due, priority, partial, "
                                    "max_lateness, price, group, kind, placed, min_shipment",
                                    "give the orders in orders: instead"};
  return load_table(entry, path, xlsx, files, diag, kOrders);
}

std::optional<OrderTable> load_table(const Node& entry, const std::string& path, bool xlsx, const LoadedFiles* files,
                                     Diagnostics& diag, const TableColumns& columns) {
  const auto spec = read_table_spec(entry, path, xlsx, diag);
  if (!spec) return std::nullopt;
  auto rel = read_string(*spec->file, path, diag);
  if (!rel) return std::nullopt;
  if (!files) {
    error_at(diag, *spec->file, path, "no files can be read here: " + columns.no_files);
    return std::nullopt;
  }
  const auto file = files->source.resolve(
      *rel, files->file_shown_as(spec->file->file ? *spec->file->file : std::string()), Lookup::kBeside);
  if (!file) {
    error_at(diag, *spec->file, path, file.error());
    return std::nullopt;
  }
  const auto bytes = files->source.read(*file, xlsx ? "XLSX file" : "CSV file");
  if (!bytes) {
    error_at(diag, *spec->file, path, bytes.error());
    return std::nullopt;
  }
  OrderTable table{{}, file->shown};
  Diagnostics table_diag;
  table.rows =
      xlsx ? parse_xlsx(*bytes, table.file, spec->sheet, table_diag) : parse_csv(*bytes, table.file, table_diag);
  if (!table_diag.ok()) {
    for (const auto& d : table_diag.items()) {
      if (d.where.line == 0)
        error_at(diag, *spec->file, path, d.message);
      else
        diag.add(d);
    }
    return std::nullopt;
  }
  for (Node& row : table.rows.items)
    for (Member& m : row.members)
      if (auto it = spec->rename.find(m.key); it != spec->rename.end()) m.key = it->second;
  if (!columns_usable(table.rows, table.file, diag, columns)) return std::nullopt;
  return table;
}

}  // namespace opticplan::supply::detail
