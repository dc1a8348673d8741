// A component's context: now() from the runtime's clock, random() streams
// derived from the root seed and the component's path, and the Asio Timer
// (one-shot, periodic, cancel; timeouts only reach the component that asked,
// even when several share one timer).
#include <QTest>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "runtime/asio_timer.h"
#include "runtime_test_support.h"

namespace rt = catslab::runtime;
using namespace std::chrono_literals;

namespace {

// --- now() and random() ------------------------------------------------------

class Sampler : public rt::ComponentDefinition {
 public:
  std::vector<std::uint64_t> draws;
  rt::Duration startedAt{-1};
  rt::Duration startedAtEpoch{-1};

 private:
  void onStart() override {
    startedAt = now();
    startedAtEpoch = epochTime();
    for (int i = 0; i < 8; ++i) draws.push_back(random().next());
  }
};

class Pair : public rt::ComponentDefinition {
 public:
  Pair() {
    a = createNamed<Sampler>("a");
    b = createNamed<Sampler>("b");
  }
  rt::Component<Sampler> a;
  rt::Component<Sampler> b;
};

struct Draws {
  std::vector<std::uint64_t> a;
  std::vector<std::uint64_t> b;
};

Draws drawWith(std::uint64_t seed) {
  rt::Runtime runtime({.scheduler = rt::SchedulerKind::Deterministic, .seed = seed});
  auto root = runtime.createRoot<Pair>();
  runtime.start();
  runtime.runUntilIdle();
  return {root->a->draws, root->b->draws};
}

// --- timers ------------------------------------------------------------------

struct Once : rt::EventOf<Once, rt::Timeout> {};
struct Tick : rt::EventOf<Tick, rt::Timeout> {};
struct Fence : rt::EventOf<Fence, rt::Timeout> {};
struct Never : rt::EventOf<Never, rt::Timeout> {};

// Scenario: a one-shot, a periodic tick cancelled after 3 ticks, a timeout
// cancelled before it fires, and two late fences that end the run. Ticks
// already on their way when the cancel is issued may still arrive (real
// time); none may arrive between the fences, long after the cancel.
class TimerUser : public rt::ComponentDefinition {
 public:
  explicit TimerUser(rtt::Latch* done) : done_(done) {
    subscribe(timer_, [this](const Once& o) {
      onceAt = now();
      onceIds.push_back(o.timeoutId);
    });
    subscribe(timer_, [this](const Tick& t) {
      if (t.timeoutId != tickId_) ++foreign;
      if (cancelled_) {
        ++ticksAfterCancel;
        return;
      }
      if (++ticks == 3) {
        cancelPeriodic(timer_, tickId_);
        cancelled_ = true;
      }
    });
    subscribe(timer_, [this](const Never&) { ++nevers; });
    subscribe(timer_, [this](const Fence& f) {
      if (f.timeoutId != fenceIds_[fences]) ++foreign;
      if (++fences == 1) {
        ticksAtFirstFence = ticksAfterCancel;
      } else {
        ticksBetweenFences = ticksAfterCancel - ticksAtFirstFence;
        done_->countDown();
      }
    });
  }
  rt::Duration scheduledAt{0};
  rt::Duration onceAt{-1};
  std::vector<rt::TimeoutId> onceIds;
  rt::TimeoutId onceId = 0;
  int ticks = 0;
  int ticksAfterCancel = 0;
  int fences = 0;
  int ticksAtFirstFence = 0;
  int ticksBetweenFences = -1;
  int nevers = 0;
  int foreign = 0;

 private:
  void onStart() override {
    scheduledAt = now();
    onceId = scheduleTimeout(timer_, 20ms, Once{});
    tickId_ = schedulePeriodic(timer_, 5ms, 5ms, Tick{});
    const auto never = scheduleTimeout(timer_, 40ms, Never{});
    cancelTimeout(timer_, never);
    fenceIds_[0] = scheduleTimeout(timer_, 300ms, Fence{});
    fenceIds_[1] = scheduleTimeout(timer_, 360ms, Fence{});
  }
  rtt::Latch* done_;
  rt::TimeoutId tickId_ = 0;
  rt::TimeoutId fenceIds_[2] = {0, 0};
  bool cancelled_ = false;
  rt::Positive<rt::Timer> timer_ = require<rt::Timer>();
};

class TimerRoot : public rt::ComponentDefinition {
 public:
  TimerRoot(rtt::Latch* done, int users) {
    auto timer = create<rt::AsioTimer>();
    for (int i = 0; i < users; ++i) {
      this->users.push_back(create<TimerUser>(done));
      connect(timer.positive<rt::Timer>(), this->users.back().negative<rt::Timer>());
    }
  }
  std::vector<rt::Component<TimerUser>> users;
};

// Schedules far-future timeouts and never gets to see them.
class Patient : public rt::ComponentDefinition {
 public:
  explicit Patient(std::atomic<bool>* scheduled) : scheduled_(scheduled) {
    subscribe(timer_, [](const Never&) {});
  }

