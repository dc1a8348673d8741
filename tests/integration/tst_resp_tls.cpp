// The RESP front end under TLS (docs/resp.md "TLS"), with a real CATS
// node: a node with TLS files serves RESP over TLS with its certificate,
// and by default a client needs a certificate from the node's CA, as a peer
// node does. A plain client, one without a certificate and one with another
// CA's certificate are refused with one log line each while the node keeps
// serving; redis-cli --tls gets answers.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

#include "node_process.h"
#include "tls_certs.h"

using namespace catslab::testing;

namespace {

// A RESP client over TLS (QSslSocket) with or without a client certificate.
class TlsClient {
 public:
  // `certDir`/`name`.{crt,key} is presented when `name` is not empty; the
  // server's certificate must chain to `caDir`/ca.crt and be for node n1.
  bool connect(quint16 port, const QString& caDir, const QString& certDir = {},
               const QString& name = {}) {
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates(QSslCertificate::fromPath(caDir + QStringLiteral("/ca.crt")));
    if (!name.isEmpty()) {
      const auto certs =
          QSslCertificate::fromPath(certDir + QLatin1Char('/') + name + QStringLiteral(".crt"));
      QFile keyFile(certDir + QLatin1Char('/') + name + QStringLiteral(".key"));
      if (certs.isEmpty() || !keyFile.open(QIODevice::ReadOnly)) return false;
      config.setLocalCertificate(certs.first());
      config.setPrivateKey(QSslKey(&keyFile, QSsl::Ec));
    }
    socket_.setSslConfiguration(config);
    socket_.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port, QStringLiteral("n1"));
    return socket_.waitForEncrypted(scaledMs(10000));
  }
  // Sends an inline command and returns the first reply line ("" if none).
  QByteArray ask(const QByteArray& command) {
    socket_.write(command + "\r\n");
    const QDeadlineTimer deadline = deadlineIn(10000);
    while (!socket_.canReadLine() && !deadline.hasExpired()) {
      if (socket_.state() != QAbstractSocket::ConnectedState && socket_.bytesAvailable() == 0) {
        return {};
      }
      socket_.waitForReadyRead(100);
    }
    return socket_.readLine().trimmed();
  }
  // The next reply line, for replies of several lines.
  QByteArray line() {
    if (!socket_.canReadLine()) socket_.waitForReadyRead(scaledMs(10000));
    return socket_.readLine().trimmed();
  }
  // True when the server closes the connection without answering.
  bool closedWithoutAnswer() {
    socket_.write("PING\r\n");
    const QDeadlineTimer deadline = deadlineIn(10000);
    while (socket_.state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired()) {
      socket_.waitForDisconnected(100);
    }
    return socket_.state() == QAbstractSocket::UnconnectedState &&
           !socket_.readAll().contains("PONG");
  }
  QSslSocket& socket() { return socket_; }

 private:
  QSslSocket socket_;
};

// One CATS node n1 with the cluster's TLS files and a RESP port.
QString writeTopology(const QTemporaryDir& dir, const QString& certs, quint16 respPort,
                      const QJsonObject& extraParams = {}) {
  QJsonObject params{{QStringLiteral("resp_port"), QString::number(respPort)}};
  for (auto it = extraParams.begin(); it != extraParams.end(); ++it)
    params.insert(it.key(), it.value());
  const QJsonObject node{{QStringLiteral("id"), QStringLiteral("n1")},
                         {QStringLiteral("stack"), QStringLiteral("cats")},
                         {QStringLiteral("port"), int(freePort())},
                         {QStringLiteral("tlsCert"), certs + QStringLiteral("/n1.crt")},
                         {QStringLiteral("tlsKey"), certs + QStringLiteral("/n1.key")},
                         {QStringLiteral("tlsCa"), certs + QStringLiteral("/ca.crt")},
                         {QStringLiteral("params"), params}};
  const QString path = dir.filePath(QStringLiteral("resp-tls.json"));
  QFile out(path);
  if (!out.open(QIODevice::WriteOnly)) return {};
  out.write(QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("resp-tls")},
                                      {QStringLiteral("nodes"), QJsonArray{node}}})
                .toJson());
  return path;
}

}  // namespace

class tst_resp_tls : public QObject {
  Q_OBJECT

  QTemporaryDir certs_, topoDir_;
  QString cluster_, other_;
  quint16 respPort_ = 0;
  NodeProcess node_;  // n1, started once for the whole suite

