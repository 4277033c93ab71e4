#include "opticplan/doc/document.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <yaml.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "opticplan/doc/files.h"

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

// Builds the Node tree from parse events (yaml-cpp's or libyaml's; lines and columns 1-based).
// Refuses duplicate keys and keys that are not scalars; with `quiet` it only records that it did.
// A collection's children gather in a buffer kept per nesting level and move into the node, sized
// exactly, when it closes: one allocation per collection instead of a growing vector's several.
class TreeBuilder {
 public:
  TreeBuilder(std::shared_ptr<const std::string> file, Diagnostics& diag, bool quiet = false)
      : file_(std::move(file)), diag_(diag), quiet_(quiet) {}

  Node take_root() { return std::move(root_); }
  bool failed() const { return failed_; }

  void null(int line, int column) { add(make(Node::Kind::kNull, line, column)); }
  void scalar(int line, int column, std::string value, bool quoted) {
    Node n = make(Node::Kind::kScalar, line, column);
    n.text = std::move(value);
    n.quoted = quoted;
    add(std::move(n));
  }
  void open(Node::Kind kind, int line, int column) {
    stack_.push_back(Frame{make(kind, line, column), false, {}, 0, 0});
    if (items_.size() < stack_.size()) {
      items_.resize(stack_.size());
      members_.resize(stack_.size());
    }
  }
  void close() {
    const size_t level = stack_.size() - 1;
    Frame& f = stack_.back();
    auto& items = items_[level];
    auto& members = members_[level];
    f.node.items.assign(std::make_move_iterator(items.begin()), std::make_move_iterator(items.end()));
    f.node.members.assign(std::make_move_iterator(members.begin()), std::make_move_iterator(members.end()));
    items.clear();
    members.clear();
    Node n = std::move(f.node);
    stack_.pop_back();
    add(std::move(n));
  }
  void error(int line, int column, std::string msg) {
    failed_ = true;
    if (!quiet_) diag_.error(Location{*file_, line, column}, "", std::move(msg));
  }

 private:
  struct Frame {
    Node node;
    bool have_key = false;  // mappings: a key has been read and waits for its value
    std::string key;
    int key_line = 0, key_column = 0;
  };

  Node make(Node::Kind kind, int line, int column) const {
    Node n;
    n.kind = kind;
    n.file = file_;
    n.line = line;
    n.column = column;
    return n;
  }

  void add(Node n) {
    if (stack_.empty()) {
      root_ = std::move(n);
      return;
    }
    Frame& top = stack_.back();
    const size_t level = stack_.size() - 1;
    if (top.node.kind == Node::Kind::kSequence) {
      items_[level].push_back(std::move(n));
      return;
    }
    if (!top.have_key) {
      if (n.kind != Node::Kind::kScalar)
        error(n.line, n.column, "mapping keys must be plain names, not " + n.describe());
      for (const auto& m : members_[level]) {
        if (m.key == n.text)
          error(n.line, n.column,
                "duplicate key \"" + n.text + "\" (first at line " + std::to_string(m.key_line) + ")");
      }
      top.key = std::move(n.text);
      top.key_line = n.line;
      top.key_column = n.column;
      top.have_key = true;
      return;
    }
    // An empty value ("power:" and nothing after) is marked by yaml-cpp where the next token starts,
    // often on a later line: locate it at its key instead.
    if (n.kind == Node::Kind::kNull &&
        (n.line > top.key_line || (n.line == top.key_line && n.column < top.key_column))) {
      n.line = top.key_line;
      n.column = top.key_column;
    }
    members_[level].push_back(Member{std::move(top.key), top.key_line, top.key_column, std::move(n)});
    top.key.clear();
    top.have_key = false;
  }

  std::shared_ptr<const std::string> file_;
  Diagnostics& diag_;
  bool quiet_;
  std::vector<Frame> stack_;
  std::vector<std::vector<Node>> items_;      // per nesting level: the open sequence's items so far
  std::vector<std::vector<Member>> members_;  // per nesting level: the open mapping's entries so far
  Node root_;
  bool failed_ = false;
};

// yaml-cpp (0.7) writes the escapes "\N" (U+0085) and "\_" (U+00A0) of a double-quoted scalar as the
// single bytes 0x85 and 0xA0, which are not UTF-8. parse_document refuses text that is not UTF-8
// before any parser sees it, so a byte 0x85 or 0xA0 where a character must start can only be one
// of those two escapes: this writes it as the character's UTF-8, as libyaml does.
std::string repair_yaml_cpp_escapes(const std::string& value) {
  std::string out;
  out.reserve(value.size() + 2);
  int continuation = 0;  // bytes still owed to the current multi-byte character
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (continuation > 0 && (c & 0xC0) == 0x80) {
      --continuation;
    } else {
      continuation = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
      if (c == 0x85 || c == 0xA0) out.push_back(static_cast<char>(0xC2));
    }
    out.push_back(ch);
  }
  return out;
}

