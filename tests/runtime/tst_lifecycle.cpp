// Lifecycle: Start/Stop/Kill over a component tree, with Started, Stopped
// and Killed reported back. Children start before their parent reports
// Started; stopped components keep their events queued; kill destroys the
// subtree and disconnects its channels.
#include <QTest>
#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime_test_support.h"
#include "tests/timeouts.h"

namespace rt = catslab::runtime;

namespace {

using Log = std::vector<std::string>;

struct Work : rt::EventOf<Work> {
  explicit Work(int v) : n(v) {}
  int n;
};
struct Jobs : rt::PortType<rt::Requests<Work>, rt::Indications<>> {};

// A node of the tree: logs its hooks, handles Work, and creates `fanout`
// children down to `depth`.
class Node : public rt::ComponentDefinition {
 public:
  Node(Log* log, int depth, int fanout) : log_(log) {
    for (int i = 0; i < (depth > 0 ? fanout : 0); ++i) {
      kids.push_back(createNamed<Node>("n" + std::to_string(i), log, depth - 1, fanout));
    }
    subscribe(jobs_, [this](const Work& w) { done.push_back(w.n); });
  }
  std::vector<rt::Component<Node>> kids;
  std::vector<int> done;

 private:
  void onStart() override { note("start "); }
  void onStop() override { note("stop "); }
  void onKill() override { note("kill "); }
  void note(const char* what) {
    if (log_) log_->push_back(what + path());
  }
  Log* log_;  // null: not logged (the log is not thread-safe)
  rt::Negative<Jobs> jobs_ = provide<Jobs>();
};

// Sends Work to the tree's top node.
class Feeder : public rt::ComponentDefinition {
 public:
  void send(int n) { trigger(Work(n), jobs_); }

 private:
  rt::Positive<Jobs> jobs_ = require<Jobs>();
};

class TreeRoot : public rt::ComponentDefinition {
 public:
  explicit TreeRoot(Log* log) : log_(log) {
    top = createNamed<Node>("top", log, 2, 2);
    feeder = create<Feeder>();
    channel = connect(top.positive<Jobs>(), feeder.negative<Jobs>());
    subscribe(top.control(), [this](const rt::LifecycleReport& r) {
      log_->push_back(r.typeName() + " " + r.path);
    });
  }
  void startTop() { start(top); }
  void stopTop() { stop(top); }
  void killTop() { kill(top); }
  rt::Component<Node> top;
  rt::Component<Feeder> feeder;
  rt::ChannelRef channel;

 private:
  void onStart() override { log_->push_back("start /"); }
  Log* log_;
};

// Two ends of a port type with traffic both ways, for the connect/kill race.
struct Ack : rt::EventOf<Ack> {};
struct Link : rt::PortType<rt::Requests<Work>, rt::Indications<Ack>> {};

class Server : public rt::ComponentDefinition {
 public:
  Server() {
    subscribe(link_, [](const Work&) {});
  }
  void ack() { trigger(Ack{}, link_); }

 private:
  rt::Negative<Link> link_ = provide<Link>();
};

class Client : public rt::ComponentDefinition {
 public:
  Client() {
    subscribe(link_, [](const Ack&) {});
  }
  void send() { trigger(Work(0), link_); }

 private:
  rt::Positive<Link> link_ = require<Link>();
};

// Kills its victims (two servers and two clients), then connects the long-lived
// client and server to them, round-robin, until each victim's port refuses. The
// kills run on other workers meanwhile, so each connect can meet a port in the
// middle of its kill. A victim whose kill has not begun after kMaxConnects
// connects is left alone (a busy machine; the kill still comes). Results are
// read by the test thread between rounds.
class Rewirer : public rt::ComponentDefinition {
 public:
  static constexpr int kVictims = 4;
  static constexpr int kMaxConnects = 1000;  // per victim

  explicit Rewirer(std::atomic<int>* killed) : killed_(killed) {
    client = create<Client>();
    server = create<Server>();
  }

