// CATS membership changes under load with real processes and LevelDB: five
// nodes serve three closed-loop clients on three hot keys; a sixth node
// joins and, once the groups include it, n5 leaves gracefully (console
// `leave`, then `quit` after it says `left`). The clients see only explicit
// "unavailable" errors, never anything else, and the history they record
// (invocations and answers, in the order the test saw them) is
// linearizable by the checker library.
#include <algorithm>
#include <functional>

#include "cats_cluster.h"
#include "protocols/linearizability/checker.h"

using namespace catslab;
using namespace catslab::testing;

namespace {

// A client: one operation at a time on one node's console.
struct Client {
  QString node;
  QString name;
  int next = 0;
  int pending = -1;  // index into the history, -1 if idle
  int scanned = 0;   // console lines already looked at
  QString expectKey;
};

}  // namespace

class tst_cats_membership : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    QVERIFY2(haveEnvironment(), "run through ctest: CATSLAB_SOURCE_DIR and CATSLAB_BIN_DIR");
  }

  void joinAndLeaveUnderLoadStayLinearizable() {
    CatsCluster c(6);
    const QStringList first{QStringLiteral("n1"), QStringLiteral("n2"), QStringLiteral("n3"),
                            QStringLiteral("n4"), QStringLiteral("n5")};
    QVERIFY(c.start(first));
    QString settled = c.waitSettled(30000);
    QVERIFY2(settled.isEmpty(), qPrintable(settled));

    checker::History history;
    std::int64_t position = 0;
    std::vector<Client> clients;
    for (const char* n : {"n1", "n2", "n4"}) {
      Client cl;
      cl.node = QString::fromLatin1(n);
      cl.name = QStringLiteral("client@") + cl.node;
      cl.scanned = int(c.node(cl.node).lines().size());
      clients.push_back(cl);
    }
    const QStringList keys{QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("z")};
    int unavailable = 0, ok = 0;
    QStringList otherErrors;
    const QRegularExpression answerRe(
        QStringLiteral("^(error: )?(put|get) (\\S+)(: ok| = (\\S*)|: \\(nil\\)|: (.*))"));

    // One step of every client: issue an operation if idle, else look for
    // its answer. Returns when some client made progress or 100 ms passed.
    auto pump = [&](bool issue) {
      for (auto& cl : clients) {
        NodeProcess& p = c.node(cl.node);
        if (cl.pending < 0) {
          if (!issue) continue;
          checker::Operation op;
          op.client = cl.name.toStdString();
          op.key = keys[(cl.next * 7 + int(cl.name.size())) % keys.size()].toStdString();
          op.invokeAt = ++position;
          op.invokeTime = position;
          const bool write = cl.next % 2 == 0;
          if (write) {
            op.kind = checker::OpKind::Write;
            op.value = QStringLiteral("%1-%2").arg(cl.node).arg(cl.next).toStdString();
            p.send(QStringLiteral("put %1 %2")
                       .arg(QString::fromStdString(op.key), QString::fromStdString(op.value)));
          } else {
            op.kind = checker::OpKind::Read;
            p.send(QStringLiteral("get %1").arg(QString::fromStdString(op.key)));
          }
          ++cl.next;
          cl.expectKey = QString::fromStdString(op.key);
          cl.pending = int(history.ops.size());
          history.ops.push_back(std::move(op));
          continue;
        }
        for (; cl.scanned < int(p.lines().size()); ++cl.scanned) {
          const auto m = answerRe.match(p.lines()[cl.scanned]);
          if (!m.hasMatch() || m.captured(3) != cl.expectKey) continue;
          checker::Operation& op = history.ops[std::size_t(cl.pending)];
          op.completeTime = op.completeAt = ++position;
          if (m.captured(1).isEmpty()) {
            op.outcome = checker::Outcome::Ok;
            if (op.kind == checker::OpKind::Read) op.value = m.captured(5).toStdString();
            ++ok;
          } else if (m.captured(6).startsWith(QStringLiteral("unavailable: "))) {
            // A put may or may not have taken effect; a read returned nothing.
            op.outcome = op.kind == checker::OpKind::Read ? checker::Outcome::Fail
                                                          : checker::Outcome::Unknown;
            if (op.outcome == checker::Outcome::Unknown) op.completeAt = checker::kNever;
            ++unavailable;
          } else {
            otherErrors << p.lines()[cl.scanned];
          }
          cl.pending = -1;
          ++cl.scanned;
          break;
        }
      }
      c.node(clients.front().node).waitForLine(QStringLiteral("^$^"), 20);
    };
    // Runs the clients until `done` holds or the deadline passes.
    auto runUntil = [&](const std::function<bool()>& done, int timeoutMs) {
      const QDeadlineTimer deadline = catslab::testing::deadlineIn(timeoutMs);
      while (!done()) {
        if (deadline.hasExpired()) return false;
        pump(true);
      }
      return true;
    };

    const int warmup = 30;
    QVERIFY(runUntil([&] { return ok >= warmup; }, 20000));

    // n6 joins; wait (under load) until every group has settled on the six.
    QVERIFY(c.start({QStringLiteral("n6")}));
    QDeadlineTimer joinDeadline = catslab::testing::deadlineIn(60000);
    while (!(settled = c.waitSettled(0)).isEmpty() && !joinDeadline.hasExpired()) {
      const int before = ok + unavailable;
      QVERIFY(runUntil([&] { return ok + unavailable >= before + 3; }, 20000));
    }
    QVERIFY2(settled.isEmpty(), qPrintable(QStringLiteral("after the join: ") + settled));
    QVERIFY(
        !c.ask(QStringLiteral("n6"), QStringLiteral("views"), QStringLiteral("^member of [1-9]"))
             .isEmpty());

    // n5 leaves; it says 'left' once no group has it.
    const QString n5 = QStringLiteral("n5");
    QVERIFY(!c.ask(n5, QStringLiteral("leave"), QStringLiteral("^leaving")).isEmpty());
    QVERIFY(runUntil([&] { return c.node(n5).countLines(QStringLiteral("^left: ")) > 0; }, 60000));
    c.node(n5).send(QStringLiteral("quit"));
    QCOMPARE(c.node(n5).waitForExit(10000), 0);
    const int before = ok;
    QVERIFY(runUntil([&] { return ok >= before + 30; }, 30000));
    // Let every client's last operation finish.
    QDeadlineTimer drain = catslab::testing::deadlineIn(15000);
    while (std::any_of(clients.begin(), clients.end(),
                       [](const Client& cl) { return cl.pending >= 0; }) &&
           !drain.hasExpired()) {
      pump(false);
    }

    settled = c.waitSettled(30000);
    QVERIFY2(settled.isEmpty(), qPrintable(QStringLiteral("after the leave: ") + settled));
    qInfo("%zu operations: %d ok, %d unavailable", history.ops.size(), ok, unavailable);
    QVERIFY2(otherErrors.isEmpty(), qPrintable(otherErrors.join(QLatin1Char('\n'))));
    const auto report = checker::checkHistory(history);
    QVERIFY2(report.verdict == checker::Verdict::Linearizable,
             checker::formatReport(history, report).c_str());
  }
};

QTEST_MAIN(tst_cats_membership)
#include "tst_cats_membership.moc"
