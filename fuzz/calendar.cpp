// Fuzz target: the calendar parsers of core/calendar.h (dates, ISO weeks, quarters, periods,
// years) and the period grid built from what they accept. Checks the round trips the planners rely
// on: an accepted date, week or quarter formats back to the text that named it, a week's Monday is
// in that week, and a grid maps the start of each of its periods back to that period's index.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "opticplan/core/calendar.h"

using namespace opticplan;

namespace {

void require(bool ok, const char* what, std::string_view text) {
  if (ok) return;
  std::fprintf(stderr, "%s for input \"%.*s\"\n", what, static_cast<int>(text.size()), text.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto d = parse_date(text)) require(format(*d) == text, "date does not format back", text);
  if (auto w = parse_iso_week(text)) {
    require(format(*w) == text, "ISO week does not format back", text);
    require(iso_week_of(monday_of(*w)) == *w, "a week's Monday is not in that week", text);
    require(iso_weekday(monday_of(*w)) == 1, "a week's Monday is not a Monday", text);
  }
  if (auto q = parse_quarter(text)) {
    require(format(*q) == std::string(text.substr(0, 4)) + "Q" + std::string(1, text.back()),
            "quarter does not format back", text);
    require(quarter_of(first_day(*q)) == *q, "a quarter's first day is not in that quarter", text);
  }
  if (auto y = parse_year(text)) require(*y >= 2000 && *y <= 2100, "year out of its range", text);
  if (auto p = parse_period(text)) {
    const PeriodGrid grid(p->grain, p->start, 60);
    require(grid.index(p->start) == 0, "a grid does not start at its own start", text);
    for (int i = 0; i < grid.count(); ++i) {
      require(grid.index(grid.start(i)) == i, "a period's start maps to another period", text);
      if (i > 0) require(grid.start(i - 1) < grid.start(i), "periods do not increase", text);
      (void)grid.label(i);
      (void)grid.year(i);
    }
  } else {
    require(!p.error().empty(), "empty error message", text);
  }
  return 0;
}
