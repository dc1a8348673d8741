#include "runtime/sim/state_tracker.h"

#include <algorithm>

namespace catslab::sim {

void StateTracker::set(std::string_view key, std::string value) {
  if (written_ == current_.size()) current_.emplace_back();
  Entry& slot = current_[written_++];
  slot.first.assign(key);
  slot.second = std::move(value);
}

void StateTracker::finishPass(const Change& changed) {
  bool sameKeys = lastUnique_ && written_ == last_.size();
  for (std::size_t i = 0; sameKeys && i < written_; ++i) {
    sameKeys = current_[i].first == last_[i].first;
  }
  if (sameKeys) {
    for (std::size_t i = 0; i < written_; ++i) {
      if (current_[i].second != last_[i].second) changed(current_[i].first, &current_[i].second);
    }
  } else {
    mergeDiff(changed);
  }
  // The new pass becomes the last one; the old strings are reused next time.
  std::swap(last_, current_);
  last_.resize(written_);
  written_ = 0;
}

std::vector<std::size_t> StateTracker::sortedUnique(const std::vector<Entry>& entries,
                                                    std::size_t n) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return entries[a].first < entries[b].first;
  });
  // Of equal keys keep the last written (the stable sort leaves it last).
  std::vector<std::size_t> unique;
  unique.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (i + 1 < n && entries[order[i]].first == entries[order[i + 1]].first) continue;
    unique.push_back(order[i]);
  }
  return unique;
}

void StateTracker::mergeDiff(const Change& changed) {
  const auto before = sortedUnique(last_, last_.size());
  const auto after = sortedUnique(current_, written_);
  auto a = before.begin();
  auto b = after.begin();
  while (a != before.end() || b != after.end()) {
    const Entry* x = a != before.end() ? &last_[*a] : nullptr;
    const Entry* y = b != after.end() ? &current_[*b] : nullptr;
    if (!y || (x && x->first < y->first)) {
      changed(x->first, nullptr);
      ++a;
    } else if (!x || y->first < x->first) {
      changed(y->first, &y->second);
      ++b;
    } else {
      if (x->second != y->second) changed(y->first, &y->second);
      ++a;
      ++b;
    }
  }
  lastUnique_ = after.size() == written_;
}

std::vector<std::string> StateTracker::keys() const {
  std::vector<std::string> out;
  for (std::size_t i : sortedUnique(last_, last_.size())) out.push_back(last_[i].first);
  return out;
}

}  // namespace catslab::sim
