#include "opticplan/source/scorecard.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace opticplan::source {

namespace {

// Nearest-rank percentile of a sorted list.
double percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? 0 : s / static_cast<double>(v.size());
}

bool on_time_in_full(const DeliveryRecord& d) { return d.delivered_on <= d.promised && d.delivered >= d.quantity; }

double otif_share(const std::vector<const DeliveryRecord*>& lines, size_t from, size_t to) {
  size_t ok = 0;
  for (size_t i = from; i < to; ++i) ok += on_time_in_full(*lines[i]) ? 1U : 0U;
  return to > from ? static_cast<double>(ok) / static_cast<double>(to - from) : 0;
}

}  // namespace

std::pair<double, double> wilson_interval(double successes, double trials, double z) {
  if (trials <= 0) return {0, 1};
  const double p = successes / trials, z2 = z * z;
  const double centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const double half = z / (1 + z2 / trials) * std::sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

std::vector<Scorecard> scorecards(const std::vector<DeliveryRecord>& deliveries,
                                  const std::vector<QualityRecord>& quality) {
  std::map<std::pair<int, int>, std::vector<const DeliveryRecord*>> lines;
  std::map<std::pair<int, int>, std::vector<const QualityRecord*>> lots;
  for (const auto& d : deliveries) lines[{d.supplier, d.item}].push_back(&d);
  for (const auto& q : quality) lots[{q.supplier, q.item}].push_back(&q);
  std::map<std::pair<int, int>, Scorecard> cards;
  for (auto& [key, ls] : lines) {
    // By promised day, then by every other field, so the trend halves do not follow file order.
    std::sort(ls.begin(), ls.end(), [](const DeliveryRecord* a, const DeliveryRecord* b) {
      return std::tie(a->promised, a->delivered_on, a->quantity, a->delivered) <
             std::tie(b->promised, b->delivered_on, b->quantity, b->delivered);
    });
    Scorecard& c = cards[key];
    c.supplier = key.first;
    c.item = key.second;
    c.lines = static_cast<int>(ls.size());
    double ordered = 0, on_time_units = 0, missed = 0;
    int short_lines = 0;
    std::vector<double> late, lead;
    for (const DeliveryRecord* d : ls) {
      ordered += d->quantity;
      const bool on_time = d->delivered_on <= d->promised;
      if (on_time) on_time_units += std::min(d->delivered, d->quantity);
      late.push_back(std::max(0.0, static_cast<double>(d->delivered_on - d->promised)));
      if (d->ordered) lead.push_back(static_cast<double>(d->delivered_on - *d->ordered));
      if (!on_time_in_full(*d)) {
        ++short_lines;
        const double in_time = on_time ? std::min(d->delivered, d->quantity) : 0;
        missed += d->quantity > 0 ? 1 - in_time / d->quantity : 0;
      }
    }
    c.otif = otif_share(ls, 0, ls.size());
    c.fill_rate = ordered > 0 ? on_time_units / ordered : 0;
    c.short_share = short_lines ? missed / short_lines : 0;
    c.days_late_mean = mean(late);
    std::sort(late.begin(), late.end());
    c.days_late_p90 = percentile(late, 0.9);
    if (!lead.empty()) {
      c.lead_time_mean = mean(lead);
      std::sort(lead.begin(), lead.end());
      c.lead_time_p90 = percentile(lead, 0.9);
    }
    if (ls.size() >= 4) c.trend = otif_share(ls, ls.size() / 2, ls.size()) - otif_share(ls, 0, ls.size() / 2);
  }
  for (const auto& [key, qs] : lots) {
    Scorecard& c = cards[key];
    c.supplier = key.first;
    c.item = key.second;
    c.lots = static_cast<int>(qs.size());
    double tested = 0, failed = 0;
    for (const QualityRecord* q : qs) {
      tested += q->tested;
      failed += q->failed;
    }
    if (tested > 0) {
      const auto [lo, hi] = wilson_interval(failed, tested);
      c.dppm = failed / tested * 1e6;
      c.dppm_low = lo * 1e6;
      c.dppm_high = hi * 1e6;
    }
  }
  std::vector<Scorecard> out;
  out.reserve(cards.size());
  for (auto& [key, c] : cards) out.push_back(c);
  return out;
}

Problem with_history(const Problem& p, const std::vector<Scorecard>& cards) {
  Problem q = p;
  // A supplier's own record: its lines over every item.
  std::vector<double> lines(p.suppliers.size()), otif(p.suppliers.size()), missed(p.suppliers.size());
  std::vector<double> short_lines(p.suppliers.size());
  for (const auto& c : cards) {
    const auto s = static_cast<size_t>(c.supplier);
    lines[s] += c.lines;
    otif[s] += c.otif * c.lines;
    short_lines[s] += (1 - c.otif) * c.lines;
    missed[s] += c.short_share * (1 - c.otif) * c.lines;
    if (!c.dppm) continue;
    for (auto& o : q.offers)
      if (o.supplier == c.supplier && o.item == c.item && !o.yield_given) o.yield = 1 - *c.dppm / 1e6;
  }
  for (size_t s = 0; s < q.suppliers.size(); ++s) {
    Supplier& sup = q.suppliers[s];
    if (sup.disruption_given || lines[s] == 0 || short_lines[s] == 0) continue;
    sup.disruption.probability = 1 - otif[s] / lines[s];
    sup.disruption.depth =
        market::Distribution{market::Distribution::Kind::kFixed, missed[s] / short_lines[s], 0, 0, {}};
    sup.disruption.duration = market::Distribution{};
  }
  return q;
}

}  // namespace opticplan::source
