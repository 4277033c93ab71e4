// Report sections for a sourcing decision (opticplan.source): the recommended split, the
// recommendation against the baselines out of sample, the efficient frontier, what each
// disruption costs, what each qualification is worth, the scorecards, and why in words.
// Each chart's table holds exactly the numbers drawn, so XLSX and CSV carry them too.
#include <map>
#include <string>
#include <vector>

#include "kinds.h"

namespace opticplan::report::detail {
namespace {

// "2026Q3 1,300; 2026Q4 1,800": the periods with units, as the text output lists them.
J by_period(const J& units, const J& periods) {
  std::string out;
  for (size_t t = 0; t < units.size() && t < periods.size(); ++t)
    if (num(units[t]) != 0) out += (out.empty() ? "" : "; ") + text(periods[t]) + " " + display(units[t]);
  return out;
}

// Units reserved (and agreed) per item, stacked by supplier.
void recommendation_section(Builder& b, const J& rec, const J& items, const J& periods) {
  std::vector<std::string> item_names, suppliers;
  for (const auto& i : items) item_names.push_back(text(i));
  std::map<std::string, std::map<std::string, double>> units;  // supplier -> item -> units
  std::vector<std::vector<J>> rows;
  for (const auto& r : at(rec, "reserve")) {
    const std::string s = text(at(r, "supplier"));
    if (!units.count(s)) suppliers.push_back(s);
    units[s][text(at(r, "item"))] += num(at(r, "total"));
    rows.push_back({at(r, "item"), at(r, "supplier"), at(r, "total"), by_period(at(r, "units"), periods)});
  }
  J series = J::array();
  for (const auto& s : suppliers) {
    J data = J::array();
    for (const auto& i : item_names) data.push_back(units[s].count(i) ? J(units[s][i]) : J());
    series.push_back(bar(s, std::move(data), "units"));
  }
  std::vector<std::vector<J>> agreements, qualify;
  for (const auto& a : at(rec, "agreements"))
    agreements.push_back({at(a, "id"), at(a, "signed"), at(a, "total"), by_period(at(a, "units"), periods)});
  for (const auto& q : at(rec, "qualify")) qualify.push_back({at(q, "supplier"), at(q, "item")});
  J o = base_option();
  o["xAxis"] = category_axis(item_names);
  o["yAxis"] = value_axis("units reserved");
  o["series"] = std::move(series);
  b.section("Recommended split",
            "Units reserved from each supplier (reservations and agreements) per item over the horizon; the "
            "agreements to sign and the second sources to qualify below.",
            std::move(o),
            {b.table("reserve", {"item", "supplier", "units", "units_by_period"}, std::move(rows)),
             b.table("agreements", {"agreement", "signed", "units", "units_by_period"}, std::move(agreements)),
             b.table("qualify", {"supplier", "item"}, std::move(qualify))});
}

// The recommendation and each baseline out of sample: expected cost and CVaR, and P(on time).
void baselines_section(Builder& b, const J& r) {
  std::vector<const J*> options{&at(r, "recommended")};
  for (const auto& o : at(r, "baselines")) options.push_back(&o);
  std::vector<std::string> names;
  J cost = J::array(), cvar = J::array(), on_time = J::array();
  std::vector<std::vector<J>> rows;
  for (const J* o : options) {
    const J& e = at(*o, "evaluation");
    names.push_back(text(at(*o, "name")));
    cost.push_back(at(e, "expected_cost"));
    cvar.push_back(at(e, "cvar"));
    on_time.push_back(at(e, "p_on_time"));
    rows.push_back({at(*o, "name"), at(e, "expected_cost"), at(e, "cvar"), at(e, "cost_p10"), at(e, "cost_p50"),
                    at(e, "cost_p90"), at(e, "std_error"), at(e, "p_on_time"), at(e, "expected_late")});
  }
  J o = base_option();
  o["xAxis"] = category_axis(names);
  o["yAxis"] = J::array({value_axis("USD"), value_axis("P(on time)", true)});
  J s = J::array({bar("expected cost", std::move(cost)), bar("CVaR", std::move(cvar)), line("P(on time)", on_time)});
  s[2]["yAxisIndex"] = 1;
  o["series"] = std::move(s);
  b.section("Out of sample, against the baselines",
            "Each decision on the same " + display(at(at(r, "risk"), "evaluation")) +
                " futures it was not optimised on: expected cost and CVaR (left), the probability of being on time "
                "(right).",
            std::move(o),
            {b.table("out_of_sample",
                     {"decision", "expected_cost", "cvar", "cost_p10", "cost_p50", "cost_p90", "std_error", "p_on_time",
                      "expected_late"},
                     std::move(rows))});
}

// Expected cost against P(on time), one point per CVaR weight.
void frontier_section(Builder& b, const J& frontier) {
  J points = J::array();
  std::vector<std::vector<J>> rows;
  for (const auto& f : frontier) {
    points.push_back(J::array({at(f, "expected_cost"), at(f, "p_on_time")}));
    rows.push_back(
        {at(f, "cvar_weight"), at(f, "in_sample_cost"), at(f, "expected_cost"), at(f, "cvar"), at(f, "p_on_time")});
  }
  J o = base_option();
  o["xAxis"] = value_axis("expected cost (USD)");
  o["xAxis"]["scale"] = true;
  o["yAxis"] = value_axis("P(on time)");
  o["yAxis"]["scale"] = true;
  o["tooltip"] = {{"trigger", "item"}};
  o["series"] = J::array({J{{"type", "line"}, {"name", "frontier"}, {"data", std::move(points)}, {"symbolSize", 9}}});
  b.section(
      "Efficient frontier",
      "The decision at each weight on CVaR: expected cost against the probability that every need is met "
      "on time (a cluster: live at go-live), out of sample.",
      std::move(o),
      {b.table("frontier", {"cvar_weight", "in_sample_cost", "expected_cost", "cvar", "p_on_time"}, std::move(rows))});
}

// What each disruption process costs the recommendation.
void drivers_section(Builder& b, const J& drivers) {
  std::vector<std::string> names;
  J data = J::array();
  std::vector<std::vector<J>> rows;
  for (auto it = drivers.rbegin(); it != drivers.rend(); ++it) {
    names.push_back(text(at(*it, "source")));
    data.push_back(at(*it, "expected_cost"));
  }
  for (const auto& d : drivers) rows.push_back({at(d, "source"), at(d, "expected_cost"), at(d, "p_on_time_loss")});
  const size_t t = b.table("drivers", {"disruption", "expected_cost", "p_on_time_loss"}, std::move(rows));
  if (names.empty()) {
    b.section("Disruptions", "No disruption process is modelled.", J(), {t});
    return;
  }
  J o = base_option();
  o["tooltip"] = {{"trigger", "axis"}, {"axisPointer", {{"type", "shadow"}}}};
  o["xAxis"] = value_axis("expected cost it adds (USD)");
  o["yAxis"] = category_axis(names);
  o["series"] = J::array({bar("expected cost", std::move(data))});
  o["legend"]["show"] = false;
  ReportSection& s = b.section(
      "What each disruption costs",
      "Each disruption process switched off in turn, the recommendation re-evaluated on the same futures: the "
      "expected cost and on-time probability it takes.",
      std::move(o), {t});
  s.height = std::clamp<int>(static_cast<int>(names.size()) * 30 + 110, 220, 700);
}

}  // namespace

void source_sections(Builder& b, const J& r) {
  need(r, "recommended", J::value_t::object, "");
  need(r, "baselines", J::value_t::array, "");
  need(r, "frontier", J::value_t::array, "");
  recommendation_section(b, at(r, "recommended"), at(r, "items"), at(r, "periods"));
  baselines_section(b, r);
  frontier_section(b, at(r, "frontier"));
  drivers_section(b, at(r, "drivers"));
  std::vector<std::vector<J>> quals, cards, why;
  for (const auto& q : at(r, "qualifications"))
    quals.push_back({at(q, "supplier"), at(q, "item"), at(q, "recommended"), at(q, "value"), at(q, "p_on_time_with"),
                     at(q, "p_on_time_without")});
  b.section(
      "Second sources", "What qualifying each second source is worth: expected cost without it minus with it.", J(),
      {b.table("qualifications", {"supplier", "item", "recommended", "value", "p_on_time_with", "p_on_time_without"},
               std::move(quals))});
  for (const auto& c : at(r, "scorecards"))
    cards.push_back({at(c, "supplier"), at(c, "item"), at(c, "lines"), at(c, "otif"), at(c, "fill_rate"),
                     at(c, "days_late_mean"), at(c, "days_late_p90"), at(c, "lead_time_mean"), at(c, "lead_time_p90"),
                     at(c, "lots"), at(c, "dppm"), at(c, "dppm_low"), at(c, "dppm_high"), at(c, "trend")});
  b.section("Scorecards",
            "From the delivery and quality history: on-time-in-full, fill rate, days late and lead time (mean, P90), "
            "DPPM with its 95% Wilson interval, and the trend of on-time-in-full.",
            J(),
            {b.table("scorecards",
                     {"supplier", "item", "lines", "otif", "fill_rate", "days_late_mean", "days_late_p90",
                      "lead_time_mean", "lead_time_p90", "lots", "dppm", "dppm_low", "dppm_high", "trend"},
                     std::move(cards))});
  for (const auto& w : at(r, "insights")) why.push_back({w});
  b.section("Why", "The reasons behind the recommendation, in words.", J(),
            {b.table("why", {"reason"}, std::move(why))});
}

}  // namespace opticplan::report::detail
