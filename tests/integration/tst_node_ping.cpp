// Three catslab-node processes on loopback feel their topology: 20 ms links
// give ~40 ms round trips, and a lossy direction makes pings time out.
#include <QTest>
#include <algorithm>

#include "node_process.h"

using namespace catslab::testing;

class tst_node_ping : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY2(haveEnvironment(),
             "run through ctest: CATSLAB_SOURCE_DIR and CATSLAB_BIN_DIR must "
             "name the source tree and build/bin");
  }
  void twentyMsLinksGiveFortyMsRoundTrips() {
    QTemporaryDir dir;
    const QString topo = makeTopology(dir, QStringLiteral("ping3.json"));
    QVERIFY(!topo.isEmpty());
    NodeProcess n2, n3, n1;
    QVERIFY(n2.startNode(topo, QStringLiteral("n2")));
    QVERIFY(n3.startNode(topo, QStringLiteral("n3")));
    QVERIFY(n1.startNode(topo, QStringLiteral("n1")));
    // n1's script pings everyone 500 ms after start.
    QVERIFY(n1.waitForLine(QStringLiteral("^reply from n2: "), 10000) >= 0);
    QVERIFY(n1.waitForLine(QStringLiteral("^reply from n3: "), 10000) >= 0);

    QList<double> rtts;
    for (int i = 0; i < 6; ++i) {
      const QString peer = i % 2 ? QStringLiteral("n3") : QStringLiteral("n2");
      const int before = n1.lines().size();
      n1.send(QStringLiteral("ping ") + peer);
      QRegularExpressionMatch m;
      QVERIFY(n1.waitForLine(QStringLiteral("^reply from %1: rtt=([0-9.]+) ms").arg(peer), 10000,
                             before, &m) >= 0);
      rtts << m.captured(1).toDouble();
    }
    std::sort(rtts.begin(), rtts.end());
    // Each direction is delayed 20 ms by its sender: no reply can come sooner
    // than 40 ms; the median must not be far above on an idle loopback.
    QVERIFY2(rtts.first() >= 39.5, qPrintable(QString::number(rtts.first())));
    QVERIFY2(rtts[rtts.size() / 2] < 150, qPrintable(QString::number(rtts[rtts.size() / 2])));
  }

  void halfLossyLinksTimeOutAboutHalfThePings() {
    QTemporaryDir dir;
    const QString topo = makeTopology(dir, QStringLiteral("ping3-lossy.json"));
    NodeProcess n2, n3, n1;
    QVERIFY(n2.startNode(topo, QStringLiteral("n2")));
    QVERIFY(n3.startNode(topo, QStringLiteral("n3")));
    QVERIFY(n1.startNode(topo, QStringLiteral("n1")));
    const int rounds = 25;  // 50 pings, 25 to each peer
    for (int i = 0; i < rounds; ++i) n1.send(QStringLiteral("ping all"));
    const QString outcome = QStringLiteral("^(reply from|timeout:) n[23]");
    QTRY_COMPARE_WITH_TIMEOUT(n1.countLines(outcome), 2 * rounds,
                              catslab::testing::scaledMs(20000));
    const int timeouts = n1.countLines(QStringLiteral("^timeout: n[23] seq="));
    // Loss 0.5 on n1's outgoing direction: expect 25 of 50, accept 10..40.
    QVERIFY2(timeouts >= 10 && timeouts <= 40, qPrintable(QString::number(timeouts)));
  }
};

QTEST_MAIN(tst_node_ping)
#include "tst_node_ping.moc"
