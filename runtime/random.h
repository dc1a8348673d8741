// Seeded random streams. Every component draws from its own stream, derived
// from the runtime's root seed and the component's path, so a run is
// reproducible from the root seed alone (simulation) and streams of
// different components are independent. Not thread-safe: a stream belongs to
// one component, which runs one handler at a time.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

namespace catslab::runtime {

// xoshiro256** seeded through splitmix64. Satisfies UniformRandomBitGenerator.
class Random {
 public:
  using result_type = std::uint64_t;
  explicit Random(std::uint64_t seed = 1) { reseed(seed); }

  void reseed(std::uint64_t seed);
  static std::uint64_t derive(std::uint64_t seed, std::string_view label);

  std::uint64_t next();
  std::uint64_t operator()() { return next(); }
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  double uniform();                                        // [0, 1)
  double uniform(double lo, double hi);                    // [lo, hi)
  std::uint64_t below(std::uint64_t bound);                // [0, bound), unbiased
  std::int64_t between(std::int64_t lo, std::int64_t hi);  // [lo, hi]
  bool chance(double probability);
  double exponential(double mean);
  double normal(double mean, double stddev);
  double pareto(double scale, double shape);

 private:
  std::uint64_t s_[4];
};

}  // namespace catslab::runtime
