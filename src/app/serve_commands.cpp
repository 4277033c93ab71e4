// `opticplan serve` and `opticplan token create`: thin shells over the serve library.
#include "serve_commands.h"

#include <signal.h>
#include <sys/stat.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "opticplan/scenario/scenario.h"
#include "opticplan/serve/api.h"
#include "opticplan/serve/http_server.h"
#include "opticplan/serve/jobs.h"
#include "opticplan/serve/promise_desk.h"
#include "opticplan/serve/store.h"
#include "opticplan/serve/stored_scenario.h"
#include "opticplan/serve/tokens.h"

namespace opticplan::app {
namespace {

namespace fs = std::filesystem;

struct StoreFlags {
  std::string data = "opticplan-data", db;
  void add(CLI::App* cmd) {
    cmd->add_option("--data", data, "Folder of the embedded store (opticplan.db, SQLite) and the first token")
        ->capture_default_str();
    cmd->add_option("--db", db, "A PostgreSQL URL (postgresql://user@host/db) instead of the embedded SQLite store");
  }
  // Creates the data folder if needed; on failure prints why.
  bool make_data_folder() const {
    std::error_code ec;
    fs::create_directories(data, ec);
    if (!ec && fs::is_directory(data, ec)) return true;
    std::cerr << "error: --data: cannot create the folder \"" << data
              << "\": " << (ec ? ec.message() : std::string("a file of that name is in the way")) << "\n";
    return false;
  }
  // Opens the store; on failure prints why and returns null.
  std::unique_ptr<serve::Store> open() const {
    try {
      if (db.empty() && !make_data_folder()) return nullptr;
      const std::string url = db.empty() ? (fs::path(data) / "opticplan.db").string() : db;
      return std::make_unique<serve::Store>(serve::open_database(url));
    } catch (const serve::DatabaseError& e) {
      std::cerr << "error: " << (db.empty() ? "--data" : "--db") << ": " << e.what() << "\n";
      return nullptr;
    }
  }
};

std::string default_web_dir() {
  if (const char* env = std::getenv("OPTICPLAN_WEB")) return env;
#ifdef OPTICPLAN_WEB_DIR
  return OPTICPLAN_WEB_DIR;
#else
  return "";
#endif
}

// The shipped scenarios (data/scenarios/*.yaml), stored once under their file names.
void load_shipped(serve::Store& store) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(data_dir()) / "scenarios", ec))
    if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    const std::string id = f.stem().string();
    if (store.scenario(id)) continue;
    std::ifstream in(f, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Diagnostics diag;
    const Scenario sc = serve::load_stored_scenario(id, "yaml", text, diag);
    if (!diag.ok()) {
      spdlog::warn("shipped scenario {} not loaded: {}", id, diag.str());
      continue;
    }
    store.create_scenario(id, sc.name.empty() ? id : sc.name, "yaml", text);
  }
}

// The HTTP server's flags: where it listens, what it serves, and its bounds per connection.
void add_server_flags(CLI::App* cmd, serve::ServerOptions& server) {
  cmd->add_option("--port", server.port, "TCP port (0: any free port, printed)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--bind", server.bind, "Address to listen on")->capture_default_str();
  cmd->add_option("--web", server.web_dir, "The built web app (web/app/dist)")->capture_default_str();
  cmd->add_option("--threads", server.threads, "Request workers (besides those kept for health, quotes and files)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  cmd->add_option("--max-connections", server.max_connections, "Open connections in all")
      ->capture_default_str()
      ->check(CLI::Range(16, 1'000'000));
  cmd->add_option("--max-client-connections", server.max_client_connections, "Open connections from one client address")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  cmd->add_option("--header-timeout", server.header_timeout, "Seconds to read a request's headers")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--body-timeout", server.body_timeout, "Seconds to read a request's body or write an answer")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--idle-timeout", server.idle_timeout,
                  "Seconds a kept-alive connection may wait for its next request")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--max-body", server.max_body, "Largest request body, bytes")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1024}, size_t{1} << 30));
  cmd->add_option("--max-body-memory", server.max_body_memory, "Request bodies held at once, bytes in all")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1024}, size_t{1} << 40));
  cmd->add_option("--cors", server.cors_origin, "Allow this origin cross-site (CORS is off by default)");
}

}  // namespace

