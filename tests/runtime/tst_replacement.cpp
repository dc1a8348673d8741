// Replacing a component under traffic (ComponentDefinition::replace): a
// numbered stream flows through a component that is swapped for a successor
// mid-stream. No event is lost, none is handled twice or out of order, the
// successor starts from its predecessor's state, and the same holds under
// both schedulers. Also: hold/resume of the channels involved.
#include <QTest>
#include <atomic>
#include <vector>

#include "runtime_test_support.h"

namespace rt = catslab::runtime;

namespace {

struct Num : rt::EventOf<Num> {
  explicit Num(int s) : seq(s) {}
  int seq;
};
struct Ack : rt::EventOf<Ack> {
  Ack(int s, int v) : seq(s), version(v) {}
  int seq;
  int version;
};
struct Stream : rt::PortType<rt::Requests<Num>, rt::Indications<Ack>> {};

// What a counter hands to its successor.
struct CounterState {
  int last = -1;
  long sum = 0;
  int version = 0;
};

// Counts a numbered stream and acknowledges every number. Version 1 and its
// successors share the code; the version number shows who handled what.
class Counter : public rt::ComponentDefinition {
 public:
  explicit Counter(CounterState state) : state_(state) {
    ++state_.version;
    initialLast = state_.last;
    subscribe(in_, [this](const Num& n) {
      if (n.seq != state_.last + 1) ++gaps;
      state_.last = n.seq;
      state_.sum += n.seq;
      handled.push_back(n.seq);
      trigger(Ack(n.seq, state_.version), in_);
    });
  }
  const CounterState& state() const { return state_; }
  int initialLast = -1;
  int gaps = 0;
  std::vector<int> handled;

 private:
  CounterState state_;
  rt::Negative<Stream> in_ = provide<Stream>();
};

// Sends `total` numbers in bursts, re-posting itself so that other work
// (the replacement) interleaves; records the acks.
class Producer : public rt::ComponentDefinition {
 public:
  Producer(int total, int burst) : total_(total), burst_(burst) {
    subscribe(out_, [this](const Ack& a) {
      acks.push_back(a.seq);
      versions.push_back(a.version);
      ackCount.fetch_add(1);
    });
  }
  std::vector<int> acks;
  std::vector<int> versions;
  std::atomic<int> ackCount{0};
  std::atomic<int> sent{0};

 private:
  void onStart() override { pump(); }
  void pump() {
    for (int i = 0; i < burst_ && next_ < total_; ++i) {
      trigger(Num(next_++), out_);
      sent.store(next_);
    }
    if (next_ < total_) core().post([this] { pump(); }, false);
  }
  int total_;
  int burst_;
  int next_ = 0;
  rt::Positive<Stream> out_ = require<Stream>();
};

class Root : public rt::ComponentDefinition {
 public:
  Root(int total, int burst) {
    counter = create<Counter>(CounterState{});
    producer = create<Producer>(total, burst);
    connect(counter.positive<Stream>(), producer.negative<Stream>());
  }
  void upgrade() {
    predecessors.push_back(counter);
    replace<Counter>(
        counter, [](const Counter& old) { return old.state(); },
        [this](rt::Component<Counter> successor) {
          counter = successor;
          replaced.fetch_add(1);
        });
  }
  rt::Component<Counter> counter;
  rt::Component<Producer> producer;
  std::vector<rt::Component<Counter>> predecessors;
  std::atomic<int> replaced{0};
};

// The definition even after shutdown destroyed the component (the core
// keeps it; Component::definition() refuses destroyed components).
template <class C>
const C& defOf(const rt::Component<C>& c) {
  return *static_cast<const C*>(c.core()->definition());
}

// Checks one run: every number acknowledged once in order, the handled
// numbers of all versions concatenate to 0..total-1, and each successor
// started where its predecessor stopped.
void verifyRun(Root& root, int total, int replacements) {
  std::vector<int> expected(total);
  for (int i = 0; i < total; ++i) expected[i] = i;
  const Producer& p = defOf(root.producer);
  QCOMPARE(p.acks.size(), expected.size());
  QVERIFY2(p.acks == expected, "acks lost, duplicated or reordered");
  std::vector<int> all;
  std::vector<const Counter*> versions;
  for (auto& old : root.predecessors) {
    QCOMPARE(old.state(), rt::LifecycleState::Destroyed);
    versions.push_back(&defOf(old));
  }
  versions.push_back(&defOf(root.counter));
  QCOMPARE(versions.size(), std::size_t(replacements + 1));
  int previousLast = -1;
  for (const Counter* c : versions) {
    QVERIFY(c);
    QCOMPARE(c->gaps, 0);
    QCOMPARE(c->initialLast, previousLast);  // the successor received the state
    all.insert(all.end(), c->handled.begin(), c->handled.end());
    if (!c->handled.empty()) previousLast = c->handled.back();
  }
  QVERIFY2(all == expected, "handled numbers lost, duplicated or reordered across versions");
  QCOMPARE(defOf(root.counter).state().version, replacements + 1);
  QCOMPARE(defOf(root.counter).state().sum, long(total) * (total - 1) / 2);
  // Versions never go backwards in the ack stream.
  QVERIFY(std::is_sorted(p.versions.begin(), p.versions.end()));
}

}  // namespace

