// CoreWorkload: YCSB's core workload (site.ycsb.workloads.CoreWorkload) as
// far as a key-value store without scans can run it: workloads A, B, C, D
// and F. Built once from the properties (every property checked, an error
// names the file and key); shared by the client threads, each of which
// draws keys and operations through its own ThreadState.
//
// Properties read (YCSB's names and defaults): recordcount, operationcount,
// insertstart, insertcount, workload (must be CoreWorkload), table,
// fieldcount (10), fieldlength (100), fieldlengthdistribution (constant),
// fieldnameprefix (field), readproportion (0.95), updateproportion (0.05),
// insertproportion (0), scanproportion (0: anything else is workload E,
// refused), readmodifywriteproportion (0), requestdistribution
// (uniform | zipfian | latest | hotspot; default uniform), zipfianconstant
// (0.99), hotspotdatafraction, hotspotopnfraction, insertorder (hashed |
// ordered), zeropadding (1), readallfields and writeallfields (accepted;
// with one value per key every read and update moves the whole record).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "generators.h"
#include "properties.h"
#include "record.h"

namespace catslab::ycsb {

enum class KeyDistribution { Uniform, Zipfian, Latest, Hotspot };

struct WorkloadConfig {
  int64_t recordCount = 0;
  int64_t operationCount = 0;
  int64_t insertStart = 0;
  int64_t insertCount = 0;
  std::string table = "usertable";
  int64_t fieldCount = 10;
  int64_t fieldLength = 100;
  std::string fieldPrefix = "field";
  double readProportion = 0.95;
  double updateProportion = 0.05;
  double insertProportion = 0;
  double readModifyWriteProportion = 0;
  KeyDistribution distribution = KeyDistribution::Uniform;
  double zipfianConstant = kZipfianConstant;
  double hotspotDataFraction = 0.2;
  double hotspotOpnFraction = 0.8;
  bool orderedInserts = false;
  int64_t zeroPadding = 1;
};

// Reads and checks every property the core workload uses.
Result<WorkloadConfig> parseWorkload(const Properties& props);

// YCSB's buildKeyName: "user" + (hashed ? fnvHash64(n) : n), zero-padded.
std::string buildKeyName(int64_t keyNumber, int64_t zeroPadding, bool ordered);

class CoreWorkload {
 public:
  explicit CoreWorkload(WorkloadConfig config);
  const WorkloadConfig& config() const { return config_; }

  // One client thread's generators (see generators.h on why per thread).
  class ThreadState {
   public:
    ThreadState(CoreWorkload& workload, uint64_t seed);
    Rng& rng() { return rng_; }
    // The next key number to insert in the load phase (YCSB's keysequence).
    int64_t nextLoadKey();
    // A key number to read or update: from the request distribution, below
    // the newest acknowledged insert.
    int64_t nextKeyNumber();
    // "READ", "UPDATE", "INSERT" or "READMODIFYWRITE".
    const std::string& nextOperation();
    Record buildRecord();

   private:
    CoreWorkload& w_;
    Rng rng_;
    std::unique_ptr<ScrambledZipfianGenerator> zipfian_;
    std::unique_ptr<SkewedLatestGenerator> latest_;
  };

  // Insert key numbers of the run phase (shared by all threads).
  AcknowledgedCounter& transactionInserts() { return transactionInserts_; }
  std::string keyName(int64_t keyNumber) const {
    return buildKeyName(keyNumber, config_.zeroPadding, config_.orderedInserts);
  }

 private:
  WorkloadConfig config_;
  std::atomic<int64_t> loadSequence_;
  AcknowledgedCounter transactionInserts_;
  DiscreteChooser operations_;
};

}  // namespace catslab::ycsb
