// The key and operation choosers of catslab-ycsb behave as YCSB's: zipfian
// is skewed (item 0 most popular, about 1/zeta of the draws), scrambled
// zipfian spreads the hot keys over the key space, latest favours the
// newest inserts and follows them as they grow, uniform is flat, and the
// operation mix follows the proportions. Fixed seeds: the counts are exact
// for a given seed, the bounds leave room for any seed.
#include <QTest>
#include <algorithm>
#include <map>

#include "bench/ycsb/generators.h"
#include "bench/ycsb/workload.h"

using namespace catslab::ycsb;

namespace {

constexpr int kDraws = 200000;

// Share of the draws taken by the `top` most frequent values.
double topShare(const std::map<int64_t, int>& counts, size_t top) {
  std::vector<int> c;
  for (const auto& [v, n] : counts) c.push_back(n);
  std::sort(c.rbegin(), c.rend());
  long sum = 0;
  for (size_t i = 0; i < std::min(top, c.size()); ++i) sum += c[i];
  return double(sum) / kDraws;
}

int64_t mostFrequent(const std::map<int64_t, int>& counts) {
  return std::max_element(counts.begin(), counts.end(),
                          [](const auto& a, const auto& b) { return a.second < b.second; })
      ->first;
}

WorkloadConfig config(KeyDistribution d) {
  WorkloadConfig c;
  c.recordCount = c.insertCount = 1000;
  c.operationCount = 1000;
  c.distribution = d;
  return c;
}

}  // namespace

class tst_ycsb_generators : public QObject {
  Q_OBJECT

 private slots:
  void fnvHashIsYcsbs() {
    QCOMPARE(fnvHash64(0), int64_t(6284781860667377211LL));
    QCOMPARE(fnvHash64(2), int64_t(1820151046732198393LL));
  }

  void zetaIsTheGeneralisedHarmonicNumber() {
    QCOMPARE(zeta(1, 0.99), 1.0);
    QVERIFY(qAbs(zeta(2, 0.99) - (1 + 1 / std::pow(2.0, 0.99))) < 1e-12);
  }

  void zipfianFavoursTheFirstItems() {
    ZipfianGenerator z(0, 999);
    Rng rng(1);
    std::map<int64_t, int> counts;
    for (int i = 0; i < kDraws; ++i) {
      int64_t v = z.next(rng);
      QVERIFY(v >= 0 && v <= 999);
      ++counts[v];
    }
    double expectedFirst = 1 / zeta(1000, 0.99);  // about 0.13
    QVERIFY2(qAbs(double(counts[0]) / kDraws - expectedFirst) < 0.01,
             qPrintable(QString::number(double(counts[0]) / kDraws)));
    // Item 1 is drawn about 2^-0.99 as often as item 0, item 9 far less.
    double ratio = double(counts[1]) / counts[0];
    QVERIFY2(ratio > 0.45 && ratio < 0.56, qPrintable(QString::number(ratio)));
    QVERIFY(counts[0] > 5 * counts[9]);
    QCOMPARE(mostFrequent(counts), int64_t(0));
    QVERIFY(topShare(counts, 10) > 0.3);  // 1 % of the items, over 30 % of the draws
  }

