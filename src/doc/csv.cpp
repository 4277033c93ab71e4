#include "opticplan/doc/csv.h"

#include <csv.h>

#include <memory>

namespace opticplan {

namespace {

struct State {
  std::shared_ptr<const std::string> file;
  int line = 1;      // the line being fed
  int row_line = 0;  // where the current row began
  std::vector<std::string> header;
  std::vector<std::string> cells;
  Node rows;
  bool first_row = true;
  std::string error;
};

void on_field(void* s, size_t len, void* data) {
  auto* st = static_cast<State*>(data);
  if (st->cells.empty()) st->row_line = st->line;
  st->cells.emplace_back(s ? static_cast<const char*>(s) : "", s ? len : 0);
}

void on_row(int, void* data) {
  auto* st = static_cast<State*>(data);
  if (st->first_row) {
    for (auto& c : st->cells) st->header.push_back(c);
    st->first_row = false;
    st->cells.clear();
    return;
  }
  Node row;
  row.kind = Node::Kind::kMapping;
  row.file = st->file;
  row.line = st->row_line;
  for (size_t i = 0; i < st->cells.size(); ++i) {
    if (st->cells[i].empty()) continue;
    Member m;
    m.key = i < st->header.size() ? st->header[i] : "column" + std::to_string(i + 1);
    m.key_line = st->row_line;
    m.value.kind = Node::Kind::kScalar;
    m.value.text = st->cells[i];
    m.value.file = st->file;
    m.value.line = st->row_line;
    row.members.push_back(std::move(m));
  }
  st->rows.items.push_back(std::move(row));
  st->cells.clear();
}

}  // namespace

Node parse_csv(std::string_view text, const std::string& display, Diagnostics& diag) {
  State st;
  st.file = std::make_shared<const std::string>(display);
  st.rows.kind = Node::Kind::kSequence;
  st.rows.file = st.file;
  csv_parser p;
  csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
  bool ok = true;
  std::string last;  // the last line, when it lacks its newline
  for (size_t pos = 0; pos < text.size();) {
    const size_t nl = text.find('\n', pos);
    std::string_view line;
    if (nl == std::string_view::npos) {
      last.assign(text.substr(pos));
      last += '\n';
      line = last;
      pos = text.size();
    } else {
      line = text.substr(pos, nl + 1 - pos);
      pos = nl + 1;
    }
    if (csv_parse(&p, line.data(), line.size(), on_field, on_row, &st) != line.size()) {
      diag.error(Location{display, st.line, 0}, "",
                 "malformed CSV: a quote inside an unquoted field, or text after a closing quote (RFC 4180)");
      ok = false;
      break;
    }
    ++st.line;
  }
  if (ok && csv_fini(&p, on_field, on_row, &st) != 0) {
    diag.error(Location{display, st.cells.empty() ? st.line - 1 : st.row_line, 0}, "",
               "malformed CSV: a quoted field is never closed");
    ok = false;
  }
  csv_free(&p);
  if (!ok) return {};
  return std::move(st.rows);
}

}  // namespace opticplan
