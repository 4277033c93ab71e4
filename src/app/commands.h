// The CLI's subcommands: each registers its flags on a CLI11 app and, when chosen, runs.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <functional>
#include <string>
#include <vector>

namespace opticplan::app {

constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitBadInput = 2;

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

class Commands {
 public:
  void add_to(CLI::App& app);
  int run();

 private:
  std::function<int()> chosen_;
};

}  // namespace opticplan::app
