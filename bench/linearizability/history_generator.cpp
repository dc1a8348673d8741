#include "history_generator.h"

#include <google/protobuf/util/delimited_message_util.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>
#include <vector>

#include "runtime/proto/trace.pb.h"

namespace catslab::checker::bench {

namespace {

constexpr const char* kStale = "stale";

struct SimOp {
  std::size_t client;
  std::string clientName;
  OpKind kind;
  std::string value, expected;
  double invoke, complete, point;
  bool crashed = false;
  bool takesEffect = true;
  bool reportsInfo = false;
  bool staleRead = false;
};

constexpr double kForever = 1e300;

// See GeneratorConfig::Plant::Concurrent: the first ok read from the middle
// on that can be made to return `v`, which no crashed op writes.
void plantConcurrentStaleRead(const std::vector<SimOp>& ops, History& history, std::size_t middle,
                              const std::string& v) {
  auto completes = [&](std::size_t i) { return ops[i].crashed ? kForever : ops[i].complete; };
  auto produces = [&](std::size_t i, const std::string& v) {
    const Operation& op = history.ops[i];
    if (op.kind == OpKind::Read || op.outcome == Outcome::Fail) return false;
    return op.value == v;
  };
  for (std::size_t r = middle; r < ops.size(); ++r) {
    Operation& read = history.ops[r];
    if (read.kind != OpKind::Read || read.outcome != Outcome::Ok || ops[r].crashed) continue;
    // The latest-invoked ok write that completed before the read began.
    std::size_t w = ops.size();
    for (std::size_t i = 0; i < ops.size(); ++i) {
      if (history.ops[i].kind != OpKind::Write || ops[i].crashed) continue;
      if (ops[i].complete < ops[r].invoke && (w == ops.size() || ops[i].invoke > ops[w].invoke))
        w = i;
    }
    if (w == ops.size()) continue;
    if (v == read.value || v == history.ops[w].value) continue;
    bool reachable = false;
    for (std::size_t i = 0; i < ops.size() && !reachable; ++i)
      reachable = produces(i, v) && completes(i) > ops[w].invoke && ops[i].invoke < ops[r].complete;
    if (reachable) continue;
    read.value = v;
    return;
  }
  std::fprintf(stderr, "history_generator: found no read to plant a concurrent stale read at\n");
}

}  // namespace

History generateHistory(const GeneratorConfig& config) {
  std::mt19937_64 rng(config.seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::exponential_distribution<double> think(1.0 / std::max(config.think, 1e-6));
  std::exponential_distribution<double> latency(1.0 / std::max(config.latency, 1e-6));
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  auto domainValue = [&] { return std::to_string(pick(std::max<std::size_t>(config.values, 1))); };

  const std::size_t clients = std::max<std::size_t>(config.clients, 1);
  std::vector<double> clock(clients, 0.0);
  std::vector<std::size_t> incarnation(clients, 0);
  std::vector<SimOp> ops;
  ops.reserve(config.ops);

  // Which ops crash: chosen up front, away from the planted stale read.
  const std::size_t middle = config.ops / 2;
  std::vector<char> crash(config.ops, 0);
  for (std::size_t chosen = 0; chosen < config.pending && chosen + 4 < config.ops;) {
    std::size_t i = pick(config.ops);
    if (crash[i] || (i + 4 >= middle && i <= middle + 4)) continue;
    crash[i] = 1;
    ++chosen;
  }

  std::size_t planted = 0;  // 0: not yet; 1..3 the stale-read steps done
  const std::string rareValue = domainValue();
  while (ops.size() < config.ops) {
    std::size_t c =
        static_cast<std::size_t>(std::min_element(clock.begin(), clock.end()) - clock.begin());
    SimOp op;
    op.client = c;
    op.clientName = std::to_string(c + clients * incarnation[c]);
    op.invoke = clock[c] + think(rng);
    op.complete = op.invoke + 0.5 + latency(rng);
    op.point = op.invoke + unit(rng) * (op.complete - op.invoke);
    bool plant = config.violating && config.plant == GeneratorConfig::Plant::Quiet && c == 0 &&
                 ops.size() >= middle && planted < 3;
    if (plant) {
      ++planted;
      op.kind = planted == 3 ? OpKind::Read : OpKind::Write;
      op.value = planted == 1 ? kStale : domainValue();
      op.staleRead = planted == 3;
    } else {
      double r = unit(rng);
      op.kind = r < 0.5 ? OpKind::Read : (r < 0.8 ? OpKind::Write : OpKind::Cas);
      if (op.kind != OpKind::Read) op.value = domainValue();
      if (op.kind == OpKind::Cas) op.expected = domainValue();
      if (crash[ops.size()]) {
        // A crashed write of v could explain a stale read of v at any later
        // time, so the value the concurrent plant reads is never crashed.
        if (config.violating && config.plant == GeneratorConfig::Plant::Concurrent &&
            op.kind != OpKind::Read && op.value == rareValue)
          op.value =
              std::to_string((std::stoul(rareValue) + 1) % std::max<std::size_t>(config.values, 1));
        op.crashed = true;
        op.takesEffect = unit(rng) < 0.5;
        op.reportsInfo = unit(rng) < 0.5;
        ++incarnation[c];  // like Jepsen, a crashed process comes back under a new id
      }
    }
    clock[c] = op.complete;
    ops.push_back(std::move(op));
  }

  // Apply the ops that took effect in linearization-point order.
  std::vector<std::size_t> order(ops.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return ops[a].point < ops[b].point; });
  History history;
  history.timeUnit = "ms";
  history.ops.resize(ops.size());
  std::string state;  // nil
  for (std::size_t i : order) {
    const SimOp& s = ops[i];
    Operation& op = history.ops[i];
    op.client = s.clientName;
    op.kind = s.kind;
    op.value = s.value;
    op.expected = s.expected;
    op.outcome = Outcome::Ok;
    bool effective = !s.crashed || s.takesEffect;
    switch (s.kind) {
      case OpKind::Read:
        op.value = s.staleRead ? kStale : state;
        break;
      case OpKind::Write:
        if (effective) state = s.value;
        break;
      case OpKind::Cas:
        if (state == s.expected) {
          if (effective) state = s.value;
        } else {
          op.outcome = Outcome::Fail;
        }
        break;
    }
    if (s.crashed) op.outcome = Outcome::Unknown;
  }

  if (config.violating && config.plant == GeneratorConfig::Plant::Concurrent)
    plantConcurrentStaleRead(ops, history, middle, rareValue);

  // Real-time positions: all invocations and completions in time order.
  struct Event {
    double time;
    std::size_t op;
    bool invoke;
  };
  std::vector<Event> events;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    events.push_back({ops[i].invoke, i, true});
    if (!ops[i].crashed || ops[i].reportsInfo) events.push_back({ops[i].complete, i, false});
  }
  std::sort(events.begin(), events.end(),
            [](const Event& a, const Event& b) { return a.time < b.time; });
  for (std::size_t pos = 0; pos < events.size(); ++pos) {
    Operation& op = history.ops[events[pos].op];
    auto shown = static_cast<std::int64_t>(events[pos].time * 1000.0);
    if (events[pos].invoke) {
      op.invokeAt = static_cast<std::int64_t>(pos);
      op.invokeTime = shown;
    } else {
      op.completeTime = shown;
      if (op.outcome != Outcome::Unknown) op.completeAt = static_cast<std::int64_t>(pos);
    }
  }
  return history;
}

