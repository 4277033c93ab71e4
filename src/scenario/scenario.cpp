#include "opticplan/scenario/scenario.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <filesystem>

#include "opticplan/doc/document.h"
#include "opticplan/doc/files.h"
#include "opticplan/doc/reader.h"
#include "opticplan/scenario/read_catalog.h"
#include "opticplan/scenario/read_fabric.h"
#include "opticplan/scenario/read_link.h"
#include "opticplan/scenario/read_market.h"
#include "opticplan/scenario/read_select.h"
#include "opticplan/scenario/read_sourcing.h"
#include "opticplan/scenario/read_supply.h"
#include "opticplan/supply/canonical.h"

#ifndef OPTICPLAN_DATA_DIR
#define OPTICPLAN_DATA_DIR "data"
#endif

namespace opticplan {

std::string data_dir() {
  if (const char* env = std::getenv("OPTICPLAN_DATA"); env && *env) return env;
  // The source tree's data/ while it is there (a build tree, or an install beside its sources);
  // else the installed copy (share/opticplan: cmake --install, the .deb).
  std::error_code ec;
  if (std::filesystem::is_directory(OPTICPLAN_DATA_DIR, ec)) return OPTICPLAN_DATA_DIR;
  // Installed under any prefix (cmake --install --prefix, the .deb): share/opticplan above the
  // binary that holds this function (the CLI, libopticplan.so or the Python module).
  Dl_info self{};
  if (dladdr(reinterpret_cast<void*>(&data_dir), &self) != 0 && self.dli_fname != nullptr) {
    auto dir = std::filesystem::absolute(self.dli_fname, ec).parent_path();
    for (int up = 0; up < 6 && !dir.empty(); ++up, dir = dir.parent_path()) {
      const auto data = dir / "share" / "opticplan";
      if (std::filesystem::is_regular_file(data / "catalog" / "catalog.yaml", ec)) return data.string();
      if (dir == dir.root_path()) break;
    }
  }
  return OPTICPLAN_INSTALLED_DATA_DIR;
}

const std::vector<std::string>& scenario_sections() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k = {"include", "name",     "description", "select", "links",   "dci",
                                  "cluster", "variants", "supply",      "market", "sourcing"};
    for (const auto& s : catalog::CatalogBuilder::sections()) k.push_back(s);
    return k;
  }();
  return keys;
}

namespace {

struct LoadedFile {
  SourceFile file;
  Node root;
};

// Reads the files of one load through its FileSource: the root files, then each file's includes
// first (depth first), refusing cycles and deep nesting.
class Loader {
 public:
  Loader(const FileSource& files, Diagnostics& diag) : files_(files), diag_(diag) {}

  // Loads a file and (first) its includes. `from`: the include that named it (empty for a file the
  // user named).
  void load(const SourceFile& file, const Location& from) {
    const std::string key = file.key.empty() ? file.path : file.key;
    if (std::find(stack_.begin(), stack_.end(), key) != stack_.end()) {
      std::string chain;
      for (const auto& s : stack_display_) chain += s + " -> ";
      diag_.error(from, "include", "include cycle: " + chain + file.shown);
      return;
    }
    if (std::find(done_.begin(), done_.end(), key) != done_.end()) return;  // already loaded (diamond)
    if (stack_.size() >= 32) {
      diag_.error(from, "include", "includes nest deeper than 32 files");
      return;
    }
    const auto text = files_.read(file);
    if (!text) {
      diag_.error(from.file.empty() ? Location{file.shown, 0, 0} : from, from.file.empty() ? "" : "include",
                  text.error());
      return;
    }
    take(parse_document(*text, file.shown, diag_), key, file);
  }
  // A shipped file (the catalog of LoadOptions::shipped_catalog), e.g. "catalog/catalog.yaml".
  void load_shipped(const std::string& rel) {
    const auto file = files_.resolve(rel, SourceFile{}, Lookup::kInclude);
    if (!file) {
      diag_.error(Location{"data/" + rel, 0, 0}, "", file.error());
      return;
    }
    load(*file, {});
  }

  // A document given as text (a stored scenario): its relative paths resolve as if it were a file
  // in `folder`; with none, its includes resolve in the shipped data folder only.
  void load_text(std::string_view text, const std::string& display, const std::string& folder) {
    take(parse_document(text, display, diag_), "text:" + display,
         SourceFile{folder.empty() ? std::string() : (std::filesystem::path(folder) / display).string(), display, {}});
  }

  const FileSource& source() const { return files_; }
  std::deque<LoadedFile>& files() { return files_loaded_; }
  LoadedFiles opened() const {
    LoadedFiles o{files_, {}};
    for (const auto& f : files_loaded_) o.files.push_back(f.file);
    return o;
  }

