#include "opticplan/serve/promise_desk.h"

#include "opticplan/serve/order_request.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "opticplan/doc/document.h"
#include "opticplan/doc/reader.h"
#include "opticplan/results/plan_results.h"
#include "opticplan/scenario/read_supply.h"
#include "opticplan/serve/stored_scenario.h"
#include "opticplan/supply/planner.h"

namespace opticplan::serve {

using nlohmann::ordered_json;

struct PromiseDesk::Book {
  std::mutex mu;
  bool loaded = false;
  int64_t revision = -1;
  int version = 0;
  std::unique_ptr<Scenario> sc;
  std::unique_ptr<supply::FastPlanner> planner;    // null when the scenario cannot be promised on
  Diagnostics problems;                            // why not
  std::map<std::string, ordered_json> planned;     // committed order -> its deliveries in this plan
  std::map<std::string, std::string> not_planned;  // committed order -> why it is not in this plan
  std::map<std::string, std::string> broken;       // committed order -> how today's plan breaks its promise
};

namespace {

const char* kRequest = "request.json";

ordered_json deliveries_json(const supply::Model& m, const supply::OrderPlan& op) {
  ordered_json out = ordered_json::array();
  for (const auto& d : op.deliveries)
    out.push_back({{"period", m.grid.label(d.period)}, {"item", m.items[d.item].id}, {"quantity", d.qty}});
  return out;
}

// The first period by which the new schedule delivers less than the promise did, or -1.
int broken_promise(const std::vector<std::pair<int, int64_t>>& promise, const supply::OrderPlan& op, int64_t& promised,
                   int64_t& delivered) {
  std::vector<int> periods;
  periods.reserve(promise.size());
  for (const auto& [p, _] : promise) periods.push_back(p);
  std::sort(periods.begin(), periods.end());
  for (const int p : periods) {
    promised = delivered = 0;
    for (const auto& [q, units] : promise)
      if (q <= p) promised += units;
    for (const auto& d : op.deliveries)
      if (d.period <= p) delivered += d.qty;
    if (delivered < promised) return p;
  }
  return -1;
}

}  // namespace

PromiseDesk::PromiseDesk(Store& store) : store_(store), warmer_([this] { warm_loop(); }) {}

PromiseDesk::~PromiseDesk() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_planning_ = true;
  warm_cv_.notify_all();
  warmer_.join();
}

std::shared_ptr<PromiseDesk::Book> PromiseDesk::book(const std::string& scenario) {
  std::lock_guard lock(mu_);
  auto& b = books_[scenario];
  if (!b) b = std::make_shared<Book>();
  return b;
}

void PromiseDesk::invalidate(const std::string& scenario) {
  std::lock_guard lock(mu_);
  books_.erase(scenario);
}