  void round() {
    refs.clear();
    refusals.clear();
    unexpected.clear();
    accepted = std::vector<int>(kVictims, 0);
    givenUp = 0;
    std::vector<rt::Positive<Link>> servers;  // handles keep the ports' memory until we return
    std::vector<rt::Negative<Link>> clients;
    std::vector<rt::ComponentRef> victims;
    for (int i = 0; i < kVictims / 2; ++i) {
      auto s = create<Server>();
      auto c = create<Client>();
      servers.push_back(s.positive<Link>());
      clients.push_back(c.negative<Link>());
      victims.push_back(s);
      victims.push_back(c);
    }
    for (const auto& v : victims) {
      subscribe(v.control(), [k = killed_](const rt::Killed&) { k->fetch_add(1); });
      kill(v);
    }
    std::vector<bool> open(kVictims, true);
    int stillOpen = kVictims;
    for (int i = 0; stillOpen > 0; ++i) {
      const int v = i % kVictims;
      if (!open[v]) continue;
      if (accepted[v] == kMaxConnects) {
        ++givenUp;
        open[v] = false;
        --stillOpen;
        continue;
      }
      try {
        refs.push_back(v % 2 == 0 ? connect(servers[v / 2], client.negative<Link>())
                                  : connect(server.positive<Link>(), clients[v / 2]));
        ++accepted[v];
      } catch (const std::logic_error& e) {
        refusals.push_back(e.what());
        open[v] = false;
        --stillOpen;
      } catch (const std::exception& e) {
        unexpected.push_back(e.what());
        open[v] = false;
        --stillOpen;
      }
    }
  }

  rt::Component<Client> client;
  rt::Component<Server> server;
  std::vector<rt::ChannelRef> refs;
  std::vector<std::string> refusals;
  std::vector<std::string> unexpected;
  std::vector<int> accepted;  // per victim, before its port refused
  int givenUp = 0;            // victims not yet being killed after kMaxConnects connects

 private:
  std::atomic<int>* killed_;
};

qsizetype indexOf(const Log& log, const std::string& entry) {
  auto it = std::find(log.begin(), log.end(), entry);
  return it == log.end() ? -1 : it - log.begin();
}

struct Fixture {
  Log log;
  rt::Runtime runtime{{.scheduler = rt::SchedulerKind::Deterministic}};
  rt::Component<TreeRoot> root = runtime.createRoot<TreeRoot>(&log);
  template <class F>
  void atRoot(F fn) {
    TreeRoot* r = &root.definition();
    rtt::inContext(root, [r, fn] { fn(*r); });
    runtime.runUntilIdle();
  }
  void send(int n) {
    Feeder* f = &root->feeder.definition();
    rtt::inContext(root->feeder, [f, n] { f->send(n); });
    runtime.runUntilIdle();
  }
};

}  // namespace

class tst_Lifecycle : public QObject {
  Q_OBJECT

 private slots:
  void childrenStartBeforeTheirParentReportsStarted() {
    Fixture f;
    f.runtime.start();
    f.runtime.runUntilIdle();
    const Log& log = f.log;
    for (const std::string parent : {"/top", "/top/n0", "/top/n1"}) {
      const auto p = indexOf(log, "start " + parent);
      QVERIFY2(p >= 0, parent.c_str());
      for (const std::string kid : {"/n0", "/n1"}) {
        const auto k = indexOf(log, "start " + parent + kid);
        QVERIFY2(k >= 0 && k < p, (parent + kid).c_str());
      }
    }
    QVERIFY(indexOf(log, "start /top") < indexOf(log, "Started /top"));
    QVERIFY(indexOf(log, "Started /top") < indexOf(log, "start /"));
    QCOMPARE(f.root.state(), rt::LifecycleState::Active);
    QCOMPARE(f.root->top->kids[1]->kids[0].state(), rt::LifecycleState::Active);
  }

  void stopPropagatesToChildrenFirstAndReportsStopped() {
    Fixture f;
    f.runtime.start();
    f.runtime.runUntilIdle();
    f.log.clear();
    f.atRoot([](TreeRoot& r) { r.stopTop(); });
    const Log& log = f.log;
    QCOMPARE(log.size(), std::size_t{8});  // 7 nodes stopped + Stopped report
    QVERIFY(indexOf(log, "stop /top/n0/n1") < indexOf(log, "stop /top/n0"));
    QVERIFY(indexOf(log, "stop /top/n0") < indexOf(log, "stop /top"));
    QCOMPARE(log.back(), std::string("Stopped /top"));
    QCOMPARE(f.root->top.state(), rt::LifecycleState::Passive);
    QCOMPARE(f.root->top->kids[0]->kids[1].state(), rt::LifecycleState::Passive);
  }

  void stoppedComponentKeepsEventsQueuedUntilRestarted() {
    Fixture f;
    f.runtime.start();
    f.runtime.runUntilIdle();
    f.send(1);
    f.atRoot([](TreeRoot& r) { r.stopTop(); });
    f.send(2);
    f.send(3);
    QCOMPARE(f.root->top->done, std::vector<int>{1});
    QCOMPARE(f.root->top.core()->queueLength(), std::size_t{2});
    f.atRoot([](TreeRoot& r) { r.startTop(); });
    QCOMPARE(f.root->top->done, (std::vector<int>{1, 2, 3}));
    QCOMPARE(f.root->top.core()->queueLength(), std::size_t{0});
  }

