#include "progress.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>

namespace opticplan::app {

market::Progress terminal_progress(std::string what) {
  if (!isatty(STDERR_FILENO)) return {};
  using Clock = std::chrono::steady_clock;
  struct State {
    std::mutex mu;
    Clock::time_point start = Clock::now(), last{};
    bool drawn = false;
  };
  auto st = std::make_shared<State>();
  return [st, what = std::move(what)](int done, int total) {
    std::lock_guard lock(st->mu);
    const auto now = Clock::now();
    if (done >= total) {
      if (st->drawn) std::fprintf(stderr, "\r\033[K");
      st->drawn = false;
      return;
    }
    // Nothing for short runs, and no rate before there is one worth showing.
    if (now - st->start < std::chrono::milliseconds(500) || now - st->last < std::chrono::milliseconds(200)) return;
    st->last = now;
    const double secs = std::chrono::duration<double>(now - st->start).count();
    const double rate = secs > 0 ? done / secs : 0;
    const double left = rate > 0 ? (total - done) / rate : 0;
    std::fprintf(stderr, "\r\033[K  %s %d / %d  %.0f/s  %.0f s left", what.c_str(), done, total, rate, left);
    st->drawn = true;
  };
}

}  // namespace opticplan::app
