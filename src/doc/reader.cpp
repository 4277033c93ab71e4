#include "opticplan/doc/reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace opticplan {

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
      const size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string closest(std::string_view word, std::span<const std::string> candidates) {
  if (word.size() > 200) return "";
  std::string best;
  size_t best_d = std::max<size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    const size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, std::span<const std::string> candidates) {
  const std::string c = closest(word, candidates);
  return c.empty() ? "" : " (did you mean \"" + c + "\"?)";
}

void error_at(Diagnostics& diag, const Node& at, const std::string& path, std::string message) {
  diag.error(at.where(), path, std::move(message));
}

std::optional<std::string> read_string(const Node& n, const std::string& path, Diagnostics& diag) {
  if (!n.is_scalar()) {
    error_at(diag, n, path, "expected text, got " + n.describe());
    return std::nullopt;
  }
  return n.text;
}

std::optional<std::string> read_id(const Node& n, const std::string& path, Diagnostics& diag) {
  auto s = read_string(n, path, diag);
  if (!s) return std::nullopt;
  const bool chars_ok = std::all_of(s->begin(), s->end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '+' || c == '/' || c == '-';
  });
  if (s->empty() || s->size() > 200 || !chars_ok) {
    error_at(diag, n, path, "expected an id (1 to 200 letters, digits and . _ + / -), got " + n.describe());
    return std::nullopt;
  }
  return s;
}

std::optional<int64_t> read_int(const Node& n, const std::string& path, Diagnostics& diag, int64_t min, int64_t max) {
  const std::string range = " from " + std::to_string(min) + " to " + std::to_string(max);
  if (!n.is_scalar() || n.quoted) {
    error_at(diag, n, path, "expected a whole number" + range + ", got " + (n.quoted ? "text " : "") + n.describe());
    return std::nullopt;
  }
  int64_t v = 0;
  const char* b = n.text.data();
  const char* e = b + n.text.size();
  if (b != e && *b == '+') ++b;
  auto [ptr, ec] = std::from_chars(b, e, v);
  if (ec == std::errc::result_out_of_range || (ec == std::errc() && ptr == e && (v < min || v > max))) {
    error_at(diag, n, path, "expected a whole number" + range + ", got " + n.describe());
    return std::nullopt;
  }
  if (ec != std::errc() || ptr != e) {
    error_at(diag, n, path, "expected a whole number" + range + ", got " + n.describe());
    return std::nullopt;
  }
  return v;
}

std::optional<int> read_grid_period(const Node& n, const std::string& path, const PeriodGrid& grid, Diagnostics& diag) {
  auto text = read_string(n, path, diag);
  if (!text) return std::nullopt;
  auto p = parse_period(*text);
  if (!p) {
    error_at(diag, n, path, p.error());
    return std::nullopt;
  }
  const int i = grid.index(p->start);
  if (i < 0 || i >= grid.count()) {
    error_at(
        diag, n, path,
        "\"" + *text + "\" is outside the calendar (" + grid.label(0) + " to " + grid.label(grid.count() - 1) + ")");
    return std::nullopt;
  }
  return i;
}

std::optional<double> read_number(const Node& n, const std::string& path, Diagnostics& diag, double min, double max) {
  std::string range = "expected a number";
  if (!n.is_scalar() || n.quoted) {
    error_at(diag, n, path, range + ", got " + (n.quoted ? "text " : "") + n.describe());
    return std::nullopt;
  }
  double v = 0;
  const char* b = n.text.data();
  const char* e = b + n.text.size();
  if (b != e && *b == '+') ++b;
  auto [ptr, ec] = std::from_chars(b, e, v);
  if (ec != std::errc() || ptr != e || !std::isfinite(v)) {
    error_at(diag, n, path, range + ", got " + n.describe());
    return std::nullopt;
  }
  if (v < min || v > max) {
    char buf[96];
    std::snprintf(buf, sizeof buf, " from %g to %g", min, max);
    error_at(diag, n, path, range + buf + ", got " + n.describe());
    return std::nullopt;
  }
  return v;
}

std::optional<bool> read_bool(const Node& n, const std::string& path, Diagnostics& diag) {
  if (n.is_scalar() && !n.quoted) {
    if (n.text == "true") return true;
    if (n.text == "false") return false;
  }
  error_at(diag, n, path, "expected true or false, got " + n.describe());
  return std::nullopt;
}

