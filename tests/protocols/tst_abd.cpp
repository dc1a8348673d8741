// The ABD atomic register ("abd" stack) on the real simulator: every client
// records its operations into a history, which the linearizability checker
// must accept (atomicity), and every operation of a correct client completes
// (termination), under loss, a transient minority partition and a crash;
// every message crosses the network through its wire codec. Deliberately
// broken variants must produce a non-linearizable history.
#include <QTest>
#include <set>

#include "protocols/linearizability/checker.h"
#include "runtime/runtime.h"
#include "sim_suite.h"

using namespace protosim;
namespace checker = catslab::checker;

namespace {

struct Run {
  checker::History history;
  std::string violation;  // termination problems
};

Run runScenario(std::uint64_t seed, const std::string& broken, bool faults) {
  const int n = 3 + static_cast<int>(seed % 3);  // 3..5 replicas
  std::map<std::string, std::string> params;
  if (!broken.empty()) params["broken"] = broken;
  auto sim = group(seed, n, "abd", uniformLink(1, 25), params);
  auto& rng = sim->scenarioRandom();
  if (faults && rng.chance(0.5)) sim->setDefaultLink(uniformLink(1, 25, rng.uniform(0, 0.1)));
  const std::vector<std::string> ids = sim->nodeIds();
  std::set<std::string> crashed;

  Run run;
  std::int64_t position = 0;
  struct Pending {
    std::size_t op;
    std::uint64_t commandId;
  };
  std::map<std::string, Pending> pending;         // by node
  std::map<std::string, std::size_t> seenOutput;  // lines already scanned
  std::map<std::string, int> remaining;
  for (const auto& id : ids) remaining[id] = 4 + static_cast<int>(rng.below(4));
  int writes = 0;
  const int crashAt = faults && rng.chance(0.5) ? static_cast<int>(rng.between(5, 60)) : -1;
  const int partitionAt = faults && rng.chance(0.5) ? static_cast<int>(rng.between(5, 60)) : -1;
  const std::string victim = ids[rng.below(n)];

  // Completions, in the order they happened (each scan follows a runFor).
  const auto scanCompletions = [&] {
    for (const auto& id : ids) {
      const auto lines = sim->console(id);
      for (std::size_t i = seenOutput[id]; i < lines.size(); ++i) {
        auto it = pending.find(id);
        if (it == pending.end() || lines[i].commandId != it->second.commandId) continue;
        auto& op = run.history.ops[it->second.op];
        op.outcome = checker::Outcome::Ok;
        op.completeAt = ++position;
        op.completeTime = lines[i].atNs;
        if (op.kind == checker::OpKind::Read) {
          op.value = lines[i].text.substr(std::string("read -> ").size());
          if (op.value == "(nil)") op.value.clear();
        }
        pending.erase(it);
      }
      seenOutput[id] = lines.size();
    }
  };
  for (int step = 0; step < 400; ++step) {
    sim->runFor(sim::ms(rng.between(1, 8)));
    scanCompletions();
    if (step == crashAt) {
      (void)sim->killNode(victim);
      crashed.insert(victim);
    }
    if (step == partitionAt) {
      const std::vector<std::string> rest(ids.begin() + 1, ids.end());
      sim->partition({ids[0]}, rest);
    }
    if (step == partitionAt + 40) sim->heal();
    // New invocations on idle, live clients.
    for (const auto& id : ids) {
      if (!sim->isUp(id) || pending.count(id) || remaining[id] == 0 || !rng.chance(0.3)) continue;
      --remaining[id];
      checker::Operation op;
      op.client = id;
      op.invokeAt = ++position;
      op.invokeTime = sim->now();
      if (rng.chance(0.5)) {
        op.kind = checker::OpKind::Write;
        op.value = "w" + std::to_string(++writes);
        pending[id] = {run.history.ops.size(), command(*sim, id, "write " + op.value)};
      } else {
        op.kind = checker::OpKind::Read;
        pending[id] = {run.history.ops.size(), command(*sim, id, "read")};
      }
      run.history.ops.push_back(op);
    }
  }
  sim->runFor(sim::seconds(3));
  scanCompletions();
  run.violation = health(*sim, crashed);
  for (const auto& [id, p] : pending) {
    if (sim->isUp(id) && run.violation.empty()) {
      run.violation = "termination: an operation of correct " + id + " never completed";
    }
  }
  return run;
}

}  // namespace

class tst_abd : public QObject {
  Q_OBJECT

 private slots:
  void atomicityAndTermination() {
    for (std::uint64_t seed : seeds(200)) {
      Run run = runScenario(seed, "", true);
      const auto why = [&](const std::string& what) {
        return "seed " + std::to_string(seed) + ": " + what + "; " +
               reproduce(seed, "tst_abd", "atomicityAndTermination");
      };
      QVERIFY2(run.violation.empty(), why(run.violation).c_str());
      QVERIFY2(run.history.ops.size() >= 8, why("too few operations").c_str());
      const auto report = checker::checkHistory(run.history);
      QVERIFY2(report.verdict == checker::Verdict::Linearizable,
               why("not linearizable\n" + checker::formatReport(run.history, report)).c_str());
    }
  }

  void brokenVariantsAreCaught_data() {
    QTest::addColumn<QString>("variant");
    QTest::newRow("read without write-back") << "read-without-write-back";
    QTest::newRow("write without query") << "write-without-query";
  }

  void brokenVariantsAreCaught() {
    QFETCH(QString, variant);
    for (std::uint64_t seed = 1; seed <= 2000; ++seed) {
      Run run = runScenario(seed, variant.toStdString(), false);
      const auto report = checker::checkHistory(run.history);
      if (report.verdict == checker::Verdict::NotLinearizable) {
        qInfo("variant %s caught at seed %llu", qPrintable(variant),
              static_cast<unsigned long long>(seed));
        return;
      }
    }
    QFAIL("no seed in 1..2000 exposed the broken variant");
  }

  void consoleCommands() {
    auto sim = group(4, 3, "abd", uniformLink(1, 5));
    auto id = command(*sim, "n1", "read");
    sim->runFor(sim::ms(200));
    QCOMPARE(QString::fromStdString(sim->console("n1").back().text),
             QStringLiteral("read -> (nil)"));
    QCOMPARE(sim->console("n1").back().commandId, id);
    id = command(*sim, "n2", "write hello there");
    sim->runFor(sim::ms(200));
    QCOMPARE(QString::fromStdString(sim->console("n2").back().text), QStringLiteral("write ok"));
    QCOMPARE(sim->console("n2").back().commandId, id);
    command(*sim, "n3", "read");
    sim->runFor(sim::ms(200));
    QCOMPARE(QString::fromStdString(sim->console("n3").back().text),
             QStringLiteral("read -> hello there"));
    command(*sim, "n3", "write");
    QVERIFY(sim->console("n3").back().error);
    command(*sim, "n3", "cas 1 2");
    QVERIFY(sim->console("n3").back().error);
    QCOMPARE(QString::fromStdString(health(*sim, {})), QString());
  }
};

QTEST_GUILESS_MAIN(tst_abd)
#include "tst_abd.moc"
