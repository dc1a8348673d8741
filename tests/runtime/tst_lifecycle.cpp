// Lifecycle: Start/Stop/Kill over a component tree, with Started, Stopped
// and Killed reported back. Children start before their parent reports
// Started; stopped components keep their events queued; kill destroys the
// subtree and disconnects its channels.
#include <QTest>
#include <algorithm>
#include <string>
#include <vector>

#include "runtime_test_support.h"

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
};

QTEST_MAIN(tst_Lifecycle)
#include "tst_lifecycle.moc"
