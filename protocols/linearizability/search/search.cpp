#include "protocols/linearizability/search/search.h"

#include <algorithm>
#include <climits>
#include <memory>

#include "protocols/linearizability/search/memo.h"

namespace catslab::checker {

class Searcher {
 public:
  Searcher(const Partition& partition, const SearchLimits& limits, UnknownOps mode);
  // Continues where the previous call stopped, with a total budget of
  // `maxConfigurations`; the memo and the stack are kept.
  SearchOutcome run(std::uint64_t maxConfigurations);

 private:
  static constexpr std::int32_t kRoot = INT32_MIN;
  static constexpr std::size_t kMemoBytes = std::size_t{96} << 20;
  enum class Entered { Success, Explore, Abort };
  Entered runFrom(std::int32_t start);

  // Nothing is absorbable before the first blind write of a path.
  static constexpr std::int64_t kNoBlindWrite = INT64_MIN;
  struct Frame {
    // [0, n): completed op, taken normally; [n, 2n): completed write n + i,
    // absorbed (see `absorbBefore_`); < 0: pending class -(c + 1).
    std::int32_t move = kRoot;
    std::int32_t prevValue = 0;
    std::int64_t prevAbsorbBefore = kNoBlindWrite;
    std::vector<std::uint32_t> forced;  // observers linearized on entry
    std::vector<std::int32_t> moves;
    std::size_t next = 0;
  };

  bool isDone(std::size_t i) const { return (done_[i >> 6] >> (i & 63)) & 1U; }
  void linearize(std::size_t i);
  void unlinearize(std::size_t i);
  void apply(std::int32_t move);
  void undo(const Frame& frame);
  void placed(std::int64_t completeAt) { absorbBefore_ = std::min(absorbBefore_, completeAt); }
  void scan();
  void applyObservers(Frame& frame);
  bool isNewConfiguration();
  bool classAvailable(std::size_t c) const;
  bool feasible() const;
  void computeMoves(Frame& frame);
  Entered enter(Frame& frame);

  const Partition& p_;
  SearchLimits limits_;
  bool relaxed_;
  std::size_t n_;
  std::vector<std::uint64_t> done_;
  std::size_t k_ = 0;  // first completed op not linearized
  std::int32_t value_ = 0;
  // Absorbed writes. A write whose value nobody sees (the next op is a blind
  // write) is not taken when it could be, which would branch on every subset
  // of the writes in flight, but only when it must be (it returns first),
  // and then placed right before the last blind write b of the path. That is
  // a valid position iff it was invoked before every op placed from b on
  // returned: before `absorbBefore_`, the earliest of their returns.
  std::int64_t absorbBefore_ = kNoBlindWrite;
  std::vector<std::int32_t> used_;         // per pending class
  std::vector<std::int32_t> usedClasses_;  // classes with used_ > 0, unordered

  // Results of scan(): unlinearized ops that may go next, and the window end.
  std::vector<std::uint32_t> cands_;
  std::int64_t minRet_ = kNever;
  std::size_t lastDone_ = 0;