 private:
  // Follows a loaded document's includes (depth first), then keeps it.
  void take(Node root, const std::string& key, const SourceFile& file) {
    stack_.push_back(key);
    stack_display_.push_back(file.shown);
    if (root.is_mapping()) {
      if (const Node* inc = root.find("include")) {
        const auto one = [&](const Node& item, const std::string& path) {
          auto rel = read_string(item, path, diag_);
          if (!rel) return;
          if (rel->empty()) {
            error_at(diag_, item, path, "expected a file path, got an empty string");
            return;
          }
          const auto included = files_.resolve(*rel, file, Lookup::kInclude);
          if (!included) {
            diag_.error(item.where(), "include", included.error());
            return;
          }
          load(*included, item.where());
        };
        if (inc->is_scalar())
          one(*inc, "include");
        else if (!inc->is_null())
          for_each_item(*inc, "include", diag_, one);
      }
    }
    stack_.pop_back();
    stack_display_.pop_back();
    done_.push_back(key);
    files_loaded_.push_back(LoadedFile{file, std::move(root)});
  }

  const FileSource& files_;
  Diagnostics& diag_;
  std::vector<std::string> stack_, stack_display_, done_;
  std::deque<LoadedFile> files_loaded_;
};

// Later sections override earlier ones: a key's value is replaced, except lists of entries with
// ids, which merge by id (an entry with a known id replaces it in place, a new one is appended),
// and lists without ids, which are appended. Nodes keep their locations for messages.
Node merge_sections(const std::vector<const Node*>& sections) {
  Node out = *sections.front();
  for (size_t k = 1; k < sections.size(); ++k) {
    const Node& over = *sections[k];
    if (!out.is_mapping() || !over.is_mapping()) {
      out = over;
      continue;
    }
    for (const auto& m : over.members) {
      auto it = std::find_if(out.members.begin(), out.members.end(), [&](const Member& x) { return x.key == m.key; });
      if (it == out.members.end()) {
        out.members.push_back(m);
        continue;
      }
      if (!it->value.is_sequence() || !m.value.is_sequence()) {
        it->value = m.value;
        continue;
      }
      for (const Node& item : m.value.items) {
        const Node* id = item.is_mapping() ? item.find("id") : nullptr;
        auto same = id ? std::find_if(it->value.items.begin(), it->value.items.end(),
                                      [&](const Node& x) {
                                        const Node* xid = x.is_mapping() ? x.find("id") : nullptr;
                                        return xid && xid->is_scalar() && id->is_scalar() && xid->text == id->text;
                                      })
                       : it->value.items.end();
        if (same != it->value.items.end())
          *same = item;
        else
          it->value.items.push_back(item);
      }
    }
  }
  return out;
}

}  // namespace

namespace {
Scenario build_scenario(Loader& loader, Diagnostics& diag);

// Loads the shipped catalog first when asked, then what `root` adds, then options' extra files.
template <class AddRoot>
Scenario load_with(const LoadOptions& options, Diagnostics& diag, AddRoot add_root) {
  const DiskFiles disk(data_dir());
  Loader loader(options.files ? *options.files : disk, diag);
  if (options.shipped_catalog) loader.load_shipped("catalog/catalog.yaml");
  add_root(loader);
  for (const auto& extra : options.extra_files) loader.load(loader.source().named(extra), {});
  return build_scenario(loader, diag);
}
}  // namespace

Scenario load_scenario(const std::string& path, const LoadOptions& options, Diagnostics& diag) {
  return load_with(options, diag, [&](Loader& loader) {
    if (!path.empty()) loader.load(loader.source().named(path), {});
  });
}

Scenario load_scenario_text(std::string_view text, const std::string& display_name, const LoadOptions& options,
                            Diagnostics& diag) {
  return load_with(options, diag, [&](Loader& loader) { loader.load_text(text, display_name, options.text_folder); });
}

