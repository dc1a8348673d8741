// A scripted stream of key-value requests for one node: the workload panel's
// generator, shared by both backends (workload_controller.h, sim_stream.h).
//
// A WorkloadSpec says how many requests per second, which share are reads
// (get) and deletes (del) — the rest are writes (put) —, over how many keys
// ("k0" … "k<n-1>"), with values of how many bytes, and whether keys are
// drawn uniformly or from a Zipf distribution (rank r with weight 1/r^s, so
// "k0" is the hottest). A RequestStream turns a spec and a seed into the
// same sequence of console lines every time ("put k3 n1.7........",
// "get k0", "del k12"): the simulation replays exactly, and a test can count.
// Requests come one period apart, the period a whole number of milliseconds
// (the rate is rounded to it), so a simulated stream keeps to times no timer
// shares (sim_stream.h).
//
// Plain values; a RequestStream is not thread-safe (one owner draws from it).
// No Qt: the runtime's Random (xoshiro256**) gives the same draws everywhere.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/random.h"
#include "runtime/result.h"

namespace catslab::ui::workload {

// Nanoseconds per millisecond (trace and simulation times are in ns).
inline constexpr std::int64_t kMs = 1'000'000;

enum class KeyDistribution { Uniform, Zipf };

struct WorkloadSpec {
  double ratePerSecond = 10;  // requests per second (per node)
  double readFraction = 0.5;  // share of gets
  double deleteFraction = 0;  // share of dels; puts take the rest
  int keyCount = 100;
  int valueSize = 8;  // bytes of a put's value (at least its unique tag)
  KeyDistribution keys = KeyDistribution::Uniform;
  double zipfExponent = 0.99;  // s of the Zipf distribution

  // A reason when the spec cannot run: rate in (0, 1000], fractions in
  // [0, 1] summing to at most 1, 1..1,000,000 keys, 1..4096-byte values, s in (0, 10].
  runtime::Status validate() const;
  // The period between two requests in ns: 1/rate rounded to a whole
  // millisecond, at least 1 ms.
  std::int64_t periodNs() const;
  // "20/s, 90% get 10% put, 100 keys zipf(0.99), 16-byte values"
  std::string describe() const;
  // "rate=20,reads=0.9,dels=0,keys=100,value=16,dist=zipf,s=0.99": every field
  // optional (defaults above); a bad name or value is refused with the reason.
  static runtime::Result<WorkloadSpec> parse(std::string_view text);
};

// Draws key ranks 0..n-1 with P(r) proportional to 1/(r+1)^s, by binary
// search in the cumulative weights (O(n) memory, O(log n) a draw).
class ZipfSampler {
 public:
  ZipfSampler(int n, double s);
  int sample(runtime::Random& random) const;
  double probability(int rank) const;  // exact P(rank), for tests

 private:
  std::vector<double> cdf_;
};

struct Request {
  enum class Kind : std::uint8_t { Get, Put, Del };
  Kind kind = Kind::Get;
  std::string key;
  std::string line;  // the console command
};

class RequestStream {
 public:
  // `tag` makes put values unique across streams ("n1"): value = tag.seq,
  // padded with dots to the spec's value size.
  RequestStream(WorkloadSpec spec, std::uint64_t seed, std::string tag);
  Request next();
  std::uint64_t issued() const { return issued_; }
  const WorkloadSpec& spec() const { return spec_; }

 private:
  WorkloadSpec spec_;
  runtime::Random random_;
  ZipfSampler zipf_;
  std::string tag_;
  std::uint64_t issued_ = 0;
};

}  // namespace catslab::ui::workload
