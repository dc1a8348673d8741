// Number generators as YCSB's core workload defines them (site.ycsb.generator):
// which key an operation touches and which operation comes next.
//
// - fnvHash64: YCSB's Utils.fnvhash64 (FNV-1a over the 8 bytes of a long,
//   absolute value), used to scramble zipfian draws and to name keys.
// - ZipfianGenerator: Gray et al.'s "Quickly generating billion-record
//   synthetic databases" as YCSB codes it, constant 0.99: item 0 is the most
//   popular; the item count may grow (incremental zeta), as for `latest`.
// - ScrambledZipfianGenerator: a zipfian over 10^10 items (YCSB's
//   precomputed zeta 26.469...), hashed into [min, max], so that the popular
//   keys are spread over the key space instead of clustered at its start.
// - SkewedLatestGenerator: `latest`: max - zipfian(max), where max is the
//   newest acknowledged insert, so recent inserts are the most popular.
// - AcknowledgedCounter: YCSB's AcknowledgedCounterGenerator: hands out
//   insert key numbers; lastValue() is the highest n such that every key
//   number up to n has been acknowledged (inserted).
// - DiscreteChooser: picks an operation by its proportion.
//
// Generators take the caller's random engine; ZipfianGenerator and
// SkewedLatestGenerator keep state that changes with the item count, so each
// client thread has its own. AcknowledgedCounter is shared and thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace catslab::ycsb {

using Rng = std::mt19937_64;

inline constexpr double kZipfianConstant = 0.99;

int64_t fnvHash64(int64_t value);
// A double in [0, 1), as Java's Random.nextDouble.
double uniformUnit(Rng& rng);
// zeta(n, theta) = sum over i = 1..n of 1 / i^theta.
double zeta(int64_t n, double theta);

class ZipfianGenerator {
 public:
  ZipfianGenerator(int64_t min, int64_t max, double constant = kZipfianConstant);
  ZipfianGenerator(int64_t min, int64_t max, double constant, double zetan);
  // A value in [min, min + itemCount); the item count may grow between calls.
  int64_t next(Rng& rng, int64_t itemCount);
  int64_t next(Rng& rng) { return next(rng, items_); }

 private:
  int64_t items_;
  int64_t base_;
  double theta_;
  double zeta2theta_;
  double alpha_;
  double zetan_;
  int64_t countForZeta_;
  double eta_;
};

class ScrambledZipfianGenerator {
 public:
  static constexpr int64_t kItemCount = 10'000'000'000LL;
  static constexpr double kZetan = 26.46902820178302;  // zeta(kItemCount + 1, 0.99)
  ScrambledZipfianGenerator(int64_t min, int64_t max, double constant = kZipfianConstant);
  int64_t next(Rng& rng);

 private:
  int64_t min_;
  int64_t itemCount_;
  ZipfianGenerator gen_;
};

class AcknowledgedCounter {
 public:
  explicit AcknowledgedCounter(int64_t start) : next_(start), limit_(start - 1) {}
  int64_t next() { return next_.fetch_add(1); }
  int64_t lastValue() const { return limit_.load(); }
  void acknowledge(int64_t value);

 private:
  std::atomic<int64_t> next_;
  std::atomic<int64_t> limit_;
  std::mutex mutex_;
  std::set<int64_t> pending_;  // acknowledged above limit_ + 1
};

class SkewedLatestGenerator {
 public:
  explicit SkewedLatestGenerator(const AcknowledgedCounter& basis);
  int64_t next(Rng& rng);

 private:
  const AcknowledgedCounter& basis_;
  ZipfianGenerator zipfian_;
};

class DiscreteChooser {
 public:
  void add(std::string name, double weight);
  bool empty() const;
  const std::string& next(Rng& rng) const;

 private:
  std::vector<std::pair<std::string, double>> values_;
  double sum_ = 0;
};

}  // namespace catslab::ycsb