namespace {

// Completion events in position order, interleaved with invocations.
struct Line {
  std::int64_t at;
  std::size_t op;
  bool invoke;
};

std::vector<Line> timeline(const History& h) {
  std::vector<Line> lines;
  for (std::size_t i = 0; i < h.ops.size(); ++i) {
    const Operation& op = h.ops[i];
    lines.push_back({op.invokeAt * 2, i, true});
    if (op.completeTime >= 0) {
      // Info completions have no position; place them by their shown time.
      std::int64_t at = op.completeAt != kNever ? op.completeAt * 2 : -1;
      lines.push_back({at, i, false});
    }
  }
  // Info lines: after the last event with a smaller shown time.
  std::vector<std::pair<std::int64_t, std::int64_t>> shownToAt;
  for (const Line& l : lines) {
    if (l.at < 0) continue;
    const Operation& op = h.ops[l.op];
    shownToAt.push_back({l.invoke ? op.invokeTime : op.completeTime, l.at});
  }
  std::sort(shownToAt.begin(), shownToAt.end());
  for (Line& l : lines) {
    if (l.at >= 0) continue;
    auto it = std::lower_bound(shownToAt.begin(), shownToAt.end(),
                               std::make_pair(h.ops[l.op].completeTime, std::int64_t{-1}));
    l.at = (it == shownToAt.end() ? shownToAt.back().second + 2 : it->second) - 1;
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const Line& a, const Line& b) { return a.at < b.at; });
  return lines;
}

std::string jepsenValue(const std::string& v) { return v.empty() ? "nil" : v; }

}  // namespace

Result<bool> writeJepsenLog(const History& history, const std::string& path) {
  std::ofstream out(path);
  if (!out) return Error{path + ": cannot write"};
  for (const Line& l : timeline(history)) {
    const Operation& op = history.ops[l.op];
    const char* type = ":invoke";
    if (!l.invoke) {
      type = op.outcome == Outcome::Ok ? ":ok" : op.outcome == Outcome::Fail ? ":fail" : ":info";
    }
    std::string value;
    switch (op.kind) {
      case OpKind::Read:
        value = l.invoke ? "nil" : jepsenValue(op.value);
        break;
      case OpKind::Write:
        value = jepsenValue(op.value);
        break;
      case OpKind::Cas:
        value = "[" + jepsenValue(op.expected) + " " + jepsenValue(op.value) + "]";
        break;
    }
    out << "INFO  jepsen.util - " << op.client << "\t" << type << "\t:" << toString(op.kind) << "\t"
        << value << "\n";
  }
  if (!out) return Error{path + ": write failed"};
  return true;
}

Result<bool> writeTrace(const History& history, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return Error{path + ": cannot write"};
  std::uint64_t seq = 0;
  for (const Line& l : timeline(history)) {
    const Operation& op = history.ops[l.op];
    catslab::trace::Record record;
    record.set_seq(seq++);
    record.set_time_ns(l.invoke ? op.invokeTime : op.completeTime);
    auto* c = record.mutable_client_op();
    c->set_op_id(l.op);
    c->set_client(op.client);
    c->set_op(toString(op.kind));
    c->set_key(op.key);
    if (l.invoke) {
      c->set_phase(catslab::trace::ClientOp::INVOKE);
      if (op.kind != OpKind::Read) c->set_value(op.value);
      c->set_expected(op.expected);
    } else {
      c->set_phase(op.outcome == Outcome::Ok     ? catslab::trace::ClientOp::OK
                   : op.outcome == Outcome::Fail ? catslab::trace::ClientOp::FAIL
                                                 : catslab::trace::ClientOp::INFO);
      if (op.kind == OpKind::Read && op.outcome == Outcome::Ok) c->set_value(op.value);
    }
    if (!google::protobuf::util::SerializeDelimitedToOstream(record, &out))
      return Error{path + ": write failed"};
  }
  return true;
}

}  // namespace catslab::checker::bench
