// What every CLI command shares: loading a scenario with the catalog flags, printing located
// problems and a run's failure, and writing a run as text, CSV, JSON and reports.
//
// A command is parse -> load -> run:: -> write. Exit codes are exit_code(Code) (core/status.h):
// 0 success, 2 bad input (every problem listed on stderr, located), 1 internal failure. A run's
// failure prints as it always did: a section the file lacks is a problem located at the file
// ("plan.yaml: error: supply: the file has no supply: section"); any other failure is one line,
// "error: MESSAGE" (report_failure). `link check` and `run` word theirs their own way (see there).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "opticplan/core/diagnostics.h"
#include "opticplan/core/result.h"
#include "opticplan/core/status.h"
#include "opticplan/scenario/scenario.h"

namespace opticplan::app {

constexpr int kExitOk = exit_code(Code::kOk);
constexpr int kExitInternal = exit_code(Code::kInternal);
constexpr int kExitBadInput = exit_code(Code::kBadInput);
// `link check` only: the input was good and every result was written, but a checked link or route
// fails (network teams' pipelines script it; README "Exit codes").
constexpr int kExitLinkFails = 3;

// What the chosen subcommand will run, set by its CLI11 callback once parsing succeeds.
using Chosen = std::function<int()>;

// How results are written: a table for people, JSON or CSV for machines; and, for the commands
// with a report, an HTML report, an XLSX workbook and CSV tables made from the same JSON.
struct Output {
  bool json = false;
  bool csv = false;
  std::string report, xlsx, csv_dir;
  void add_flags(CLI::App* cmd, bool csv_allowed);
  void add_report_flags(CLI::App* cmd);
  bool reports() const { return !report.empty() || !xlsx.empty() || !csv_dir.empty(); }
  // Writes the reports asked for from the JSON `make` builds (only called when one is asked for).
  int write_reports(const std::function<nlohmann::ordered_json()>& make) const;
};

// A result built at most once, for the report writers and --json alike (building one scans the
// whole result for its sources).
class Once {
 public:
  explicit Once(std::function<nlohmann::ordered_json()> build) : build_(std::move(build)) {}
  const nlohmann::ordered_json& operator()() const {
    if (!value_) value_ = build_();
    return *value_;
  }

 private:
  std::function<nlohmann::ordered_json()> build_;
  mutable std::optional<nlohmann::ordered_json> value_;
};

// Flags shared by the commands that load a catalog.
struct CatalogFlags {
  std::vector<std::string> files;
  bool no_shipped = false;
  void add(CLI::App* cmd);
  LoadOptions options() const { return LoadOptions{!no_shipped, files}; }
};

// Loads a scenario (or, for "", the catalog alone) and lints its catalog when it loaded cleanly.
Scenario load(const std::string& path, const CatalogFlags& flags, Diagnostics& diag);

// Prints diagnostics and returns the bad-input exit code, or 0 when there were none.
int report_problems(const Diagnostics& diag);

// A run's failure about a section `file` lacks (the facade sets Error::field only for those), as a
// problem located at the file: "FILE: error: FIELD: SUBJECT MESSAGE", SUBJECT "the file" or "the
// what-if".
void add_missing_section(Diagnostics& diag, const std::string& file, const Error& e,
                         std::string_view subject = "the file");
// "error: MESSAGE", or "error: FIELD: MESSAGE" when `with_field`; returns exit_code(e.code).
int report_error(const Error& e, bool with_field = false);
// A run's failure on `file` as the CLI prints it: a missing section located at the file (above),
// anything else (a design that cannot be built, an LP the solver failed on) as report_error().
// Returns the exit code.
int report_failure(const std::string& file, const Error& e);

// A flag value parsed with a unit parser; on failure, a problem located on the command line.
template <class Q>
bool flag_quantity(const std::string& flag, const std::string& text, Result<Q> (*parse)(std::string_view), Q& out,
                   Diagnostics& diag) {
  auto r = parse(text);
  if (!r) {
    diag.error(Location{"command line", 0, 0}, flag, r.error());
    return false;
  }
  out = *r;
  return true;
}

void print_json(const nlohmann::ordered_json& j);

// Writes a run (run/run.h): the reports asked for, then its JSON, its CSV (for runs that have one)
// or its text on stdout. The JSON is built once, and only when --json or a report asks for it.
template <class Run>
int write_run(const Output& out, const Run& run) {
  const Once json([&] { return run.json(); });
  if (int rc = out.write_reports(std::ref(json))) return rc;
  if (out.json) {
    // A run that writes its JSON as it builds it (a plan: run::PlanRun::write_json) does so, unless
    // a report has built it already: a 100,000-order plan is never held whole.
    if constexpr (requires { run.write_json(std::cout); }) {
      if (!out.reports()) {
        run.write_json(std::cout);
        return kExitOk;
      }
    }
    print_json(json());
    return kExitOk;
  }
  if constexpr (requires { run.csv(); }) {
    if (out.csv) {
      std::cout << run.csv();
      return kExitOk;
    }
  }
  std::cout << run.text();
  return kExitOk;
}

}  // namespace opticplan::app
