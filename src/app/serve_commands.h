// The service's subcommands: `serve` and `token create` (registered by Commands::add_to).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "commands.h"

namespace opticplan::app {

void add_serve_commands(CLI::App& app, std::function<int()>& chosen);

}  // namespace opticplan::app
