#include "opticplan/doc/xlsx.h"

#include <zip.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <set>

#include "opticplan/core/calendar.h"

namespace opticplan {
namespace {

// One member of the zip archive, whole, or nullopt when absent.
std::optional<std::string> read_part(zip_t* z, const std::string& name) {
  zip_stat_t st;
  if (zip_stat(z, name.c_str(), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) return std::nullopt;
  if (st.size > (uint64_t{64} << 20)) return std::nullopt;  // a part over 64 MB is not an order book
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> f(zip_fopen(z, name.c_str(), 0), zip_fclose);
  if (!f) return std::nullopt;
  std::string out(static_cast<size_t>(st.size), '\0');
  const zip_int64_t n = zip_fread(f.get(), out.data(), st.size);
  if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) return std::nullopt;
  return out;
}

// "BC12" -> column 55 (1-based), or 0 when the reference has no letters.
int column_of(const char* ref) {
  int col = 0;
  for (; *ref >= 'A' && *ref <= 'Z'; ++ref) col = col * 26 + (*ref - 'A' + 1);
  return col;
}

// The text of a shared string or an inline string: its <t> and the <t> of every rich-text run.
std::string string_item(const pugi::xml_node& si) {
  std::string s;
  for (const auto& t : si.select_nodes(".//*[local-name()='t']")) s += t.node().text().get();
  return s;
}

std::string number_text(double v) {
  if (std::abs(v) < 1e15 && v == std::floor(v)) return std::to_string(static_cast<long long>(v));
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest exact form
  return std::string(buf, r.ptr);
}

// Number formats that show a date: the built-in ids 14-22 and 45-47, and custom codes with a day,
// month or year field outside quotes and brackets (and not only elapsed time).
bool is_date_format(int id, const std::string& code) {
  if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47)) return true;
  bool quoted = false, bracket = false, date = false;
  for (char ch : code) {
    if (ch == '"')
      quoted = !quoted;
    else if (!quoted && ch == '[')
      bracket = true;
    else if (!quoted && ch == ']')
      bracket = false;
    else if (!quoted && !bracket && (ch == 'd' || ch == 'D' || ch == 'y' || ch == 'Y'))
      date = true;
  }
  return date;
}

}  // namespace