  void eventsSentBeforeStartWaitForStart() {
    Fixture f;
    // The root is passive: the work item below waits like any event.
    Feeder* feeder = &f.root->feeder.definition();
    rtt::inContext(f.root->feeder, [feeder] { feeder->send(9); });
    QCOMPARE(f.runtime.runUntilIdle(), std::size_t{0});
    f.runtime.start();
    f.runtime.runUntilIdle();
    QCOMPARE(f.root->top->done, std::vector<int>{9});
  }

  // Regression: a Stop that arrived while the component was still starting
  // (waiting for its children) was dropped, and the parent waited forever.
  void stopRequestedWhileStartingIsNotLost() {
    Fixture f;
    f.runtime.start();
    f.runtime.runUntilIdle();
    f.atRoot([](TreeRoot& r) { r.stopTop(); });
    f.log.clear();
    f.atRoot([](TreeRoot& r) {
      r.startTop();
      r.stopTop();
    });
    QCOMPARE(f.log.back(), std::string("Stopped /top"));
    QCOMPARE(f.root->top.state(), rt::LifecycleState::Passive);
    QCOMPARE(f.root->top->kids[0]->kids[0].state(), rt::LifecycleState::Passive);
  }

  void killDestroysSubtreeChildrenFirstAndDisconnectsChannels() {
    Fixture f;
    f.runtime.start();
    f.runtime.runUntilIdle();
    auto top = f.root->top;
    auto leaf = f.root->top->kids[0]->kids[0];
    f.log.clear();
    f.atRoot([](TreeRoot& r) { r.killTop(); });
    const Log& log = f.log;
    QVERIFY(indexOf(log, "kill /top/n0/n0") < indexOf(log, "kill /top/n0"));
    QVERIFY(indexOf(log, "kill /top/n0") < indexOf(log, "kill /top"));
    QCOMPARE(log.back(), std::string("Killed /top"));
    QCOMPARE(std::count_if(log.begin(), log.end(),
                           [](const std::string& s) { return s.rfind("kill ", 0) == 0; }),
             7);
    QCOMPARE(top.state(), rt::LifecycleState::Destroyed);
    QCOMPARE(leaf.state(), rt::LifecycleState::Destroyed);
    QVERIFY(!f.root->channel.connected());
    QCOMPARE(f.runtime.root()->children().size(), std::size_t{1});  // only the feeder is left
    f.send(5);                                                      // goes nowhere, harmlessly
    QCOMPARE(f.root.state(), rt::LifecycleState::Active);
  }

  void shutdownKillsTheWholeTreeAndTerminates() {
    Fixture f;
    f.runtime.start();
    f.runtime.runUntilIdle();
    f.runtime.shutdown();
    QCOMPARE(f.runtime.awaitTermination(), 0);
    QVERIFY(f.runtime.terminated());
    QCOMPARE(f.root.state(), rt::LifecycleState::Destroyed);
    QVERIFY(indexOf(f.log, "kill /top") >= 0);
  }

  // Regression: a kill that arrived while a subtree was still starting was
  // lost (start, stop and kill shared one count of pending children, so late
  // Started reports ate the kill's count). catslab-node hung on SIGTERM or
  // EOF right after its ready line. Shut down after every prefix of startup.
  void killWhileStartingStillTerminates() {
    std::size_t startupSteps = 0;
    {
      rt::Runtime runtime({.scheduler = rt::SchedulerKind::Deterministic});
      runtime.createRoot<Node>(nullptr, 2, 3);
      runtime.start();
      startupSteps = runtime.runUntilIdle();
    }
    QVERIFY(startupSteps > 10);
    for (std::size_t k = 0; k <= startupSteps; ++k) {
      rt::Runtime runtime({.scheduler = rt::SchedulerKind::Deterministic});
      auto root = runtime.createRoot<Node>(nullptr, 2, 3);
      runtime.start();
      for (std::size_t i = 0; i < k; ++i) runtime.step();
      runtime.shutdown();
      runtime.awaitTermination();
      QVERIFY2(runtime.terminated(), qPrintable(QStringLiteral("hung after %1 steps").arg(k)));
      QCOMPARE(root.state(), rt::LifecycleState::Destroyed);
    }
  }

