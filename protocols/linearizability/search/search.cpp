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
  enum class Entered { Success, Explore, Abort };
  Entered runFrom(std::int32_t start);

  struct Frame {
    std::int32_t move = kRoot;  // >= 0: completed index; < 0: pending class -(c + 1)
    std::int32_t prevValue = 0;
    std::vector<std::uint32_t> forced;  // observers linearized on entry
    std::vector<std::int32_t> moves;
    std::size_t next = 0;
  };

  bool isDone(std::size_t i) const { return (done_[i >> 6] >> (i & 63)) & 1U; }
  void linearize(std::size_t i);
  void unlinearize(std::size_t i);
  void apply(std::int32_t move);
  void undo(std::int32_t move, std::int32_t prevValue);
  void scan();
  void applyObservers(Frame& frame);
  bool isNewConfiguration();
  bool classAvailable(std::size_t c) const;
  void computeMoves(Frame& frame);
  Entered enter(Frame& frame);

  const Partition& p_;
  SearchLimits limits_;
  bool relaxed_;
  std::size_t n_;
  std::vector<std::uint64_t> done_;
  std::size_t k_ = 0;  // first completed op not linearized
  std::int32_t value_ = 0;
  std::vector<std::int32_t> used_;         // per pending class
  std::vector<std::int32_t> usedClasses_;  // classes with used_ > 0, unordered

  // Results of scan(): unlinearized ops that may go next, and the window end.
  std::vector<std::uint32_t> cands_;
  std::int64_t minRet_ = kNever;
  std::size_t lastDone_ = 0;

  std::vector<std::vector<std::int32_t>> producers_;  // value -> pending classes
  std::vector<std::int32_t> casClasses_;
  std::vector<std::int32_t> needed_;
  std::vector<std::uint64_t> key_;
  ConfigMemo memo_;
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
      producers_(partition.values.size()) {
  for (std::size_t c = 0; c < p_.pending.size(); ++c) {
    producers_[p_.pending[c].value].push_back(static_cast<std::int32_t>(c));
    if (p_.pending[c].kind == OpKind::Cas) casClasses_.push_back(static_cast<std::int32_t>(c));
  }
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
  if (move >= 0) {
    linearize(static_cast<std::size_t>(move));
    value_ = p_.completed[move].value;
    return;
  }
  auto c = static_cast<std::size_t>(-(move + 1));
  if (!relaxed_ && used_[c]++ == 0) usedClasses_.push_back(static_cast<std::int32_t>(c));
  value_ = p_.pending[c].value;
}

void Searcher::undo(std::int32_t move, std::int32_t prevValue) {
  value_ = prevValue;
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
      frame.forced.push_back(i);
      any = true;
    }
    if (!any) return;
  }
}

bool Searcher::isNewConfiguration() {
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
  // The usages of unknown classes seen with this key form an antichain
  // under "used at most as many of every class"; a usage that is not below
  // any of them is new.
  ConfigMemo::Entry& entry = memo_.find(key_);
  if (entry.emptySeen) return false;
  if (usedClasses_.empty()) {
    entry.emptySeen = true;
  } else {
    const std::vector<std::uint64_t>& r = memo_.records();
    for (std::uint32_t pos = entry.head; pos != ConfigMemo::kNoRecord;
         pos = static_cast<std::uint32_t>(r[pos])) {
      std::size_t count = r[pos + 1];
      bool dominated = true;
      for (std::size_t j = 0; j < count && dominated; ++j) {
        std::uint64_t e = r[pos + 2 + j];
        dominated = used_[e >> 32] >= static_cast<std::int32_t>(e & 0xffffffffU);
      }
      if (dominated) return false;
    }
    std::vector<std::uint64_t>& out = memo_.startRecord(entry, usedClasses_.size());
    for (std::int32_t c : usedClasses_)
      out.push_back((static_cast<std::uint64_t>(c) << 32) | static_cast<std::uint32_t>(used_[c]));
  }
  ++out_.configurations;
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
  for (std::uint32_t i : cands_) {
    const CompletedOp& op = p_.completed[i];
    if (op.kind == OpKind::Write || (op.kind == OpKind::Cas && op.expected == value_))
      frame.moves.push_back(static_cast<std::int32_t>(i));
    if (op.kind == OpKind::Read) need(op.value);
    if (op.kind == OpKind::Cas) need(op.expected);
  }
  std::sort(frame.moves.begin(), frame.moves.end(), [this](std::int32_t a, std::int32_t b) {
    return p_.completed[a].completeAt < p_.completed[b].completeAt;
  });
  if (p_.pending.empty()) return;

  // A chain of unknown cas may lead to a needed value: its start is needed too.
  for (bool changed = true; changed;) {
    changed = false;
    for (std::int32_t c : casClasses_) {
      const PendingClass& cls = p_.pending[c];
      if (!classAvailable(c)) continue;
      if (std::find(needed_.begin(), needed_.end(), cls.value) == needed_.end()) continue;
      if (std::find(needed_.begin(), needed_.end(), cls.expected) != needed_.end()) continue;
      needed_.push_back(cls.expected);
      changed = true;
    }
  }
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
  out_.deepest = std::max(out_.deepest, k_);
  if (k_ == n_) return Entered::Success;
  frame.moves.clear();
  frame.next = 0;
  // Before the memo sees it, so that a resumed search enters it again.
  if (out_.configurations >= limits_.maxConfigurations) return Entered::Abort;
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
      apply(move);
      ++out_.steps;
      Entered e = enter(child);
      if (e == Entered::Abort) {
        // Out of budget: step back so that the move is tried again on resume.
        for (auto it = child.forced.rbegin(); it != child.forced.rend(); ++it) unlinearize(*it);
        undo(child.move, child.prevValue);
        --depth_;
        --stack_[depth_ - 1].next;
      }
      if (e != Entered::Explore) return e;
      continue;
    }
    for (auto it = top->forced.rbegin(); it != top->forced.rend(); ++it) unlinearize(*it);
    if (top->move != kRoot) undo(top->move, top->prevValue);
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
