// Event type hierarchy and dispatch: a handler subscribed to E receives E and
// its subtypes (not siblings or parents); per-port dispatch tables are rebuilt
// when subscriptions change after events have flowed; port types carry several
// request and indication types; member, lambda and Handler<E> subscriptions
// can be added and removed at run time.
#include <QTest>
#include <string>
#include <vector>

#include "runtime_test_support.h"

namespace rt = catslab::runtime;

namespace {

struct Base : rt::EventOf<Base> {
  explicit Base(int v = 0) : value(v) {}
  int value;
};
struct Derived : rt::EventOf<Derived, Base> {
  using EventOf::EventOf;
};
struct Sibling : rt::EventOf<Sibling, Base> {
  using EventOf::EventOf;
};
struct GrandChild : rt::EventOf<GrandChild, Derived> {
  using EventOf::EventOf;
};
// First used only after dispatch tables exist (its TypeId is assigned late).
struct LateComer : rt::EventOf<LateComer, Derived> {
  using EventOf::EventOf;
};

struct Feed : rt::PortType<rt::Requests<>, rt::Indications<Base>> {};

struct AskA : rt::EventOf<AskA> {
  explicit AskA(int v) : value(v) {}
  int value;
};
struct AskB : rt::EventOf<AskB> {
  explicit AskB(std::string t) : text(std::move(t)) {}
  std::string text;
};
struct GotA : rt::EventOf<GotA> {
  explicit GotA(int v) : value(v) {}
  int value;
};
struct GotB : rt::EventOf<GotB> {
  explicit GotB(std::string t) : text(std::move(t)) {}
  std::string text;
};
struct Done : rt::EventOf<Done> {};
struct Service : rt::PortType<rt::Requests<AskA, AskB>, rt::Indications<GotA, GotB, Done>> {};

// Provides Feed; test code makes it emit events.
class Source : public rt::ComponentDefinition {
 public:
  template <class E>
  void fire(E e) {
    trigger(std::move(e), feed_);
  }
  void fireShared(const std::shared_ptr<const Derived>& e) { trigger(e, feed_); }

 private:
  rt::Negative<Feed> feed_ = provide<Feed>();
};

// Requires Feed and records what each of its handlers saw.
class Sink : public rt::ComponentDefinition {
 public:
  std::vector<std::string> seen;
  std::vector<const void*> addresses;

  void listenBase() {
    baseSub_ = subscribe(feed_, [this](const Base& e) { record("base", e); });
  }
  void dropBase() { unsubscribe(feed_, baseSub_); }
  void listenDerived() { subscribe(feed_, &Sink::onDerived); }
  void dropDerived() { unsubscribe(feed_, &Sink::onDerived); }
  void listenSibling() { subscribe(feed_, siblingHandler_); }
  void dropSibling() { unsubscribe(feed_, siblingHandler_); }

 private:
  void onDerived(const Derived& e) { record("derived", e); }
  void record(const char* handler, const Base& e) {
    seen.push_back(std::string(handler) + ":" + e.typeName() + ":" + std::to_string(e.value));
    addresses.push_back(&e);
  }

  rt::Positive<Feed> feed_ = require<Feed>();
  std::uint64_t baseSub_ = 0;
  rt::Handler<Sibling> siblingHandler_{[this](const Sibling& e) { record("sibling", e); }};
};

class FeedRoot : public rt::ComponentDefinition {
 public:
  FeedRoot() {
    source = create<Source>();
    sink = create<Sink>();
    connect(source.positive<Feed>(), sink.negative<Feed>());
  }
  // The parent listens on its child's provided port too.
  void watchSource() {
    subscribe(source.positive<Feed>(), [this](const Base& e) { watched.push_back(&e); });
  }
  rt::Component<Source> source;
  rt::Component<Sink> sink;
  std::vector<const void*> watched;
};

class ServiceProvider : public rt::ComponentDefinition {
 public:
  ServiceProvider() {
    subscribe(port_, &ServiceProvider::onAskA);
    subscribe(port_, &ServiceProvider::onAskB);
  }

