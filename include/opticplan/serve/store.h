// Store: everything the service must not lose, in one database (SQLite or PostgreSQL): API tokens
// (hashed), scenarios with every version, runs with their results, and committed orders.
//
// The schema is a list of numbered migrations applied in order at open (recorded in
// schema_migrations), the same for both databases. Each method is one atomic unit; the store
// serializes its connection with a mutex. write_transaction() gives a caller (order promising) a
// write transaction on one scenario, with the scenario's row locked, for a read-decide-write step
// that must not interleave with another writer, in this process or another. Failures throw
// DatabaseError. Scenario ids are the API's; runs are numbered by the database.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "opticplan/serve/database.h"

namespace opticplan::serve {

struct ScenarioVersion {
  std::string scenario;
  int version = 0;
  std::string format;   // "yaml" or "json"
  std::string text;     // empty in a history listing
  std::string created;  // ISO 8601 UTC
  int64_t bytes = 0;    // size of the text
};

struct ScenarioRow {
  std::string id, name;
  int latest = 0;        // latest version
  int64_t revision = 0;  // bumped by every change to the committed plan (version, commit, release)
};

struct RunRow {
  int64_t id = 0;
  std::string scenario;
  int version = 0;
  std::string kind, options;  // options: JSON text
  std::string status;         // queued, running, done, failed, cancelled
  double progress = 0;
  std::string error;
  int64_t owner = 0;  // the id of the token that asked for it (0: stored before owners were kept)
};

struct Commitment {
  std::string scenario, id;
  int64_t seq = 0;
  std::string request;     // the order as committed (JSON text)
  std::string deliveries;  // the schedule promised (JSON text)
  bool released = false;
};

class Store {
 public:
  // Opens (creating if needed) and migrates. Throws DatabaseError.
  explicit Store(std::unique_ptr<Database> db);
  const char* kind() const { return db_->kind(); }
  int schema_version() const { return schema_version_; }

  // Tokens: only the SHA-256 of a token is kept.
  struct TokenRow {
    int64_t id = 0;
    std::string role, label, created;
  };
  int64_t add_token(const std::string& hash, const std::string& role, const std::string& label);  // its id
  std::vector<TokenRow> tokens();
  bool revoke_token(int64_t id);  // false: no such token
  struct TokenRole {
    int64_t id = 0;
    std::string role;  // "read" or "write"
  };
  std::optional<TokenRole> token_role(const std::string& hash);
  int64_t token_count();

  // Scenarios.
  std::vector<ScenarioRow> scenarios();
  std::optional<ScenarioRow> scenario(const std::string& id);
  // Creates the scenario with version 1; false when the id is taken.
  bool create_scenario(const std::string& id, const std::string& name, const std::string& format,
                       const std::string& text);
  // Adds a version; returns it (0 when there is no such scenario).
  int add_version(const std::string& id, const std::string& name, const std::string& format, const std::string& text);
  std::vector<ScenarioVersion> versions(const std::string& id);  // without text
  std::optional<ScenarioVersion> version(const std::string& id, int version);
  bool delete_scenario(const std::string& id);

  // Runs.
  int64_t add_run(const std::string& scenario, int version, const std::string& kind, const std::string& options,
                  int64_t owner);
  std::vector<RunRow> runs(const std::string& scenario);  // newest first; all when empty
  std::optional<RunRow> run(int64_t id);
  void set_run_status(int64_t id, const std::string& status, double progress, const std::string& error);
  void set_run_result(int64_t id, std::string result);  // and status done, progress 1
  std::optional<std::string> run_result(int64_t id);
  std::vector<int64_t> runs_with_status(const std::string& status);

  // Committed orders, in commit order; and how many are not released.
  std::vector<Commitment> commitments(const std::string& scenario);
  int64_t live_commitments(const std::string& scenario);

  // One write transaction on a scenario's committed plan, its row locked. `step` gets the
  // scenario's current revision and returns true to commit (the revision is then bumped) or false
  // to roll back; an exception rolls back and propagates. Returns false when there is no such
  // scenario. Inside `step`, use only the Tx methods (the store's mutex is held).
  class Tx {
   public:
    int64_t next_seq();
    void insert_commitment(const Commitment& c);
    bool release_commitment(const std::string& id);  // false: unknown or already released
    std::optional<Commitment> commitment(const std::string& id);
    std::vector<Commitment> commitments();
    std::optional<ScenarioVersion> latest();

   private:
    friend class Store;
    Tx(Database& db, std::string scenario) : db_(db), scenario_(std::move(scenario)) {}
    Database& db_;
    std::string scenario_;
  };
  bool write_transaction(const std::string& scenario, const std::function<bool(Tx&, int64_t revision)>& step);

 private:
  void migrate();
  std::unique_ptr<Database> db_;
  std::mutex mu_;
  int schema_version_ = 0;
};

// Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (for version history; never in results).
std::string utc_now();

}  // namespace opticplan::serve
