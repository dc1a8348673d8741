// Determinism under the deterministic scheduler: two runs with the same seed
// produce the identical sequence of handled events; another seed changes it.
// The system is a gossip among members that pick random peers and random
// delays, so any hidden nondeterminism (iteration order, clocks, shared RNG)
// would show in the trace.
#include <QTest>
#include <string>
#include <vector>

#include "runtime_test_support.h"

namespace rt = catslab::runtime;

namespace {

struct Rumour : rt::EventOf<Rumour> {
  Rumour(int t, int h, int f) : target(t), hops(h), from(f) {}
  int target;
  int hops;
  int from;
};
struct Gossip : rt::PortType<rt::Requests<Rumour>, rt::Indications<Rumour>> {};

using Trace = std::vector<std::string>;

// The hub relays every rumour to all members (an indication); the member it
// targets records it and passes it on to a random peer.
class Hub : public rt::ComponentDefinition {
 public:
  Hub() {
    subscribe(port_, [this](const Rumour& r) { trigger(Rumour(r.target, r.hops, r.from), port_); });
  }

 private:
  rt::Negative<Gossip> port_ = provide<Gossip>();
};

class Member : public rt::ComponentDefinition {
 public:
  Member(Trace* trace, int index, int size) : trace_(trace), index_(index), size_(size) {
    subscribe(port_, [this](const Rumour& r) {
      if (r.target != index_) return;
      trace_->push_back(std::to_string(r.from) + ">" + std::to_string(index_) + "#" +
                        std::to_string(r.hops));
      if (r.hops == 0) return;
      const int fanout = 1 + static_cast<int>(random().below(2));
      for (int i = 0; i < fanout; ++i) {
        trigger(Rumour(static_cast<int>(random().below(size_)), r.hops - 1, index_), port_);
      }
    });
  }

 private:
  void onStart() override {
    if (index_ % 5 == 0) trigger(Rumour(static_cast<int>(random().below(size_)), 6, index_), port_);
  }
  Trace* trace_;
  int index_;
  int size_;
  rt::Positive<Gossip> port_ = require<Gossip>();
};

class Root : public rt::ComponentDefinition {
 public:
  Root(Trace* trace, int size) {
    auto hub = create<Hub>();
    for (int i = 0; i < size; ++i) {
      auto m = createNamed<Member>("m" + std::to_string(i), trace, i, size);
      connect(hub.positive<Gossip>(), m.negative<Gossip>());
    }
  }
};

Trace run(std::uint64_t seed) {
  Trace trace;
  rt::Runtime runtime({.scheduler = rt::SchedulerKind::Deterministic, .seed = seed});
  runtime.createRoot<Root>(&trace, 30);
  runtime.start();
  runtime.runUntilIdle();
  return trace;
}

}  // namespace

class tst_Reproducibility : public QObject {
  Q_OBJECT

 private slots:
  void sameSeedSameEventOrder() {
    const Trace first = run(1234);
    const Trace second = run(1234);
    QVERIFY(first.size() > 100);
    QCOMPARE(first, second);
  }

  void differentSeedDifferentEventOrder() { QVERIFY(run(1234) != run(4321)); }

  void stepByStepEqualsRunUntilIdle() {
    Trace stepped;
    {
      rt::Runtime runtime({.scheduler = rt::SchedulerKind::Deterministic, .seed = 77});
      runtime.createRoot<Root>(&stepped, 30);
      runtime.start();
      std::size_t steps = 0;
      while (runtime.step()) ++steps;
      QVERIFY(steps > 0);
    }
    QCOMPARE(stepped, run(77));
  }
};

QTEST_MAIN(tst_Reproducibility)
#include "tst_reproducibility.moc"
