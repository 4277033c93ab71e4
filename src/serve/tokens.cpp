#include "opticplan/serve/tokens.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace opticplan::serve {
namespace {

std::string hex(const unsigned char* p, size_t n) {
  static const char* kDigits = "0123456789abcdef";
  std::string out(2 * n, '0');
  for (size_t k = 0; k < n; ++k) {
    out[2 * k] = kDigits[p[k] >> 4];
    out[2 * k + 1] = kDigits[p[k] & 15];
  }
  return out;
}

}  // namespace

std::string new_token() {
  unsigned char bytes[20];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("the random number generator failed");
  return "opk_" + hex(bytes, sizeof bytes);
}

std::string token_hash(const std::string& token) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(token.data(), token.size(), digest, &n, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  return hex(digest, n);
}

bool valid_role(const std::string& role) { return role == "read" || role == "write"; }

}  // namespace opticplan::serve
