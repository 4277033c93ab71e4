#include "opticplan/doc/flags.h"

#include <algorithm>

namespace opticplan {

FlagDoc::FlagDoc() : file_(std::make_shared<const std::string>(kFile)) {
  root_.kind = Node::Kind::kMapping;
  root_.file = file_;
}

FlagDoc& FlagDoc::flag(const std::string& key, const std::string& flag_name) {
  flags_.push_back({key, flag_name, true});
  return *this;
}

FlagDoc& FlagDoc::add(const std::string& key, const std::string& value, bool quoted) {
  if (std::none_of(flags_.begin(), flags_.end(), [&](const Flag& f) { return f.key == key; })) {
    std::string name = "--" + key;
    std::replace(name.begin(), name.end(), '_', '-');
    flags_.push_back({key, name, false});
  }
  Member m;
  m.key = key;
  m.value = scalar(value, quoted);
  root_.members.push_back(std::move(m));
  return *this;
}

FlagDoc& FlagDoc::add_if(const std::string& key, const std::string& value) {
  if (!value.empty()) add(key, value);
  return *this;
}

FlagDoc& FlagDoc::add_list(const std::string& key, const std::vector<std::string>& values) {
  Member m;
  m.key = key;
  m.value.kind = Node::Kind::kSequence;
  m.value.file = file_;
  for (const auto& v : values) m.value.items.push_back(scalar(v, false));
  root_.members.push_back(std::move(m));
  return *this;
}

FlagDoc& FlagDoc::add_map(const std::string& key, FlagDoc sub) {
  for (Flag& f : sub.flags_)  // the flags the sub named: its other members keep this key's
    if (f.named) flags_.push_back({std::string(key).append(".").append(f.key), std::move(f.name), true});
  Member m;
  m.key = key;
  m.value = std::move(sub.root_);
  root_.members.push_back(std::move(m));
  return *this;
}

void FlagDoc::relabel(Diagnostics& diag, size_t from) const {
  for (size_t i = from; i < diag.size(); ++i) {
    Diagnostic& d = diag.at(i);
    if (d.where.file != kFile) continue;
    // The longest key the path starts with (a member of a nested map names its own flag).
    const Flag* best = nullptr;
    for (const Flag& f : flags_) {
      const std::string& key = f.key;
      const bool prefix = d.path.compare(0, key.size(), key) == 0 &&
                          (d.path.size() == key.size() || d.path[key.size()] == '.' || d.path[key.size()] == '[');
      if (prefix && (best == nullptr || key.size() > best->key.size())) best = &f;
    }
    if (best != nullptr) d.path = best->name + d.path.substr(best->key.size());
  }
}

Node FlagDoc::scalar(const std::string& value, bool quoted) const {
  Node n;
  n.kind = Node::Kind::kScalar;
  n.text = value;
  n.quoted = quoted;
  n.file = file_;
  return n;
}

}  // namespace opticplan
