// FlagDoc: command-line flags as a small document, so that flags are read by the same readers as
// files.
//
// A shell that takes a section's fields as flags (`select --speed 800G --length 1.2km`) builds a
// FlagDoc of them, {speed: "800G", length: "1.2km"}, and reads it with the reader a scenario's
// section uses: flags and files then accept the same values and fail with the same messages.
// Contract: every node is located at the file "command line" (line 0); values are scalars, lists
// of scalars or nested FlagDocs; a value added quoted is text, unquoted it reads as YAML would read
// it unquoted (a number, a bool). After reading, relabel() renames the path of each diagnostic
// located on the command line to the flag the field came from ("--length", not "length"). A key
// given by add() is named "--" + the key with '_' as '-', unless flag() named it first; a key given
// by add_list() or add_map() keeps its key unless flag() names it.
// Thread safety: a FlagDoc is a value; build it on one thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "opticplan/core/diagnostics.h"
#include "opticplan/doc/document.h"

namespace opticplan {

class FlagDoc {
 public:
  static constexpr const char* kFile = "command line";

  FlagDoc();
  // Names the flag of `key` when it is not "--" + key (e.g. "module" given as "--dci-module").
  FlagDoc& flag(const std::string& key, const std::string& flag_name);
  // Adds key: value, as text when `quoted`.
  FlagDoc& add(const std::string& key, const std::string& value, bool quoted = true);
  // Adds key: value when the value is not empty (a flag that was not given).
  FlagDoc& add_if(const std::string& key, const std::string& value);
  // Adds key: [values...], each unquoted.
  FlagDoc& add_list(const std::string& key, const std::vector<std::string>& values);
  // Adds key: {sub's members}. Diagnostics inside it are relabelled by the flag the sub named for
  // that member with flag() ("spans.nf" -> "--nf"), else by the flag of `key` here, followed by
  // the path inside it ("--spans.count").
  FlagDoc& add_map(const std::string& key, FlagDoc sub);

  const Node& node() const { return root_; }

  // Renames the field paths of the diagnostics from index `from` on, those located on the command
  // line, to the flags they came from: "length" -> "--length", "spans.count" -> "--spans.count",
  // or "--spans" when the sub named it so (the longest key a path starts with wins).
  void relabel(Diagnostics& diag, size_t from) const;

 private:
  Node scalar(const std::string& value, bool quoted) const;

  struct Flag {
    std::string key, name;
    bool named = false;  // by flag(), not derived from the key by add()
  };
  std::vector<Flag> flags_;
  std::shared_ptr<const std::string> file_;
  Node root_;
};

}  // namespace opticplan
