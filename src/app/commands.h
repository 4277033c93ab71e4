// The CLI's subcommands: each registers its flags on a CLI11 app and, when chosen, runs.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace opticplan::app {

constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitBadInput = 2;

// How results are written: a table for people, JSON or CSV for machines.
struct Output {
  bool json = false;
  bool csv = false;
  void add_flags(CLI::App* cmd, bool csv_allowed);
};

class Commands {
 public:
  void add_to(CLI::App& app);
  int run();

 private:
  std::function<int()> chosen_;
};

}  // namespace opticplan::app
