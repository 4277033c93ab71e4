// FileSource (doc/files.h): how includes and data files resolve, and what ShippedOnly refuses, both
// on the source itself and through a whole scenario load (the service's confinement).
#include "opticplan/doc/files.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>

#include "opticplan/scenario/scenario.h"

using namespace opticplan;
namespace fs = std::filesystem;

namespace {

// A scratch tree: shipped/ (the data folder: catalog/c.yaml, scenarios/s.yaml, scenarios/o.csv)
// and outside/secret.yaml, with shipped/scenarios/link.yaml a symbolic link to the secret.
class Files : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() / ("opticplan-files-" + std::to_string(::getpid()));
    fs::remove_all(root);
    write("shipped/catalog/c.yaml", "name: c\n");
    write("shipped/scenarios/s.yaml", "include: ../catalog/c.yaml\n");
    write("shipped/scenarios/o.csv", "id,customer,item,quantity,due\n");
    write("outside/secret.yaml", "secret: 1\n");
    fs::create_symlink(root / "outside" / "secret.yaml", root / "shipped" / "scenarios" / "link.yaml");
    shipped = (root / "shipped").string();
  }
  void TearDown() override { fs::remove_all(root); }
  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel) << text;
  }
  fs::path root;
  std::string shipped;
};

TEST_F(Files, DiskIncludesResolveBesideThenShipped) {
  const DiskFiles disk(shipped);
  const SourceFile from = disk.named((root / "outside" / "secret.yaml").string());
  // Not beside outside/, so the shipped file, named as data/... in messages.
  auto f = disk.resolve("catalog/c.yaml", from, Lookup::kInclude);
  ASSERT_TRUE(f) << f.error();
  EXPECT_EQ(f->shown, "data/catalog/c.yaml");
  EXPECT_EQ(*disk.read(*f), "name: c\n");
  // A text document has no folder: shipped files only.
  f = disk.resolve("scenarios/s.yaml", SourceFile{{}, "stored.yaml", {}}, Lookup::kInclude);
  ASSERT_TRUE(f) << f.error();
  EXPECT_EQ(f->shown, "data/scenarios/s.yaml");
  auto missing = disk.resolve("nope.yaml", from, Lookup::kInclude);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), "cannot find \"nope.yaml\" beside " + from.shown + " or in the shipped data folder");
  // A data file is the one beside, existing or not; read() words the missing file with its noun.
  auto csv = disk.resolve("nope.csv", from, Lookup::kBeside);
  ASSERT_TRUE(csv);
  EXPECT_EQ(disk.read(*csv, "CSV file").error(), "cannot open CSV file \"" + csv->shown + "\"");
}

TEST_F(Files, ShippedOnlyServesTheShippedFolder) {
  const ShippedOnly only(shipped);
  const SourceFile text{{}, "stored.yaml", {}};
  auto s = only.resolve("scenarios/s.yaml", text, Lookup::kInclude);
  ASSERT_TRUE(s) << s.error();
  // ".." that stays inside the folder is fine.
  auto c = only.resolve("../catalog/c.yaml", *s, Lookup::kInclude);
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->shown, "data/catalog/c.yaml");
  EXPECT_TRUE(only.read(*c));
  auto o = only.resolve("o.csv", *s, Lookup::kBeside);
  ASSERT_TRUE(o) << o.error();
  EXPECT_TRUE(only.read(*o, "CSV file"));
}

