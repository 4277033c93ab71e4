// Shared by the fuzz targets: a private scratch folder for inputs that the library reads from
// files (the scenario loader and the CSV import take paths), and the check every loader run must
// pass: each problem is located (names its file), so none is a bare internal error.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "opticplan/core/diagnostics.h"

namespace opticplan::fuzz {

// One folder per fuzzing process (libFuzzer's -jobs/-fork run several), removed at a normal exit;
// libFuzzer usually ends with _Exit, so fuzz/run points TMPDIR into build/fuzz/tmp.
inline const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "opticplan-fuzz-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) std::abort();
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(scratch(), ec);
    });
    return std::filesystem::path(tmpl);
  }();
  return dir;
}

// Writes `bytes` to scratch()/name and returns its path.
inline std::string write_file(const std::string& name, std::string_view bytes) {
  const std::string path = (scratch() / name).string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

// Every diagnostic must say where: an unlocated one means some reader lost track of its input.
inline void check_located(const Diagnostics& diag) {
  for (const auto& d : diag.items())
    if (d.where.file.empty() || d.message.empty()) {
      std::fprintf(stderr, "unlocated or empty diagnostic: %s\n", d.str().c_str());
      std::abort();
    }
}

}  // namespace opticplan::fuzz
