#include "opticplan/link/read.h"

namespace opticplan::link {

void read_channel(MapReader& r, Channel& ch) {
  Diagnostics& diag = r.diag();
  if (auto v = r.quantity("length", true, parse_length)) ch.length = *v;
  if (const Node* n = r.require("fiber")) {
    static const std::vector<std::string> names = {"smf", "mmf", "OM3", "OM4", "OM5"};
    if (auto i = read_choice_index(*n, r.path_of("fiber"), diag, names)) {
      ch.fiber = *i == 0 ? catalog::Fiber::kSmf : catalog::Fiber::kMmf;
      if (*i >= 2) ch.grade = static_cast<catalog::FiberGrade>(*i - 2);
    }
  }
  if (auto v = r.integer("connectors", false, 0, 100)) ch.connectors = static_cast<int>(*v);
  if (auto v = r.integer("splices", false, 0, 1000)) ch.splices = static_cast<int>(*v);
  if (auto v = r.quantity("connector_loss", false, parse_db)) ch.connector_loss = *v;
  if (auto v = r.quantity("splice_loss", false, parse_db)) ch.splice_loss = *v;
  if (auto v = r.quantity("margin", false, parse_db)) ch.margin = *v;
  if (auto v = r.quantity("attenuation", false, parse_attenuation)) ch.attenuation = *v;
}

}  // namespace opticplan::link
