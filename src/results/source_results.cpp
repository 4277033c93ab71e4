#include "opticplan/results/source_results.h"

#include <cmath>

#include "opticplan/core/table.h"
#include "opticplan/core/units.h"

namespace opticplan::results {
using namespace source;
using Json = nlohmann::ordered_json;

namespace {

double cents(double x) { return std::round(x * 100) / 100; }
double share(double x) { return std::round(x * 10000) / 10000; }
std::string money(double x) { return "$" + grouped(static_cast<int64_t>(std::llround(x))); }
std::string pct(double x) { return format_number(x * 100, 1) + "%"; }

const std::string& supplier_of(const Problem& p, const Offer& o) {
  return p.suppliers[static_cast<size_t>(o.supplier)].id;
}
const std::string& item_of(const Problem& p, const Offer& o) { return p.items[static_cast<size_t>(o.item)]; }

double sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

// Units an offer delivers under a decision: its reservations and its agreements.
std::vector<double> units_of(const Problem& p, const Decision& d, size_t o) {
  std::vector<double> u = d.reserve[o];
  for (size_t g = 0; g < p.agreements.size(); ++g)
    if (static_cast<size_t>(p.agreements[g].offer) == o)
      for (size_t t = 0; t < u.size(); ++t) u[t] += d.agreed[g][t];
  return u;
}

Json evaluation_json(const Evaluation& e) {
  return {{"expected_cost", cents(e.expected_cost)},
          {"cvar", cents(e.cvar)},
          {"cost_p10", cents(e.cost_p10)},
          {"cost_p50", cents(e.cost_p50)},
          {"cost_p90", cents(e.cost_p90)},
          {"std_error", cents(e.std_error)},
          {"p_on_time", share(e.p_on_time)},
          {"expected_late", round_to(e.expected_late, 2)},
          {"first_stage_cost", cents(e.first_stage_cost)}};
}

Json decision_json(const Problem& p, const Decision& d) {
  Json j;
  j["reserve"] = Json::array();
  for (size_t o = 0; o < p.offers.size(); ++o) {
    if (sum(d.reserve[o]) == 0) continue;
    j["reserve"].push_back({{"supplier", supplier_of(p, p.offers[o])},
                            {"item", item_of(p, p.offers[o])},
                            {"units", d.reserve[o]},
                            {"total", sum(d.reserve[o])}});
  }
  j["agreements"] = Json::array();
  for (size_t g = 0; g < p.agreements.size(); ++g)
    j["agreements"].push_back({{"id", p.agreements[g].id},
                               {"signed", static_cast<bool>(d.signed_agreement[g])},
                               {"units", d.agreed[g]},
                               {"total", sum(d.agreed[g])}});
  j["qualify"] = Json::array();
  for (size_t o = 0; o < p.offers.size(); ++o)
    if (d.qualify[o])
      j["qualify"].push_back({{"supplier", supplier_of(p, p.offers[o])}, {"item", item_of(p, p.offers[o])}});
  return j;
}

Json option_json(const Problem& p, const Option& o) {
  Json j{{"name", o.name}, {"evaluation", evaluation_json(o.evaluation)}};
  j.update(decision_json(p, o.decision));
  return j;
}

Table evaluation_table(const std::vector<const Option*>& options, double level) {
  Table t;
  using A = Table::Align;
  t.column("decision");
  t.column("expected cost", A::kRight);
  t.column("CVaR" + format_number(level * 100, 0), A::kRight);
  t.column("P50", A::kRight);
  t.column("P90", A::kRight);
  t.column("on time", A::kRight);
  for (const Option* o : options) {
    const Evaluation& e = o->evaluation;
    t.row({o->name, money(e.expected_cost), money(e.cvar), money(e.cost_p50), money(e.cost_p90), pct(e.p_on_time)});
  }
  return t;
}

}  // namespace

std::string source_text(const Problem& p, const Sourcing& s) {
  std::string out;
  out += "Sourcing " + std::to_string(p.items.size()) + (p.items.size() == 1 ? " item" : " items") + " from " +
         std::to_string(p.suppliers.size()) + " suppliers, " + p.periods.front() + " to " + p.periods.back();
  if (p.cluster)
    out += "; " + (p.cluster->name.empty() ? std::string("the cluster") : p.cluster->name) + " goes live " +
           p.periods[static_cast<size_t>(p.cluster->go_live)] + " (idle " + money(p.cluster->idle_cost) + " a period)";
  out += "\nOptimised on " + std::to_string(p.risk.scenarios) + " sampled futures (CVaR" +
         format_number(p.risk.cvar_level * 100, 0) + " weight " + format_number(p.risk.cvar_weight, 3) +
         "), evaluated on " + std::to_string(p.risk.evaluation) + " others.\n\n";

  const Decision& d = s.recommended.decision;
  out += "Recommended:\n";
  Table t;
  using A = Table::Align;
  t.column("item");
  t.column("supplier");
  t.column("units", A::kRight);
  t.column("share", A::kRight);
  t.column("by period");
  for (size_t i = 0; i < p.items.size(); ++i) {
    double item_total = 0;
    for (size_t o = 0; o < p.offers.size(); ++o)
      if (static_cast<size_t>(p.offers[o].item) == i) item_total += sum(units_of(p, d, o));
    for (size_t o = 0; o < p.offers.size(); ++o) {
      if (static_cast<size_t>(p.offers[o].item) != i) continue;
      const auto u = units_of(p, d, o);
      const double total = sum(u);
      if (total == 0) continue;
      std::string by;
      for (size_t k = 0; k < u.size(); ++k)
        if (u[k] > 0) by += (by.empty() ? "" : ", ") + p.periods[k] + " " + grouped(static_cast<int64_t>(u[k]));
      t.row({p.items[i], supplier_of(p, p.offers[o]), grouped(static_cast<int64_t>(total)),
             pct(item_total > 0 ? total / item_total : 0), by});
    }
  }
  out += t.text(2);
  for (size_t g = 0; g < p.agreements.size(); ++g)
    out += "  agreement " + p.agreements[g].id + ": " +
           (d.signed_agreement[g] ? "sign, " + grouped(static_cast<int64_t>(sum(d.agreed[g]))) + " units"
                                  : std::string("do not sign")) +
           "\n";
  for (size_t o = 0; o < p.offers.size(); ++o)
    if (d.qualify[o]) out += "  qualify " + supplier_of(p, p.offers[o]) + " for " + item_of(p, p.offers[o]) + "\n";

  out += "\nOut of sample (" + std::to_string(p.risk.evaluation) + " futures):\n";
  std::vector<const Option*> options{&s.recommended};
  for (const auto& b : s.baselines) options.push_back(&b);
  out += evaluation_table(options, p.risk.cvar_level).text(2);
  const double diff = s.recommended.evaluation.expected_cost - s.in_sample_cost;
  out += "  in sample " + money(s.in_sample_cost) + ", out of sample " + money(s.recommended.evaluation.expected_cost) +
         " (" + (diff >= 0 ? "+" : "-") + money(std::abs(diff)) + ", standard error " +
         money(s.recommended.evaluation.std_error) + ")\n";

  out += "\nEfficient frontier (CVaR weight: expected cost against on time):\n";
  Table f;
  f.column("weight", A::kRight);
  f.column("expected cost", A::kRight);
  f.column("CVaR", A::kRight);
  f.column("on time", A::kRight);
  for (const auto& pt : s.frontier)
    f.row({format_number(pt.weight, 3), money(pt.evaluation.expected_cost), money(pt.evaluation.cvar),
           pct(pt.evaluation.p_on_time)});
  out += f.text(2);

  if (!s.drivers.empty()) {
    out += "\nDisruptions by what they cost the recommendation:\n";
    Table dt;
    dt.column("source");
    dt.column("expected cost", A::kRight);
    dt.column("on time lost", A::kRight);
    for (const auto& dr : s.drivers)
      dt.row({dr.source, money(dr.cost), format_number(dr.p_on_time_loss * 100, 1) + " pts"});
    out += dt.text(2);
  }
  if (!s.scorecards.empty()) {
    out += "\nScorecards:\n";
    Table sc;
    sc.column("supplier");
    sc.column("item");
    sc.column("lines", A::kRight);
    sc.column("OTIF", A::kRight);
    sc.column("fill", A::kRight);
    sc.column("days late", A::kRight);
    sc.column("lead time", A::kRight);
    sc.column("DPPM (95%)", A::kRight);
    sc.column("trend", A::kRight);
    for (const auto& c : s.scorecards) {
      const std::string lead =
          c.lead_time_mean ? format_number(*c.lead_time_mean, 1) + " / " + format_number(*c.lead_time_p90, 1) : "-";
      const std::string dppm = c.dppm ? format_number(*c.dppm, 0) + " [" + format_number(*c.dppm_low, 0) + ", " +
                                            format_number(*c.dppm_high, 0) + "]"
                                      : "-";
      sc.row({p.suppliers[static_cast<size_t>(c.supplier)].id, p.items[static_cast<size_t>(c.item)],
              std::to_string(c.lines), c.lines ? pct(c.otif) : "-", c.lines ? pct(c.fill_rate) : "-",
              c.lines ? format_number(c.days_late_mean, 1) + " / " + format_number(c.days_late_p90, 1) : "-", lead,
              dppm, c.trend ? (*c.trend >= 0 ? "+" : "") + format_number(*c.trend * 100, 1) + " pts" : "-"});
    }
    out += sc.text(2);
  }
  if (!s.insights.empty()) {
    out += "\nWhy:\n";
    for (const auto& line : s.insights) out += "  - " + line + "\n";
  }
  return out;
}

std::string source_csv(const Problem& p, const Sourcing& s) {
  Table t;
  t.column("item");
  t.column("supplier");
  t.column("period");
  t.column("reserved");
  t.column("agreed");
  const Decision& d = s.recommended.decision;
  for (size_t o = 0; o < p.offers.size(); ++o)
    for (size_t k = 0; k < p.periods.size(); ++k) {
      double agreed = 0;
      for (size_t g = 0; g < p.agreements.size(); ++g)
        if (static_cast<size_t>(p.agreements[g].offer) == o) agreed += d.agreed[g][k];
      if (d.reserve[o][k] == 0 && agreed == 0) continue;
      t.row({item_of(p, p.offers[o]), supplier_of(p, p.offers[o]), p.periods[k], format_number(d.reserve[o][k], 0),
             format_number(agreed, 0)});
    }
  return t.csv();
}

Json source_json(const Problem& p, const Sourcing& s) {
  Json j;
  j["schema"] = "opticplan.source";
  j["version"] = 1;
  j["periods"] = p.periods;
  j["items"] = p.items;
  if (p.cluster)
    j["cluster"] = {{"name", p.cluster->name},
                    {"go_live", p.periods[static_cast<size_t>(p.cluster->go_live)]},
                    {"idle_cost_per_period", cents(p.cluster->idle_cost)}};
  j["risk"] = {{"scenarios", p.risk.scenarios},
               {"evaluation", p.risk.evaluation},
               {"seed", p.risk.seed},
               {"cvar_level", p.risk.cvar_level},
               {"cvar_weight", p.risk.cvar_weight}};
  j["lp"] = {{"rows", s.lp_rows}, {"columns", s.lp_columns}};
  j["recommended"] = option_json(p, s.recommended);
  j["in_sample"] = {{"expected_cost", cents(s.in_sample_cost)},
                    {"objective", cents(s.in_sample_objective)},
                    {"objective_lower_bound", cents(s.lower_bound)},
                    {"out_of_sample_difference", cents(s.recommended.evaluation.expected_cost - s.in_sample_cost)}};
  j["baselines"] = Json::array();
  for (const auto& b : s.baselines) j["baselines"].push_back(option_json(p, b));
  j["frontier"] = Json::array();
  for (const auto& pt : s.frontier) {
    Json e = evaluation_json(pt.evaluation);
    j["frontier"].push_back({{"cvar_weight", pt.weight},
                             {"in_sample_cost", cents(pt.in_sample_cost)},
                             {"expected_cost", e["expected_cost"]},
                             {"cvar", e["cvar"]},
                             {"p_on_time", e["p_on_time"]}});
  }
  j["qualifications"] = Json::array();
  for (const auto& q : s.qualifications) {
    const Offer& o = p.offers[static_cast<size_t>(q.offer)];
    j["qualifications"].push_back({{"supplier", supplier_of(p, o)},
                                   {"item", item_of(p, o)},
                                   {"recommended", q.recommended},
                                   {"value", cents(q.value)},
                                   {"p_on_time_with", share(q.p_on_time_with)},
                                   {"p_on_time_without", share(q.p_on_time_without)}});
  }
  j["drivers"] = Json::array();
  for (const auto& d : s.drivers)
    j["drivers"].push_back(
        {{"source", d.source}, {"expected_cost", cents(d.cost)}, {"p_on_time_loss", share(d.p_on_time_loss)}});
  j["scorecards"] = Json::array();
  for (const auto& c : s.scorecards) {
    Json sc{{"supplier", p.suppliers[static_cast<size_t>(c.supplier)].id},
            {"item", p.items[static_cast<size_t>(c.item)]},
            {"lines", c.lines},
            {"otif", share(c.otif)},
            {"fill_rate", share(c.fill_rate)},
            {"days_late_mean", round_to(c.days_late_mean, 2)},
            {"days_late_p90", round_to(c.days_late_p90, 2)},
            {"lots", c.lots}};
    sc["lead_time_mean"] = c.lead_time_mean ? Json(round_to(*c.lead_time_mean, 2)) : Json(nullptr);
    sc["lead_time_p90"] = c.lead_time_p90 ? Json(round_to(*c.lead_time_p90, 2)) : Json(nullptr);
    sc["dppm"] = c.dppm ? Json(round_to(*c.dppm, 1)) : Json(nullptr);
    sc["dppm_low"] = c.dppm_low ? Json(round_to(*c.dppm_low, 1)) : Json(nullptr);
    sc["dppm_high"] = c.dppm_high ? Json(round_to(*c.dppm_high, 1)) : Json(nullptr);
    sc["trend"] = c.trend ? Json(share(*c.trend)) : Json(nullptr);
    j["scorecards"].push_back(sc);
  }
  j["insights"] = s.insights;
  return j;
}

}  // namespace opticplan::results
