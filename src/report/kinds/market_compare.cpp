// Report sections for a market and its what-if (opticplan.market-compare, `market --what-if`): the
// base market's sections, then the what-if's, each with its own inputs and sources, since the two
// sides may come from different scenarios.
#include <tuple>

#include "kinds.h"

namespace opticplan::report::detail {

void market_compare_sections(Builder& b, const J& r) {
  for (const auto& [key, prefix, title] :
       {std::tuple{"base", "base_", "Base: "}, std::tuple{"what_if", "whatif_", "What-if: "}}) {
    need(r, key, J::value_t::object, "");
    b.set_prefix(prefix, title);
    market_sections(b, at(r, key));
    extra_keys(b, at(r, key), known_keys("market"));
    provenance_sections(b, at(r, key));
  }
  b.set_prefix("", "");
}

}  // namespace opticplan::report::detail
