// The market simulation spread over MPI ranks: rank k runs k, k + N, k + 2N, ... (each on the
// given threads); rank 0 gathers every run's figures, puts them back in run order and reduces
// them, so the result is the same as one process's (runs draw from their own generators).
#pragma once

#include "opticplan/market/market.h"

namespace opticplan::app {

// Returns this process's rank (the result is filled on rank 0 only), or -1 when this build has
// no MPI.
int run_market_mpi(const supply::Model& model, const market::MarketSpec& spec, int threads, market::MarketResult& out);

}  // namespace opticplan::app
