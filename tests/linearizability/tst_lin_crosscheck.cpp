// The soundness proof of the optimisations: on thousands of small random
// histories (linearizable ones from a simulated register, and arbitrary ones,
// with failed and never-returned operations), the checker agrees with a naive
// brute-force search over all orders. A failure prints the seed.
#include <QTest>
#include <algorithm>
#include <functional>
#include <random>

#include "protocols/linearizability/checker.h"

using namespace catslab::checker;

namespace {

// Tries every order: at each step, any operation not yet taken that no
// untaken ok-operation precedes in real time, if legal. Ok-operations must all
// be taken; unknown ones may be; failed ones are ignored.
bool bruteForce(const History& h, const std::string& initial) {
  const std::size_t n = h.ops.size();
  std::vector<char> taken(n, 0);
  std::function<bool(const std::string&)> go = [&](const std::string& value) {
    bool allOk = true;
    for (std::size_t i = 0; i < n; ++i)
      if (!taken[i] && h.ops[i].outcome == Outcome::Ok) allOk = false;
    if (allOk) return true;
    for (std::size_t i = 0; i < n; ++i) {
      const Operation& op = h.ops[i];
      if (taken[i] || op.outcome == Outcome::Fail) continue;
      bool blocked = false;
      for (std::size_t j = 0; j < n && !blocked; ++j)
        blocked = !taken[j] && j != i && h.ops[j].outcome == Outcome::Ok &&
                  h.ops[j].completeAt < op.invokeAt;
      if (blocked) continue;
      std::string next = value;
      switch (op.kind) {
        case OpKind::Read:
          if (op.outcome == Outcome::Ok && op.value != value) continue;
          break;
        case OpKind::Write:
          next = op.value;
          break;
        case OpKind::Cas:
          if (op.expected != value) continue;
          next = op.value;
          break;
      }
      taken[i] = 1;
      bool ok = go(next);
      taken[i] = 0;
      if (ok) return true;
    }
    return false;
  };
  return go(initial);
}

// What the report claims: the explained operations cannot be ordered even if
// every other operation may or may not take effect at any time after its
// invocation, and, for a window, whatever the register held when it opened
// (operations that completed before then are past).
bool explanationHolds(const History& h, const Explanation& ex) {
  History claim;
  for (std::size_t i = 0; i < h.ops.size(); ++i) {
    Operation op = h.ops[i];
    if (op.outcome == Outcome::Ok && op.completeAt < ex.from) continue;
    bool kept = std::find(ex.ops.begin(), ex.ops.end(), i) != ex.ops.end();
    if (op.outcome == Outcome::Ok && !kept) {
      op.outcome = Outcome::Unknown;
      op.completeAt = kNever;
    }
    claim.ops.push_back(op);
  }
  const char* starts[] = {"", "1", "2", "3"};
  for (const char* start : starts) {
    if (bruteForce(claim, start)) return false;
    if (ex.from == 0) break;  // the real initial value only
  }
  return true;
}

History randomHistory(std::mt19937_64& rng, bool simulate) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const char* values[] = {"", "1", "2", "3"};
  int n = 2 + pick(9);
  struct Sim {
    double inv, ret, point;
  };
  std::vector<Sim> sims;
  History h;
  for (int i = 0; i < n; ++i) {
    Operation op;
    op.client = std::to_string(i);
    int k = pick(10);
    op.kind = k < 4 ? OpKind::Read : (k < 7 ? OpKind::Write : OpKind::Cas);
    if (op.kind != OpKind::Read) op.value = values[1 + pick(3)];
    if (op.kind == OpKind::Cas) op.expected = values[pick(4)];
    int o = pick(10);
    op.outcome = o < 7 ? Outcome::Ok : (o < 9 ? Outcome::Unknown : Outcome::Fail);
    double inv = static_cast<double>(pick(1000)) + 0.001 * i;
    double ret = inv + 1 + pick(300);
    sims.push_back({inv, ret, inv + (ret - inv) * (pick(1000) + 1) / 1001.0});
    h.ops.push_back(op);
  }
  if (simulate) {
    // Apply in linearization-point order: reads see the truth, cas outcomes
    // follow the register, unknown ops take effect or not at random.
    std::vector<int> order(n);
    for (int i = 0; i < n; ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return sims[a].point < sims[b].point; });
    std::string state;
    for (int i : order) {
      Operation& op = h.ops[i];
      bool effective = op.outcome == Outcome::Ok || (op.outcome == Outcome::Unknown && pick(2));
      if (op.kind == OpKind::Read) {
        op.value = state;
      } else if (op.kind == OpKind::Write) {
        if (op.outcome == Outcome::Fail) continue;
        if (effective) state = op.value;
      } else if (state == op.expected) {
        if (op.outcome == Outcome::Fail) op.outcome = Outcome::Ok;
        if (effective || op.outcome == Outcome::Ok) state = op.value;
      } else if (op.outcome == Outcome::Ok) {
        op.outcome = Outcome::Fail;
      }
    }
  } else {
    for (Operation& op : h.ops)
      if (op.kind == OpKind::Read) op.value = values[pick(4)];
  }
  // Real-time positions from the simulated times.
  std::vector<std::pair<double, int>> events;
  for (int i = 0; i < n; ++i) {
    events.push_back({sims[i].inv, i});
    if (h.ops[i].outcome != Outcome::Unknown || pick(2)) events.push_back({sims[i].ret, ~i});
  }
  std::sort(events.begin(), events.end());
  for (std::size_t p = 0; p < events.size(); ++p) {
    int i = events[p].second;
    Operation& op = h.ops[i < 0 ? ~i : i];
    if (i >= 0) {
      op.invokeAt = op.invokeTime = static_cast<std::int64_t>(p);
    } else {
      op.completeTime = static_cast<std::int64_t>(p);
      if (op.outcome != Outcome::Unknown) op.completeAt = static_cast<std::int64_t>(p);
    }
  }
  for (Operation& op : h.ops)
    if (op.outcome != Outcome::Unknown && op.completeAt == kNever) op.outcome = Outcome::Unknown;
  return h;
}

}  // namespace