 private:
  void onAskA(const AskA& a) { trigger(GotA(a.value * 2), port_); }
  void onAskB(const AskB& b) {
    trigger(GotB(b.text + "!"), port_);
    trigger(Done{}, port_);
  }
  rt::Negative<Service> port_ = provide<Service>();
};

class ServiceClient : public rt::ComponentDefinition {
 public:
  std::vector<std::string> log;
  ServiceClient() {
    subscribe(port_, [this](const GotA& g) { log.push_back("A" + std::to_string(g.value)); });
    subscribe(port_, [this](const GotB& g) { log.push_back("B" + g.text); });
    subscribe(port_, [this](const Done&) { log.push_back("done"); });
  }

 private:
  void onStart() override {
    trigger(AskA(21), port_);
    trigger(AskB("hi"), port_);
  }
  rt::Positive<Service> port_ = require<Service>();
};

class ServiceRoot : public rt::ComponentDefinition {
 public:
  ServiceRoot() {
    auto provider = create<ServiceProvider>();
    client = create<ServiceClient>();
    connect(provider.positive<Service>(), client.negative<Service>());
  }
  rt::Component<ServiceClient> client;
};

struct Fixture {
  rt::Runtime runtime{{.scheduler = rt::SchedulerKind::Deterministic, .seed = 7}};
  rt::Component<FeedRoot> root = runtime.createRoot<FeedRoot>();
  Fixture() {
    runtime.start();
    runtime.runUntilIdle();
  }
  Sink& sink() { return root->sink.definition(); }
  // Runs `fn` in the sink's context, then lets everything settle.
  void atSink(std::function<void()> fn) {
    rtt::inContext(root->sink, std::move(fn));
    runtime.runUntilIdle();
  }
  template <class E>
  void fire(E e) {
    auto* source = &root->source.definition();
    rtt::inContext(root->source, [source, e] { source->fire(e); });
    runtime.runUntilIdle();
  }
};

}  // namespace

class tst_EventDispatch : public QObject {
  Q_OBJECT

 private slots:
  void typeIdsAreDenseAndKnowTheirParents() {
    const rt::TypeId base = Base::staticTypeId();
    const rt::TypeId derived = Derived::staticTypeId();
    const rt::TypeId grand = GrandChild::staticTypeId();
    QVERIFY(base < rt::EventTypes::count());
    QVERIFY(grand < rt::EventTypes::count());
    QCOMPARE(rt::EventTypes::parentOf(derived), base);
    QCOMPARE(rt::EventTypes::parentOf(grand), derived);
    QVERIFY(rt::EventTypes::isSubtype(grand, base));
    QVERIFY(rt::EventTypes::isSubtype(base, base));
    QVERIFY(!rt::EventTypes::isSubtype(base, derived));
    QVERIFY(!rt::EventTypes::isSubtype(Sibling::staticTypeId(), derived));
    QCOMPARE(QString::fromStdString(GrandChild(1).typeName()), QStringLiteral("GrandChild"));
    // A dynamic type seen through a base reference keeps its own id.
    const Base& asBase = GrandChild(3);
    QCOMPARE(asBase.typeId(), grand);
  }

  void handlerReceivesTypeAndSubtypesOnly_data() {
    QTest::addColumn<QString>("listen");
    QTest::addColumn<QStringList>("expected");
    // Emitted in this order: Base 1, Derived 2, Sibling 3, GrandChild 4.
    QTest::newRow("Base sees everything")
        << "base"
        << QStringList{"base:Base:1", "base:Derived:2", "base:Sibling:3", "base:GrandChild:4"};
    QTest::newRow("Derived sees Derived and GrandChild, not parent or sibling")
        << "derived" << QStringList{"derived:Derived:2", "derived:GrandChild:4"};
    QTest::newRow("Sibling sees only Sibling") << "sibling" << QStringList{"sibling:Sibling:3"};
  }
  void handlerReceivesTypeAndSubtypesOnly() {
    QFETCH(QString, listen);
    QFETCH(QStringList, expected);
    Fixture f;
    Sink& sink = f.sink();
    f.atSink([&] {
      if (listen == "base") sink.listenBase();
      if (listen == "derived") sink.listenDerived();
      if (listen == "sibling") sink.listenSibling();
    });
    f.fire(Base(1));
    f.fire(Derived(2));
    f.fire(Sibling(3));
    f.fire(GrandChild(4));
    QStringList got;
    for (const auto& s : sink.seen) got << QString::fromStdString(s);
    QCOMPARE(got, expected);
  }

