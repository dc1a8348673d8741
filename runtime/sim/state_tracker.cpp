#include "runtime/sim/state_tracker.h"

#include <algorithm>

namespace catslab::sim {

void StateTracker::set(std::string_view key, std::string value) {
  if (inPlace_) {
    if (written_ < last_.size() && last_[written_].first == key) {
      std::string& old = last_[written_].second;
      if (old != value) {
        old.swap(value);
        replaced_.emplace_back(written_, std::move(value));
      }
      ++written_;
      return;
    }
    leaveInPlace();
  }
  if (written_ == current_.size()) current_.emplace_back();
  Entry& slot = current_[written_++];
  slot.first.assign(key);
  slot.second = std::move(value);
}

void StateTracker::leaveInPlace() {
  inPlace_ = false;
  if (current_.size() < written_) current_.resize(written_);
  for (std::size_t i = 0; i < written_; ++i) current_[i] = last_[i];
  for (auto& [i, old] : replaced_) last_[i].second.swap(old);
  replaced_.clear();
}

void StateTracker::finishPass(const Change& changed) {
  if (inPlace_ && written_ == last_.size()) {
    // Same keys in the same order: last_ already is the new pass.
    for (const auto& r : replaced_) changed(last_[r.first].first, &last_[r.first].second);
    replaced_.clear();
    written_ = 0;
    inPlace_ = lastUnique_;
    return;
  }
  if (inPlace_) leaveInPlace();  // fewer keys than last time
  mergeDiff(changed);
  // The new pass becomes the last one; the old strings are reused next time.
  std::swap(last_, current_);
  last_.resize(written_);
  written_ = 0;
  inPlace_ = lastUnique_;
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
