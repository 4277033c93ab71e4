#include "opticplan/doc/document.h"

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
    check_tag(mark, tag);
    Node n = make(Node::Kind::kScalar, mark);
    n.text = value;
    n.quoted = tag == "!";  // yaml-cpp tags quoted scalars "!" and plain ones "?"
    add(std::move(n));
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    check_tag(mark, tag);
    open(make(Node::Kind::kSequence, mark));
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t, YAML::EmitterStyle::value) override {
    check_tag(mark, tag);
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

  // yaml-cpp tags plain nodes "?" and quoted scalars "!"; anything else was written by the user
  // (!!str, !custom) and would change a value's type behind the reader's back.
  void check_tag(const YAML::Mark& mark, const std::string& tag) {
    if (!tag.empty() && tag != "?" && tag != "!") error(mark, "YAML tags (" + tag + ") are not supported: write the value plainly");
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
    // An empty value ("power:" and nothing after) is marked by yaml-cpp where the next token starts,
    // often on a later line: locate it at its key instead.
    if (n.kind == Node::Kind::kNull && (n.line > top.pending.key_line ||
                                         (n.line == top.pending.key_line && n.column < top.pending.key_column))) {
      n.line = top.pending.key_line;
      n.column = top.pending.key_column;
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

// The first byte that makes `text` invalid UTF-8 or a control character other than tab, line feed
// and carriage return; npos when the text is clean.
size_t first_bad_byte(std::string_view text, std::string& why) {
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        why = "control character (byte " + std::to_string(c) + ")";
        return i;
      }
      if (c == 0x7F) {
        why = "control character (byte 127)";
        return i;
      }
      ++i;
      continue;
    }
    size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = len > 0 && i + len <= text.size();
    for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    if (ok && len == 2 && c < 0xC2) ok = false;  // overlong
    if (!ok) {
      why = "invalid UTF-8";
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

// A hint for YAML errors that yaml-cpp words obscurely.
std::string yaml_hint(std::string_view text, const YAML::Mark& mark, const std::string& msg) {
  // Tabs in indentation: YAML indents with spaces only.
  int line = 1;
  bool at_line_start = true;
  for (size_t i = 0; i < text.size() && line <= mark.line + 1; ++i) {
    const char ch = text[i];
    if (ch == '\n') {
      ++line;
      at_line_start = true;
    } else if (at_line_start && ch == '\t') {
      return " (line " + std::to_string(line) + " is indented with a tab; YAML indents with spaces)";
    } else if (ch != ' ') {
      at_line_start = false;
    }
  }
  // An unclosed [ or {: find the innermost one still open at the error.
  if (msg.find("flow") != std::string::npos) {
    struct Open { char c; int line, col; };
    std::vector<Open> stack;
    int ln = 1, col = 1;
    char quote = 0;
    const size_t end = std::min(text.size(), static_cast<size_t>(mark.pos > 0 ? mark.pos : 0));
    for (size_t i = 0; i < end; ++i) {
      const char ch = text[i];
      if (quote) {
        if (ch == quote) quote = 0;
      } else if (ch == '"' || ch == '\'') {
        quote = ch;
      } else if (ch == '[' || ch == '{') {
        stack.push_back({ch, ln, col});
      } else if ((ch == ']' || ch == '}') && !stack.empty()) {
        stack.pop_back();
      }
      if (ch == '\n') {
        ++ln;
        col = 1;
        if (quote == '\'') quote = 0;
      } else {
        ++col;
      }
    }
    if (!stack.empty())
      return std::string(" (the '") + stack.back().c + "' at line " + std::to_string(stack.back().line) + ", column " +
             std::to_string(stack.back().col) + " is not closed)";
  }
  return "";
}

// Strict JSON syntax check through nlohmann's SAX interface, which reports the byte position of
// every error (including numbers too large for a double) without building a DOM.
struct JsonCheck : nlohmann::json_sax<nlohmann::json> {
  size_t error_at = std::string::npos;
  std::string message;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& e) override {
    error_at = position > 0 ? position - 1 : 0;
    std::string what = e.what();
    const auto pos = what.find("syntax error");
    if (e.id == 406) what = "number \"" + token + "\" is out of range";
    else if (pos != std::string::npos) what = what.substr(pos);
    message = what;
    return false;
  }
};

}  // namespace

Node parse_document(std::string_view text, const std::string& display_name, Diagnostics& diag) {
  auto file = std::make_shared<const std::string>(display_name);
  if (text.size() > kMaxFileBytes) {
    diag.error(Location{display_name, 0, 0}, "", "file is larger than the 64 MiB limit");
    return Node{};
  }
  std::string owned(text);
  {
    std::string why;
    if (const size_t bad = first_bad_byte(owned, why); bad != std::string::npos) {
      diag.error(locate(owned, bad, display_name), "", why + ": scenario files are UTF-8 text");
      return Node{};
    }
  }
  if (ends_with(display_name, ".json")) {
    JsonCheck check;
    const bool ok = nlohmann::json::sax_parse(owned, &check, nlohmann::json::input_format_t::json, false);
    if (!ok) {
      diag.error(locate(owned, check.error_at == std::string::npos ? owned.size() : check.error_at, display_name), "",
                 "invalid JSON: " + check.message);
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
    diag.error(Location{display_name, e.mark.line + 1, e.mark.column + 1}, "",
               "nesting is too deep (yaml-cpp stops at about 500 levels)");
    return Node{};
  } catch (const YAML::Exception& e) {
    Location where{display_name, e.mark.line + 1, e.mark.column + 1};
    if (e.mark.is_null()) where = Location{display_name, 0, 0};
    diag.error(where, "", "invalid YAML: " + e.msg + yaml_hint(owned, e.mark, e.msg));
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