  // Lines like "refusing RESP client 127.0.0.1:43122: TLS handshake failed: ..."
  int refusals(const QString& reason = QStringLiteral(".*")) {
    return node_.countErrLines(
        QStringLiteral("refusing RESP client 127.0.0.1:\\d+: TLS handshake failed: %1")
            .arg(reason));
  }
  void clusterClientIsServed() {
    TlsClient good;
    QVERIFY2(good.connect(respPort_, cluster_, cluster_, QStringLiteral("client")),
             qPrintable(good.socket().errorString()));
    QCOMPARE(good.ask("PING"), QByteArray("+PONG"));
  }

 private slots:
  void initTestCase() {
    QVERIFY2(haveEnvironment(), "run through ctest: CATSLAB_SOURCE_DIR and CATSLAB_BIN_DIR");
    QVERIFY2(QSslSocket::supportsSsl(), "Qt has no TLS backend (qt6-base's OpenSSL plugin)");
    cluster_ = certs_.filePath(QStringLiteral("cluster"));
    other_ = certs_.filePath(QStringLiteral("other"));
    QVERIFY2(makeCerts(cluster_, {QStringLiteral("n1"), QStringLiteral("client")}),
             "scripts/make-test-certs.sh failed (is openssl installed? scripts/install-deps.sh)");
    QVERIFY(makeCerts(other_, {QStringLiteral("client")}));
    respPort_ = freePort();
    const QString topo = writeTopology(topoDir_, cluster_, respPort_);
    QVERIFY(node_.startNode(topo, QStringLiteral("n1")));
    QTRY_COMPARE_WITH_TIMEOUT(
        node_.countErrLines(QStringLiteral("front end listening on 127.0.0.1:%1 with TLS; clients "
                                           "need a certificate from .*/cluster/ca.crt")
                                .arg(respPort_)),
        1, scaledMs(20000));
  }
  void cleanupTestCase() {
    node_.send(QStringLiteral("quit"));
    QCOMPARE(node_.waitForExit(), 0);
  }

  void clientWithClusterCertificateGetsAnswers() {
    TlsClient client;
    QVERIFY2(client.connect(respPort_, cluster_, cluster_, QStringLiteral("client")),
             qPrintable(client.socket().errorString()));
    QCOMPARE(client.ask("PING"), QByteArray("+PONG"));
    // The store answers once the node's groups are ready.
    QTRY_COMPARE_WITH_TIMEOUT(client.ask("SET greeting hello"), QByteArray("+OK"), scaledMs(30000));
    QCOMPARE(client.ask("GET greeting"), QByteArray("$5"));
    QCOMPARE(client.line(), QByteArray("hello"));
    const int mark = node_.lines().size();
    node_.send(QStringLiteral("status"));
    QVERIFY(
        node_.waitForLine(
            QStringLiteral("^RESP front end on 127.0.0.1:%1 \\(TLS\\), 1 clients").arg(respPort_),
            10000, mark) >= 0);
  }

  void strangersAreRefused_data() {
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("reason");
    QTest::newRow("silent client") << "silent"
                                   << "timed out \\(no handshake within 5000 ms\\)";
    QTest::newRow("plain RESP") << "plain"
                                << "wrong version number";
    QTest::newRow("no client certificate") << "no-cert"
                                           << "peer did not return a certificate";
    QTest::newRow("certificate from another CA")
        << "other-ca"
        << "certificate verify failed \\(unable to get local issuer certificate\\)";
  }
  void strangersAreRefused() {
    QFETCH(QString, who);
    QFETCH(QString, reason);
    const int before = refusals();
    if (who == QLatin1String("silent")) {
      // Connects and says nothing: closed after the handshake timeout.
      QTcpSocket silent;
      silent.connectToHost(QStringLiteral("127.0.0.1"), respPort_);
      QVERIFY(silent.waitForConnected(scaledMs(10000)));
      const QDeadlineTimer deadline = deadlineIn(30000);
      while (silent.state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired())
        silent.waitForDisconnected(100);
      QCOMPARE(silent.state(), QAbstractSocket::UnconnectedState);
    } else if (who == QLatin1String("plain")) {
      QTcpSocket plain;
      plain.connectToHost(QStringLiteral("127.0.0.1"), respPort_);
      QVERIFY(plain.waitForConnected(scaledMs(10000)));
      plain.write("PING\r\n");
      const QDeadlineTimer deadline = deadlineIn(10000);
      while (plain.state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired())
        plain.waitForDisconnected(100);
      QCOMPARE(plain.state(), QAbstractSocket::UnconnectedState);
      QVERIFY(!plain.readAll().contains("PONG"));
    } else {
      TlsClient stranger;
      if (who == QLatin1String("no-cert")) {
        stranger.connect(respPort_, cluster_);
      } else {
        stranger.connect(respPort_, cluster_, other_, QStringLiteral("client"));
      }
      // Under TLS 1.3 the client may finish its side before the server
      // refuses it: either way it never gets an answer.
      QVERIFY(stranger.closedWithoutAnswer());
    }
    // One line for the refusal, naming the reason.
    QTRY_COMPARE_WITH_TIMEOUT(refusals(), before + 1, scaledMs(20000));
    QCOMPARE(refusals(reason), 1);
    // The node keeps serving the clients that belong.
    clusterClientIsServed();
    QCOMPARE(refusals(), before + 1);
  }