TEST_F(Files, ShippedOnlyRefusesEverythingElseAndSaysWhy) {
  const ShippedOnly only(shipped);
  const SourceFile text{{}, "stored.yaml", {}};
  const std::string secret = (root / "outside" / "secret.yaml").string();
  const std::string head = "shipped files only (the data folder) can be read here, and this is ";

  auto abs = only.resolve(secret, text, Lookup::kInclude);
  ASSERT_FALSE(abs);
  EXPECT_EQ(abs.error(), "refused \"" + secret + "\": " + head + "an absolute path outside it");
  auto up = only.resolve("../outside/secret.yaml", text, Lookup::kInclude);
  ASSERT_FALSE(up);
  EXPECT_EQ(up.error(), "refused \"../outside/secret.yaml\": " + head + "a path that climbs out of it with \"..\"");
  auto link = only.resolve("scenarios/link.yaml", text, Lookup::kInclude);
  ASSERT_FALSE(link);
  EXPECT_EQ(link.error(), "refused \"scenarios/link.yaml\": " + head + "a path outside it");
  // A data file beside a text document would be in the working directory: refused too.
  auto csv = only.resolve("orders.csv", text, Lookup::kBeside);
  ASSERT_FALSE(csv);
  EXPECT_EQ(csv.error(), "refused \"orders.csv\": " + head + "a path outside it");
  // read() checks again, whatever SourceFile it is handed.
  auto direct = only.read(only.named(secret));
  ASSERT_FALSE(direct);
  EXPECT_EQ(direct.error(), "refused \"" + secret + "\": " + head + "an absolute path outside it");
  EXPECT_TRUE(DiskFiles(shipped).read(DiskFiles().named(secret)));  // the disk itself serves it
}

// The service's case: a scenario given as text, loaded through ShippedOnly over the real data folder.
Scenario load_confined(const std::string& text, Diagnostics& d) {
  static const ShippedOnly only(data_dir());
  LoadOptions options;
  options.shipped_catalog = true;  // as the service loads them
  options.files = &only;
  return load_scenario_text(text, "stored.yaml", options, d);
}

TEST(ConfinedScenario, RefusesFilesOutsideTheShippedFolderWithLocatedErrors) {
  const std::string head = "shipped files only (the data folder) can be read here, and this is ";
  struct Case {
    std::string text;
    int line, column;
    std::string path, message;
  };
  const Case cases[] = {
      {"include: [/etc/passwd]\n", 1, 11, "include",
       "refused \"/etc/passwd\": " + head + "an absolute path outside it"},
      {"name: x\ninclude:\n  - ../../something.yaml\n", 3, 5, "include",
       "refused \"../../something.yaml\": " + head + "a path that climbs out of it with \"..\""},
      {"supply:\n  calendar: {start: 2026-W01, periods: 2}\n  orders_csv: /etc/passwd\n", 3, 15, "supply.orders_csv",
       "refused \"/etc/passwd\": " + head + "an absolute path outside it"},
      {"supply:\n  calendar: {start: 2026-W01, periods: 2}\n  orders_xlsx: [{file: ../../book.xlsx}]\n", 3, 24,
       "supply.orders_xlsx[0]", "refused \"../../book.xlsx\": " + head + "a path that climbs out of it with \"..\""},
      {"supply:\n  calendar: {start: 2026-W01, periods: 2}\n  orders_csv: orders.csv\n", 3, 15, "supply.orders_csv",
       "refused \"orders.csv\": " + head + "a path outside it"},
  };
  for (const auto& c : cases) {
    Diagnostics d;
    (void)load_confined(c.text, d);
    ASSERT_EQ(d.size(), 1u) << c.text << d.str();
    const Diagnostic& e = d.items()[0];
    EXPECT_EQ(e.where.file, "stored.yaml") << c.text;
    EXPECT_EQ(e.where.line, c.line) << c.text;
    EXPECT_EQ(e.where.column, c.column) << c.text;
    EXPECT_EQ(e.path, c.path) << c.text;
    EXPECT_EQ(e.message, c.message) << c.text;
  }
}

TEST(ConfinedScenario, ShippedIncludesStillWork) {
  Diagnostics d;
  // A what-if includes ../ai-optics-2026.yaml beside itself, which includes the catalog.
  const Scenario sc = load_confined("include: [scenarios/what-if/dsp-1.6t-plus-50.yaml]\n", d);
  ASSERT_TRUE(d.ok()) << d.str();
  EXPECT_TRUE(sc.supply);
  EXPECT_TRUE(sc.market);
  EXPECT_GT(sc.catalog.transceivers.size(), 10u);
  EXPECT_EQ(sc.files.back(), "stored.yaml");
  EXPECT_EQ(sc.files.front(), "data/catalog/sources.yaml");
}

}  // namespace