Node parse_xlsx(std::string_view bytes, const std::string& display, const std::string& sheet, Diagnostics& diag) {
  const auto fail = [&](const std::string& message) {
    diag.error(Location{display, 0, 0}, "", message);
    return Node{};
  };
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* opened = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : nullptr;
  if (!opened && src) zip_source_free(src);  // (an archive owns its source once opened)
  zip_error_fini(&err);
  std::unique_ptr<zip_t, void (*)(zip_t*)> z(opened, zip_discard);
  if (!z) return fail("\"" + display + "\" is not an XLSX workbook (not a zip archive)");
  auto workbook = read_part(z.get(), "xl/workbook.xml");
  auto rels = read_part(z.get(), "xl/_rels/workbook.xml.rels");
  if (!workbook || !rels) return fail("\"" + display + "\" is not an XLSX workbook (no xl/workbook.xml)");
  pugi::xml_document wb, rl;
  if (!wb.load_string(workbook->c_str()) || !rl.load_string(rels->c_str()))
    return fail("\"" + display + "\": the workbook's XML is malformed");
  // The sheet: by name, else the first; its part through the relationships.
  std::string rid, names;
  for (const auto& s : wb.select_nodes("//*[local-name()='sheet']")) {
    const std::string name = s.node().attribute("name").value();
    names += (names.empty() ? "" : ", ") + name;
    if (rid.empty() && (sheet.empty() || name == sheet)) {
      for (const auto& a : s.node().attributes())
        if (std::string(a.name()).ends_with(":id")) rid = a.value();
    }
  }
  if (rid.empty())
    return fail(sheet.empty() ? "\"" + display + "\" has no worksheet"
                              : "\"" + display + "\" has no sheet \"" + sheet + "\"; its sheets: " + names);
  std::string target;
  for (const auto& r : rl.select_nodes("//*[local-name()='Relationship']"))
    if (rid == r.node().attribute("Id").value()) target = r.node().attribute("Target").value();
  if (target.empty())
    return fail("\"" + display + "\": the sheet's part is not listed in the workbook's relationships");
  const std::string part = target.starts_with("/") ? target.substr(1) : "xl/" + target;
  auto sheet_xml = read_part(z.get(), part);
  if (!sheet_xml) return fail("\"" + display + "\": the sheet's part " + part + " is missing");
  // Shared strings and the styles that mark dates (both optional).
  std::vector<std::string> strings;
  if (auto ss = read_part(z.get(), "xl/sharedStrings.xml")) {
    pugi::xml_document d;
    if (d.load_string(ss->c_str()))
      for (const auto& si : d.select_nodes("//*[local-name()='sst']/*[local-name()='si']"))
        strings.push_back(string_item(si.node()));
  }
  std::vector<bool> date_style;
  if (auto st = read_part(z.get(), "xl/styles.xml")) {
    pugi::xml_document d;
    if (d.load_string(st->c_str())) {
      std::map<int, std::string> codes;
      for (const auto& f : d.select_nodes("//*[local-name()='numFmt']"))
        codes[f.node().attribute("numFmtId").as_int()] = f.node().attribute("formatCode").value();
      for (const auto& x : d.select_nodes("//*[local-name()='cellXfs']/*[local-name()='xf']")) {
        const int id = x.node().attribute("numFmtId").as_int();
        date_style.push_back(is_date_format(id, codes.count(id) ? codes[id] : std::string()));
      }
    }
  }
  pugi::xml_document ws;
  if (!ws.load_string(sheet_xml->c_str())) return fail("\"" + display + "\": the sheet's XML is malformed");
  auto file = std::make_shared<const std::string>(display);
  Node rows;
  rows.kind = Node::Kind::kSequence;
  rows.file = file;
  std::map<int, std::string> header;  // column -> name
  bool first = true;
  for (const auto& rx : ws.select_nodes("//*[local-name()='sheetData']/*[local-name()='row']")) {
    const int r = rx.node().attribute("r").as_int();
    Node row;
    row.kind = Node::Kind::kMapping;
    row.file = file;
    row.line = r;
    int next_col = 1;
    for (const auto& c : rx.node().children()) {
      std::string_view name = c.name();
      if (const auto colon = name.rfind(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
      if (name != "c") continue;  // cells only (a prefixed namespace allowed)
      const char* ref = c.attribute("r").value();
      const int col = *ref ? column_of(ref) : next_col;
      next_col = col + 1;
      const std::string type = c.attribute("t").value();
      const pugi::xml_node v = c.select_node("*[local-name()='v']").node();
      std::string text;
      if (type == "s") {
        const auto i = static_cast<size_t>(v.text().as_llong(-1));
        if (i < strings.size()) text = strings[i];
      } else if (type == "inlineStr") {
        text = string_item(c.select_node("*[local-name()='is']").node());
      } else if (type == "b") {
        text = v.text().as_int() ? "true" : "false";
      } else if (type == "str" || type == "d" || type == "e") {
        text = v.text().get();
      } else if (v) {
        const double num = v.text().as_double();
        const auto style = static_cast<size_t>(c.attribute("s").as_int());
        if (style < date_style.size() && date_style[style] && num >= 1 && num < 2958466) {
          text = format(Date{make_date(1899, 12, 30).days + static_cast<int32_t>(std::floor(num))});
        } else {
          text = number_text(num);
        }
      }
      if (text.empty()) continue;
      if (first) {
        header[col] = text;
        continue;
      }
      Member m;
      auto h = header.find(col);
      m.key = h != header.end() ? h->second : "column " + std::string(1, static_cast<char>('A' + (col - 1) % 26));
      m.key_line = r;
      m.key_column = col;
      m.value.kind = Node::Kind::kScalar;
      m.value.text = std::move(text);
      m.value.file = file;
      m.value.line = r;
      m.value.column = col;
      row.members.push_back(std::move(m));
    }
    if (first) {
      first = false;
      continue;
    }
    if (!row.members.empty()) rows.items.push_back(std::move(row));
  }
  return rows;
}

}  // namespace opticplan