std::optional<int> read_choice_index(const Node& n, const std::string& path, Diagnostics& diag,
                                     std::span<const std::string> names) {
  std::string list;
  for (const auto& s : names) list += (list.empty() ? "" : ", ") + s;
  if (!n.is_scalar()) {
    error_at(diag, n, path, "expected one of " + list + ", got " + n.describe());
    return std::nullopt;
  }
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == n.text) return static_cast<int>(i);
  error_at(diag, n, path, "expected one of " + list + ", got " + n.describe() + did_you_mean(n.text, names));
  return std::nullopt;
}

MapReader::MapReader(const Node& node, std::string path, Diagnostics& diag)
    : node_(node), path_(std::move(path)), diag_(diag), ok_(node.is_mapping()) {
  known_.reserve(16);  // a reader asks for a dozen keys or so: one allocation, not five
  if (!ok_) error_at(diag_, node_, path_, "expected a mapping (key: value), got " + node_.describe());
}

std::string MapReader::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const Node* MapReader::get(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
  if (!ok_) return nullptr;
  const Node* n = node_.find(key);
  return (n && !n->is_null()) ? n : nullptr;
}

bool MapReader::has(std::string_view key) const { return ok_ && node_.find(key) != nullptr; }

const Node* MapReader::require(std::string_view key) {
  const Node* n = get(key);
  if (n || !ok_) return n;
  for (const auto& m : node_.members) {
    if (m.key == key) {
      diag_.error(Location{node_.file ? *node_.file : std::string(), m.key_line, m.key_column}, path_of(key),
                  "is empty; a value is required");
      return nullptr;
    }
  }
  // Reported by finish(), unless a misspelt key ("lenght") explains it: that one is reported once,
  // as unknown with a suggestion.
  missing_.emplace_back(key);
  return nullptr;
}

MapReader::~MapReader() {
  if (!finished_) report_missing({});
}

void MapReader::report_missing(const std::vector<std::string>& unknown) {
  for (const auto& key : missing_) {
    const bool misspelt = std::any_of(unknown.begin(), unknown.end(), [&](const std::string& u) {
      return u.size() < 200 && edit_distance(u, key) <= std::max<size_t>(2, key.size() / 3);
    });
    if (!misspelt) error_at(diag_, node_, path_of(key), "missing required field \"" + key + "\"");
  }
  missing_.clear();
}

std::optional<std::string> MapReader::str(std::string_view key, bool required) {
  const Node* n = required ? require(key) : get(key);
  return n ? read_string(*n, path_of(key), diag_) : std::nullopt;
}

std::optional<std::string> MapReader::id(std::string_view key, bool required) {
  const Node* n = required ? require(key) : get(key);
  return n ? read_id(*n, path_of(key), diag_) : std::nullopt;
}

std::optional<int64_t> MapReader::integer(std::string_view key, bool required, int64_t min, int64_t max) {
  const Node* n = required ? require(key) : get(key);
  if (!n) return std::nullopt;
  mark_numeric(key);
  return read_int(*n, path_of(key), diag_, min, max);
}

std::optional<double> MapReader::number(std::string_view key, bool required, double min, double max) {
  const Node* n = required ? require(key) : get(key);
  if (!n) return std::nullopt;
  mark_numeric(key);
  return read_number(*n, path_of(key), diag_, min, max);
}

std::optional<bool> MapReader::boolean(std::string_view key, bool required) {
  const Node* n = required ? require(key) : get(key);
  return n ? read_bool(*n, path_of(key), diag_) : std::nullopt;
}

void MapReader::mark_numeric(std::string_view key) {
  if (std::find(numeric_.begin(), numeric_.end(), key) == numeric_.end()) numeric_.emplace_back(key);
}

void MapReader::finish() {
  finished_ = true;
  if (!ok_) return;
  std::vector<std::string> unknown;
  for (const auto& m : node_.members) {
    if (std::find(known_.begin(), known_.end(), m.key) != known_.end()) continue;
    unknown.push_back(m.key);
    diag_.error(Location{node_.file ? *node_.file : std::string(), m.key_line, m.key_column}, path_of(m.key),
                "unknown field \"" + m.key + "\"" + did_you_mean(m.key, known_));
  }
  report_missing(unknown);
}

}  // namespace opticplan
