// work(k) for every k < count, on up to `threads` threads (the caller's among them), each k taken
// by the next free thread. The work must not depend on which thread runs it, so that results
// depend on no thread count. Internal to the sourcing engine.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace opticplan::source::detail {

template <class Work>
void side_by_side(size_t count, int threads, const Work& work) {
  std::atomic<size_t> next{0};
  const auto run = [&] {
    for (size_t k = next++; k < count; k = next++) work(k);
  };
  std::vector<std::thread> pool;
  const size_t extra = std::min(count, static_cast<size_t>(std::max(1, threads))) - (count > 0 ? 1 : 0);
  pool.reserve(extra);
  for (size_t t = 0; t < extra; ++t) pool.emplace_back(run);
  run();
  for (auto& t : pool) t.join();
}

}  // namespace opticplan::source::detail
