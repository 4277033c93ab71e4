// Result files in, report files out (outputs.h): the only file I/O of the report besides the
// spreadsheet writers.
#include "opticplan/report/outputs.h"

#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>

#include "opticplan/report/html.h"
#include "opticplan/report/report_model.h"
#include "opticplan/report/spreadsheet.h"

namespace opticplan::report {

using J = nlohmann::ordered_json;

std::optional<ResultFile> read_result_json(const std::string& path, Diagnostics& diag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diag.error(Location{path, 0, 0}, "", "cannot open file \"" + path + "\"");
    return std::nullopt;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string data = buf.str();
  auto locate = [&](size_t offset) {
    int line = 1, col = 1;
    for (size_t i = 0; i < offset && i < data.size(); ++i) {
      if (data[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    return Location{path, line, col};
  };
  ResultFile r;
  try {
    r.json = J::parse(data);
  } catch (const J::parse_error& e) {
    std::string what = e.what();
    if (const auto p = what.find("syntax error"); p != std::string::npos) what = what.substr(p);
    diag.error(locate(e.byte > 0 ? e.byte - 1 : 0), "",
               "invalid JSON: " + what + " (a report reads the output of --json)");
    return std::nullopt;
  }
  r.kind_at = Location{path, 1, 1};
  for (const char* key : {"\"schema\"", "\"kind\""})
    if (r.json.is_object() && r.json.contains(std::string_view(key + 1, std::strlen(key) - 2))) {
      if (const auto p = data.find(key); p != std::string::npos) r.kind_at = locate(p);
      break;
    }
  return r;
}

Result<void> write_report_outputs(const nlohmann::ordered_json& result, const ReportOutputs& out) {
  auto model = build_report(result);
  if (!model) return model.status();
  if (!out.html.empty()) {
    std::ofstream f(out.html, std::ios::binary);
    f << html_report(*model);
    if (!f) return fail("cannot write the report to \"" + out.html + "\"");
  }
  if (!out.xlsx.empty())
    if (auto r = write_xlsx(*model, out.xlsx); !r) return r;
  if (!out.csv_dir.empty())
    if (auto r = write_csv_dir(*model, out.csv_dir); !r) return r;
  return {};
}

}  // namespace opticplan::report
