// The report model (report/html_report.h): kinds, keys a result gains later, malformed input.
#include <gtest/gtest.h>

#include "opticplan/report/html_report.h"

namespace opticplan::report {
namespace {

using J = nlohmann::ordered_json;

J band(double p50) { return {{"p10", p50 * 0.9}, {"p50", p50}, {"p90", p50 * 1.1}, {"base", p50}}; }

J small_market() {
  J m = {{"schema", "opticplan.market"}, {"version", 1}, {"runs", 10}, {"periods", {"2025Q1", "2025Q2"}},
         {"classes", {"800G", "1.6T"}}};
  m["years"] = J::array({{{"year", 2025}, {"value_usd", band(1e6)},
                          {"value_by_class_usd", {{"800G", band(4e5)}, {"1.6T", band(6e5)}}},
                          {"high_speed_share", band(1)}}});
  m["per_period"] = J::array();
  for (const char* p : {"2025Q1", "2025Q2"})
    m["per_period"].push_back({{"period", p}, {"shipments", {{"800G", band(100)}, {"1.6T", band(50)}}},
                               {"backlog", band(10)}, {"binding", p == std::string("2025Q1") ? J("dsp supply") : J()},
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
  EXPECT_EQ(find(*m, "Shipments by speed")->series, 2);  // one per class
  EXPECT_EQ(find(*m, "Market value by year")->series, 4);  // P10, P10-P90, P50, base
  EXPECT_EQ(find(*m, "Binding constraint per period")->series, 1);
  EXPECT_EQ(find(*m, "Sensitivities (tornado)"), nullptr);  // absent key, no chart
}

TEST(Report, MarketTornadoAndNewKeysWhenPresent) {
  J r = small_market();
  r["tornado"] = {{"metric", "value 2026"}, {"base", 100},
                  {"bars", {{{"input", "demand"}, {"low", 80}, {"high", 130}}, {{"input", "DSP supply"}, {"low", 95}, {"high", 104}}}}};
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
  EXPECT_EQ(et.columns, (std::vector<std::string>{"period", "what", "capacity.p50"}));
  EXPECT_EQ(find(*m, "makers"), nullptr);
}

TEST(Report, TornadoOfAnotherShapeIsATable) {
  J r = small_market();
  r["tornado"] = J::array({{{"input", "demand"}, {"swing", 3}}});
  auto m = build_report(r);
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(find(*m, "Sensitivities (tornado)"), nullptr);
  EXPECT_NE(find(*m, "tornado"), nullptr);
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
  auto a = build_report(J{{"schema", "opticplan.select"}});
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().find("has no report"), std::string::npos);
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
  EXPECT_EQ(html.find(" src="), std::string::npos);   // no external script or image
  EXPECT_EQ(html.find("<link"), std::string::npos);   // no external style
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(html.find("echarts"), std::string::npos);
  // The chart options cannot end their <script> element early.
  J r = small_market();
  r["classes"] = {"</script><b>"};
  const std::string evil = html_report(*build_report(r));
  EXPECT_EQ(evil.find("</script><b>"), std::string::npos);
}

}  // namespace
}  // namespace opticplan::report