// yaml-cpp's parse events into a TreeBuilder: the reference parser, and the one whose messages
// every syntax error is reported with.
class YamlCppEvents : public YAML::EventHandler {
 public:
  explicit YamlCppEvents(TreeBuilder& b) : b_(b) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { b_.null(mark.line + 1, mark.column + 1); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    b_.error(mark.line + 1, mark.column + 1, "YAML aliases (*name) are not supported: write the value out in full");
    b_.null(mark.line + 1, mark.column + 1);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t, const std::string& value) override {
    check_tag(mark, tag);
    b_.scalar(mark.line + 1, mark.column + 1, repair_yaml_cpp_escapes(value),
              tag == "!");  // yaml-cpp tags quoted scalars "!" and plain ones "?"
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    check_tag(mark, tag);
    b_.open(Node::Kind::kSequence, mark.line + 1, mark.column + 1);
  }
  void OnSequenceEnd() override { b_.close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t, YAML::EmitterStyle::value) override {
    check_tag(mark, tag);
    b_.open(Node::Kind::kMapping, mark.line + 1, mark.column + 1);
  }
  void OnMapEnd() override { b_.close(); }

 private:
  // yaml-cpp tags plain nodes "?" and quoted scalars "!"; anything else was written by the user
  // (!!str, !custom) and would change a value's type behind the reader's back.
  void check_tag(const YAML::Mark& mark, const std::string& tag) {
    if (!tag.empty() && tag != "?" && tag != "!")
      b_.error(mark.line + 1, mark.column + 1, "YAML tags (" + tag + ") are not supported: write the value plainly");
  }

  TreeBuilder& b_;
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
    struct Open {
      char c;
      int line, col;
    };
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
    if (e.id == 406)
      what = "number \"" + token + "\" is out of range";
    else if (pos != std::string::npos)
      what = what.substr(pos);
    message = what;
    return false;
  }
};

// Where libyaml's marks are in yaml-cpp's terms. libyaml counts columns in characters, yaml-cpp in
// bytes; and where a value is empty ("power:" and nothing after) libyaml marks the end of the ':'
// or '-' before it, yaml-cpp the start of the next token.
class Marks {
 public:
  // False when the text holds what the two parsers read differently or the marks cannot map:
  // carriage returns and tabs (yaml-cpp and libyaml accept them in different places), a byte order
  // mark, and the line breaks libyaml knows beyond '\n' (U+0085, U+2028, U+2029).
  bool scan(std::string_view text) {
    text_ = text;
    line_start_.push_back(0);
    bool non_ascii = false;
    for (size_t i = 0; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c == '\n') {
        line_start_.push_back(static_cast<uint32_t>(i + 1));
        non_ascii_.push_back(non_ascii);
        non_ascii = false;
      } else if (c == '\r' || c == '\t') {
        return false;
      } else if (c >= 0x80) {
        non_ascii = true;
        const auto c1 = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
        const auto c2 = i + 2 < text.size() ? static_cast<unsigned char>(text[i + 2]) : 0;
        if ((c == 0xC2 && c1 == 0x85) || (c == 0xE2 && c1 == 0x80 && (c2 == 0xA8 || c2 == 0xA9)) ||
            (c == 0xEF && c1 == 0xBB && c2 == 0xBF))
          return false;
      }
    }
    non_ascii_.push_back(non_ascii);
    return true;
  }

  // The byte offset of a libyaml mark.
  size_t offset(const yaml_mark_t& m) const {
    if (m.line >= line_start_.size()) return text_.size();
    size_t at = line_start_[m.line];
    if (!non_ascii_[m.line]) return std::min(at + m.column, text_.size());
    for (size_t chars = 0; chars < m.column && at < text_.size(); ++chars) {  // UTF-8, checked before
      const auto c = static_cast<unsigned char>(text_[at]);
      at += c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    }
    return std::min(at, text_.size());
  }

  // 1-based line and byte column of a byte offset, as yaml-cpp reports them.
  std::pair<int, int> position(size_t offset) const {
    const auto it = std::upper_bound(line_start_.begin(), line_start_.end(), offset);
    const size_t line = static_cast<size_t>(it - line_start_.begin()) - 1;
    return {static_cast<int>(line) + 1, static_cast<int>(offset - line_start_[line]) + 1};
  }

  std::pair<int, int> position(const yaml_mark_t& m) const {
    if (m.line < non_ascii_.size() && !non_ascii_[m.line] && line_start_[m.line] + m.column <= text_.size())
      return {static_cast<int>(m.line) + 1, static_cast<int>(m.column) + 1};
    return position(offset(m));
  }

  // Whether the node at `m` is an explicit key ("? key", "?key" in a flow collection): libyaml
  // and yaml-cpp read those differently.
  bool explicit_key(const yaml_mark_t& m) const {
    size_t at = offset(m);
    while (at > 0 && (text_[at - 1] == ' ' || text_[at - 1] == '\n')) --at;
    return at > 0 && text_[at - 1] == '?';
  }

  // Where yaml-cpp marks an empty value that libyaml marks at `m`: the next token, past spaces,
  // comments and line breaks, or the end of the text (which yaml-cpp marks at column 1 of the
  // last line). Nullopt unless `m` follows a ':' or '-'.
  std::optional<std::pair<int, int>> empty_value(const yaml_mark_t& m) const {
    size_t at = offset(m);
    if (at == 0 || (text_[at - 1] != ':' && text_[at - 1] != '-')) return std::nullopt;
    while (at < text_.size()) {
      const char c = text_[at];
      if (c == ' ' || c == '\n') {
        ++at;
      } else if (c == '#') {
        while (at < text_.size() && text_[at] != '\n') ++at;
      } else {
        break;
      }
    }
    if (at == text_.size()) return std::pair{position(at).first, 1};  // yaml-cpp's end of input: column 0
    return position(at);
  }

 private:
  std::string_view text_;
  std::vector<uint32_t> line_start_;  // byte offset of each line's first byte
  std::vector<bool> non_ascii_;       // per line: holds a byte >= 0x80
};

