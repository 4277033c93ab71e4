// The opticplan command line: a thin shell over the library. It parses flags, loads input through
// the scenario loader, calls the run facade (run/run.h) and writes the run it returns. Exit codes:
// 0 success, 2 bad input (every problem listed on stderr, located), 1 internal failure.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "commands.h"
#include "opticplan/doc/reader.h"

int main(int argc, char** argv) {
  using namespace opticplan::app;
  auto logger = spdlog::stderr_color_mt("opticplan");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%^%l%$: %v");
  spdlog::set_level(spdlog::level::warn);
  try {
    CLI::App app{
        "opticplan: optics planning for AI data centres (catalog, selection, fabrics, links, supply, markets)"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "opticplan 0.1.0");
    bool verbose = false;
    app.add_flag("-v,--verbose", verbose, "Log what is loaded and computed (to stderr)");
    Commands commands;
    commands.add_to(app);
    // A mistyped command would otherwise read as "a subcommand is required".
    if (argc > 1 && argv[1][0] != '-') {
      std::vector<std::string> names;
      for (const auto* sub : app.get_subcommands({})) names.push_back(sub->get_name());
      if (std::find(names.begin(), names.end(), argv[1]) == names.end()) {
        std::cerr << "error: unknown command \"" << argv[1] << "\"" << opticplan::did_you_mean(argv[1], names)
                  << "; commands: ";
        for (size_t i = 0; i < names.size(); ++i) std::cerr << (i ? ", " : "") << names[i];
        std::cerr << "\n";
        return kExitBadInput;
      }
    }
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      if (e.get_exit_code() == 0) return app.exit(e);
      std::cerr << "error: " << e.what() << "\n";
      std::cerr << "run `opticplan --help` (or `opticplan COMMAND --help`) for usage\n";
      return kExitBadInput;
    }
    if (verbose) spdlog::set_level(spdlog::level::debug);
    return commands.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "internal error: %s\n", e.what());
    return kExitInternal;
  } catch (...) {
    std::fprintf(stderr, "internal error\n");
    return kExitInternal;
  }
}
