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
  s += "error: ";
  if (!path.empty()) s += path + ": ";
  s += message;
  return s;
}

void Diagnostics::error(Location where, std::string path, std::string message) {
  items_.push_back({std::move(where), std::move(path), std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

std::string Diagnostics::str() const {
  std::vector<const Diagnostic*> sorted;
  sorted.reserve(items_.size());
  for (const auto& d : items_) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic* a, const Diagnostic* b) {
    return std::tie(a->where.file, a->where.line, a->where.column) <
           std::tie(b->where.file, b->where.line, b->where.column);
  });
  std::string out;
  for (const auto* d : sorted) out += d->str() + '\n';
  return out;
}

}  // namespace opticplan
