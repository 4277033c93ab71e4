// Fuzz target: the two YAML parsers of document.cpp side by side. The same bytes are read with
// libyaml (YamlParser::kFast, which hands what it does not take cleanly to yaml-cpp) and with
// yaml-cpp alone (kReference), as YAML and as JSON; the trees (kinds, texts, quoting, every line and
// column) and the diagnostics must be identical. Seeds: those of scenario_yaml and scenario_json.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "opticplan/doc/document.h"

namespace {

using opticplan::Node;

// The first difference between two trees, or "".
std::string differ(const Node& a, const Node& b, const std::string& path) {
  const auto at = [&](const Node& n) {
    return std::to_string(static_cast<int>(n.kind)) + (n.quoted ? "q" : "") + " \"" + n.text + "\" " +
           (n.file ? *n.file : "-") + ":" + std::to_string(n.line) + ":" + std::to_string(n.column);
  };
  if (a.kind != b.kind || a.quoted != b.quoted || a.text != b.text || a.line != b.line || a.column != b.column ||
      !a.file != !b.file || (a.file && *a.file != *b.file))
    return path + ": fast " + at(a) + ", reference " + at(b);
  if (a.items.size() != b.items.size() || a.members.size() != b.members.size()) return path + ": sizes differ";
  for (size_t i = 0; i < a.items.size(); ++i)
    if (auto d = differ(a.items[i], b.items[i], path + "[" + std::to_string(i) + "]"); !d.empty()) return d;
  for (size_t i = 0; i < a.members.size(); ++i) {
    const auto& x = a.members[i];
    const auto& y = b.members[i];
    if (x.key != y.key || x.key_line != y.key_line || x.key_column != y.key_column)
      return path + ": key " + std::to_string(i) + " \"" + x.key + "\" " + std::to_string(x.key_line) + ":" +
             std::to_string(x.key_column) + " against \"" + y.key + "\" " + std::to_string(y.key_line) + ":" +
             std::to_string(y.key_column);
    if (auto d = differ(x.value, y.value, path + "." + x.key); !d.empty()) return d;
  }
  return "";
}

void compare(std::string_view text, const std::string& name) {
  opticplan::Diagnostics fast_diag, ref_diag;
  const Node fast = opticplan::parse_document(text, name, fast_diag, opticplan::YamlParser::kFast);
  const Node ref = opticplan::parse_document(text, name, ref_diag, opticplan::YamlParser::kReference);
  std::string d = differ(fast, ref, name);
  if (d.empty() && fast_diag.str() != ref_diag.str())
    d = "diagnostics differ:\nfast:\n" + fast_diag.str() + "reference:\n" + ref_diag.str();
  if (!d.empty()) {
    std::fprintf(stderr, "the parsers disagree: %s\n", d.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  compare(text, "f.yaml");
  compare(text, "f.json");
  return 0;
}
