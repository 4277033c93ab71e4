// Progress of long runs on a terminal: runs done, rate and time left, redrawn in place on stderr
// at most five times a second, from half a second on. Quiet (an empty callback) when stderr is not
// a terminal, so that logs and pipes see nothing of it; results never depend on it.
#pragma once

#include <string>

#include "opticplan/market/market.h"

namespace opticplan::app {

market::Progress terminal_progress(std::string what);

}  // namespace opticplan::app
