// The replicated key-value map ("rsm" stack) on the real simulator: all
// replicas apply the same command sequence and reach the same state; each
// client's commands are executed; a replicated counter hands out distinct
// values. Every message crosses the network through its wire codec.
#include <QTest>
#include <algorithm>
#include <set>

#include "protocols/rsm/kv_state_machine.h"
#include "protocols/rsm/replicated_kv.h"
#include "runtime/runtime.h"
#include "sim_suite.h"

using namespace protosim;
using catslab::protocols::KvStateMachine;
using catslab::protocols::ReplicatedKv;

namespace {

// The replica's state (white box: the ReplicatedKv inside the stack).
std::map<std::string, std::string> stateOf(sim::Simulation& s, const std::string& id) {
  rt::MapStateWriter out;
  s.component<ReplicatedKv>(id)->inspect(out);
  return out.entries();
}

std::string checkRun(std::uint64_t seed) {
  const int n = 3 + static_cast<int>(seed % 3);
  auto sim = group(seed, n, "rsm", uniformLink(1, 20));
  auto& rng = sim->scenarioRandom();
  const int crashes = static_cast<int>(rng.below((n - 1) / 2 + 1));
  std::set<std::string> crashed;
  std::map<std::string, std::vector<std::uint64_t>> issued;  // node -> command ids
  std::vector<std::pair<std::string, std::uint64_t>> increments;
  for (int step = 0; step < 20; ++step) {
    const auto live = upNodes(*sim);
    const std::string who = live[rng.below(live.size())];
    const std::string key = "k" + std::to_string(rng.below(3));
    std::uint64_t id = 0;
    switch (rng.below(3)) {
      case 0:
        id = command(*sim, who, "put " + key + " v" + std::to_string(step));
        break;
      case 1:
        id = command(*sim, who, "incr counter");
        increments.emplace_back(who, id);
        break;
      default:
        id = command(*sim, who, "get " + key);
    }
    issued[who].push_back(id);
    sim->runFor(sim::ms(rng.between(0, 30)));
    if (static_cast<int>(crashed.size()) < crashes && rng.chance(0.1)) {
      const auto now = upNodes(*sim);
      const std::string victim = now[rng.below(now.size())];
      (void)sim->killNode(victim);
      crashed.insert(victim);
    }
  }
  sim->runFor(sim::seconds(5));
  if (std::string bad = health(*sim, crashed); !bad.empty()) return bad;

  std::string log;
  std::string digest;
  for (const auto& id : upNodes(*sim)) {
    const auto state = stateOf(*sim, id);
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
      const auto out = sim->console(id);
      if (std::none_of(out.begin(), out.end(),
                       [&](const sim::ConsoleLine& l) { return l.commandId == commandId; })) {
        return "command " + std::to_string(commandId) + " of correct " + id + " never answered";
      }
    }
  }
  std::set<std::string> counterValues;
  for (const auto& [who, commandId] : increments) {
    for (const auto& l : sim->console(who)) {
      if (l.commandId == commandId && !counterValues.insert(l.text).second) {
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
    auto sim = group(3, 3, "rsm", uniformLink(1, 5));
    sim->runFor(sim::ms(300));
    const auto put = command(*sim, "n1", "put x 42");
    sim->runFor(sim::seconds(1));
    QCOMPARE(QString::fromStdString(sim->console("n1").back().text), QStringLiteral("ok"));
    QCOMPARE(sim->console("n1").back().commandId, put);
    const auto get = command(*sim, "n3", "get x");
    sim->runFor(sim::seconds(1));
    QCOMPARE(QString::fromStdString(sim->console("n3").back().text), QStringLiteral("42"));
    QCOMPARE(sim->console("n3").back().commandId, get);
    command(*sim, "n2", "state");
    QCOMPARE(QString::fromStdString(sim->console("n2").back().text), QStringLiteral("x = 42"));
    command(*sim, "n2", "put x");
    QVERIFY(sim->console("n2").back().error);
    command(*sim, "n2", "launch rockets");
    QVERIFY(sim->console("n2").back().error);
    QCOMPARE(QString::fromStdString(health(*sim, {})), QString());
  }
};

QTEST_GUILESS_MAIN(tst_rsm)
#include "tst_rsm.moc"
