// Mutual TLS between real catslab-node processes (docs/deploy.md, "TLS
// between nodes"): nodes with certificates from the cluster's CA talk;
// a node with another CA's certificate, an expired one or none at all
// (plain TCP) is refused with one log line while the others are served.
// Certificates are made at test time by scripts/make-test-certs.sh (no
// private key is committed).
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "node_process.h"
#include "tls_certs.h"

using namespace catslab::testing;

class tst_node_tls : public QObject {
  Q_OBJECT

  QTemporaryDir certs_;
  QString cluster_, other_;

 private slots:
  void initTestCase() {
    QVERIFY2(haveEnvironment(),
             "run through ctest: CATSLAB_SOURCE_DIR and CATSLAB_BIN_DIR must "
             "name the source tree and build/bin");
    cluster_ = certs_.filePath(QStringLiteral("cluster"));
    other_ = certs_.filePath(QStringLiteral("other"));
    QVERIFY2(
        makeCerts(cluster_, {QStringLiteral("n1"), QStringLiteral("n2"), QStringLiteral("n3")}),
        "scripts/make-test-certs.sh failed (is openssl installed? scripts/install-deps.sh)");
    QVERIFY(makeCerts(cluster_, {QStringLiteral("expired")}, QStringLiteral("-1")));
    QVERIFY(makeCerts(other_, {QStringLiteral("n2")}));
  }

  void clusterCertificatesTalk() {
    QTemporaryDir dir;
    const QString topo = makeTopology(dir, QStringLiteral("ping3.json"));
    NodeProcess n1, n2;
    QVERIFY(n1.startNode(topo, QStringLiteral("n1"), tlsArgs(cluster_, QStringLiteral("n1"))));
    QVERIFY(n2.startNode(topo, QStringLiteral("n2"), tlsArgs(cluster_, QStringLiteral("n2"))));
    // Logged when the network starts, which may follow the ready line.
    QTRY_COMPARE_WITH_TIMEOUT(n1.countErrLines(QStringLiteral("listening on .*; mutual TLS, peers "
                                                              "need a certificate from "
                                                              ".*/cluster/ca.crt")),
                              1, catslab::testing::scaledMs(20000));
    n2.send(QStringLiteral("ping n1"));
    QVERIFY2(n2.waitForLine(QStringLiteral("^reply from n1: "), 20000) >= 0,
             qPrintable(n2.allErr()));
    n1.send(QStringLiteral("ping n2"));
    QVERIFY2(n1.waitForLine(QStringLiteral("^reply from n2: "), 20000) >= 0,
             qPrintable(n1.allErr()));
    QCOMPARE(n1.countErrLines(QStringLiteral("refusing")), 0);
    n1.send(QStringLiteral("quit"));
    QCOMPARE(n1.waitForExit(), 0);
  }

  // The same from the topology file, with paths relative to it.
  void topologyTurnsTlsOn() {
    QTemporaryDir dir;
    for (const QString& f :
         {QStringLiteral("ca.crt"), QStringLiteral("n1.crt"), QStringLiteral("n1.key"),
          QStringLiteral("n2.crt"), QStringLiteral("n2.key")}) {
      QVERIFY(QFile::copy(cluster_ + QLatin1Char('/') + f, dir.filePath(f)));
    }
    QJsonArray nodes;
    for (const QString& id : {QStringLiteral("n1"), QStringLiteral("n2")}) {
      nodes.append(QJsonObject{{QStringLiteral("id"), id},
                               {QStringLiteral("stack"), QStringLiteral("ping")},
                               {QStringLiteral("port"), int(freePort())},
                               {QStringLiteral("tlsCert"), id + QStringLiteral(".crt")},
                               {QStringLiteral("tlsKey"), id + QStringLiteral(".key")},
                               {QStringLiteral("tls_ca"), QStringLiteral("ca.crt")}});
    }
    const QString topo = dir.filePath(QStringLiteral("tls.json"));
    QFile out(topo);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(QJsonDocument(QJsonObject{{QStringLiteral("nodes"), nodes}}).toJson());
    out.close();
    NodeProcess n1, n2;
    QVERIFY(n1.startNode(topo, QStringLiteral("n1")));
    QVERIFY(n2.startNode(topo, QStringLiteral("n2")));
    n2.send(QStringLiteral("ping n1"));
    QVERIFY2(n2.waitForLine(QStringLiteral("^reply from n1: "), 20000) >= 0,
             qPrintable(n2.allErr()));
    QCOMPARE(n1.countErrLines(QStringLiteral("mutual TLS")), 1);
    // One of the three files is not enough.
    nodes[0] = QJsonObject{{QStringLiteral("id"), QStringLiteral("n1")},
                           {QStringLiteral("stack"), QStringLiteral("ping")},
                           {QStringLiteral("tlsCert"), QStringLiteral("n1.crt")}};
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    out.write(QJsonDocument(QJsonObject{{QStringLiteral("nodes"), nodes}}).toJson());
    out.close();
    NodeProcess bad;
    bad.start({QStringLiteral("--topology"), topo, QStringLiteral("--node"), QStringLiteral("n1")});
    QCOMPARE(bad.waitForExit(), 2);
    QVERIFY2(
        bad.allErr().contains(QStringLiteral("nodes[0]: tlsCert, tlsKey and tlsCa go together")),
        qPrintable(bad.allErr()));
  }

