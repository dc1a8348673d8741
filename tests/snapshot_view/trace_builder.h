// Hand-built trace records for the snapshot view tests: each helper makes
// one record the way the simulator's TraceRecorder would, at a time in ms.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/proto/trace.pb.h"

namespace trace_builder {

namespace tr = ::catslab::trace;

inline std::int64_t ms(double v) { return static_cast<std::int64_t>(v * 1'000'000); }

inline tr::Record up(const std::string& node, double atMs) {
  tr::Record r;
  r.set_node(node);
  r.set_time_ns(ms(atMs));
  r.mutable_node_up()->set_stack("ping");
  return r;
}

inline tr::Record crash(const std::string& node, double atMs) {
  tr::Record r;
  r.set_node(node);
  r.set_time_ns(ms(atMs));
  r.mutable_node_down()->set_crashed(true);
  r.mutable_node_down()->set_reason("killed");
  return r;
}

inline tr::Record state(const std::string& node, double atMs, const std::string& key,
                        const std::string& value) {
  tr::Record r;
  r.set_node(node);
  r.set_time_ns(ms(atMs));
  auto* e = r.mutable_state()->add_entries();
  e->set_key(key);
  e->set_value(value);
  return r;
}

inline tr::Record message(const std::string& from, const std::string& to, double atMs,
                          tr::MessageEventKind kind, std::uint64_t id,
                          const std::string& type = "Ping") {
  tr::Record r;
  r.set_node(kind == tr::MESSAGE_SENT ? from : to);
  r.set_time_ns(ms(atMs));
  auto* m = r.mutable_message();
  m->set_kind(kind);
  m->set_from(from);
  m->set_to(to);
  m->set_type(type);
  m->set_summary(type + " #" + std::to_string(id));
  m->set_message_id(id);
  if (kind == tr::MESSAGE_DROPPED) m->set_drop_reason("loss");
  return r;
}

inline tr::Record log(const std::string& node, double atMs, const std::string& level,
                      const std::string& text) {
  tr::Record r;
  r.set_node(node);
  r.set_time_ns(ms(atMs));
  r.mutable_log()->set_level(level);
  r.mutable_log()->set_text(text);
  return r;
}

inline tr::Record clientOp(const std::string& node, double atMs, tr::ClientOp::Phase phase,
                           std::uint64_t opId, const std::string& op, const std::string& key,
                           const std::string& value) {
  tr::Record r;
  r.set_node(node);
  r.set_time_ns(ms(atMs));
  auto* c = r.mutable_client_op();
  c->set_phase(phase);
  c->set_op_id(opId);
  c->set_client(node);
  c->set_op(op);
  c->set_key(key);
  c->set_value(value);
  return r;
}

inline std::vector<tr::Record> numbered(std::vector<tr::Record> records) {
  for (std::size_t i = 0; i < records.size(); ++i) records[i].set_seq(i);
  return records;
}

// A busy run of `count` records on `nodes` nodes (n1..nN): every node
// keeps sending one of four message types to random peers, 1-20 ms on the
// wire, one in fifty lost, with a state change per delivery. Deterministic
// for a seed; time ordered, as every trace is.
inline std::vector<tr::Record> synthetic(int count, int nodes, std::uint64_t seed = 1) {
  std::uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  auto next = [&x](std::uint64_t bound) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x % bound;
  };
  static const char* types[] = {"Ping", "Pong", "Gossip", "Heartbeat"};
  std::vector<tr::Record> out;
  out.reserve(count + 64);
  for (int n = 1; n <= nodes; ++n) out.push_back(up("n" + std::to_string(n), 0));
  // Pending deliveries, kept sorted by time (small: a few per node).
  std::vector<tr::Record> pending;
  double now = 0;
  std::uint64_t id = 0;
  while (static_cast<int>(out.size()) < count) {
    now += 0.05 + static_cast<double>(next(100)) / 1000.0;
    // Flush what arrived by now, in time order.
    std::sort(pending.begin(), pending.end(),
              [](const tr::Record& a, const tr::Record& b) { return a.time_ns() < b.time_ns(); });
    std::size_t done = 0;
    while (done < pending.size() && pending[done].time_ns() <= ms(now)) {
      out.push_back(pending[done]);
      if (pending[done].message().kind() == tr::MESSAGE_DELIVERED)
        out.push_back(state(pending[done].message().to(), pending[done].time_ns() / 1e6,
                            "recv.count", std::to_string(id)));
      ++done;
    }
    pending.erase(pending.begin(), pending.begin() + static_cast<long>(done));
    const int from = 1 + static_cast<int>(next(nodes));
    int to = 1 + static_cast<int>(next(nodes - 1));
    if (to >= from) ++to;
    const std::string type = types[next(4)];
    ++id;
    out.push_back(message("n" + std::to_string(from), "n" + std::to_string(to), now,
                          tr::MESSAGE_SENT, id, type));
    const double flight = 1 + static_cast<double>(next(19));
    pending.push_back(message("n" + std::to_string(from), "n" + std::to_string(to), now + flight,
                              next(50) == 0 ? tr::MESSAGE_DROPPED : tr::MESSAGE_DELIVERED, id,
                              type));
  }
  out.resize(count);
  return numbered(std::move(out));
}

}  // namespace trace_builder
