// The two YAML parsers of doc/document.cpp side by side: libyaml (YamlParser::kFast, what every
// caller gets) must build the tree yaml-cpp (kReference) builds, node for node and line for line,
// and report the same problems. fuzz/yaml_parsers.cpp checks the same on generated inputs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "opticplan/doc/document.h"
#include "opticplan/scenario/scenario.h"

using namespace opticplan;

namespace {

// The first difference between two trees, or "".
std::string differ(const Node& a, const Node& b, const std::string& path) {
  const auto at = [](const Node& n) {
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
      return path + ": key \"" + x.key + "\" against \"" + y.key + "\"";
    if (auto d = differ(x.value, y.value, path + "." + x.key); !d.empty()) return d;
  }
  return "";
}

// "" when both parsers agree on `text` read as `name`, else what differs.
std::string compare(const std::string& text, const std::string& name) {
  Diagnostics fast_diag, ref_diag;
  const Node fast = parse_document(text, name, fast_diag, YamlParser::kFast);
  const Node ref = parse_document(text, name, ref_diag, YamlParser::kReference);
  if (auto d = differ(fast, ref, name); !d.empty()) return d;
  if (fast_diag.str() != ref_diag.str())
    return name + ": fast says\n" + fast_diag.str() + "reference says\n" + ref_diag.str();
  return "";
}

}  // namespace

TEST(Parsers, AgreeOnEveryShippedAndTestFile) {
  std::vector<std::filesystem::path> files;
  for (const auto& root : {std::filesystem::path(data_dir()), std::filesystem::path(OPTICPLAN_CASES_DIR)})
    for (const auto& e : std::filesystem::recursive_directory_iterator(root))
      if (e.path().extension() == ".yaml" || e.path().extension() == ".json") files.push_back(e.path());
  ASSERT_GT(files.size(), 150u);
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(compare(ss.str(), f.filename().string()), "");
  }
}

// Where the two parsers could part: empty values (yaml-cpp marks the next token, libyaml the ':' or
// '-' before), the end of the text, explicit keys, '?' in flow collections, characters that only
// one of them takes as a line break or as white space, columns after non-ASCII text, scalars over
// several lines, and everything the fast path hands to yaml-cpp.
TEST(Parsers, AgreeWhereTheyCouldPart) {
  const std::vector<std::string> texts = {
      "a:\nb: 1\n",
      "a:",
      "a: ",
      "b: 1\na: ",
      "- ",
      "-",
      "- a\n-",
      "- a\n- \n",
      "a:\n  - \n  -\nb: 2\n",
      "a: # comment\n\n  # more\nb: 1\n",
      "a: {b: , c: 1}\n",
      "a: {b}\n",
      "[a, , b]\n",
      "{a: }\n",
      "? a\n: b\n",
      "? a\n",
      "{?x: 1}\n",
      "[a?b]\n",
      "a: ?x\n",
      "a: b?\n",
      "a:\tb\n",
      "a: b\r\nc: d\r\n",
      "a: b\rc: d\n",
      "\xEF\xBB\xBF"
      "a: 1\n",
      "a: x\xE2\x80\xA8y\n",
      "a: x\xC2\x85y\n",
      "n\xC3\xA9: {\xC3\xA9t\xC3\xA9: [1, \xC3\xA9]}\n",
      "a: \xE2\x80\x94 {b: }\n",
      "a: |\n  one\n  two\n",
      "a: >-\n  one\n  two\n\n  three\n",
      "a: |+\n  x\n\n",
      "a: |2\n    x\n",
      "a: plain\n  over lines\n",
      "a: \"x\\ny\\u00e9\\x41\\/\"\n",
      "a: 'it''s\n  folded'\n",
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a: ! 1\n",
      "a: !x 1\n",
      "%YAML 1.1\n---\na: 1\n",
      "--- \na: 1\n",
      "---\n",
      "--- a\n",
      "a: 1\n...\n",
      "a: 1\n---\nb: 2\n",
      "a: 1\na: 2\n",
      "[a]: 1\n",
      ": x\n",
      "null: 1\n",
      "a: null\nb: ~\nc: Null\nd: NULL\ne: nul\n",
      "\"8\": 8\n",
      "",
      "# only a comment\n",
      "a",
      "~",
      "[[[[[]]]]]",
      "{\"a\":1,\"b\":[1,\"two\",{\"c\":null}]}",
      "{\"a\": \"\\u00e9\\t\\/\"}",
      "a: [1, 2\nb: 3\n",
      "a: b: c\n",
      "- a\n b\n",
      "a:\n- b\n- c\nd: e\n",
      "- - a\n  - b\n- c\n",
      "a: 'x'y\n",
      "a: \"x\"y\n",
      "{a: 1, a: 2}\n",
      "{\"sp\\Nd\": \"a\\_b\\Lc\\Pd\"}\n",  // found by fuzz/yaml_parsers: yaml-cpp's \N and \_
  };
  for (const auto& t : texts) {
    EXPECT_EQ(compare(t, "f.yaml"), "") << "text: " << t;
    EXPECT_EQ(compare(t, "f.json"), "") << "text: " << t;
  }
}

// yaml-cpp writes "\N" and "\_" as bare bytes; both parsers must give the characters' UTF-8.
TEST(Parsers, NextLineAndNoBreakSpaceEscapesAreUtf8) {
  for (const auto which : {YamlParser::kFast, YamlParser::kReference}) {
    Diagnostics diag;
    const Node root = parse_document("\"k\\N\": \"a\\_b\"\n", "f.yaml", diag, which);
    ASSERT_EQ(diag.str(), "");
    ASSERT_EQ(root.members.size(), 1u);
    EXPECT_EQ(root.members[0].key, "k\xC2\x85");
    EXPECT_EQ(root.members[0].value.text,
              "a\xC2\xA0"
              "b");
  }
}

TEST(Parsers, DeepNestingGoesToYamlCppAndIsRefusedTheSame) {
  for (const size_t depth : {size_t{200}, size_t{300}, size_t{600}}) {
    const std::string deep = std::string(depth, '[') + std::string(depth, ']');
    EXPECT_EQ(compare(deep, "deep.yaml"), "") << depth;
  }
}
