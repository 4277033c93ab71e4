// Mutated and truncated versions of the shipped files must never crash the loader: each either
// loads or yields located diagnostics. Deterministic (fixed seed), run under ASan+UBSan in CI.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "opticplan/catalog/builder.h"
#include "opticplan/catalog/lint.h"
#include "opticplan/catalog/select.h"
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