namespace {

// How a committed order's schedule in today's plan falls short of what it was promised (by a
// promised period, fewer units in all), or empty when the promise holds. Promised periods are
// labels; one that is no longer in the calendar counts as broken.
std::string promise_shortfall(const supply::Model& m, const std::string& promised_json, const supply::OrderPlan& op) {
  const ordered_json promised = ordered_json::parse(promised_json, nullptr, false);
  if (!promised.is_array()) return {};
  std::vector<std::pair<int, int64_t>> promise;
  for (const auto& d : promised) {
    if (!d.is_object() || !d.contains("period") || !d.contains("quantity")) continue;
    const std::string label = d["period"].is_string() ? d["period"].get<std::string>() : "";
    const auto p = parse_period(label);
    const int i = p ? m.grid.index(p->start) : -1;
    if (i < 0 || i >= m.grid.count()) return "its promised period " + label + " is no longer in the calendar";
    promise.emplace_back(i, d["quantity"].is_number_integer() ? d["quantity"].get<int64_t>() : 0);
  }
  int64_t want = 0, got = 0;
  if (const int p = broken_promise(promise, op, want, got); p >= 0)
    return "by " + m.grid.label(p) + " it now gets " + std::to_string(got) + " of the " + std::to_string(want) +
           " units promised";
  return {};
}

// (Re)plans a book: the version's orders, then the live commitments in commit order; a commitment
// whose schedule now falls short of its promise is listed in `broken`.
template <class BookT>
void rebuild(BookT& b, const std::string& scenario, const ScenarioVersion& v, const std::vector<Commitment>& cs,
             int64_t revision, const std::atomic<bool>* cancel = nullptr) {
  b.planner.reset();
  b.planned.clear();
  b.not_planned.clear();
  b.broken.clear();
  b.problems = Diagnostics();
  b.sc = std::make_unique<Scenario>(load_stored_scenario(scenario, v.format, v.text, b.problems));
  if (b.problems.ok() && !b.sc->supply)
    b.problems.error(Location{scenario, 0, 0}, "supply", "the scenario has no supply: section to promise against");
  if (b.problems.ok()) {
    b.planner = std::make_unique<supply::FastPlanner>(*b.sc->supply, supply::HeuristicOptions{.cancel = cancel});
    b.planner->plan();
    if (cancel != nullptr && cancel->load()) return;  // partial: left unloaded
    for (const auto& c : cs) {
      if (c.released) continue;
      Diagnostics d;
      auto req = parse_order_request(c.request, "commitment-" + c.id + ".json", *b.sc, d);
      if (!req) {
        b.not_planned[c.id] = d.str();
        continue;
      }
      req->order.id = c.id;
      const supply::OrderPlan op = b.planner->commit(req->order);
      b.planned[c.id] = deliveries_json(*b.sc->supply, op);
      if (std::string why = promise_shortfall(*b.sc->supply, c.deliveries, op); !why.empty())
        b.broken[c.id] = std::move(why);
    }
  }
  b.revision = revision;
  b.version = v.version;
  b.loaded = true;
}

// Builds the book from the scenario's latest stored version unless it is built: false when the
// scenario (or its version) is gone.
template <class BookT>
bool ensure_loaded(BookT& b, Store& store, const std::string& scenario, const std::atomic<bool>* cancel = nullptr) {
  if (b.loaded) return true;
  const auto row = store.scenario(scenario);
  const auto v = row ? store.version(scenario, row->latest) : std::nullopt;
  if (!v) return false;
  rebuild(b, scenario, *v, store.commitments(scenario), row->revision, cancel);
  return true;
}

Answer not_found(const std::string& scenario) { return error_answer(404, "no scenario \"" + scenario + "\""); }

}  // namespace

void PromiseDesk::warm(const std::string& scenario) {
  {
    std::lock_guard lock(mu_);
    if (std::find(to_warm_.begin(), to_warm_.end(), scenario) == to_warm_.end()) to_warm_.push_back(scenario);
  }
  warm_cv_.notify_one();
}

void PromiseDesk::warm_loop() {
  for (;;) {
    std::string scenario;
    {
      std::unique_lock lock(mu_);
      warm_cv_.wait(lock, [&] { return stopping_ || !to_warm_.empty(); });
      if (stopping_) return;
      scenario = std::move(to_warm_.front());
      to_warm_.pop_front();
    }
    try {
      auto b = book(scenario);
      std::lock_guard lock(b->mu);
      if (b->loaded || !ensure_loaded(*b, store_, scenario, &stop_planning_)) continue;
      return_free_memory();  // the scenario's text and the reader's tree, on this thread's arena
    } catch (const std::exception&) {
      // The store failed: the first quote builds the plan, and reports the failure.
    }
  }
}

