// Writers for a supply plan (supply/plan.h): a text report (KPIs, orders, why each late or short
// order is late and what would fix it, bottleneck ranking, line and supplier loads), CSV of the
// orders, and JSON with the stable schema "opticplan.plan" version 1 (docs/schemas/plan.schema.json).
#pragma once

#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>

#include "opticplan/results/json_writer.h"
#include "opticplan/supply/diff.h"
#include "opticplan/supply/model.h"
#include "opticplan/supply/objective.h"
#include "opticplan/supply/plan.h"

namespace opticplan {
struct Scenario;
}

namespace opticplan::results {

std::string constraint_name(const supply::Model& m, supply::Constraint c);  // "eml-100g supply", "line align-a"
std::string plan_text(const supply::Model& m, const supply::Plan& p);
std::string plan_csv(const supply::Model& m, const supply::Plan& p);
nlohmann::ordered_json plan_json(const supply::Model& m, const supply::Plan& p);
// The keys of plan_json(m, p), written into an open object of `w` byte for byte as plan_json's
// dump(2) prints them, each order written as it is reached: a 100,000-order plan's JSON is about
// 90 MB of text and 250 MB as an ordered_json, which this never holds.
void write_plan_json(JsonWriter& w, const supply::Model& m, const supply::Plan& p);
// The whole `plan --json` result (plan_json, the comparison when given, add_provenance's keys) as
// dump(2) prints it, and a newline (or, kCompact, as dump() prints it: what the service stores),
// each order written as it is reached (provenance.cpp).
void write_plan_result(std::ostream& out, const Scenario& sc, const supply::Plan& p,
                       const supply::PlanComparison* comparison, JsonLayout layout = JsonLayout::kIndented);

// A quote (or a commit) of one new order on a committed plan: its schedule and why not earlier.
// JSON schema "opticplan.quote" version 1 (docs/schemas/quote.schema.json).
std::string quote_text(const supply::Model& m, const supply::Order& o, const supply::OrderPlan& op, bool committed);
nlohmann::ordered_json quote_json(const supply::Model& m, const supply::Order& o, const supply::OrderPlan& op,
                                  bool committed);

// Two plans side by side (`opticplan compare`): JSON schema "opticplan.compare" version 1.
std::string diff_text(const supply::Model& base, const supply::Model& other, const supply::PlanDiff& d);
nlohmann::ordered_json diff_json(const supply::Model& base, const supply::Model& other, const supply::PlanDiff& d);

// The fast planner against the LP optimum (supply/objective.h compare_plans).
std::string comparison_text(const supply::PlanComparison& c);
nlohmann::ordered_json comparison_json(const supply::PlanComparison& c);

}  // namespace opticplan::results
