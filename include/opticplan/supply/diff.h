// What changed between two plans (a base and a what-if): KPIs, orders moved, groups moved.
//
// Orders and groups are matched by id, so the two plans may come from different models (an
// overlay that adds capacity, orders or agreements). An order "moved" when its completion period,
// its on-time units or its status changed.
#pragma once

#include <string>
#include <vector>

#include "opticplan/supply/model.h"
#include "opticplan/supply/plan.h"

namespace opticplan::supply {

struct OrderChange {
  std::string id;
  int base_complete = -1, other_complete = -1;  // period the order completes, -1 never
  int64_t base_on_time = 0, other_on_time = 0;
  Status base_status = Status::kUnmet, other_status = Status::kUnmet;
  // What the order is (in the base) and how late and how full it arrives in each plan.
  std::string customer;
  int64_t qty = 0;
  int due = 0;  // period index in the base model
  int base_lateness = 0, other_lateness = 0;
  int64_t base_delivered = 0, other_delivered = 0;
};

struct GroupChange {
  std::string id;
  int base_complete = -1, other_complete = -1;
  double base_idle_cost = 0, other_idle_cost = 0;
};

struct PlanDiff {
  Kpis base, other;
  std::vector<OrderChange> moved;  // most periods moved first
  std::vector<std::string> only_base, only_other;
  std::vector<GroupChange> groups;  // every group in both
};

PlanDiff diff_plans(const Model& base_model, const Plan& base, const Model& other_model, const Plan& other);

}  // namespace opticplan::supply
