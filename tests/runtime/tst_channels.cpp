// Channels: two-way and one-way channels, disconnect and reconnect, fan-out,
// channel selectors over thousands of channels, delegation through a
// parent's required and provided ports, and hold/resume keeping order.
#include <QTest>
#include <atomic>
#include <vector>

#include "runtime_test_support.h"

namespace rt = catslab::runtime;

namespace {

struct Req : rt::EventOf<Req> {
  explicit Req(int v) : n(v) {}
  int n;
};
struct Ind : rt::EventOf<Ind> {
  Ind(int v, std::uint64_t d = 0) : n(v), dest(d) {}
  int n;
  std::uint64_t dest;
};
// An indication the selector does not look at: it reaches every channel.
struct Announcement : rt::EventOf<Announcement> {
  explicit Announcement(int v) : n(v) {}
  int n;
};
struct Pipe : rt::PortType<rt::Requests<Req>, rt::Indications<Ind, Announcement>> {};

// Provides Pipe: records requests and echoes each as an indication.
class Server : public rt::ComponentDefinition {
 public:
  std::vector<int> requests;
  std::atomic<int> received{0};  // readable from the test thread while running
  bool echo = true;
  Server() {
    subscribe(port_, [this](const Req& r) {
      requests.push_back(r.n);
      received.fetch_add(1);
      if (echo) trigger(Ind(r.n), port_);
    });
  }
  void indicate(int n, std::uint64_t dest = 0) { trigger(Ind(n, dest), port_); }
  void announce(int n) { trigger(Announcement(n), port_); }

 private:
  rt::Negative<Pipe> port_ = provide<Pipe>();
};

// Requires Pipe: records indications.
class Client : public rt::ComponentDefinition {
 public:
  std::vector<int> indications;
  std::vector<int> announcements;
  std::atomic<int> received{0};  // readable from the test thread while running
  Client() {
    subscribe(port_, [this](const Ind& i) {
      indications.push_back(i.n);
      received.fetch_add(1);
    });
    subscribe(port_, [this](const Announcement& a) { announcements.push_back(a.n); });
  }
  void request(int n) { trigger(Req(n), port_); }

 private:
  rt::Positive<Pipe> port_ = require<Pipe>();
};

class PairRoot : public rt::ComponentDefinition {
 public:
  explicit PairRoot(rt::ChannelKind kind) {
    server = create<Server>();
    client = create<Client>();
    channel = connect(server.positive<Pipe>(), client.negative<Pipe>(), kind);
  }
  void unplug() { disconnect(channel); }
  void plug() { channel = connect(client.negative<Pipe>(), server.positive<Pipe>()); }

  rt::Component<Server> server;
  rt::Component<Client> client;
  rt::ChannelRef channel;
};

rt::RuntimeOptions deterministic() {
  return {.scheduler = rt::SchedulerKind::Deterministic, .seed = 3};
}

template <class C, class F>
void at(rt::Runtime& runtime, const rt::Component<C>& c, F fn) {
  C* def = &c.definition();
  rtt::inContext(c, [def, fn] { fn(*def); });
  runtime.runUntilIdle();
}

// --- selectors ---------------------------------------------------------------

class SelectorRoot : public rt::ComponentDefinition {
 public:
  explicit SelectorRoot(int count) {
    server = create<Server>();
    auto selector = rt::ChannelSelector::of<Ind>([](const Ind& i) { return i.dest; });
    for (int k = 0; k < count; ++k) {
      clients.push_back(create<Client>());
      channels.push_back(connect(server.positive<Pipe>(), clients.back().negative<Pipe>(),
                                 rt::Selection{selector, static_cast<std::uint64_t>(k)}));
    }
  }
  void unplug(int k) { disconnect(channels[k]); }
  rt::Component<Server> server;
  std::vector<rt::ChannelRef> channels;
  std::vector<rt::Component<Client>> clients;
};

// --- delegation --------------------------------------------------------------

// Requires Pipe and hands it down: its child's required port is connected to
// the parent's own required port.
class RequiringParent : public rt::ComponentDefinition {
 public:
  RequiringParent() {
    inner = create<Client>();
    connect(pipe_, inner.negative<Pipe>());
  }
  rt::Component<Client> inner;

 private:
  rt::Positive<Pipe> pipe_ = require<Pipe>();
};

// Provides Pipe but lets a child do the work: the child's provided port is
// connected to the parent's own provided port.
class ProvidingParent : public rt::ComponentDefinition {
 public:
  ProvidingParent() {
    inner = create<Server>();
    connect(pipe_, inner.positive<Pipe>());
  }
  rt::Component<Server> inner;

