#include "histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace catslab::ycsb {
namespace {
constexpr int kExact = 128;  // values below are their own bucket
constexpr int kSub = 64;     // buckets per power of two above
constexpr int kBuckets = kExact + 63 * kSub;
}  // namespace

LatencyHistogram::LatencyHistogram() : counts_(kBuckets, 0) {}

int LatencyHistogram::bucketOf(int64_t value) {
  if (value < kExact) return static_cast<int>(std::max<int64_t>(value, 0));
  int msb = 63 - std::countl_zero(static_cast<uint64_t>(value));
  int shift = msb - 6;  // value >> shift is in [64, 128)
  return kExact + (shift - 1) * kSub + static_cast<int>((value >> shift) - kSub);
}

int64_t LatencyHistogram::bucketHigh(int bucket) {
  if (bucket < kExact) return bucket;
  int shift = (bucket - kExact) / kSub + 1;
  int64_t sub = (bucket - kExact) % kSub + kSub;
  return ((sub + 1) << shift) - 1;
}

void LatencyHistogram::record(int64_t value) {
  value = std::max<int64_t>(value, 0);
  ++counts_[bucketOf(value)];
  if (count_ == 0 || value < min_) min_ = value;
  if (count_ == 0 || value > max_) max_ = value;
  ++count_;
  sum_ += value;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  for (int i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
  min_ = count_ ? std::min(min_, other.min_) : other.min_;
  max_ = count_ ? std::max(max_, other.max_) : other.max_;
  count_ += other.count_;
  sum_ += other.sum_;
}

LatencyHistogram LatencyHistogram::since(const LatencyHistogram& earlier) const {
  LatencyHistogram d;
  for (int i = 0; i < kBuckets; ++i) {
    d.counts_[i] = counts_[i] - earlier.counts_[i];
    if (d.counts_[i] <= 0) continue;
    if (d.count_ == 0) d.min_ = i == 0 ? 0 : bucketHigh(i - 1) + 1;
    d.max_ = bucketHigh(i);
    d.count_ += d.counts_[i];
  }
  d.min_ = std::max(d.min_, min_);
  d.max_ = std::min(d.max_, max_);
  d.sum_ = sum_ - earlier.sum_;
  return d;
}

int64_t LatencyHistogram::percentile(double percent) const {
  if (count_ == 0) return 0;
  auto wanted = static_cast<int64_t>(std::ceil(percent / 100.0 * static_cast<double>(count_)));
  wanted = std::clamp<int64_t>(wanted, 1, count_);
  int64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += counts_[i];
    if (seen >= wanted) return std::min(bucketHigh(i), max_);
  }
  return max_;
}

}  // namespace catslab::ycsb
