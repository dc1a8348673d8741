#include "workload.h"

namespace catslab::ycsb {
namespace {

template <class T>
Status take(Result<T> r, T& into) {
  if (!r) return Status::failure(r.error());
  into = *r;
  return Status::ok();
}

}  // namespace

Result<WorkloadConfig> parseWorkload(const Properties& props) {
  using R = Result<WorkloadConfig>;
  WorkloadConfig c;
  std::string workload = props.get("workload", "site.ycsb.workloads.CoreWorkload");
  if (workload != "site.ycsb.workloads.CoreWorkload" &&
      workload != "com.yahoo.ycsb.workloads.CoreWorkload") {
    return R::failure(props.where("workload") + ": only the core workload " +
                      "(site.ycsb.workloads.CoreWorkload) is supported, got '" + workload + "'");
  }
  if (!props.has("recordcount")) {
    return R::failure("recordcount: not set (give it in the workload file or with -p)");
  }
  constexpr double kAny = 1e300;
  for (Status s : {
           take(props.getInt("recordcount", 0, 1), c.recordCount),
           take(props.getInt("operationcount", 0, 0), c.operationCount),
           take(props.getInt("insertstart", 0, 0), c.insertStart),
           take(props.getInt("fieldcount", 10, 1, 1 << 16), c.fieldCount),
           take(props.getInt("fieldlength", 100, 0, 64 << 20), c.fieldLength),
           take(props.getDouble("readproportion", 0.95, 0, kAny), c.readProportion),
           take(props.getDouble("updateproportion", 0.05, 0, kAny), c.updateProportion),
           take(props.getDouble("insertproportion", 0, 0, kAny), c.insertProportion),
           take(props.getDouble("readmodifywriteproportion", 0, 0, kAny),
                c.readModifyWriteProportion),
           take(props.getDouble("zipfianconstant", kZipfianConstant, 0, 0.999999),
                c.zipfianConstant),
           take(props.getDouble("hotspotdatafraction", 0.2, 0, 1), c.hotspotDataFraction),
           take(props.getDouble("hotspotopnfraction", 0.8, 0, 1), c.hotspotOpnFraction),
           take(props.getInt("zeropadding", 1, 1, 64), c.zeroPadding),
       }) {
    if (!s) return R::failure(s.error());
  }
  auto insertCount = props.getInt("insertcount", c.recordCount - c.insertStart, 1);
  if (!insertCount) return R::failure(insertCount.error());
  c.insertCount = *insertCount;
  for (const char* key : {"readallfields", "writeallfields", "dataintegrity"}) {
    auto b = props.getBool(key, true);
    if (!b) return R::failure(b.error());
  }
  auto scans = props.getDouble("scanproportion", 0, 0, kAny);
  if (!scans) return R::failure(scans.error());
  if (*scans > 0) {
    return R::failure(props.where("scanproportion") + " = " + props.get("scanproportion", "") +
                      ": scans (YCSB workload E) are not supported: CATS, like the other "
                      "stores compared here, has no ordered range scan");
  }
  if (c.readProportion + c.updateProportion + c.insertProportion + c.readModifyWriteProportion <=
      0) {
    return R::failure(
        "readproportion, updateproportion, insertproportion, readmodifywriteproportion: all are "
        "0, so the run phase has no operation to do");
  }
  std::string dist = props.get("requestdistribution", "uniform");
  if (dist == "uniform") {
    c.distribution = KeyDistribution::Uniform;
  } else if (dist == "zipfian") {
    c.distribution = KeyDistribution::Zipfian;
  } else if (dist == "latest") {
    c.distribution = KeyDistribution::Latest;
  } else if (dist == "hotspot") {
    c.distribution = KeyDistribution::Hotspot;
  } else {
    return R::failure(
        props.where("requestdistribution") +
        ": expected uniform, zipfian, latest or hotspot, got '" + dist + "'" +
        (dist == "exponential" || dist == "sequential" ? " (not supported here)" : ""));
  }
  std::string order = props.get("insertorder", "hashed");
  if (order != "hashed" && order != "ordered") {
    return R::failure(props.where("insertorder") + ": expected hashed or ordered, got '" + order +
                      "'");
  }
  c.orderedInserts = order == "ordered";
  std::string lengths = props.get("fieldlengthdistribution", "constant");
  if (lengths != "constant") {
    return R::failure(props.where("fieldlengthdistribution") +
                      ": only 'constant' is supported, got '" + lengths + "'");
  }
  c.table = props.get("table", "usertable");
  c.fieldPrefix = props.get("fieldnameprefix", "field");
  return c;
}

std::string buildKeyName(int64_t keyNumber, int64_t zeroPadding, bool ordered) {
  if (!ordered) keyNumber = fnvHash64(keyNumber);
  std::string value = std::to_string(keyNumber);
  std::string key = "user";
  for (int64_t fill = zeroPadding - static_cast<int64_t>(value.size()); fill > 0; --fill) {
    key += '0';
  }
  return key + value;
}

CoreWorkload::CoreWorkload(WorkloadConfig config)
    : config_(std::move(config)),
      loadSequence_(config_.insertStart),
      transactionInserts_(config_.recordCount) {
  operations_.add("READ", config_.readProportion);
  operations_.add("UPDATE", config_.updateProportion);
  operations_.add("INSERT", config_.insertProportion);
  operations_.add("READMODIFYWRITE", config_.readModifyWriteProportion);
}

CoreWorkload::ThreadState::ThreadState(CoreWorkload& workload, uint64_t seed)
    : w_(workload), rng_(seed) {
  const WorkloadConfig& c = w_.config_;
  if (c.distribution == KeyDistribution::Zipfian) {
    // YCSB leaves room for the keys the run phase will insert.
    auto expectedNewKeys =
        static_cast<int64_t>(static_cast<double>(c.operationCount) * c.insertProportion * 2.0);
    zipfian_ = std::make_unique<ScrambledZipfianGenerator>(
        c.insertStart, c.insertStart + c.insertCount + expectedNewKeys, c.zipfianConstant);
  } else if (c.distribution == KeyDistribution::Latest) {
    latest_ = std::make_unique<SkewedLatestGenerator>(w_.transactionInserts_);
  }
}

int64_t CoreWorkload::ThreadState::nextLoadKey() { return w_.loadSequence_.fetch_add(1); }

int64_t CoreWorkload::ThreadState::nextKeyNumber() {
  const WorkloadConfig& c = w_.config_;
  int64_t limit = w_.transactionInserts_.lastValue();
  for (;;) {
    int64_t n = 0;
    switch (c.distribution) {
      case KeyDistribution::Uniform:
        n = c.insertStart + static_cast<int64_t>(rng_() % static_cast<uint64_t>(c.insertCount));
        break;
      case KeyDistribution::Zipfian:
        n = zipfian_->next(rng_);
        break;
      case KeyDistribution::Latest:
        n = latest_->next(rng_);
        break;
      case KeyDistribution::Hotspot: {
        auto hot = static_cast<int64_t>(static_cast<double>(c.insertCount) * c.hotspotDataFraction);
        int64_t cold = c.insertCount - hot;
        if (uniformUnit(rng_) < c.hotspotOpnFraction && hot > 0) {
          n = c.insertStart + static_cast<int64_t>(rng_() % static_cast<uint64_t>(hot));
        } else if (cold > 0) {
          n = c.insertStart + hot + static_cast<int64_t>(rng_() % static_cast<uint64_t>(cold));
        } else {
          n = c.insertStart;
        }
        break;
      }
    }
    if (n <= limit) return n;
  }
}

const std::string& CoreWorkload::ThreadState::nextOperation() { return w_.operations_.next(rng_); }

Record CoreWorkload::ThreadState::buildRecord() {
  const WorkloadConfig& c = w_.config_;
  Record r;
  r.reserve(static_cast<size_t>(c.fieldCount));
  for (int64_t i = 0; i < c.fieldCount; ++i) {
    r.emplace_back(c.fieldPrefix + std::to_string(i),
                   randomValue(rng_, static_cast<size_t>(c.fieldLength)));
  }
  return r;
}

}  // namespace catslab::ycsb
