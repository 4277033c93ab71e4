// Mutated and truncated versions of the shipped files must never crash the loader: each either
// loads or yields located diagnostics. Deterministic (fixed seed), run under ASan+UBSan in CI.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "opticplan/scenario/read_catalog.h"
#include "opticplan/catalog/lint.h"
#include "opticplan/select/select.h"
#include "opticplan/scenario/scenario.h"

using namespace opticplan;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Parses and builds one document the way the scenario loader does.
void load_text(const std::string& text, const std::string& name) {
  Diagnostics d;
  Node root = parse_document(text, name, d);
  catalog::CatalogBuilder b;
  if (root.is_mapping())
    for (const auto& m : root.members)
      if (catalog::CatalogBuilder::is_section(m.key)) b.collect(m.key, m.value, m.key, d);
  catalog::Catalog c = b.build(d);
  for (const auto& diag : d.items()) ASSERT_FALSE(diag.where.file.empty()) << diag.str();
  if (d.ok()) {
    catalog::lint_catalog(c, d);
    catalog::Requirement req;
    req.speed = gbps(800);
    req.channel.length = meters(100);
    (void)catalog::select(c, req);
  }
}

}  // namespace

TEST(Robustness, MutatedShippedFilesNeverCrash) {
  std::mt19937 rng(20261123);
  const char alphabet[] = "{}[]:,-#&*!|>'\"\n \t0123456789abcXYZ.%@`~\\";
  int runs = 0;
  for (const auto& entry : fs::directory_iterator(data_dir() + "/catalog")) {
    const std::string text = slurp(entry.path());
    ASSERT_FALSE(text.empty());
    for (int i = 0; i < 40; ++i) {
      std::string m = text;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits; ++e) {
        const size_t pos = rng() % m.size();
        switch (rng() % 4) {
          case 0: m[pos] = alphabet[rng() % (sizeof alphabet - 1)]; break;
          case 1: m.erase(pos, 1 + rng() % 20); break;
          case 2: m.insert(pos, std::string(1 + rng() % 3, alphabet[rng() % (sizeof alphabet - 1)])); break;
          case 3: m.resize(pos); break;
        }
        if (m.empty()) m = "x";
      }
      load_text(m, entry.path().filename().string());
      ++runs;
    }
  }
  EXPECT_GT(runs, 100);
}

TEST(Robustness, HostileShapes) {
  load_text(std::string(5000, '['), "deep.yaml");
  load_text(std::string(5000, '{'), "deep.yaml");
  std::string nested;
  for (int i = 0; i < 3000; ++i) nested += std::string(static_cast<size_t>(i % 60), ' ') + "- \n";
  load_text(nested, "indent.yaml");
  load_text("transceivers: [" + std::string(200000, 'a') + "]", "long.yaml");
  load_text("\xEF\xBB\xBF\xFF\xFE\x00 binary", "bin.yaml");
  load_text("pmds: [{id: P, speed: 1e999G}]", "huge.yaml");
  load_text("pmds: [{id: P, lanes: 99999999999999999999999}]", "huge.yaml");
  load_text("sources: {a: {title: t, year: -5}}", "neg.yaml");
}

// The same for whole scenarios through the full loader and the engines: supply plans, clusters and
// their fabrics, links. A mutated file either loads and runs, or yields located diagnostics.
#include "opticplan/fabric/fabric.h"
#include "opticplan/supply/planner.h"

TEST(Robustness, MutatedScenariosNeverCrashTheEngines) {
  std::mt19937 rng(1123);
  const char alphabet[] = "{}[]:,-#\n 0123456789abcW.-";
  std::vector<fs::path> files = {fs::path(data_dir()) / "scenarios" / "default.yaml"};
  for (const char* dir : {"plan", "fabric"})
    for (const auto& c : fs::directory_iterator(fs::path(OPTICPLAN_CASES_DIR) / dir))
      for (const auto& f : fs::directory_iterator(c.path()))
        if (f.path().extension() == ".yaml") files.push_back(f.path());
  const fs::path tmp = fs::temp_directory_path() / "opticplan-robustness.yaml";
  int runs = 0, loaded = 0;
  for (const auto& file : files) {
    const std::string text = slurp(file);
    for (int i = 0; i < 12; ++i) {
      std::string m = text;
      const int edits = 1 + static_cast<int>(rng() % 3);
      for (int e = 0; e < edits && !m.empty(); ++e) {
        const size_t pos = rng() % m.size();
        switch (rng() % 3) {
          case 0: m[pos] = alphabet[rng() % (sizeof alphabet - 1)]; break;
          case 1: m.erase(pos, 1 + rng() % 8); break;
          case 2: m.insert(pos, std::string(1, alphabet[rng() % (sizeof alphabet - 1)])); break;
        }
      }
      {
        std::ofstream out(tmp, std::ios::binary);
        out << m;
      }
      Diagnostics d;
      Scenario sc = load_scenario(tmp.string(), {true, {}}, d);
      for (const auto& diag : d.items()) ASSERT_FALSE(diag.where.file.empty()) << diag.str();
      ++runs;
      if (!d.ok()) continue;
      ++loaded;
      if (sc.supply) (void)supply::plan_heuristic(*sc.supply);
      for (const auto& c : sc.clusters) (void)fabric::build_fabric(sc.catalog, c);
    }
  }
  fs::remove(tmp);
  EXPECT_GT(runs, 200);
  EXPECT_GT(loaded, 0);  // some mutations keep the file valid, so the engines run too
}
