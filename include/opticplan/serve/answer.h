// Answer: what a service operation returns to the API layer: an HTTP status and a JSON body.
// Errors use one shape everywhere: {"error": {"status", "message", "problems": [located problems]}},
// where a problem carries the file, line, column and field the CLI would print.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "opticplan/core/diagnostics.h"

namespace opticplan::serve {

struct Answer {
  int status = 200;
  nlohmann::ordered_json body;
};

Answer error_answer(int status, const std::string& message);
Answer problems_answer(int status, const std::string& message, const Diagnostics& diag);
nlohmann::ordered_json problems_json(const Diagnostics& diag);
// The warnings of a valid input (an item nobody can make, a lot no period can hold), in the same
// shape as problems, each with "warning": true.
nlohmann::ordered_json warnings_json(const Diagnostics& diag);

}  // namespace opticplan::serve