  void scrambledZipfianSpreadsTheHotKeys() {
    ScrambledZipfianGenerator z(0, 999);
    Rng rng(2);
    std::map<int64_t, int> counts;
    for (int i = 0; i < kDraws; ++i) {
      int64_t v = z.next(rng);
      QVERIFY(v >= 0 && v <= 999);
      ++counts[v];
    }
    // The most popular item (zipfian's 0) is hashed: fnv(0) mod 1000 = 211.
    // The zipfian runs over 10^10 items (zeta 26.47), so the hottest key gets
    // about 1/26.47 = 3.8 % of the draws and the ten hottest about 11 %
    // (uniform: 0.1 % and 1 %).
    QCOMPARE(mostFrequent(counts), int64_t(211));
    double hottest = double(counts[211]) / kDraws;
    QVERIFY2(hottest > 0.03 && hottest < 0.05, qPrintable(QString::number(hottest)));
    QVERIFY(topShare(counts, 10) > 0.08);
    // The ten hottest keys are spread over the key space, not clustered at its start.
    std::vector<std::pair<int, int64_t>> byCount;
    for (const auto& [v, n] : counts) byCount.emplace_back(n, v);
    std::sort(byCount.rbegin(), byCount.rend());
    int64_t lo = 1000, hi = 0;
    for (int i = 0; i < 10; ++i) {
      lo = std::min(lo, byCount[i].second);
      hi = std::max(hi, byCount[i].second);
    }
    QVERIFY2(hi - lo > 300, qPrintable(QStringLiteral("%1..%2").arg(lo).arg(hi)));
  }

  void uniformIsFlat() {
    CoreWorkload w(config(KeyDistribution::Uniform));
    CoreWorkload::ThreadState t(w, 3);
    std::map<int64_t, int> counts;
    for (int i = 0; i < kDraws; ++i) ++counts[t.nextKeyNumber()];
    QCOMPARE(counts.size(), size_t(1000));
    QVERIFY(topShare(counts, 10) < 0.02);
  }

  void latestFavoursTheNewestInserts() {
    AcknowledgedCounter inserted(1000);  // keys 0..999 loaded
    SkewedLatestGenerator latest(inserted);
    Rng rng(4);
    std::map<int64_t, int> counts;
    for (int i = 0; i < kDraws; ++i) ++counts[latest.next(rng)];
    QCOMPARE(mostFrequent(counts), int64_t(999));
    int recent = 0;
    for (int64_t k = 990; k <= 999; ++k) recent += counts[k];
    QVERIFY(double(recent) / kDraws > 0.3);
    QVERIFY(counts.rbegin()->first <= 999);

    // 100 more inserts: the newest is now the favourite, and nothing newer is drawn.
    for (int i = 0; i < 100; ++i) inserted.acknowledge(inserted.next());
    QCOMPARE(inserted.lastValue(), int64_t(1099));
    counts.clear();
    for (int i = 0; i < kDraws; ++i) ++counts[latest.next(rng)];
    QCOMPARE(mostFrequent(counts), int64_t(1099));
    QVERIFY(counts.rbegin()->first <= 1099);
  }

  void latestWaitsForGapsInTheInserts() {
    AcknowledgedCounter inserted(1000);
    int64_t a = inserted.next(), b = inserted.next();
    inserted.acknowledge(b);
    QCOMPARE(inserted.lastValue(), int64_t(999));  // 1000 not inserted yet
    inserted.acknowledge(a);
    QCOMPARE(inserted.lastValue(), int64_t(1001));
  }

  void readsNeverTouchKeysNotYetInserted() {
    WorkloadConfig c = config(KeyDistribution::Zipfian);
    c.insertProportion = 0.5;  // zipfian then spans 1000 + 2 * 500 keys
    CoreWorkload w(c);
    CoreWorkload::ThreadState t(w, 5);
    for (int i = 0; i < 20000; ++i) QVERIFY(t.nextKeyNumber() <= 999);
  }

  void operationsFollowTheProportions() {
    WorkloadConfig c = config(KeyDistribution::Uniform);
    c.readProportion = 0.5;
    c.updateProportion = 0;
    c.readModifyWriteProportion = 0.5;  // workload F
    CoreWorkload w(c);
    CoreWorkload::ThreadState t(w, 6);
    std::map<std::string, int> counts;
    for (int i = 0; i < kDraws; ++i) ++counts[t.nextOperation()];
    QCOMPARE(counts.size(), size_t(2));
    double reads = double(counts["READ"]) / kDraws;
    QVERIFY2(qAbs(reads - 0.5) < 0.01, qPrintable(QString::number(reads)));
  }
};

QTEST_GUILESS_MAIN(tst_ycsb_generators)
#include "tst_ycsb_generators.moc"
