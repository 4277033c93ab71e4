// The report model (report/report_model.h): kinds, keys a result gains later, malformed input.
#include <gtest/gtest.h>

#include <algorithm>

#include "opticplan/report/html.h"
#include "opticplan/report/report_model.h"
#include "opticplan/results/provenance.h"

namespace opticplan::report {
namespace {
using namespace opticplan::results;

using J = nlohmann::ordered_json;

J band(double p50) { return {{"p10", p50 * 0.9}, {"p50", p50}, {"p90", p50 * 1.1}, {"base", p50}}; }

J small_market() {
  J m = {{"schema", "opticplan.market"},
         {"version", 1},
         {"runs", 10},
         {"periods", {"2025Q1", "2025Q2"}},
         {"classes", {"800G", "1.6T"}}};
  m["years"] = J::array({{{"year", 2025},
                          {"value_usd", band(1e6)},
                          {"value_by_class_usd", {{"800G", band(4e5)}, {"1.6T", band(6e5)}}},
                          {"high_speed_share", band(1)}}});
  m["per_period"] = J::array();
  for (const char* p : {"2025Q1", "2025Q2"})
    m["per_period"].push_back({{"period", p},
                               {"shipments", {{"800G", band(100)}, {"1.6T", band(50)}}},
                               {"backlog", band(10)},
                               {"binding", p == std::string("2025Q1") ? J("dsp supply") : J()},
                               {"binding_share_of_runs", 0.5}});
  return m;
}

const ReportSection* find(const ReportModel& m, const std::string& title) {
  for (const auto& s : m.sections)
    if (s.title == title) return &s;
  return nullptr;
}

TEST(Report, MarketChartsReadTheKeysThatExist) {
  auto m = build_report(small_market());
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->kind, "market");
  ASSERT_NE(find(*m, "Shipments by speed"), nullptr);
  EXPECT_EQ(find(*m, "Shipments by speed")->series, 2);    // one per class
  EXPECT_EQ(find(*m, "Market value by year")->series, 4);  // P10, P10-P90, P50, base
  EXPECT_EQ(find(*m, "Binding constraint per period")->series, 1);
  EXPECT_EQ(find(*m, "Sensitivities (tornado)"), nullptr);  // absent key, no chart
}

TEST(Report, MarketTornadoAndNewKeysWhenPresent) {
  J r = small_market();
  r["tornado"] = {
      {"metric", "value 2026"},
      {"base", 100},
      {"bars",
       {{{"input", "demand"}, {"low", 80}, {"high", 130}}, {{"input", "DSP supply"}, {"low", 95}, {"high", 104}}}}};
  r["events"] = J::array({{{"period", "2025Q2"}, {"what", "fab fire"}, {"capacity", {{"p50", 0.5}}}}});
  r["makers"] = {{"a", 1}};  // not an array of objects: skipped, no error
  auto m = build_report(r);
  ASSERT_TRUE(m) << m.error();
  const ReportSection* t = find(*m, "Sensitivities (tornado)");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->series, 2);
  const ReportTable& tt = m->tables[t->tables[0]];
  ASSERT_EQ(tt.rows.size(), 2u);
  EXPECT_EQ(tt.rows[0][0], "demand");  // widest swing first
  EXPECT_EQ(tt.rows[0][4], 50.0);
  const ReportSection* e = find(*m, "events");
  ASSERT_NE(e, nullptr);
  const ReportTable& et = m->tables[e->tables[0]];
  EXPECT_EQ(et.columns, (std::vector<std::string>{"period", "period_start", "what", "capacity.p50"}));
  EXPECT_EQ(et.rows[0][1], "2025-04-01");  // the quarter's first day, stored as a date in XLSX
  EXPECT_EQ(et.date_columns, (std::vector<bool>{false, true, false, false}));
  EXPECT_EQ(find(*m, "makers"), nullptr);
}

// The headline: the market value in money words, the share, and the likeliest event when there are events.
TEST(Report, MarketHeadlineSaysTheValueAsMoney) {
  J r = small_market();
  auto m = build_report(r);
  ASSERT_TRUE(m) << m.error();
  ASSERT_EQ(m->headline.size(), 2u);  // value, share (no events, no backlog per year)
  EXPECT_EQ(m->headline[0].figure, "$1.0M");
  EXPECT_EQ(m->headline[0].words, "market value in 2025 (P50; P10–P90 $900K–$1.1M)");
  EXPECT_EQ(m->headline[1].figure, "100.0%");
  r["events"] = J::array({{{"id", "a"}, {"name", "EML shortage"}, {"probability", 0.2}, {"base", false}},
                          {{"id", "b"}, {"name", "DSP shortage"}, {"probability", 0.82}, {"base", true}}});
  m = build_report(r);
  ASSERT_TRUE(m) << m.error();
  ASSERT_EQ(m->headline.size(), 3u);
  EXPECT_EQ(m->headline[2].figure, "82.0%");
  EXPECT_EQ(m->headline[2].words, "chance: DSP shortage");
  const ReportSection* e = find(*m, "Events: how likely each one is");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->series, 1);
}

