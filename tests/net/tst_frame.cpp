// Framing and codecs of the TCP transport: what goes on the wire comes back
// as the same message, and every kind of bad input is refused with a reason.
#include <QTest>

#include "runtime/net/frame.h"

using namespace catslab;

namespace {

struct Note : runtime::EventOf<Note, runtime::Message> {
  Note(runtime::Address s, runtime::Address d, std::string t)
      : Base(std::move(s), std::move(d)), text(std::move(t)) {}
  std::string text;
};
struct Unregistered : runtime::EventOf<Unregistered, runtime::Message> {
  using Base::Base;
};

const runtime::Serializers::Registration kNote = runtime::codecFor<Note>(
    "test.Note", [](const Note& n) { return n.text; },
    [](net::Address s, net::Address d, std::string_view p) -> runtime::DecodeResult<Note> {
      if (p == "reject me") return runtime::DecodeResult<Note>::failure("payload refused");
      return std::make_shared<const Note>(std::move(s), std::move(d), std::string(p));
    });

runtime::Address addr(const char* id, std::uint16_t port) { return {id, "127.0.0.1", port}; }

std::string frameOf(const wire::Envelope& e) {
  std::string out;
  net::appendFrame(e, out);
  return out;
}

}  // namespace

class tst_frame : public QObject {
  Q_OBJECT

 private slots:
  void roundTripKeepsHeaderAndPayload() {
    auto frame = net::encodeMessage(Note(addr("n1", 7001), addr("n2", 7002), "hello"));
    QVERIFY2(frame.isOk(), frame.error().c_str());
    net::FrameReader reader;
    std::vector<wire::Envelope> out;
    QVERIFY(reader.feed(*frame, out).isOk());
    QCOMPARE(out.size(), std::size_t(1));
    auto decoded = net::decodeEnvelope(out[0]);
    QVERIFY2(decoded.isOk(), decoded.error().c_str());
    const auto& note = static_cast<const Note&>(**decoded);
    QCOMPARE(note.typeId(), Note::staticTypeId());
    QCOMPARE(note.text, std::string("hello"));
    QCOMPARE(note.source.id, std::string("n1"));
    QCOMPARE(note.source.port, std::uint16_t(7001));
    QCOMPARE(note.destination.id, std::string("n2"));
    QVERIFY(!reader.midFrame());
  }

  void framesSplitAnywhereStillDecode() {
    std::string stream;
    for (int i = 0; i < 20; ++i) {
      stream += *net::encodeMessage(Note(addr("a", 1), addr("b", 2), std::string(i * 7, 'x')));
    }
    net::FrameReader reader;
    std::vector<wire::Envelope> out;
    for (char c : stream) QVERIFY(reader.feed(std::string_view(&c, 1), out).isOk());
    QCOMPARE(out.size(), std::size_t(20));
    for (int i = 0; i < 20; ++i) {
      QCOMPARE(out[i].payload().size(), std::size_t(i * 7));
    }
  }

  void truncatedFrameIsReportedAtEndOfStream() {
    const std::string frame = *net::encodeMessage(Note(addr("a", 1), addr("b", 2), "some text"));
    net::FrameReader reader;
    std::vector<wire::Envelope> out;
    QVERIFY(reader.feed(std::string_view(frame).substr(0, frame.size() - 3), out).isOk());
    QVERIFY(out.empty());
    QVERIFY(reader.midFrame());
  }

  void badStreamsAreRefused_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("reason");
    QTest::newRow("http request") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                                  << QStringLiteral("oversized frame");
    QTest::newRow("oversized length")
        << QByteArray("\x7f\xff\xff\xff", 4) << QStringLiteral("oversized frame");
    QTest::newRow("not an envelope")
        << QByteArray("\x00\x00\x00\x05\xff\xff\xff\xff\xff", 9) << QStringLiteral("garbage frame");
    wire::Envelope typeless;
    typeless.set_payload("x");
    const std::string f = frameOf(typeless);
    QTest::newRow("envelope without type")
        << QByteArray(f.data(), int(f.size())) << QStringLiteral("without a message type");
  }
  void badStreamsAreRefused() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, reason);
    net::FrameReader reader(1024 * 1024);
    std::vector<wire::Envelope> out;
    runtime::Status s = reader.feed(std::string_view(bytes.constData(), bytes.size()), out);
    QVERIFY(!s.isOk());
    QVERIFY2(QString::fromStdString(s.error()).contains(reason), s.error().c_str());
    QVERIFY(out.empty());
  }

  void framesBeforeGarbageAreKept() {
    std::string stream = *net::encodeMessage(Note(addr("a", 1), addr("b", 2), "first"));
    stream += std::string("\xff\xff\xff\xff", 4);
    net::FrameReader reader;
    std::vector<wire::Envelope> out;
    QVERIFY(!reader.feed(stream, out).isOk());
    QCOMPARE(out.size(), std::size_t(1));
    QCOMPARE(out[0].payload(), std::string("first"));
  }

  void decodeRefuses_data() {
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("payload");
    QTest::addColumn<QString>("reason");
    QTest::newRow("unknown type") << "nobody.Knows"
                                  << "x"
                                  << "unknown message type 'nobody.Knows'";
    QTest::newRow("payload refused by codec") << "test.Note"
                                              << "reject me"
                                              << "payload refused";
  }
  void decodeRefuses() {
    QFETCH(QString, type);
    QFETCH(QString, payload);
    QFETCH(QString, reason);
    wire::Envelope e;
    e.set_type(type.toStdString());
    e.set_payload(payload.toStdString());
    e.mutable_source()->set_id("a");
    e.mutable_destination()->set_id("b");
    auto decoded = net::decodeEnvelope(e);
    QVERIFY(!decoded.isOk());
    QVERIFY2(QString::fromStdString(decoded.error()).contains(reason), decoded.error().c_str());
  }

  void encodingNeedsACodecAndRoom() {
    auto none = net::encodeMessage(Unregistered(addr("a", 1), addr("b", 2)));
    QVERIFY(!none.isOk());
    QVERIFY(QString::fromStdString(none.error()).contains("no serializer"));
    auto big = net::encodeMessage(Note(addr("a", 1), addr("b", 2), std::string(5000, 'x')), 1000);
    QVERIFY(!big.isOk());
    QVERIFY(QString::fromStdString(big.error()).contains("above the maximum"));
  }

  void registryFindsByNameAndTypeAndRefusesClashes() {
    const runtime::MessageCodec* byName = runtime::Serializers::find(std::string_view("test.Note"));
    QVERIFY(byName != nullptr);
    QCOMPARE(runtime::Serializers::find(Note::staticTypeId()), byName);
    QVERIFY(runtime::Serializers::find(Unregistered::staticTypeId()) == nullptr);
    const auto names = runtime::Serializers::names();
    QVERIFY(std::find(names.begin(), names.end(), "test.Note") != names.end());
    // Another type under a taken name is a programming error.
    QVERIFY_THROWS_EXCEPTION(std::logic_error,
                             runtime::Serializers::add(runtime::codecFor<Unregistered>(
                                 "test.Note", [](const Unregistered&) { return std::string(); },
                                 [](net::Address s, net::Address d,
                                    std::string_view) -> runtime::DecodeResult<Unregistered> {
                                   return std::make_shared<const Unregistered>(s, d);
                                 })));
    QVERIFY(runtime::Serializers::find(Unregistered::staticTypeId()) == nullptr);
  }
};

QTEST_MAIN(tst_frame)
#include "tst_frame.moc"
