#include "opticplan/doc/document.h"

#include <gtest/gtest.h>

#include "opticplan/core/units.h"
#include "opticplan/doc/flags.h"
#include "opticplan/doc/reader.h"

using namespace opticplan;

TEST(Document, KeepsLocationsAndOrder) {
  Diagnostics d;
  Node root = parse_document("b: 1\na:\n  - x\n  - {y: \"2\"}\n", "f.yaml", d);
  ASSERT_TRUE(d.ok()) << d.str();
  ASSERT_TRUE(root.is_mapping());
  ASSERT_EQ(root.members.size(), 2u);
  EXPECT_EQ(root.members[0].key, "b");
  EXPECT_EQ(root.members[1].key_line, 2);
  const Node* a = root.find("a");
  ASSERT_TRUE(a && a->is_sequence());
  EXPECT_EQ(a->items[1].line, 4);
  EXPECT_EQ(a->items[1].column, 5);
  EXPECT_TRUE(a->items[1].find("y")->quoted);
  EXPECT_FALSE(root.find("b")->quoted);
}

TEST(Document, RefusesDuplicateKeysAliasesAndSecondDocuments) {
  Diagnostics d1;
  parse_document("a: 1\nb: 2\na: 3\n", "f.yaml", d1);
  EXPECT_EQ(d1.str(), "f.yaml:3:1: error: duplicate key \"a\" (first at line 1)\n");
  Diagnostics d2;
  parse_document("a: &x 1\nb: *x\n", "f.yaml", d2);
  EXPECT_NE(d2.str().find("aliases"), std::string::npos);
  Diagnostics d3;
  parse_document("a: 1\n---\nb: 2\n", "f.yaml", d3);
  EXPECT_NE(d3.str().find("one document"), std::string::npos);
}

TEST(Document, LocatesSyntaxErrors) {
  Diagnostics d;
  parse_document("a: [1, 2\nb: 3\n", "f.yaml", d);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.items()[0].where.file, "f.yaml");
  EXPECT_GT(d.items()[0].where.line, 0);
  Diagnostics j;
  parse_document("{\n  \"a\": 1,\n  \"b\": ,\n}\n", "f.json", j);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j.items()[0].where.line, 3);
  EXPECT_NE(j.items()[0].message.find("invalid JSON"), std::string::npos);
}

TEST(Document, JsonReadsLikeYaml) {
  Diagnostics d;
  Node root = parse_document("{\n\t\"a\": [1, \"two\"],\n\t\"b\": {\"c\": null}\n}", "f.json", d);
  ASSERT_TRUE(d.ok()) << d.str();
  EXPECT_EQ(root.find("a")->items[1].text, "two");
  EXPECT_TRUE(root.find("b")->find("c")->is_null());
  EXPECT_EQ(root.find("b")->line, 3);
}

// 100,000 unclosed "[" give one error, located at the first bracket past the limit, before any
// parser tokenizes them (yaml-cpp's guard came after 170x the body in memory), not a crash.
TEST(Document, DeepNestingIsAnErrorNotACrash) {
  std::string deep(100000, '[');
  Diagnostics d;
  const Node root = parse_document(deep, "deep.yaml", d);
  EXPECT_TRUE(root.is_null());
  ASSERT_EQ(d.size(), 1u) << d.str();
  const Diagnostic& e = d.items().front();
  EXPECT_EQ(e.where.file, "deep.yaml");
  EXPECT_EQ(e.where.line, 1);
  EXPECT_EQ(e.where.column, static_cast<int>(kMaxNesting) + 1);
  EXPECT_EQ(e.message, "nesting is too deep (more than 256 levels of [ ] or { })");
  // Brackets inside quoted strings and comments are text, not nesting.
  Diagnostics ok;
  const std::string quoted = "a: \"" + std::string(1000, '[') + "\"\nb: '" + std::string(1000, '{') + "'\n# " +
                             std::string(1000, '[') + "\nc: [[1]]\n";
  const Node fine = parse_document(quoted, "quoted.yaml", ok);
  EXPECT_TRUE(ok.ok()) << ok.str();
  EXPECT_EQ(fine.find("a")->text.size(), 1000u);
  // 256 levels are allowed, 257 are not.
  Diagnostics at_limit, over;
  (void)parse_document(std::string(256, '[') + std::string(256, ']'), "256.yaml", at_limit);
  EXPECT_TRUE(at_limit.ok()) << at_limit.str();
  (void)parse_document(std::string(257, '[') + std::string(257, ']'), "257.yaml", over);
  EXPECT_FALSE(over.ok());
}

