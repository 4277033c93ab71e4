// Report sections for two plans compared (opticplan.compare): the key figures side by side, the
// orders that moved and by how much, the orders only one plan has, and the groups.
// Each chart's table holds exactly the numbers drawn, so XLSX and CSV carry them too.
#include <string>
#include <vector>

#include "kinds.h"

namespace opticplan::report::detail {
namespace {

J kpi_delta(const J& a, const J& b) { return a.is_number() && b.is_number() ? round6(num(b) - num(a)) : J(); }

// KPIs side by side.
void kpis_section(Builder& b, const J& base, const J& what_if) {
  std::vector<std::vector<J>> rows;
  for (const auto& [k, v] : base.items())
    rows.push_back({k, v, at(what_if, k.c_str()), kpi_delta(v, at(what_if, k.c_str()))});
  J o = base_option();
  o["xAxis"] = category_axis({"on time", "late", "short"});
  o["yAxis"] = value_axis("units");
  const auto units = [](const J& k) {
    return J::array(
        {num_or_null(at(k, "on_time")), num_or_null(at(k, "late_units")), num_or_null(at(k, "short_units"))});
  };
  o["series"] = J::array({bar("base", units(base)), bar("what-if", units(what_if))});
  o["series"][0]["itemStyle"] = {{"color", "#8c8c8c"}};
  o["series"][1]["itemStyle"] = {{"color", "#1f5fa8"}};
  b.section("Key figures: base vs what-if",
            "Units on time, late and short in each plan; every KPI with its change below.", std::move(o),
            {b.table("kpis", {"kpi", "base", "what_if", "change"}, std::move(rows))});
}

// Per order: change in lateness and in units delivered on time.
void moved_section(Builder& b, const J& moved) {
  constexpr size_t kMaxOrders = 60;
  std::vector<std::string> ids;
  J late = J::array(), on_time = J::array();
  std::vector<std::vector<J>> rows;
  for (const auto& m : moved) {
    const J dl = kpi_delta(at(m, "base_lateness"), at(m, "what_if_lateness"));
    const J dt = kpi_delta(at(m, "base_on_time"), at(m, "what_if_on_time"));
    const J dd = kpi_delta(at(m, "base_delivered"), at(m, "what_if_delivered"));
    if (ids.size() < kMaxOrders) {
      ids.push_back(text(at(m, "id")));
      late.push_back(dl);
      on_time.push_back(dt);
    }
    rows.push_back({at(m, "id"), at(m, "customer"), at(m, "quantity"), at(m, "due"), at(m, "base_status"),
                    at(m, "what_if_status"), at(m, "base_complete"), at(m, "what_if_complete"), at(m, "base_lateness"),
                    at(m, "what_if_lateness"), dl, at(m, "base_on_time"), at(m, "what_if_on_time"), dt,
                    at(m, "base_delivered"), at(m, "what_if_delivered"), dd});
  }
  const size_t t =
      b.table("orders_moved",
              {"order", "customer", "quantity", "due", "base_status", "what_if_status", "base_complete",
               "what_if_complete", "base_lateness", "what_if_lateness", "lateness_change", "base_on_time",
               "what_if_on_time", "on_time_change", "base_delivered", "what_if_delivered", "delivered_change"},
              std::move(rows));
  if (ids.empty()) {
    b.section("Orders that moved", "No order moved: every order completes when, and as fully, as in the base.", J(),
              {t});
    return;
  }
  J o = base_option();
  o["xAxis"] = category_axis(ids);
  o["xAxis"]["axisLabel"] = {{"rotate", ids.size() > 6 ? 30 : 0}};
  o["yAxis"] = J::array(
      {value_axis("periods later (+) or earlier (−)"), value_axis("on-time units gained (+) or lost (−)", true)});
  J s = J::array({bar("lateness change (periods)", std::move(late)), bar("on-time units change", std::move(on_time))});
  s[1]["yAxisIndex"] = 1;
  o["series"] = std::move(s);
  b.section("Orders that moved",
            "Per order whose completion, on-time units or status changed (most periods moved first" +
                std::string(moved.size() > kMaxOrders ? "; the first 60 drawn, all in the table" : "") +
                "): the change in lateness (left) and in units on time (right).",
            std::move(o), {t});
}

}  // namespace

void compare_sections(Builder& b, const J& r) {
  const J& base = need(r, "base", J::value_t::object, "");
  const J& what_if = need(r, "what_if", J::value_t::object, "");
  const J& moved = need(r, "moved", J::value_t::array, "");
  kpis_section(b, base, what_if);
  moved_section(b, moved);
  std::vector<std::vector<J>> rows;
  for (const auto& id : at(r, "only_base")) rows.push_back({"base only", id});
  for (const auto& id : at(r, "only_what_if")) rows.push_back({"what-if only", id});
  if (!rows.empty())
    b.section("Orders in one plan only", "Orders the other scenario does not have.", J(),
              {b.table("orders_in_one", {"in", "order"}, std::move(rows))});
  generic_table(b, "groups", at(r, "groups"));
}

}  // namespace opticplan::report::detail
