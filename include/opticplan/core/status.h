// Code: why an operation did not succeed, in one vocabulary for every layer and shell.
//
// Engines and the run facade say *what kind* of failure happened; each shell maps a Code once:
// the CLI to its exit status (exit_code), the service to an HTTP status (http_status). Located
// input problems travel separately, as Diagnostics (core/diagnostics.h), and map to kBadInput.
#pragma once

namespace opticplan {

enum class Code : unsigned char {
  kOk,
  kBadInput,     // the input cannot be run as given (a missing section, an impossible design)
  kInternal,     // a failure of opticplan or of a library it uses (an LP the solver could not solve)
  kUnavailable,  // a resource is busy or gone (a store, a port); trying again may work
  kCancelled,    // the caller asked the operation to stop
  kConflict,     // the request contradicts the current state (capacity already promised)
};

// The CLI's exit status: 0 ok, 2 bad input, 1 anything else (README "Exit codes").
constexpr int exit_code(Code c) {
  switch (c) {
    case Code::kOk: return 0;
    case Code::kBadInput: return 2;
    default: return 1;
  }
}

// The service's HTTP status (docs/serve.md).
constexpr int http_status(Code c) {
  switch (c) {
    case Code::kOk: return 200;
    case Code::kBadInput: return 422;
    case Code::kUnavailable: return 503;
    case Code::kCancelled:
    case Code::kConflict: return 409;
    case Code::kInternal: return 500;
  }
  return 500;
}

constexpr const char* code_name(Code c) {
  switch (c) {
    case Code::kOk: return "ok";
    case Code::kBadInput: return "bad input";
    case Code::kInternal: return "internal";
    case Code::kUnavailable: return "unavailable";
    case Code::kCancelled: return "cancelled";
    case Code::kConflict: return "conflict";
  }
  return "?";
}

}  // namespace opticplan
