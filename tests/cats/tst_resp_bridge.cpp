// KvBridge in a real Runtime (work-stealing scheduler) over the map store:
// operations submitted from threads outside the component world get their
// own answers, even when two bridges share the store's port.
#include <QTest>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "cats/resp/kv_bridge.h"
#include "map_kv_store.h"
#include "runtime/runtime.h"

using namespace catslab;

namespace {

class BridgeHost : public runtime::ComponentDefinition {
 public:
  BridgeHost() {
    auto store = create<testing::MapKvStore>();
    first = create<cats::KvBridge>(1);
    second = create<cats::KvBridge>(2);
    connect(store.positive<cats::KeyValueStore>(), first.negative<cats::KeyValueStore>());
    connect(store.positive<cats::KeyValueStore>(), second.negative<cats::KeyValueStore>());
  }
  runtime::Component<cats::KvBridge> first;
  runtime::Component<cats::KvBridge> second;
};

// Collects answers from worker threads; the test thread waits on it.
struct Answers {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<cats::KvResponse> got;
  cats::RespBackend::Done add() {
    return [this](const cats::KvResponse& r) {
      std::lock_guard lock(mutex);
      got.push_back(r);
      cv.notify_all();
    };
  }
  bool waitFor(std::size_t n) {
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, std::chrono::seconds(20), [&] { return got.size() >= n; });
  }
};

}  // namespace

class tst_RespBridge : public QObject {
  Q_OBJECT

 private slots:
  void answersFromManyThreads() {
    runtime::Runtime rt({.scheduler = runtime::SchedulerKind::WorkStealing, .workers = 2});
    auto host = rt.createRoot<BridgeHost>();
    // Submitted before start: they wait for the bridge to run.
    Answers early;
    host->first->put("early", "1", early.add());
    rt.start();
    QVERIFY(early.waitFor(1));

    constexpr int kThreads = 4;
    constexpr int kPerThread = 250;
    Answers puts;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        cats::KvBridge& bridge = t % 2 ? host->first.definition() : host->second.definition();
        for (int i = 0; i < kPerThread; ++i) {
          const std::string key = "k" + std::to_string(t) + "-" + std::to_string(i);
          bridge.put(key, "v" + key, puts.add());
        }
      });
    }
    for (auto& th : threads) th.join();
    QVERIFY(puts.waitFor(kThreads * kPerThread));
    // Each bridge got exactly its own answers: none twice, none lost.
    QCOMPARE(puts.got.size(), std::size_t(kThreads * kPerThread));
    std::set<std::pair<std::uint64_t, std::uint64_t>> ids;
    for (const auto& r : puts.got) {
      QCOMPARE(r.status, cats::KvStatus::Ok);
      ids.emplace(r.client, r.op);
    }
    QCOMPARE(ids.size(), puts.got.size());

    Answers gets;
    for (int t = 0; t < kThreads; ++t) {
      for (int i = 0; i < kPerThread; i += 50) {
        host->second->get("k" + std::to_string(t) + "-" + std::to_string(i), gets.add());
      }
    }
    host->first->get("absent", gets.add());
    host->first->get("unavailable:x", gets.add());
    QVERIFY(gets.waitFor(kThreads * 5 + 2));
    std::size_t found = 0;
    for (const auto& r : gets.got) {
      if (r.found) {
        ++found;
        QVERIFY(r.value.rfind("vk", 0) == 0);
      } else if (r.status == cats::KvStatus::Unavailable) {
        QCOMPARE(r.client, std::uint64_t(1));
        QVERIFY(r.reason.find("unavailable") != std::string::npos);
      }
    }
    QCOMPARE(found, std::size_t(kThreads * 5));
    rt.shutdown(0);
    QCOMPARE(rt.awaitTermination(), 0);
  }
};

QTEST_GUILESS_MAIN(tst_RespBridge)
#include "tst_resp_bridge.moc"