  void redisCliSpeaksTls() {
    const QString cli = QStandardPaths::findExecutable(QStringLiteral("redis-cli"));
    if (cli.isEmpty()) QSKIP("redis-cli is not installed (Debian redis-tools)");
    auto run = [&](const QStringList& args) {
      QProcess p;
      p.start(cli, QStringList{QStringLiteral("-p"), QString::number(respPort_)} + args);
      if (!p.waitForFinished(scaledMs(20000))) return QStringLiteral("(timeout)");
      return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()).trimmed();
    };
    const QStringList tls{QStringLiteral("--tls"),
                          QStringLiteral("--cacert"),
                          cluster_ + QStringLiteral("/ca.crt"),
                          QStringLiteral("--cert"),
                          cluster_ + QStringLiteral("/client.crt"),
                          QStringLiteral("--key"),
                          cluster_ + QStringLiteral("/client.key")};
    QCOMPARE(run(tls + QStringList{QStringLiteral("PING")}), QStringLiteral("PONG"));
    QTRY_COMPARE_WITH_TIMEOUT(
        run(tls + QStringList{QStringLiteral("SET"), QStringLiteral("cli"), QStringLiteral("ok")}),
        QStringLiteral("OK"), scaledMs(30000));
    QCOMPARE(run(tls + QStringList{QStringLiteral("GET"), QStringLiteral("cli")}),
             QStringLiteral("ok"));
    // Without TLS redis-cli gets no answer, and the node says why.
    const int before = refusals();
    QVERIFY(run({QStringLiteral("PING")}) != QStringLiteral("PONG"));
    QTRY_COMPARE_WITH_TIMEOUT(refusals(), before + 1, scaledMs(20000));
  }

  // resp_tls_auth_clients no: TLS without a client certificate (the
  // server's certificate is still checked by the client); resp_tls off:
  // plain RESP on a node whose peers speak TLS; resp_tls on without the
  // node's TLS files: a configuration error.
  void settings() {
    QTemporaryDir dir;
    NodeProcess noAuth;
    const quint16 port = freePort();
    QVERIFY(noAuth.startNode(
        writeTopology(dir, cluster_, port,
                      {{QStringLiteral("resp_tls_auth_clients"), QStringLiteral("no")}}),
        QStringLiteral("n1")));
    TlsClient anonymous;
    QVERIFY2(anonymous.connect(port, cluster_), qPrintable(anonymous.socket().errorString()));
    QCOMPARE(anonymous.ask("PING"), QByteArray("+PONG"));
    noAuth.send(QStringLiteral("quit"));
    QCOMPARE(noAuth.waitForExit(), 0);

    NodeProcess plainResp;
    QVERIFY(plainResp.startNode(
        writeTopology(dir, cluster_, port, {{QStringLiteral("resp_tls"), QStringLiteral("off")}}),
        QStringLiteral("n1")));
    QTcpSocket plain;
    plain.connectToHost(QStringLiteral("127.0.0.1"), port);
    QVERIFY(plain.waitForConnected(scaledMs(10000)));
    plain.write("PING\r\n");
    while (!plain.canReadLine() && plain.waitForReadyRead(scaledMs(10000))) {
    }
    QCOMPARE(plain.readLine().trimmed(), QByteArray("+PONG"));
    plainResp.send(QStringLiteral("quit"));
    QCOMPARE(plainResp.waitForExit(), 0);

    QFile f(dir.filePath(QStringLiteral("no-tls.json")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"nodes":[{"id":"n1","stack":"cats","port":)" + QByteArray::number(freePort()) +
            R"(,"params":{"resp_port":"0","resp_tls":"on"}}]})");
    f.close();
    NodeProcess bad;
    bad.start({QStringLiteral("--topology"), f.fileName(), QStringLiteral("--node"),
               QStringLiteral("n1")});
    QCOMPARE(bad.waitForExit(), 2);
    QVERIFY2(bad.allErr().contains(QStringLiteral("parameter 'resp_tls': 'on' needs the node's "
                                                  "TLS files")),
             qPrintable(bad.allErr()));
  }
};

QTEST_MAIN(tst_resp_tls)
#include "tst_resp_tls.moc"
