// Seed tool (not a fuzz target): converts YAML scenario files to JSON with the loader's own tree,
// so that the JSON target starts from every shipped scenario, not only the few JSON test inputs.
//   yaml_to_json IN.yaml OUT.json   (exit 1 when IN does not parse)
// Unquoted scalars that are JSON numbers, booleans or null stay so; everything else is a string.
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>

#include "opticplan/doc/document.h"

using namespace opticplan;

namespace {

nlohmann::ordered_json to_json(const Node& n) {
  switch (n.kind) {
    case Node::Kind::kNull: return nullptr;
    case Node::Kind::kScalar: {
      if (!n.quoted) {
        auto j = nlohmann::ordered_json::parse(n.text, nullptr, false);
        if (!j.is_discarded() && (j.is_number() || j.is_boolean() || j.is_null())) return j;
      }
      return n.text;
    }
    case Node::Kind::kSequence: {
      auto a = nlohmann::ordered_json::array();
      for (const auto& i : n.items) a.push_back(to_json(i));
      return a;
    }
    case Node::Kind::kMapping: {
      auto o = nlohmann::ordered_json::object();
      for (const auto& m : n.members) o[m.key] = to_json(m.value);
      return o;
    }
  }
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: yaml_to_json IN.yaml OUT.json\n";
    return 2;
  }
  Diagnostics diag;
  const Node root = load_document(argv[1], argv[1], diag);
  if (!diag.ok()) return 1;
  std::ofstream(argv[2]) << to_json(root).dump(1) << "\n";
  return 0;
}
