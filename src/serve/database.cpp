#include "opticplan/serve/database.h"

#include <cstdlib>

namespace opticplan::serve {

const std::string& Row::str(size_t k) const {
  static const std::string kEmpty;
  const Value& v = cells.at(k);
  return v ? *v : kEmpty;
}

int64_t Row::i64(size_t k) const {
  const Value& v = cells.at(k);
  return v ? std::strtoll(v->c_str(), nullptr, 10) : 0;
}

double Row::num(size_t k) const {
  const Value& v = cells.at(k);
  return v ? std::strtod(v->c_str(), nullptr) : 0;
}

std::string Database::dialect(std::string sql, const char* serial, const char* for_update) {
  const auto replace = [&](const std::string& from, const std::string& to) {
    for (size_t at = sql.find(from); at != std::string::npos; at = sql.find(from, at + to.size()))
      sql.replace(at, from.size(), to);
  };
  replace("{serial}", serial);
  replace("{for_update}", for_update);
  return sql;
}

bool is_postgres_url(const std::string& url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

std::unique_ptr<Database> open_sqlite(const std::string& path);
std::unique_ptr<Database> open_postgres(const std::string& url);

std::unique_ptr<Database> open_database(const std::string& url) {
  return is_postgres_url(url) ? open_postgres(url) : open_sqlite(url);
}

}  // namespace opticplan::serve
