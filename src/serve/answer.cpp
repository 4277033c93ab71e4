#include "opticplan/serve/answer.h"

#include <algorithm>
#include <tuple>

namespace opticplan::serve {

namespace {

nlohmann::ordered_json located(const std::vector<Diagnostic>& items, bool warning) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  std::vector<const Diagnostic*> sorted;
  sorted.reserve(items.size());
  for (const auto& d : items) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic* a, const Diagnostic* b) {
    return std::tie(a->where.file, a->where.line, a->where.column) <
           std::tie(b->where.file, b->where.line, b->where.column);
  });
  for (const Diagnostic* p : sorted) {
    const Diagnostic& d = *p;
    out.push_back({{"file", d.where.file},
                   {"line", d.where.line},
                   {"column", d.where.column},
                   {"field", d.path},
                   {"message", d.message},
                   {"text", d.str()}});
    if (warning) out.back()["warning"] = true;
  }
  return out;
}

}  // namespace

nlohmann::ordered_json problems_json(const Diagnostics& diag) { return located(diag.items(), false); }

nlohmann::ordered_json warnings_json(const Diagnostics& diag) { return located(diag.warnings(), true); }

Answer error_answer(int status, const std::string& message) {
  return Answer{status,
                {{"error", {{"status", status}, {"message", message}, {"problems", nlohmann::ordered_json::array()}}}}};
}

Answer problems_answer(int status, const std::string& message, const Diagnostics& diag) {
  return Answer{status, {{"error", {{"status", status}, {"message", message}, {"problems", problems_json(diag)}}}}};
}

}  // namespace opticplan::serve
