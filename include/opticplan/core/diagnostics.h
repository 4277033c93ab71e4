// Diagnostics: located problems found in user input.
//
// Every loader and validator reports what is wrong with its input as a Diagnostic that names the
// file, line and column, the field path inside the document ("transceivers[3].power") and what was
// expected. Problems are collected, not thrown: a run lists every problem at once. Diagnostics is a
// list that grows (at() lets a shell rename the field paths of flags it built, doc/flags.h); its
// printed form is stable (sorted by file, line, column) so tests can compare it.
//
// Warnings are kept apart: input that is valid but that the user likely did not mean (an order for
// an item nobody can make or buy: it is planned short). They never make ok() false nor count in
// size(); shells print them (warnings_str()) and go on.
#pragma once

#include <string>
#include <vector>

namespace opticplan {

// A position in a source file; line and column are 1-based, 0 when unknown.
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  Location where;
  std::string path;     // field path in the document, e.g. "transceivers[3].power"; may be empty
  std::string message;  // what is wrong, and what was expected

  bool warning = false;

  // "file:line:col: error: path: message" (or "warning:")
  std::string str() const;
};

class Diagnostics {
 public:
  void error(Location where, std::string path, std::string message);
  void warning(Location where, std::string path, std::string message);
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void append(const Diagnostics& other);

  bool ok() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  Diagnostic& at(size_t i) { return items_[i]; }

  // All errors, sorted by location, one per line.
  std::string str() const;
  const std::vector<Diagnostic>& warnings() const { return warnings_; }
  std::string warnings_str() const;  // the warnings, sorted by location, one per line

 private:
  std::vector<Diagnostic> items_;     // errors
  std::vector<Diagnostic> warnings_;  // warnings
};

}  // namespace opticplan
