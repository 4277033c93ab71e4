#include "opticplan/scenario/document.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace opticplan {

const Node* Node::find(std::string_view key) const {
  for (const auto& m : members)
    if (m.key == key) return &m.value;
  return nullptr;
}

std::string Node::describe() const {
  switch (kind) {
    case Kind::kNull: return "nothing (null)";
    case Kind::kScalar: {
      std::string t = text.size() > 40 ? text.substr(0, 40) + "..." : text;
      return "\"" + t + "\"";
    }
    case Kind::kSequence: return "a list";
    case Kind::kMapping: return "a mapping";
  }
  return "?";
}

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Builds the Node tree from yaml-cpp's parse events.
class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(std::shared_ptr<const std::string> file, Diagnostics& diag) : file_(std::move(file)), diag_(diag) {}

  Node take_root() { return std::move(root_); }
  bool failed() const { return failed_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { add(make(Node::Kind::kNull, mark)); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    error(mark, "YAML aliases (*name) are not supported: write the value out in full");
    add(make(Node::Kind::kNull, mark));
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t, const std::string& value) override {
    Node n = make(Node::Kind::kScalar, mark);
    n.text = value;
    n.quoted = tag == "!";  // yaml-cpp tags quoted scalars "!" and plain ones "?"
    add(std::move(n));
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    open(make(Node::Kind::kSequence, mark));
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    open(make(Node::Kind::kMapping, mark));
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    Node node;
    bool have_key = false;  // mappings: a key has been read and waits for its value
    Member pending;
  };

  Node make(Node::Kind kind, const YAML::Mark& mark) const {
    Node n;
    n.kind = kind;
    n.file = file_;
    n.line = mark.line + 1;
    n.column = mark.column + 1;
    return n;
  }

  void error(const YAML::Mark& mark, std::string msg) {
    failed_ = true;
    diag_.error(Location{*file_, mark.line + 1, mark.column + 1}, "", std::move(msg));
  }

  void open(Node n) { stack_.push_back(Frame{std::move(n), false, {}}); }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    add(std::move(f.node));
  }

  void add(Node n) {
    if (stack_.empty()) {
      root_ = std::move(n);
      return;
    }
    Frame& top = stack_.back();
    if (top.node.kind == Node::Kind::kSequence) {
      top.node.items.push_back(std::move(n));
      return;
    }
    if (!top.have_key) {
      if (n.kind != Node::Kind::kScalar) {
        failed_ = true;
        diag_.error(n.where(), "", "mapping keys must be plain names, not " + n.describe());
      }
      for (const auto& m : top.node.members) {
        if (m.key == n.text) {
          failed_ = true;
          diag_.error(n.where(), "", "duplicate key \"" + n.text + "\" (first at line " + std::to_string(m.key_line) + ")");
        }
      }
      top.pending = Member{n.text, n.line, n.column, {}};
      top.have_key = true;
      return;
    }
    top.pending.value = std::move(n);
    top.node.members.push_back(std::move(top.pending));
    top.pending = Member{};
    top.have_key = false;
  }

  std::shared_ptr<const std::string> file_;
  Diagnostics& diag_;
  std::vector<Frame> stack_;
  Node root_;
  bool failed_ = false;
};

// Line and column (1-based) of a byte offset.
Location locate(std::string_view text, size_t offset, const std::string& file) {
  int line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return Location{file, line, col};
}

}  // namespace

Node parse_document(std::string_view text, const std::string& display_name, Diagnostics& diag) {
  auto file = std::make_shared<const std::string>(display_name);
  if (text.size() > kMaxFileBytes) {
    diag.error(Location{display_name, 0, 0}, "", "file is larger than the 64 MiB limit");
    return Node{};
  }
  std::string owned(text);
  if (ends_with(display_name, ".json")) {
    try {
      const auto parsed = nlohmann::json::parse(owned);
      (void)parsed;
    } catch (const nlohmann::json::parse_error& e) {
      // nlohmann's byte offset is 1-based and points just past the offending character.
      const size_t at = e.byte > 0 ? e.byte - 1 : 0;
      std::string what = e.what();
      const auto pos = what.find("syntax error");
      diag.error(locate(owned, at, display_name), "",
                 "invalid JSON: " + (pos == std::string::npos ? what : what.substr(pos)));
      return Node{};
    }
    // Raw tabs can only be whitespace in valid JSON; YAML's reader rejects them in places JSON allows.
    for (char& c : owned)
      if (c == '\t') c = ' ';
  }
  std::istringstream in(owned);
  TreeBuilder builder(file, diag);
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(builder)) return Node{};  // empty file: a null document
    TreeBuilder extra(file, diag);
    if (parser.HandleNextDocument(extra)) {
      const Node second = extra.take_root();
      diag.error(second.where(), "", "a file holds one document; found a second one (after \"---\")");
      return Node{};
    }
  } catch (const YAML::DeepRecursion& e) {
    diag.error(Location{display_name, e.mark.line + 1, e.mark.column + 1}, "", "nesting is too deep (limit 2000 levels)");
    return Node{};
  } catch (const YAML::Exception& e) {
    Location where{display_name, e.mark.line + 1, e.mark.column + 1};
    if (e.mark.is_null()) where = Location{display_name, 0, 0};
    diag.error(where, "", "invalid YAML: " + e.msg);
    return Node{};
  } catch (const std::exception& e) {
    diag.error(Location{display_name, 0, 0}, "", std::string("could not read: ") + e.what());
    return Node{};
  }
  if (builder.failed()) return Node{};
  return builder.take_root();
}

Node load_document(const std::string& path, const std::string& display_name, Diagnostics& diag, const Location& from) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diag.error(from.file.empty() ? Location{display_name, 0, 0} : from, "", "cannot open file \"" + display_name + "\"");
    return Node{};
  }
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) {
    diag.error(Location{display_name, 0, 0}, "", "cannot read file (is it a directory?)");
    return Node{};
  }
  if (static_cast<size_t>(size) > kMaxFileBytes) {
    diag.error(Location{display_name, 0, 0}, "", "file is larger than the 64 MiB limit");
    return Node{};
  }
  in.seekg(0);
  std::string text(static_cast<size_t>(size), '\0');
  in.read(text.data(), size);
  if (!in) {
    diag.error(Location{display_name, 0, 0}, "", "cannot read file (is it a directory?)");
    return Node{};
  }
  return parse_document(text, display_name, diag);
}

}  // namespace opticplan