std::string PromiseDesk::readiness(const std::string& scenario) {
  std::shared_ptr<Book> b;
  {
    std::lock_guard lock(mu_);
    const auto it = books_.find(scenario);
    if (it == books_.end())
      return std::find(to_warm_.begin(), to_warm_.end(), scenario) != to_warm_.end() ? "preparing" : "on first use";
    b = it->second;
  }
  std::unique_lock lock(b->mu, std::try_to_lock);
  if (!lock.owns_lock()) return "preparing";
  return b->loaded ? "ready" : "on first use";
}

Answer PromiseDesk::quote(const std::string& scenario, const std::string& request_json) {
  auto b = book(scenario);
  std::lock_guard lock(b->mu);
  if (!ensure_loaded(*b, store_, scenario)) return not_found(scenario);
  if (!b->planner) return problems_answer(422, "this scenario cannot be promised on", b->problems);
  const auto start = std::chrono::steady_clock::now();
  Diagnostics diag;
  auto req = parse_order_request(request_json, kRequest, *b->sc, diag);
  if (!req) return problems_answer(422, "invalid quote request", diag);
  const supply::OrderPlan op = b->planner->quote(req->order);
  ordered_json j = results::quote_json(*b->sc->supply, req->order, op, false);
  j["revision"] = b->revision;
  // Server time for reading and planning the order (a measurement for the caller, not a result).
  j["elapsed_us"] =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
  j["promise"] = deliveries_json(*b->sc->supply, op);
  return Answer{200, std::move(j)};
}

Answer PromiseDesk::commit(const std::string& scenario, const std::string& request_json) {
  auto b = book(scenario);
  std::lock_guard lock(b->mu);
  std::optional<Answer> answer;
  std::optional<supply::Order> kept;
  const bool found = store_.write_transaction(scenario, [&](Store::Tx& tx, int64_t revision) {
    if (!b->loaded || b->revision != revision) {
      const auto v = tx.latest();
      if (!v) return false;
      rebuild(*b, scenario, *v, tx.commitments(), revision);
    }
    if (!b->planner) {
      answer = problems_answer(422, "this scenario cannot be promised on", b->problems);
      return false;
    }
    Diagnostics diag;
    auto req = parse_order_request(request_json, kRequest, *b->sc, diag);
    if (!req) {
      answer = problems_answer(422, "invalid commit request", diag);
      return false;
    }
    const int64_t seq = tx.next_seq();
    if (!req->has_id) req->order.id = "c-" + std::to_string(seq);
    if (tx.commitment(req->order.id)) {
      answer = error_answer(409, "an order \"" + req->order.id + "\" is already committed on this scenario");
      return false;
    }
    const supply::Model& m = *b->sc->supply;
    const supply::OrderPlan op = b->planner->quote(req->order);
    int64_t promised = 0, delivered = 0;
    if (op.delivered == 0) {
      answer = error_answer(409, "nothing of this order can be delivered within its allowed lateness: not committed");
      (*answer).body["error"]["quote"] = results::quote_json(m, req->order, op, false);
      return false;
    }
    if (const int p = broken_promise(req->promise, op, promised, delivered); p >= 0) {
      answer = error_answer(409, "the promise can no longer be met: by " + m.grid.label(p) + " only " +
                                     std::to_string(delivered) + " of the " + std::to_string(promised) +
                                     " promised units (capacity was committed to another order); quote again");
      (*answer).body["error"]["quote"] = results::quote_json(m, req->order, op, false);
      return false;
    }
    req->normalized["id"] = req->order.id;
    const ordered_json deliveries = deliveries_json(m, op);
    tx.insert_commitment(Commitment{scenario, req->order.id, seq,
                                    req->normalized.dump(-1, ' ', false, ordered_json::error_handler_t::replace),
                                    deliveries.dump(), false});
    ordered_json j = results::quote_json(m, req->order, op, true);
    j["revision"] = revision + 1;
    j["seq"] = seq;
    j["promise"] = deliveries;
    answer = Answer{201, std::move(j)};
    kept = req->order;
    return true;
  });
  if (!found) return not_found(scenario);
  if (kept) {  // durable: now keep it in the book (planning it again gives the same schedule)
    const supply::OrderPlan op = b->planner->commit(*kept);
    b->planned[kept->id] = deliveries_json(*b->sc->supply, op);
    b->revision += 1;
  }
  return *answer;
}

