// Internal to the report writer: the helpers every kind's sections are built with (reading a
// result's JSON without throwing, ECharts option pieces, and the Builder that collects sections
// and uniquely named tables). Not a public header: src/report/ only; kinds/kinds.h declares the
// section builders themselves.
#pragma once

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "opticplan/core/calendar.h"
#include "opticplan/core/table.h"
#include "opticplan/core/units.h"
#include "opticplan/report/report_model.h"

namespace opticplan::report::detail {

using J = nlohmann::ordered_json;

inline const J& null_json() {
  static const J n;
  return n;
}

// Member `key` of an object, or null (never throws, whatever `j` is).
inline const J& at(const J& j, const char* key) {
  if (!j.is_object()) return null_json();
  auto it = j.find(key);
  return it == j.end() ? null_json() : *it;
}

inline double num(const J& j, double fallback = 0) { return j.is_number() ? j.get<double>() : fallback; }
inline J num_or_null(const J& j) { return j.is_number() ? j : J(); }
inline std::string text(const J& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_null()) return "";
  return j.dump();
}
inline J strings_joined(const J& j) {
  if (!j.is_array()) return text(j);
  std::string out;
  for (const auto& s : j) out += (out.empty() ? "" : "; ") + text(s);
  return out;
}
inline std::string joined(const J& j) { return text(strings_joined(j)); }
// A plan's constraint ({kind, id}) as one label: "supply dsp".
inline std::string constraint_name(const J& c) { return text(at(c, "kind")) + " " + text(at(c, "id")); }
// A number as people read it: from 1,000 up rounded to whole and grouped (but years: 2026),
// smaller ones to 3 decimals. Table cells and titles show values this way.
inline std::string display(const J& v, bool is_year = false) {
  if (v.is_null()) return "";
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_number()) {
    const double d = v.get<double>();
    if (!std::isfinite(d) || std::abs(d) >= 9e15) return v.dump();
    if (std::abs(d) >= 1000 && !is_year) return grouped(std::llround(d));
    return format_number(d, 3);
  }
  return text(v);
}
// A ratio rounded as the JSON output rounds (6 decimals), so reports are byte-stable.
inline J ratio(double a, double b) {
  if (b == 0) return J();
  return std::round(a / b * 1e6) / 1e6;
}
inline J round6(double v) { return std::round(v * 1e6) / 1e6; }

// Thrown by `need` when a result lacks a key its kind requires; caught by build_report, which
// prefixes "not a valid <kind> result: ".
struct Malformed {
  std::string message;
};
// Thrown when a well-formed result holds nothing to report; build_report returns the message as is.
struct NothingToReport {
  std::string message;
};
inline const J& need(const J& j, const char* key, J::value_t type, const std::string& where) {
  const J& v = at(j, key);
  const bool ok = type == J::value_t::number_float ? v.is_number() : v.type() == type;
  if (!ok) {
    const char* what = type == J::value_t::array    ? "an array"
                       : type == J::value_t::object ? "an object"
                       : type == J::value_t::string ? "a string"
                                                    : "a number";
    throw Malformed{where + (where.empty() ? "" : ".") + key + ": " +
                    (v.is_null() ? "missing" : "not " + std::string(what)) + " (expected " + what + ")"};
  }
  return v;
}

// ---- ECharts options -----------------------------------------------------------------------