// Money axes carry the "usd" formatter that report.js turns into $26.2B; others do not.
TEST(Report, MoneyAxesAreMarked) {
  auto m = build_report(small_market());
  ASSERT_TRUE(m) << m.error();
  const ReportSection* v = find(*m, "Market value by year");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->chart["yAxis"]["axisLabel"]["formatter"], "usd");
  const ReportSection* s = find(*m, "Shipments by speed");
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(s->chart["yAxis"].contains("axisLabel"));
}

TEST(Report, TornadoOfAnotherShapeIsATable) {
  J r = small_market();
  r["tornado"] = J::array({{{"input", "demand"}, {"swing", 3}}});
  auto m = build_report(r);
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(find(*m, "Sensitivities (tornado)"), nullptr);
  EXPECT_NE(find(*m, "tornado"), nullptr);
}

// Market schema v2 names: quarters, market_value_usd, share_800g_plus, wait_periods; a tornado
// object whose bars carry the inputs' own values (low_input) besides the output's (low).
TEST(Report, MarketSchemaV2Keys) {
  J v1 = small_market();
  J r = {{"schema", "opticplan.market"}, {"version", 2}, {"runs", 10}, {"seed", 1}, {"classes", v1["classes"]}};
  r["years"] = J::array({{{"year", 2025},
                          {"market_value_usd", band(1e6)},
                          {"share_800g_plus", band(0.5)},
                          {"value_by_class_usd", {{"800G", band(4e5)}, {"1.6T", band(6e5)}}}}});
  r["quarters"] = v1["per_period"];
  for (auto& q : r["quarters"]) q["wait_periods"] = band(1.5);
  r["periods"] = r["quarters"];
  r["inputs"] = J::array({{{"id", "demand"}, {"name", "Demand"}, {"distribution", "normal"}, {"drawn", band(1)}}});
  r["tornado"] = {{"year", 2027},
                  {"output", "market_value_usd"},
                  {"base", 100},
                  {"bars",
                   {{{"input", "demand"},
                     {"name", "Demand"},
                     {"low_input", 0.8},
                     {"high_input", 1.2},
                     {"low", 90},
                     {"high", 120},
                     {"swing", 30}}}}};
  auto m = build_report(r);
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->kind, "market");
  EXPECT_EQ(find(*m, "Shipments by speed")->series, 2);
  const ReportTable& value = m->tables[find(*m, "Market value by year")->tables[0]];
  EXPECT_EQ(value.rows[0][2], 1e6);
  const ReportTable& share = m->tables[find(*m, "800G-and-above share")->tables[0]];
  EXPECT_EQ(share.rows[0][2], 0.5);
  ASSERT_NE(find(*m, "Wait"), nullptr);
  const ReportSection* t = find(*m, "Sensitivities (tornado)");
  ASSERT_NE(t, nullptr);
  const ReportTable& tt = m->tables[t->tables[0]];
  EXPECT_EQ(tt.rows[0][0], "Demand");
  EXPECT_EQ(tt.rows[0][1], 90.0);  // the output at the low input, not the input itself
  EXPECT_EQ(tt.rows[0][2], 120.0);
  EXPECT_EQ(t->chart["xAxis"]["name"], "market_value_usd 2027, change from base");
  EXPECT_NE(find(*m, "Uncertain inputs"), nullptr);  // with their distributions, even without provenance
  // `opticplan market --what-if`: base and what-if, each a market.
  auto c =
      build_report(J{{"schema", "opticplan.market-compare"}, {"version", 1}, {"base", r}, {"what_if", small_market()}});
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->kind, "market-compare");
  EXPECT_NE(find(*c, "Base: Shipments by speed"), nullptr);
  EXPECT_NE(find(*c, "What-if: Shipments by speed"), nullptr);
}

TEST(Report, KindFromKeysWithoutSchema) {
  J r = small_market();
  r.erase("schema");
  auto m = build_report(r);
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->kind, "market");
  EXPECT_EQ(build_report(J{{"kind", "market"}, {"years", J::array()}, {"per_period", J::array()}})->kind, "market");
}

