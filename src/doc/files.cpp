#include "opticplan/doc/files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

#include "opticplan/doc/document.h"

namespace opticplan {
namespace fs = std::filesystem;

namespace {

std::string key_of(const fs::path& p) {
  std::error_code ec;
  const fs::path canon = fs::weakly_canonical(p, ec);
  return ec ? p.string() : canon.string();
}

bool exists(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

// Whether canonical `p` is `root` or lies under it (both canonical).
bool inside(const fs::path& p, const fs::path& root) {
  auto r = root.begin();
  auto q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (r->empty() && std::next(r) == root.end()) break;  // a trailing separator
    if (q == p.end() || *q != *r) return false;
  }
  return true;
}

}  // namespace

DiskFiles::DiskFiles(std::string shipped) : shipped_(std::move(shipped)) {}

SourceFile DiskFiles::named(std::string_view path) const {
  const std::string p(path);
  return SourceFile{p, p, key_of(p)};
}

std::string DiskFiles::refusal(const std::string&, std::string_view) const { return {}; }

Result<SourceFile> DiskFiles::resolve(std::string_view rel, const SourceFile& from, Lookup lookup) const {
  const fs::path p(rel);
  std::vector<SourceFile> candidates;
  if (p.is_absolute()) {
    candidates.push_back(SourceFile{std::string(rel), std::string(rel), {}});
  } else {
    if (lookup == Lookup::kBeside || !from.path.empty())
      candidates.push_back(SourceFile{(fs::path(from.path).parent_path() / p).string(),
                                      (fs::path(from.shown).parent_path() / p).lexically_normal().string(),
                                      {}});
    if (lookup == Lookup::kInclude && !shipped_.empty())
      candidates.push_back(
          SourceFile{(fs::path(shipped_) / p).string(), (fs::path("data") / p).lexically_normal().string(), {}});
  }
  std::string refused;
  for (auto& c : candidates) {
    if (std::string why = refusal(c.path, rel); !why.empty()) {
      if (refused.empty()) refused = std::move(why);
      continue;
    }
    // A data file is the one beside, whether or not it exists (read() says it cannot open it).
    if (lookup == Lookup::kBeside || p.is_absolute() || exists(c.path)) {
      c.key = key_of(c.path);
      return std::move(c);
    }
  }
  if (!refused.empty()) return fail(refused);
  return fail("cannot find \"" + std::string(rel) + "\" beside " + from.shown + " or in the shipped data folder");
}

Result<std::string> DiskFiles::read(const SourceFile& file, std::string_view noun) const {
  if (std::string why = refusal(file.path, file.shown); !why.empty()) return fail(why);
  std::error_code ec;
  if (!fs::exists(file.path, ec)) return fail("cannot open " + std::string(noun) + " \"" + file.shown + "\"");
  if (!fs::is_regular_file(file.path, ec)) return fail("\"" + file.shown + "\" is not a regular file");
  std::ifstream in(file.path, std::ios::binary);
  if (!in) return fail("cannot open " + std::string(noun) + " \"" + file.shown + "\"");
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) return fail("cannot read \"" + file.shown + "\"");
  if (static_cast<size_t>(size) > kMaxFileBytes) return fail("\"" + file.shown + "\" is larger than the 64 MiB limit");
  in.seekg(0);
  std::string text(static_cast<size_t>(size), '\0');
  in.read(text.data(), size);
  if (!in) return fail("cannot read \"" + file.shown + "\"");
  return text;
}

ShippedOnly::ShippedOnly(const std::string& shipped) : DiskFiles(shipped) {
  std::error_code ec;
  const fs::path canon = fs::weakly_canonical(fs::absolute(shipped, ec), ec);
  root_ = ec ? std::string() : canon.string();
}

std::string ShippedOnly::refusal(const std::string& path, std::string_view written) const {
  std::error_code ec;
  const fs::path canon = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (!ec && !root_.empty() && !path.empty() && inside(canon, root_)) return {};
  const fs::path w(written);
  const bool climbs = std::any_of(w.begin(), w.end(), [](const fs::path& part) { return part == ".."; });
  const std::string why = w.is_absolute() ? "an absolute path outside it"
                          : climbs        ? "a path that climbs out of it with \"..\""
                                          : "a path outside it";
  return "refused \"" + std::string(written) +
         "\": shipped files only (the data folder) can be read here, and this is " + why;
}

SourceFile LoadedFiles::file_shown_as(const std::string& shown) const {
  for (const auto& f : files)
    if (f.shown == shown) return f;
  return SourceFile{{}, shown, {}};
}

}  // namespace opticplan