inline J base_option() {
  J o;
  o["animation"] = false;
  o["tooltip"] = {{"trigger", "axis"}};
  o["legend"] = {{"type", "scroll"}, {"top", 0}};
  o["grid"] = {{"left", 16}, {"right", 40}, {"top", 48}, {"bottom", 36}, {"containLabel", true}};
  return o;
}
inline J category_axis(const std::vector<std::string>& cats, const std::string& name = "") {
  J a = {{"type", "category"}, {"data", cats}};
  if (!name.empty()) a.update({{"name", name}, {"nameLocation", "middle"}, {"nameGap", 28}});
  return a;
}
// A value axis; `right` for the second axis of a chart (its name then ends at the axis).
// An axis in USD (its name says "USD") carries the formatter "usd": report.js writes its labels and
// its series' tooltips as $26.2B, $19.8M, $650K instead of 26,200,000,000.
inline J value_axis(const std::string& name, bool right = false) {
  J a = {{"type", "value"}, {"name", name}, {"nameTextStyle", {{"align", right ? "right" : "left"}}}};
  if (name.find("USD") != std::string::npos || name.find("usd") != std::string::npos)
    a["axisLabel"] = {{"formatter", "usd"}};
  return a;
}
inline J bar(const std::string& name, J data, const std::string& stack = "") {
  J s = {{"type", "bar"}, {"name", name}, {"data", std::move(data)}};
  if (!stack.empty()) s["stack"] = stack;
  return s;
}
inline J line(const std::string& name, J data) {
  return {{"type", "line"}, {"name", name}, {"data", std::move(data)}, {"showSymbol", false}};
}
// A P10-P90 band drawn as an invisible P10 line with the P90-P10 difference stacked on it.
inline void add_band(J& series, const std::string& stack, const std::vector<double>& p10,
                     const std::vector<double>& p90, const std::string& color) {
  J lo = J::array(), width = J::array();
  for (size_t i = 0; i < p10.size(); ++i) {
    lo.push_back(round6(p10[i]));
    width.push_back(round6(p90[i] - p10[i]));
  }
  J a = line("P10", std::move(lo));
  a["stack"] = stack;
  a["lineStyle"] = {{"opacity", 0}};
  a["itemStyle"] = {{"color", color}};
  a["tooltip"] = {{"show", false}};
  J b = line("P10–P90", std::move(width));
  b["stack"] = stack;
  b["lineStyle"] = {{"opacity", 0}};
  b["areaStyle"] = {{"color", color}, {"opacity", 0.25}};
  b["itemStyle"] = {{"color", color}};
  series.push_back(std::move(a));
  series.push_back(std::move(b));
}

// ---- the model being built -----------------------------------------------------------------

class Builder {
 public:
  explicit Builder(ReportModel& m) : m_(m) {}

  // Adds a table (its name made unique and fit for a sheet name) and returns its index.
  size_t table(std::string name, std::vector<std::string> columns, std::vector<std::vector<J>> rows) {
    name = prefix_ + name;
    for (char& c : name)
      if (std::string_view("[]:*?/\\ ").find(c) != std::string_view::npos) c = '_';
    if (name.size() > 28) name.resize(28);
    std::string unique = name;
    for (int i = 2; names_.count(unique); ++i) unique = name + "_" + std::to_string(i);
    names_.insert(unique);
    std::vector<bool> dates(columns.size(), false);
    if (auto it = std::find(columns.begin(), columns.end(), "period"); it != columns.end()) {
      const auto c = static_cast<size_t>(it - columns.begin());
      const auto after = static_cast<std::ptrdiff_t>(c + 1);
      columns.insert(columns.begin() + after, "period_start");
      dates.insert(dates.begin() + after, true);
      for (auto& row : rows) {
        J start;
        if (c < row.size() && row[c].is_string())
          if (auto p = parse_period(row[c].get<std::string>())) start = format(p->start);
        row.insert(row.begin() + static_cast<std::ptrdiff_t>(std::min(c + 1, row.size())), std::move(start));
      }
    }
    m_.tables.push_back(ReportTable{unique, std::move(columns), std::move(rows), std::move(dates)});
    return m_.tables.size() - 1;
  }
  ReportSection& section(std::string title, std::string note, J chart = J(), std::vector<size_t> tables = {}) {
    ReportSection s;
    s.title = title_prefix_ + std::move(title);
    s.note = std::move(note);
    if (chart.is_object()) s.series = static_cast<int>(at(chart, "series").size());
    s.chart = std::move(chart);
    s.tables = std::move(tables);
    m_.sections.push_back(std::move(s));
    return m_.sections.back();
  }
  size_t section_count() const { return m_.sections.size(); }
  void set_prefix(std::string table_prefix, std::string title_prefix) {
    prefix_ = std::move(table_prefix);
    title_prefix_ = std::move(title_prefix);
  }