TEST(Reader, UnknownKeysGetSuggestions) {
  Diagnostics d;
  Node root = parse_document("speed: 800G\nlenght: 2 km\n", "r.yaml", d);
  MapReader r(root, "select[0]", d);
  EXPECT_TRUE(r.quantity("speed", true, parse_data_rate));
  EXPECT_FALSE(r.quantity("length", true, parse_length));
  r.finish();
  // The misspelling explains the missing field: one error, not two.
  EXPECT_EQ(d.str(), "r.yaml:2:1: error: select[0].lenght: unknown field \"lenght\" (did you mean \"length\"?)\n");
  Diagnostics d2;
  Node other = parse_document("speed: 800G\nwidth: 2\n", "r.yaml", d2);
  MapReader r2(other, "", d2);
  r2.quantity("length", true, parse_length);
  r2.finish();
  EXPECT_NE(d2.str().find("missing required field \"length\""), std::string::npos) << d2.str();
}

TEST(Reader, TypesAreChecked) {
  Diagnostics d;
  Node root = parse_document("n: \"8\"\nm: 8.5\nb: yes\nc: smff\n", "r.yaml", d);
  MapReader r(root, "", d);
  EXPECT_FALSE(r.integer("n", true, 0, 10));
  EXPECT_FALSE(r.integer("m", true, 0, 10));
  EXPECT_FALSE(r.boolean("b", true));
  static const std::pair<std::string_view, int> kChoices[] = {{"smf", 0}, {"mmf", 1}};
  EXPECT_FALSE(r.choice("c", true, Choices<int>(kChoices, 2)));
  r.finish();
  ASSERT_EQ(d.size(), 4u);
  EXPECT_NE(d.str().find("expected one of smf, mmf, got \"smff\" (did you mean \"smf\"?)"), std::string::npos);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(FlagDoc, AValueThatFailsToReadIsReportedUnderItsFlag) {
  FlagDoc flags;
  flags.flag("module", "--dci-module").flag("spans", "--spans");
  flags.add("speed", "800G").add("max_power", "lots").add("module", "zr", true);
  FlagDoc spans;
  spans.add("count", "two", false).add("length", "80km");
  flags.add_map("spans", std::move(spans));
  Diagnostics d;
  d.error(Location{"f.yaml", 1, 1}, "max_power", "a problem of a file, not of a flag");
  {
    MapReader r(flags.node(), "", d);
    EXPECT_TRUE(r.quantity("speed", true, parse_data_rate));
    EXPECT_FALSE(r.quantity("max_power", true, parse_power));
    EXPECT_FALSE(r.integer("module", true, 0, 10));
    MapReader s(*r.get("spans"), r.path_of("spans"), d);
    EXPECT_FALSE(s.integer("count", true, 1, 100));
    EXPECT_TRUE(s.str("length", true));
    s.finish();
    r.finish();
  }
  flags.relabel(d, 0);
  ASSERT_EQ(d.size(), 4u) << d.str();
  EXPECT_EQ(d.at(0).path, "max_power");  // located in a file: not a flag's
  EXPECT_EQ(d.at(1).where.file, "command line");
  EXPECT_EQ(d.at(1).path, "--max-power");
  EXPECT_EQ(d.at(2).path, "--dci-module");   // named by flag()
  EXPECT_EQ(d.at(3).path, "--spans.count");  // a nested value: the flag, then the path inside it
}

// A nested value the sub named a flag for is reported under that flag alone (`--spans 2x80qm` is
// built into spans.count and spans.length; the user typed --spans, not --spans.length).
TEST(FlagDoc, ANestedValueIsReportedUnderTheFlagItsSubNamed) {
  FlagDoc sub;
  sub.flag("length", "--spans").add("length", "80qm").add("nf", "5 dB");
  FlagDoc flags;
  flags.flag("spans", "--spans").add_map("spans", std::move(sub));
  Diagnostics d;
  {
    MapReader r(flags.node(), "", d);
    MapReader s(*r.get("spans"), r.path_of("spans"), d);
    EXPECT_FALSE(s.quantity("length", true, parse_length));
    EXPECT_FALSE(s.integer("count", true, 1, 100));  // missing: not named, so under the map's flag
    EXPECT_TRUE(s.quantity("nf", true, parse_db));
    s.finish();
  }
  flags.relabel(d, 0);
  ASSERT_EQ(d.size(), 2u) << d.str();
  EXPECT_EQ(d.at(0).path, "--spans");
  EXPECT_EQ(d.at(1).path, "--spans.count");
}

TEST(FlagDoc, LengthFlagKeepsTheReadersMessage) {
  FlagDoc flags;
  flags.add("length", "2miles");
  Diagnostics d;
  {
    MapReader r(flags.node(), "", d);
    r.quantity("length", true, parse_length);
    r.finish();
  }
  flags.relabel(d, 0);
  EXPECT_EQ(d.str(),
            "command line: error: --length: unknown unit \"miles\" in \"2miles\"; expected a length such as "
            "\"500 m\" or \"2 km\" (units: m, km, cm, mm, um, nm)\n");
}
