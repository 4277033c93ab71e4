// The shared store: PostgreSQL through libpqxx. Statements run inside a pqxx transaction when one
// is open (begin()), else each in its own. A write transaction's row locks ({for_update}) keep two
// servers on one database from committing against the same plan at once.
#include <pqxx/pqxx>

#include <optional>
#include <string>

#include "opticplan/serve/database.h"

namespace opticplan::serve {
namespace {

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(const std::string& url) try : conn_(url) {
  } catch (const std::exception& e) {
    throw DatabaseError(std::string("cannot connect to PostgreSQL: ") + e.what());
  }

  const char* kind() const override { return "postgresql"; }

  std::vector<Row> query(const std::string& text, const std::vector<Value>& params = {}) override {
    const std::string sql = dialect(text, "BIGSERIAL PRIMARY KEY", " FOR UPDATE");
    try {
      if (tx_) return run(*tx_, sql, params);
      pqxx::work w(conn_);
      auto rows = run(w, sql, params);
      w.commit();
      return rows;
    } catch (const DatabaseError&) {
      throw;
    } catch (const std::exception& e) {
      throw DatabaseError(std::string("PostgreSQL: ") + e.what());
    }
  }

  void begin(bool) override {
    if (tx_) throw DatabaseError("PostgreSQL: a transaction is already open");
    try {
      tx_.emplace(conn_);
    } catch (const std::exception& e) {
      throw DatabaseError(std::string("PostgreSQL: ") + e.what());
    }
  }
  void commit() override {
    try {
      tx_->commit();
      tx_.reset();
    } catch (const std::exception& e) {
      tx_.reset();
      throw DatabaseError(std::string("PostgreSQL commit: ") + e.what());
    }
  }
  void rollback() override {
    if (!tx_) return;
    try {
      tx_->abort();
    } catch (...) {
    }
    tx_.reset();
  }

 private:
  static std::vector<Row> run(pqxx::work& w, const std::string& sql, const std::vector<Value>& params) {
    const pqxx::result r = w.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
    std::vector<Row> rows;
    rows.reserve(r.size());
    for (const auto& rr : r) {
      Row row;
      row.cells.reserve(rr.size());
      for (const auto& f : rr) {
        if (f.is_null())
          row.cells.emplace_back();
        else
          row.cells.emplace_back(std::string(f.c_str(), f.size()));
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  pqxx::connection conn_;
  std::optional<pqxx::work> tx_;
};

}  // namespace

std::unique_ptr<Database> open_postgres(const std::string& url) { return std::make_unique<PostgresDatabase>(url); }

}  // namespace opticplan::serve