void add_serve_commands(CLI::App& app, std::function<int()>& chosen) {
  {
    auto* cmd =
        app.add_subcommand("serve", "Serve the planning API and web app: scenarios, runs, reports, order promising");
    struct Flags {
      StoreFlags store;
      serve::ServerOptions server;
      int workers = 1;
      serve::RunLimits limits;
      serve::JobLimits jobs;
      bool no_shipped = false;
    };
    auto f = std::make_shared<Flags>();
    f->server.web_dir = default_web_dir();
    f->store.add(cmd);
    add_server_flags(cmd, f->server);
    cmd->add_option("--workers", f->workers, "Background run workers")->capture_default_str()->check(CLI::Range(1, 64));
    cmd->add_option("--max-runs", f->limits.max_runs,
                    "Most market runs, or sourcing evaluation futures, one run may ask for")
        ->capture_default_str()
        ->check(CLI::Range(1, 10'000'000));
    cmd->add_option("--max-queued-runs", f->jobs.max_queued, "Most runs one token may have queued")
        ->capture_default_str()
        ->check(CLI::Range(1, 100'000));
    cmd->add_option("--max-run-seconds", f->jobs.max_seconds, "Longest a run may compute, seconds")
        ->capture_default_str()
        ->check(CLI::Range(1, 7 * 86'400));
    cmd->add_option("--max-source-scenarios", f->limits.max_source_scenarios,
                    "Most optimisation scenarios of a sourcing run")
        ->capture_default_str()
        ->check(CLI::Range(1, 1'000'000));
    cmd->add_option("--max-lp-orders", f->limits.max_lp_orders,
                    "Most orders of a plan run with the LP planner or the bound option")
        ->capture_default_str()
        ->check(CLI::Range(int64_t{0}, int64_t{10'000'000}));
    cmd->add_flag("--no-shipped", f->no_shipped, "Do not store the shipped scenarios at first start");
    cmd->callback([&chosen, f] {
      chosen = [f] {
        // SIGINT and SIGTERM stop the server cleanly; blocked here so that every thread inherits it.
        sigset_t stop_signals;
        sigemptyset(&stop_signals);
        sigaddset(&stop_signals, SIGINT);
        sigaddset(&stop_signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
        auto store = f->store.open();
        if (!store) return kExitBadInput;
        if (store->token_count() == 0) {
          if (!f->store.make_data_folder()) return kExitBadInput;
          const std::string token = serve::new_token();
          store->add_token(serve::token_hash(token), "write", "first start");
          const fs::path file = fs::path(f->store.data) / "initial-token";
          {
            std::ofstream out(file, std::ios::binary | std::ios::trunc);
            out << token << "\n";
          }
          ::chmod(file.c_str(), 0600);
          std::cerr << "opticplan serve: first start: a write token was made and saved to " << file.string()
                    << " (make more with opticplan token create --role read|write)\n";
        }
        if (!f->no_shipped) load_shipped(*store);
        serve::PromiseDesk desk(*store);
        // Scenarios with committed orders are being promised on: their plans are built now, in the
        // background, rather than by the first quote after this start.
        for (const auto& sc : store->scenarios())
          if (store->live_commitments(sc.id) > 0) desk.warm(sc.id);
        serve::JobRunner jobs(*store, f->workers, f->jobs);
        jobs.recover();
        serve::Api api(*store, desk, jobs, f->limits);
        serve::HttpServer server(api, f->server);
        const int port = server.bind();
        if (port < 0) {
          std::cerr << "error: --port: cannot listen on " << f->server.bind << ":" << f->server.port << "\n";
          return kExitBadInput;
        }
        std::cerr << "opticplan serve: listening on http://" << f->server.bind << ":" << port
                  << " (store: " << store->kind()
                  << (f->store.db.empty() ? ", " + (fs::path(f->store.data) / "opticplan.db").string() : std::string())
                  << ")" << std::endl;
        std::thread waiter([&] {
          int sig = 0;
          sigwait(&stop_signals, &sig);
          server.stop();
        });
        server.listen();
        // listen() also returns when the server fails; wake the waiter so that it ends.
        // NOLINTNEXTLINE(bugprone-bad-signal-to-kill-thread): SIGTERM is blocked in every thread; sigwait takes it
        pthread_kill(waiter.native_handle(), SIGTERM);
        waiter.join();
        return kExitOk;
      };
    });
  }
  {
    auto* cmd = app.add_subcommand("token", "API tokens for opticplan serve: create, list, revoke");
    cmd->require_subcommand(1);
    auto* create = cmd->add_subcommand("create", "Make a token (printed once; only its hash is stored)");
    auto store = std::make_shared<StoreFlags>();
    auto role = std::make_shared<std::string>();
    auto label = std::make_shared<std::string>();
    create->add_option("--role", *role, "read (GET, quote, validate) or write (everything)")
        ->required()
        ->check(CLI::IsMember({"read", "write"}));
    create->add_option("--label", *label, "What the token is for");
    store->add(create);
    auto* list = cmd->add_subcommand("list", "The tokens: id, role, label, when made (never the token)");
    auto list_store = std::make_shared<StoreFlags>();
    list_store->add(list);
    list->callback([&chosen, list_store] {
      chosen = [list_store] {
        auto s = list_store->open();
        if (!s) return kExitBadInput;
        std::cout << "id\trole\tcreated\tlabel\n";
        for (const auto& t : s->tokens())
          std::cout << t.id << "\t" << t.role << "\t" << t.created << "\t" << t.label << "\n";
        return kExitOk;
      };
    });
    auto* revoke =
        cmd->add_subcommand("revoke", "Revoke a token by its id (a running server refuses it within seconds)");
    auto revoke_store = std::make_shared<StoreFlags>();
    auto revoke_id = std::make_shared<int64_t>(0);
    revoke->add_option("id", *revoke_id, "The token's id (opticplan token list)")->required();
    revoke_store->add(revoke);
    revoke->callback([&chosen, revoke_store, revoke_id] {
      chosen = [revoke_store, revoke_id] {
        auto s = revoke_store->open();
        if (!s) return kExitBadInput;
        if (!s->revoke_token(*revoke_id)) {
          std::cerr << "error: id: no token " << *revoke_id << " (opticplan token list shows them)\n";
          return kExitBadInput;
        }
        return kExitOk;
      };
    });
    create->callback([&chosen, store, role, label] {
      chosen = [store, role, label] {
        auto s = store->open();
        if (!s) return kExitBadInput;
        const std::string token = serve::new_token();
        s->add_token(serve::token_hash(token), *role, *label);
        std::cout << token << "\n";
        return kExitOk;
      };
    });
  }
}

}  // namespace opticplan::app
