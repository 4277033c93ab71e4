// API tokens: random secrets shown once, kept only as their SHA-256 (hex) in the store.
//
// A token is "opk_" followed by 40 hex digits (160 random bits from OpenSSL's RAND_bytes). Roles:
// "read" may call every GET route, quote and validate; "write" may also change state.
#pragma once

#include <string>

namespace opticplan::serve {

std::string new_token();                           // throws std::runtime_error if the RNG fails
std::string token_hash(const std::string& token);  // SHA-256, lowercase hex
bool valid_role(const std::string& role);          // "read" or "write"

}  // namespace opticplan::serve