TEST(Report, BadInputFailsWithTheKey) {
  auto a = build_report(J{{"schema", "opticplan.catalog.entry"}});
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().find("has no report"), std::string::npos);
  auto s = build_report(J{{"schema", "opticplan.select"}, {"candidates", J::array()}});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().find("rejected: missing"), std::string::npos) << s.error();
  auto b = build_report(J{{"hello", 1}});
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().find("cannot tell"), std::string::npos);
  J r = small_market();
  r["per_period"] = 3;
  auto c = build_report(r);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().find("per_period"), std::string::npos) << c.error();
  EXPECT_FALSE(build_report(J::array()));
  J p = {{"schema", "opticplan.plan"}, {"periods", {"2026-W01"}}};
  auto d = build_report(p);
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().find("orders: missing"), std::string::npos) << d.error();
}

TEST(Report, HtmlIsSelfContainedAndStable) {
  auto m = build_report(small_market());
  ASSERT_TRUE(m);
  const std::string html = html_report(*m);
  EXPECT_EQ(html, html_report(*build_report(small_market())));
  EXPECT_EQ(html.find(" src="), std::string::npos);  // no external script or image
  EXPECT_EQ(html.find("<link"), std::string::npos);  // no external style
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(html.find("echarts"), std::string::npos);
  // The chart options cannot end their <script> element early.
  J r = small_market();
  r["classes"] = {"</script><b>"};
  const std::string evil = html_report(*build_report(r));
  EXPECT_EQ(evil.find("</script><b>"), std::string::npos);
}

// The kinds added with issue 7, each ending with its inputs and sources.
J provenance() {
  return {{"scenario_inputs", {{"scenario", "s"}, {"description", nullptr}, {"files", {"a.yaml"}}}},
          {"sources", J::array({{{"id", "ieee"},
                                 {"title", "IEEE"},
                                 {"publisher", nullptr},
                                 {"year", 2024},
                                 {"url", "https://example.org/x"},
                                 {"note", nullptr},
                                 {"cited_for", {"800GBASE-DR8: reach"}}}})}};
}

// A plan with --bound (or --compare) shows the fast planner against the bound (or the optimum)
// per priority tier, and says the gap; a plan without shows no such section.
TEST(Report, PlanComparisonAgainstTheBound) {
  J plan = {{"schema", "opticplan.plan"},
            {"planner", "heuristic"},
            {"periods", {"2026-W01", "2026-W02"}},
            {"kpis", {{"ordered", 100}}},
            {"orders", J::array()}};
  plan.update(provenance());
  auto without = build_report(plan);
  ASSERT_TRUE(without) << without.error();
  EXPECT_FALSE(find(*without, "Fast planner against the bound"));
  plan["comparison"] = {
      {"objective", "lateness"},
      {"tiers", "strict"},
      {"against", "bound"},
      {"priority", 1},
      {"heuristic", 6000},
      {"optimum", nullptr},
      {"proven", nullptr},
      {"bound", 5000},
      {"gap", 0.2},
      {"levels", J::array({{{"priority", 1}, {"heuristic", 6000}, {"optimum", nullptr}, {"bound", 5000}},
                           {{"priority", 3}, {"heuristic", 4000}, {"optimum", nullptr}, {"bound", 2500}}})}};
  auto with = build_report(plan);
  ASSERT_TRUE(with) << with.error();
  const ReportSection* s = find(*with, "Fast planner against the bound");
  ASSERT_TRUE(s);
  EXPECT_NE(s->note.find("at most 20% in priority 1"), std::string::npos) << s->note;
  ASSERT_EQ(s->tables.size(), 1u);
  const ReportTable& t = with->tables[s->tables.front()];
  EXPECT_EQ(t.columns, (std::vector<std::string>{"priority", "fast_planner", "optimum", "bound"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[1][3], 2500);
  plan["comparison"]["against"] = "optimum";
  auto optimum = build_report(plan);
  ASSERT_TRUE(optimum) << optimum.error();
  EXPECT_TRUE(find(*optimum, "Fast planner against the LP optimum"));
}

TEST(Report, SelectQuoteCompareKinds) {
  J sel = {
      {"schema", "opticplan.select"},
      {"requirement", {{"name", "leaf"}, {"rank", "cost"}}},
      {"candidates", J::array({{{"rank", 1}, {"id", "m1"}, {"price_per_link_usd", 500}, {"power_per_link_w", 14}}})},
      {"rejected",
       J::array(
           {{{"family", "DR8"},
             {"modules", J::array({{{"id", "m2"}, {"reasons", {"reach 500 m < 1.2 km", "no price for 2025"}}}})}}})}};
  sel.update(provenance());
  auto m = build_report(sel);
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->kind, "select");
  ASSERT_TRUE(find(*m, "Candidates ranked"));
  EXPECT_EQ(find(*m, "Candidates ranked")->series, 2);
  ASSERT_TRUE(find(*m, "Why the others are refused"));
  EXPECT_EQ(find(*m, "Why the others are refused")->chart["yAxis"]["data"].size(), 2u);  // "reach", "no price for"
  EXPECT_EQ(m->sections.back().title, "Sources");
  EXPECT_TRUE(find(*m, "Scenario inputs"));
  EXPECT_NE(html_report(*m).find("<a href=\"https://example.org/x\""), std::string::npos);

  J quote = {{"schema", "opticplan.quote"},
             {"complete", "2026-W03"},
             {"periods", {"2026-W01", "2026-W02", "2026-W03"}},
             {"order",
              {{"customer", "c"},
               {"item", "m1"},
               {"quantity", 10},
               {"due", "2026-W01"},
               {"deliveries", J::array({{{"period", "2026-W03"}, {"item", "m1"}, {"quantity", 10}}})},
               {"causes", J::array({{{"constraint", {{"kind", "supply"}, {"id", "dsp"}}}, {"short", 10}}})}}}};
  auto q = build_report(quote);
  ASSERT_TRUE(q) << q.error();
  ASSERT_TRUE(find(*q, "Promised schedule"));
  EXPECT_EQ(find(*q, "Promised schedule")->series, 3);  // one item, promised and desired cumulative
  EXPECT_EQ(find(*q, "Why not earlier")->series, 1);

  J cmp = {{"schema", "opticplan.compare"},
           {"base", {{"on_time", 5}, {"late_units", 5}, {"short_units", 0}}},
           {"what_if", {{"on_time", 10}, {"late_units", 0}, {"short_units", 0}}},
           {"moved", J::array({{{"id", "o1"},
                                {"base_lateness", 3},
                                {"what_if_lateness", 0},
                                {"base_on_time", 0},
                                {"what_if_on_time", 5}}})}};
  cmp["scenario_inputs"] = {{"base", provenance()["scenario_inputs"]}, {"what_if", provenance()["scenario_inputs"]}};
  auto c = build_report(cmp);
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->kind, "compare");
  EXPECT_EQ(find(*c, "Orders that moved")->chart["series"][0]["data"][0], -3);
  EXPECT_TRUE(find(*c, "Scenario inputs: base"));
  EXPECT_TRUE(find(*c, "Scenario inputs: what-if"));
}