namespace {

Scenario build_scenario(Loader& loader, Diagnostics& diag) {
  Scenario sc;

  catalog::CatalogBuilder builder;
  // Sections that refer to catalog ids are read once the catalog is built.
  std::vector<std::pair<std::string, const Node*>> after_catalog;
  for (const auto& f : loader.files()) {
    sc.files.push_back(f.file.shown);
    const Node& root = f.root;
    if (root.is_null()) continue;  // an empty file, or one that failed to parse (already reported)
    MapReader top(root, "", diag);
    if (!top.ok()) continue;
    top.get("include");  // handled by the loader
    for (const auto& m : root.members) {
      if (m.key == "include") continue;
      if (catalog::CatalogBuilder::is_section(m.key)) {
        top.get(m.key);
        builder.collect(m.key, m.value, m.key, diag);
      }
    }
    if (auto v = top.str("name", false)) sc.name = *v;
    if (auto v = top.str("description", false)) sc.description = *v;
    if (const Node* sel = top.get("select")) {
      for_each_item(*sel, "select", diag, [&](const Node& item, const std::string& p) {
        MapReader r(item, p, diag);
        if (auto req = catalog::read_requirement(r)) sc.selections.push_back(std::move(*req));
      });
    }
    for (const char* key : {"links", "dci", "cluster", "variants", "supply", "market", "sourcing"})
      if (const Node* n = top.get(key)) after_catalog.emplace_back(key, n);
    // Every other top-level key is unknown: reported here, with a suggestion from all sections.
    for (const auto& m : root.members) {
      const auto& known = scenario_sections();
      if (std::find(known.begin(), known.end(), m.key) == known.end())
        diag.error(Location{f.file.shown, m.key_line, m.key_column}, m.key,
                   "unknown top-level section \"" + m.key + "\"" + did_you_mean(m.key, known));
    }
  }
  sc.catalog = builder.build(diag);
  // Supply sections of several files merge (an overlay of a base scenario); read last, since its
  // clusters may use the scenario's cluster: section.
  std::vector<const Node*> supply_sections;
  const Node* cluster_node = nullptr;
  const Node* variants_node = nullptr;
  std::vector<const Node*> market_sections, sourcing_sections;
  for (const auto& [key, node] : after_catalog) {
    if (key == "supply") supply_sections.push_back(node);
    if (key == "market") market_sections.push_back(node);
    if (key == "sourcing") sourcing_sections.push_back(node);
  }
  std::erase_if(after_catalog,
                [](const auto& kv) { return kv.first == "supply" || kv.first == "market" || kv.first == "sourcing"; });
  for (const auto& [key, node] : after_catalog) {
    if (key == "cluster") {
      MapReader r(*node, key, diag);
      if (auto input = fabric::read_cluster(r, sc.catalog)) sc.clusters.push_back(*input);
      cluster_node = node;
      continue;
    }
    if (key == "variants") {
      variants_node = node;
      continue;
    }
    const bool is_links = key == "links";  // (clang 14 cannot capture a structured binding)
    for_each_item(*node, key, diag, [&](const Node& item, const std::string& p) {
      MapReader r(item, p, diag);
      if (is_links) {
        if (auto spec = link::read_link(r, sc.catalog)) sc.links.push_back(std::move(*spec));
      } else if (auto spec = link::read_dci(r, sc.catalog)) {
        sc.dci.push_back(std::move(*spec));
      }
    });
  }
  // Variants: the cluster with some fields replaced, each read as a cluster of its own.
  if (variants_node) {
    if (!cluster_node) {
      error_at(diag, *variants_node, "variants", "variants change a cluster: give the cluster: section they vary");
    } else {
      for_each_item(*variants_node, "variants", diag, [&](const Node& item, const std::string& p) {
        if (!item.is_mapping()) {
          error_at(diag, item, p, "expected a mapping of cluster fields (and a name), got " + item.describe());
          return;
        }
        Node merged = *cluster_node;
        std::string name;
        for (const auto& m : item.members) {
          if (m.key == "name") {
            if (auto v = read_string(m.value, p + ".name", diag)) name = *v;
            continue;
          }
          auto it = std::find_if(merged.members.begin(), merged.members.end(),
                                 [&](const Member& x) { return x.key == m.key; });
          if (it != merged.members.end())
            it->value = m.value;
          else
            merged.members.push_back(m);
        }
        if (name.empty()) {
          error_at(diag, item, p, "missing required field \"name\"");
          return;
        }
        MapReader r(merged, p, diag);
        if (auto input = fabric::read_cluster(r, sc.catalog)) sc.variants.push_back({name, *input});
      });
    }
  }
  if (!supply_sections.empty()) {
    // One section (the usual case) is read where it is: copying a 100,000-order tree costs as much as parsing it.
    const Node merged = supply_sections.size() > 1 ? merge_sections(supply_sections) : Node{};
    const LoadedFiles opened = loader.opened();
    sc.supply = supply::read_supply(supply_sections.size() > 1 ? merged : *supply_sections.front(), "supply",
                                    sc.catalog, diag, sc.clusters.empty() ? nullptr : &sc.clusters.front(), &opened);
    // Before anything holds an index into it: from here on nothing depends on the file's order.
    if (sc.supply) supply::canonicalize(*sc.supply);
  }
  // Market sections merge as supply sections do: a what-if overlay replaces inputs by id.
  if (!market_sections.empty() && sc.supply) {
    const Node merged = market_sections.size() > 1 ? merge_sections(market_sections) : Node{};
    MapReader r(market_sections.size() > 1 ? merged : *market_sections.front(), "market", diag);
    sc.market = market::read_market(r, *sc.supply);
  } else if (!market_sections.empty() && supply_sections.empty()) {  // (a supply section that failed reported itself)
    error_at(diag, *market_sections.front(), "market", "a market needs the supply: section it simulates");
  }
  // Sourcing sections merge too; a cluster without modules: is sized from the cluster: section.
  if (!sourcing_sections.empty()) {
    const Node merged = sourcing_sections.size() > 1 ? merge_sections(sourcing_sections) : Node{};
    const LoadedFiles opened = loader.opened();
    MapReader r(sourcing_sections.size() > 1 ? merged : *sourcing_sections.front(), "sourcing", diag);
    sc.sourcing = source::read_sourcing(r, sc.catalog, sc.clusters.empty() ? nullptr : &sc.clusters.front(), &opened);
  }
  return sc;
}

}  // namespace

}  // namespace opticplan