 private:
  rt::Negative<Pipe> pipe_ = provide<Pipe>();
};

class DelegationRoot : public rt::ComponentDefinition {
 public:
  DelegationRoot() {
    server = create<Server>();
    requirer = create<RequiringParent>();
    provider = create<ProvidingParent>();
    client = create<Client>();
    connect(server.positive<Pipe>(), requirer.negative<Pipe>());
    connect(provider.positive<Pipe>(), client.negative<Pipe>());
  }
  rt::Component<Server> server;
  rt::Component<RequiringParent> requirer;
  rt::Component<ProvidingParent> provider;
  rt::Component<Client> client;
};

}  // namespace

class tst_Channels : public QObject {
  Q_OBJECT

 private slots:
  void twoWayChannelCarriesRequestsAndIndications() {
    rt::Runtime runtime(deterministic());
    auto root = runtime.createRoot<PairRoot>(rt::ChannelKind::TwoWay);
    runtime.start();
    runtime.runUntilIdle();
    at(runtime, root->client, [](Client& c) {
      c.request(1);
      c.request(2);
    });
    QCOMPARE(root->server->requests, (std::vector<int>{1, 2}));
    QCOMPARE(root->client->indications, (std::vector<int>{1, 2}));
  }

  void oneWayChannelCarriesOneDirectionOnly_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("requestsPass");
    QTest::addColumn<bool>("indicationsPass");
    QTest::newRow("indications only") << int(rt::ChannelKind::IndicationsOnly) << false << true;
    QTest::newRow("requests only") << int(rt::ChannelKind::RequestsOnly) << true << false;
  }
  void oneWayChannelCarriesOneDirectionOnly() {
    QFETCH(int, kind);
    QFETCH(bool, requestsPass);
    QFETCH(bool, indicationsPass);
    rt::Runtime runtime(deterministic());
    auto root = runtime.createRoot<PairRoot>(static_cast<rt::ChannelKind>(kind));
    runtime.start();
    runtime.runUntilIdle();
    at(runtime, root->server, [](Server& s) {
      s.echo = false;
      s.indicate(7);
    });
    at(runtime, root->client, [](Client& c) { c.request(8); });
    QCOMPARE(root->server->requests == std::vector<int>{8}, requestsPass);
    QCOMPARE(root->client->indications == std::vector<int>{7}, indicationsPass);
    QVERIFY(root->server->requests.size() + root->client->indications.size() == 1);
  }

  void disconnectStopsTrafficAndReconnectRestoresIt() {
    rt::Runtime runtime(deterministic());
    auto root = runtime.createRoot<PairRoot>(rt::ChannelKind::TwoWay);
    runtime.start();
    runtime.runUntilIdle();
    at(runtime, root->client, [](Client& c) { c.request(1); });
    at(runtime, root, [](PairRoot& r) { r.unplug(); });
    QVERIFY(!root->channel.connected());
    at(runtime, root->client, [](Client& c) { c.request(2); });
    at(runtime, root->server, [](Server& s) { s.indicate(3); });
    at(runtime, root, [](PairRoot& r) { r.plug(); });
    at(runtime, root->client, [](Client& c) { c.request(4); });
    QCOMPARE(root->server->requests, (std::vector<int>{1, 4}));
    QCOMPARE(root->client->indications, (std::vector<int>{1, 4}));
  }

  void disconnectingTwiceIsAnError() {
    rt::Runtime runtime(deterministic());
    auto root = runtime.createRoot<PairRoot>(rt::ChannelKind::TwoWay);
    runtime.start();
    runtime.runUntilIdle();
    bool threw = false;
    at(runtime, root, [&](PairRoot& r) {
      r.unplug();
      try {
        r.unplug();
      } catch (const std::logic_error&) {
        threw = true;
      }
    });
    QVERIFY(threw);
  }

  void selectorDeliversEachEventOnlyToItsKeysComponent() {
    constexpr int kClients = 3000;
    rt::Runtime runtime(deterministic());
    auto root = runtime.createRoot<SelectorRoot>(kClients);
    runtime.start();
    runtime.runUntilIdle();
    // Every client gets two events addressed to it, in reverse key order.
    at(runtime, root->server, [](Server& s) {
      for (int round = 0; round < 2; ++round) {
        for (int k = kClients - 1; k >= 0; --k) s.indicate(k * 10 + round, k);
      }
      s.indicate(-1, kClients + 5);  // a key nobody listens to goes nowhere
      s.announce(99);                // not a selected type: reaches everyone
    });
    for (int k = 0; k < kClients; ++k) {
      const Client& c = root->clients[k].definition();
      if (c.indications != std::vector<int>{k * 10, k * 10 + 1}) {
        QFAIL(qPrintable(
            QStringLiteral("client %1 got %2 indications").arg(k).arg(c.indications.size())));
      }
      QCOMPARE(c.announcements, std::vector<int>{99});
    }
  }

  void selectorChannelsCanBeDisconnectedIndividually() {
    rt::Runtime runtime(deterministic());
    auto root = runtime.createRoot<SelectorRoot>(3);
    runtime.start();
    runtime.runUntilIdle();
    at(runtime, root, [](SelectorRoot& r) { r.unplug(1); });
    QVERIFY(!root->channels[1].connected());
    QVERIFY(root->channels[0].connected());
    at(runtime, root->server, [](Server& s) {
      for (int k = 0; k < 3; ++k) s.indicate(k, k);
    });
    QCOMPARE(root->clients[0]->indications, std::vector<int>{0});
    QVERIFY(root->clients[1]->indications.empty());
    QCOMPARE(root->clients[2]->indications, std::vector<int>{2});
  }

  void delegationThroughParentsRequiredPort() {
    rt::Runtime runtime(deterministic());
    auto root = runtime.createRoot<DelegationRoot>();
    runtime.start();
    runtime.runUntilIdle();
    at(runtime, root->requirer->inner, [](Client& c) { c.request(5); });
    QCOMPARE(root->server->requests, std::vector<int>{5});
    QCOMPARE(root->requirer->inner->indications, std::vector<int>{5});
  }

  void delegationThroughParentsProvidedPort() {
    rt::Runtime runtime(deterministic());
    auto root = runtime.createRoot<DelegationRoot>();
    runtime.start();
    runtime.runUntilIdle();
    at(runtime, root->client, [](Client& c) { c.request(6); });
    QCOMPARE(root->provider->inner->requests, std::vector<int>{6});
    QCOMPARE(root->client->indications, std::vector<int>{6});
  }

  void holdQueuesEventsAndResumeKeepsTheirOrder() {
    rt::Runtime runtime(deterministic());
    auto root = runtime.createRoot<PairRoot>(rt::ChannelKind::TwoWay);
    runtime.start();
    runtime.runUntilIdle();
    root->channel.hold();
    QVERIFY(root->channel.held());
    at(runtime, root->client, [](Client& c) {
      for (int i = 0; i < 100; ++i) c.request(i);
    });
    QVERIFY(root->server->requests.empty());
    QCOMPARE(root->channel.queued(), std::size_t{100});
    root->channel.resume();
    at(runtime, root->client, [](Client& c) { c.request(100); });
    std::vector<int> expected(101);
    for (int i = 0; i <= 100; ++i) expected[i] = i;
    QCOMPARE(root->server->requests, expected);
    QCOMPARE(root->client->indications, expected);
    QVERIFY(!root->channel.held());
    QCOMPARE(root->channel.queued(), std::size_t{0});
  }

  // Regression guard: resuming while the sender keeps sending (on other
  // worker threads) must neither drop nor reorder anything.
  void holdDoesNotReorderUnderConcurrentTraffic() {
    constexpr int kEvents = 20000;
    rt::Runtime runtime({.workers = 4});
    auto root = runtime.createRoot<PairRoot>(rt::ChannelKind::TwoWay);
    runtime.start();
    Client* client = &root->client.definition();
    Server* server = &root->server.definition();
    QVERIFY(rtt::driveUntil(runtime, [&] { return root.state() == rt::LifecycleState::Active; }));
    for (int chunk = 0; chunk < 10; ++chunk) {
      rtt::inContext(root->client, [client, chunk] {
        for (int i = 0; i < kEvents / 10; ++i) client->request(chunk * (kEvents / 10) + i);
      });
      // Hold and resume from the test thread while events flow.
      root->channel.hold();
      root->channel.resume();
    }
    QVERIFY(rtt::driveUntil(runtime, [&] { return client->received.load() >= kEvents; }));
    runtime.shutdown();
    runtime.awaitTermination();
    std::vector<int> expected(kEvents);
    for (int i = 0; i < kEvents; ++i) expected[i] = i;
    QCOMPARE(server->requests.size(), expected.size());
    QVERIFY(server->requests == expected);
    QVERIFY(client->indications == expected);
  }
};

QTEST_MAIN(tst_Channels)
#include "tst_channels.moc"
