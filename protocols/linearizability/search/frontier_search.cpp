#include "protocols/linearizability/search/frontier_search.h"

#include <algorithm>
#include <bit>

#include "protocols/linearizability/search/config_set.h"

namespace catslab::checker {

namespace {

struct Config {
  std::uint64_t mask;
  std::int32_t value;
};

// Marks "write moves generated" for a mask in the visited set; value ids are >= 0.
constexpr std::int32_t kWritesDone = -1;

enum class EventType : std::uint8_t { Invoke, Return, PendingInvoke };

struct Event {
  std::int64_t at;
  EventType type;
  std::uint32_t index;  // completed op, or pending class
};

class Sweep {
 public:
  Sweep(const Partition& p, const SearchLimits& limits)
      : p_(p),
        limits_(limits),
        readersOf_(p.values.size(), 0),
        casFrom_(p.values.size(), 0),
        producers_(p.values.size()) {}

  FrontierOutcome run();

 private:
  bool invoke(std::uint32_t op);
  bool finish(std::uint32_t op);
  void expand(Config start, std::uint64_t bit);
  // Linearizes the observers that are legal in `value`.
  std::uint64_t withObservers(std::uint64_t mask, std::int32_t value) const {
    return mask | (readersOf_[value] & inflight_);
  }
  void reach(std::uint64_t mask, std::int32_t value, std::uint64_t bit);
  void collectNeeded(std::uint64_t mask);

  const Partition& p_;
  SearchLimits limits_;
  FrontierOutcome out_;

  std::uint64_t inflight_ = 0;
  std::uint32_t slotOp_[64] = {};
  std::vector<std::uint8_t> opSlot_;
  std::uint64_t writes_ = 0;                           // in-flight slots holding writes
  std::uint64_t needers_ = 0;                          // in-flight reads and cas
  std::vector<std::uint64_t> readersOf_;               // value -> in-flight observers of it
  std::vector<std::uint64_t> casFrom_;                 // value -> in-flight cas expecting it
  std::vector<std::vector<std::uint32_t>> producers_;  // value -> invoked pending classes
  std::vector<std::uint32_t> casClasses_;              // invoked pending cas classes
  // slot -> in-flight slots holding an op with the same effect (kind,
  // expected, value) that returns earlier: while one of those is open, the
  // slot is not moved (exchanging the two keeps any order valid).
  std::uint64_t earlierTwins_[64] = {};

