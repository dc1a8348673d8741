// catslab-ycsb's cats driver fails over (bench/ycsb/failover_client.h): three
// real catslab-node processes (LevelDB, RESP on loopback), one client thread
// that starts on n1 under a steady load, n1 SIGKILLed while it works. The
// client moves to another node at once, without a burst of connection
// errors, and its operations go on being acknowledged there; the history it
// wrote (with the operation cut short by the kill as unknown) is
// linearizable by catslab-check.
#include <QProcess>

#include "cats_cluster.h"

using namespace catslab::testing;

namespace {

QString ycsbBinary() { return binDir() + QStringLiteral("/catslab-ycsb"); }
QString checkBinary() { return binDir() + QStringLiteral("/catslab-check"); }
QString workloadA() { return sourceDir() + QStringLiteral("/bench/ycsb/workloads/workloada"); }

// A program run while the event loop turns (the nodes' output keeps being
// read), its stdout and stderr kept whole.
class Tool {
 public:
  Tool() {
    QObject::connect(&p_, &QProcess::readyReadStandardOutput,
                     [this] { out_ += QString::fromUtf8(p_.readAllStandardOutput()); });
    QObject::connect(&p_, &QProcess::readyReadStandardError,
                     [this] { err_ += QString::fromUtf8(p_.readAllStandardError()); });
  }
  ~Tool() {
    if (p_.state() != QProcess::NotRunning) {
      p_.kill();
      p_.waitForFinished();
    }
  }
  void start(const QString& program, const QStringList& args) { p_.start(program, args); }
  // Waits (scaled) until `done` holds or the program ended; whether `done` holds.
  bool waitFor(const std::function<bool()>& done, int timeoutMs) {
    return QTest::qWaitFor([&] { return done() || p_.state() == QProcess::NotRunning; },
                           scaledMs(timeoutMs)) &&
           done();
  }
  // Waits for the end; the exit code, or -1 (crash or timeout).
  int finish(int timeoutMs) {
    if (!QTest::qWaitFor([&] { return p_.state() == QProcess::NotRunning; }, scaledMs(timeoutMs)))
      return -1;
    out_ += QString::fromUtf8(p_.readAllStandardOutput());
    err_ += QString::fromUtf8(p_.readAllStandardError());
    return p_.exitStatus() == QProcess::NormalExit ? p_.exitCode() : -1;
  }
  const QString& out() const { return out_; }
  const QString& err() const { return err_; }

