#include "client.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <ostream>
#include <random>
#include <thread>

#include "db.h"
#include "history_log.h"
#include "report.h"

namespace catslab::ycsb {
namespace {

using Clock = std::chrono::steady_clock;

int64_t microsSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

// What one client thread does; the DBWrapper part (measure, then count the
// status) is in call().
class ClientThread {
 public:
  ClientThread(CoreWorkload& workload, std::unique_ptr<Db> db, uint64_t seed, int64_t opCount,
               double targetPerThread, const std::atomic<bool>& stop, const bool load, int index,
               HistoryLog* history)
      : index_(index),
        history_(history),
        w_(workload),
        state_(workload, seed),
        db_(std::move(db)),
        opCount_(opCount),
        tickNs_(targetPerThread > 0 ? static_cast<int64_t>(1e9 / targetPerThread) : 0),
        stop_(stop),
        load_(load) {}

  void run() {
    auto start = Clock::now();
    while (done_.load(std::memory_order_relaxed) < opCount_ && !stop_.load()) {
      if (tickNs_ > 0) {
        std::this_thread::sleep_until(start + std::chrono::nanoseconds(tickNs_ * done_.load()));
      }
      if (load_) {
        doInsert();
      } else {
        doTransaction();
      }
      done_.fetch_add(1, std::memory_order_relaxed);
    }
    auto cleanupStart = Clock::now();
    db_->cleanup();
    measurements_.measure("CLEANUP", microsSince(cleanupStart));
  }

  int64_t done() const { return done_.load(std::memory_order_relaxed); }
  const Db& db() const { return *db_; }
  const Measurements& measurements() const { return measurements_; }

 private:
  template <class F>
  DbStatus call(const std::string& operation, F f) {
    auto start = Clock::now();
    DbStatus s = f();
    int64_t micros = microsSince(start);
    measurements_.measure(s == DbStatus::Ok ? operation : operation + "-FAILED", micros);
    measurements_.reportStatus(operation, statusName(s));
    return s;
  }

  void doInsert() {
    std::string key = w_.keyName(state_.nextLoadKey());
    Record r = state_.buildRecord();
    call("INSERT", [&] { return db_->insert(w_.config().table, key, r); });
  }

  void doTransaction() {
    const std::string& op = state_.nextOperation();
    if (op == "READ") {
      read(state_.nextKeyNumber());
    } else if (op == "UPDATE") {
      write("UPDATE", state_.nextKeyNumber());
    } else if (op == "INSERT") {
      int64_t n = w_.transactionInserts().next();
      write("INSERT", n);
      w_.transactionInserts().acknowledge(n);  // as YCSB: whatever the outcome
    } else {
      int64_t n = state_.nextKeyNumber();
      auto start = Clock::now();
      read(n);
      write("UPDATE", n);
      measurements_.measure("READ-MODIFY-WRITE", microsSince(start));
    }
  }

  // A read or a write of the run phase, recorded in the history if there is one.
  void read(int64_t n) {
    if (history_) history_->add(index_, "invoke", "read", n, -1);
    DbStatus s =
        call("READ", [&] { return db_->read(w_.config().table, w_.keyName(n), &scratch_); });
    if (!history_) return;
    if (s == DbStatus::Ok) {
      history_->add(index_, "ok", "read", n, HistoryLog::idOf(scratch_));
    } else if (s == DbStatus::NotFound) {
      history_->add(index_, "ok", "read", n, -1);
    } else {
      history_->add(index_, "fail", "read", n, -1);
    }
  }

  void write(const char* operation, int64_t n) {
    Record r = state_.buildRecord();
    int64_t id = 0;
    if (history_) {
      id = (static_cast<int64_t>(index_) + 1) * 1'000'000'000'000LL + ++writes_;
      HistoryLog::tag(r, id);
      history_->add(index_, "invoke", "write", n, id);
    }
    const std::string& table = w_.config().table;
    std::string key = w_.keyName(n);
    DbStatus s = call(operation, [&] {
      return std::string(operation) == "INSERT" ? db_->insert(table, key, r)
                                                : db_->update(table, key, r);
    });
    if (history_) history_->add(index_, s == DbStatus::Ok ? "ok" : "info", "write", n, id);
  }

