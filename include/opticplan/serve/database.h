// Database: one connection to the service's store, SQLite or PostgreSQL, behind one small interface,
// so that the schema migrations, the queries and the test suite are the same for both.
//
// SQL is written once with PostgreSQL's $1, $2... placeholders (SQLite binds them by name). Every
// value travels as text or null, both ways; callers convert. `{serial}` in a statement stands for
// the dialect's auto-incrementing key column type and `{for_update}` for a row lock inside a
// transaction (SQLite locks the whole database at BEGIN IMMEDIATE instead). A connection is not
// thread-safe: the store serializes its use. Failures throw DatabaseError (with the server's
// message); the store turns them into HTTP 500/503 answers at its edge.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace opticplan::serve {

struct DatabaseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using Value = std::optional<std::string>;  // nullopt: SQL NULL

struct Row {
  std::vector<Value> cells;
  const std::string& str(size_t k) const;  // "" for NULL
  int64_t i64(size_t k) const;             // 0 for NULL
  double num(size_t k) const;
  bool null(size_t k) const { return !cells.at(k); }
};

class Database {
 public:
  virtual ~Database() = default;
  virtual const char* kind() const = 0;  // "sqlite" or "postgresql"

  // Runs one statement with its parameters and returns its rows (none for most writes).
  virtual std::vector<Row> query(const std::string& sql, const std::vector<Value>& params = {}) = 0;

  // Transactions. A write transaction takes the write lock at once (SQLite: BEGIN IMMEDIATE), so
  // two writers never interleave between a read and the write that depends on it.
  virtual void begin(bool write) = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;

 protected:
  // Replaces {serial} and {for_update} for this dialect.
  static std::string dialect(std::string sql, const char* serial, const char* for_update);
};

// "postgresql://..." or "postgres://..." opens PostgreSQL (libpqxx); anything else is a SQLite
// file path, created if missing, opened in WAL mode with synchronous=FULL (a commit is on disk
// before it returns). Throws DatabaseError when the connection fails.
std::unique_ptr<Database> open_database(const std::string& url);

bool is_postgres_url(const std::string& url);

}  // namespace opticplan::serve