  void strangersAreRefused_data() {
    QTest::addColumn<QString>("who");  // n2's credentials
    QTest::addColumn<QString>("reason");
    QTest::newRow("certificate from another CA")
        << "other-cert"
        << "certificate verify failed \\(unable to get local issuer certificate\\)";
    QTest::newRow("another cluster altogether") << "other-cluster"
                                                << "alert unknown ca";
    QTest::newRow("expired certificate")
        << "expired"
        << "certificate verify failed \\(certificate has expired\\)";
    QTest::newRow("plain TCP") << "plain"
                               << "wrong version number";
  }
  void strangersAreRefused() {
    QFETCH(QString, who);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    const QString topo = makeTopology(dir, QStringLiteral("ping3.json"));
    NodeProcess n1, n2, n3;
    QVERIFY(n1.startNode(topo, QStringLiteral("n1"), tlsArgs(cluster_, QStringLiteral("n1"))));
    QStringList credentials;
    if (who == QLatin1String("other-cert"))
      credentials = tlsArgs(other_, QStringLiteral("n2"), cluster_);
    if (who == QLatin1String("other-cluster")) credentials = tlsArgs(other_, QStringLiteral("n2"));
    if (who == QLatin1String("expired")) {
      credentials = tlsArgs(cluster_, QStringLiteral("expired"));
    }
    QVERIFY(n2.startNode(topo, QStringLiteral("n2"), credentials));
    if (who == QLatin1String("expired")) {
      // The node with the expired certificate says so itself.
      QTRY_COMPARE_WITH_TIMEOUT(
          n2.countErrLines(QStringLiteral("tls_cert '.*/expired.crt' expired on ")), 1,
          catslab::testing::scaledMs(20000));
    }

    // n2 cannot reach n1: its ping gets no reply however often it retries.
    n2.send(QStringLiteral("ping n1"));
    QVERIFY(n2.waitForLine(QStringLiteral("^timeout: n1 "), 30000) >= 0);
    QCOMPARE(n2.countLines(QStringLiteral("^reply from n1")), 0);
    // n1 refused it in one line, though n2 came back several times.
    const QString refusal =
        QStringLiteral("refusing connection from 127.0.0.1:\\d+: TLS handshake failed: .*%1")
            .arg(reason);
    QTRY_COMPARE_WITH_TIMEOUT(n1.countErrLines(refusal), 1, catslab::testing::scaledMs(20000));
    if (who != QLatin1String("plain")) {
      // The refused node calls it a failed handshake, also when TLS 1.3
      // let its side finish before n1 refused it.
      QTRY_VERIFY_WITH_TIMEOUT(
          n2.countErrLines(QStringLiteral("peer n1@.* down: TLS handshake failed: ")) >= 1,
          catslab::testing::scaledMs(20000));
      QCOMPARE(n2.countErrLines(QStringLiteral("connection lost")), 0);
    }
    // Asked until n2 has come back at least once more (however slow the
    // machine): its refusals count, but are not logged again.
    auto rejected = [&n1] {
      const int mark = n1.lines().size();
      n1.send(QStringLiteral("status"));
      QRegularExpressionMatch m;
      if (n1.waitForLine(QStringLiteral("connections rejected (\\d+)$"), 20000, mark, &m) < 0) {
        return -1;
      }
      return m.captured(1).toInt();
    };
    QTRY_VERIFY_WITH_TIMEOUT(rejected() >= 2, catslab::testing::scaledMs(30000));
    QCOMPARE(n1.countErrLines(refusal), 1);

    // n1 keeps serving the nodes that belong.
    QVERIFY(n3.startNode(topo, QStringLiteral("n3"), tlsArgs(cluster_, QStringLiteral("n3"))));
    n3.send(QStringLiteral("ping n1"));
    QVERIFY2(n3.waitForLine(QStringLiteral("^reply from n1: "), 20000) >= 0,
             qPrintable(n3.allErr()));
    n1.send(QStringLiteral("quit"));
    QCOMPARE(n1.waitForExit(), 0);
  }