  std::vector<std::vector<std::int32_t>> producers_;     // value -> pending classes
  std::vector<std::vector<std::uint32_t>> okProducers_;  // value -> ok writes/cas leaving it
  std::vector<std::int32_t> casClasses_;
  std::vector<std::int32_t> needed_;
  std::vector<std::int64_t> neededBy_;  // value -> earliest deadline of an op needing it
  std::vector<std::uint64_t> key_;
  ConfigMemo memo_;
  ConfigMemo usages_;  // interned usages; Entry::head is the id
  std::vector<std::pair<std::uint32_t, std::uint32_t>> usageAt_;  // id -> words in usages_
  std::vector<std::uint64_t> usageKey_;
  std::vector<Frame> stack_;
  std::size_t depth_ = 0;   // frames in use; 0 between starts
  std::int32_t start_ = 0;  // initial value being explored
  bool finished_ = false;
  SearchOutcome out_;
};

Searcher::Searcher(const Partition& partition, const SearchLimits& limits, UnknownOps mode)
    : p_(partition),
      limits_(limits),
      relaxed_(mode == UnknownOps::Relaxed),
      n_(partition.completed.size()),
      done_((partition.completed.size() + 64) / 64, 0),
      used_(partition.pending.size(), 0),
      producers_(partition.values.size()),
      okProducers_(partition.values.size()),
      neededBy_(partition.values.size(), kNever) {
  for (std::size_t c = 0; c < p_.pending.size(); ++c) {
    producers_[p_.pending[c].value].push_back(static_cast<std::int32_t>(c));
    if (p_.pending[c].kind == OpKind::Cas) casClasses_.push_back(static_cast<std::int32_t>(c));
  }
  for (std::uint32_t i = 0; i < n_; ++i)
    if (p_.completed[i].kind != OpKind::Read) okProducers_[p_.completed[i].value].push_back(i);
}

void Searcher::linearize(std::size_t i) {
  done_[i >> 6] |= std::uint64_t{1} << (i & 63);
  while (k_ < n_ && isDone(k_)) ++k_;
}

void Searcher::unlinearize(std::size_t i) {
  done_[i >> 6] &= ~(std::uint64_t{1} << (i & 63));
  k_ = std::min(k_, i);
}

void Searcher::apply(std::int32_t move) {
  const auto n = static_cast<std::int32_t>(n_);
  if (move >= n) {
    linearize(static_cast<std::size_t>(move - n));  // absorbed: the value stays
    return;
  }
  if (move >= 0) {
    const CompletedOp& op = p_.completed[move];
    linearize(static_cast<std::size_t>(move));
    value_ = op.value;
    if (op.kind == OpKind::Write) {
      absorbBefore_ = op.completeAt;
    } else {
      placed(op.completeAt);
    }
    return;
  }
  auto c = static_cast<std::size_t>(-(move + 1));
  if (!relaxed_ && used_[c]++ == 0) usedClasses_.push_back(static_cast<std::int32_t>(c));
  value_ = p_.pending[c].value;
  if (p_.pending[c].kind == OpKind::Write) absorbBefore_ = kNever;  // it never returns
}

void Searcher::undo(const Frame& frame) {
  const std::int32_t move = frame.move;
  value_ = frame.prevValue;
  absorbBefore_ = frame.prevAbsorbBefore;
  if (move >= static_cast<std::int32_t>(n_)) {
    unlinearize(static_cast<std::size_t>(move) - n_);
    return;
  }
  if (move >= 0) {
    unlinearize(static_cast<std::size_t>(move));
    return;
  }
  auto c = static_cast<std::size_t>(-(move + 1));
  if (!relaxed_ && --used_[c] == 0) {
    // Classes are released in the reverse order of first use.
    usedClasses_.pop_back();
  }
}

void Searcher::scan() {
  cands_.clear();
  minRet_ = kNever;
  lastDone_ = k_;
  // Ops are sorted by invocation; one invoked after the earliest pending
  // return cannot go next, and neither can anything after it.
  for (std::size_t i = k_; i < n_; ++i) {
    const CompletedOp& op = p_.completed[i];
    if (op.invokeAt > minRet_) break;
    if (isDone(i)) {
      lastDone_ = i;
      continue;
    }
    cands_.push_back(static_cast<std::uint32_t>(i));
    minRet_ = std::min(minRet_, op.completeAt);
  }
}

void Searcher::applyObservers(Frame& frame) {
  frame.forced.clear();
  for (;;) {
    scan();
    bool any = false;
    for (std::uint32_t i : cands_) {
      const CompletedOp& op = p_.completed[i];
      bool observer = (op.kind == OpKind::Read && op.value == value_) ||
                      (op.kind == OpKind::Cas && op.expected == value_ && op.value == value_);
      if (!observer) continue;
      linearize(i);
      placed(op.completeAt);
      frame.forced.push_back(i);
      any = true;
    }
    if (!any) return;
  }
}

bool Searcher::isNewConfiguration() {
  // The memo only saves work: past its memory bound it starts over rather
  // than grow (the budget still bounds the search).
  if (memo_.bytes() > kMemoBytes) memo_.clear();
  key_.clear();
  key_.push_back((static_cast<std::uint64_t>(k_) << 32) | static_cast<std::uint32_t>(value_));
  for (std::size_t b = k_ + 1; b <= lastDone_ && lastDone_ > k_; b += 64) {
    std::size_t w = b >> 6;
    std::size_t off = b & 63;
    std::uint64_t word = done_[w] >> off;
    if (off != 0 && w + 1 < done_.size()) word |= done_[w + 1] << (64 - off);
    std::size_t remaining = lastDone_ - b + 1;
    if (remaining < 64) word &= (std::uint64_t{1} << remaining) - 1;
    key_.push_back(word);
  }
  // Which unplaced writes could still be absorbed: those invoked before
  // absorbBefore_, a prefix of them by invocation, so their count says it.
  std::uint64_t absorbable = 0;
  if (absorbBefore_ != kNoBlindWrite) {
    for (std::size_t i = k_; i < n_ && p_.completed[i].invokeAt < absorbBefore_; ++i)
      if (!isDone(i) && p_.completed[i].kind == OpKind::Write) ++absorbable;
  }
  key_.push_back(absorbable);
  // The usages of unknown classes seen with this key form an antichain
  // under "used at most as many of every class"; a usage that is not below
  // any of them is new.
  if (usedClasses_.empty()) {
    ConfigMemo::Entry& entry = memo_.find(key_);
    if (entry.emptySeen) return false;
    entry.emptySeen = true;
  } else {
    // Usages are interned: a path changes its usage only when it takes an
    // unknown op, so many configurations share one, and a record is its id.
    usageKey_.clear();
    for (std::int32_t c : usedClasses_)
      usageKey_.push_back((static_cast<std::uint64_t>(c) << 32) |
                          static_cast<std::uint32_t>(used_[c]));
    std::sort(usageKey_.begin(), usageKey_.end());
    ConfigMemo::Entry& usage = usages_.find(usageKey_);
    if (usage.head == ConfigMemo::kNoRecord) {
      usage.head = static_cast<std::uint32_t>(usageAt_.size());
      usageAt_.emplace_back(usage.offset, usage.length);
    }
    const std::uint32_t id = usage.head;
    ConfigMemo::Entry& entry = memo_.find(key_);
    if (entry.emptySeen) return false;
    const std::vector<std::uint64_t>& r = memo_.records();
    const std::vector<std::uint64_t>& words = usages_.keys();
    for (std::uint32_t pos = entry.head; pos != ConfigMemo::kNoRecord;
         pos = static_cast<std::uint32_t>(r[pos])) {
      const auto [offset, count] = usageAt_[r[pos + 2]];
      bool dominated = true;
      for (std::size_t j = 0; j < count && dominated; ++j) {
        std::uint64_t e = words[offset + j];
        dominated = used_[e >> 32] >= static_cast<std::int32_t>(e & 0xffffffffU);
      }
      if (dominated) return false;
    }
    memo_.startRecord(entry, 1).push_back(id);
  }
  ++out_.configurations;
  return true;
}

// False if an available read or cas waits for a value that nothing left can
// produce before it returns: the register does not hold it, no unlinearized
// write or cas leaving it was invoked in time, and no unknown one either.
// Such a configuration has no order however the others are arranged, so it
// is abandoned before its moves are explored.
bool Searcher::feasible() const {
  for (std::uint32_t i : cands_) {
    const CompletedOp& op = p_.completed[i];
    if (op.kind == OpKind::Write) continue;
    const std::int32_t v = op.kind == OpKind::Read ? op.value : op.expected;
    if (v == value_) continue;
    bool possible = false;
    const std::vector<std::uint32_t>& ok = okProducers_[v];
    for (auto it = std::lower_bound(ok.begin(), ok.end(), static_cast<std::uint32_t>(k_));
         it != ok.end() && p_.completed[*it].invokeAt < op.completeAt && !possible; ++it)
      possible = *it != i && !isDone(*it);
    for (std::size_t c = 0; !possible && c < producers_[v].size(); ++c) {
      const PendingClass& cls = p_.pending[producers_[v][c]];
      auto u = relaxed_ ? 0 : static_cast<std::size_t>(used_[producers_[v][c]]);
      possible = u < cls.invokeAt.size() && cls.invokeAt[u] < op.completeAt;
    }
    if (!possible) return false;
  }
  return true;
}

bool Searcher::classAvailable(std::size_t c) const {
  const PendingClass& cls = p_.pending[c];
  auto u = static_cast<std::size_t>(used_[c]);
  return u < cls.invokeAt.size() && cls.invokeAt[u] < minRet_;
}

void Searcher::computeMoves(Frame& frame) {
  frame.moves.clear();
  frame.next = 0;
  needed_.clear();
  auto need = [this](std::int32_t v) {
    if (std::find(needed_.begin(), needed_.end(), v) == needed_.end()) needed_.push_back(v);
  };
  std::int32_t first = -1;  // the available op that returns first
  for (std::uint32_t i : cands_) {
    const CompletedOp& op = p_.completed[i];
    if (op.completeAt == minRet_) first = static_cast<std::int32_t>(i);
    if (op.kind == OpKind::Cas && op.expected == value_)
      frame.moves.push_back(static_cast<std::int32_t>(i));
    if (op.kind == OpKind::Read || op.kind == OpKind::Cas) {
      std::int32_t v = op.kind == OpKind::Read ? op.value : op.expected;
      need(v);
      neededBy_[v] = std::min(neededBy_[v], op.completeAt);
    }
  }
  // A chain of unknown cas may lead to a needed value: its start is needed too.
  for (bool changed = !casClasses_.empty(); changed;) {
    changed = false;
    for (std::int32_t c : casClasses_) {
      const PendingClass& cls = p_.pending[c];
      if (!classAvailable(c)) continue;
      if (std::find(needed_.begin(), needed_.end(), cls.value) == needed_.end()) continue;
      if (std::find(needed_.begin(), needed_.end(), cls.expected) != needed_.end()) continue;
      needed_.push_back(cls.expected);
      // Through an unknown op: allowed, but tried after the direct ones.
      neededBy_[cls.expected] = kNever - 1;
      changed = true;
    }
  }
  // A write is taken where its value is seen: when an available read or cas
  // (or a chain of unknown cas leading to one) waits for its value, or when
  // it returns first (then it may also be absorbed). Any order can be
  // rearranged so that every write is seen right after it, or is absorbed
  // right before the last blind write preceding its return, or returns
  // first where it stands.
  for (std::uint32_t i : cands_) {
    const CompletedOp& op = p_.completed[i];
    if (op.kind != OpKind::Write) continue;
    if (neededBy_[op.value] != kNever || static_cast<std::int32_t>(i) == first)
      frame.moves.push_back(static_cast<std::int32_t>(i));
  }
  // Moves that produce a value an available operation waits for come
  // first, the most urgent wait first; then the others by deadline. The
  // order only changes how soon an order is found, never the verdict.
  auto urgency = [this](std::int32_t m) {
    const CompletedOp& op = p_.completed[m];
    return std::make_pair(neededBy_[op.value], op.completeAt);
  };
  std::sort(frame.moves.begin(), frame.moves.end(),
            [&](std::int32_t a, std::int32_t b) { return urgency(a) < urgency(b); });
  // Of the available writes of one value (or legal cas to one value), only
  // the one that returns first is tried: exchanging two of them in any
  // order keeps it valid (same effect, and the earlier deadline goes first).
  std::size_t kept = 0;
  for (std::int32_t m : frame.moves) {
    const CompletedOp& op = p_.completed[m];
    bool twin = false;
    for (std::size_t j = 0; j < kept && !twin; ++j) {
      const CompletedOp& other = p_.completed[frame.moves[j]];
      twin = other.kind == op.kind && other.value == op.value;
    }
    if (!twin) frame.moves[kept++] = m;
  }
  frame.moves.resize(kept);
  if (first >= 0 && p_.completed[first].kind == OpKind::Write &&
      p_.completed[first].invokeAt < absorbBefore_)
    frame.moves.insert(frame.moves.begin(), first + static_cast<std::int32_t>(n_));
  for (std::int32_t v : needed_) neededBy_[v] = kNever;
  if (p_.pending.empty()) return;

  for (std::int32_t v : needed_) {
    if (v == value_) continue;
    for (std::int32_t c : producers_[v]) {
      const PendingClass& cls = p_.pending[c];
      if (!classAvailable(c)) continue;
      if (cls.kind == OpKind::Cas && cls.expected != value_) continue;
      frame.moves.push_back(-(c + 1));
    }
  }
}

Searcher::Entered Searcher::enter(Frame& frame) {
  applyObservers(frame);
  // How far this configuration got: its first unlinearized read or cas
  // (writes wait until they are seen or must go, so they say nothing).
  std::size_t reached = cands_.empty() ? k_ : cands_.back() + 1;
  for (std::uint32_t i : cands_) {
    if (p_.completed[i].kind != OpKind::Write) {
      reached = i;
      break;
    }
  }
  out_.deepest = std::max(out_.deepest, reached);
  if (k_ == n_) return Entered::Success;
  frame.moves.clear();
  frame.next = 0;
  // Before the memo sees it, so that a resumed search enters it again.
  if (out_.configurations >= limits_.maxConfigurations) return Entered::Abort;
  if (!feasible()) return Entered::Explore;
  if (!isNewConfiguration()) return Entered::Explore;
  computeMoves(frame);
  return Entered::Explore;
}

SearchOutcome Searcher::run(std::uint64_t maxConfigurations) {
  limits_.maxConfigurations = maxConfigurations;
  if (finished_) return out_;
  // A window may start in any value; the memo is shared, since its key
  // includes the value.
  const auto starts = static_cast<std::int32_t>(p_.anyInitial ? p_.values.size() : 1);
  for (; n_ > 0 && start_ < starts; ++start_) {
    switch (runFrom(start_)) {
      case Entered::Success:
        finished_ = true;
        out_.verdict = Verdict::Linearizable;
        return out_;
      case Entered::Abort:
        out_.verdict = Verdict::Unknown;
        return out_;
      case Entered::Explore:
        break;
    }
  }
  finished_ = true;
  out_.verdict = n_ == 0 ? Verdict::Linearizable : Verdict::NotLinearizable;
  return out_;
}

Searcher::Entered Searcher::runFrom(std::int32_t start) {
  if (stack_.empty()) stack_.emplace_back();
  if (depth_ == 0) {
    value_ = start;
    absorbBefore_ = kNoBlindWrite;
    Frame& root = stack_[0];
    root.move = kRoot;
    Entered e = enter(root);
    if (e == Entered::Abort) {
      for (auto it = root.forced.rbegin(); it != root.forced.rend(); ++it) unlinearize(*it);
      value_ = 0;
    }
    if (e != Entered::Explore) return e;
    depth_ = 1;
  }
  while (depth_ > 0) {
    Frame* top = &stack_[depth_ - 1];
    if (top->next < top->moves.size()) {
      std::int32_t move = top->moves[top->next++];
      if (stack_.size() == depth_) stack_.emplace_back();
      Frame& child = stack_[depth_++];
      child.move = move;
      child.prevValue = value_;
      child.prevAbsorbBefore = absorbBefore_;
      apply(move);
      ++out_.steps;
      Entered e = enter(child);
      if (e == Entered::Abort) {
        // Out of budget: step back so that the move is tried again on resume.
        for (auto it = child.forced.rbegin(); it != child.forced.rend(); ++it) unlinearize(*it);
        undo(child);
        --depth_;
        --stack_[depth_ - 1].next;
      }
      if (e != Entered::Explore) return e;
      continue;
    }
    for (auto it = top->forced.rbegin(); it != top->forced.rend(); ++it) unlinearize(*it);
    if (top->move != kRoot) undo(*top);
    --depth_;
  }
  return Entered::Explore;  // exhausted from this start
}

SearchOutcome searchPartition(const Partition& partition, const SearchLimits& limits,
                              UnknownOps mode) {
  Searcher searcher(partition, limits, mode);
  return searcher.run(limits.maxConfigurations);
}

ResumableSearch::ResumableSearch(const Partition& partition, UnknownOps mode)
    : impl_(std::make_unique<Searcher>(partition, SearchLimits{}, mode)) {}

ResumableSearch::~ResumableSearch() = default;

SearchOutcome ResumableSearch::run(std::uint64_t maxConfigurations) {
  return impl_->run(maxConfigurations);
}

}  // namespace catslab::checker