// Reads a document with libyaml's event parser into the tree yaml-cpp's events would build, for
// documents that parse cleanly. Anything else returns nullopt, reports nothing and is left to the
// yaml-cpp path, which reports it as it always has: a syntax error, a tag, an anchor or alias, a
// second document, duplicate or non-scalar keys, nesting deeper than 256 levels, an empty value
// in a flow collection or as the whole document, and the characters Marks::scan refuses.
std::optional<Node> parse_with_libyaml(std::string_view text, const std::shared_ptr<const std::string>& file) {
  Marks marks;
  if (!marks.scan(text)) return std::nullopt;
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) return std::nullopt;
  struct ParserGuard {
    yaml_parser_t* p;
    ~ParserGuard() { yaml_parser_delete(p); }
  } parser_guard{&parser};
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
  Diagnostics unused;
  TreeBuilder builder(file, unused, true);
  std::vector<bool> flow;  // per open collection: written in flow style ([...] or {...})
  int documents = 0;
  for (bool done = false; !done;) {
    yaml_event_t e;
    if (!yaml_parser_parse(&parser, &e)) return std::nullopt;
    struct EventGuard {
      yaml_event_t* e;
      ~EventGuard() { yaml_event_delete(e); }
    } event_guard{&e};
    switch (e.type) {
      case YAML_STREAM_START_EVENT:
      case YAML_DOCUMENT_END_EVENT: break;
      case YAML_STREAM_END_EVENT: done = true; break;
      case YAML_DOCUMENT_START_EVENT:
        if (++documents > 1 || e.data.document_start.version_directive ||
            e.data.document_start.tag_directives.start != e.data.document_start.tag_directives.end)
          return std::nullopt;
        break;
      case YAML_ALIAS_EVENT: return std::nullopt;
      case YAML_SCALAR_EVENT: {
        const auto& sc = e.data.scalar;
        if (sc.anchor || sc.tag || marks.explicit_key(e.start_mark)) return std::nullopt;
        const std::string_view value(reinterpret_cast<const char*>(sc.value), sc.length);
        if (sc.style != YAML_PLAIN_SCALAR_STYLE) {
          const auto [line, column] = marks.position(e.start_mark);
          builder.scalar(line, column, std::string(value), true);
        } else if (value.empty()) {  // an empty value: libyaml writes no scalar there
          if (flow.empty() || flow.back()) return std::nullopt;
          const auto at = marks.empty_value(e.start_mark);
          if (!at) return std::nullopt;
          builder.null(at->first, at->second);
        } else {
          // yaml-cpp ends a plain scalar in [...] or {...} at a '?', libyaml does not.
          if (!flow.empty() && flow.back() && value.find('?') != std::string_view::npos) return std::nullopt;
          const auto [line, column] = marks.position(e.start_mark);
          if (value == "~" || value == "null" || value == "Null" || value == "NULL")
            builder.null(line, column);
          else
            builder.scalar(line, column, std::string(value), false);
        }
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        const bool seq = e.type == YAML_SEQUENCE_START_EVENT;
        if (seq ? (e.data.sequence_start.anchor || e.data.sequence_start.tag)
                : (e.data.mapping_start.anchor || e.data.mapping_start.tag))
          return std::nullopt;
        if (flow.size() >= kMaxNesting) return std::nullopt;
        flow.push_back(seq ? e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
                           : e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE);
        const auto [line, column] = marks.position(e.start_mark);
        builder.open(seq ? Node::Kind::kSequence : Node::Kind::kMapping, line, column);
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        flow.pop_back();
        builder.close();
        break;
      case YAML_NO_EVENT: return std::nullopt;
    }
    if (builder.failed()) return std::nullopt;
  }
  if (documents == 0) return Node{};  // no document at all (empty, or comments only): as yaml-cpp
  return builder.take_root();
}

}  // namespace

