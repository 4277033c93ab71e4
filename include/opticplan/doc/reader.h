// Reader: typed, located access to a Document tree.
//
// Section loaders read their fields through a MapReader, which knows the path of the mapping it
// reads ("transceivers[3]"), reports a located diagnostic for every field that is missing, of the
// wrong type or out of range, and, on finish(), an error for every key it was never asked about,
// with a "did you mean" drawn from the keys it was asked about. So the set of accepted keys is the
// code that reads them: there is no separate list to drift out of date. Reading never stops at the
// first problem; a field that fails to read is returned as std::nullopt.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "opticplan/core/calendar.h"
#include "opticplan/core/diagnostics.h"
#include "opticplan/core/names.h"
#include "opticplan/core/result.h"
#include "opticplan/doc/document.h"

namespace opticplan {

// Levenshtein distance, and the closest candidate within a small distance ("" if none is close).
size_t edit_distance(std::string_view a, std::string_view b);
std::string closest(std::string_view word, std::span<const std::string> candidates);
// " (did you mean \"x\"?)" or "".
std::string did_you_mean(std::string_view word, std::span<const std::string> candidates);

void error_at(Diagnostics& diag, const Node& at, const std::string& path, std::string message);

// Scalar readers: each reports its own error and returns nullopt on failure.
std::optional<std::string> read_string(const Node& n, const std::string& path, Diagnostics& diag);
// An id: 1..200 characters of letters, digits and . _ + / -
std::optional<std::string> read_id(const Node& n, const std::string& path, Diagnostics& diag);
std::optional<int64_t> read_int(const Node& n, const std::string& path, Diagnostics& diag, int64_t min, int64_t max);
std::optional<double> read_number(const Node& n, const std::string& path, Diagnostics& diag, double min, double max);
// A period ("2026-W14", "2026Q3", "2026-03-31") as its index in `grid`; outside the grid is an error.
std::optional<int> read_grid_period(const Node& n, const std::string& path, const PeriodGrid& grid, Diagnostics& diag);
std::optional<bool> read_bool(const Node& n, const std::string& path, Diagnostics& diag);
std::optional<int> read_choice_index(const Node& n, const std::string& path, Diagnostics& diag,
                                     std::span<const std::string> names);

template <class E>
std::optional<E> read_choice(const Node& n, const std::string& path, Diagnostics& diag, Choices<E> choices) {
  std::vector<std::string> names;
  for (const auto& c : choices) names.emplace_back(c.first);
  auto i = read_choice_index(n, path, diag, names);
  if (!i) return std::nullopt;
  return choices[static_cast<size_t>(*i)].second;
}

template <class Q>
std::optional<Q> read_quantity(const Node& n, const std::string& path, Diagnostics& diag,
                               Result<Q> (*parse)(std::string_view)) {
  if (!n.is_scalar()) {
    // The parser's message for empty text says what was expected: "expected a power such as ...".
    std::string expected = parse("").error();
    if (const auto cut = expected.rfind(", got "); cut != std::string::npos) expected.resize(cut);
    error_at(diag, n, path, expected + ", got " + n.describe());
    return std::nullopt;
  }
  auto r = parse(n.text);
  if (!r) {
    error_at(diag, n, path, r.error());
    return std::nullopt;
  }
  return *r;
}

// Calls fn(item, item_path) for each element of a list; reports an error if `n` is not a list.
template <class F>
void for_each_item(const Node& n, const std::string& path, Diagnostics& diag, F&& fn) {
  if (!n.is_sequence()) {
    error_at(diag, n, path, "expected a list, got " + n.describe());
    return;
  }
  for (size_t i = 0; i < n.items.size(); ++i) fn(n.items[i], path + "[" + std::to_string(i) + "]");
}

class MapReader {
 public:
  // Reports an error (and reads nothing) when `node` is not a mapping.
  MapReader(const Node& node, std::string path, Diagnostics& diag);
  ~MapReader();
  MapReader(const MapReader&) = delete;
  MapReader& operator=(const MapReader&) = delete;

  bool ok() const { return ok_; }
  const Node& node() const { return node_; }
  const std::string& path() const { return path_; }
  Diagnostics& diag() const { return diag_; }
  std::string path_of(std::string_view key) const;

  // The value at `key` (marking the key as known), or nullptr when absent or null.
  const Node* get(std::string_view key);
  // As get(), reporting "missing required field" when absent.
  const Node* require(std::string_view key);
  bool has(std::string_view key) const;

  std::optional<std::string> str(std::string_view key, bool required);
  std::optional<std::string> id(std::string_view key, bool required);
  std::optional<int64_t> integer(std::string_view key, bool required, int64_t min, int64_t max);
  std::optional<double> number(std::string_view key, bool required, double min, double max);
  std::optional<bool> boolean(std::string_view key, bool required);

  template <class Q>
  std::optional<Q> quantity(std::string_view key, bool required, Result<Q> (*parse)(std::string_view)) {
    const Node* n = required ? require(key) : get(key);
    if (!n) return std::nullopt;
    mark_numeric(key);
    return read_quantity(*n, path_of(key), diag_, parse);
  }

  template <class E>
  std::optional<E> choice(std::string_view key, bool required, Choices<E> choices) {
    const Node* n = required ? require(key) : get(key);
    if (!n) return std::nullopt;
    return read_choice(*n, path_of(key), diag_, choices);
  }

  // Fields whose values are numbers (so they need a source), in the order read.
  void mark_numeric(std::string_view key);
  const std::vector<std::string>& numeric_fields() const { return numeric_; }
  const std::vector<std::string>& known_keys() const { return known_; }

  // Reports every key that was not asked about, and every required key that is missing (unless a
  // misspelling of it is among the unknown keys).
  void finish();

 private:
  void report_missing(const std::vector<std::string>& unknown);
  std::vector<std::string> missing_;
  bool finished_ = false;
  const Node& node_;
  std::string path_;
  Diagnostics& diag_;
  bool ok_;
  std::vector<std::string> known_;
  std::vector<std::string> numeric_;
};

}  // namespace opticplan