  std::vector<Config> current_, next_;
  std::vector<Config> stack_;
  std::vector<std::int32_t> needed_;
  ConfigSet emitted_, visited_;
  bool overBudget_ = false;
};

bool Sweep::invoke(std::uint32_t i) {
  if (inflight_ == ~std::uint64_t{0}) return false;
  auto slot = static_cast<std::uint8_t>(std::countr_one(inflight_));
  std::uint64_t bit = std::uint64_t{1} << slot;
  inflight_ |= bit;
  slotOp_[slot] = i;
  opSlot_[i] = slot;
  const CompletedOp& op = p_.completed[i];
  switch (op.kind) {
    case OpKind::Read:
      readersOf_[op.value] |= bit;
      needers_ |= bit;
      break;
    case OpKind::Write:
      writes_ |= bit;
      break;
    case OpKind::Cas:
      casFrom_[op.expected] |= bit;
      needers_ |= bit;
      if (op.expected == op.value) readersOf_[op.value] |= bit;
      break;
  }
  for (std::uint64_t m = inflight_ & ~bit; m != 0; m &= m - 1) {
    int other = std::countr_zero(m);
    const CompletedOp& o = p_.completed[slotOp_[other]];
    if (o.kind != op.kind || o.value != op.value || o.expected != op.expected ||
        op.kind == OpKind::Read)
      continue;
    if (o.completeAt <= op.completeAt) {
      earlierTwins_[slot] |= std::uint64_t{1} << other;
    } else {
      earlierTwins_[other] |= bit;
    }
  }
  // Observers first: an op that is legal now and changes nothing is taken now.
  if (op.kind != OpKind::Write) {
    for (Config& c : current_)
      if ((readersOf_[c.value] & bit) != 0) c.mask |= bit;
  }
  return true;
}

void Sweep::collectNeeded(std::uint64_t mask) {
  needed_.clear();
  auto need = [this](std::int32_t v) {
    if (std::find(needed_.begin(), needed_.end(), v) == needed_.end()) needed_.push_back(v);
  };
  for (std::uint64_t m = needers_ & ~mask; m != 0; m &= m - 1) {
    const CompletedOp& op = p_.completed[slotOp_[std::countr_zero(m)]];
    need(op.kind == OpKind::Read ? op.value : op.expected);
  }
  for (bool changed = !casClasses_.empty(); changed;) {
    changed = false;
    for (std::uint32_t c : casClasses_) {
      const PendingClass& cls = p_.pending[c];
      if (std::find(needed_.begin(), needed_.end(), cls.value) == needed_.end()) continue;
      if (std::find(needed_.begin(), needed_.end(), cls.expected) != needed_.end()) continue;
      needed_.push_back(cls.expected);
      changed = true;
    }
  }
}

void Sweep::reach(std::uint64_t mask, std::int32_t value, std::uint64_t bit) {
  mask = withObservers(mask, value);
  if ((mask & bit) != 0) {
    if (emitted_.insert(mask & ~bit, value)) {
      next_.push_back(Config{mask & ~bit, value});
      ++out_.configurations;
    }
    return;
  }
  if (visited_.insert(mask, value)) {
    stack_.push_back(Config{mask, value});
    ++out_.configurations;
  }
}

void Sweep::expand(Config start, std::uint64_t bit) {
  stack_.clear();
  if (!visited_.insert(start.mask, start.value)) return;
  stack_.push_back(start);
  while (!stack_.empty()) {
    if (out_.configurations > limits_.maxConfigurations) {
      overBudget_ = true;
      return;
    }
    Config c = stack_.back();
    stack_.pop_back();
    // What a write leads to does not depend on the value it overwrites: from
    // one mask, write moves (ours and unknown ones) are generated only once.
    const bool firstForMask = visited_.insert(c.mask, kWritesDone);
    std::uint64_t open = inflight_ & ~c.mask;
    std::uint64_t movable = casFrom_[c.value] | (firstForMask ? writes_ : 0);
    for (std::uint64_t m = movable & open; m != 0; m &= m - 1) {
      int slot = std::countr_zero(m);
      if ((earlierTwins_[slot] & open) != 0) continue;
      reach(c.mask | (std::uint64_t{1} << slot), p_.completed[slotOp_[slot]].value, bit);
    }
    if (p_.pending.empty()) continue;
    collectNeeded(c.mask);
    for (std::int32_t v : needed_) {
      if (v == c.value) continue;
      for (std::uint32_t cls : producers_[v]) {
        const PendingClass& pc = p_.pending[cls];
        if (pc.kind == OpKind::Write ? !firstForMask : pc.expected != c.value) continue;
        reach(c.mask, v, bit);
        break;  // every legal producer of v leads to the same configuration
      }
    }
  }
}

bool Sweep::finish(std::uint32_t i) {
  std::uint8_t slot = opSlot_[i];
  std::uint64_t bit = std::uint64_t{1} << slot;
  next_.clear();
  emitted_.clear();
  visited_.clear();
  for (const Config& c : current_) {
    if ((c.mask & bit) != 0) {
      if (emitted_.insert(c.mask & ~bit, c.value)) next_.push_back(Config{c.mask & ~bit, c.value});
      continue;
    }
    expand(c, bit);
    if (overBudget_) return false;
  }
  current_.swap(next_);
  out_.peakConfigurations = std::max(out_.peakConfigurations, current_.size());

  const CompletedOp& op = p_.completed[i];
  inflight_ &= ~bit;
  earlierTwins_[slot] = 0;
  for (std::uint64_t m = inflight_; m != 0; m &= m - 1) earlierTwins_[std::countr_zero(m)] &= ~bit;
  writes_ &= ~bit;
  needers_ &= ~bit;
  if (op.kind == OpKind::Read) readersOf_[op.value] &= ~bit;
  if (op.kind == OpKind::Cas) {
    casFrom_[op.expected] &= ~bit;
    readersOf_[op.value] &= ~bit;
  }
  return !current_.empty();
}

FrontierOutcome Sweep::run() {
  std::vector<Event> events;
  events.reserve(p_.completed.size() * 2 + p_.pending.size());
  for (std::uint32_t i = 0; i < p_.completed.size(); ++i) {
    events.push_back({p_.completed[i].invokeAt, EventType::Invoke, i});
    events.push_back({p_.completed[i].completeAt, EventType::Return, i});
  }
  for (std::uint32_t c = 0; c < p_.pending.size(); ++c)
    events.push_back({p_.pending[c].invokeAt.front(), EventType::PendingInvoke, c});
  std::sort(events.begin(), events.end(),
            [](const Event& a, const Event& b) { return a.at < b.at; });
  opSlot_.assign(p_.completed.size(), 0);
  current_.assign(1, Config{0, 0});
  for (std::int32_t v = 1; p_.anyInitial && v < static_cast<std::int32_t>(p_.values.size()); ++v)
    current_.push_back(Config{0, v});

  for (const Event& e : events) {
    switch (e.type) {
      case EventType::PendingInvoke: {
        const PendingClass& cls = p_.pending[e.index];
        producers_[cls.value].push_back(e.index);
        if (cls.kind == OpKind::Cas) casClasses_.push_back(e.index);
        break;
      }
      case EventType::Invoke:
        if (!invoke(e.index)) {
          out_.verdict = Verdict::Unknown;
          out_.tooWide = true;
          return out_;
        }
        break;
      case EventType::Return:
        if (!finish(e.index)) {
          out_.verdict = overBudget_ ? Verdict::Unknown : Verdict::NotLinearizable;
          out_.culprit = e.index;
          return out_;
        }
        break;
    }
  }
  return out_;
}

}  // namespace

FrontierOutcome sweepRelaxed(const Partition& partition, const SearchLimits& limits) {
  Sweep sweep(partition, limits);
  return sweep.run();
}

}  // namespace catslab::checker