class tst_Replacement : public QObject {
  Q_OBJECT

 private slots:
  void replaceMidStreamLosesAndReordersNothingDeterministic() {
    constexpr int kTotal = 2000;
    rt::Runtime runtime({.scheduler = rt::SchedulerKind::Deterministic});
    auto root = runtime.createRoot<Root>(kTotal, 7);
    runtime.start();
    Root* r = &root.definition();
    const Producer* p = &root->producer.definition();
    // Replace three times at different points of the stream.
    for (int at : {300, 900, 1500}) {
      QVERIFY(rtt::driveUntil(runtime, [&] { return p->sent.load() >= at; }));
      const int before = r->replaced.load();
      rtt::inContext(root, [r] { r->upgrade(); });
      QVERIFY(rtt::driveUntil(runtime, [&] { return r->replaced.load() == before + 1; }));
    }
    runtime.runUntilIdle();
    verifyRun(*r, kTotal, 3);
    QCOMPARE(root->counter.path(), std::string("/Counter"));
    QCOMPARE(runtime.root()->children().size(), std::size_t{2});
  }

  void replaceMidStreamLosesAndReordersNothingWorkStealing() {
    constexpr int kTotal = 30000;
    rt::Runtime runtime({.workers = 4});
    auto root = runtime.createRoot<Root>(kTotal, 16);
    runtime.start();
    Root* r = &root.definition();
    const Producer* p = &root->producer.definition();
    for (int at : {2000, 10000, 20000}) {
      QVERIFY(rtt::driveUntil(runtime, [&] { return p->sent.load() >= at; }));
      const int before = r->replaced.load();
      rtt::inContext(root, [r] { r->upgrade(); });
      QVERIFY(rtt::driveUntil(runtime, [&] { return r->replaced.load() == before + 1; }));
    }
    if (!rtt::driveUntil(runtime, [&] { return p->ackCount.load() >= kTotal; })) {
      qWarning("acks %d sent %d\n%s", p->ackCount.load(), p->sent.load(),
               runtime.describeJson().c_str());
      QFAIL("not all acks arrived");
    }
    runtime.shutdown();
    QCOMPARE(runtime.awaitTermination(), 0);
    verifyRun(*r, kTotal, 3);
  }

  void replacingAStoppedComponentLeavesTheSuccessorStopped() {
    rt::Runtime runtime({.scheduler = rt::SchedulerKind::Deterministic});
    struct StopRoot : rt::ComponentDefinition {
      StopRoot() { counter = create<Counter>(CounterState{}); }
      void halt() { stop(counter); }
      void upgrade() {
        replace<Counter>(
            counter, [](const Counter& old) { return old.state(); },
            [this](rt::Component<Counter> c) { counter = c; });
      }
      rt::Component<Counter> counter;
    };
    auto root = runtime.createRoot<StopRoot>();
    runtime.start();
    runtime.runUntilIdle();
    StopRoot* r = &root.definition();
    rtt::inContext(root, [r] { r->halt(); });
    runtime.runUntilIdle();
    rtt::inContext(root, [r] { r->upgrade(); });
    runtime.runUntilIdle();
    QCOMPARE(root->counter->state().version, 2);
    QCOMPARE(root->counter.state(), rt::LifecycleState::Passive);
  }

  // A successor that no longer provides a port: the port is closed, so the
  // parent's channel to it reads disconnected, and the port it kept works.
  void portsTheSuccessorDropsAreClosed() {
    struct Probe : rt::EventOf<Probe> {};
    struct Extra : rt::PortType<rt::Requests<Probe>, rt::Indications<>> {};
    struct Wide : rt::ComponentDefinition {
      explicit Wide(CounterState) {}
      rt::Negative<Stream> in_ = provide<Stream>();
      rt::Negative<Extra> extra_ = provide<Extra>();
    };
    struct DropRoot : rt::ComponentDefinition {
      DropRoot() {
        wide = create<Wide>(CounterState{});
        extra = connect(extraOut_, wide.positive<Extra>());
      }
      void upgrade() {
        replace<Counter>(
            wide, [](const Wide&) { return CounterState{}; },
            [this](rt::Component<Counter> c) {
              counter = c;
              producer = create<Producer>(3, 3);
              stream = connect(c.positive<Stream>(), producer.negative<Stream>());
              start(producer);
            });
      }
      rt::Component<Wide> wide;
      rt::Component<Counter> counter;
      rt::Component<Producer> producer;
      rt::ChannelRef stream;
      rt::ChannelRef extra;
      rt::Negative<Extra> extraOut_ = provide<Extra>();
    };
    rt::Runtime runtime({.scheduler = rt::SchedulerKind::Deterministic});
    auto root = runtime.createRoot<DropRoot>();
    DropRoot* r = &root.definition();
    runtime.start();
    runtime.runUntilIdle();
    rtt::inContext(root, [r] { r->upgrade(); });
    runtime.runUntilIdle();
    QVERIFY(r->counter.core());
    QVERIFY(r->stream.connected());
    QVERIFY(!r->extra.connected());
    QCOMPARE(r->counter.core()->ports().size(), std::size_t(1));
    QCOMPARE(r->producer->ackCount.load(), 3);
  }
};

QTEST_MAIN(tst_Replacement)
#include "tst_replacement.moc"
