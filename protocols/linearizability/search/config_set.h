// ConfigSet: an open-addressing hash set of (mask, value) configurations with
// O(1) clear (entries are stamped with a generation), used by the frontier
// sweep to deduplicate configurations within one event. Single-threaded.
#pragma once

#include <cstdint>
#include <vector>

namespace catslab::checker {

class ConfigSet {
 public:
  ConfigSet() : slots_(1024) {}

  // True if (mask, value) was not yet in the set.
  bool insert(std::uint64_t mask, std::int32_t value) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    return place(slots_, mask, value, gen_);
  }

  void clear() {
    // A table grown for one busy event would make every later, smaller event
    // pay a cache miss per probe: shrink it back.
    std::size_t wanted = 1024;
    while (wanted < count_ * 4) wanted *= 2;
    if (slots_.size() > wanted * 64) {
      slots_.assign(wanted, Slot{});
      gen_ = 1;
      count_ = 0;
      return;
    }
    count_ = 0;
    if (++gen_ == 0) {  // generations wrapped: really clear
      for (Slot& s : slots_) s.gen = 0;
      gen_ = 1;
    }
  }

  std::size_t size() const { return count_; }

 private:
  struct Slot {
    std::uint64_t mask = 0;
    std::int32_t value = 0;
    std::uint32_t gen = 0;  // live iff gen == gen_
  };

  static std::size_t hash(std::uint64_t mask, std::int32_t value) {
    std::uint64_t h = mask ^ (static_cast<std::uint64_t>(static_cast<std::uint32_t>(value)) *
                              0x9e3779b97f4a7c15ULL);
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return static_cast<std::size_t>(h);
  }

  bool place(std::vector<Slot>& table, std::uint64_t mask, std::int32_t value, std::uint32_t gen) {
    std::size_t m = table.size() - 1;
    for (std::size_t i = hash(mask, value) & m;; i = (i + 1) & m) {
      Slot& s = table[i];
      if (s.gen != gen) {
        s = Slot{mask, value, gen};
        if (&table == &slots_) ++count_;
        return true;
      }
      if (s.mask == mask && s.value == value) return false;
    }
  }

  void grow() {
    std::vector<Slot> bigger(slots_.size() * 2);
    for (const Slot& s : slots_)
      if (s.gen == gen_) place(bigger, s.mask, s.value, gen_);
    slots_.swap(bigger);
  }

  std::vector<Slot> slots_;
  std::uint32_t gen_ = 1;
  std::size_t count_ = 0;
};

}  // namespace catslab::checker
