// Work spread over MPI ranks (OpenMPI), with the same result as one process's:
// - the market simulation: rank k runs k, k + N, k + 2N, ... (each on the given threads); rank 0
//   gathers every run's figures, puts them back in run order and reduces them (runs draw from
//   their own generators);
// - a sourcing decision: every rank solves the same SAA (deterministic) and evaluates its share of
//   the futures; an all-reduce gives every rank all of them (source::Control).
#pragma once

#include <functional>
#include <vector>

#include "opticplan/market/market.h"

namespace opticplan::app {

// Returns this process's rank (the result is filled on rank 0 only), or -1 when this build has
// no MPI.
int run_market_mpi(const supply::Model& model, const market::MarketSpec& spec, int threads, market::MarketResult& out);

// Calls `work` between MPI_Init and MPI_Finalize with this process's rank, the number of ranks and
// an all-reduce (element-wise sum) of doubles over them. Returns the rank, or -1 when this build
// has no MPI (work is then not called).
using AllReduce = std::function<void(std::vector<double>&)>;
int with_mpi(const std::function<void(int rank, int processes, const AllReduce& sum)>& work);

}  // namespace opticplan::app
