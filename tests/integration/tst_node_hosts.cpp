// Nodes on "many hosts" as real processes on this machine: topology hosts
// that are DNS names or IPv6 literals, and a listening (bind) address that
// is separate from the address peers dial. docs/deploy.md, "Many hosts".
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "node_process.h"

using namespace catslab::testing;

namespace {

struct NodeSpec {
  QString id;
  QString host;  // empty: the default (127.0.0.1)
  QString bind;  // empty: the default
  quint16 port = 0;
};

// A ping topology with the given nodes and no links (no emulated delay).
QString writeTopology(const QTemporaryDir& dir, const QList<NodeSpec>& nodes) {
  QJsonArray array;
  for (const NodeSpec& n : nodes) {
    QJsonObject o{{QStringLiteral("id"), n.id},
                  {QStringLiteral("stack"), QStringLiteral("ping")},
                  {QStringLiteral("port"), int(n.port ? n.port : freePort())}};
    if (!n.host.isEmpty()) o.insert(QStringLiteral("host"), n.host);
    if (!n.bind.isEmpty()) o.insert(QStringLiteral("bind"), n.bind);
    array.append(o);
  }
  const QString path = dir.filePath(QStringLiteral("hosts.json"));
  QFile out(path);
  if (!out.open(QIODevice::WriteOnly)) return {};
  out.write(QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("hosts")},
                                      {QStringLiteral("nodes"), array}})
                .toJson());
  return path;
}

bool haveIpv6Loopback() {
  boost::asio::io_context io;
  boost::system::error_code ec;
  boost::asio::ip::tcp::acceptor a(io);
  a.open(boost::asio::ip::tcp::v6(), ec);
  if (!ec) a.bind({boost::asio::ip::make_address("::1"), 0}, ec);
  return !ec;
}

}  // namespace

