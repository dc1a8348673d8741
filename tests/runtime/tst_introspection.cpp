// Introspection: describeJson() is valid JSON listing components, ports,
// channels, subscriptions and queue lengths; describeDot() is Graphviz DOT
// naming every component.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QTest>

#include "runtime_test_support.h"

namespace rt = catslab::runtime;

namespace {

struct Note : rt::EventOf<Note> {
  explicit Note(int v) : n(v) {}
  int n;
};
struct Board : rt::PortType<rt::Requests<Note>, rt::Indications<Note>> {};

class Writer : public rt::ComponentDefinition {
 public:
  Writer() {
    subscribe(board_, [this](const Note& n) { trigger(Note(n.n), board_); });
  }

 private:
  rt::Negative<Board> board_ = provide<Board>();
};

class Reader : public rt::ComponentDefinition {
 public:
  Reader() {
    subscribe(board_, [](const Note&) {});
  }
  void post(int n) { trigger(Note(n), board_); }

 private:
  rt::Positive<Board> board_ = require<Board>();
};

// A "quoted \"name\"" child checks escaping.
class Root : public rt::ComponentDefinition {
 public:
  Root() {
    writer = createNamed<Writer>("writer \"w\"");
    reader = createNamed<Reader>("reader");
    auto group = createNamed<Group>("group");
    channel = connect(writer.positive<Board>(), reader.negative<Board>());
    connect(writer.positive<Board>(), group.negative<Board>(), rt::ChannelKind::IndicationsOnly);
  }
  rt::Component<Writer> writer;
  rt::Component<Reader> reader;
  rt::ChannelRef channel;

 private:
  class Group : public rt::ComponentDefinition {
   public:
    Group() {
      auto inner = createNamed<Reader>("inner");
      connect(board_, inner.negative<Board>());
    }

   private:
    rt::Positive<Board> board_ = require<Board>();
  };
};

QJsonObject childNamed(const QJsonObject& parent, const QString& name) {
  for (const auto& c : parent.value("children").toArray()) {
    if (c.toObject().value("name").toString() == name) return c.toObject();
  }
  return {};
}

}  // namespace

class tst_Introspection : public QObject {
  Q_OBJECT

 private slots:
  void describeJsonParsesAndShowsTheLiveTree() {
    rt::Runtime runtime({.scheduler = rt::SchedulerKind::Deterministic});
    auto root = runtime.createRoot<Root>();
    runtime.start();
    runtime.runUntilIdle();
    // Leave three requests queued at the writer, so queue lengths are visible.
    Reader* reader = &root->reader.definition();
    rtt::inContext(root->reader, [reader] {
      for (int i = 0; i < 3; ++i) reader->post(i);
    });
    runtime.step();  // runs the reader's task only: the writer has 3 queued
    QCOMPARE(root->writer.core()->queueLength(), std::size_t{3});

    QJsonParseError error;
    const auto doc =
        QJsonDocument::fromJson(QByteArray::fromStdString(runtime.describeJson()), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonObject top = doc.object();
    QCOMPARE(top.value("path").toString(), QStringLiteral("/"));
    QCOMPARE(top.value("type").toString(), QStringLiteral("Root"));
    QCOMPARE(top.value("children").toArray().size(), 3);

    const QJsonObject writer = childNamed(top, QStringLiteral("writer \"w\""));
    QVERIFY(!writer.isEmpty());
    QCOMPARE(writer.value("state").toString(), QStringLiteral("active"));
    QCOMPARE(writer.value("queue").toInt(), 3);
    const QJsonArray ports = writer.value("ports").toArray();
    QCOMPARE(ports.size(), 1);
    const QJsonObject port = ports[0].toObject();
    QCOMPARE(port.value("type").toString(), QStringLiteral("Board"));
    QCOMPARE(port.value("direction").toString(), QStringLiteral("provided"));
    QCOMPARE(port.value("subscriptions").toArray().size(), 1);
    QCOMPARE(port.value("subscriptions").toArray()[0].toObject().value("event").toString(),
             QStringLiteral("Note"));
    const QJsonArray channels = port.value("channels").toArray();
    QCOMPARE(channels.size(), 2);
    QStringList kinds;
    for (const auto& ch : channels) kinds << ch.toObject().value("kind").toString();
    kinds.sort();
    QCOMPARE(kinds, (QStringList{"indications", "two-way"}));

    const QJsonObject group = childNamed(top, QStringLiteral("group"));
    QCOMPARE(childNamed(group, QStringLiteral("inner")).value("path").toString(),
             QStringLiteral("/group/inner"));
  }

  void describeJsonShowsHeldChannelsAndTheirQueues() {
    rt::Runtime runtime({.scheduler = rt::SchedulerKind::Deterministic});
    auto root = runtime.createRoot<Root>();
    runtime.start();
    runtime.runUntilIdle();
    root->channel.hold();
    Reader* reader = &root->reader.definition();
    rtt::inContext(root->reader, [reader] {
      reader->post(1);
      reader->post(2);
    });
    runtime.runUntilIdle();
    const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(runtime.describeJson()));
    const QJsonObject reader_ = childNamed(doc.object(), QStringLiteral("reader"));
    const QJsonObject ch =
        reader_.value("ports").toArray()[0].toObject().value("channels").toArray()[0].toObject();
    QCOMPARE(ch.value("held").toBool(), true);
    QCOMPARE(ch.value("queued").toInt(), 2);
    root->channel.resume();
  }

  void describeDotNamesEveryComponentAndChannel() {
    rt::Runtime runtime({.scheduler = rt::SchedulerKind::Deterministic});
    auto root = runtime.createRoot<Root>();
    runtime.start();
    runtime.runUntilIdle();
    const QString dot = QString::fromStdString(runtime.describeDot());
    QVERIFY(dot.startsWith(QStringLiteral("digraph ")));
    QVERIFY(dot.trimmed().endsWith(QLatin1Char('}')));
    QCOMPARE(dot.count(QLatin1Char('{')), dot.count(QLatin1Char('}')));
    // One node statement per component, each with a label naming it.
    const std::vector<rt::ComponentCore*> all{runtime.root(), root->writer.core().get(),
                                              root->reader.core().get()};
    for (const auto* c : all) {
      const QString id = QStringLiteral("c%1 [").arg(c->id());
      QVERIFY2(dot.contains(id), qPrintable(id));
    }
    QVERIFY(dot.contains(QStringLiteral("inner")));
    QVERIFY(dot.contains(QStringLiteral("subgraph cluster_")));
    // Three channels: writer->reader, writer->group, group->inner.
    static const QRegularExpression edge(QStringLiteral("c\\d+ -> c\\d+ \\[label=\"Board"));
    QCOMPARE(dot.count(edge), 3);
    // Every label is one well-formed quoted string (a quote inside a name
    // is escaped), followed by the end of the attribute.
    static const QRegularExpression wellFormed(
        QStringLiteral("label=\"(?:[^\"\\\\\n]|\\\\.)*\"[,\\];]"));
    QCOMPARE(dot.count(wellFormed), dot.count(QStringLiteral("label=")));
    QVERIFY(dot.contains(QStringLiteral("writer \\\"w\\\"")));
  }
};

QTEST_MAIN(tst_Introspection)
#include "tst_introspection.moc"
