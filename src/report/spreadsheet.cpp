// The report's tables as spreadsheets: one XLSX sheet or one CSV file per table (spreadsheet.h).
#include <xlsxwriter.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "opticplan/core/table.h"
#include "opticplan/report/spreadsheet.h"

namespace opticplan::report {
namespace {

using J = nlohmann::ordered_json;

// Numbers as JSON writes them (6 decimals at most, so CSV is byte-stable), text as is.
std::string csv_cell(const J& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return csv_escape(v.get<std::string>());
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_float()) {  // whole numbers without ".0" (totals are summed as doubles)
    const double d = v.get<double>();
    if (d == std::floor(d) && std::abs(d) < 9e15) return std::to_string(static_cast<int64_t>(d));
  }
  return v.dump();
}

}  // namespace

Result<void> write_csv_dir(const ReportModel& model, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail("cannot create the directory \"" + dir + "\": " + ec.message());
  for (const auto& t : model.tables) {
    const std::string path = (std::filesystem::path(dir) / (t.name + ".csv")).string();
    std::ofstream f(path, std::ios::binary);
    for (size_t i = 0; i < t.columns.size(); ++i) f << (i ? "," : "") << csv_escape(t.columns[i]);
    f << "\n";
    for (const auto& row : t.rows) {
      for (size_t i = 0; i < row.size(); ++i) f << (i ? "," : "") << csv_cell(row[i]);
      f << "\n";
    }
    if (!f) return fail("cannot write \"" + path + "\"");
  }
  return {};
}

Result<void> write_xlsx(const ReportModel& model, const std::string& path) {
  lxw_workbook_options options = {};
  options.constant_memory = LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  if (!wb) return fail("cannot create the workbook \"" + path + "\"");
  // A fixed creation time: the same result gives the same file (libxlsxwriter would stamp "now").
  lxw_doc_properties props = {};
  std::string title = model.title, comments = "Written by opticplan from a --json result";
  props.title = title.data();  // libxlsxwriter 1.1 takes char*; it only reads them
  props.comments = comments.data();
  props.created = 946684800;  // 2000-01-01T00:00:00Z
  workbook_set_properties(wb, &props);
  lxw_format* header = workbook_add_format(wb);
  format_set_bold(header);
  format_set_bottom(header, LXW_BORDER_THIN);
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  for (const auto& t : model.tables) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, t.name.c_str());
    if (!ws) {
      workbook_close(wb);
      return fail("cannot add the sheet \"" + t.name + "\" to \"" + path + "\"");
    }
    std::vector<size_t> width(t.columns.size(), 8);
    for (size_t c = 0; c < t.columns.size(); ++c) {
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), t.columns[c].c_str(), header);
      width[c] = std::max(width[c], t.columns[c].size());
    }
    for (size_t r = 0; r < t.rows.size(); ++r) {
      const auto row = static_cast<lxw_row_t>(r + 1);
      for (size_t c = 0; c < t.rows[r].size() && c < t.columns.size(); ++c) {
        const J& v = t.rows[r][c];
        const auto col = static_cast<lxw_col_t>(c);
        const bool is_date = c < t.date_columns.size() && t.date_columns[c];
        int y = 0, mo = 0, d = 0;
        if (is_date && v.is_string() &&
            std::sscanf(v.get_ref<const std::string&>().c_str(), "%d-%d-%d", &y, &mo, &d) == 3) {
          lxw_datetime dt = {y, mo, d, 0, 0, 0};
          worksheet_write_datetime(ws, row, col, &dt, date);
          width[c] = std::max<size_t>(width[c], 10);
        } else if (v.is_number()) {
          worksheet_write_number(ws, row, col, v.get<double>(), nullptr);
          width[c] = std::max<size_t>(width[c], 10);
        } else if (v.is_boolean()) {
          worksheet_write_boolean(ws, row, col, v.get<bool>(), nullptr);
        } else if (v.is_string()) {
          const std::string& s = v.get_ref<const std::string&>();
          worksheet_write_string(ws, row, col, s.c_str(), nullptr);
          width[c] = std::max(width[c], std::min<size_t>(s.size(), 60));
        }
      }
    }
    for (size_t c = 0; c < width.size(); ++c)
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), static_cast<double>(width[c]) + 2,
                           nullptr);
    worksheet_freeze_panes(ws, 1, 0);
    if (!t.columns.empty())
      worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(t.rows.size()),
                           static_cast<lxw_col_t>(t.columns.size() - 1));
  }
  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) return fail("cannot write \"" + path + "\": " + lxw_strerror(err));
  return {};
}

}  // namespace opticplan::report
