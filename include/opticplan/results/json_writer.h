// JsonWriter: JSON written a piece at a time, byte for byte as nlohmann's dump(2) prints the same
// value (or dump(), compact: what the service stores), so that a large result (the orders of a 100,000-order plan)
// reaches its stream without first being built in memory. Pieces: begin/end of objects and arrays, keys, scalars, and
// whole ordered_json values (small parts that are easier built). An optional observer sees every key and string value
// in the order written (provenance cites what a result names; provenance.h). Not thread-safe: one writer per stream.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace opticplan::results {

// kIndented is dump(2), as the CLI prints; kCompact is dump(), as the service stores results.
enum class JsonLayout : unsigned char { kIndented, kCompact };

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out, JsonLayout layout = JsonLayout::kIndented);
  ~JsonWriter();  // flushes
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  // Called with every object key and string value written from now on (empty: none).
  void observe(std::function<void(std::string_view)> see) { see_ = std::move(see); }

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view k);
  void string(std::string_view s);
  void integer(int64_t v);
  void boolean(bool v);
  void null();
  void value(const nlohmann::ordered_json& j);
  // key(k) then the value.
  void field(std::string_view k, std::string_view s) { key(k), string(s); }
  void field(std::string_view k, int64_t v) { key(k), integer(v); }

  void flush();

 private:
  struct Level {
    bool array;
    bool empty = true;
  };
  void before_value();  // separator and indentation in an array; nothing after a key
  void separate();      // the separator and indentation before an array's value or an object's key
  void quoted(std::string_view s);
  void indent(size_t levels);

  std::ostream& out_;
  bool compact_;
  std::string buf_;
  std::vector<Level> stack_;
  std::function<void(std::string_view)> see_;
};

}  // namespace opticplan::results