  int index_;
  HistoryLog* history_;
  int64_t writes_ = 0;
  CoreWorkload& w_;
  CoreWorkload::ThreadState state_;
  std::unique_ptr<Db> db_;
  int64_t opCount_;
  int64_t tickNs_;
  const std::atomic<bool>& stop_;
  bool load_;
  std::atomic<int64_t> done_{0};
  Measurements measurements_;
  Record scratch_;
};

StatsTable collect(const std::vector<std::unique_ptr<ClientThread>>& threads) {
  StatsTable table;
  for (const auto& t : threads) t->measurements().mergeInto(table);
  return table;
}

int64_t totalDone(const std::vector<std::unique_ptr<ClientThread>>& threads) {
  int64_t n = 0;
  for (const auto& t : threads) n += t->done();
  return n;
}

}  // namespace

Result<RunResult> runPhase(CoreWorkload& workload, const Properties& props,
                           const ClientOptions& options, std::ostream& status) {
  const WorkloadConfig& c = workload.config();
  int64_t total =
      options.load ? (props.has("insertcount") ? c.insertCount : c.recordCount) : c.operationCount;
  std::atomic<bool> stop{false};
  std::unique_ptr<HistoryLog> history;
  if (auto path = props.get("history.file"); path && !options.load) {
    history = std::make_unique<HistoryLog>();
    if (Status s = history->open(*path); !s) return Result<RunResult>::failure(s.error());
  }
  std::random_device entropy;
  std::vector<std::unique_ptr<ClientThread>> threads;
  for (int i = 0; i < options.threads; ++i) {
    auto db = createDb(options.db, props, i);
    if (!db) return Result<RunResult>::failure(db.error());
    if (Status s = (*db)->init(); !s) return Result<RunResult>::failure(s.error());
    int64_t share = total / options.threads + (i < total % options.threads ? 1 : 0);
    uint64_t seed = (static_cast<uint64_t>(entropy()) << 32) ^ entropy();
    threads.push_back(std::make_unique<ClientThread>(workload, std::move(*db), seed, share,
                                                     options.target / options.threads, stop,
                                                     options.load, i, history.get()));
  }

  auto start = Clock::now();
  std::vector<std::thread> running;
  for (auto& t : threads) running.emplace_back([&t] { t->run(); });

  std::mutex mutex;
  std::condition_variable finished;
  bool allDone = false;
  std::thread reporter([&] {
    auto interval = std::chrono::seconds(std::max(options.statusIntervalSeconds, 1));
    auto deadline = options.maxExecutionSeconds > 0
                        ? start + std::chrono::seconds(options.maxExecutionSeconds)
                        : Clock::time_point::max();
    auto last = start;
    int64_t lastOps = 0;
    StatsTable previous;
    std::unique_lock lock(mutex);
    for (;;) {
      auto wake = std::min(last + interval, deadline);
      bool done = finished.wait_until(lock, wake, [&] { return allDone; });
      if (!done && Clock::now() >= deadline) {
        stop = true;  // the threads finish their operations in flight; report as usual meanwhile
        deadline = Clock::time_point::max();
      }
      auto now = Clock::now();
      int64_t ops = totalDone(threads);
      double elapsed = std::chrono::duration<double>(now - start).count();
      double since = std::chrono::duration<double>(now - last).count();
      StatusSnapshot snap;
      snap.now = std::chrono::system_clock::now();
      snap.elapsedSeconds = static_cast<int64_t>(elapsed);
      snap.operations = ops;
      snap.currentOpsPerSecond = since > 0 ? static_cast<double>(ops - lastOps) / since : 0;
      if (ops > 0 && total > ops) {
        snap.remainingSeconds =
            static_cast<int64_t>(static_cast<double>(total - ops) / (ops / elapsed));
      }
      StatsTable cumulative = collect(threads);
      status << formatStatusLine(snap, intervalOf(cumulative, previous)) << std::endl;
      if (done) return;
      last = now;
      lastOps = ops;
      previous = std::move(cumulative);
    }
  });

  for (auto& t : running) t.join();
  auto runtime = Clock::now() - start;
  {
    std::lock_guard lock(mutex);
    allDone = true;
  }
  finished.notify_all();
  reporter.join();

  RunResult result;
  result.stats = collect(threads);
  result.runtimeMs = std::chrono::duration_cast<std::chrono::milliseconds>(runtime).count();
  result.operations = totalDone(threads);
  for (const auto& t : threads) {
    for (const auto& [name, n] : t->db().counters()) result.counters[name] += n;
  }
  return result;
}

}  // namespace catslab::ycsb
