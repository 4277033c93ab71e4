// Document: a parsed YAML or JSON file as a tree of located nodes.
//
// Scenario and catalog files are read into this tree first; typed readers (reader.h) then walk it.
// Every node knows its file, line and column so that any later error can point at it. The tree
// keeps mapping keys in file order and refuses what would make a file mean something other than it
// says: duplicate keys, YAML aliases (*ref), more than one document, non-scalar keys, files over
// 64 MiB and nesting deeper than yaml-cpp's guard. JSON files are first checked strictly by
// nlohmann::json (exact JSON syntax errors), then read by the same YAML reader for locations.
// libyaml reads what parses cleanly (six times faster than yaml-cpp); yaml-cpp reads the rest and
// words every syntax error.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "opticplan/core/diagnostics.h"

namespace opticplan {

struct Member;

struct Node {
  enum class Kind : unsigned char { kNull, kScalar, kSequence, kMapping };

  Kind kind = Kind::kNull;
  bool quoted = false;  // a scalar written in quotes (so "8" is text, 8 is a number)
  std::string text;     // scalar text
  std::shared_ptr<const std::string> file;
  int line = 0, column = 0;
  std::vector<Node> items;      // sequence elements
  std::vector<Member> members;  // mapping entries, in file order

  Location where() const { return Location{file ? *file : std::string(), line, column}; }
  bool is_null() const { return kind == Kind::kNull; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_sequence() const { return kind == Kind::kSequence; }
  bool is_mapping() const { return kind == Kind::kMapping; }
  const Node* find(std::string_view key) const;
  // "a mapping", "a list", "a scalar (\"x\")", "nothing (null)": for error messages.
  std::string describe() const;
};

struct Member {
  std::string key;
  int key_line = 0, key_column = 0;
  Node value;
};

// Which parser reads YAML (and JSON, once checked): kFast is libyaml's event parser, which hands
// every document it does not take cleanly (a syntax error, a tag, an alias, a second document, ...)
// to yaml-cpp; kReference is yaml-cpp alone. Both build the same tree and report the same
// problems, in yaml-cpp's words (fuzz/yaml_parsers.cpp checks that they do).
enum class YamlParser : unsigned char { kFast, kReference };

// Parses `text` as the contents of `display_name` (YAML, or JSON when the name ends in .json).
// On failure returns a null node and adds located diagnostics.
Node parse_document(std::string_view text, const std::string& display_name, Diagnostics& diag,
                    YamlParser parser = YamlParser::kFast);

// Reads a file from the disk (DiskFiles, doc/files.h) and parses it; a missing or unreadable file is a
// diagnostic at `from`. Scenarios read through the FileSource they are given instead.
Node load_document(const std::string& path, const std::string& display_name, Diagnostics& diag,
                   const Location& from = {});

constexpr size_t kMaxFileBytes = 64u << 20;
// Deepest nesting of flow collections ([ ] and { }) a document may have, checked before parsing.
constexpr size_t kMaxNesting = 256;

}  // namespace opticplan
