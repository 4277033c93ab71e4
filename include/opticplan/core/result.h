// Result<T>: a value or an error, for operations that fail.
//
// Errors are values at the edges of opticplan: parsers, loaders, engines and the run facade return
// Result instead of throwing. An error has a Code (core/status.h: bad input, internal, cancelled,
// ...) that each shell maps once, to an exit code or an HTTP status, and a message that says what
// was wrong and what was expected; the caller adds the location. Result<void> is a status alone.
// Thread safety: a Result is a value; const access from several threads is safe.
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "opticplan/core/status.h"

namespace opticplan {

struct Error {
  std::string message;
  Code code = Code::kBadInput;
  std::string field;  // the input field or section the error is about, when there is one ("supply")
};

template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error e) : v_(std::move(e)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const std::string& error() const { return std::get<1>(v_).message; }
  const Error& status() const { return std::get<1>(v_); }
  Code code() const { return ok() ? Code::kOk : std::get<1>(v_).code; }

 private:
  std::variant<T, Error> v_;
};

template <>
class Result<void> {
 public:
  Result() = default;
  Result(Error e) : error_(std::move(e)), ok_(false) {}

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const std::string& error() const { return error_.message; }
  const Error& status() const { return error_; }
  Code code() const { return ok_ ? Code::kOk : error_.code; }

 private:
  Error error_;
  bool ok_ = true;
};

inline Error fail(std::string message) { return Error{std::move(message), Code::kBadInput, {}}; }
inline Error fail(Code code, std::string message, std::string field = {}) {
  return Error{std::move(message), code, std::move(field)};
}

}  // namespace opticplan