// A scenario on the hand-checked mini catalog (source "hand"), with an empty supply section.
Scenario hand_checked_catalog() {
  Diagnostics diag;
  Scenario sc = load_scenario(
      "", LoadOptions{false, {std::string(OPTICPLAN_CASES_DIR) + "/select/hand-checked-catalog-2025-power/mini.yaml"}},
      diag);
  EXPECT_TRUE(diag.ok()) << diag.str();
  sc.supply = supply::Model{};
  return sc;
}

// Sources: a catalog entry the result names cites its provenance; a scenario's source: text cites
// the source ids it names, and E<n> marks the estimate.
TEST(Provenance, CitesEntriesAndScenarioTexts) {
  Scenario sc = hand_checked_catalog();
  sc.supply->sources = {{"supplier x", "hand (2026); E12-E15"}, {"line y", "unknown-key"}};
  const J result = {{"candidates", J::array({{{"id", "a-dr8"}}})}};
  const J s = sources_json(sc, result, true, false);
  ASSERT_EQ(s.size(), 2u) << s.dump(2);
  EXPECT_EQ(s[0]["id"], "hand");
  EXPECT_EQ(s[0]["cited_for"], J({"a-dr8: all fields", "supplier x"}));
  EXPECT_EQ(s[1]["id"], "estimate");
  EXPECT_EQ(s[1]["cited_for"], J({"supplier x"}));
  EXPECT_TRUE(sources_json(sc, result, false, false).size() == 1);  // without the supply's texts
}

// What a source is cited for follows no file order: the scenario's rows listed the other way
// round cite the same, in text order (and a list cut at 60 shows the same 60).
TEST(Provenance, CitedForIsInTextOrderWhateverTheFileOrder) {
  Scenario sc = hand_checked_catalog();
  const J result = {{"candidates", J::array({{{"id", "a-dr8"}}})}};
  sc.supply->sources = {{"supplier x", "hand"}, {"line y", "hand"}, {"item z", "hand"}};
  const J forward = sources_json(sc, result, true, false);
  std::reverse(sc.supply->sources.begin(), sc.supply->sources.end());
  const J backward = sources_json(sc, result, true, false);
  ASSERT_EQ(forward.size(), 1u) << forward.dump(2);
  EXPECT_EQ(forward[0]["cited_for"], J({"a-dr8: all fields", "item z", "line y", "supplier x"}));
  EXPECT_EQ(forward, backward);
}

}  // namespace
}  // namespace opticplan::report
