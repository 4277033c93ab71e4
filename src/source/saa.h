// The sample-average approximation of a sourcing problem as one LP (CLP): the first stage
// (reservations per offer and period, agreement sizes and signatures, qualifications) shared by
// `futures` sampled futures, each with its own second stage (spot buys, inventory, backlog, the
// cluster's live share), and the CVaR of cost by Rockafellar and Uryasev's construction: a free
// value-at-risk column and one excess column per future. Signatures and qualifications are the
// binaries; they are columns in [0, 1] that fix() pins. Internal to the sourcing engine.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "opticplan/source/sourcing.h"

namespace opticplan::source::detail {

class Saa {
 public:
  // cancel (may be null) stops a solve within an iteration once set: solve() then returns false.
  Saa(const Problem& p, int futures, const std::atomic<bool>* cancel = nullptr);
  ~Saa();
  Saa(const Saa&) = delete;
  Saa& operator=(const Saa&) = delete;

  void set_weight(double cvar_weight);
  // The binaries: every unqualified offer's qualification, then every agreement's signature.
  size_t binaries() const;
  double binary_value(size_t b) const;
  void fix(size_t b, std::optional<bool> value);  // nullopt: free in [0, 1]
  bool solve();                                   // false when CLP found no optimum
  double objective() const;                       // expected cost + weight x CVaR, in sample
  double expected_cost() const;                   // in sample
  Decision decision() const;                      // whole units, binaries rounded
  int rows() const;
  int columns() const;

 private:
  struct Model;
  std::unique_ptr<Model> m_;
};

}  // namespace opticplan::source::detail
