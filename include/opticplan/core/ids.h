// Dense ids: the engines' way of naming things.
//
// Engines index flat arrays by small integers, never by strings. Id<Tag> is a typed index (so a
// PmdId cannot be passed where a ComponentId is expected); IdVec<Tag, T> is a vector indexed by it;
// Interner maps the strings users write to ids once, at the edge.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace opticplan {

template <class Tag>
struct Id {
  static constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  uint32_t v = kNone;

  constexpr Id() = default;
  constexpr explicit Id(uint32_t value) : v(value) {}
  constexpr bool valid() const { return v != kNone; }
  constexpr auto operator<=>(const Id&) const = default;
};

template <class Tag, class T>
class IdVec {
 public:
  using value_type = T;
  Id<Tag> push_back(T value) {
    items_.push_back(std::move(value));
    return Id<Tag>(static_cast<uint32_t>(items_.size() - 1));
  }
  T& operator[](Id<Tag> id) { return items_[id.v]; }
  const T& operator[](Id<Tag> id) const { return items_[id.v]; }
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  void resize(size_t n) { items_.resize(n); }
  auto begin() { return items_.begin(); }
  auto end() { return items_.end(); }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }
  std::vector<T>& raw() { return items_; }
  const std::vector<T>& raw() const { return items_; }

 private:
  std::vector<T> items_;
};

// String <-> dense id, in order of first appearance.
class Interner {
 public:
  // The id of `name`, adding it if new.
  uint32_t intern(std::string_view name);
  // The id of `name`, or kNone.
  uint32_t find(std::string_view name) const;
  const std::string& name(uint32_t id) const { return names_[id]; }
  size_t size() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }

  static constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> index_;
  std::vector<std::string> names_;
};

}  // namespace opticplan
