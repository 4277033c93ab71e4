// Names of enumerators: a table of (name, value) pairs per enum, the one place where the words a
// user writes ("cost", "smf", "800G") meet the values engines use. Readers parse with it, writers
// print with it, so the two cannot drift apart.
#pragma once

#include <span>
#include <string_view>
#include <utility>

namespace opticplan {

template <class E>
using Choices = std::span<const std::pair<std::string_view, E>>;

// The name of `value` in `choices`, or "?" when the table does not list it.
template <class E>
std::string_view choice_name(Choices<E> choices, E value) {
  for (const auto& [name, v] : choices)
    if (v == value) return name;
  return "?";
}

}  // namespace opticplan
