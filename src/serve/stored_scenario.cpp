#include "opticplan/serve/stored_scenario.h"

#include <algorithm>
#include <filesystem>

#include "opticplan/doc/document.h"
#include "opticplan/doc/reader.h"

namespace opticplan::serve {
namespace {

void confine(const Node& n, const std::string& path, bool top, Diagnostics& diag) {
  if (n.is_sequence()) {
    for (size_t k = 0; k < n.items.size(); ++k) confine(n.items[k], path + "[" + std::to_string(k) + "]", false, diag);
    return;
  }
  if (!n.is_mapping()) return;
  for (const auto& m : n.members) {
    const std::string p = path.empty() ? m.key : path + "." + m.key;
    if (m.key == "orders_csv" || m.key == "orders_xlsx") {
      diag.error(Location{n.file ? *n.file : std::string(), m.key_line, m.key_column}, p,
                 "a stored scenario cannot read files: give the orders in supply.orders instead");
      continue;
    }
    if (top && m.key == "include") {
      const auto check = [&](const Node& item, const std::string& ip) {
        if (!item.is_scalar()) return;  // the loader reports the type
        const std::filesystem::path f(item.text);
        const bool up = std::any_of(f.begin(), f.end(), [](const auto& part) { return part == ".."; });
        if (f.is_absolute() || up)
          error_at(diag, item, ip,
                   "a stored scenario may include shipped files only (e.g. catalog/catalog.yaml), got \"" + item.text +
                       "\"");
      };
      if (m.value.is_sequence())
        for (size_t k = 0; k < m.value.items.size(); ++k) check(m.value.items[k], p + "[" + std::to_string(k) + "]");
      else
        check(m.value, p);
      continue;
    }
    confine(m.value, p, false, diag);
  }
}

}  // namespace

Scenario load_stored_scenario(const std::string& id, const std::string& format, const std::string& text,
                              Diagnostics& diag) {
  const std::string display = id + (format == "json" ? ".json" : ".yaml");
  Diagnostics parse;
  Node root = parse_document(text, display, parse);
  if (!parse.ok()) {
    diag.append(parse);
    return {};
  }
  const size_t before = diag.size();
  confine(root, "", true, diag);
  if (diag.size() != before) return {};
  LoadOptions options;
  options.shipped_catalog = true;  // as the CLI does: the shipped catalog, then the scenario (parsed once)
  return load_scenario_document(std::move(root), display, options, diag);
}

std::vector<std::string> run_kinds(const Scenario& sc) {
  std::vector<std::string> k;
  if (!sc.clusters.empty()) k.push_back("fabric");
  if (!sc.links.empty() || !sc.dci.empty()) k.push_back("link");
  if (sc.supply) k.push_back("plan");
  if (sc.market) k.push_back("market");
  return k;
}

std::vector<std::string> present_sections(const Scenario& sc) {
  std::vector<std::string> s;
  if (!sc.selections.empty()) s.push_back("select");
  if (!sc.links.empty()) s.push_back("links");
  if (!sc.dci.empty()) s.push_back("dci");
  if (!sc.clusters.empty()) s.push_back("cluster");
  if (!sc.variants.empty()) s.push_back("variants");
  if (sc.supply) s.push_back("supply");
  if (sc.market) s.push_back("market");
  return s;
}

}  // namespace opticplan::serve
