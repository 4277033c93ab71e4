// Web files: the built web app's folder as the server reads it (GET and HEAD of anything outside
// /api/). A request path maps to a file under the folder: "/" and "x/" to their index.html. A
// path with a ".." or "." segment, a backslash or a NUL, or one that leads outside the folder
// through a link, is not a file of the folder (the caller answers 404). The content type comes
// from the file name's extension.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace opticplan::serve {

struct WebFile {
  std::string body;
  std::string content_type;
};

// `path` is the request's path, percent-decoded, starting with '/'.
std::optional<WebFile> read_web_file(const std::filesystem::path& root, std::string_view path);

}  // namespace opticplan::serve
