// The simulator end to end on the ping stack: consoles, virtual time, the
// network model's effects, node kill/restart and partitions.
#include <QTest>

#include "protocols/ping/ping.h"
#include "runtime/runtime.h"
#include "runtime/sim/scenario_file.h"
#include "runtime/sim/simulation.h"
#include "runtime/topology.h"

using namespace catslab;
using sim::Simulation;

namespace {

std::unique_ptr<Simulation> pingCluster(int n, std::uint64_t seed = 1, double latencyMs = 10) {
  sim::SimulationOptions o;
  o.seed = seed;
  o.defaultLink.latency = sim::LatencyModel::constant(latencyMs);
  auto s = std::make_unique<Simulation>(o);
  for (int i = 1; i <= n; ++i) {
    sim::NodeSpec spec;
    spec.id = "n" + std::to_string(i);
    spec.stack = "ping";
    spec.params["timeout_ms"] = "500";
    if (!s->addNode(spec)) return nullptr;
  }
  s->startAll();
  return s;
}

bool contains(const std::vector<std::string>& lines, const std::string& text) {
  for (const auto& l : lines) {
    if (l == text) return true;
  }
  return false;
}

}  // namespace

class tst_simulation : public QObject {
  Q_OBJECT
 private slots:
  void pingReportsRoundTripOfTheLinkModel() {
    auto s = pingCluster(3);
    QVERIFY(s);
    QVERIFY(s->command("n1", "ping n2"));
    s->runFor(sim::seconds(1));
    const auto out = s->output("n1");
    QVERIFY2(contains(out, "reply from n2: rtt=20.000 ms seq=1"),
             out.empty() ? "" : out[0].c_str());
    QCOMPARE(s->nodeState("n1").at("ping.n2.received"), std::string("1"));
  }
  // A link drawn in the editor has no model of its own until one is set;
  // the editor shows it with the default link's, and so it runs (it once
  // ran with no delay at all, faster than no link). A one-way override
  // changes its own direction only.
  void aLinkWithoutAModelIsTheDefaultLink() {
    topology::Topology t;
    t.mutable_default_link()->mutable_latency()->set_mean_ms(40);
    for (const char* id : {"n1", "n2", "n3"}) {
      auto* n = t.add_nodes();
      n->set_id(id);
      n->set_stack("ping");
    }
    auto* drawn = t.add_links();
    drawn->set_a("n1");
    drawn->set_b("n2");
    auto* oneWay = t.add_links();
    oneWay->set_a("n1");
    oneWay->set_b("n3");
    oneWay->mutable_a_to_b()->mutable_latency()->set_mean_ms(5);
    auto s = Simulation::fromTopology(t, {});
    QVERIFY2(s, s ? "" : s.error().c_str());
    (*s)->startAll();
    QVERIFY((*s)->command("n1", "ping n2"));
    QVERIFY((*s)->command("n1", "ping n3"));
    (*s)->runFor(sim::seconds(1));
    const auto out = (*s)->output("n1");
    std::string all;
    for (const auto& l : out) all += l + "\n";
    QVERIFY2(contains(out, "reply from n2: rtt=80.000 ms seq=1"), all.c_str());
    QVERIFY2(contains(out, "reply from n3: rtt=45.000 ms seq=2"), all.c_str());
  }
  // A scenario's `link` operation sets both directions, or a -> b alone
  // with "oneWay" (as the app records a link applied one way).
  void aOneWayLinkOperationChangesOneDirection_data() {
    QTest::addColumn<bool>("oneWay");
    QTest::addColumn<QString>("reply");
    QTest::newRow("both ways") << false << "reply from n2: rtt=100.000 ms seq=1";
    QTest::newRow("one way") << true << "reply from n2: rtt=60.000 ms seq=1";
  }
  void aOneWayLinkOperationChangesOneDirection() {
    QFETCH(bool, oneWay);
    QFETCH(QString, reply);
    const std::string json = std::string(R"({
      "name": "one-way-link", "terminateAtMs": 5000,
      "topology": {"name": "two", "defaultLink": {"latency": {"meanMs": 10}},
                   "nodes": [{"id": "n1", "stack": "ping"}, {"id": "n2", "stack": "ping"}]},
      "processes": [{"name": "slow", "startAtMs": 100, "interArrivalMs": {"kind": "constant"},
        "raise": [{"count": 1, "operation": {"op": "link", "oneWay": )") +
                             (oneWay ? "true" : "false") + R"(,
          "params": [{"kind": "constant", "text": "n1"}, {"kind": "constant", "text": "n2"}],
          "link": {"latency": {"meanMs": 50}}}}]}]
    })";
    auto sc = sim::parseScenario(json, "one-way-link", ".");
    QVERIFY2(sc, sc ? "" : sc.error().c_str());
    sim::SimulationOptions o;
    Simulation s(o);
    QVERIFY(sc->install(s));
    s.runUntil(sim::ms(200));
    QVERIFY(s.command("n1", "ping n2"));
    s.runFor(sim::seconds(1));
    std::string all;
    for (const auto& l : s.output("n1")) all += l + "\n";
    QVERIFY2(contains(s.output("n1"), reply.toStdString()), all.c_str());
  }
  void unknownCommandGetsOneErrorLine() {
    auto s = pingCluster(2);
    QVERIFY(s->command("n1", "frobnicate"));
    s->runFor(sim::ms(1));
    QCOMPARE(s->output("n1"),
             std::vector<std::string>{"error: unknown command 'frobnicate' (try 'help')"});
  }
  void consoleLinesCarryTimeErrorAndCommandId() {
    auto s = pingCluster(3);
    QVERIFY(s->command("n1", "ping n2"));
    const std::uint64_t pingId = s->lastCommandId();
    s->runFor(sim::ms(5));
    QVERIFY(s->command("n1", "frobnicate"));
    const std::uint64_t badId = s->lastCommandId();
    s->runFor(sim::seconds(1));
    const auto lines = s->console("n1");
    const auto reply = std::find_if(lines.begin(), lines.end(), [](const sim::ConsoleLine& l) {
      return l.text.rfind("reply from n2", 0) == 0;
    });
    QVERIFY(reply != lines.end());
    QCOMPARE(reply->atNs, sim::ms(20));  // two 10 ms hops
    QVERIFY(!reply->error);
    const auto bad = std::find_if(lines.begin(), lines.end(),
                                  [&](const sim::ConsoleLine& l) { return l.commandId == badId; });
    QVERIFY(bad != lines.end());
    QVERIFY(bad->error);
    QCOMPARE(bad->atNs, sim::ms(5));
    QVERIFY(pingId != badId);
  }
  void componentFindsTheRunningStacksPartsOnly() {
    auto s = pingCluster(2);
    QVERIFY(s->component<protocols::PingApp>("n1") != nullptr);
    QVERIFY(s->killNode("n1"));
    QCOMPARE(s->component<protocols::PingApp>("n1"), nullptr);
    QCOMPARE(s->component<protocols::PingApp>("nobody"), nullptr);
  }
  void messageCopyIsWhatArrives() {
    // A copy that makes every Pong look 5 ms older: the measured RTT grows.
    auto s = pingCluster(2);
    int copies = 0;
    s->setMessageCopy(
        [&copies](const runtime::Message& m) -> std::shared_ptr<const runtime::Message> {
          ++copies;
          if (const auto* pong = dynamic_cast<const protocols::Pong*>(&m)) {
            return std::make_shared<protocols::Pong>(pong->source, pong->destination, pong->seq,
                                                     pong->sentAtNs - sim::ms(5));
          }
          const auto& ping = dynamic_cast<const protocols::Ping&>(m);
          return std::make_shared<protocols::Ping>(ping);
        });
    QVERIFY(s->command("n1", "ping n2"));
    s->runFor(sim::seconds(1));
    QVERIFY(contains(s->output("n1"), "reply from n2: rtt=25.000 ms seq=1"));
    QCOMPARE(copies, 2);
  }
  void aFaultOutsideTheNodesIsReported() {
    auto s = pingCluster(2);
    QCOMPARE(s->lastError(), std::string());
    s->setMessageCopy([](const runtime::Message& m) -> std::shared_ptr<const runtime::Message> {
      throw std::logic_error("no codec for " + m.typeName());
    });
    QVERIFY(s->command("n1", "ping n2"));
    s->runFor(sim::seconds(1));
    QVERIFY(s->runtime().exitCode() != 0);
    QVERIFY2(s->lastError().find("no codec for") != std::string::npos, s->lastError().c_str());
  }
  void killedNodeTimesOutAndRestartAnswers() {
    auto s = pingCluster(3);
    QVERIFY(s->killNode("n3"));
    QVERIFY(!s->isUp("n3"));
    QVERIFY(s->command("n1", "ping n3"));
    s->runFor(sim::seconds(1));
    QVERIFY(contains(s->output("n1"), "timeout: n3 seq=1"));
    QVERIFY(s->restartNode("n3"));
    QVERIFY(s->command("n1", "ping n3"));
    s->runFor(sim::seconds(1));
    QVERIFY(contains(s->output("n1"), "reply from n3: rtt=20.000 ms seq=2"));
  }
  void partitionBlocksUntilHeal() {
    auto s = pingCluster(4);
    s->partition({"n1", "n2"}, {"n3", "n4"});
    QVERIFY(s->command("n1", "ping all"));
    s->runFor(sim::seconds(1));
    auto st = s->nodeState("n1");
    QCOMPARE(st.at("ping.received"), std::string("1"));
    QCOMPARE(st.at("ping.timeouts"), std::string("2"));
    s->heal();
    QVERIFY(s->command("n1", "ping all"));
    s->runFor(sim::seconds(1));
    QCOMPARE(s->nodeState("n1").at("ping.received"), std::string("4"));
  }
  void oneWayPartitionLosesTheAnswersOnly() {
    auto s = pingCluster(2);
    s->partition({"n2"}, {"n1"}, true);  // n2 -> n1 blocked
    QVERIFY(s->command("n1", "ping n2"));
    s->runFor(sim::seconds(1));
    QCOMPARE(s->nodeState("n2").at("ping.pongs_sent"), std::string("1"));
    QCOMPARE(s->nodeState("n1").at("ping.timeouts"), std::string("1"));
  }
  void virtualTimeAdvancesOnlyWithEvents() {
    auto s = pingCluster(2);
    QCOMPARE(s->now(), std::int64_t{0});
    s->runUntil(sim::ms(250));
    QCOMPARE(s->now(), sim::ms(250));
  }
};

QTEST_MAIN(tst_simulation)
#include "tst_simulation.moc"
