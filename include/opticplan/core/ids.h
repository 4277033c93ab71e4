// Dense ids: the engines' way of naming things.
//
// Engines index flat arrays by small integers, never by strings. Id<Tag> is a typed index (so a
// PmdId cannot be passed where a ComponentId is expected); a default-constructed Id is "none" (not
// valid()). IdVec<Tag, T> is a vector indexed by it, and ids() is the range of its ids in order
// (`for (ItemId i : m.items.ids())`); Id<Tag>::from(n) names position n where a count is at hand.
// Interner maps the strings users write to ids once, at the edge.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <iterator>
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
  // The id at position `index` of a table (a size_t from a count or a loop).
  static constexpr Id from(size_t index) { return Id(static_cast<uint32_t>(index)); }
  constexpr bool valid() const { return v != kNone; }
  constexpr auto operator<=>(const Id&) const = default;
};

// The ids 0 .. n-1 of a table, in order (IdVec::ids()).
template <class Tag>
class IdRange {
 public:
  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Id<Tag>;
    using difference_type = std::ptrdiff_t;
    using reference = Id<Tag>;
    using pointer = void;
    constexpr iterator() = default;
    constexpr explicit iterator(uint32_t v) : v_(v) {}
    constexpr Id<Tag> operator*() const { return Id<Tag>(v_); }
    constexpr iterator& operator++() {
      ++v_;
      return *this;
    }
    constexpr iterator operator++(int) { return iterator(v_++); }
    constexpr bool operator==(const iterator&) const = default;

   private:
    uint32_t v_ = 0;
  };
  constexpr explicit IdRange(size_t n) : n_(static_cast<uint32_t>(n)) {}
  constexpr iterator begin() const { return iterator(0); }
  constexpr iterator end() const { return iterator(n_); }
  constexpr size_t size() const { return n_; }

 private:
  uint32_t n_;
};

// A vector indexed by Id<Tag>: the id of an entry is its position.
template <class Tag, class T>
class IdVec {
 public:
  using value_type = T;
  IdVec() = default;
  explicit IdVec(size_t n) : items_(n) {}
  IdVec(size_t n, const T& value) : items_(n, value) {}
  // Appends and returns the new entry's id.
  Id<Tag> push_back(T value) {
    items_.push_back(std::move(value));
    return Id<Tag>::from(items_.size() - 1);
  }
  T& operator[](Id<Tag> id) { return items_[id.v]; }
  const T& operator[](Id<Tag> id) const { return items_[id.v]; }
  IdRange<Tag> ids() const { return IdRange<Tag>(items_.size()); }
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  void resize(size_t n) { items_.resize(n); }
  void resize(size_t n, const T& value) { items_.resize(n, value); }
  void assign(size_t n, const T& value) { items_.assign(n, value); }
  void clear() { items_.clear(); }
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
