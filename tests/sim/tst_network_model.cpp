// The network model's statistics over 100k samples: loss rate, and mean and
// spread of every latency model (including jitter and the floor at 0).
#include <QTest>
#include <cmath>

#include "runtime/sim/network_model.h"

using namespace catslab;
using sim::LatencyModel;
using sim::LinkModel;

namespace {

constexpr int kSamples = 100000;

struct Moments {
  double mean = 0;
  double stddev = 0;
  double min = 1e300;
  double loss = 0;
};

Moments sample(const LinkModel& model, std::uint64_t seed = 42) {
  sim::NetworkModel net;
  net.setDefault(model);
  runtime::Random random(seed);
  double sum = 0, sq = 0;
  int delivered = 0;
  Moments m;
  for (int i = 0; i < kSamples; ++i) {
    auto v = net.decide("a", "b", 0, random);
    if (!v.deliver) continue;
    const double ms = static_cast<double>(v.delayNs) / 1e6;
    sum += ms;
    sq += ms * ms;
    m.min = std::min(m.min, ms);
    ++delivered;
  }
  m.mean = sum / delivered;
  m.stddev = std::sqrt(std::max(0.0, sq / delivered - m.mean * m.mean));
  m.loss = 1.0 - static_cast<double>(delivered) / kSamples;
  return m;
}

}  // namespace

class tst_network_model : public QObject {
  Q_OBJECT
 private slots:
  void latencyMoments_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("a");
    QTest::addColumn<double>("b");
    QTest::addColumn<double>("jitter");
    QTest::addColumn<double>("mean");
    QTest::addColumn<double>("stddev");
    QTest::addColumn<double>("floor");
    QTest::newRow("constant") << 0 << 10.0 << 0.0 << 0.0 << 10.0 << 0.0 << 10.0;
    QTest::newRow("uniform 5-15") << 1 << 5.0 << 15.0 << 0.0 << 10.0 << 10 / std::sqrt(12.0) << 5.0;
    QTest::newRow("normal 20/5") << 2 << 20.0 << 5.0 << 0.0 << 20.0 << 5.0 << 0.0;
    QTest::newRow("exponential 8") << 3 << 8.0 << 0.0 << 0.0 << 8.0 << 8.0 << 0.0;
    // Pareto scale 2, shape 3: mean 3, variance s^2 a / ((a-1)^2 (a-2)) = 3.
    QTest::newRow("pareto 2/3") << 4 << 2.0 << 3.0 << 0.0 << 3.0 << std::sqrt(3.0) << 2.0;
    // Jitter adds uniform [0, 4): mean +2, variance +16/12.
    QTest::newRow("constant+jitter")
        << 0 << 10.0 << 0.0 << 4.0 << 12.0 << 4 / std::sqrt(12.0) << 10.0;
  }
  void latencyMoments() {
    QFETCH(int, kind);
    QFETCH(double, a);
    QFETCH(double, b);
    QFETCH(double, jitter);
    QFETCH(double, mean);
    QFETCH(double, stddev);
    QFETCH(double, floor);
    LinkModel m;
    switch (kind) {
      case 0:
        m.latency = LatencyModel::constant(a);
        break;
      case 1:
        m.latency = LatencyModel::uniform(a, b);
        break;
      case 2:
        m.latency = LatencyModel::normal(a, b);
        break;
      case 3:
        m.latency = LatencyModel::exponential(a);
        break;
      default:
        m.latency = LatencyModel::pareto(a, b);
        break;
    }
    m.jitterMs = jitter;
    const Moments got = sample(m);
    // Pareto with shape 3 has a heavy tail: its sample spread converges slowly.
    const double spreadTolerance = kind == 4 ? 0.25 : 0.03;
    QVERIFY2(std::abs(got.mean - mean) <= 0.02 * mean + 1e-9,
             qPrintable(QString::number(got.mean)));
    QVERIFY2(std::abs(got.stddev - stddev) <= spreadTolerance * stddev + 1e-6,
             qPrintable(QString::number(got.stddev)));
    QVERIFY(got.min >= floor - 1e-6);
    QVERIFY(std::abs(m.latency.expectedMs() + jitter / 2 - mean) < 1e-3 * mean);
  }
  void normalIsFlooredAtZero() {
    LinkModel m;
    m.latency = LatencyModel::normal(1.0, 5.0);  // mostly negative draws
    const Moments got = sample(m);
    QVERIFY(got.min >= 0);
    QVERIFY(std::abs(got.mean - m.latency.expectedMs()) < 0.05 * m.latency.expectedMs());
  }
  void lossRate_data() {
    QTest::addColumn<double>("loss");
    QTest::newRow("0%") << 0.0;
    QTest::newRow("2%") << 0.02;
    QTest::newRow("30%") << 0.3;
    QTest::newRow("100%") << 1.0;
  }
  void lossRate() {
    QFETCH(double, loss);
    LinkModel m;
    m.loss = loss;
    const Moments got = sample(m, 7);
    // Three standard deviations of a binomial proportion over 100k samples.
    const double sigma = std::sqrt(loss * (1 - loss) / kSamples);
    QVERIFY2(std::abs(got.loss - loss) <= 3 * sigma + 1e-9, qPrintable(QString::number(got.loss)));
  }
  void partitionsAndDownLinksDropEverything() {
    sim::NetworkModel net;
    runtime::Random r(1);
    net.partition({"a"}, {"b"}, true);
    QCOMPARE(std::string(net.decide("a", "b", 0, r).dropReason), std::string("partition"));
    QVERIFY(net.decide("b", "a", 0, r).deliver);  // one-way
    net.heal();
    QVERIFY(net.decide("a", "b", 0, r).deliver);
    net.setLinkDown("a", "b", true);
    QCOMPARE(std::string(net.decide("b", "a", 0, r).dropReason), std::string("link down"));
    net.setLinkDown("a", "b", false);
    QVERIFY(net.decide("b", "a", 0, r).deliver);
  }
  void fifoLinksKeepSendOrder() {
    sim::NetworkModel net;
    LinkModel m;
    m.latency = LatencyModel::uniform(1, 50);
    m.fifo = true;
    net.setLink("a", "b", m);
    runtime::Random r(3);
    std::int64_t last = 0;
    for (int i = 0; i < 10000; ++i) {
      const std::int64_t now = i * 100000;  // 0.1 ms apart: jitter would reorder
      const auto v = net.decide("a", "b", now, r);
      QVERIFY(now + v.delayNs >= last);
      last = now + v.delayNs;
    }
  }
};

QTEST_MAIN(tst_network_model)
#include "tst_network_model.moc"