 private:
  void onStart() override {
    scheduleTimeout(timer_, 3600s, Never{});
    schedulePeriodic(timer_, 3600s, 1s, Never{});
    scheduled_->store(true);
  }
  std::atomic<bool>* scheduled_;
  rt::Positive<rt::Timer> timer_ = require<rt::Timer>();
};

class PatientRoot : public rt::ComponentDefinition {
 public:
  explicit PatientRoot(std::atomic<bool>* scheduled) {
    timer = create<rt::AsioTimer>();
    auto patient = create<Patient>(scheduled);
    connect(timer.positive<rt::Timer>(), patient.negative<rt::Timer>());
  }
  rt::Component<rt::AsioTimer> timer;
};

}  // namespace

// Kills its sampler "a" and creates a new one under the same name.
class Recreator : public rt::ComponentDefinition {
 public:
  Recreator() { a = createNamed<Sampler>("a"); }
  void recreate() {
    first = a->draws;
    kill(a);
    a = createNamed<Sampler>("a");
    start(a);
  }
  rt::Component<Sampler> a;
  std::vector<std::uint64_t> first;
};

Draws recreateWith(std::uint64_t seed) {
  rt::Runtime runtime({.scheduler = rt::SchedulerKind::Deterministic, .seed = seed});
  auto root = runtime.createRoot<Recreator>();
  runtime.start();
  runtime.runUntilIdle();
  Recreator* r = &root.definition();
  rtt::inContext(root, [r] { r->recreate(); });
  runtime.runUntilIdle();
  return {r->first, root->a->draws};
}

class tst_Context : public QObject {
  Q_OBJECT

 private slots:
  void nowReadsTheRuntimesClock() {
    auto clock = std::make_shared<rt::ManualClock>();
    clock->set(std::chrono::nanoseconds(5ms).count());
    rt::Runtime runtime({.scheduler = rt::SchedulerKind::Deterministic, .clock = clock});
    auto root = runtime.createRoot<Pair>();
    runtime.start();
    runtime.runUntilIdle();
    QCOMPARE(root->a->startedAt, rt::Duration(5ms));
    QVERIFY(runtime.clock().isVirtual());
  }

  // A node's lives are told apart by epochTime() (one-hop incarnations): a
  // process restarted reads a later epochTime() at its start than the old
  // process did at its own, though its now() — time since its start — is
  // smaller. Two runtimes stand for the two processes; the first starts its
  // component 30 ms into its life, the second at once.
  void epochTimeOrdersAProcesssLives() {
    rt::Runtime first({.scheduler = rt::SchedulerKind::Deterministic,
                       .clock = std::make_shared<rt::SteadyClock>()});
    auto old = first.createRoot<Sampler>();
    // Not a wait for an event: the first life must be older than the second
    // will be at its start, which only time passing makes.
    std::this_thread::sleep_for(30ms);
    first.start();
    first.runUntilIdle();
    rt::Runtime second({.scheduler = rt::SchedulerKind::Deterministic,
                        .clock = std::make_shared<rt::SteadyClock>()});
    auto restarted = second.createRoot<Sampler>();
    second.start();
    second.runUntilIdle();
    QVERIFY2(restarted->startedAt < old->startedAt, "the test needs a quicker second start");
    QVERIFY2(restarted->startedAtEpoch > old->startedAtEpoch,
             qPrintable(QStringLiteral("second life's epochTime %1 ns, first's %2 ns")
                            .arg(restarted->startedAtEpoch.count())
                            .arg(old->startedAtEpoch.count())));
    // The Unix epoch time, as the wall clock reads it.
    const auto wall = std::chrono::duration_cast<rt::Duration>(
        std::chrono::system_clock::now().time_since_epoch());
    QVERIFY(restarted->startedAtEpoch <= wall && restarted->startedAtEpoch > wall - 60s);
  }

  // A virtual clock serves every life of every node: epochTime() is now().
  void epochTimeOfAVirtualClockIsItsTime() {
    auto clock = std::make_shared<rt::ManualClock>();
    clock->set(std::chrono::nanoseconds(7ms).count());
    rt::Runtime runtime({.scheduler = rt::SchedulerKind::Deterministic, .clock = clock});
    auto root = runtime.createRoot<Pair>();
    runtime.start();
    runtime.runUntilIdle();
    QCOMPARE(root->a->startedAtEpoch, rt::Duration(7ms));
  }