class tst_lin_crosscheck : public QObject {
  Q_OBJECT

 private slots:
  void agreesWithBruteForce_data();
  void agreesWithBruteForce();
};

void tst_lin_crosscheck::agreesWithBruteForce_data() {
  QTest::addColumn<bool>("simulate");
  QTest::addColumn<int>("firstSeed");
  QTest::addColumn<int>("quickTry");
  QTest::addColumn<int>("windowRadius");
  const int quick = static_cast<int>(SearchLimits{}.quickTryConfigurations);
  // Without the quick depth-first try, every history goes through the sweep
  // and, if the sweep finds an order, the exact confirmation.
  QTest::newRow("simulated register") << true << 1 << quick << 16;
  QTest::newRow("arbitrary results") << false << 100000 << quick << 16;
  QTest::newRow("simulated register, sweep path") << true << 1 << 0 << 16;
  QTest::newRow("arbitrary results, sweep path") << false << 100000 << 0 << 16;
  // A try that runs out at once sends every history through windows of one
  // operation either side of where it got stuck, then 4, then 16, then
  // through the sliding scan (windows of 4): a window that refutes a
  // linearizable history would show up here.
  QTest::newRow("simulated register, window path") << true << 1 << 1 << 1;
  QTest::newRow("arbitrary results, window path") << false << 100000 << 1 << 1;
}

void tst_lin_crosscheck::agreesWithBruteForce() {
  QFETCH(bool, simulate);
  QFETCH(int, firstSeed);
  QFETCH(int, quickTry);
  QFETCH(int, windowRadius);
  int linearizable = 0, violations = 0, exactOnly = 0, windowed = 0;
  for (int seed = firstSeed; seed < firstSeed + 20000; ++seed) {
    std::mt19937_64 rng(static_cast<std::uint64_t>(seed));
    History h = randomHistory(rng, simulate);
    bool expected = bruteForce(h, "");
    CheckOptions options;
    options.explain = !expected && seed % 10 == 0;
    options.limits.quickTryConfigurations = static_cast<std::uint64_t>(quickTry);
    options.limits.firstWindowRadius = static_cast<std::size_t>(windowRadius);
    // On the window path the second try gives up at once, so that the
    // sliding scan runs too.
    if (quickTry == 1) options.limits.secondTryConfigurations = 1;
    CheckReport report = checkHistory(h, options);
    Verdict want = expected ? Verdict::Linearizable : Verdict::NotLinearizable;
    if (report.verdict != want) {
      std::string dump;
      for (const Operation& op : h.ops)
        dump += "\n  " + describe(op, "pos") + " inv@" + std::to_string(op.invokeAt);
      QFAIL(qPrintable(QStringLiteral("seed %1: checker says '%2', brute force says '%3'%4")
                           .arg(seed)
                           .arg(QString::fromLatin1(toString(report.verdict)))
                           .arg(QString::fromLatin1(toString(want)))
                           .arg(QString::fromStdString(dump))));
    }
    if (report.violation) {
      QVERIFY2(
          explanationHolds(h, report.violation->explanation),
          qPrintable(QStringLiteral("seed %1: the explanation is not a violation by itself\n%2")
                         .arg(seed)
                         .arg(QString::fromStdString(formatReport(h, report)))));
    }
    (expected ? linearizable : violations)++;
    for (const KeyReport& k : report.keys) {
      if (k.decision.exactPassRan && k.decision.verdict == Verdict::NotLinearizable) ++exactOnly;
      if (k.decision.windowProof) ++windowed;
    }
  }
  qInfo("%d linearizable, %d not, %d of which only the exact pass could refute, %d in a window",
        linearizable, violations, exactOnly, windowed);
  if (windowRadius == 1 && !simulate) QVERIFY(windowed > 100);
  // Simulated histories are linearizable by construction; arbitrary ones must
  // contain both kinds for the comparison to mean anything.
  if (simulate) QCOMPARE(violations, 0);
  QVERIFY2(simulate || (linearizable > 400 && violations > 400),
           qPrintable(QStringLiteral("%1 linearizable, %2 not").arg(linearizable).arg(violations)));
}

QTEST_MAIN(tst_lin_crosscheck)
#include "tst_lin_crosscheck.moc"
