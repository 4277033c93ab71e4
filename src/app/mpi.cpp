#include "mpi.h"

#include "progress.h"

#ifdef OPTICPLAN_HAVE_MPI
#include <mpi.h>
#endif

namespace opticplan::app {

#ifdef OPTICPLAN_HAVE_MPI
int run_market_mpi(const supply::Model& model, const market::MarketSpec& spec, int threads, market::MarketResult& out) {
  MPI_Init(nullptr, nullptr);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  market::MarketSimulation sim(model, spec);
  std::vector<double> mine;
  sim.run(rank, size, threads, mine, rank == 0 ? terminal_progress("runs (rank 0)") : market::Progress{});
  const int B = static_cast<int>(sim.block_size());
  std::vector<int> counts(static_cast<size_t>(size)), displs(static_cast<size_t>(size));
  for (int k = 0, at = 0; k < size; ++k) {
    const int runs = spec.runs > k ? (spec.runs - k + size - 1) / size : 0;
    counts[static_cast<size_t>(k)] = runs * B;
    displs[static_cast<size_t>(k)] = at;
    at += runs * B;
  }
  std::vector<double> gathered(rank == 0 ? static_cast<size_t>(spec.runs) * static_cast<size_t>(B) : 0);
  MPI_Gatherv(mine.data(), static_cast<int>(mine.size()), MPI_DOUBLE, gathered.data(), counts.data(), displs.data(),
              MPI_DOUBLE, 0, MPI_COMM_WORLD);
  if (rank == 0) {
    std::vector<double> all(gathered.size());
    for (int r = 0; r < spec.runs; ++r) {  // run r is block r / size of rank r % size
      const size_t from = static_cast<size_t>(displs[static_cast<size_t>(r % size)]) +
                          static_cast<size_t>(r / size) * static_cast<size_t>(B);
      std::copy_n(gathered.begin() + static_cast<std::ptrdiff_t>(from), B,
                  all.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(r) * static_cast<size_t>(B)));
    }
    out = sim.reduce(all);
  }
  MPI_Finalize();
  return rank;
}

int with_mpi(const std::function<void(int rank, int processes, const AllReduce& sum)>& work) {
  MPI_Init(nullptr, nullptr);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const AllReduce sum = [](std::vector<double>& values) {
    MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  };
  work(rank, size, sum);
  MPI_Finalize();
  return rank;
}
#else
int run_market_mpi(const supply::Model&, const market::MarketSpec&, int, market::MarketResult&) { return -1; }
int with_mpi(const std::function<void(int, int, const AllReduce&)>&) { return -1; }
#endif

}  // namespace opticplan::app
