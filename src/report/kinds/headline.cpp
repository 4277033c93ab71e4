// The headline of each kind of report: the (at most three) figures a reader needs first, each as
// a number and what it is in words. Read from the result's JSON like the sections; a figure whose
// keys are missing is left out, never shown as 0.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "kinds.h"

namespace opticplan::report::detail {
namespace {

// USD as people say it: $26.2B, $19.8M, $650K, $355.
std::string money(double usd) {
  const double a = std::abs(usd);
  char buf[32];
  if (a >= 1e9)
    std::snprintf(buf, sizeof buf, "$%.1fB", usd / 1e9);
  else if (a >= 1e6)
    std::snprintf(buf, sizeof buf, "$%.1fM", usd / 1e6);
  else if (a >= 1e4)
    std::snprintf(buf, sizeof buf, "$%.0fK", usd / 1e3);
  else
    std::snprintf(buf, sizeof buf, "$%.0f", usd);
  return buf;
}
std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", share * 100);
  return buf;
}
std::string count(double n) { return display(J(std::llround(n))); }

// The year a market's headline speaks of: the tornado's (the year the scenario studies), else the last.
const J* headline_year(const J& r) {
  const J& years = at(r, "years");
  if (!years.is_array() || years.empty()) return nullptr;
  const J& wanted = at(at(r, "tornado"), "year");
  for (const auto& y : years)
    if (wanted.is_number() && at(y, "year") == wanted) return &y;
  return &years.back();
}

std::vector<Headline> market(const J& r) {
  std::vector<Headline> h;
  const J* y = headline_year(r);
  if (!y) return h;
  const std::string year = display(at(*y, "year"), true);
  const J& value = at(*y, "market_value_usd").is_object() ? at(*y, "market_value_usd") : at(*y, "value_usd");
  if (at(value, "p50").is_number())
    h.push_back({money(num(at(value, "p50"))), "market value in " + year + " (P50; P10–P90 " +
                                                   money(num(at(value, "p10"))) + "–" + money(num(at(value, "p90"))) +
                                                   ")"});
  const J& share = at(*y, "share_800g_plus").is_object() ? at(*y, "share_800g_plus") : at(*y, "high_speed_share");
  if (at(share, "p50").is_number())
    h.push_back({percent(num(at(share, "p50"))), "of units at 800G and above in " + year + " (P50)"});
  // The likeliest event the scenario names, else the year-end backlog.
  const J* likeliest = nullptr;
  for (const auto& e : at(r, "events"))
    if (at(e, "probability").is_number() &&
        (!likeliest || num(at(e, "probability")) > num(at(*likeliest, "probability"))))
      likeliest = &e;
  if (likeliest)
    h.push_back({percent(num(at(*likeliest, "probability"))), "chance: " + text(at(*likeliest, "name"))});
  else if (at(at(*y, "backlog"), "p50").is_number())
    h.push_back({count(num(at(at(*y, "backlog"), "p50"))), "units of backlog at the end of " + year + " (P50)"});
  return h;
}

std::vector<Headline> plan(const J& r) {
  std::vector<Headline> h;
  const J& k = at(r, "kpis");
  if (at(k, "fill_rate").is_number())
    h.push_back(
        {percent(num(at(k, "fill_rate"))), "of " + count(num(at(k, "ordered"))) + " units ordered delivered on time"});
  if (at(k, "late_units").is_number())
    h.push_back({count(num(at(k, "late_units"))), "units late (at most " + display(at(k, "max_lateness")) +
                                                      " periods), " + count(num(at(k, "short_units"))) + " short"});
  // A cluster's go-live says more than revenue; revenue when there is no group.
  for (const auto& g : at(r, "groups")) {
    const J& complete = at(g, "complete");
    h.push_back({complete.is_string() ? text(complete) : "never",
                 text(at(g, "id")) + " goes live (its last optic arrives; due " + text(at(g, "due")) + ")"});
    return h;
  }
  if (num(at(k, "revenue_usd")) > 0) h.push_back({money(num(at(k, "revenue_usd"))), "revenue delivered in time"});
  return h;
}

std::vector<Headline> fabric(const J& r) {
  std::vector<Headline> h;
  const J& c = at(r, "cluster");
  const J& sw = at(r, "switches");
  const double switches = num(at(sw, "leaf")) + num(at(sw, "spine")) + num(at(sw, "core"));
  if (at(c, "gpus").is_number())
    h.push_back({count(num(at(c, "gpus"))) + " GPUs", display(at(r, "tiers")) + " tiers, " + count(switches) +
                                                          " switches (" + text(at(c, "leaf_switch")) + ")"});
  const J& bom = at(r, "bom");
  if (at(bom, "modules").is_number())
    h.push_back({count(num(at(bom, "modules"))), "optical modules, " + display(at(r, "optics_per_gpu")) + " per GPU"});
  if (at(bom, "optics_cost_usd").is_number())
    h.push_back({money(num(at(bom, "optics_cost_usd"))),
                 "of optics, drawing " + count(num(at(bom, "optics_power_w")) / 1000) + " kW"});
  return h;
}

std::vector<Headline> fabric_compare(const J& r) {
  std::vector<Headline> h;
  const auto per_gpu = [](const J& d) -> const J& { return at(at(at(d, "fabric"), "bom"), "per_gpu"); };
  const J* cheapest = nullptr;
  const J* leanest = nullptr;
  int built = 0;
  for (const auto& d : at(r, "designs")) {
    const J& pg = per_gpu(d);
    if (!pg.is_object()) continue;
    ++built;
    if (!cheapest || num(at(pg, "optics_cost_usd")) < num(at(per_gpu(*cheapest), "optics_cost_usd"))) cheapest = &d;
    if (!leanest || num(at(pg, "optics_power_w")) < num(at(per_gpu(*leanest), "optics_power_w"))) leanest = &d;
  }
  h.push_back({display(J(built)) + " of " + display(J(at(r, "designs").size())), "designs can be built"});
  if (cheapest)
    h.push_back({money(num(at(per_gpu(*cheapest), "optics_cost_usd"))),
                 "optics per GPU, the least: " + text(at(*cheapest, "name"))});
  if (leanest)
    h.push_back({display(at(per_gpu(*leanest), "optics_power_w")) + " W",
                 "optics power per GPU, the least: " + text(at(*leanest, "name"))});
  return h;
}

std::vector<Headline> link(const J& r) {
  std::vector<Headline> h;
  int n = 0, failing = 0;
  const J* least = nullptr;
  for (const auto& l : at(r, "links")) {
    ++n;
    if (at(l, "pass") == J(false)) ++failing;
    if (at(l, "margin_db").is_number() && (!least || num(at(l, "margin_db")) < num(at(*least, "margin_db"))))
      least = &l;
  }
  if (n > 0) h.push_back({display(J(n - failing)) + " of " + display(J(n)), "intra-DC links pass their loss budget"});
  if (least)
    h.push_back({display(at(*least, "margin_db")) + " dB", "the least loss margin (" + text(at(*least, "id")) + ")"});
  int routes = 0, fit = 0;
  for (const auto& d : at(r, "dci")) {
    ++routes;
    if (at(d, "capacity_fits") == J(true)) ++fit;
  }
  if (routes > 0)
    h.push_back({display(J(fit)) + " of " + display(J(routes)), "DCI routes carry their target capacity"});
  return h;
}

std::vector<Headline> select(const J& r) {
  std::vector<Headline> h;
  const J& c = at(r, "candidates");
  if (c.is_array() && !c.empty()) {
    h.push_back({text(at(c[0], "id")), "ranks first: " + text(at(c[0], "name"))});
    if (at(c[0], "price_per_link_usd").is_number())
      h.push_back({money(num(at(c[0], "price_per_link_usd"))), "per link, " + display(at(c[0], "power_per_link_w")) +
                                                                   " W, " + display(at(c[0], "loss_margin_db")) +
                                                                   " dB margin"});
  }
  h.push_back({display(J(c.size())) + " / " + display(J(at(r, "rejected").size())),
               "modules that can carry the link / families refused"});
  return h;
}

std::vector<Headline> quote(const J& r) {
  std::vector<Headline> h;
  const J& o = at(r, "order");
  h.push_back({at(r, "complete").is_string() ? text(at(r, "complete")) : "never",
               "complete (asked for " + text(at(o, "due")) + ")"});
  if (at(o, "on_time").is_number())
    h.push_back({count(num(at(o, "on_time"))) + " of " + count(num(at(o, "quantity"))), "units on time"});
  const J& causes = at(o, "causes");
  if (causes.is_array() && !causes.empty())
    h.push_back({constraint_name(at(causes[0], "constraint")), "is why not earlier"});
  return h;
}

std::vector<Headline> compare(const J& r) {
  std::vector<Headline> h;
  const double base = num(at(at(r, "base"), "fill_rate")), what_if = num(at(at(r, "what_if"), "fill_rate"));
  if (at(at(r, "base"), "fill_rate").is_number())
    h.push_back({percent(base) + " → " + percent(what_if), "of units on time, base → what-if"});
  h.push_back({display(J(at(r, "moved").size())), "orders moved"});
  const double late = num(at(at(r, "what_if"), "late_units")) - num(at(at(r, "base"), "late_units"));
  h.push_back({(late > 0 ? "+" : "") + count(late), "late units in the what-if"});
  return h;
}

std::vector<Headline> market_compare(const J& r) {
  std::vector<Headline> h;
  const J* base = headline_year(at(r, "base"));
  const J* what_if = headline_year(at(r, "what_if"));
  if (!base || !what_if) return h;
  const auto value = [](const J& y) {
    return num(at(at(y, "market_value_usd").is_object() ? at(y, "market_value_usd") : at(y, "value_usd"), "p50"));
  };
  const std::string year = display(at(*base, "year"), true);
  h.push_back(
      {money(value(*base)) + " → " + money(value(*what_if)), "market value in " + year + " (P50), base → what-if"});
  const double d = value(*what_if) - value(*base);
  h.push_back({(d >= 0 ? "+" : "−") + money(std::abs(d)), "the what-if's change in " + year});
  return h;
}

std::vector<Headline> source(const J& r) {
  std::vector<Headline> h;
  const J& e = at(at(r, "recommended"), "evaluation");
  if (!e.is_object()) return h;
  h.push_back({money(num(at(e, "expected_cost"))),
               "expected cost of the recommendation out of sample (CVaR " + money(num(at(e, "cvar"))) + ")"});
  double best = -1;
  std::string best_name;
  for (const auto& b : at(r, "baselines"))
    if (num(at(at(b, "evaluation"), "p_on_time")) > best) {
      best = num(at(at(b, "evaluation"), "p_on_time"));
      best_name = text(at(b, "name"));
    }
  h.push_back({percent(num(at(e, "p_on_time"))),
               "on time" + (best >= 0 ? " (best baseline, " + best_name + ": " + percent(best) + ")" : std::string())});
  const J& d = at(r, "drivers");
  if (d.is_array() && !d.empty())
    h.push_back({money(num(at(d[0], "expected_cost"))), "the costliest disruption: " + text(at(d[0], "source"))});
  return h;
}

}  // namespace

std::vector<Headline> headline_of(std::string_view kind, const J& r) {
  if (kind == "market") return market(r);
  if (kind == "plan") return plan(r);
  if (kind == "fabric") return fabric(r);
  if (kind == "fabric-compare") return fabric_compare(r);
  if (kind == "link") return link(r);
  if (kind == "select") return select(r);
  if (kind == "quote") return quote(r);
  if (kind == "compare") return compare(r);
  if (kind == "market-compare") return market_compare(r);
  if (kind == "source") return source(r);
  if (kind == "run") {  // one figure from each part it holds
    std::vector<Headline> h;
    for (const auto& [part, key] : {std::pair{"plan", "plan"}, {"fabric", "fabric"}, {"link", "links"}}) {
      const J& j = at(r, key);
      const J& one = j.is_array() ? (j.empty() ? null_json() : j[0]) : j;
      if (!one.is_object()) continue;
      auto hs = headline_of(part, one);
      if (!hs.empty()) h.push_back(hs.front());
    }
    return h;
  }
  return {};
}

}  // namespace opticplan::report::detail