  void sameSeedGivesSameStreams() {
    const Draws first = drawWith(42);
    const Draws second = drawWith(42);
    QCOMPARE(first.a, second.a);
    QCOMPARE(first.b, second.b);
  }

  void differentSeedsGiveDifferentStreams() { QVERIFY(drawWith(42).a != drawWith(43).a); }

  void differentComponentsGetDifferentStreams() {
    const Draws d = drawWith(42);
    QVERIFY(d.a != d.b);
    const std::set<std::uint64_t> distinct(d.a.begin(), d.a.end());
    QCOMPARE(distinct.size(), d.a.size());
  }

  // A restarted component must not replay its predecessor's choices (ids,
  // incarnation numbers), yet the run stays reproducible.
  void aRecreatedComponentGetsAFreshReproducibleStream() {
    const Draws once = recreateWith(42);
    QCOMPARE(once.a.size(), std::size_t(8));
    QCOMPARE(once.b.size(), std::size_t(8));
    QVERIFY(once.a != once.b);
    const Draws again = recreateWith(42);
    QCOMPARE(again.a, once.a);
    QCOMPARE(again.b, once.b);
    QCOMPARE(once.a, drawWith(42).a);  // the first incarnation keeps its stream
  }

  void randomHelpersStayInRange() {
    rt::Random r(9);
    for (int i = 0; i < 1000; ++i) {
      QVERIFY(r.below(10) < 10);
      const auto v = r.between(-3, 3);
      QVERIFY(v >= -3 && v <= 3);
      const double u = r.uniform();
      QVERIFY(u >= 0.0 && u < 1.0);
    }
  }

  void asioTimerSchedulesRepeatsAndCancels() {
    rtt::Latch done(1);
    rt::Runtime runtime({.workers = 2});
    auto root = runtime.createRoot<TimerRoot>(&done, 1);
    const TimerRoot* r = &root.definition();  // still readable after shutdown
    runtime.start();
    QVERIFY2(done.wait(std::chrono::seconds(20)), "the fence timeout never arrived");
    runtime.shutdown();
    QCOMPARE(runtime.awaitTermination(), 0);
    const TimerUser& u = *static_cast<const TimerUser*>(r->users[0].core()->definition());
    QCOMPARE(u.onceIds, std::vector<rt::TimeoutId>{u.onceId});
    QVERIFY2(u.onceAt - u.scheduledAt >= 20ms, "a timeout fired early");
    QCOMPARE(u.ticks, 3);
    QCOMPARE(u.fences, 2);
    QVERIFY2(u.ticksBetweenFences == 0, "ticks kept coming after cancelPeriodic");
    QCOMPARE(u.nevers, 0);
    QCOMPARE(u.foreign, 0);
  }

  // Regression: the I/O context was destroyed before the timers pending in
  // a never-shut-down AsioTimer (use after free when the runtime went away).
  void destroyingARuntimeWithPendingTimersIsSafe() {
    std::atomic<bool> scheduled{false};
    {
      rt::Runtime runtime({.workers = 2});
      auto root = runtime.createRoot<PatientRoot>(&scheduled);
      runtime.start();
      QVERIFY(rtt::driveUntil(
          runtime, [&] { return scheduled.load() && root->timer.core()->handled() >= 2; }));
    }  // no shutdown: the runtime is destroyed with both timers pending
    QVERIFY(scheduled.load());
  }

  void sharedTimerAnswersOnlyTheRequester() {
    constexpr int kUsers = 8;
    rtt::Latch done(kUsers);
    rt::Runtime runtime({.workers = 3});
    auto root = runtime.createRoot<TimerRoot>(&done, kUsers);
    const TimerRoot* r = &root.definition();  // still readable after shutdown
    runtime.start();
    QVERIFY2(done.wait(std::chrono::seconds(20)), "fence timeouts missing");
    runtime.shutdown();
    QCOMPARE(runtime.awaitTermination(), 0);
    std::set<rt::TimeoutId> ids;
    for (const auto& c : r->users) {
      const TimerUser& u = *static_cast<const TimerUser*>(c.core()->definition());
      // Each user got exactly its own one-shot, its own ticks and fence.
      QCOMPARE(u.onceIds, std::vector<rt::TimeoutId>{u.onceId});
      QCOMPARE(u.ticks, 3);
      QCOMPARE(u.foreign, 0);
      QCOMPARE(u.nevers, 0);
      ids.insert(u.onceId);
    }
    QCOMPARE(ids.size(), std::size_t{kUsers});  // ids are unique per component
  }
};

QTEST_MAIN(tst_Context)
#include "tst_context.moc"
