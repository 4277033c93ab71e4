#include "opticplan/core/diagnostics.h"

#include <algorithm>
#include <tuple>

namespace opticplan {

std::string Diagnostic::str() const {
  std::string s;
  if (!where.file.empty()) {
    s += where.file;
    if (where.line > 0) {
      s += ':' + std::to_string(where.line);
      if (where.column > 0) s += ':' + std::to_string(where.column);
    }
    s += ": ";
  }
  s += warning ? "warning: " : "error: ";
  if (!path.empty()) s += path + ": ";
  s += message;
  return s;
}

void Diagnostics::error(Location where, std::string path, std::string message) {
  items_.push_back({std::move(where), std::move(path), std::move(message)});
}

void Diagnostics::warning(Location where, std::string path, std::string message) {
  warnings_.push_back({std::move(where), std::move(path), std::move(message), true});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
  warnings_.insert(warnings_.end(), other.warnings_.begin(), other.warnings_.end());
}

namespace {

std::string sorted_str(const std::vector<Diagnostic>& items) {
  std::vector<const Diagnostic*> sorted;
  sorted.reserve(items.size());
  for (const auto& d : items) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic* a, const Diagnostic* b) {
    return std::tie(a->where.file, a->where.line, a->where.column) <
           std::tie(b->where.file, b->where.line, b->where.column);
  });
  std::string out;
  for (const auto* d : sorted) out += d->str() + '\n';
  return out;
}

}  // namespace

std::string Diagnostics::str() const { return sorted_str(items_); }
std::string Diagnostics::warnings_str() const { return sorted_str(warnings_); }

}  // namespace opticplan
