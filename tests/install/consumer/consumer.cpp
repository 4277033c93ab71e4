// A C++ user's program against an installed opticplan: loads a scenario (the shipped default, found
// through the installed data folder) and plans it through the run facade; prints the fill rate.
#include <iostream>

#include "opticplan/run/run.h"
#include "opticplan/scenario/scenario.h"

int main(int argc, char** argv) {
  using namespace opticplan;
  Diagnostics diag;
  const std::string path = argc > 1 ? argv[1] : data_dir() + "/scenarios/default.yaml";
  const Scenario sc = load_scenario(path, LoadOptions{true, {}}, diag);
  if (!diag.ok()) {
    std::cerr << diag.str();
    return 2;
  }
  auto planned = run::plan(sc);
  if (!planned) {
    std::cerr << planned.error() << "\n";
    return 1;
  }
  std::cout << "orders " << planned->plan.orders.size() << ", fill rate " << planned->plan.kpis.fill_rate << "\n";
  return 0;
}
