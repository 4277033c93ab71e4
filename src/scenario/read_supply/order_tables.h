// Order tables: the rows of a CSV or XLSX file named by `orders_csv:` / `orders_xlsx:`, as order
// mappings for the orders reader (docs/supply-format.md has the columns).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "opticplan/doc/files.h"
#include "opticplan/doc/reader.h"

namespace opticplan::supply::detail {

struct OrderTable {
  Node rows;         // a sequence of mappings, keys renamed to order fields
  std::string file;  // as shown in messages: beside the scenario file that names it
};

// The columns a table may and must have, and how the unknown-column message lists them.
struct TableColumns {
  std::vector<std::string> known, required;
  std::string listed;    // "id, customer, item or requirement, ..."
  std::string no_files;  // what to do where no file can be read: "give the orders in orders: instead"
};

// `entry`: a file name, or {file, sheet (XLSX), columns: {FIELD: "Header in the file"}}. Reports a
// file that cannot be read, unknown and missing columns (once, at the header), and returns nothing
// then.
// `files`: where the file is read (beside the file that names it); without it, an error.
std::optional<OrderTable> load_table(const Node& entry, const std::string& path, bool xlsx, const LoadedFiles* files,
                                     Diagnostics& diag, const TableColumns& columns);
std::optional<OrderTable> load_order_table(const Node& entry, const std::string& path, bool xlsx,
                                           const LoadedFiles* files, Diagnostics& diag);

}  // namespace opticplan::supply::detail