  // Regression: shutdown() before start() left the kill queued on a
  // scheduler that never ran, and awaitTermination() never returned.
  void shutdownBeforeStartTerminates_data() {
    QTest::addColumn<int>("scheduler");
    QTest::newRow("deterministic") << int(rt::SchedulerKind::Deterministic);
    QTest::newRow("work-stealing") << int(rt::SchedulerKind::WorkStealing);
  }
  void shutdownBeforeStartTerminates() {
    QFETCH(int, scheduler);
    rt::Runtime runtime({.scheduler = static_cast<rt::SchedulerKind>(scheduler), .workers = 2});
    auto root = runtime.createRoot<Node>(nullptr, 1, 2);
    const Node* def = &root.definition();  // still readable once destroyed
    runtime.shutdown(3);
    QCOMPARE(runtime.awaitTermination(), 3);
    QCOMPARE(root.state(), rt::LifecycleState::Destroyed);
    QCOMPARE(def->kids.size(), std::size_t{2});
    QCOMPARE(def->kids[0].state(), rt::LifecycleState::Destroyed);
  }

  // 50 trees of 13 nodes started, stopped and killed on 4 workers; the
  // reports are counted in different decimal places so none can hide another.
  void lifecycleUnderWorkStealingScheduler() {
    rt::Runtime runtime({.workers = 4});
    std::atomic<int> reports{0};
    struct Root : rt::ComponentDefinition {
      explicit Root(std::atomic<int>* reports) {
        for (int i = 0; i < 50; ++i) tops.push_back(create<Node>(nullptr, 2, 3));
        for (auto& t : tops) {
          subscribe(t.control(), [reports](const rt::Started&) { reports->fetch_add(1); });
          subscribe(t.control(), [reports](const rt::Stopped&) { reports->fetch_add(100); });
          subscribe(t.control(), [reports](const rt::Killed&) { reports->fetch_add(10000); });
        }
      }
      void stopAll() {
        for (auto& t : tops) stop(t);
      }
      void killAll() {
        for (auto& t : tops) kill(t);
      }
      std::vector<rt::Component<Node>> tops;
    };
    auto root = runtime.createRoot<Root>(&reports);
    runtime.start();
    QVERIFY(rtt::driveUntil(runtime, [&] { return reports.load() == 50; }));
    Root* r = &root.definition();
    rtt::inContext(root, [r] { r->stopAll(); });
    QVERIFY(rtt::driveUntil(runtime, [&] { return reports.load() == 50 + 5000; }));
    rtt::inContext(root, [r] { r->killAll(); });
    QVERIFY(rtt::driveUntil(runtime, [&] { return reports.load() == 50 + 5000 + 500000; }));
    // Killed is reported before the parent drops the child from its list.
    QVERIFY(rtt::driveUntil(runtime, [&] { return runtime.root()->children().empty(); }));
    runtime.shutdown();
    QCOMPARE(runtime.awaitTermination(), 0);
  }

  // Regression (found by ThreadSanitizer in tst_stress_examples:omega): when
  // both ends of a channel are killed at once on different workers, each
  // unlinks the channel from the other's port, and one of them could reach a
  // port the other had already freed. A hub connected to 400 spokes is killed
  // together with them on 4 workers, 10 times: while the hub unlinks its channels the
  // spokes die and are freed. Every kill must be reported and nothing touched
  // after it is freed (the sanitizer builds catch a use after free).
  void connectedComponentsKilledTogether() {
    constexpr int kSpokes = 400;
    for (int round = 0; round < 10; ++round) {
      rt::Runtime runtime({.workers = 4});
      std::atomic<int> killed{0};
      struct Root : rt::ComponentDefinition {
        explicit Root(std::atomic<int>* killed) {
          hub = create<Node>(nullptr, 0, 0);
          subscribe(hub.control(), [killed](const rt::Killed&) { killed->fetch_add(1); });
          for (int i = 0; i < kSpokes; ++i) {
            auto spoke = create<Feeder>();
            connect(hub.positive<Jobs>(), spoke.negative<Jobs>());
            subscribe(spoke.control(), [killed](const rt::Killed&) { killed->fetch_add(1); });
            spokes.push_back(spoke);
          }
        }
        void killAll() {  // drops the handles, so a spoke is freed once it is killed
          kill(hub);
          for (auto& s : spokes) kill(s);
          hub = {};
          spokes.clear();
        }
        rt::Component<Node> hub;
        std::vector<rt::Component<Feeder>> spokes;
      };
      auto root = runtime.createRoot<Root>(&killed);
      runtime.start();
      QVERIFY(rtt::driveUntil(runtime, [&] { return root.state() == rt::LifecycleState::Active; }));
      Root* r = &root.definition();
      rtt::inContext(root, [r] { r->killAll(); });
      QVERIFY(rtt::driveUntil(runtime, [&] { return killed.load() == kSpokes + 1; }));
      QVERIFY(rtt::driveUntil(runtime, [&] { return runtime.root()->children().empty(); }));
      runtime.shutdown();
      QCOMPARE(runtime.awaitTermination(), 0);
    }
  }

