#include "opticplan/serve/store.h"

#include <chrono>
#include <ctime>

namespace opticplan::serve {
namespace {

// The schema, one migration per entry, never edited once shipped: a change is a new entry.
const std::vector<std::vector<std::string>>& migrations() {
  static const std::vector<std::vector<std::string>> m = {
      {
          // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): each statement is one literal over two lines
          "CREATE TABLE tokens (id {serial}, hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, label TEXT NOT NULL, "
          "created TEXT NOT NULL)",
          "CREATE TABLE scenarios (id TEXT PRIMARY KEY, name TEXT NOT NULL, latest INTEGER NOT NULL, "
          "revision BIGINT NOT NULL)",
          "CREATE TABLE scenario_versions (scenario TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE, "
          "version INTEGER NOT NULL, format TEXT NOT NULL, text TEXT NOT NULL, created TEXT NOT NULL, "
          "PRIMARY KEY (scenario, version))",
          "CREATE TABLE runs (id {serial}, scenario TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE, "
          "version INTEGER NOT NULL, kind TEXT NOT NULL, options TEXT NOT NULL, status TEXT NOT NULL, "
          "progress DOUBLE PRECISION NOT NULL, error TEXT NOT NULL, result TEXT)",
          "CREATE INDEX runs_by_scenario ON runs (scenario)",
          "CREATE TABLE commitments (scenario TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE, "
          "seq BIGINT NOT NULL, id TEXT NOT NULL, request TEXT NOT NULL, deliveries TEXT NOT NULL, "
          "released INTEGER NOT NULL, PRIMARY KEY (scenario, seq), UNIQUE (scenario, id))",
      },
      {
          // Who asked for a run (a token's id; 0 for runs stored before): the queue takes turns by it.
          "ALTER TABLE runs ADD COLUMN owner BIGINT NOT NULL DEFAULT 0",
      },
  };
  return m;
}

std::string num(int64_t v) { return std::to_string(v); }

// Rolls back unless committed (an exception between begin and commit).
class Transaction {
 public:
  Transaction(Database& db, bool write) : db_(db) { db_.begin(write); }
  ~Transaction() {
    if (!done_) db_.rollback();
  }
  void commit() {
    db_.commit();
    done_ = true;
  }