Answer PromiseDesk::release(const std::string& scenario, const std::string& order_id) {
  auto b = book(scenario);
  std::lock_guard lock(b->mu);
  std::optional<Answer> answer;
  const bool found = store_.write_transaction(scenario, [&](Store::Tx& tx, int64_t) {
    auto c = tx.commitment(order_id);
    if (!c) {
      answer = error_answer(404, "no committed order \"" + order_id + "\" on scenario \"" + scenario + "\"");
      return false;
    }
    if (c->released) {
      answer = error_answer(409, "order \"" + order_id + "\" was already released");
      return false;
    }
    tx.release_commitment(order_id);
    answer = Answer{200,
                    {{"id", c->id},
                     {"seq", c->seq},
                     {"request", ordered_json::parse(c->request, nullptr, false)},
                     {"deliveries", ordered_json::parse(c->deliveries, nullptr, false)},
                     {"status", "released"},
                     {"released", true}}};
    return true;
  });
  if (!found) return not_found(scenario);
  b->loaded = false;  // its supply and capacity go back: plan again on next use
  return *answer;
}

std::vector<std::pair<std::string, std::string>> PromiseDesk::broken_by(const std::string& scenario,
                                                                        const std::string& format,
                                                                        const std::string& text) {
  const auto cs = store_.commitments(scenario);
  if (std::none_of(cs.begin(), cs.end(), [](const Commitment& c) { return !c.released; })) return {};
  Book trial;
  ScenarioVersion v;
  v.format = format;
  v.text = text;
  rebuild(trial, scenario, v, cs, -1);
  std::vector<std::pair<std::string, std::string>> out(trial.broken.begin(), trial.broken.end());
  for (const auto& [id, why] : trial.not_planned) out.emplace_back(id, "it cannot be planned: " + why);
  for (const auto& c : cs)
    if (!c.released && !trial.planner) out.emplace_back(c.id, "the version cannot be promised on");
  return out;
}

Answer PromiseDesk::orders(const std::string& scenario) {
  auto b = book(scenario);
  std::lock_guard lock(b->mu);
  const auto row = store_.scenario(scenario);
  if (!row) return not_found(scenario);
  const auto cs = store_.commitments(scenario);
  if (!b->loaded || b->revision != row->revision) {
    const auto v = store_.version(scenario, row->latest);
    if (!v) return not_found(scenario);
    rebuild(*b, scenario, *v, cs, row->revision);
  }
  ordered_json list = ordered_json::array();
  for (const auto& c : cs) {
    ordered_json o = {{"id", c.id},
                      {"seq", c.seq},
                      {"request", ordered_json::parse(c.request, nullptr, false)},
                      {"deliveries", ordered_json::parse(c.deliveries, nullptr, false)},
                      {"released", c.released}};
    if (c.released) {
      o["status"] = "released";
    } else if (auto it = b->planned.find(c.id); it != b->planned.end()) {
      const auto broken = b->broken.find(c.id);
      o["status"] = broken == b->broken.end() ? "planned" : "broken";
      if (broken != b->broken.end()) o["reason"] = broken->second;  // a forced version broke its promise
      o["planned"] = it->second;  // its deliveries in the current plan (a new version may move them)
    } else {
      o["status"] = "not in the plan";
      auto why = b->not_planned.find(c.id);
      o["reason"] = why != b->not_planned.end() ? why->second : b->problems.str();
    }
    list.push_back(std::move(o));
  }
  return Answer{
      200, {{"scenario", scenario}, {"version", b->version}, {"revision", b->revision}, {"orders", std::move(list)}}};
}

}  // namespace opticplan::serve