class tst_node_hosts : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY2(haveEnvironment(),
             "run through ctest: CATSLAB_SOURCE_DIR and CATSLAB_BIN_DIR must "
             "name the source tree and build/bin");
  }

  void peersReachEachOther_data() {
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("bind");
    QTest::addColumn<QString>("shownAs");  // in the ready line
    QTest::newRow("DNS name") << "localhost"
                              << ""
                              << "localhost";
    QTest::newRow("IPv6 literal") << "::1"
                                  << ""
                                  << "\\[::1\\]";
    QTest::newRow("name, every IPv4 interface") << "localhost"
                                                << "0.0.0.0"
                                                << "localhost";
    QTest::newRow("IPv6 literal, bind given") << "::1"
                                              << "::1"
                                              << "\\[::1\\]";
  }
  void peersReachEachOther() {
    QFETCH(QString, host);
    QFETCH(QString, bind);
    QFETCH(QString, shownAs);
    if (host.contains(QLatin1Char(':')) || bind.contains(QLatin1Char(':'))) {
      if (!haveIpv6Loopback()) QSKIP("this machine has no IPv6 loopback (::1)");
    }
    QTemporaryDir dir;
    const QString topo = writeTopology(
        dir, {{QStringLiteral("n1"), host, bind}, {QStringLiteral("n2"), host, bind}});
    NodeProcess n1, n2;
    QVERIFY(n2.startNode(topo, QStringLiteral("n2")));
    QVERIFY(n1.startNode(topo, QStringLiteral("n1")));
    QVERIFY2(QRegularExpression(QStringLiteral("^ready n1 %1:\\d+$").arg(shownAs))
                 .match(n1.lines().first())
                 .hasMatch(),
             qPrintable(n1.lines().first()));
    // Both directions: each node dials the other by its topology host.
    n1.send(QStringLiteral("ping n2"));
    QVERIFY2(n1.waitForLine(QStringLiteral("^reply from n2: "), 20000) >= 0,
             qPrintable(n1.allErr()));
    n2.send(QStringLiteral("ping n1"));
    QVERIFY2(n2.waitForLine(QStringLiteral("^reply from n1: "), 20000) >= 0,
             qPrintable(n2.allErr()));
    n1.send(QStringLiteral("quit"));
    n2.send(QStringLiteral("quit"));
    QCOMPARE(n1.waitForExit(), 0);
    QCOMPARE(n2.waitForExit(), 0);
  }

  // The bind address is where the node listens, whatever peers are told:
  // n2 advertises 127.0.0.1 but listens on ::1 only, so n1 cannot reach it;
  // a node that cannot be reached is a peer down, not a failure of n1.
  void bindAddressIsWhereTheNodeListens() {
    if (!haveIpv6Loopback()) QSKIP("this machine has no IPv6 loopback (::1)");
    QTemporaryDir dir;
    const quint16 port = freePort();
    const QString topo = writeTopology(
        dir, {{QStringLiteral("n1"), {}, {}},
              {QStringLiteral("n2"), QStringLiteral("127.0.0.1"), QStringLiteral("::1"), port}});
    NodeProcess n1, n2;
    QVERIFY(n2.startNode(topo, QStringLiteral("n2")));
    QVERIFY(n1.startNode(topo, QStringLiteral("n1")));
    QTRY_VERIFY_WITH_TIMEOUT(
        n2.countErrLines(
            QStringLiteral("listening on \\[::1\\]:%1, reached as 127.0.0.1:%1").arg(port)) == 1,
        catslab::testing::scaledMs(20000));
    n1.send(QStringLiteral("ping n2"));
    QTRY_VERIFY_WITH_TIMEOUT(
        n1.countErrLines(QStringLiteral("peer n2@127.0.0.1:%1 down: connect failed").arg(port)) ==
            1,
        catslab::testing::scaledMs(20000));
    // --bind on the command line overrides the topology: now it is reached.
    n2.send(QStringLiteral("quit"));
    QCOMPARE(n2.waitForExit(), 0);
    QVERIFY(n2.startNode(topo, QStringLiteral("n2"),
                         {QStringLiteral("--bind"), QStringLiteral("127.0.0.1")}));
    // n1 learns that n2 is back from n2's hello (its back-off is cut short):
    // once n2 has n1's reply, n1's connection to n2 is up.
    n2.send(QStringLiteral("ping n1"));
    QVERIFY2(n2.waitForLine(QStringLiteral("^reply from n1: "), 30000) >= 0,
             qPrintable(n2.allErr()));
    const int mark = n1.lines().size();
    n1.send(QStringLiteral("ping n2"));
    QVERIFY2(n1.waitForLine(QStringLiteral("^reply from n2: "), 30000, mark) >= 0,
             qPrintable(n1.allErr()));
    n1.send(QStringLiteral("quit"));
    QCOMPARE(n1.waitForExit(), 0);
  }

  // A name that does not resolve is a peer down with the resolver's reason;
  // the node keeps serving (here: answers its console). `status` may come
  // while n1 retries: it still says down, and why
  // (tst_node_faults::peerBeingRetriedIsStillShownDown holds a retry open).
  void unresolvableHostIsAPeerDown() {
    QTemporaryDir dir;
    const QString topo =
        writeTopology(dir, {{QStringLiteral("n1"), {}, {}},
                            {QStringLiteral("n2"), QStringLiteral("no-such-host.invalid"), {}}});
    NodeProcess n1;
    QVERIFY(n1.startNode(topo, QStringLiteral("n1")));
    n1.send(QStringLiteral("ping n2"));
    QTRY_VERIFY_WITH_TIMEOUT(
        n1.countErrLines(QStringLiteral("peer n2@no-such-host.invalid:\\d+ down: cannot resolve "
                                        "host 'no-such-host.invalid'")) == 1,
        catslab::testing::scaledMs(30000));
    const int mark = n1.lines().size();
    n1.send(QStringLiteral("status"));
    QRegularExpressionMatch peer;
    QVERIFY2(n1.waitForLine(QStringLiteral("^peer n2 .*"), 20000, mark, &peer) >= 0,
             qPrintable(n1.allErr()));
    QVERIFY2(peer.captured().startsWith(
                 QStringLiteral("peer n2 down (cannot resolve host 'no-such-host.invalid': ")),
             qPrintable(peer.captured()));
    n1.send(QStringLiteral("quit"));
    QCOMPARE(n1.waitForExit(), 0);
  }

  void badAddressesExitWithTwo_data() {
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("bind");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("message");
    QTest::newRow("bind is a name")
        << "localhost"
        << "example.org" << QStringList{} << "nodes[0].bind: 'example.org' is not an IP address";
    QTest::newRow("IPv6 host in brackets")
        << "[::1]"
        << "" << QStringList{} << "nodes[0].host: '[::1]' is not a host name";
    QTest::newRow("--bind a name")
        << ""
        << "" << QStringList{"--bind", "localhost"} << "--bind wants an IP address";
  }
  void badAddressesExitWithTwo() {
    QFETCH(QString, host);
    QFETCH(QString, bind);
    QFETCH(QStringList, extra);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString topo = writeTopology(dir, {{QStringLiteral("n1"), host, bind}});
    NodeProcess p;
    p.start(QStringList{QStringLiteral("--topology"), topo, QStringLiteral("--node"),
                        QStringLiteral("n1")} +
            extra);
    QCOMPARE(p.waitForExit(), 2);
    QVERIFY2(p.allErr().contains(message), qPrintable(p.allErr()));
  }
};

QTEST_MAIN(tst_node_hosts)
#include "tst_node_hosts.moc"
