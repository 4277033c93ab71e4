// `opticplan validate FILE...`: load each file, list its problems or what it holds.
#include <iostream>
#include <memory>

#include "../commands.h"

namespace opticplan::app {

void add_validate(CLI::App& app, Chosen& chosen) {
  auto* cmd = app.add_subcommand("validate", "Check scenario or catalog files without running them");
  auto files = std::make_shared<std::vector<std::string>>();
  auto flags = std::make_shared<CatalogFlags>();
  cmd->add_option("files", *files, "Scenario or catalog files (YAML or JSON)")->required()->type_name("FILE");
  flags->add(cmd);
  cmd->callback([&chosen, files, flags] {
    chosen = [files, flags] {
      int worst = kExitOk;
      for (const auto& f : *files) {
        Diagnostics diag;
        Scenario sc = load(f, *flags, diag);
        if (int rc = report_problems(diag)) {
          worst = rc;
          continue;
        }
        std::cout << f << ": ok (" << sc.files.size() << " files, " << sc.catalog.entry_count() << " catalog entries, "
                  << sc.selections.size() << (sc.selections.size() == 1 ? " selection, " : " selections, ")
                  << sc.links.size() << (sc.links.size() == 1 ? " link, " : " links, ") << sc.dci.size()
                  << (sc.dci.size() == 1 ? " DCI route" : " DCI routes");
        if (sc.sourcing)
          std::cout << "; sourcing: " << sc.sourcing->items.size() << " items, " << sc.sourcing->suppliers.size()
                    << " suppliers, " << sc.sourcing->offers.size() << " offers";
        std::cout << ")\n";
      }
      return worst;
    };
  });
}

}  // namespace opticplan::app
