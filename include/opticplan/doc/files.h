// FileSource: where every file a scenario names is found and read (LevelDB's Env, for one purpose).
//
// Readers never open files themselves: the scenario loader, `include:`, orders_csv and orders_xlsx
// ask a FileSource to resolve a path written in a document against the file it is written in, and
// to read the file resolved. What may be read is then a property of the source passed in, not of
// the keys a reader happens to know: DiskFiles serves the disk (the CLI); ShippedOnly serves the
// shipped data folder and refuses every other path (the service loads stored scenarios with it, so
// no key, present or future, can make the server read its own files).
//
// Contract. A SourceFile carries two names: `path`, what the source opens, and `shown`, what
// messages call it ("data/catalog/catalog.yaml", "plans/q3.yaml"); `key` names the file once
// however it was reached (include cycles and diamonds compare keys). A document given as text has
// no folder: its SourceFile has an empty path. Errors are values: a Result whose message names the
// path and says why (not found, not a regular file, over the 64 MiB limit, refused by the source);
// the caller locates it at the node that named the file (or at the file itself) as a Diagnostic.
// Resolution: an absolute path is itself; a relative include is the file beside the including one
// if it exists there, else the shipped file of that name (shown as "data/..."); a relative data
// file (orders_csv) is the file beside the including one only.
// Thread safety: sources are immutable once built; const calls may run concurrently.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "opticplan/core/result.h"

namespace opticplan {

struct SourceFile {
  std::string path;   // what the source opens; empty for a document given as text (no folder)
  std::string shown;  // how messages name it
  std::string key;    // one name per file, however reached (for cycles); empty when not resolved
};

// How a relative path written in a document is looked up.
enum class Lookup : unsigned char {
  kInclude,  // beside the including file, else in the shipped data folder
  kBeside,   // beside the including file only (data files: orders_csv, orders_xlsx)
};

class FileSource {
 public:
  virtual ~FileSource() = default;

  // A file the user named directly (a command-line argument, --catalog): as named, relative to the
  // working directory.
  virtual SourceFile named(std::string_view path) const = 0;
  // The file `rel` names when written in `from`. An error names `rel` and says why: no such file
  // (kInclude), or refused by the source.
  virtual Result<SourceFile> resolve(std::string_view rel, const SourceFile& from, Lookup lookup) const = 0;
  // The whole contents of `file`. `noun` words the error of a missing file ("cannot open CSV file
  // \"x.csv\"").
  virtual Result<std::string> read(const SourceFile& file, std::string_view noun = "file") const = 0;
};

// The disk, as the CLI sees it; `shipped` is the shipped data folder (empty: none).
class DiskFiles : public FileSource {
 public:
  explicit DiskFiles(std::string shipped = {});
  SourceFile named(std::string_view path) const override;
  Result<SourceFile> resolve(std::string_view rel, const SourceFile& from, Lookup lookup) const override;
  Result<std::string> read(const SourceFile& file, std::string_view noun = "file") const override;

 protected:
  // Why `path` may not be read ("" when it may): the hook a confining source overrides.
  virtual std::string refusal(const std::string& path, std::string_view written) const;
  const std::string& shipped() const { return shipped_; }

 private:
  std::string shipped_;
};

// Only the files under the shipped data folder (after following links); any other path, absolute,
// climbing out with "..", or a link pointing out, is refused with a message that names it.
class ShippedOnly : public DiskFiles {
 public:
  explicit ShippedOnly(const std::string& shipped);

 protected:
  std::string refusal(const std::string& path, std::string_view written) const override;

 private:
  std::string root_;  // the shipped folder, canonical
};

// The files one load has opened, found by the name messages show (a Node's `file`): how a reader
// deep in a document resolves a path written in a node against the file that node came from.
struct LoadedFiles {
  const FileSource& source;
  std::vector<SourceFile> files;  // in load order

  // The file shown as `shown`; a document given as text (no path) when the load opened none such.
  SourceFile file_shown_as(const std::string& shown) const;
};

}  // namespace opticplan
