// OrderRequest: a quote or commit request (JSON), read against a scenario's supply model.
//
// Its fields are those of a scenario's orders: entry (customer, item or requirement, quantity,
// due, priority, max_lateness...), plus `whole` (the order may not be split; `partial` is refused
// to keep one spelling), an optional `id`, and for a commit the `promise` it was quoted: a list of
// {period, item, quantity}. It is read by the scenario readers, so a bad field is located as in a
// file ("request.json:1:42: error: quantity: ..."). Stored commitments are read back the same way.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "opticplan/scenario/scenario.h"

namespace opticplan::serve {

// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json's own noexcept members, not this type's
struct OrderRequest {
  supply::Order order;                           // id "quote" unless the request names one
  nlohmann::ordered_json normalized;             // the request without its promise (what is stored)
  std::vector<std::pair<int, int64_t>> promise;  // (period, units) as quoted
  bool has_id = false;
};

// `sc` must have a supply section. Problems go to `diag` (named `display`).
std::optional<OrderRequest> parse_order_request(const std::string& text, const std::string& display, const Scenario& sc,
                                                Diagnostics& diag);

}  // namespace opticplan::serve