  // Regression: connect checked that both ports were alive, then linked the
  // channel to one end and then the other. A port killed on another worker in
  // between (its component killed while its parent connects it) either had
  // already taken its list of channels to disconnect, or unlinked the channel
  // from the far end before connect linked it there: the channel stayed on
  // the live end, and the live end's next event went into the destroyed port
  // (ThreadSanitizer reports a race with its destructor, LeakSanitizer what
  // that event allocated in it). A parent kills four children and connects
  // to them until each refuses, 100 times on 4 workers: every connect must
  // either succeed, and the kill then disconnect the channel, or fail with a
  // std::logic_error; the survivors then send over their ports and must have
  // no channel left.
  void connectRacingAKillLeavesNoChannelToTheDeadPort() {
    constexpr int kRounds = 100;
    const auto timeout = std::chrono::milliseconds(catslab::testing::scaledMs(20000));
    rt::Runtime runtime({.workers = 4});
    std::atomic<int> killed{0};
    auto root = runtime.createRoot<Rewirer>(&killed);
    runtime.start();
    QVERIFY(rtt::driveUntil(
        runtime, [&] { return root->server.state() == rt::LifecycleState::Active; }, timeout));
    Rewirer* r = &root.definition();
    Client* client = &root->client.definition();
    Server* server = &root->server.definition();
    const auto clientPort = root->client.negative<Link>();
    const auto serverPort = root->server.positive<Link>();
    int leaked = 0;    // channels still connected to a killed component
    int leftOver = 0;  // channels still listed on the survivors' ports
    int accepted = 0;
    int raced = 0;  // victims that refused after accepting some: the kill came mid-loop
    int rounds = 0;
    int givenUp = 0;
    while (rounds < kRounds) {
      const int round = rounds++;
      rtt::inContext(root, [r] { r->round(); });
      QVERIFY(rtt::driveUntil(
          runtime, [&] { return killed.load() == Rewirer::kVictims * (round + 1); }, timeout));
      QVERIFY(rtt::driveUntil(
          runtime, [&] { return runtime.root()->children().size() == 2; }, timeout));
      std::atomic<int> sent{0};
      rtt::inContext(root->client, [client, &sent] {
        client->send();
        sent.fetch_add(1);
      });
      rtt::inContext(root->server, [server, &sent] {
        server->ack();
        sent.fetch_add(1);
      });
      QVERIFY(rtt::driveUntil(
          runtime, [&] { return sent.load() == 2; }, timeout));

      for (const auto& what : r->unexpected) QFAIL(("connect threw " + what).c_str());
      QCOMPARE(int(r->refusals.size()) + r->givenUp, Rewirer::kVictims);
      for (const auto& why : r->refusals) {
        QVERIFY2(why.find("connect") != std::string::npos, why.c_str());
      }
      for (const auto& ref : r->refs) leaked += ref.connected() ? 1 : 0;
      leftOver += int(clientPort.half()->channels().size() + serverPort.half()->channels().size());
      givenUp += r->givenUp;
      for (int n : r->accepted) {
        accepted += n;
        raced += n > 0 && n < Rewirer::kMaxConnects ? 1 : 0;
      }
      if (leaked + leftOver > 0) break;
    }
    qInfo(
        "%d rounds, %d connects accepted; of %d victims %d refused a connect only after "
        "accepting some, %d were left alone",
        rounds, accepted, rounds * Rewirer::kVictims, raced, givenUp);
    QVERIFY2(leaked + leftOver == 0,
             qPrintable(QStringLiteral("%1 channels stayed connected to killed components, %2 "
                                       "stayed on the survivors' ports")
                            .arg(leaked)
                            .arg(leftOver)));
    QVERIFY2(raced > 0, "no kill ever came while the parent was connecting: nothing was tested");
    runtime.shutdown();
    QCOMPARE(runtime.awaitTermination(), 0);
  }
};

QTEST_MAIN(tst_Lifecycle)
#include "tst_lifecycle.moc"
