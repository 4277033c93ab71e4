#include "lead_time.h"

#include <cctype>

#include "opticplan/doc/reader.h"

namespace opticplan {

std::optional<int> read_lead_periods(const Node& n, const std::string& path, const PeriodGrid* grid,
                                     Diagnostics& diag) {
  if (!n.is_scalar() || n.quoted || n.text.find_first_not_of("0123456789") == std::string::npos) {
    const auto v = read_int(n, path, diag, 0, 520);
    return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
  }
  const std::string& text = n.text;
  size_t k = 0;
  while (k < text.size() && std::isdigit(static_cast<unsigned char>(text[k]))) ++k;
  size_t u = k;
  while (u < text.size() && text[u] == ' ') ++u;
  const std::string unit = text.substr(u);
  const auto days_per = [](const std::string& w) -> int {
    if (w == "d" || w == "day" || w == "days") return 1;
    if (w == "w" || w == "wk" || w == "week" || w == "weeks") return 7;
    if (w == "q" || w == "quarter" || w == "quarters") return 91;
    return 0;
  };
  const int per = days_per(unit);
  if (k == 0 || k > 6 || per == 0 || !grid) {
    if (grid || k == 0 || per == 0)
      error_at(diag, n, path,
               "expected a lead time in periods of the calendar (an integer, e.g. 2) or with a unit of days, weeks or "
               "quarters (e.g. 14d, 2w, 1q), got \"" +
                   text + "\"");
    return std::nullopt;
  }
  const int days = std::stoi(text.substr(0, k)) * per;
  const int period_days = grid->grain() == Granularity::kDay ? 1 : grid->grain() == Granularity::kWeek ? 7 : 91;
  const int periods = (days + period_days - 1) / period_days;
  if (periods > 520) {
    error_at(diag, n, path,
             "a lead time of \"" + text + "\" is " + std::to_string(periods) + " periods, more than 520");
    return std::nullopt;
  }
  return periods;
}

}  // namespace opticplan
