// Faults: an exception escaping a handler reaches the parent's onFault,
// which answers Resolved, Ignore, Destroy or Escalate. At the root an
// unhandled fault is logged with the component path, the system shuts down
// in order and awaitTermination (and a real process) exits non-zero.
#include <QProcess>
#include <QTest>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime_test_support.h"
#include "tests/timeouts.h"

namespace rt = catslab::runtime;

namespace {

struct Work : rt::EventOf<Work> {
  explicit Work(int v) : n(v) {}
  int n;
};
struct Jobs : rt::PortType<rt::Requests<Work>, rt::Indications<>> {};

class Faulty : public rt::ComponentDefinition {
 public:
  explicit Faulty(bool failOnStart = false) : failOnStart_(failOnStart) {
    subscribe(jobs_, [this](const Work& w) {
      if (w.n < 0) throw std::runtime_error("bad " + std::to_string(w.n));
      done.push_back(w.n);
    });
  }
  std::vector<int> done;

 private:
  void onStart() override {
    if (failOnStart_) throw std::runtime_error("cannot start");
  }
  bool failOnStart_;
  rt::Negative<Jobs> jobs_ = provide<Jobs>();
};

// Supervises one Faulty child with a fixed policy and remembers the faults.
class Supervisor : public rt::ComponentDefinition {
  // Declared (so initialized) before the child, whose faults may ask for it.
  rt::FaultAction policy_;

 public:
  Supervisor(rt::FaultAction policy, bool childFailsOnStart)
      : policy_(policy), child(createNamed<Faulty>("child", childFailsOnStart)) {}
  void send(int n) { trigger(Work(n), child.positive<Jobs>()); }
  std::vector<rt::Fault> faults;
  rt::Component<Faulty> child;

 private:
  rt::FaultAction onFault(const rt::Fault& f) override {
    faults.push_back(f);
    return policy_;
  }
};

class Root : public rt::ComponentDefinition {
  // Declared (so initialized) before the child, whose faults may ask for it.
  rt::FaultAction rootPolicy_;

 public:
  Root(rt::FaultAction parentPolicy, rt::FaultAction rootPolicy, bool failOnStart = false)
      : rootPolicy_(rootPolicy),
        parent(createNamed<Supervisor>("parent", parentPolicy, failOnStart)) {}
  std::vector<rt::Fault> faults;
  rt::Component<Supervisor> parent;

 private:
  rt::FaultAction onFault(const rt::Fault& f) override {
    faults.push_back(f);
    return rootPolicy_;
  }
};

struct LogLine {
  rt::LogLevel level;
  std::string path;
  std::string text;
};

struct Fixture {
  std::mutex mutex;
  std::vector<LogLine> lines;
  rt::Runtime runtime;
  rt::Component<Root> root;

  Fixture(rt::FaultAction parentPolicy, rt::FaultAction rootPolicy,
          rt::SchedulerKind kind = rt::SchedulerKind::Deterministic, bool failOnStart = false)
      : runtime({.scheduler = kind,
                 .workers = 3,
                 .log =
                     [this](rt::LogLevel l, const std::string& p, const std::string& t) {
                       std::lock_guard lock(mutex);
                       lines.push_back({l, p, t});
                     }}),
        root(runtime.createRoot<Root>(parentPolicy, rootPolicy, failOnStart)) {
    runtime.start();
    settle();
  }
  void settle() {
    if (runtime.scheduler().isDeterministic()) runtime.runUntilIdle();
  }
  void send(std::vector<int> values) {
    Supervisor* s = &root->parent.definition();
    rtt::inContext(root->parent, [s, values] {
      for (int v : values) s->send(v);
    });
    settle();
  }
  bool logged(const std::string& needle) {
    std::lock_guard lock(mutex);
    for (const auto& l : lines) {
      if (l.level == rt::LogLevel::Error &&
          (l.path + ": " + l.text).find(needle) != std::string::npos) {
        return true;
      }
    }
    return false;
  }
};

}  // namespace

class tst_Faults : public QObject {
  Q_OBJECT

 private slots:
  void faultReachesParentWithPathMessageAndEvent() {
    Fixture f(rt::FaultAction::Resolved, rt::FaultAction::Escalate);
    f.send({-7});
    const auto& faults = f.root->parent->faults;
    QCOMPARE(faults.size(), std::size_t{1});
    QCOMPARE(QString::fromStdString(faults[0].path), QStringLiteral("/parent/child"));
    QCOMPARE(QString::fromStdString(faults[0].what), QStringLiteral("bad -7"));
    QCOMPARE(QString::fromStdString(faults[0].eventType), QStringLiteral("Work"));
    QVERIFY(f.root->faults.empty());
  }

  void resolvedOrIgnoredChildContinuesWithItsQueuedEvents_data() {
    QTest::addColumn<int>("policy");
    QTest::newRow("Resolved") << int(rt::FaultAction::Resolved);
    QTest::newRow("Ignore") << int(rt::FaultAction::Ignore);
  }
  void resolvedOrIgnoredChildContinuesWithItsQueuedEvents() {
    QFETCH(int, policy);
    Fixture f(static_cast<rt::FaultAction>(policy), rt::FaultAction::Escalate);
    f.send({1, -1, 2, 3, -2, 4});
    QCOMPARE(f.root->parent->child->done, (std::vector<int>{1, 2, 3, 4}));
    QCOMPARE(f.root->parent->faults.size(), std::size_t{2});
    QCOMPARE(f.root->parent->child.state(), rt::LifecycleState::Active);
    QVERIFY(!f.runtime.terminated());
  }

