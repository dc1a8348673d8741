// Paxos ("paxos" stack) on the real simulator: validity, integrity, uniform
// agreement and termination, single-decree and multi-instance, under message
// loss, partitions and crashes, every message through its wire codec.
// Deliberately broken variants must be caught.
#include <QTest>
#include <algorithm>
#include <set>

#include "protocols/broadcast/basic_broadcast.h"
#include "protocols/broadcast/eager_reliable_broadcast.h"
#include "protocols/paxos/paxos_messages.h"
#include "runtime/runtime.h"
#include "runtime/serializer.h"
#include "sim_suite.h"

using namespace protosim;

namespace {

struct Outcome {
  std::string violation;  // empty if every property held
};

// Runs one scenario: every node proposes in each instance, the network loses
// messages and partitions, a minority crashes; then the network heals.
Outcome runScenario(std::uint64_t seed, int instances, const std::string& broken,
                    bool checkTermination) {
  std::map<std::string, std::string> params;
  if (!broken.empty()) params["broken"] = broken;
  auto sim = group(seed, 5, "paxos", uniformLink(1, 20), params);
  auto& rng = sim->scenarioRandom();
  sim->setDefaultLink(uniformLink(1, 20, rng.chance(0.5) ? rng.uniform(0, 0.1) : 0));
  std::map<int, std::set<std::string>> proposed;
  const std::vector<std::string> ids = sim->nodeIds();
  std::vector<std::string> order = ids;
  std::shuffle(order.begin(), order.end(), rng);
  const int crashes = static_cast<int>(rng.below(3));
  std::set<std::string> crashed;
  for (int i = 0; i < instances; ++i) {
    for (const auto& id : ids) {
      if (!sim->isUp(id)) continue;
      const std::string value = id + "v" + std::to_string(i);
      command(*sim, id, "propose " + std::to_string(i) + " " + value);
      proposed[i].insert(value);
      sim->runFor(sim::ms(rng.between(0, 15)));
    }
    // Partitions split the group into two sides, so that two leaders exist.
    // A new partition replaces the previous one.
    if (rng.chance(0.6)) {
      std::vector<std::string> a(order.begin(), order.begin() + 1 + rng.below(4));
      std::vector<std::string> b(order.begin() + a.size(), order.end());
      sim->heal();
      sim->partition(a, b);
    }
    sim->runFor(sim::ms(rng.between(50, 600)));
    if (static_cast<int>(crashed.size()) < crashes && rng.chance(0.5)) {
      const std::string& victim = order[crashed.size()];
      (void)sim->killNode(victim);
      crashed.insert(victim);
    }
    if (rng.chance(0.5)) sim->heal();
  }
  sim->heal();
  sim->setDefaultLink(uniformLink(1, 20));
  sim->runFor(sim::seconds(6));
  if (std::string bad = health(*sim, crashed); !bad.empty()) return {bad};

  // Decisions as printed, including those of nodes that crashed later.
  std::map<int, std::map<std::string, std::vector<std::string>>> decisions;  // instance -> node
  for (const auto& id : ids) {
    for (const auto& line : sim->console(id)) {
      if (line.text.rfind("decided ", 0) != 0 || line.commandId != 0) continue;
      const auto space = line.text.find(' ', 8);
      const int instance = std::stoi(line.text.substr(8, space - 8));
      decisions[instance][id].push_back(line.text.substr(space + 1));
    }
  }
  for (int i = 0; i < instances; ++i) {
    std::string agreed;
    for (const auto& [id, values] : decisions[i]) {
      const std::string where = "instance " + std::to_string(i) + ", " + id;
      if (values.size() > 1) return {"integrity: " + where + " decided twice"};
      if (!proposed[i].count(values[0])) return {"validity: " + where + " decided " + values[0]};
      if (agreed.empty()) agreed = values[0];
      if (values[0] != agreed) {
        return {"agreement: " + where + " decided " + values[0] + ", another node " + agreed};
      }
    }
    if (checkTermination) {
      for (const auto& id : ids) {
        if (sim->isUp(id) && !decisions[i].count(id)) {
          return {"termination: " + id + " never decided instance " + std::to_string(i)};
        }
      }
    }
  }
  return {};
}

}  // namespace

class tst_paxos : public QObject {
  Q_OBJECT

 private slots:
  void properties_data() {
    QTest::addColumn<int>("instances");
    QTest::newRow("single-decree") << 1;
    QTest::newRow("multi-instance") << 4;
  }

  void properties() {
    QFETCH(int, instances);
    for (std::uint64_t seed : seeds(200)) {
      const Outcome outcome = runScenario(seed, instances, "", true);
      QVERIFY2(outcome.violation.empty(),
               ("seed " + std::to_string(seed) + ": " + outcome.violation + "; " +
                reproduce(seed, "tst_paxos", std::string("properties:") + QTest::currentDataTag()))
                   .c_str());
    }
  }