  // A peer that connects and never starts the handshake is closed after
  // --tls-handshake-timeout with one line, and the node keeps serving.
  void silentPeerIsClosedAfterTheHandshakeTimeout() {
    QTemporaryDir dir;
    const QString topo = makeTopology(dir, QStringLiteral("ping3.json"));
    // Long enough for n2's own handshake on a loaded machine (scaled under
    // a sanitizer); the test waits for the line, never for the time.
    const QString timeoutMs = QString::number(scaledMs(3000));
    NodeProcess n1, n2;
    QVERIFY(n1.startNode(topo, QStringLiteral("n1"),
                         tlsArgs(cluster_, QStringLiteral("n1")) +
                             QStringList{QStringLiteral("--tls-handshake-timeout"), timeoutMs}));
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket silent(io);
    silent.connect(
        {boost::asio::ip::make_address("127.0.0.1"), portOf(topo, QStringLiteral("n1"))});
    QTRY_COMPARE_WITH_TIMEOUT(
        n1.countErrLines(QStringLiteral("refusing connection from 127.0.0.1:%1: TLS handshake "
                                        "failed: timed out \\(no handshake within %2 ms\\)")
                             .arg(silent.local_endpoint().port())
                             .arg(timeoutMs)),
        1, scaledMs(20000));
    // The node closed it: the silent peer's read ends.
    silent.non_blocking(true);
    auto closed = [&silent] {
      char c;
      boost::system::error_code ec;
      silent.read_some(boost::asio::buffer(&c, 1), ec);
      return ec && ec != boost::asio::error::would_block;
    };
    QTRY_VERIFY_WITH_TIMEOUT(closed(), scaledMs(10000));
    QVERIFY(n2.startNode(topo, QStringLiteral("n2"), tlsArgs(cluster_, QStringLiteral("n2"))));
    n2.send(QStringLiteral("ping n1"));
    QVERIFY2(n2.waitForLine(QStringLiteral("^reply from n1: "), 20000) >= 0,
             qPrintable(n2.allErr()));
    QCOMPARE(n1.countErrLines(QStringLiteral("refusing")), 1);
    n1.send(QStringLiteral("quit"));
    QCOMPARE(n1.waitForExit(), 0);
  }

  void badTlsSettingsExitWithTwo_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("certificate without key and CA")
        << QStringList{"--tls-cert", "x.crt"} << "mutual TLS needs all three";
    QTest::newRow("missing file") << QStringList{"--tls-cert", "/nonexistent/n1.crt",
                                                 "--tls-key",  "/nonexistent/n1.key",
                                                 "--tls-ca",   "/nonexistent/ca.crt"}
                                  << "cannot load tls_cert '/nonexistent/n1.crt'";
    QTest::newRow("handshake timeout not a number")
        << QStringList{"--tls-handshake-timeout", "soon"}
        << "--tls-handshake-timeout wants milliseconds from 1 to 600000, got 'soon'";
  }
  void badTlsSettingsExitWithTwo() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString topo = makeTopology(dir, QStringLiteral("ping3.json"));
    NodeProcess p;
    p.start(QStringList{QStringLiteral("--topology"), topo, QStringLiteral("--node"),
                        QStringLiteral("n1")} +
            args);
    QCOMPARE(p.waitForExit(), 2);
    QVERIFY2(p.allErr().contains(message), qPrintable(p.allErr()));
  }

  void keyOfAnotherCertificateExitsWithTwo() {
    QTemporaryDir dir;
    const QString topo = makeTopology(dir, QStringLiteral("ping3.json"));
    QStringList args = tlsArgs(cluster_, QStringLiteral("n1"));
    args[3] = cluster_ + QStringLiteral("/n2.key");
    NodeProcess p;
    p.start(QStringList{QStringLiteral("--topology"), topo, QStringLiteral("--node"),
                        QStringLiteral("n1")} +
            args);
    QCOMPARE(p.waitForExit(), 2);
    QVERIFY2(
        p.allErr().contains(
            QStringLiteral("cannot load tls_key '%1/n2.key': key values mismatch").arg(cluster_)),
        qPrintable(p.allErr()));
  }
};

QTEST_MAIN(tst_node_tls)
#include "tst_node_tls.moc"
