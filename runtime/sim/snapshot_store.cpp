#include "runtime/sim/snapshot_store.h"

#include <algorithm>

#include "runtime/sim/trace_file.h"

namespace catslab::sim {

using runtime::Result;
using runtime::Status;

SnapshotStore::SnapshotStore(Options options)
    : options_(options), every_(std::max<std::size_t>(1, options.keyframeEvery)) {
  keyframes_.push_back(Keyframe{0, GlobalState{}});
}

void SnapshotStore::append(const trace::Record& record) {
  records_.push_back(record);
  applyRecord(latest_, record);
  ++next_;
  latest_.records = next_;  // indices are stream positions, whatever seq says
  if (next_ % every_ == 0) keyframes_.push_back(Keyframe{next_, latest_});
  trim();
}

RecordSink SnapshotStore::sink() {
  return [this](const trace::Record& r) { append(r); };
}

void SnapshotStore::trim() {
  if (options_.maxKeyframes > 1 && keyframes_.size() > options_.maxKeyframes) {
    // Keep the base and every keyframe at a multiple of the doubled spacing.
    every_ *= 2;
    std::vector<Keyframe> kept;
    kept.push_back(std::move(keyframes_.front()));
    for (std::size_t i = 1; i < keyframes_.size(); ++i) {
      if (keyframes_[i].n % every_ == 0) kept.push_back(std::move(keyframes_[i]));
    }
    keyframes_ = std::move(kept);
  }
  if (options_.maxRecords > 0 && records_.size() > options_.maxRecords) {
    // New base: the latest keyframe that leaves at most maxRecords records.
    const std::uint64_t wanted = endIndex() - options_.maxRecords;
    std::size_t k = 0;
    for (std::size_t i = 0; i < keyframes_.size(); ++i) {
      if (keyframes_[i].n <= wanted) k = i;
    }
    const std::uint64_t base = keyframes_[k].n;
    if (base <= first_) return;
    records_.erase(records_.begin(), records_.begin() + static_cast<std::ptrdiff_t>(base - first_));
    first_ = base;
    keyframes_.erase(keyframes_.begin(), keyframes_.begin() + static_cast<std::ptrdiff_t>(k));
  }
}

GlobalState SnapshotStore::at(std::uint64_t n) const {
  n = std::clamp(n, first_, endIndex());
  if (n == endIndex()) return latest_;
  auto it = std::upper_bound(keyframes_.begin(), keyframes_.end(), n,
                             [](std::uint64_t v, const Keyframe& k) { return v < k.n; });
  const Keyframe& kf = *(it - 1);
  GlobalState s = kf.state;
  for (std::uint64_t i = kf.n; i < n; ++i) applyRecord(s, records_[i - first_]);
  s.records = n;
  return s;
}

std::uint64_t SnapshotStore::indexAtTime(std::int64_t timeNs) const {
  auto it =
      std::upper_bound(records_.begin(), records_.end(), timeNs,
                       [](std::int64_t t, const trace::Record& r) { return t < r.time_ns(); });
  return first_ + static_cast<std::uint64_t>(it - records_.begin());
}

bool SnapshotStore::forward(GlobalState& s) const {
  if (s.records < first_ || s.records >= endIndex()) return false;
  const std::uint64_t n = s.records;
  applyRecord(s, records_[n - first_]);
  s.records = n + 1;
  return true;
}

bool SnapshotStore::backward(GlobalState& s) const {
  if (s.records <= first_ || s.records > endIndex()) return false;
  s = at(s.records - 1);
  return true;
}

Result<SnapshotStore> SnapshotStore::fromFile(const std::string& path, Options options) {
  auto reader = TraceFileReader::open(path);
  if (!reader) return Result<SnapshotStore>::failure(reader.error());
  SnapshotStore store(options);
  store.append((*reader)->headerRecord());
  trace::Record r;
  while (true) {
    auto more = (*reader)->next(r);
    if (!more) return Result<SnapshotStore>::failure(more.error());
    if (!*more) break;
    store.append(r);
  }
  return store;
}

Status SnapshotStore::writeTo(const std::string& path) const {
  auto w = TraceFileWriter::open(path);
  if (!w) return Status::failure(w.error());
  if (records_.empty() || !records_.front().has_header()) {
    trace::Record h;
    h.mutable_header()->set_format(kTraceFormat);
    (*w)->write(h);
  }
  for (const auto& r : records_) (*w)->write(r);
  return (*w)->close();
}

}  // namespace catslab::sim