  // The checks can fail: each broken variant violates agreement for some seed.
  void brokenVariantsAreCaught_data() {
    QTest::addColumn<QString>("variant");
    QTest::newRow("acceptor ignores promise") << "accept-ignores-promise";
    QTest::newRow("proposer ignores accepted values") << "ignore-accepted-values";
  }

  void brokenVariantsAreCaught() {
    QFETCH(QString, variant);
    for (std::uint64_t seed = 1; seed <= 2000; ++seed) {
      const Outcome outcome = runScenario(seed, 4, variant.toStdString(), false);
      // Only a safety violation counts; a fault would be a different bug.
      const auto& v = outcome.violation;
      if (v.rfind("agreement:", 0) == 0 || v.rfind("validity:", 0) == 0 ||
          v.rfind("integrity:", 0) == 0) {
        qInfo("variant %s caught at seed %llu: %s", qPrintable(variant),
              static_cast<unsigned long long>(seed), outcome.violation.c_str());
        return;
      }
      QVERIFY2(v.empty(), ("seed " + std::to_string(seed) + ": " + v).c_str());
    }
    QFAIL("no seed in 1..2000 exposed the broken variant");
  }

  // Paxos's messages cross a real wire: through the serializer registry, and
  // broadcast payloads nested inside BebData through the payload registry.
  void wireCodecsRoundTrip() {
    using namespace catslab::protocols;
    const rt::Address a{"n1", "127.0.0.1", 7001};
    const rt::Address b{"n2", "127.0.0.1", 7002};
    const PaxosPromise promise(a, b, 3, Ballot{4, 1}, Ballot{2, 0}, std::string("x:y"));
    const auto* codec = catslab::runtime::Serializers::find(PaxosPromise::staticTypeId());
    QVERIFY(codec);
    auto decoded = codec->decode(a, b, codec->encode(promise));
    QVERIFY(decoded);
    const auto& p = static_cast<const PaxosPromise&>(**decoded);
    QCOMPARE(p.instance, std::uint64_t(3));
    QVERIFY(p.ballot == (Ballot{4, 1}) && p.acceptedBallot == (Ballot{2, 0}));
    QCOMPARE(QString::fromStdString(p.acceptedValue.value_or("-")), QStringLiteral("x:y"));

    const BebData data(a, b,
                       std::make_shared<const RbData>(
                           a, 9, std::make_shared<const PaxosDecided>(5, "decided value")));
    const auto* bebCodec = catslab::runtime::Serializers::find(BebData::staticTypeId());
    QVERIFY(bebCodec);
    const std::string bytes = bebCodec->encode(data);
    auto back = bebCodec->decode(a, b, bytes);
    QVERIFY(back);
    auto rb = payloadAs<RbData>(static_cast<const BebData&>(**back).payload);
    QVERIFY(rb);
    QCOMPARE(rb->seq, std::uint64_t(9));
    auto decided = payloadAs<PaxosDecided>(rb->payload);
    QVERIFY(decided);
    QCOMPARE(QString::fromStdString(decided->value), QStringLiteral("decided value"));
    // Truncated or trailing bytes are rejected, not misread.
    QVERIFY(!bebCodec->decode(a, b, bytes.substr(0, bytes.size() - 3)));
    QVERIFY(!bebCodec->decode(a, b, bytes + "junk"));
  }

  void consoleCommands() {
    sim::LinkModel link;
    link.latency = sim::LatencyModel::uniform(1, 5);
    auto sim = group(2, 3, "paxos", link);
    sim->runFor(sim::ms(300));
    command(*sim, "n2", "propose hello world");
    sim->runFor(sim::seconds(1));
    QCOMPARE(QString::fromStdString(sim->nodeState("n3").at("paxos.decided.0")),
             QStringLiteral("hello world"));
    const auto id = command(*sim, "n3", "propose other");
    QCOMPARE(QString::fromStdString(sim->console("n3").back().text),
             QStringLiteral("instance 0 already decided hello world"));
    QCOMPARE(sim->console("n3").back().commandId, id);
    command(*sim, "n1", "propose 7 x y");
    sim->runFor(sim::seconds(1));
    QCOMPARE(QString::fromStdString(sim->nodeState("n2").at("paxos.decided.7")),
             QStringLiteral("x y"));
    command(*sim, "n1", "leader");
    QCOMPARE(QString::fromStdString(sim->console("n1").back().text), QStringLiteral("leader n1"));
    command(*sim, "n1", "propose");
    QVERIFY(sim->console("n1").back().error);
    command(*sim, "n1", "vote");
    QVERIFY(sim->console("n1").back().error);
    QCOMPARE(QString::fromStdString(health(*sim, {})), QString());
  }
};

QTEST_GUILESS_MAIN(tst_paxos)
#include "tst_paxos.moc"
