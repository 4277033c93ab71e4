// PromiseDesk: order promising against each scenario's committed plan: quote, commit, release.
//
// A scenario's committed plan is its latest version's orders planned by the fast planner, then
// every committed (and not released) order in commit order. The desk keeps that plan in memory
// per scenario (a "book"), so a quote is what planning one order costs (microseconds) and needs
// no database read. A commit runs inside a write transaction on the scenario's row: the book is
// first brought up to the stored revision (another server, a new version, a release), then the
// order is planned, checked against the promise it was quoted, stored, and only then kept in the
// book and acknowledged. Two commits on one scenario never interleave (the book's mutex in this
// process, the row lock across processes), so capacity is never promised twice. A release stores
// the release and rebuilds the book. Requests are read by the same readers as scenario files, so
// a bad field is reported as "request.json:1:42: error: quantity: ...".
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "opticplan/serve/answer.h"
#include "opticplan/serve/store.h"

namespace opticplan::serve {

// Thread safety: every public member may be called concurrently; one mutex orders the committed
// plans held in memory, and each decision is made inside the store's write transaction.
class PromiseDesk {
 public:
  explicit PromiseDesk(Store& store);
  ~PromiseDesk();

  Answer quote(const std::string& scenario, const std::string& request_json);   // 200
  Answer commit(const std::string& scenario, const std::string& request_json);  // 201 or 409
  Answer release(const std::string& scenario, const std::string& order_id);     // 200
  Answer orders(const std::string& scenario);                                   // 200

  // The live committed orders whose promise a new version (format, text) would break, with how
  // (its plan falls short by a promised period, or it cannot be planned at all): empty when
  // every promise holds. Read-only: nothing is stored.
  std::vector<std::pair<std::string, std::string>> broken_by(const std::string& scenario, const std::string& format,
                                                             const std::string& text);
  // The scenario changed outside the desk's commits (a new version, deleted): rebuild on next use.
  void invalidate(const std::string& scenario);
  // Builds the scenario's committed plan on the desk's own thread (after a store), so that the
  // first quote finds it ready instead of planning every order first (about 5 s at 100,000 orders;
  // a quote that comes while it is being built waits for it, never builds it twice).
  void warm(const std::string& scenario);
  // "ready" (built), "preparing" (being built or changed right now) or "on first use".
  std::string readiness(const std::string& scenario);

 private:
  struct Book;
  std::shared_ptr<Book> book(const std::string& scenario);
  Store& store_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<Book>> books_;
  void warm_loop();
  std::deque<std::string> to_warm_;  // under mu_
  bool stopping_ = false;            // under mu_
  std::atomic<bool> stop_planning_{false};
  std::condition_variable warm_cv_;
  std::thread warmer_;  // last: it starts once everything above is built
};

}  // namespace opticplan::serve
