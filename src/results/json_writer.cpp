#include "opticplan/results/json_writer.h"

#include <charconv>
#include <ostream>

namespace opticplan::results {

JsonWriter::JsonWriter(std::ostream& out, JsonLayout layout) : out_(out), compact_(layout == JsonLayout::kCompact) {
  buf_.reserve(1 << 16);
}

JsonWriter::~JsonWriter() { flush(); }

void JsonWriter::flush() {
  out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  buf_.clear();
}

void JsonWriter::indent(size_t levels) {
  if (!compact_) buf_.append(2 * levels, ' ');
}

void JsonWriter::separate() {
  if (compact_) {
    if (!stack_.back().empty) buf_ += ',';
  } else {
    buf_ += stack_.back().empty ? "\n" : ",\n";
  }
  stack_.back().empty = false;
  indent(stack_.size());
}

void JsonWriter::before_value() {
  if (buf_.size() >= (1 << 16)) flush();
  if (stack_.empty() || !stack_.back().array) return;  // the top level, or after a key
  separate();
}

void JsonWriter::begin_object() {
  before_value();
  buf_ += '{';
  stack_.push_back(Level{false});
}

void JsonWriter::begin_array() {
  before_value();
  buf_ += '[';
  stack_.push_back(Level{true});
}

void JsonWriter::end_object() { end_array(); }

void JsonWriter::end_array() {
  const Level level = stack_.back();
  stack_.pop_back();
  if (!level.empty && !compact_) {
    buf_ += '\n';
    indent(stack_.size());
  }
  buf_ += level.array ? ']' : '}';
}

void JsonWriter::key(std::string_view k) {
  if (buf_.size() >= (1 << 16)) flush();
  separate();
  quoted(k);
  buf_ += compact_ ? ":" : ": ";
}

// Plain printable ASCII is copied; anything else is escaped by nlohmann itself, so the bytes (and
// the exception for invalid UTF-8) are exactly dump()'s.
void JsonWriter::quoted(std::string_view s) {
  if (see_) see_(s);
  for (const char c : s) {
    if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
      buf_ += nlohmann::ordered_json(s).dump();
      return;
    }
  }
  buf_ += '"';
  buf_ += s;
  buf_ += '"';
}

void JsonWriter::string(std::string_view s) {
  before_value();
  quoted(s);
}

void JsonWriter::integer(int64_t v) {
  before_value();
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, v).ptr;
  buf_.append(digits, end);
}

void JsonWriter::boolean(bool v) {
  before_value();
  buf_ += v ? "true" : "false";
}

void JsonWriter::null() {
  before_value();
  buf_ += "null";
}

void JsonWriter::value(const nlohmann::ordered_json& j) {
  using T = nlohmann::ordered_json::value_t;
  switch (j.type()) {
    case T::object:
      begin_object();
      for (const auto& [k, v] : j.items()) {
        key(k);
        value(v);
      }
      end_object();
      return;
    case T::array:
      begin_array();
      for (const auto& v : j) value(v);
      end_array();
      return;
    case T::string: string(j.get_ref<const std::string&>()); return;
    case T::number_integer: integer(j.get<int64_t>()); return;
    case T::boolean: boolean(j.get<bool>()); return;
    case T::null: null(); return;
    default:  // unsigned and floating-point numbers, binary, discarded: as dump() prints them
      before_value();
      buf_ += j.dump();
      return;
  }
}

}  // namespace opticplan::results
