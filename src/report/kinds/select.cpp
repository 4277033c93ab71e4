// Report sections for a product selection (opticplan.select): the requirement as read, the
// candidates ranked with their cost and power per link, and why every other module is refused.
// Each chart's table holds exactly the numbers drawn, so XLSX and CSV carry them too.
#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "kinds.h"

namespace opticplan::report::detail {
namespace {

// "reach 500 m < 1.5 km" -> "reach": the words before the first number, so that refusals group.
std::string reason_kind(const std::string& r) {
  size_t end = r.size();
  for (size_t i = 0; i < r.size(); ++i)
    if (std::isdigit(static_cast<unsigned char>(r[i])) || r[i] == '$' || r[i] == '"') {
      end = i;
      break;
    }
  std::string k = r.substr(0, end);
  while (!k.empty() && (k.back() == ' ' || k.back() == ':' || k.back() == '(')) k.pop_back();
  return k.empty() ? r : k;
}

// Candidates: cost and power per link, in rank order.
void candidates_section(Builder& b, const J& candidates, const J& req) {
  std::vector<std::string> ids;
  J cost = J::array(), power = J::array();
  std::vector<std::vector<J>> rows;
  for (const auto& c : candidates) {
    ids.push_back(text(at(c, "id")));
    cost.push_back(num_or_null(at(c, "price_per_link_usd")));
    power.push_back(num_or_null(at(c, "power_per_link_w")));
    rows.push_back({at(c, "rank"), at(c, "id"), at(c, "kind"), at(c, "family"), at(c, "ports"), at(c, "reach_m"),
                    at(c, "channel_loss_db"), at(c, "max_channel_loss_db"), at(c, "loss_margin_db"), at(c, "power_w"),
                    at(c, "power_per_link_w"), at(c, "price_usd"), at(c, "price_per_link_usd"),
                    at(c, "lasers_per_link"), at(c, "score")});
  }
  const size_t t = b.table(
      "candidates",
      {"rank", "id", "kind", "family", "ports", "reach_m", "channel_loss_db", "max_channel_loss_db", "loss_margin_db",
       "power_w", "power_per_link_w", "price_usd", "price_per_link_usd", "lasers_per_link", "score"},
      std::move(rows));
  if (ids.empty()) {
    b.section("Candidates", "No module or cable can carry this link: every family is refused below.", J(), {t});
    return;
  }
  J o = base_option();
  o["xAxis"] = category_axis(ids);
  o["xAxis"]["axisLabel"] = {{"interval", 0}, {"rotate", ids.size() > 4 ? 20 : 0}};
  o["yAxis"] = J::array({value_axis("USD per link"), value_axis("W per link", true)});
  J s = J::array({bar("cost per link (USD)", std::move(cost)), bar("power per link (W)", std::move(power))});
  s[1]["yAxisIndex"] = 1;
  o["series"] = std::move(s);
  b.section("Candidates ranked",
            "The modules and cables that carry the link, best first (ranked by " + text(at(req, "rank")) +
                "): cost per link on the left axis, power per link on the right.",
            std::move(o), {t});
}

// Refusals: how many modules each kind of reason refused, then every family and module.
void refusals_section(Builder& b, const J& rejected) {
  std::vector<std::string> kinds;
  std::map<std::string, double> count;
  std::vector<std::vector<J>> rows;
  for (const auto& f : rejected)
    for (const auto& m : at(f, "modules")) {
      rows.push_back({at(f, "family"), at(m, "id"), joined(at(m, "reasons"))});
      std::vector<std::string> seen;
      for (const auto& reason : at(m, "reasons")) {
        const std::string k = reason_kind(text(reason));
        if (std::find(seen.begin(), seen.end(), k) != seen.end()) continue;
        seen.push_back(k);
        if (!count.count(k)) kinds.push_back(k);
        count[k] += 1;
      }
    }
  const size_t t = b.table("refused", {"family", "module", "reasons"}, std::move(rows));
  if (kinds.empty()) {
    b.section("Refused", "No module was refused.", J(), {t});
    return;
  }
  std::stable_sort(kinds.begin(), kinds.end(), [&](const auto& x, const auto& y) { return count[x] < count[y]; });
  J data = J::array();
  std::vector<std::vector<J>> krows;
  for (const auto& k : kinds) data.push_back(count[k]);
  for (auto it = kinds.rbegin(); it != kinds.rend(); ++it) krows.push_back({*it, count[*it]});
  J o = base_option();
  o["tooltip"] = {{"trigger", "axis"}, {"axisPointer", {{"type", "shadow"}}}};
  o["xAxis"] = value_axis("modules refused");
  o["yAxis"] = category_axis(kinds);
  o["series"] = J::array({bar("modules refused", std::move(data))});
  o["legend"]["show"] = false;
  ReportSection& s = b.section(
      "Why the others are refused",
      "Modules refused, by kind of reason (a module may have several); every refused family and module below.",
      std::move(o), {b.table("refusal_reasons", {"reason", "modules"}, std::move(krows)), t});
  s.height = std::clamp<int>(static_cast<int>(kinds.size()) * 32 + 110, 220, 700);
}

}  // namespace

void select_sections(Builder& b, const J& r) {
  const J& candidates = need(r, "candidates", J::value_t::array, "");
  const J& rejected = need(r, "rejected", J::value_t::array, "");
  const J& req = at(r, "requirement");
  const std::string name = text(at(req, "name"));
  b.section(name.empty() ? "Requirement" : "Requirement: " + name,
            "The link to carry, every default filled in (what the ranking assumed).", J(),
            {b.table("requirement", {"input", "value"}, key_values(req))});
  candidates_section(b, candidates, req);
  refusals_section(b, rejected);
}

}  // namespace opticplan::report::detail
