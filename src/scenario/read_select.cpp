#include "opticplan/scenario/read_select.h"

#include <string_view>

#include "opticplan/scenario/read_link.h"

namespace opticplan::catalog {

std::optional<Requirement> read_requirement(MapReader& r) {
  Requirement req;
  Diagnostics& diag = r.diag();
  const size_t before = diag.size();
  if (auto v = r.str("name", false)) req.name = *v;
  if (auto v = r.quantity("speed", true, parse_data_rate)) req.speed = *v;
  read_channel(r, req.channel);
  if (auto v = r.choice("form_factor", false, Choices<FormFactor>(kFormFactorNames, 8))) req.form_factor = *v;
  if (auto v = r.quantity("max_power", false, parse_power)) req.max_power = *v;
  for (const char* key : {"allow", "deny"}) {
    if (const Node* n = r.get(key)) {
      for_each_item(*n, r.path_of(key), diag, [&](const Node& item, const std::string& path) {
        if (auto i = read_choice_index(item, path, diag, implementation_tokens())) {
          const std::string& token = implementation_tokens()[static_cast<size_t>(*i)];
          std::string_view(key) == "allow" ? apply_allow(req, token) : apply_deny(req, token);
        }
      });
    }
  }
  if (auto v = r.choice("rank", false, Choices<Rank>(kRankNames, 3))) req.rank = *v;
  if (auto v = r.number("cost_weight", false, 0, 1)) req.cost_weight = *v;
  if (auto v = r.integer("year", false, 2000, 2100)) req.year = static_cast<int>(*v);
  r.finish();
  if (diag.size() != before) return std::nullopt;
  return req;
}

}  // namespace opticplan::catalog
