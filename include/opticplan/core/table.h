// Table: the shared shape of tabular output, written as an aligned text table or as CSV.
//
// Every command that prints rows builds a Table (a header and rows of cells, each cell already
// formatted by the caller) and writes it as text for a terminal or as CSV (RFC 4180 quoting) for
// machines. Numeric columns are right-aligned in text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace opticplan {

class Table {
 public:
  enum class Align { kLeft, kRight };

  void column(std::string header, Align align = Align::kLeft);
  void row(std::vector<std::string> cells);
  size_t rows() const { return rows_.size(); }

  std::string text(int indent = 0) const;
  std::string csv() const;

 private:
  std::vector<std::string> headers_;
  std::vector<Align> align_;
  std::vector<std::vector<std::string>> rows_;
};

std::string csv_escape(const std::string& cell);
std::string grouped(int64_t v);  // 1234567 -> "1,234,567"

}  // namespace opticplan
