// Execution guarantees under the work-stealing scheduler: one handler at a
// time per component, FIFO per channel, each event exactly once per
// subscribed handler; and the same component code under both schedulers.
//
// The stress test runs thousands of components and 100k+ events with more
// workers than cores, so components constantly migrate between threads.
#include <QTest>
#include <atomic>
#include <string>
#include <vector>

#include "runtime_test_support.h"

namespace rt = catslab::runtime;

namespace {

struct Numbered : rt::EventOf<Numbered> {
  Numbered(int s, int q) : sender(s), seq(q) {}
  int sender;
  int seq;
};
struct Mesh : rt::PortType<rt::Requests<Numbered>, rt::Indications<Numbered>> {};

// Shared, thread-safe tally of violations found by the components.
struct Tally {
  std::atomic<long> delivered{0};
  std::atomic<long> concurrentEntries{0};
  std::atomic<long> outOfOrder{0};
  rtt::Latch* done = nullptr;
};

// A hub provides Mesh to many senders; it receives their numbered requests
// through two handlers (each must see each event exactly once, in order per
// sender) and answers each with an indication carrying the same numbers.
class Hub : public rt::ComponentDefinition {
 public:
  Hub(Tally* tally, int senders) : tally_(tally), first_(senders, -1), second_(senders, -1) {
    subscribe(port_, [this](const Numbered& n) { check(first_, n); });
    subscribe(port_, [this](const Numbered& n) {
      check(second_, n);
      trigger(Numbered(n.sender, n.seq), port_);
    });
  }

 private:
  void check(std::vector<int>& last, const Numbered& n) {
    if (busy_.exchange(true)) tally_->concurrentEntries.fetch_add(1);
    if (n.seq != last[n.sender] + 1) tally_->outOfOrder.fetch_add(1);
    last[n.sender] = n.seq;
    tally_->delivered.fetch_add(1, std::memory_order_relaxed);
    busy_.store(false);
  }
  Tally* tally_;
  std::vector<int> first_;
  std::vector<int> second_;
  std::atomic<bool> busy_{false};
  rt::Negative<Mesh> port_ = provide<Mesh>();
};

// A sender triggers `count` numbered requests in bursts (re-posting itself so
// that many senders interleave) and checks the echoes of its own numbers.
// Echoes are routed back by sender id, so a sender sees only its own.
class Sender : public rt::ComponentDefinition {
 public:
  Sender(Tally* tally, int id, int count) : tally_(tally), id_(id), count_(count) {
    subscribe(port_, [this](const Numbered& n) {
      if (busy_.exchange(true)) tally_->concurrentEntries.fetch_add(1);
      if (n.sender != id_ || n.seq != lastEcho_ + 1) tally_->outOfOrder.fetch_add(1);
      lastEcho_ = n.seq;
      if (lastEcho_ + 1 == count_) tally_->done->countDown();
      busy_.store(false);
    });
  }

 private:
  void onStart() override { burst(); }
  void burst() {
    for (int i = 0; i < 16 && next_ < count_; ++i) trigger(Numbered(id_, next_++), port_);
    if (next_ < count_) core().post([this] { burst(); }, false);
  }
  Tally* tally_;
  int id_;
  int count_;
  int next_ = 0;
  int lastEcho_ = -1;
  std::atomic<bool> busy_{false};
  rt::Positive<Mesh> port_ = require<Mesh>();
};

// Many hubs, each with its own group of senders; a sender's echoes go only to
// its own group (selector on the sender id), so the hub is the hot spot.
class StressRoot : public rt::ComponentDefinition {
 public:
  StressRoot(Tally* tally, int hubs, int sendersPerHub, int events) {
    auto selector = rt::ChannelSelector::of<Numbered>(
        [](const Numbered& n) { return static_cast<std::uint64_t>(n.sender); });
    for (int h = 0; h < hubs; ++h) {
      auto hub = create<Hub>(tally, sendersPerHub);
      for (int s = 0; s < sendersPerHub; ++s) {
        auto sender = create<Sender>(tally, s, events);
        connect(hub.positive<Mesh>(), sender.negative<Mesh>(),
                rt::Selection{selector, static_cast<std::uint64_t>(s)});
      }
    }
  }
};

// --- same code, both schedulers ----------------------------------------------

// A token ring: each member forwards a token with a counter; the outcome
// (the final per-member counts and the sum) depends only on the code.
struct Token : rt::EventOf<Token> {
  Token(int h, int t) : hops(h), target(t) {}
  int hops;
  int target;
};
struct Ring : rt::PortType<rt::Requests<Token>, rt::Indications<Token>> {};

class Member : public rt::ComponentDefinition {
 public:
  Member(int index, int size, int hops) : index_(index), size_(size), hops_(hops) {
    subscribe(in_, [this](const Token& t) {
      if (t.target != index_) return;
      ++seen;
      if (t.hops < hops_)
        trigger(Token(t.hops + 1, (index_ + 1) % size_), out_);
      else
        finished = true;
    });
  }
  int seen = 0;                       // read after termination
  std::atomic<bool> finished{false};  // polled while running