 private:
  QProcess p_;
  QString out_, err_;
};

// The value of a report line "[SECTION], name, value" (-1: no such line).
qint64 reportValue(const QString& report, const QString& section, const QString& name) {
  const QRegularExpression re(
      QStringLiteral("^\\[%1\\], %2, (\\d+)$")
          .arg(QRegularExpression::escape(section), QRegularExpression::escape(name)),
      QRegularExpression::MultilineOption);
  const auto m = re.match(report);
  return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

// The largest "N operations" of the status lines so far.
qint64 operationsSoFar(const QString& err) {
  static const QRegularExpression re(QStringLiteral(" sec: (\\d+) operations;"));
  qint64 most = 0;
  for (auto it = re.globalMatch(err); it.hasNext();)
    most = std::max(most, it.next().captured(1).toLongLong());
  return most;
}

}  // namespace

class tst_ycsb_failover : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY2(haveEnvironment(), "run through ctest: CATSLAB_SOURCE_DIR and CATSLAB_BIN_DIR");
    QVERIFY2(QFile::exists(ycsbBinary()) && QFile::exists(checkBinary()),
             "catslab-ycsb and catslab-check are built with the benchmarks");
  }

  void clientGoesOnOnAnotherNodeWhenItsNodeIsKilled() {
    CatsCluster cluster(3);
    QVERIFY(cluster.start(cluster.ids()));
    const QString settled = cluster.waitSettled(30000);
    QVERIFY2(settled.isEmpty(), qPrintable(settled));
    QStringList hosts;
    for (const QString& id : cluster.ids())
      hosts << QStringLiteral("127.0.0.1:%1").arg(cluster.respPort(id));
    const QString n1 = hosts[0];
    // The client's timeout is above a coordinator's deadline (5 s), as in the soak.
    const QStringList common{
        QStringLiteral("-P"),       workloadA(),
        QStringLiteral("-p"),       QStringLiteral("recordcount=50"),
        QStringLiteral("-p"),       QStringLiteral("cats.hosts=") + hosts.join(QLatin1Char(',')),
        QStringLiteral("-p"),       QStringLiteral("cats.timeout=8000"),
        QStringLiteral("-threads"), QStringLiteral("1")};

    Tool load;
    load.start(ycsbBinary(), QStringList{QStringLiteral("load"), QStringLiteral("cats")} + common);
    QCOMPARE(load.finish(60000), 0);
    QCOMPARE(reportValue(load.out(), QStringLiteral("INSERT"), QStringLiteral("Return=OK")), 50);

    // 400 operations at 40 a second: about 10 s, of which n1 serves the first.
    QTemporaryDir dir;
    const QString history = dir.filePath(QStringLiteral("history.txt"));
    Tool run;
    run.start(ycsbBinary(),
              QStringList{QStringLiteral("run"), QStringLiteral("cats")} + common +
                  QStringList{QStringLiteral("-p"), QStringLiteral("operationcount=400"),
                              QStringLiteral("-target"), QStringLiteral("40"), QStringLiteral("-p"),
                              QStringLiteral("status.interval=1"), QStringLiteral("-p"),
                              QStringLiteral("history.file=") + history});
    QVERIFY2(run.waitFor([&] { return operationsSoFar(run.err()) > 0; }, 30000),
             qPrintable(run.err()));
    const qint64 beforeKill = operationsSoFar(run.err());
    QVERIFY2(beforeKill < 300, "the run must still have most of its operations ahead");
    QVERIFY(cluster.kill(QStringLiteral("n1")));

    const QString failover = QStringLiteral("catslab-ycsb: thread 0: ");
    QVERIFY2(run.waitFor(
                 [&] {
                   return run.err().contains(QStringLiteral("failing over from ") + n1 +
                                             QStringLiteral(" to "));
                 },
                 30000),
             qPrintable(run.err()));
    QVERIFY(run.err().contains(failover));
    QCOMPARE(run.finish(120000), 0);
    const QString& report = run.out();
    qInfo("%lld operations before the kill; the client's report:\n%s", beforeKill,
          qPrintable(report.mid(report.indexOf(QStringLiteral("[CLIENT]")))));

    // It moved, once, and paid for the dead node with a bounded number of
    // connection attempts (the old client failed thousands a second).
    QVERIFY2(reportValue(report, QStringLiteral("CLIENT"), QStringLiteral("Failovers")) >= 1,
             qPrintable(report));
    const qint64 connectionErrors =
        reportValue(report, QStringLiteral("CLIENT"), QStringLiteral("ConnectionErrors"));
    QVERIFY2(connectionErrors >= 0 && connectionErrors <= 3, qPrintable(report));
    // Operations were acknowledged by n1 before the kill and by the others after it.
    const auto answeredBy = [&](const QString& address) {
      return std::max<qint64>(0, reportValue(report, QStringLiteral("CLIENT"),
                                             QStringLiteral("AnsweredBy(%1)").arg(address)));
    };
    QVERIFY2(answeredBy(n1) > 0, qPrintable(report));
    const qint64 elsewhere = answeredBy(hosts[1]) + answeredBy(hosts[2]);
    QVERIFY2(elsewhere >= 100, qPrintable(report));
    // At most the operation in flight at the kill went without an answer.
    QVERIFY2(reportValue(report, QStringLiteral("CLIENT"), QStringLiteral("NoReply")) <= 1,
             qPrintable(report));
    const qint64 ok =
        std::max<qint64>(0,
                         reportValue(report, QStringLiteral("READ"), QStringLiteral("Return=OK"))) +
        std::max<qint64>(
            0, reportValue(report, QStringLiteral("UPDATE"), QStringLiteral("Return=OK")));
    QVERIFY2(ok >= beforeKill + 100, qPrintable(report));

    // Every operation is in the history, and the history is linearizable:
    // what n1 acknowledged reads back through the others.
    QFile h(history);
    QVERIFY(h.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(h.readAll());
    QCOMPARE(text.count(QStringLiteral(" :invoke ")), 400);
    Tool check;
    check.start(checkBinary(), {QStringLiteral("--initial"), QStringLiteral("0"), history});
    const int verdict = check.finish(60000);
    QVERIFY2(verdict == 0, qPrintable(check.out() + check.err()));
  }
};

QTEST_GUILESS_MAIN(tst_ycsb_failover)
#include "tst_ycsb_failover.moc"
