// Scorecard: a supplier's record on one item, from its delivery and quality history.
//
// Deliveries are order lines (quantity, promised day, delivered day and quantity, optionally the
// day ordered); quality records are lots (tested, failed). A scorecard gives on-time-in-full (the
// share of lines delivered by the promised day in full), fill rate (units delivered by the
// promised day over units ordered), days late (mean and P90 over lines), lead time (mean and P90
// over lines that give the day ordered), DPPM with a 95% Wilson score interval, and a trend: the
// on-time-in-full of the later half of the lines (by promised day) minus that of the earlier half.
//
// with_history() feeds the scorecards to the risk model: an offer's yield becomes
// 1 - DPPM / 1e6 unless the offer states one, and a supplier with no disruption of its own gets
// one from its record: in each period, with probability 1 - on-time-in-full, it falls short by the
// mean share its late or short lines missed, for one period.
#pragma once

#include <optional>
#include <vector>

#include "opticplan/source/sourcing.h"

namespace opticplan::source {

// One scorecard per (supplier, item) that has any history, sorted by (supplier, item).
std::vector<Scorecard> scorecards(const std::vector<DeliveryRecord>& deliveries,
                                  const std::vector<QualityRecord>& quality);

// The Wilson score interval of a proportion (95%: z = 1.959964).
std::pair<double, double> wilson_interval(double successes, double trials, double z = 1.959964);

// `p` with its offers' yields and its suppliers' own disruptions taken from the scorecards, where
// the problem does not state them (Offer::yield_given, Supplier::disruption_given).
Problem with_history(const Problem& p, const std::vector<Scorecard>& cards);

}  // namespace opticplan::source
