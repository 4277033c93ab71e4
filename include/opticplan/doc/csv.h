// CSV tables as document nodes, so that rows are read by the same readers (and fail with the same
// located messages) as YAML entries.
//
// parse_csv() parses an RFC 4180 file's contents (read through a FileSource, doc/files.h) with libcsv: the first row
// names the columns, every other row becomes a mapping from column name to cell, located at its file and line (column
// 0: the field is named by the path instead). Empty cells are absent fields; cells are read as the YAML reader reads
// plain scalars (so "12" is a number, and an id is text).
#pragma once

#include <string>
#include <string_view>

#include "opticplan/core/diagnostics.h"
#include "opticplan/doc/document.h"

namespace opticplan {

// A sequence node of row mappings, or a null node (with the problem reported) when the text cannot
// be parsed. `display` names the file in locations.
Node parse_csv(std::string_view text, const std::string& display, Diagnostics& diag);

}  // namespace opticplan
