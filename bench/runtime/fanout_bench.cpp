// Fan-out: one publisher triggers an indication on a port that many
// subscriber components are connected to, so each event is shared (not
// copied) and lands in every subscriber's mailbox. Measures deliveries per
// second. Flow control keeps mailboxes bounded: the publisher sends in
// batches and keeps at most kWindow batches unacknowledged; a subscriber
// acknowledges the last event of each batch (acks are ~1% of the traffic
// and not counted as deliveries).
#include <algorithm>
#include <chrono>
#include <vector>

#include "bench/runtime/benchmarks.h"

namespace catslab::bench {
namespace {

namespace rt = runtime;

constexpr std::int64_t kBatch = 128;
constexpr std::int64_t kWindow = 4;

struct Item : rt::EventOf<Item> {
  Item(std::int64_t s, bool last) : seq(s), lastOfBatch(last) {}
  std::int64_t seq;
  bool lastOfBatch;
};
struct BatchAck : rt::EventOf<BatchAck> {
  explicit BatchAck(std::int64_t b) : batch(b) {}
  std::int64_t batch;
};
struct FeedPort : rt::PortType<rt::Requests<BatchAck>, rt::Indications<Item>> {};

class Publisher : public rt::ComponentDefinition {
 public:
  Publisher(std::int64_t events, int subscribers)
      : events_(events),
        subscribers_(subscribers),
        batches_((events + kBatch - 1) / kBatch),
        acks_(kWindow, 0) {
    subscribe(feed_, &Publisher::onAck);
  }

 private:
  void onStart() override {
    for (std::int64_t b = 0; b < std::min(kWindow, batches_); ++b) sendBatch(b);
  }
  void sendBatch(std::int64_t batch) {
    const std::int64_t first = batch * kBatch;
    const std::int64_t end = std::min(events_, first + kBatch);
    for (std::int64_t s = first; s < end; ++s) trigger(Item(s, s + 1 == end), feed_);
  }
  void onAck(const BatchAck& ack) {
    int& count = acks_[ack.batch % kWindow];
    if (++count < subscribers_) return;
    // Subscribers ack in order, so batches complete in order.
    count = 0;
    if (ack.batch + kWindow < batches_) sendBatch(ack.batch + kWindow);
    if (ack.batch + 1 == batches_) shutdownSystem(0);
  }

  std::int64_t events_;
  int subscribers_;
  std::int64_t batches_;
  std::vector<int> acks_;
  rt::Negative<FeedPort> feed_ = provide<FeedPort>();
};

class Subscriber : public rt::ComponentDefinition {
 public:
  Subscriber() { subscribe(feed_, &Subscriber::onItem); }

 private:
  void onItem(const Item& item) {
    ++received_;
    if (item.lastOfBatch) trigger(BatchAck(item.seq / kBatch), feed_);
  }
  std::int64_t received_ = 0;
  rt::Positive<FeedPort> feed_ = require<FeedPort>();
};

class FanoutMain : public rt::ComponentDefinition {
 public:
  explicit FanoutMain(const FanoutConfig& config) {
    auto publisher = create<Publisher>(config.events, config.subscribers);
    for (int i = 0; i < config.subscribers; ++i) {
      auto subscriber = create<Subscriber>();
      connect(publisher.positive<FeedPort>(), subscriber.negative<FeedPort>());
    }
  }
};

}  // namespace

FanoutConfig fanoutConfig(Args& args) {
  FanoutConfig c;
  c.events = args.integer("events", c.events, 1, 1'000'000'000'000);
  c.subscribers = static_cast<int>(args.integer("subscribers", c.subscribers, 1, 100000));
  c.runtime = runtimeConfig(args);
  return c;
}

void runFanout(const FanoutConfig& config) {
  rt::Runtime runtime(runtimeOptions(config.runtime));
  runtime.createRoot<FanoutMain>(config);
  const double cpuBegin = processCpuSeconds();
  const auto begin = std::chrono::steady_clock::now();
  runtime.start();
  const int code = runtime.awaitTermination();
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - begin;
  const double seconds = elapsed.count();
  const double cpuSeconds = processCpuSeconds() - cpuBegin;
  const double deliveries = static_cast<double>(config.events) * config.subscribers;

  Report report("fanout");
  report.add("events", config.events).add("subscribers", std::int64_t{config.subscribers});
  describe(report, config.runtime);
  report.add("seconds", seconds, 6)
      .add("deliveries_per_sec", deliveries / seconds, 0)
      .add("cpu_seconds", cpuSeconds, 6)
      .add("deliveries_per_cpu_sec", deliveries / cpuSeconds, 0);
  if (code != 0) report.add("exit_code", std::int64_t{code});
  report.print();
}

}  // namespace catslab::bench
