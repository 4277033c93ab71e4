// The embedded store: one SQLite file in WAL mode. synchronous=FULL makes every commit durable
// before it returns (an acknowledged commit survives a crash or power loss); WAL lets readers
// run beside the writer. busy_timeout covers a second process (opticplan token create) writing.
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <string>

#include "opticplan/serve/database.h"

namespace opticplan::serve {
namespace {

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(const std::string& path) {
    // Created readable by its owner only: it holds token hashes and every stored scenario
    // (SQLite gives its -wal and -shm files the same mode).
    if (path.rfind(':', 0) != 0 && path.rfind("file:", 0) != 0)
      if (const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600); fd >= 0) ::close(fd);
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw DatabaseError("cannot open the SQLite database \"" + path + "\": " + msg);
    }
    sqlite3_busy_timeout(db_, 10000);
    query("PRAGMA journal_mode=WAL");
    query("PRAGMA synchronous=FULL");
    query("PRAGMA foreign_keys=ON");
  }
  ~SqliteDatabase() override { sqlite3_close(db_); }

  const char* kind() const override { return "sqlite"; }

  std::vector<Row> query(const std::string& text, const std::vector<Value>& params = {}) override {
    const std::string sql = dialect(text, "INTEGER PRIMARY KEY AUTOINCREMENT", "");
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &st, nullptr) != SQLITE_OK) fail("prepare");
    struct Finalize {
      sqlite3_stmt* st;
      ~Finalize() { sqlite3_finalize(st); }
    } finalize{st};
    for (size_t k = 0; k < params.size(); ++k) {
      const int at = sqlite3_bind_parameter_index(st, ("$" + std::to_string(k + 1)).c_str());
      if (at == 0) continue;  // a parameter the statement does not use
      // SQLITE_STATIC: `params` outlives the statement, so a 56 MB run result is not copied again.
      const int rc =
          params[k] ? sqlite3_bind_text(st, at, params[k]->data(), static_cast<int>(params[k]->size()), SQLITE_STATIC)
                    : sqlite3_bind_null(st, at);
      if (rc != SQLITE_OK) fail("bind");
    }
    std::vector<Row> rows;
    for (;;) {
      const int rc = sqlite3_step(st);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) fail("step");
      Row row;
      const int n = sqlite3_column_count(st);
      row.cells.reserve(static_cast<size_t>(n));
      for (int c = 0; c < n; ++c) {
        if (sqlite3_column_type(st, c) == SQLITE_NULL) {
          row.cells.emplace_back();
        } else {
          const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
          row.cells.emplace_back(std::string(p, static_cast<size_t>(sqlite3_column_bytes(st, c))));
        }
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  void begin(bool write) override { query(write ? "BEGIN IMMEDIATE" : "BEGIN"); }
  void commit() override { query("COMMIT"); }
  void rollback() override {
    if (!sqlite3_get_autocommit(db_)) query("ROLLBACK");
  }

 private:
  [[noreturn]] void fail(const char* what) {
    throw DatabaseError(std::string("SQLite ") + what + ": " + sqlite3_errmsg(db_));
  }
  sqlite3* db_ = nullptr;
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const std::string& path) { return std::make_unique<SqliteDatabase>(path); }

}  // namespace opticplan::serve
