// The ping stack's wire codecs (protocols/ping/ping_codecs.cpp), through the
// same frame encoding catslab-node sends over TCP: a Ping or Pong comes back
// with its header, sequence number and send time intact, and a truncated or
// garbage payload is refused with an error naming the message type.
#include <QTest>
#include <limits>

#include "protocols/ping/ping.h"
#include "runtime/net/frame.h"

using namespace catslab;
using protocols::Ping;
using protocols::Pong;

namespace {

runtime::Address addr(const char* id, std::uint16_t port) { return {id, "127.0.0.1", port}; }

// One message through frame encoding, the frame reader and decodeEnvelope.
runtime::Result<net::MessagePtr> overTheWire(const runtime::Message& m, std::string* typeName) {
  auto frame = net::encodeMessage(m);
  if (!frame) return runtime::Result<net::MessagePtr>::failure("encode: " + frame.error());
  net::FrameReader reader;
  std::vector<wire::Envelope> envelopes;
  if (auto s = reader.feed(*frame, envelopes); !s) {
    return runtime::Result<net::MessagePtr>::failure("frame: " + s.error());
  }
  if (envelopes.size() != 1) return runtime::Result<net::MessagePtr>::failure("not one envelope");
  *typeName = envelopes[0].type();
  return net::decodeEnvelope(envelopes[0]);
}

wire::Envelope envelopeWith(const std::string& type, const std::string& payload) {
  wire::Envelope e;
  e.set_type(type);
  e.set_payload(payload);
  e.mutable_source()->set_id("n1");
  e.mutable_destination()->set_id("n2");
  return e;
}

template <class M>
void checkRoundTrip(std::uint64_t seq, std::int64_t sentAtNs, const std::string& wireName) {
  const M sent(addr("n1", 7001), addr("n2", 7002), seq, sentAtNs);
  std::string type;
  auto back = overTheWire(sent, &type);
  QVERIFY2(back.isOk(), back.error().c_str());
  QCOMPARE(type, wireName);
  QCOMPARE((*back)->typeId(), M::staticTypeId());
  const auto& m = static_cast<const M&>(**back);
  QCOMPARE(m.seq, seq);
  QCOMPARE(m.sentAtNs, sentAtNs);
  QCOMPARE(m.source.id, std::string("n1"));
  QCOMPARE(m.source.port, std::uint16_t(7001));
  QCOMPARE(m.destination.id, std::string("n2"));
  QCOMPARE(m.destination.port, std::uint16_t(7002));
}

}  // namespace

class tst_ping_codecs : public QObject {
  Q_OBJECT

 private slots:
  void pingAndPongCrossTheWireIntact_data() {
    QTest::addColumn<bool>("pong");
    QTest::addColumn<quint64>("seq");
    QTest::addColumn<qint64>("sentAtNs");
    for (bool pong : {false, true}) {
      const char* kind = pong ? "pong" : "ping";
      QTest::addRow("%s first", kind) << pong << quint64(1) << qint64(0);
      QTest::addRow("%s typical", kind) << pong << quint64(42) << qint64(1'234'567'890'123);
      QTest::addRow("%s extremes", kind)
          << pong << std::numeric_limits<quint64>::max() << std::numeric_limits<qint64>::max();
      // A clock that started before the epoch the node counts from.
      QTest::addRow("%s negative time", kind) << pong << quint64(7) << qint64(-5'000'000);
    }
  }
  void pingAndPongCrossTheWireIntact() {
    QFETCH(bool, pong);
    QFETCH(quint64, seq);
    QFETCH(qint64, sentAtNs);
    if (pong) {
      checkRoundTrip<Pong>(seq, sentAtNs, "ping.Pong");
    } else {
      checkRoundTrip<Ping>(seq, sentAtNs, "ping.Ping");
    }
  }

  void badPayloadIsRefusedWithTheTypeNamed_data() {
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("payload");
    const auto* codec = runtime::Serializers::find(Ping::staticTypeId());
    QVERIFY2(codec, "protocols/ping registers no codec for Ping");
    const std::string good = codec->encode(Ping(addr("n1", 1), addr("n2", 2), 300, 9'000'000'000));
    for (const char* type : {"ping.Ping", "ping.Pong"}) {
      QTest::addRow("%s empty", type) << type << QByteArray();
      QTest::addRow("%s seq only", type) << type << QByteArray("\x05", 1);
      QTest::addRow("%s cut short", type)
          << type << QByteArray::fromStdString(good.substr(0, good.size() - 1));
      QTest::addRow("%s trailing bytes", type) << type << QByteArray::fromStdString(good + "junk");
      QTest::addRow("%s endless varint", type) << type << QByteArray(12, '\xff');
      QTest::addRow("%s text", type) << type << QByteArray("GET / HTTP/1.1\r\n");
    }
  }
  void badPayloadIsRefusedWithTheTypeNamed() {
    QFETCH(QString, type);
    QFETCH(QByteArray, payload);
    auto decoded = net::decodeEnvelope(envelopeWith(type.toStdString(), payload.toStdString()));
    QVERIFY(!decoded.isOk());
    const QString error = QString::fromStdString(decoded.error());
    const QString expected = QStringLiteral("bad %1 payload").arg(type);
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("malformed")), qPrintable(error));
  }
};

QTEST_MAIN(tst_ping_codecs)
#include "tst_ping_codecs.moc"
