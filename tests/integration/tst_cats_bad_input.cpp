// CATS bad input with real processes: a corrupt or foreign data directory
// makes catslab-node exit 2 with one line naming the directory and the
// reason, and leaves every file as it was; a put to a node cut off from
// the others answers "unavailable" naming the key's group, never "ok", and
// the node keeps serving once it is reconnected.
#include "cats_cluster.h"

using namespace catslab::testing;

namespace {

// Every file of a directory with its bytes.
std::map<QString, QByteArray> contents(const QString& dir) {
  std::map<QString, QByteArray> out;
  for (const auto& name : QDir(dir).entryList(QDir::Files)) {
    QFile f(QDir(dir).filePath(name));
    if (f.open(QIODevice::ReadOnly)) out[name] = f.readAll();
  }
  return out;
}

void flipBytes(const QString& path, qint64 at, int count) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::ReadWrite));
  QByteArray bytes = f.readAll();
  QVERIFY(bytes.size() > at + count);
  for (int i = 0; i < count; ++i) bytes[at + i] = char(~bytes[at + i]);
  f.seek(0);
  f.write(bytes);
}

}  // namespace

class tst_cats_bad_input : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    QVERIFY2(haveEnvironment(), "run through ctest: CATSLAB_SOURCE_DIR and CATSLAB_BIN_DIR");
  }

  void badDataDirectoryExitsTwoAndTouchesNothing_data() {
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("message");
    QTest::newRow("flipped bytes in the log") << "log"
                                              << "LevelDB cannot open the store: Corruption";
    QTest::newRow("CURRENT names no manifest") << "current"
                                               << "Corruption: CURRENT points to";
    QTest::newRow("another program's files") << "foreign"
                                             << "is not a CATS store";
  }
  void badDataDirectoryExitsTwoAndTouchesNothing() {
    QFETCH(QString, damage);
    QFETCH(QString, message);
    CatsCluster c(1);
    const QString n1 = QStringLiteral("n1");
    const QString dir = c.dataDir(n1);
    if (damage == QStringLiteral("foreign")) {
      QVERIFY(QDir().mkpath(dir));
      QFile notes(dir + QStringLiteral("/notes.txt"));
      QVERIFY(notes.open(QIODevice::WriteOnly));
      notes.write("not a store\n");
    } else {
      // A real store with data in it, then damaged while the node is down.
      QVERIFY(c.start({n1}));
      QVERIFY(
          !c.ask(n1, QStringLiteral("put apple red"), QStringLiteral("^put apple: ok")).isEmpty());
      QVERIFY(c.kill(n1));
      const QStringList logs = QDir(dir).entryList({QStringLiteral("*.log")}, QDir::Files);
      QVERIFY(!logs.isEmpty());
      if (damage == QStringLiteral("log")) {
        const QString log = dir + QLatin1Char('/') + logs.first();
        flipBytes(log, QFileInfo(log).size() / 2, 16);
      } else {
        QFile current(dir + QStringLiteral("/CURRENT"));
        QVERIFY(current.open(QIODevice::WriteOnly | QIODevice::Truncate));
        current.write("MANIFEST-999999\n");
      }
    }
    const auto before = contents(dir);

    NodeProcess p;
    p.start({QStringLiteral("--topology"), c.topology(), QStringLiteral("--node"), n1});
    QCOMPARE(p.waitForExit(15000), 2);
    QVERIFY2(p.countErrLines(QStringLiteral("^catslab-node: cats stack: ") +
                             QRegularExpression::escape(dir) + QStringLiteral(": .*") +
                             QRegularExpression::escape(message)) == 1,
             qPrintable(p.allErr()));
    QVERIFY2(contents(dir) == before, "the data directory must be left exactly as it was");
  }

  // n3 cut off (its outgoing links down, and everyone's links to it): a
  // put through n3 answers "unavailable" naming the group; after the links
  // come back n3 serves again and the others never stopped.
  void putToAnIsolatedNodeIsUnavailable() {
    CatsCluster c(3, {{QStringLiteral("deadline_ms"), QStringLiteral("1500")}});
    QVERIFY(c.start(c.ids()));
    const QString settled = c.waitSettled(30000);
    QVERIFY2(settled.isEmpty(), qPrintable(settled));
    const QString n3 = QStringLiteral("n3");
    for (const auto& id : c.ids()) {
      const QString target = id == n3 ? QStringLiteral("all") : n3;
      QVERIFY(
          !c.ask(id, QStringLiteral("link %1 down").arg(target), QStringLiteral("down")).isEmpty());
    }
    const QString answer =
        c.ask(n3, QStringLiteral("put apple red"), QStringLiteral("^(error: )?put apple"));
    QVERIFY2(answer.contains(QRegularExpression(
                 QStringLiteral("^error: put apple: unavailable: group \\d+ .*unavailable"))),
             qPrintable(answer));
    QVERIFY(!c.ask(QStringLiteral("n1"), QStringLiteral("put apple green"),
                   QStringLiteral("^put apple: ok"), 15000)
                 .isEmpty());

    for (const auto& id : c.ids()) {
      const QString target = id == n3 ? QStringLiteral("all") : n3;
      QVERIFY(!c.ask(id, QStringLiteral("link %1 up").arg(target), QStringLiteral("up|latency"))
                   .isEmpty());
    }
    // Back on the ring, n3 answers again, with the majority's value.
    QDeadlineTimer deadline = catslab::testing::deadlineIn(30000);
    QString got;
    while (!deadline.hasExpired()) {
      got = c.ask(n3, QStringLiteral("get apple"), QStringLiteral("^(error: )?get apple"));
      if (got.startsWith(QStringLiteral("get apple = "))) break;
    }
    QVERIFY2(got.startsWith(QStringLiteral("get apple = green ")), qPrintable(got));
  }
};

QTEST_MAIN(tst_cats_bad_input)
#include "tst_cats_bad_input.moc"