namespace {

// The offset of the first '[' or '{' that opens a collection deeper than `limit`, or npos. A
// linear scan before any parser runs: the parsers' own guards come after they have tokenized (an
// 8 MB body of '[' cost yaml-cpp 1.4 GB). Quoted strings and comments are skipped; a bracket in a
// plain scalar counts too, which can only refuse a file with hundreds of them unclosed.
size_t too_deep_at(std::string_view text, size_t limit) {
  size_t depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\') ++i;
    } else if (c == '\'' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '[' || text[i - 1] == '{' ||
                             text[i - 1] == ',' || text[i - 1] == ':' || text[i - 1] == '\n')) {
      for (++i; i < text.size() && text[i] != '\''; ++i) {
      }
    } else if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n')) {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

}  // namespace

Node parse_document(std::string_view text, const std::string& display_name, Diagnostics& diag, YamlParser which) {
  auto file = std::make_shared<const std::string>(display_name);
  if (text.size() > kMaxFileBytes) {
    diag.error(Location{display_name, 0, 0}, "", "file is larger than the 64 MiB limit");
    return Node{};
  }
  {
    std::string why;
    if (const size_t bad = first_bad_byte(text, why); bad != std::string::npos) {
      diag.error(locate(text, bad, display_name), "", why + ": scenario files are UTF-8 text");
      return Node{};
    }
  }
  if (const size_t deep = too_deep_at(text, kMaxNesting); deep != std::string_view::npos) {
    diag.error(locate(text, deep, display_name), "",
               "nesting is too deep (more than " + std::to_string(kMaxNesting) + " levels of [ ] or { })");
    return Node{};
  }
  std::string detabbed;  // a JSON file with tabs, which YAML's reader takes as spaces only
  if (ends_with(display_name, ".json")) {
    JsonCheck check;
    const bool ok = nlohmann::json::sax_parse(text, &check, nlohmann::json::input_format_t::json, false);
    if (!ok) {
      diag.error(locate(text, check.error_at == std::string::npos ? text.size() : check.error_at, display_name), "",
                 "invalid JSON: " + check.message);
      return Node{};
    }
    // Raw tabs can only be whitespace in valid JSON; YAML's reader rejects them in places JSON allows.
    if (text.find('\t') != std::string_view::npos) {
      detabbed = std::string(text);
      for (char& c : detabbed)
        if (c == '\t') c = ' ';
      text = detabbed;
    }
  }
  if (which == YamlParser::kFast)
    if (auto root = parse_with_libyaml(text, file)) return std::move(*root);
  std::istringstream in{std::string(text)};
  TreeBuilder builder(file, diag);
  YamlCppEvents events(builder);
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(events)) return Node{};  // empty file: a null document
    TreeBuilder extra(file, diag);
    YamlCppEvents extra_events(extra);
    if (parser.HandleNextDocument(extra_events)) {
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
    diag.error(where, "", "invalid YAML: " + e.msg + yaml_hint(text, e.mark, e.msg));
    return Node{};
  } catch (const std::exception& e) {
    diag.error(Location{display_name, 0, 0}, "", std::string("could not read: ") + e.what());
    return Node{};
  }
  if (builder.failed()) return Node{};
  return builder.take_root();
}

Node load_document(const std::string& path, const std::string& display_name, Diagnostics& diag, const Location& from) {
  const DiskFiles disk;
  auto text = disk.read(SourceFile{path, display_name, {}});
  if (!text) {
    diag.error(from.file.empty() ? Location{display_name, 0, 0} : from, "", text.error());
    return Node{};
  }
  return parse_document(*text, display_name, diag);
}

}  // namespace opticplan