 private:
  void onStart() override {
    if (index_ == 0) trigger(Token(1, 1 % size_), out_);
  }
  int index_;
  int size_;
  int hops_;
  rt::Negative<Ring> in_ = provide<Ring>();   // tokens addressed to us arrive as requests
  rt::Positive<Ring> out_ = require<Ring>();  // we pass tokens on as requests
};

class RingRoot : public rt::ComponentDefinition {
 public:
  RingRoot(int size, int hops) {
    for (int i = 0; i < size; ++i) members.push_back(create<Member>(i, size, hops));
    for (int i = 0; i < size; ++i) {
      connect(members[(i + 1) % size].positive<Ring>(), members[i].negative<Ring>(),
              rt::ChannelKind::RequestsOnly);
    }
  }
  std::vector<rt::Component<Member>> members;
};

std::vector<int> runRing(rt::SchedulerKind kind, int size, int hops) {
  rt::Runtime runtime({.scheduler = kind, .workers = 4});
  auto root = runtime.createRoot<RingRoot>(size, hops);
  runtime.start();
  std::vector<Member*> members;
  for (auto& m : root->members) members.push_back(&m.definition());
  const bool finished = rtt::driveUntil(runtime, [&] {
    for (auto* m : members) {
      if (m->finished) return true;
    }
    return false;
  });
  runtime.shutdown();
  runtime.awaitTermination();
  if (!finished) return {};
  std::vector<int> seen;
  for (auto* m : members) seen.push_back(m->seen);
  return seen;
}

// --- batching ----------------------------------------------------------------

struct Item : rt::EventOf<Item> {
  explicit Item(int v) : n(v) {}
  int n;
};
struct Items : rt::PortType<rt::Requests<Item>, rt::Indications<>> {};

class Recorder : public rt::ComponentDefinition {
 public:
  Recorder(std::vector<std::string>* order, std::string name)
      : order_(order), name_(std::move(name)) {
    subscribe(in_, [this](const Item& i) {
      order_->push_back(name_ + std::to_string(i.n));
      if (order_->size() == 8) shutdownSystem(0);
    });
  }

 private:
  std::vector<std::string>* order_;  // shared: safe only with one worker
  std::string name_;
  rt::Negative<Items> in_ = provide<Items>();
};

// Queues four items at each of two recorders in one handler, so both are
// ready at once and the scheduler decides how their turns interleave.
class BatchRoot : public rt::ComponentDefinition {
 public:
  explicit BatchRoot(std::vector<std::string>* order) {
    a_ = createNamed<Recorder>("a", order, "a");
    b_ = createNamed<Recorder>("b", order, "b");
  }

 private:
  void onStart() override {
    for (int i = 0; i < 4; ++i) trigger(Item(i), a_.positive<Items>());
    for (int i = 0; i < 4; ++i) trigger(Item(i), b_.positive<Items>());
  }
  rt::Component<Recorder> a_;
  rt::Component<Recorder> b_;
};

std::vector<std::string> batchOrder(rt::SchedulerKind kind, int batch) {
  std::vector<std::string> order;
  rt::Runtime runtime({.scheduler = kind, .workers = 1, .batch = batch});
  runtime.createRoot<BatchRoot>(&order);
  runtime.start();
  runtime.awaitTermination();
  return order;
}

}  // namespace

class tst_ExecutionGuarantees : public QObject {
  Q_OBJECT

 private slots:
  void stressOneHandlerAtATimeFifoExactlyOnce_data() {
    QTest::addColumn<int>("workers");
    QTest::addColumn<int>("batch");
    QTest::newRow("4 workers, batch 32") << 4 << 32;
    QTest::newRow("6 workers, batch 1") << 6 << 1;
  }
  void stressOneHandlerAtATimeFifoExactlyOnce() {
    QFETCH(int, workers);
    QFETCH(int, batch);
    constexpr int kHubs = 40;
    constexpr int kSendersPerHub = 50;  // 2000 senders + 40 hubs
    constexpr int kEvents = 60;         // per sender: 120k requests, 120k echoes
    rtt::Latch done(kHubs * kSendersPerHub);
    Tally tally;
    tally.done = &done;
    {
      rt::Runtime runtime({.workers = workers, .batch = batch});
      runtime.createRoot<StressRoot>(&tally, kHubs, kSendersPerHub, kEvents);
      runtime.start();
      QVERIFY2(done.wait(std::chrono::seconds(60)),
               qPrintable(QStringLiteral("%1 senders never got all echoes").arg(done.remaining())));
      runtime.shutdown();
      QCOMPARE(runtime.awaitTermination(), 0);
    }
    QCOMPARE(tally.concurrentEntries.load(), 0L);
    QCOMPARE(tally.outOfOrder.load(), 0L);
    // Two hub handlers see each request exactly once.
    QCOMPARE(tally.delivered.load(), 2L * kHubs * kSendersPerHub * kEvents);
  }

  void batchKnobBoundsEventsPerTurn() {
    const std::vector<std::string> interleaved{"a0", "b0", "a1", "b1", "a2", "b2", "a3", "b3"};
    const std::vector<std::string> batched{"a0", "a1", "a2", "a3", "b0", "b1", "b2", "b3"};
    const auto one = batchOrder(rt::SchedulerKind::WorkStealing, 1);
    std::string shown;
    for (const auto& e : one) shown += e + " ";
    QVERIFY2(one == interleaved, shown.c_str());
    QCOMPARE(batchOrder(rt::SchedulerKind::WorkStealing, 32), batched);
    // The deterministic scheduler runs one work item per turn.
    QCOMPARE(batchOrder(rt::SchedulerKind::Deterministic, 32), interleaved);
  }

  void sameComponentsGiveSameOutcomeUnderBothSchedulers() {
    const auto deterministic = runRing(rt::SchedulerKind::Deterministic, 50, 5000);
    const auto stealing = runRing(rt::SchedulerKind::WorkStealing, 50, 5000);
    QCOMPARE(deterministic.size(), std::size_t{50});
    QCOMPARE(stealing, deterministic);
    // Every member saw the token 100 times (5000 hops around 50 members).
    QCOMPARE(deterministic.front(), 100);
    QCOMPARE(deterministic.back(), 100);
  }
};

QTEST_MAIN(tst_ExecutionGuarantees)
#include "tst_execution_guarantees.moc"