  void destroyKillsTheChildAndDropsItsEvents() {
    Fixture f(rt::FaultAction::Destroy, rt::FaultAction::Escalate);
    auto child = f.root->parent->child;
    Faulty* def = &child.definition();
    f.send({1, -1, 2});
    QCOMPARE(def->done, std::vector<int>{1});
    QCOMPARE(child.state(), rt::LifecycleState::Destroyed);
    QVERIFY(f.root->parent.core()->children().empty());
    QCOMPARE(f.root->parent.state(), rt::LifecycleState::Active);
    QVERIFY(!f.runtime.terminated());
  }

  void escalateReachesGrandparentWithTheOriginalPath() {
    Fixture f(rt::FaultAction::Escalate, rt::FaultAction::Resolved);
    f.send({-3});
    QCOMPARE(f.root->parent->faults.size(), std::size_t{1});
    QCOMPARE(f.root->faults.size(), std::size_t{1});
    QCOMPARE(QString::fromStdString(f.root->faults[0].path), QStringLiteral("/parent/child"));
    QCOMPARE(QString::fromStdString(f.root->faults[0].what), QStringLiteral("bad -3"));
  }

  // Regression: a fault resolved two levels up resumed the intermediate
  // parent (which was not faulted) and left the faulty child paused forever.
  void escalatedFaultResolvedByGrandparentResumesTheFaultyChild() {
    Fixture f(rt::FaultAction::Escalate, rt::FaultAction::Resolved);
    f.send({1, -3, 2});
    QCOMPARE(f.root->parent->child->done, (std::vector<int>{1, 2}));
    QCOMPARE(f.root->parent->child.state(), rt::LifecycleState::Active);
  }

  void escalatedFaultDestroyedByGrandparentKillsTheParentsSubtree() {
    Fixture f(rt::FaultAction::Escalate, rt::FaultAction::Destroy);
    auto parent = f.root->parent;
    auto child = f.root->parent->child;
    f.send({-3});
    QCOMPARE(parent.state(), rt::LifecycleState::Destroyed);
    QCOMPARE(child.state(), rt::LifecycleState::Destroyed);
    QCOMPARE(f.root.state(), rt::LifecycleState::Active);
    QVERIFY(!f.runtime.terminated());
  }

  void exceptionInOnStartIsAFault() {
    Fixture f(rt::FaultAction::Resolved, rt::FaultAction::Escalate,
              rt::SchedulerKind::Deterministic, true);
    QCOMPARE(f.root->parent->faults.size(), std::size_t{1});
    QCOMPARE(QString::fromStdString(f.root->parent->faults[0].what),
             QStringLiteral("cannot start"));
    QCOMPARE(QString::fromStdString(f.root->parent->faults[0].eventType), QStringLiteral("Start"));
    f.send({5});
    QCOMPARE(f.root->parent->child->done, std::vector<int>{5});
  }

  void unhandledFaultAtRootLogsPathShutsDownAndExitsNonZero_data() {
    QTest::addColumn<int>("scheduler");
    QTest::newRow("deterministic") << int(rt::SchedulerKind::Deterministic);
    QTest::newRow("work-stealing") << int(rt::SchedulerKind::WorkStealing);
  }
  void unhandledFaultAtRootLogsPathShutsDownAndExitsNonZero() {
    QFETCH(int, scheduler);
    Fixture f(rt::FaultAction::Escalate, rt::FaultAction::Escalate,
              static_cast<rt::SchedulerKind>(scheduler));
    auto child = f.root->parent->child;
    if (scheduler == int(rt::SchedulerKind::WorkStealing)) {
      QVERIFY(
          rtt::driveUntil(f.runtime, [&] { return f.root.state() == rt::LifecycleState::Active; }));
    }
    f.send({-9});
    QCOMPARE(f.runtime.awaitTermination(), 1);
    QVERIFY(f.runtime.terminated());
    QVERIFY(f.logged("/parent/child"));
    QVERIFY(f.logged("bad -9"));
    // Orderly: the whole tree was killed, children included.
    QCOMPARE(child.state(), rt::LifecycleState::Destroyed);
    QCOMPARE(f.root.state(), rt::LifecycleState::Destroyed);
  }

  void processExitsNonZeroOnUnhandledFault_data() {
    QTest::addColumn<QString>("flag");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("path");
    QTest::newRow("clean run") << "--clean" << 0 << QString();
    QTest::newRow("handler throws") << "--throw-in-handler" << 1 << "/worker";
    QTest::newRow("grandchild throws, all escalate") << "--throw-in-child" << 1 << "/middle/worker";
    QTest::newRow("bad flag") << "--nonsense" << 2 << QString();
  }
  void processExitsNonZeroOnUnhandledFault() {
    QFETCH(QString, flag);
    QFETCH(int, exitCode);
    QFETCH(QString, path);
    QProcess probe;
    probe.start(QStringLiteral(RT_FAULT_PROBE), {flag});
    QVERIFY2(probe.waitForFinished(catslab::testing::scaledMs(30000)), "probe did not terminate");
    const QString err = QString::fromLocal8Bit(probe.readAllStandardError());
    QCOMPARE(probe.exitStatus(), QProcess::NormalExit);
    QCOMPARE(probe.exitCode(), exitCode);
    if (!path.isEmpty()) {
      QVERIFY2(err.contains(path) && err.contains(QStringLiteral("probe failure on purpose")),
               qPrintable(err));
    }
  }
};

QTEST_MAIN(tst_Faults)
#include "tst_faults.moc"
