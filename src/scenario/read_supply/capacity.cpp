// Capacity of a line or supplier per period: `capacity: N` with optional `ramp:` steps, or
// `per_year: {YEAR: N, ...}` spread over each year's periods.
#include <algorithm>

#include "spread.h"
#include "supply_reader.h"

namespace opticplan::supply::detail {

std::optional<std::vector<int64_t>> SupplyReader::read_capacity(MapReader& r) {
  if (const Node* py = r.get("per_year")) {
    if (r.has("capacity") || r.has("ramp")) {
      error_at(diag_, *py, r.path_of("per_year"), "give per_year: or capacity: (with ramp:), not both");
      (void)r.get("capacity"), (void)r.get("ramp");
      return std::nullopt;
    }
    return read_capacity_per_year(r, *py);
  }
  auto base = r.integer("capacity", true, 0, kMaxQty);
  std::vector<int64_t> cap(static_cast<size_t>(std::max(0, m_.periods())), base.value_or(0));
  bool ok = base.has_value();
  if (const Node* ramp = r.get("ramp")) ok = read_ramp(*ramp, r.path_of("ramp"), cap) && ok;
  if (!ok) return std::nullopt;
  return cap;
}

// ramp: [{from: PERIOD, capacity: N}, ...]: from each step's period on, its capacity.
bool SupplyReader::read_ramp(const Node& ramp, const std::string& path, std::vector<int64_t>& cap) {
  bool ok = true;
  int last = -1;
  for_each_item(ramp, path, diag_, [&](const Node& step, const std::string& p) {
    MapReader s(step, p, diag_);
    Finish fin{s};
    const Node* from = s.require("from");
    std::optional<int> at;
    if (from) at = read_period(*from, s.path_of("from"));
    auto v = s.integer("capacity", true, 0, kMaxQty);
    if (!at || !v) {
      ok = false;
      return;
    }
    if (*at <= last) {
      error_at(diag_, *from, s.path_of("from"), "ramp steps must be in increasing period order");
      ok = false;
      return;
    }
    last = *at;
    std::fill(cap.begin() + *at, cap.end(), *v);
  });
  return ok;
}

// per_year: {YEAR: N, ...}: every year of the calendar named, each year's N spread evenly over
// its periods in whole units.
std::optional<std::vector<int64_t>> SupplyReader::read_capacity_per_year(MapReader& r, const Node& py) {
  const std::string path = r.path_of("per_year");
  if (!py.is_mapping()) {
    error_at(diag_, py, path, "expected a mapping of year to units, e.g. {2026: 25000000}, got " + py.describe());
    return std::nullopt;
  }
  if (!grid_ok_) return std::nullopt;
  const int T = m_.periods();
  std::vector<int64_t> cap(static_cast<size_t>(T), 0);
  std::vector<bool> named(static_cast<size_t>(T), false);
  bool ok = true;
  for (const auto& ym : py.members) {
    const Location where{py.file ? *py.file : std::string(), ym.key_line, ym.key_column};
    const auto year = parse_year(ym.key);
    if (!year) {
      diag_.error(where, path + "." + ym.key, year.error());
      ok = false;
      continue;
    }
    auto units = read_int(ym.value, path + "." + ym.key, diag_, 0, kMaxQty);
    if (!units) {
      ok = false;
      continue;
    }
    const std::vector<int> periods = periods_of_year(m_.grid, *year);
    if (periods.empty()) {
      diag_.error(
          where, path + "." + ym.key,
          "year " + ym.key + " is outside the calendar (" + m_.grid.label(0) + " to " + m_.grid.label(T - 1) + ")");
      ok = false;
      continue;
    }
    const std::vector<int64_t> per_period =
        spread(*units, std::vector<double>(periods.size(), 1.0), static_cast<double>(periods.size()));
    for (size_t i = 0; i < periods.size(); ++i) {
      cap[static_cast<size_t>(periods[i])] = per_period[i];
      named[static_cast<size_t>(periods[i])] = true;
    }
  }
  for (int t = 0; ok && t < T; ++t)
    if (!named[static_cast<size_t>(t)]) {
      error_at(diag_, py, path,
               "names no capacity for " + std::to_string(m_.grid.year(t)) + "; expected every year of the calendar (" +
                   std::to_string(m_.grid.year(0)) + " to " + std::to_string(m_.grid.year(T - 1)) + ")");
      ok = false;
    }
  if (!ok) return std::nullopt;
  return cap;
}

}  // namespace opticplan::supply::detail
