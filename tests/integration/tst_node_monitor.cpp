// The monitor connection of a real catslab-node process (--monitor
// HOST:PORT) when the app on the other end goes away and comes back: the
// node runs on, reconnects with back-off, starts the new stream with who it
// is, and records and console commands flow again. Under TLS when the
// node has TLS files.
#include <QTest>

#include "fake_monitor.h"
#include "node_process.h"
#include "tls_certs.h"

using namespace catslab;
using namespace catslab::testing;

class tst_node_monitor : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY2(haveEnvironment(),
             "run through ctest: CATSLAB_SOURCE_DIR and CATSLAB_BIN_DIR must "
             "name the source tree and build/bin");
  }

  void monitorThatComesBackGetsRecordsAgain() {
    QTemporaryDir dir;
    const QString topo = makeTopology(dir, QStringLiteral("ping3.json"));
    auto first = std::make_unique<FakeMonitor>();
    const quint16 port = first->port();
    const QString address = QStringLiteral("127.0.0.1:%1").arg(port);
    NodeProcess n2, n1;
    QVERIFY(n2.startNode(topo, QStringLiteral("n2")));
    QVERIFY(n1.startNode(topo, QStringLiteral("n1"), {QStringLiteral("--monitor"), address}));
    QTRY_VERIFY_WITH_TIMEOUT(first->accepted(), catslab::testing::scaledMs(20000));
    n1.send(QStringLiteral("ping n2"));
    QTRY_VERIFY_WITH_TIMEOUT(first->sawPingTo("n2"), catslab::testing::scaledMs(20000));

    // The app goes away. The node says so once and keeps working.
    first->close();
    first.reset();
    QTRY_VERIFY_WITH_TIMEOUT(
        n1.countErrLines(QStringLiteral("^\\[warning\\] n1 /monitor: monitor (closed the "
                                        "connection|connection lost: .*); the node runs on")) == 1,
        catslab::testing::scaledMs(20000));
    int mark = n1.lines().size();
    n1.send(QStringLiteral("ping n2"));
    QVERIFY(n1.waitForLine(QStringLiteral("^reply from n2: "), 20000, mark) >= 0);
    mark = n1.lines().size();
    n1.send(QStringLiteral("status"));
    QVERIFY(n1.waitForLine(QStringLiteral("^monitor %1 away, reconnecting").arg(address), 20000,
                           mark) >= 0);

    // It comes back on the same address: the node finds it without help.
    FakeMonitor second(port);
    QTRY_VERIFY_WITH_TIMEOUT(second.accepted(), catslab::testing::scaledMs(30000));
    QTRY_VERIFY_WITH_TIMEOUT(second.pump().size() >= 2, catslab::testing::scaledMs(20000));
    QVERIFY2(second.pump().front().has_header(), "a new stream starts with the header");
    QVERIFY(second.pump()[1].has_node_up() && second.pump()[1].node() == "n1");
    n1.send(QStringLiteral("ping n2"));
    QTRY_VERIFY_WITH_TIMEOUT(second.sawPingTo("n2"), catslab::testing::scaledMs(20000));
    // Commands flow the other way again, and the node's status says so.
    mark = n1.lines().size();
    second.send("status");
    QVERIFY(
        n1.waitForLine(QStringLiteral("^monitor %1 connected; \\d+ records dropped").arg(address),
                       20000, mark) >= 0);
    QTRY_VERIFY_WITH_TIMEOUT(
        n1.countErrLines(QStringLiteral("monitor %1 connected after \\d+ failed attempts?; \\d+ "
                                        "records dropped while it was away")
                             .arg(address)) == 1,
        catslab::testing::scaledMs(20000));
    // One warning for the whole outage, however many attempts it took.
    QCOMPARE(n1.countErrLines(QStringLiteral("reconnects with back-off")), 1);
    n1.send(QStringLiteral("quit"));
    QCOMPARE(n1.waitForExit(), 0);
  }

  // A monitor that is not there when the node starts is found when it
  // appears, under a DNS name.
  void monitorThatStartsLateIsFoundByName() {
    QTemporaryDir dir;
    const QString topo = makeTopology(dir, QStringLiteral("ping3.json"));
    const quint16 port = freePort();
    NodeProcess n1;
    QVERIFY(n1.startNode(topo, QStringLiteral("n1"),
                         {QStringLiteral("--monitor"), QStringLiteral("localhost:%1").arg(port)}));
    QTRY_VERIFY_WITH_TIMEOUT(
        n1.countErrLines(QStringLiteral("cannot reach monitor localhost:%1").arg(port)) == 1,
        catslab::testing::scaledMs(20000));
    FakeMonitor late(port);
    QTRY_VERIFY_WITH_TIMEOUT(late.accepted(), catslab::testing::scaledMs(30000));
    QTRY_VERIFY_WITH_TIMEOUT(late.pump().size() >= 2, catslab::testing::scaledMs(20000));
    QVERIFY(late.pump().front().has_header());
    n1.send(QStringLiteral("quit"));
    QCOMPARE(n1.waitForExit(), 0);
  }

  // A node with TLS files speaks TLS to the monitor (docs/deploy.md "TLS to
  // the monitor"): records and commands flow over it; a monitor whose
  // certificate is not from the node's CA gets nothing, and the node says
  // why once; --monitor-tls off keeps the monitor plain.
  void monitorOverTls() {
    QTemporaryDir certs;
    const QString cluster = certs.filePath(QStringLiteral("cluster"));
    const QString other = certs.filePath(QStringLiteral("other"));
    QVERIFY2(makeCerts(cluster, {QStringLiteral("n1"), QStringLiteral("app")}),
             "scripts/make-test-certs.sh failed (is openssl installed?)");
    QVERIFY(makeCerts(other, {QStringLiteral("app")}));
    QTemporaryDir dir;
    const QString topo = makeTopology(dir, QStringLiteral("ping3.json"));

    FakeMonitor app(0, monitorTls(cluster, QStringLiteral("app"), cluster));
    const QString address = QStringLiteral("127.0.0.1:%1").arg(app.port());
    NodeProcess n1;
    QVERIFY(n1.startNode(topo, QStringLiteral("n1"),
                         tlsArgs(cluster, QStringLiteral("n1")) +
                             QStringList{QStringLiteral("--monitor"), address}));
    QTRY_VERIFY_WITH_TIMEOUT(app.accepted(), scaledMs(20000));
    QTRY_VERIFY_WITH_TIMEOUT(app.pump().size() >= 2, scaledMs(20000));
    QVERIFY(app.pump().front().has_header());
    QVERIFY(app.pump()[1].has_node_up() && app.pump()[1].node() == "n1");
    int mark = n1.lines().size();
    app.send("status");
    QVERIFY(n1.waitForLine(QStringLiteral("^monitor %1 connected \\(TLS\\);").arg(address), 20000,
                           mark) >= 0);
    n1.send(QStringLiteral("quit"));
    QCOMPARE(n1.waitForExit(), 0);

    // A monitor with another CA's certificate: refused by the node.
    FakeMonitor stranger(0, monitorTls(other, QStringLiteral("app"), cluster));
    NodeProcess n1b;
    QVERIFY(n1b.startNode(topo, QStringLiteral("n1"),
                          tlsArgs(cluster, QStringLiteral("n1")) +
                              QStringList{QStringLiteral("--monitor"),
                                          QStringLiteral("127.0.0.1:%1").arg(stranger.port())}));
    QTRY_VERIFY_WITH_TIMEOUT((stranger.accepted(), !stranger.handshakeError().empty()),
                             scaledMs(20000));
    QTRY_COMPARE_WITH_TIMEOUT(
        n1b.countErrLines(QStringLiteral("monitor 127.0.0.1:%1: TLS handshake failed: certificate "
                                         "verify failed \\(unable to get local issuer "
                                         "certificate\\); the node runs on")
                              .arg(stranger.port())),
        1, scaledMs(20000));
    QVERIFY(stranger.pump().empty());
    n1b.send(QStringLiteral("quit"));
    QCOMPARE(n1b.waitForExit(), 0);

    // --monitor-tls off: a plain monitor, though the node's peers speak TLS.
    FakeMonitor plain;
    NodeProcess n1c;
    QVERIFY(n1c.startNode(topo, QStringLiteral("n1"),
                          tlsArgs(cluster, QStringLiteral("n1")) +
                              QStringList{QStringLiteral("--monitor"),
                                          QStringLiteral("127.0.0.1:%1").arg(plain.port()),
                                          QStringLiteral("--monitor-tls"), QStringLiteral("off")}));
    QTRY_VERIFY_WITH_TIMEOUT(plain.accepted(), scaledMs(20000));
    QTRY_VERIFY_WITH_TIMEOUT(plain.pump().size() >= 2, scaledMs(20000));
    QVERIFY(plain.pump().front().has_header());
    n1c.send(QStringLiteral("quit"));
    QCOMPARE(n1c.waitForExit(), 0);

    // --monitor-tls on without the node's TLS files is bad input.
    NodeProcess bad;
    bad.start({QStringLiteral("--topology"), topo, QStringLiteral("--node"), QStringLiteral("n1"),
               QStringLiteral("--monitor"), address, QStringLiteral("--monitor-tls"),
               QStringLiteral("on")});
    QCOMPARE(bad.waitForExit(), 2);
    QVERIFY2(bad.allErr().contains(QStringLiteral("--monitor-tls on needs the node's TLS files")),
             qPrintable(bad.allErr()));
  }
};

QTEST_MAIN(tst_node_monitor)
#include "tst_node_monitor.moc"