 private:
  ReportModel& m_;
  std::set<std::string> names_;
  std::string prefix_, title_prefix_;
};

// A key-value table of an object's scalar members (nested objects flattened one level).
inline std::vector<std::vector<J>> key_values(const J& obj, const std::string& prefix = "") {
  std::vector<std::vector<J>> rows;
  if (!obj.is_object()) return rows;
  for (const auto& [k, v] : obj.items()) {
    if (v.is_object()) {
      for (auto& r : key_values(v, prefix + k + ".")) rows.push_back(std::move(r));
    } else if (v.is_array()) {
      bool scalars = std::all_of(v.begin(), v.end(), [](const J& x) { return x.is_primitive(); });
      if (scalars) rows.push_back({prefix + k, strings_joined(v)});
    } else {
      rows.push_back({prefix + k, v});
    }
  }
  return rows;
}

// Any array of objects as a table: the union of their keys in first-seen order; nested objects
// flattened one level ("a.b"); a band ({p10, p50, p90, base}) kept whole as four columns.
inline bool generic_table(Builder& b, const std::string& key, const J& v) {
  if (!v.is_array() || v.empty() || !std::all_of(v.begin(), v.end(), [](const J& x) { return x.is_object(); }))
    return false;
  std::vector<std::string> cols;
  std::set<std::string> seen;
  auto flat = [](const J& row) {
    std::vector<std::pair<std::string, J>> out;
    for (const auto& [k, x] : row.items()) {
      if (x.is_object()) {
        for (const auto& [k2, y] : x.items())
          if (y.is_primitive()) out.emplace_back(k + "." + k2, y);
      } else if (x.is_array()) {
        out.emplace_back(k, strings_joined(x));
      } else {
        out.emplace_back(k, x);
      }
    }
    return out;
  };
  for (const auto& row : v)
    for (const auto& [k, x] : flat(row))
      if (seen.insert(k).second) cols.push_back(k);
  std::vector<std::vector<J>> rows;
  for (const auto& row : v) {
    std::vector<J> r(cols.size());
    for (auto& [k, x] : flat(row))
      r[static_cast<size_t>(std::find(cols.begin(), cols.end(), k) - cols.begin())] = std::move(x);
    rows.push_back(std::move(r));
  }
  const size_t t = b.table(key, cols, std::move(rows));
  // Titles that say what the entries are, for the keys results have; others keep their key.
  static const std::pair<std::string_view, std::string_view> kTitles[] = {
      {"agreements", "Long-term agreements: capacity reserved, used and released"},
      {"groups", "Clusters and groups: when each one is complete"},
      {"shadow_prices", "Shadow prices: what one more unit of capacity is worth"}};
  std::string title = key;
  for (const auto& [k, t_] : kTitles)
    if (k == key) title = t_;
  b.section(title, "The result's \"" + key + "\" entries as a table.", J(), {t});
  return true;
}

// Whether `key` is one of the space-separated words of `list`.
inline bool listed(std::string_view list, std::string_view key) {
  while (!list.empty()) {
    const size_t end = std::min(list.find(' '), list.size());
    if (list.substr(0, end) == key) return true;
    list.remove_prefix(std::min(end + 1, list.size()));
  }
  return false;
}

// Tables for top-level keys this report does not chart (keys added to a result later). `known`
// lists the keys the sections read, space-separated; the keys every result may have (its schema,
// version and provenance) are known too.
inline void extra_keys(Builder& b, const J& result, std::string_view known) {
  for (const auto& [k, v] : result.items())
    if (!listed("schema version scenario_inputs sources", k) && !listed(known, k)) generic_table(b, k, v);
}

}  // namespace opticplan::report::detail