  void oneEventReachesEveryMatchingHandlerOnceInSubscriptionOrder() {
    Fixture f;
    Sink& sink = f.sink();
    f.atSink([&] {
      sink.listenDerived();
      sink.listenBase();
    });
    f.fire(GrandChild(9));
    QCOMPARE(sink.seen, (std::vector<std::string>{"derived:GrandChild:9", "base:GrandChild:9"}));
  }

  void subscribingAfterEventsFlowedInvalidatesDispatchCache() {
    Fixture f;
    Sink& sink = f.sink();
    f.atSink([&] { sink.listenDerived(); });
    f.fire(Sibling(1));  // builds the table entry for Sibling: no handler
    f.fire(Derived(2));
    QCOMPARE(sink.seen, (std::vector<std::string>{"derived:Derived:2"}));
    f.atSink([&] { sink.listenBase(); });  // must invalidate the cached "no handler" entry
    f.fire(Sibling(3));
    f.fire(Derived(4));
    QCOMPARE(sink.seen, (std::vector<std::string>{"derived:Derived:2", "base:Sibling:3",
                                                  "derived:Derived:4", "base:Derived:4"}));
  }

  void unsubscribingAfterEventsFlowedStopsDelivery() {
    Fixture f;
    Sink& sink = f.sink();
    f.atSink([&] {
      sink.listenBase();
      sink.listenDerived();
      sink.listenSibling();
    });
    f.fire(Derived(1));
    f.fire(Sibling(2));
    f.atSink([&] {
      sink.dropBase();
      sink.dropDerived();
    });
    f.fire(Derived(3));
    f.fire(Sibling(4));
    f.atSink([&] { sink.dropSibling(); });
    f.fire(Sibling(5));
    QCOMPARE(sink.seen,
             (std::vector<std::string>{"base:Derived:1", "derived:Derived:1", "base:Sibling:2",
                                       "sibling:Sibling:2", "sibling:Sibling:4"}));
  }

  void resubscribingARemovedHandlerWorks() {
    Fixture f;
    Sink& sink = f.sink();
    f.atSink([&] { sink.listenSibling(); });
    f.atSink([&] { sink.dropSibling(); });
    f.fire(Sibling(1));
    f.atSink([&] { sink.listenSibling(); });
    f.fire(Sibling(2));
    QCOMPARE(sink.seen, (std::vector<std::string>{"sibling:Sibling:2"}));
  }

  void eventTypeFirstUsedAfterTablesWereBuiltIsDispatched() {
    Fixture f;
    Sink& sink = f.sink();
    f.atSink([&] { sink.listenDerived(); });
    f.fire(Derived(1));  // tables sized for the types known so far
    f.fire(LateComer(2));
    QCOMPARE(sink.seen, (std::vector<std::string>{"derived:Derived:1", "derived:LateComer:2"}));
  }

  void eventsAreSharedNotCopiedPerSubscriber() {
    Fixture f;
    Sink& sink = f.sink();
    f.atSink([&] {
      sink.listenBase();
      sink.listenDerived();
    });
    FeedRoot* root = &f.root.definition();
    rtt::inContext(f.root, [root] { root->watchSource(); });
    f.runtime.runUntilIdle();
    auto shared = std::make_shared<const Derived>(5);
    Source* source = &root->source.definition();
    rtt::inContext(root->source, [source, shared] { source->fireShared(shared); });
    f.runtime.runUntilIdle();
    QCOMPARE(sink.addresses, (std::vector<const void*>{shared.get(), shared.get()}));
    QCOMPARE(root->watched, (std::vector<const void*>{shared.get()}));
  }

  void portTypeWithSeveralRequestAndIndicationTypes() {
    rt::Runtime runtime({.scheduler = rt::SchedulerKind::Deterministic});
    auto root = runtime.createRoot<ServiceRoot>();
    runtime.start();
    runtime.runUntilIdle();
    QCOMPARE(root->client->log, (std::vector<std::string>{"A42", "Bhi!", "done"}));
  }
};

QTEST_MAIN(tst_EventDispatch)
#include "tst_event_dispatch.moc"
