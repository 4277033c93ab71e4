// The sample-average approximation of a sourcing problem, an LP (CLP): the first stage
// (reservations per offer and period, agreement sizes and signatures, qualifications) shared by
// `futures` sampled futures, each with its own second stage (spot buys, inventory, backlog, the
// cluster's live share), and the CVaR of cost by Rockafellar and Uryasev's construction: a free
// value-at-risk column and one excess column per future. Signatures and qualifications are the
// binaries; they are columns in [0, 1] that fix() pins. Internal to the sourcing engine.
//
// At weight 0 without a cluster nothing couples one item's part of the LP to another's (the
// objective is a sum over items; a supplier's capacity is per offer), so the LP is solved as one
// LP per item, and a pin re-solves only the part that holds it: exact, and much faster than the
// whole LP (the qualification values pin one binary at a time).
//
// A CVaR weight couples the items through each future's total cost. Without a cluster it is solved
// by cuts (an L-shaped method): a master LP holds the first stage, the CVaR rows and one column per
// future and item standing for that item's second stage there; the master's first stage is
// evaluated in copies of the parts with it fixed, and each item's duals give a cut per future. The
// cuts stay valid at every weight and pin, so each later solve starts from all of them. Exact: it
// stops when the master's bound meets the objective evaluated (tests hold it to the whole LP). A
// cluster, which goes live on its last item, needs the whole LP, built the first time it is. The
// CVaR rows (of the master or the whole LP) are added as the optimum breaks them, from twice the
// tail's size: a row is dense (every reservation, priced by the future's arrivals) and most
// futures never reach the tail (the optimum is the same: no row left out is broken).
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <utility>
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

  // Threads that solve the per-item parts side by side (each part is its own LP, solved the same
  // way whatever the count). 1 unless set.
  void set_threads(int threads);
  // false: a positive weight solves the whole LP rather than by cuts (the reference the tests hold
  // the decomposition to). True unless set.
  void set_decomposed(bool on);
  void set_weight(double cvar_weight);
  // The binaries: every unqualified offer's qualification, then every agreement's signature.
  size_t binaries() const;
  double binary_value(size_t b) const;
  void fix(size_t b, std::optional<bool> value);  // nullopt: free in [0, 1]; applied by solve()
  bool solve();                                   // false when CLP found no optimum
  // The decisions with one binary pinned each, flips[k] = {binary, value}, the other pins applied,
  // leaving the SAA as it was (solved with the pins it had); nullopt where CLP found no optimum.
  // At weight 0 each is solved in a copy of the part that holds its binary, side by side, so that
  // putting the pin back costs no second solve.
  std::vector<std::optional<Decision>> decisions_with(const std::vector<std::pair<size_t, bool>>& flips);
  double objective() const;      // expected cost + weight x CVaR, in sample
  double expected_cost() const;  // in sample
  // The CVaR at the problem's level of the in-sample futures' costs under the current solution,
  // from every future's cost (0 until a positive weight or a cluster was solved).
  double cvar() const;
  Decision decision() const;  // whole units, binaries rounded
  int rows() const;           // of the whole LP, CVaR rows included
  int columns() const;

 private:
  struct Model;
  Model& whole();
  std::vector<Model*> active() const;  // the LPs the current weight solves
  Decision decision_of(const std::vector<Model*>& models) const;
  void apply_pins(Model& m) const;  // marks it changed where a pin did
  bool decomposed() const;          // a positive weight without a cluster: solved by cuts
  Model& master();
  bool solve_decomposed();
  // Evaluates the master's first stage x in copies of the parts, q_ its second stages' costs, and
  // adds to the master the cuts it breaks. Returns how many, -1 when CLP found no optimum.
  int evaluate(const double* x);

  const Problem& p_;
  const std::atomic<bool>* cancel_;
  std::vector<std::vector<std::vector<double>>> avail_;      // [future][offer][period]
  std::vector<std::unique_ptr<Model>> parts_;                // one per item (no cluster): weight 0
  std::unique_ptr<Model> whole_;                             // built when first needed
  std::unique_ptr<Model> master_;                            // decomposed: built when first needed
  std::vector<std::unique_ptr<Model>> evals_;                // [item] a copy of the part, first stage fixed
  std::vector<std::vector<int>> master_first_, part_first_;  // [item] first-stage columns, same order
  std::vector<std::vector<double>> q_;                       // [future][item] at the master's solution
  std::vector<std::optional<bool>> pins_;
  double weight_ = 0;
  int threads_ = 1;
  bool decompose_ = true;
  int rows_ = 0, columns_ = 0;
};

}  // namespace opticplan::source::detail
