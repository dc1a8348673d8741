// The replicated key-value map ("rsm" stack) in simulation: all replicas
// apply the same command sequence and reach the same state; each client's
// commands are executed; a replicated counter hands out distinct values.
#include <QtTest>

#include "part_a_sim.h"
#include "protocols/rsm/kv_state_machine.h"
#include "protocols/rsm/replicated_kv.h"

using namespace parta;
using catslab::protocols::KvStateMachine;
using catslab::protocols::ReplicatedKv;

namespace {

std::map<std::string, std::string> stateOf(Sim& sim, const std::string& id) {
  rt::MapStateWriter out;
  sim.find<ReplicatedKv>(id)->inspect(out);
  return out.entries();
}

std::string checkRun(std::uint64_t seed) {
  Sim sim({.seed = seed, .minLatencyMs = 1, .maxLatencyMs = 20});
  const int n = 3 + static_cast<int>(seed % 3);
  sim.declare(n);
  sim.startAll("rsm");
  auto& rng = sim.random();
  const int crashes = static_cast<int>(rng.below((n - 1) / 2 + 1));
  int crashed = 0;
  std::map<std::string, std::vector<std::uint64_t>> issued;  // node -> command ids
  std::vector<std::pair<std::string, std::uint64_t>> increments;
  for (int step = 0; step < 20; ++step) {
    std::vector<std::string> live(sim.live().begin(), sim.live().end());
    const std::string& who = live[rng.below(live.size())];
    const std::string key = "k" + std::to_string(rng.below(3));
    std::uint64_t id = 0;
    switch (rng.below(3)) {
      case 0:
        id = sim.command(who, "put " + key + " v" + std::to_string(step));
        break;
      case 1:
        id = sim.command(who, "incr counter");
        increments.emplace_back(who, id);
        break;
      default:
        id = sim.command(who, "get " + key);
    }
    issued[who].push_back(id);
    sim.runFor(std::chrono::milliseconds(rng.between(0, 30)));
    if (crashed < crashes && rng.chance(0.1)) {
      std::vector<std::string> now(sim.live().begin(), sim.live().end());
      sim.crash(now[rng.below(now.size())]);
      ++crashed;
    }
  }
  sim.runFor(5s);

  std::string log;
  std::string digest;
  for (const auto& id : sim.live()) {
    const auto state = stateOf(sim, id);
    if (log.empty()) {
      log = state.at("log");
      digest = state.at("digest");
    } else if (state.at("log") != log) {
      return id + " applied a different sequence: " + state.at("log") + " vs " + log;
    } else if (state.at("digest") != digest) {
      return id + " reached a different state";
    }
    // Every command of a correct client was answered.
    for (auto commandId : issued[id]) {
      const auto& out = sim.output(id);
      if (std::none_of(out.begin(), out.end(),
                       [&](const OutputLine& l) { return l.id == commandId; })) {
        return "command " + std::to_string(commandId) + " of correct " + id + " never answered";
      }
    }
  }
  std::set<std::string> counterValues;
  for (const auto& [who, commandId] : increments) {
    for (const auto& l : sim.output(who)) {
      if (l.id == commandId && !counterValues.insert(l.text).second) {
        return "two increments returned " + l.text;
      }
    }
  }
  return {};
}

}  // namespace

class tst_rsm : public QObject {
  Q_OBJECT

 private slots:
  void replicasApplyTheSameSequence() {
    for (std::uint64_t seed : seeds(200)) {
      const std::string violation = checkRun(seed);
      QVERIFY2(violation.empty(), ("seed " + std::to_string(seed) + ": " + violation + "; " +
                                   reproduce(seed, "tst_rsm", "replicasApplyTheSameSequence"))
                                      .c_str());
    }
  }

  void stateMachineCommands_data() {
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("result");
    QTest::newRow("put") << "put a hello world"
                         << "ok";
    QTest::newRow("get") << "get a"
                         << "hello world";
    QTest::newRow("get missing") << "get b"
                                 << "(nil)";
    QTest::newRow("incr") << "incr c"
                          << "1";
    QTest::newRow("incr again") << "incr c"
                                << "2";
    QTest::newRow("del") << "del a"
                         << "ok";
    QTest::newRow("bad") << "frob a"
                         << "error: unknown operation 'frob'";
    QTest::newRow("short put") << "put a"
                               << "error: usage: put <key> <value>";
  }

  void stateMachineCommands() {
    static KvStateMachine machine;  // rows run in order over one machine
    QFETCH(QString, command);
    QFETCH(QString, result);
    QCOMPARE(QString::fromStdString(machine.apply(command.toStdString())), result);
  }

  void consoleCommands() {
    Sim sim({.seed = 3, .minLatencyMs = 1, .maxLatencyMs = 5});
    sim.declare(3);
    sim.startAll("rsm");
    sim.runFor(300ms);
    const auto put = sim.command("n1", "put x 42");
    sim.runFor(1s);
    QCOMPARE(QString::fromStdString(sim.output("n1").back().text), QStringLiteral("ok"));
    QCOMPARE(sim.output("n1").back().id, put);
    sim.command("n3", "get x");
    sim.runFor(1s);
    QCOMPARE(QString::fromStdString(sim.output("n3").back().text), QStringLiteral("42"));
    sim.command("n2", "state");
    QCOMPARE(QString::fromStdString(sim.output("n2").back().text), QStringLiteral("x = 42"));
    sim.command("n2", "put x");
    QVERIFY(sim.output("n2").back().error);
    sim.command("n2", "launch rockets");
    QVERIFY(sim.output("n2").back().error);
  }
};

QTEST_GUILESS_MAIN(tst_rsm)
#include "tst_rsm.moc"
