// A lead time written in a scenario: an integer number of the calendar's periods, or a number with
// a unit of days, weeks or quarters ("14d", "2w", "1q"), converted to periods and rounded up (a
// 10-day lead time takes 2 weeks of a weekly calendar: the part is not there after one). Used by
// the supply and sourcing readers. Internal to the scenario layer.
#pragma once

#include <optional>
#include <string>

#include "opticplan/core/calendar.h"
#include "opticplan/core/diagnostics.h"
#include "opticplan/doc/document.h"

namespace opticplan {

// nullopt, with the problem reported at `n`, when it is malformed or over 520 periods. `grid` null:
// the calendar failed (its own error is reported); a unit is then not converted.
std::optional<int> read_lead_periods(const Node& n, const std::string& path, const PeriodGrid* grid, Diagnostics& diag);

}  // namespace opticplan