 private:
  Database& db_;
  bool done_ = false;
};

Commitment commitment_of(const Row& r) {
  return Commitment{r.str(0), r.str(1), r.i64(2), r.str(3), r.str(4), r.i64(5) != 0};
}

constexpr const char* kCommitmentColumns = "scenario, id, seq, request, deliveries, released";

}  // namespace

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Store::Store(std::unique_ptr<Database> db) : db_(std::move(db)) { migrate(); }

void Store::migrate() {
  std::lock_guard lock(mu_);
  db_->query("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)");
  const auto rows = db_->query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  schema_version_ = static_cast<int>(rows.at(0).i64(0));
  const auto& all = migrations();
  if (schema_version_ > static_cast<int>(all.size()))
    throw DatabaseError("the database's schema (version " + num(schema_version_) +
                        ") is newer than this opticplan's (" + num(static_cast<int64_t>(all.size())) + ")");
  for (size_t k = static_cast<size_t>(schema_version_); k < all.size(); ++k) {
    Transaction tx(*db_, true);
    for (const auto& sql : all[k]) db_->query(sql);
    db_->query("INSERT INTO schema_migrations (version) VALUES ($1)", {num(static_cast<int64_t>(k + 1))});
    tx.commit();
    schema_version_ = static_cast<int>(k + 1);
  }
}

int64_t Store::add_token(const std::string& hash, const std::string& role, const std::string& label) {
  std::lock_guard lock(mu_);
  return db_
      ->query("INSERT INTO tokens (hash, role, label, created) VALUES ($1, $2, $3, $4) RETURNING id",
              {hash, role, label, utc_now()})
      .at(0)
      .i64(0);
}

std::vector<Store::TokenRow> Store::tokens() {
  std::lock_guard lock(mu_);
  std::vector<TokenRow> out;
  for (const auto& r : db_->query("SELECT id, role, label, created FROM tokens ORDER BY id"))
    out.push_back({r.i64(0), r.str(1), r.str(2), r.str(3)});
  return out;
}

bool Store::revoke_token(int64_t id) {
  std::lock_guard lock(mu_);
  return !db_->query("DELETE FROM tokens WHERE id = $1 RETURNING id", {num(id)}).empty();
}

std::optional<Store::TokenRole> Store::token_role(const std::string& hash) {
  std::lock_guard lock(mu_);
  const auto rows = db_->query("SELECT id, role FROM tokens WHERE hash = $1", {hash});
  if (rows.empty()) return std::nullopt;
  return TokenRole{rows[0].i64(0), rows[0].str(1)};
}

int64_t Store::token_count() {
  std::lock_guard lock(mu_);
  return db_->query("SELECT COUNT(*) FROM tokens").at(0).i64(0);
}

std::vector<ScenarioRow> Store::scenarios() {
  std::lock_guard lock(mu_);
  std::vector<ScenarioRow> out;
  for (const auto& r : db_->query("SELECT id, name, latest, revision FROM scenarios ORDER BY id"))
    out.push_back({r.str(0), r.str(1), static_cast<int>(r.i64(2)), r.i64(3)});
  return out;
}

std::optional<ScenarioRow> Store::scenario(const std::string& id) {
  std::lock_guard lock(mu_);
  const auto rows = db_->query("SELECT id, name, latest, revision FROM scenarios WHERE id = $1", {id});
  if (rows.empty()) return std::nullopt;
  return ScenarioRow{rows[0].str(0), rows[0].str(1), static_cast<int>(rows[0].i64(2)), rows[0].i64(3)};
}

bool Store::create_scenario(const std::string& id, const std::string& name, const std::string& format,
                            const std::string& text) {
  std::lock_guard lock(mu_);
  Transaction tx(*db_, true);
  if (!db_->query("SELECT 1 FROM scenarios WHERE id = $1", {id}).empty()) return false;
  db_->query("INSERT INTO scenarios (id, name, latest, revision) VALUES ($1, $2, 1, 1)", {id, name});
  db_->query("INSERT INTO scenario_versions (scenario, version, format, text, created) VALUES ($1, 1, $2, $3, $4)",
             {id, format, text, utc_now()});
  tx.commit();
  return true;
}

int Store::add_version(const std::string& id, const std::string& name, const std::string& format,
                       const std::string& text) {
  std::lock_guard lock(mu_);
  Transaction tx(*db_, true);
  const auto rows = db_->query("SELECT latest FROM scenarios WHERE id = $1{for_update}", {id});
  if (rows.empty()) return 0;
  const int v = static_cast<int>(rows[0].i64(0)) + 1;
  db_->query("INSERT INTO scenario_versions (scenario, version, format, text, created) VALUES ($1, $2, $3, $4, $5)",
             {id, num(v), format, text, utc_now()});
  db_->query("UPDATE scenarios SET latest = $2, name = $3, revision = revision + 1 WHERE id = $1", {id, num(v), name});
  tx.commit();
  return v;
}

std::vector<ScenarioVersion> Store::versions(const std::string& id) {
  std::lock_guard lock(mu_);
  std::vector<ScenarioVersion> out;
  for (const auto& r :
       db_->query("SELECT version, format, LENGTH(text), created FROM scenario_versions WHERE scenario = $1 "
                  "ORDER BY version",
                  {id}))
    out.push_back({id, static_cast<int>(r.i64(0)), r.str(1), "", r.str(3), r.i64(2)});
  return out;
}

std::optional<ScenarioVersion> Store::version(const std::string& id, int version) {
  std::lock_guard lock(mu_);
  const auto rows =
      db_->query("SELECT version, format, text, created FROM scenario_versions WHERE scenario = $1 AND version = $2",
                 {id, num(version)});
  if (rows.empty()) return std::nullopt;
  return ScenarioVersion{id,
                         static_cast<int>(rows[0].i64(0)),
                         rows[0].str(1),
                         rows[0].str(2),
                         rows[0].str(3),
                         static_cast<int64_t>(rows[0].str(2).size())};
}

bool Store::delete_scenario(const std::string& id) {
  std::lock_guard lock(mu_);
  Transaction tx(*db_, true);
  if (db_->query("SELECT 1 FROM scenarios WHERE id = $1{for_update}", {id}).empty()) return false;
  for (const char* table : {"commitments", "runs", "scenario_versions"})
    db_->query(std::string("DELETE FROM ") + table + " WHERE scenario = $1", {id});
  db_->query("DELETE FROM scenarios WHERE id = $1", {id});
  tx.commit();
  return true;
}

int64_t Store::add_run(const std::string& scenario, int version, const std::string& kind, const std::string& options,
                       int64_t owner) {
  std::lock_guard lock(mu_);
  const auto rows = db_->query(
      "INSERT INTO runs (scenario, version, kind, options, status, progress, error, owner) VALUES ($1, $2, $3, $4, "
      "'queued', 0, '', $5) RETURNING id",
      {scenario, num(version), kind, options, num(owner)});
  return rows.at(0).i64(0);
}

namespace {
constexpr const char* kRunColumns = "id, scenario, version, kind, options, status, progress, error, owner";
RunRow run_of(const Row& r) {
  return RunRow{r.i64(0), r.str(1), static_cast<int>(r.i64(2)), r.str(3), r.str(4), r.str(5), r.num(6),
                r.str(7), r.i64(8)};
}
}  // namespace

std::vector<RunRow> Store::runs(const std::string& scenario) {
  std::lock_guard lock(mu_);
  std::vector<RunRow> out;
  const auto rows =
      scenario.empty()
          ? db_->query(std::string("SELECT ") + kRunColumns + " FROM runs ORDER BY id DESC")
          : db_->query(std::string("SELECT ") + kRunColumns + " FROM runs WHERE scenario = $1 ORDER BY id DESC",
                       {scenario});
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(run_of(r));
  return out;
}

std::optional<RunRow> Store::run(int64_t id) {
  std::lock_guard lock(mu_);
  const auto rows = db_->query(std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = $1", {num(id)});
  if (rows.empty()) return std::nullopt;
  return run_of(rows[0]);
}

void Store::set_run_status(int64_t id, const std::string& status, double progress, const std::string& error) {
  std::lock_guard lock(mu_);
  db_->query("UPDATE runs SET status = $2, progress = $3, error = $4 WHERE id = $1",
             {num(id), status, std::to_string(progress), error});
}

void Store::set_run_result(int64_t id, std::string result) {
  std::vector<Value> params;  // the result moved in, not copied: it may be 56 MB
  params.emplace_back(num(id));
  params.emplace_back(std::move(result));
  std::lock_guard lock(mu_);
  db_->query("UPDATE runs SET status = 'done', progress = 1, error = '', result = $2 WHERE id = $1", params);
}

std::optional<std::string> Store::run_result(int64_t id) {
  std::lock_guard lock(mu_);
  const auto rows = db_->query("SELECT result FROM runs WHERE id = $1", {num(id)});
  if (rows.empty() || rows[0].null(0)) return std::nullopt;
  return rows[0].str(0);
}

std::vector<int64_t> Store::runs_with_status(const std::string& status) {
  std::lock_guard lock(mu_);
  std::vector<int64_t> out;
  for (const auto& r : db_->query("SELECT id FROM runs WHERE status = $1 ORDER BY id", {status}))
    out.push_back(r.i64(0));
  return out;
}

std::vector<Commitment> Store::commitments(const std::string& scenario) {
  std::lock_guard lock(mu_);
  std::vector<Commitment> out;
  for (const auto& r :
       db_->query(std::string("SELECT ") + kCommitmentColumns + " FROM commitments WHERE scenario = $1 ORDER BY seq",
                  {scenario}))
    out.push_back(commitment_of(r));
  return out;
}

int64_t Store::live_commitments(const std::string& scenario) {
  std::lock_guard lock(mu_);
  return db_->query("SELECT COUNT(*) FROM commitments WHERE scenario = $1 AND released = 0", {scenario}).at(0).i64(0);
}

bool Store::write_transaction(const std::string& scenario, const std::function<bool(Tx&, int64_t)>& step) {
  std::lock_guard lock(mu_);
  Transaction tx(*db_, true);
  const auto rows = db_->query("SELECT revision FROM scenarios WHERE id = $1{for_update}", {scenario});
  if (rows.empty()) return false;
  const int64_t revision = rows[0].i64(0);
  Tx t(*db_, scenario);
  if (!step(t, revision)) return true;  // rolled back by ~Transaction
  db_->query("UPDATE scenarios SET revision = revision + 1 WHERE id = $1", {scenario});
  tx.commit();
  return true;
}

int64_t Store::Tx::next_seq() {
  return db_.query("SELECT COALESCE(MAX(seq), 0) + 1 FROM commitments WHERE scenario = $1", {scenario_}).at(0).i64(0);
}

void Store::Tx::insert_commitment(const Commitment& c) {
  db_.query(
      "INSERT INTO commitments (scenario, id, seq, request, deliveries, released) VALUES ($1, $2, $3, $4, $5, $6)",
      {scenario_, c.id, num(c.seq), c.request, c.deliveries, c.released ? "1" : "0"});
}

bool Store::Tx::release_commitment(const std::string& id) {
  const auto rows = db_.query("SELECT released FROM commitments WHERE scenario = $1 AND id = $2", {scenario_, id});
  if (rows.empty() || rows[0].i64(0) != 0) return false;
  db_.query("UPDATE commitments SET released = 1 WHERE scenario = $1 AND id = $2", {scenario_, id});
  return true;
}

std::optional<Commitment> Store::Tx::commitment(const std::string& id) {
  const auto rows =
      db_.query(std::string("SELECT ") + kCommitmentColumns + " FROM commitments WHERE scenario = $1 AND id = $2",
                {scenario_, id});
  if (rows.empty()) return std::nullopt;
  return commitment_of(rows[0]);
}

std::vector<Commitment> Store::Tx::commitments() {
  std::vector<Commitment> out;
  for (const auto& r :
       db_.query(std::string("SELECT ") + kCommitmentColumns + " FROM commitments WHERE scenario = $1 ORDER BY seq",
                 {scenario_}))
    out.push_back(commitment_of(r));
  return out;
}

std::optional<ScenarioVersion> Store::Tx::latest() {
  const auto rows = db_.query(
      "SELECT v.version, v.format, v.text, v.created FROM scenario_versions v JOIN scenarios s ON s.id = v.scenario "
      "AND s.latest = v.version WHERE s.id = $1",
      {scenario_});
  if (rows.empty()) return std::nullopt;
  return ScenarioVersion{scenario_,      static_cast<int>(rows[0].i64(0)),           rows[0].str(1), rows[0].str(2),
                         rows[0].str(3), static_cast<int64_t>(rows[0].str(2).size())};
}

}  // namespace opticplan::serve
