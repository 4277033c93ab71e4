// html_report: the report model as one self-contained HTML page (html.h). Text is escaped here and
// nowhere else; the chart options go into a JSON <script> element that report.js reads and draws.
#include "opticplan/report/html.h"

#include <algorithm>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "report_builder.h"

namespace opticplan::report {
namespace assets {
extern const std::string_view echarts_js;
extern const std::string_view report_js;
extern const std::string_view report_css;
}  // namespace assets

namespace {

using detail::display;
using detail::J;

// A page shows at most this many rows of a table; the spreadsheets hold them all.
constexpr size_t kHtmlRowLimit = 400;

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// JSON inside <script>: "</" would end the element; "\/" is the same string to a JSON reader.
std::string script_safe(std::string s) {
  for (size_t i = 0; (i = s.find("</", i)) != std::string::npos; i += 3) s.replace(i, 2, "<\\/");
  return s;
}

void write_head(std::ostream& h, const ReportModel& m) {
  h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
       "style-src 'unsafe-inline'; img-src data:\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << "<meta name=\"generator\" content=\"opticplan report (ECharts " << OPTICPLAN_ECHARTS_VERSION << ")\">\n"
    << "<title>" << html_escape(m.title) << "</title>\n<style>\n"
    << assets::report_css << "</style>\n</head>\n"
    << "<body data-kind=\"" << html_escape(m.kind) << "\">\n<header>\n<h1>" << html_escape(m.title) << "</h1>\n<p>"
    << html_escape(m.subtitle) << "</p>\n<nav>";
  for (size_t i = 0; i < m.sections.size(); ++i)
    h << "<a href=\"#s" << i + 1 << "\">" << html_escape(m.sections[i].title) << "</a>";
  h << "</nav>\n</header>\n";
  if (m.headline.empty()) return;
  // The figures that matter most, in words, before any chart.
  h << "<div class=\"headline\" data-headline=\"" << m.headline.size() << "\">\n";
  for (const auto& f : m.headline)
    h << "<div class=\"figure\"><strong>" << html_escape(f.figure) << "</strong><span>" << html_escape(f.words)
      << "</span></div>\n";
  h << "</div>\n";
}

// One cell, escaped and shown as people read it; a failed check ("no" in a verdict column) in red.
void write_cell(std::ostream& h, const ReportTable& t, size_t c, const J& cell) {
  // Columns whose "no" is a failed check, shown in red.
  static const std::set<std::string> verdicts = {"pass", "closes", "capacity_fits", "cd_ok"};
  const bool failing = cell.is_boolean() && !cell.get<bool>() && c < t.columns.size() && verdicts.count(t.columns[c]);
  const std::string shown = html_escape(display(cell, c < t.columns.size() && t.columns[c] == "year"));
  // A source's address becomes a link (navigation, which the page's no-fetch policy allows).
  const bool link = cell.is_string() && c < t.columns.size() && t.columns[c] == "url" &&
                    (shown.starts_with("https://") || shown.starts_with("http://"));
  h << (cell.is_number() ? "<td class=\"num\">" : failing ? "<td class=\"fail\">" : "<td>");
  if (link)
    h << "<a href=\"" << shown << "\" rel=\"noreferrer noopener\" target=\"_blank\">" << shown << "</a>";
  else
    h << shown;
  h << "</td>";
}

void write_table(std::ostream& h, const ReportTable& t) {
  h << "<div class=\"table-wrap\"><table data-table=\"" << html_escape(t.name) << "\">\n<caption>"
    << html_escape(t.name) << "</caption>\n<thead><tr>";
  // Numeric columns (by their first value) right-aligned, header too.
  std::vector<bool> numeric(t.columns.size(), false);
  for (size_t c = 0; c < t.columns.size(); ++c)
    for (const auto& row : t.rows)
      if (c < row.size() && !row[c].is_null()) {
        numeric[c] = row[c].is_number();
        break;
      }
  for (size_t c = 0; c < t.columns.size(); ++c)
    h << (numeric[c] ? "<th class=\"num\">" : "<th>") << html_escape(t.columns[c]) << "</th>";
  h << "</tr></thead>\n<tbody>\n";
  const size_t n = std::min(t.rows.size(), kHtmlRowLimit);
  for (size_t r = 0; r < n; ++r) {
    h << "<tr>";
    for (size_t c = 0; c < t.rows[r].size(); ++c) write_cell(h, t, c, t.rows[r][c]);
    h << "</tr>\n";
  }
  h << "</tbody></table></div>\n";
  if (t.rows.size() > n)
    h << "<p class=\"more\">The first " << n << " of " << grouped(static_cast<int64_t>(t.rows.size()))
      << " rows; --xlsx or --csv-dir writes them all.</p>\n";
}

// Section `i` (anchor s<i+1>); its chart's option is appended to `charts`, which report.js draws.
void write_section(std::ostream& h, const ReportModel& m, size_t i, J& charts) {
  const ReportSection& s = m.sections[i];
  h << "<section id=\"s" << i + 1 << "\">\n<h2>" << html_escape(s.title) << "</h2>\n";
  if (!s.note.empty()) h << "<p class=\"note\">" << html_escape(s.note) << "</p>\n";
  if (s.chart.is_object()) {
    h << "<div class=\"chart\" data-chart=\"" << charts.size() << "\" data-series=\"" << s.series << "\"";
    if (s.height > 0) h << " style=\"height: " << s.height << "px\"";
    h << "></div>\n";
    charts.push_back(s.chart);
  }
  for (size_t ti : s.tables) write_table(h, m.tables[ti]);
  h << "</section>\n";
}

}  // namespace

std::string html_report(const ReportModel& m) {
  std::ostringstream h;
  J charts = J::array();
  write_head(h, m);
  h << "<main>\n";
  for (size_t i = 0; i < m.sections.size(); ++i) write_section(h, m, i, charts);
  h << "</main>\n<footer>Made by opticplan from a --json result; charts by Apache ECharts " << OPTICPLAN_ECHARTS_VERSION
    << " (Apache License 2.0), inlined: this file needs no network.</footer>\n";
  h << "<script type=\"application/json\" id=\"opticplan-charts\">" << script_safe(charts.dump()) << "</script>\n";
  h << "<script>" << assets::echarts_js << "</script>\n";
  h << "<script>\n" << assets::report_js << "</script>\n</body>\n</html>\n";
  return h.str();
}

}  // namespace opticplan::report
