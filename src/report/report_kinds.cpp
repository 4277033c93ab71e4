// Report sections for a product selection (opticplan.select), a quote (opticplan.quote) and a
// plan comparison (opticplan.compare), and the Inputs/Sources sections every report ends with.
// Each chart's table holds exactly the numbers drawn, so XLSX and CSV carry them too.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "opticplan/core/units.h"
#include "report_builder.h"

namespace opticplan::report::detail {
namespace {

std::string joined(const J& j) { return text(strings_joined(j)); }

// "reach 500 m < 1.5 km" -> "reach": the words before the first number, so that refusals group.
std::string reason_kind(const std::string& r) {
  size_t end = r.size();
  for (size_t i = 0; i < r.size(); ++i)
    if (std::isdigit(static_cast<unsigned char>(r[i])) || r[i] == '$' || r[i] == '"') {
      end = i;
      break;
    }
  std::string k = r.substr(0, end);
  while (!k.empty() && (k.back() == ' ' || k.back() == ':' || k.back() == '(')) k.pop_back();
  return k.empty() ? r : k;
}

std::string constraint_label(const J& c) { return text(at(c, "kind")) + " " + text(at(c, "id")); }

J kpi_delta(const J& a, const J& b) { return a.is_number() && b.is_number() ? round6(num(b) - num(a)) : J(); }

}  // namespace

void select_sections(Builder& b, const J& r) {
  const J& candidates = need(r, "candidates", J::value_t::array, "");
  const J& rejected = need(r, "rejected", J::value_t::array, "");
  const J& req = at(r, "requirement");
  const std::string name = text(at(req, "name"));
  b.section(name.empty() ? "Requirement" : "Requirement: " + name,
            "The link to carry, every default filled in (what the ranking assumed).", J(),
            {b.table("requirement", {"input", "value"}, key_values(req))});
  // Candidates: cost and power per link, in rank order.
  {
    std::vector<std::string> ids;
    J cost = J::array(), power = J::array();
    std::vector<std::vector<J>> rows;
    for (const auto& c : candidates) {
      ids.push_back(text(at(c, "id")));
      cost.push_back(num_or_null(at(c, "price_per_link_usd")));
      power.push_back(num_or_null(at(c, "power_per_link_w")));
      rows.push_back({at(c, "rank"), at(c, "id"), at(c, "kind"), at(c, "family"), at(c, "ports"), at(c, "reach_m"),
                      at(c, "channel_loss_db"), at(c, "max_channel_loss_db"), at(c, "loss_margin_db"), at(c, "power_w"),
                      at(c, "power_per_link_w"), at(c, "price_usd"), at(c, "price_per_link_usd"), at(c, "lasers_per_link"),
                      at(c, "score")});
    }
    const size_t t = b.table("candidates", {"rank", "id", "kind", "family", "ports", "reach_m", "channel_loss_db",
                                            "max_channel_loss_db", "loss_margin_db", "power_w", "power_per_link_w",
                                            "price_usd", "price_per_link_usd", "lasers_per_link", "score"},
                             std::move(rows));
    if (ids.empty()) {
      b.section("Candidates", "No module or cable can carry this link: every family is refused below.", J(), {t});
    } else {
      J o = base_option();
      o["xAxis"] = category_axis(ids);
      o["xAxis"]["axisLabel"] = {{"interval", 0}, {"rotate", ids.size() > 4 ? 20 : 0}};
      o["yAxis"] = J::array({value_axis("USD per link"), value_axis("W per link", true)});
      J s = J::array({bar("cost per link (USD)", std::move(cost)), bar("power per link (W)", std::move(power))});
      s[1]["yAxisIndex"] = 1;
      o["series"] = std::move(s);
      b.section("Candidates ranked", "The modules and cables that carry the link, best first (ranked by " +
                                         text(at(req, "rank")) + "): cost per link on the left axis, power per link on the right.",
                std::move(o), {t});
    }
  }
  // Refusals: how many modules each kind of reason refused, then every family and module.
  {
    std::vector<std::string> kinds;
    std::map<std::string, double> count;
    std::vector<std::vector<J>> rows;
    for (const auto& f : rejected)
      for (const auto& m : at(f, "modules")) {
        rows.push_back({at(f, "family"), at(m, "id"), joined(at(m, "reasons"))});
        std::vector<std::string> seen;
        for (const auto& reason : at(m, "reasons")) {
          const std::string k = reason_kind(text(reason));
          if (std::find(seen.begin(), seen.end(), k) != seen.end()) continue;
          seen.push_back(k);
          if (!count.count(k)) kinds.push_back(k);
          count[k] += 1;
        }
      }
    const size_t t = b.table("refused", {"family", "module", "reasons"}, std::move(rows));
    if (kinds.empty()) {
      b.section("Refused", "No module was refused.", J(), {t});
    } else {
      std::stable_sort(kinds.begin(), kinds.end(), [&](const auto& x, const auto& y) { return count[x] < count[y]; });
      J data = J::array();
      std::vector<std::vector<J>> krows;
      for (const auto& k : kinds) data.push_back(count[k]);
      for (auto it = kinds.rbegin(); it != kinds.rend(); ++it) krows.push_back({*it, count[*it]});
      J o = base_option();
      o["tooltip"] = {{"trigger", "axis"}, {"axisPointer", {{"type", "shadow"}}}};
      o["xAxis"] = value_axis("modules refused");
      o["yAxis"] = category_axis(kinds);
      o["series"] = J::array({bar("modules refused", std::move(data))});
      o["legend"]["show"] = false;
      ReportSection& s = b.section("Why the others are refused",
                                   "Modules refused, by kind of reason (a module may have several); every refused family and module below.",
                                   std::move(o), {b.table("refusal_reasons", {"reason", "modules"}, std::move(krows)), t});
      s.height = std::clamp<int>(static_cast<int>(kinds.size()) * 32 + 110, 220, 700);
    }
  }
}

void quote_sections(Builder& b, const J& r) {
  const J& order = need(r, "order", J::value_t::object, "");
  const J& periods_j = need(r, "periods", J::value_t::array, "");
  std::vector<std::string> periods;
  std::map<std::string, size_t> index;
  for (const auto& p : periods_j) {
    index[text(p)] = periods.size();
    periods.push_back(text(p));
  }
  {
    std::vector<std::vector<J>> rows;
    for (const char* k : {"id", "customer", "item", "requirement", "priority", "quantity", "due", "partial", "delivered",
                          "on_time", "lateness", "status"})
      rows.push_back({k, at(order, k)});
    rows.push_back({"complete", at(r, "complete")});
    rows.push_back({"committed", at(r, "committed")});
    b.section("The promise", "The order asked for and what the plan can promise: when it is complete, how much on time.", J(),
              {b.table("quote", {"field", "value"}, std::move(rows))});
  }
  // Schedule: deliveries per period by item, cumulative against the desired (all by the due period).
  {
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
    b.section("Promised schedule",
              "Units promised per period (by the item that serves them), and the promised total against the desired one: "
              "the whole quantity by the due period.",
              std::move(o), {b.table("schedule", {"period", "promised", "promised_cumulative", "desired_cumulative"}, std::move(rows))});
  }
  // Causes: why not earlier.
  {
    const J& causes = at(order, "causes");
    std::vector<std::vector<J>> rows;
    std::vector<std::string> names;
    J data = J::array();
    for (const auto& c : causes) {
      names.push_back(constraint_label(at(c, "constraint")));
      data.push_back(num_or_null(at(c, "short")));
      rows.push_back({at(at(c, "constraint"), "kind"), at(at(c, "constraint"), "id"), at(c, "first"), at(c, "last"),
                      at(c, "short"), at(c, "reserved_elsewhere"), at(c, "explanation")});
    }
    const size_t t = b.table("causes", {"kind", "constraint", "first", "last", "most_short", "reserved_elsewhere", "explanation"},
                             std::move(rows));
    if (names.empty()) {
      b.section("Why not earlier", "Nothing delays this order: it can be promised as asked.", J(), {t});
    } else {
      std::reverse(names.begin(), names.end());
      std::reverse(data.begin(), data.end());
      J o = base_option();
      o["tooltip"] = {{"trigger", "axis"}, {"axisPointer", {{"type", "shadow"}}}};
      o["xAxis"] = value_axis("most units short at once");
      o["yAxis"] = category_axis(names);
      o["series"] = J::array({bar("most short", std::move(data))});
      o["legend"]["show"] = false;
      ReportSection& s = b.section("Why not earlier",
                                   "The constraints that ran out while the order was promised, with the most units missing at once and the fix.",
                                   std::move(o), {t});
      s.height = std::clamp<int>(static_cast<int>(names.size()) * 36 + 110, 200, 600);
    }
  }
}

void compare_sections(Builder& b, const J& r) {
  const J& base = need(r, "base", J::value_t::object, "");
  const J& what_if = need(r, "what_if", J::value_t::object, "");
  const J& moved = need(r, "moved", J::value_t::array, "");
  // KPIs side by side.
  {
    std::vector<std::vector<J>> rows;
    for (const auto& [k, v] : base.items()) rows.push_back({k, v, at(what_if, k.c_str()), kpi_delta(v, at(what_if, k.c_str()))});
    J o = base_option();
    o["xAxis"] = category_axis({"on time", "late", "short"});
    o["yAxis"] = value_axis("units");
    const auto units = [](const J& k) {
      return J::array({num_or_null(at(k, "on_time")), num_or_null(at(k, "late_units")), num_or_null(at(k, "short_units"))});
    };
    o["series"] = J::array({bar("base", units(base)), bar("what-if", units(what_if))});
    o["series"][0]["itemStyle"] = {{"color", "#8c8c8c"}};
    o["series"][1]["itemStyle"] = {{"color", "#1f5fa8"}};
    b.section("Key figures: base vs what-if", "Units on time, late and short in each plan; every KPI with its change below.",
              std::move(o), {b.table("kpis", {"kpi", "base", "what_if", "change"}, std::move(rows))});
  }
  // Per order: change in lateness and in units delivered on time.
  {
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
    const size_t t = b.table("orders_moved", {"order", "customer", "quantity", "due", "base_status", "what_if_status",
                                              "base_complete", "what_if_complete", "base_lateness", "what_if_lateness",
                                              "lateness_change", "base_on_time", "what_if_on_time", "on_time_change",
                                              "base_delivered", "what_if_delivered", "delivered_change"},
                             std::move(rows));
    if (ids.empty()) {
      b.section("Orders that moved", "No order moved: every order completes when, and as fully, as in the base.", J(), {t});
    } else {
      J o = base_option();
      o["xAxis"] = category_axis(ids);
      o["xAxis"]["axisLabel"] = {{"rotate", ids.size() > 6 ? 30 : 0}};
      o["yAxis"] = J::array({value_axis("periods later (+) or earlier (−)"), value_axis("on-time units gained (+) or lost (−)", true)});
      J s = J::array({bar("lateness change (periods)", std::move(late)), bar("on-time units change", std::move(on_time))});
      s[1]["yAxisIndex"] = 1;
      o["series"] = std::move(s);
      b.section("Orders that moved",
                "Per order whose completion, on-time units or status changed (most periods moved first" +
                    std::string(moved.size() > kMaxOrders ? "; the first 60 drawn, all in the table" : "") +
                    "): the change in lateness (left) and in units on time (right).",
                std::move(o), {t});
    }
  }
  {
    std::vector<std::vector<J>> rows;
    for (const auto& id : at(r, "only_base")) rows.push_back({"base only", id});
    for (const auto& id : at(r, "only_what_if")) rows.push_back({"what-if only", id});
    if (!rows.empty())
      b.section("Orders in one plan only", "Orders the other scenario does not have.", J(),
                {b.table("orders_in_one", {"in", "order"}, std::move(rows))});
  }
  generic_table(b, "groups", at(r, "groups"));
}

void provenance_sections(Builder& b, const J& r) {
  const J& si = at(r, "scenario_inputs");
  const J& sources = at(r, "sources");
  // One scenario's inputs; a comparison has two (base and what-if), each with a table prefix.
  const auto scenario = [&](const J& s, const std::string& prefix, const std::string& title) {
    std::vector<std::vector<J>> rows = {{"scenario", at(s, "scenario")}, {"description", at(s, "description")}};
    for (const auto& f : at(s, "files")) rows.push_back({"file", f});
    std::vector<size_t> tables = {b.table(prefix + "scenario", {"input", "value"}, std::move(rows))};
    const J& sup = at(s, "supply");
    if (sup.is_object()) {
      std::vector<std::vector<J>> cal = key_values(at(sup, "calendar"));
      tables.push_back(b.table(prefix + "calendar", {"input", "value"}, std::move(cal)));
      for (const char* key : {"items", "lines", "suppliers", "agreements", "customers"}) {
        const J& v = at(sup, key);
        if (!v.is_array() || v.empty()) continue;
        std::vector<std::string> cols;
        for (const auto& [k, _] : v[0].items()) cols.push_back(k);
        std::vector<std::vector<J>> rows2;
        for (const auto& row : v) {
          std::vector<J> cells;
          for (const auto& c : cols) cells.push_back(at(row, c.c_str()));
          rows2.push_back(std::move(cells));
        }
        tables.push_back(b.table(prefix + "input_" + key, cols, std::move(rows2)));
      }
    }
    const J& mk = at(s, "market");
    if (mk.is_object()) {
      tables.push_back(b.table(prefix + "market", {"input", "value"}, key_values(mk)));
      std::vector<std::vector<J>> classes;
      for (const auto& c : at(mk, "classes"))
        classes.push_back({at(c, "id"), at(c, "items"), at(c, "high_speed"), at(c, "ai_fraction"), at(c, "prices_usd")});
      tables.push_back(b.table(prefix + "price_classes", {"class", "items", "high_speed", "ai_fraction", "prices_usd"},
                               std::move(classes)));
    }
    if (sup.is_object() && at(sup, "source_notes").is_array() && !at(sup, "source_notes").empty()) {
      std::vector<std::vector<J>> notes;
      for (const auto& n : at(sup, "source_notes")) notes.push_back({at(n, "input"), at(n, "source")});
      tables.push_back(b.table(prefix + "source_notes", {"input", "source"}, std::move(notes)));
    }
    b.section(title,
              "What this result was computed from: the scenario and every file it loaded" +
                  std::string(sup.is_object() ? ", the supply network's items, lines, suppliers, agreements and customers, "
                                                "and each input's source as the scenario wrote it."
                                              : "."),
              J(), std::move(tables));
  };
  if (si.is_object() && at(si, "base").is_object()) {
    scenario(at(si, "base"), "base_", "Scenario inputs: base");
    scenario(at(si, "what_if"), "whatif_", "Scenario inputs: what-if");
  } else if (si.is_object()) {
    scenario(si, "", "Scenario inputs");
  }
  // A market's uncertain inputs: their distributions and the values drawn.
  const J& uncertain = at(r, "inputs");
  if (uncertain.is_array() && !uncertain.empty() && uncertain[0].is_object() && at(uncertain[0], "distribution").is_string()) {
    std::vector<std::vector<J>> rows;
    for (const auto& in : uncertain) {
      const J& d = at(in, "drawn");
      rows.push_back({at(in, "id"), at(in, "name"), at(in, "distribution"), at(in, "source"), at(d, "p10"), at(d, "p50"),
                      at(d, "p90"), at(d, "base")});
    }
    b.section("Uncertain inputs", "Each uncertain input's distribution and source, and the values the runs drew (P10/P50/P90, base run).",
              J(), {b.table("uncertain_inputs", {"input", "name", "distribution", "source", "drawn_p10", "drawn_p50",
                                                  "drawn_p90", "drawn_base"},
                            std::move(rows))});
  }
  if (sources.is_array()) {
    std::vector<std::vector<J>> rows;
    for (const auto& s : sources)
      rows.push_back({at(s, "id"), at(s, "title"), at(s, "publisher"), at(s, "year"), at(s, "url"), at(s, "note"),
                      joined(at(s, "cited_for"))});
    // The note first: the table takes the rows.
    const std::string note = rows.empty() ? "No catalog entry or scenario source is cited by this result."
                                          : "Every source behind the numbers of this result: those cited by the catalog "
                                            "entries it names, and those the scenario's source texts name; what each backs "
                                            "in the last column.";
    const size_t t = b.table("sources", {"id", "title", "publisher", "year", "url", "note", "cited_for"}, std::move(rows));
    b.section("Sources", note, J(), {t});
  }
}

}  // namespace opticplan::report::detail
