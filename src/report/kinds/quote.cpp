// Report sections for a quote (opticplan.quote): the promise, the promised schedule against the
// desired one, and why the order cannot be promised earlier.
// Each chart's table holds exactly the numbers drawn, so XLSX and CSV carry them too.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "kinds.h"

namespace opticplan::report::detail {
namespace {

void promise_section(Builder& b, const J& r, const J& order) {
  std::vector<std::vector<J>> rows;
  for (const char* k : {"id", "customer", "item", "requirement", "priority", "quantity", "due", "partial", "delivered",
                        "on_time", "lateness", "status"})
    rows.push_back({k, at(order, k)});
  rows.push_back({"complete", at(r, "complete")});
  rows.push_back({"committed", at(r, "committed")});
  b.section("The promise", "The order asked for and what the plan can promise: when it is complete, how much on time.",
            J(), {b.table("quote", {"field", "value"}, std::move(rows))});
}

// Schedule: deliveries per period by item, cumulative against the desired (all by the due period).
void schedule_section(Builder& b, const J& order, const std::vector<std::string>& periods,
                      const std::map<std::string, size_t>& index) {
  const double qty = num(at(order, "quantity"));
  const auto due = index.find(text(at(order, "due")));
  size_t last = due == index.end() ? 0 : due->second;
  std::vector<std::string> items;
  std::map<std::string, std::map<size_t, double>> by_item;
  for (const auto& d : at(order, "deliveries")) {
    const auto it = index.find(text(at(d, "period")));
    if (it == index.end()) continue;
    const std::string item = text(at(d, "item"));
    if (!by_item.count(item)) items.push_back(item);
    by_item[item][it->second] += num(at(d, "quantity"));
    last = std::max(last, it->second);
  }
  // From the first period to two past the later of the due period and the last delivery.
  const size_t T = std::min(periods.size(), last + 3);
  std::vector<std::string> x(periods.begin(), periods.begin() + static_cast<long>(T));
  J o = base_option();
  o["xAxis"] = category_axis(x);
  o["yAxis"] = J::array({value_axis("units per period"), value_axis("cumulative units", true)});
  o["series"] = J::array();
  std::vector<std::vector<J>> rows;
  std::vector<double> per(T, 0);
  for (const auto& item : items) {
    J data = J::array();
    for (size_t t = 0; t < T; ++t) {
      const double v = by_item[item].count(t) ? by_item[item][t] : 0;
      data.push_back(v);
      per[t] += v;
    }
    o["series"].push_back(bar(item, std::move(data), "deliveries"));
  }
  J cum = J::array(), want = J::array();
  double sum = 0;
  for (size_t t = 0; t < T; ++t) {
    sum += per[t];
    const double w = due != index.end() && t >= due->second ? qty : 0;
    cum.push_back(sum);
    want.push_back(w);
    rows.push_back({x[t], per[t], sum, w});
  }
  J promised = line("promised, cumulative", std::move(cum));
  promised["yAxisIndex"] = 1;
  promised["step"] = "end";
  J desired = line("desired: all by the due period", std::move(want));
  desired["yAxisIndex"] = 1;
  desired["step"] = "end";
  desired["lineStyle"] = {{"type", "dashed"}};
  o["series"].push_back(std::move(promised));
  o["series"].push_back(std::move(desired));
  b.section(
      "Promised schedule",
      "Units promised per period (by the item that serves them), and the promised total against the desired "
      "one: the whole quantity by the due period.",
      std::move(o),
      {b.table("schedule", {"period", "promised", "promised_cumulative", "desired_cumulative"}, std::move(rows))});
}

// Causes: why not earlier.
void causes_section(Builder& b, const J& order) {
  const J& causes = at(order, "causes");
  std::vector<std::vector<J>> rows;
  std::vector<std::string> names;
  J data = J::array();
  for (const auto& c : causes) {
    names.push_back(constraint_name(at(c, "constraint")));
    data.push_back(num_or_null(at(c, "short")));
    rows.push_back({at(at(c, "constraint"), "kind"), at(at(c, "constraint"), "id"), at(c, "first"), at(c, "last"),
                    at(c, "short"), at(c, "reserved_elsewhere"), at(c, "explanation")});
  }
  const size_t t =
      b.table("causes", {"kind", "constraint", "first", "last", "most_short", "reserved_elsewhere", "explanation"},
              std::move(rows));
  if (names.empty()) {
    b.section("Why not earlier", "Nothing delays this order: it can be promised as asked.", J(), {t});
    return;
  }
  std::reverse(names.begin(), names.end());
  std::reverse(data.begin(), data.end());
  J o = base_option();
  o["tooltip"] = {{"trigger", "axis"}, {"axisPointer", {{"type", "shadow"}}}};
  o["xAxis"] = value_axis("most units short at once");
  o["yAxis"] = category_axis(names);
  o["series"] = J::array({bar("most short", std::move(data))});
  o["legend"]["show"] = false;
  ReportSection& s = b.section(
      "Why not earlier",
      "The constraints that ran out while the order was promised, with the most units missing at once and the fix.",
      std::move(o), {t});
  s.height = std::clamp<int>(static_cast<int>(names.size()) * 36 + 110, 200, 600);
}

}  // namespace

void quote_sections(Builder& b, const J& r) {
  const J& order = need(r, "order", J::value_t::object, "");
  const J& periods_j = need(r, "periods", J::value_t::array, "");
  std::vector<std::string> periods;
  std::map<std::string, size_t> index;
  for (const auto& p : periods_j) {
    index[text(p)] = periods.size();
    periods.push_back(text(p));
  }
  promise_section(b, r, order);
  schedule_section(b, order, periods, index);
  causes_section(b, order);
}

}  // namespace opticplan::report::detail
