// Internal to the report writer: the section builders of each kind of result, one file per kind in
// this folder. Each appends its kind's sections and tables to the model, in page order, and throws
// Malformed when the result lacks a key the kind needs. build_report (report_model.cpp) picks the
// builder from its kind table. Not a public header: src/report/ only.
#pragma once

#include <string_view>

#include "../report_builder.h"

namespace opticplan::report::detail {

void fabric_sections(Builder& b, const J& fabric);  // ends with the cluster's inputs
void fabric_compare_sections(Builder& b, const J& r);
void link_sections(Builder& b, const J& r);
void plan_sections(Builder& b, const J& r);
void market_sections(Builder& b, const J& r);
void market_compare_sections(Builder& b, const J& r);  // each side's inputs and sources included
void select_sections(Builder& b, const J& r);
void quote_sections(Builder& b, const J& r);
void compare_sections(Builder& b, const J& r);
void run_sections(Builder& b, const J& r);
void source_sections(Builder& b, const J& r);
// The figures each kind's report opens with (headline.cpp): at most three, none when the result
// lacks what they read.
std::vector<Headline> headline_of(std::string_view kind,
                                  const J& r);  // throws NothingToReport when the run holds no part

// The "Inputs" and "Sources" sections every report ends with, from a result's scenario_inputs and
// sources (results/provenance.h), and a market's uncertain inputs; each only when the result has it (older JSON).
void provenance_sections(Builder& b, const J& r);

// The top-level keys a kind's sections read, space-separated, from the kind table (report_model.cpp);
// every other key holding an array of objects becomes a table of its own (extra_keys).
std::string_view known_keys(std::string_view kind);

}  // namespace opticplan::report::detail
