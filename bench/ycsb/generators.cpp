#include "generators.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace catslab::ycsb {

int64_t fnvHash64(int64_t value) {
  constexpr uint64_t kOffsetBasis = 0xCBF29CE484222325ULL;
  constexpr uint64_t kPrime = 1099511628211ULL;
  uint64_t hash = kOffsetBasis;
  for (int i = 0; i < 8; ++i) {
    uint64_t octet = static_cast<uint64_t>(value) & 0xff;
    value >>= 8;  // arithmetic, as Java's >> on a long
    hash ^= octet;
    hash *= kPrime;
  }
  auto signedHash = static_cast<int64_t>(hash);
  // Java's Math.abs leaves Long.MIN_VALUE negative; nothing YCSB hashes gets there.
  return signedHash == INT64_MIN ? signedHash : std::llabs(signedHash);
}

double uniformUnit(Rng& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

namespace {
double zetaFrom(int64_t start, int64_t n, double theta, double initial) {
  double sum = initial;
  for (int64_t i = start; i < n; ++i) sum += 1.0 / std::pow(static_cast<double>(i + 1), theta);
  return sum;
}
}  // namespace

double zeta(int64_t n, double theta) { return zetaFrom(0, n, theta, 0); }

ZipfianGenerator::ZipfianGenerator(int64_t min, int64_t max, double constant)
    : ZipfianGenerator(min, max, constant, zeta(max - min + 1, constant)) {}

ZipfianGenerator::ZipfianGenerator(int64_t min, int64_t max, double constant, double zetan)
    : items_(max - min + 1),
      base_(min),
      theta_(constant),
      zeta2theta_(zeta(2, constant)),
      alpha_(1.0 / (1.0 - constant)),
      zetan_(zetan),
      countForZeta_(items_),
      eta_((1 - std::pow(2.0 / static_cast<double>(items_), 1 - theta_)) /
           (1 - zeta2theta_ / zetan_)) {}

int64_t ZipfianGenerator::next(Rng& rng, int64_t itemCount) {
  if (itemCount > countForZeta_) {
    // YCSB grows zeta incrementally and, as it does, keeps eta's item count.
    zetan_ = zetaFrom(countForZeta_, itemCount, theta_, zetan_);
    countForZeta_ = itemCount;
    eta_ =
        (1 - std::pow(2.0 / static_cast<double>(items_), 1 - theta_)) / (1 - zeta2theta_ / zetan_);
  }
  double u = uniformUnit(rng);
  double uz = u * zetan_;
  if (uz < 1.0) return base_;
  if (uz < 1.0 + std::pow(0.5, theta_)) return base_ + 1;
  return base_ + static_cast<int64_t>(static_cast<double>(itemCount) *
                                      std::pow(eta_ * u - eta_ + 1, alpha_));
}

ScrambledZipfianGenerator::ScrambledZipfianGenerator(int64_t min, int64_t max, double constant)
    : min_(min),
      itemCount_(max - min + 1),
      gen_(constant == kZipfianConstant ? ZipfianGenerator(0, kItemCount, constant, kZetan)
                                        : ZipfianGenerator(0, kItemCount, constant)) {}

int64_t ScrambledZipfianGenerator::next(Rng& rng) {
  return min_ + fnvHash64(gen_.next(rng)) % itemCount_;
}

void AcknowledgedCounter::acknowledge(int64_t value) {
  std::lock_guard lock(mutex_);
  pending_.insert(value);
  int64_t limit = limit_.load();
  while (!pending_.empty() && *pending_.begin() == limit + 1) {
    pending_.erase(pending_.begin());
    ++limit;
  }
  limit_.store(limit);
}

SkewedLatestGenerator::SkewedLatestGenerator(const AcknowledgedCounter& basis)
    : basis_(basis), zipfian_(0, std::max<int64_t>(basis.lastValue(), 1) - 1) {}

int64_t SkewedLatestGenerator::next(Rng& rng) {
  int64_t max = basis_.lastValue();
  return max - zipfian_.next(rng, std::max<int64_t>(max, 1));
}

void DiscreteChooser::add(std::string name, double weight) {
  if (weight <= 0) return;
  values_.emplace_back(std::move(name), weight);
  sum_ += weight;
}

bool DiscreteChooser::empty() const { return values_.empty(); }

const std::string& DiscreteChooser::next(Rng& rng) const {
  double v = uniformUnit(rng);
  for (const auto& [name, weight] : values_) {
    if (v < weight / sum_) return name;
    v -= weight / sum_;
  }
  return values_.back().first;
}

}  // namespace catslab::ycsb
