// LatencyHistogram: a log-bucketed histogram of non-negative integers
// (microseconds here), in the manner of HdrHistogram: values below 128 are
// exact, larger ones fall into 64 buckets per power of two, so a percentile
// is within 1/64 (1.6 %) of the recorded value. Count, sum, min and max are
// exact. Debian 12 packages no C or C++ HdrHistogram (only Java and Go
// ones), hence this one.
//
// Not thread-safe: each client thread records into its own, and merge()
// adds them up.
#pragma once

#include <cstdint>
#include <vector>

namespace catslab::ycsb {

class LatencyHistogram {
 public:
  LatencyHistogram();
  void record(int64_t value);
  void merge(const LatencyHistogram& other);
  // What was recorded after `earlier` (an older copy of this histogram):
  // the status line's per-interval figures. Min and max of the difference
  // are its lowest and highest buckets' bounds (within 1/64).
  LatencyHistogram since(const LatencyHistogram& earlier) const;

  int64_t count() const { return count_; }
  int64_t min() const { return count_ ? min_ : 0; }
  int64_t max() const { return count_ ? max_ : 0; }
  double mean() const { return count_ ? static_cast<double>(sum_) / count_ : 0; }
  // The smallest bucket bound below which `percent` % of the values lie
  // (the highest value equivalent to it, capped at max(), as HdrHistogram's
  // getValueAtPercentile).
  int64_t percentile(double percent) const;

  // Bucket arithmetic, public for the tests.
  static int bucketOf(int64_t value);
  static int64_t bucketHigh(int bucket);

 private:
  std::vector<int64_t> counts_;
  int64_t count_ = 0;
  int64_t sum_ = 0;
  int64_t min_ = 0;
  int64_t max_ = 0;
};

}  // namespace catslab::ycsb
