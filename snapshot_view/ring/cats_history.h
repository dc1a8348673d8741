// CatsHistory: the reconfiguration story of a run, read from the structured
// log lines of CATS nodes (docs/cats.md "What the trace records") and from
// the simulator's partition/heal lines, so the views can ask what was true
// at any record of the run:
//   cats view slice=S installed v<vid> [members] status=<ready|joining|left>
//   cats paxos slice=S slot=v<n> prepare ballot R.node for v<n> [members]
//   cats paxos slice=S slot=v<n> promised by majority, accept v<n> [...]
//   cats paxos slice=S slot=v<n> decided v<n> [...]
//   cats paxos slice=S [slot=v<n>] ballot R.node timed out | pre-empted by ...
//   cats handoff slice=S v<vid> from NODE: K keys, M newer; i of n sources
//   cats genesis: founded N slices   (view 1 of every slice is {that node})
//   partition [a, b] | [c]   (node "", level "sim")   and   heal
// Records are appended in order (RunStore::recordsAppended); every query
// takes `upTo`, the index of the last record to count (the timeline's
// cursor), so going back in time needs no recomputation.
//
// Plain values; GUI thread (or any single thread).
#pragma once

#include <QString>
#include <QStringList>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "runtime/proto/trace.pb.h"
#include "snapshot_view/ring/ring_snapshot.h"

namespace catslab::ui::ring {

struct Install {
  QString node;
  QString status;  // ready, joining, left
  std::int64_t timeNs = 0;
};

// One decided view of a slice.
struct ViewStep {
  std::uint64_t vid = 0;
  QStringList members;
  QString proposer;             // who decided it (empty: not seen, e.g. view 1)
  QString ballot;               // "2.n4"
  std::int64_t decidedNs = -1;  // -1: no decision line seen
  std::vector<Install> installs;
};

// The newest Paxos round of a slice that has not ended.
struct PaxosRound {
  std::uint64_t vid = 0;  // the view it decides
  QString proposer;
  QString ballot;
  QString phase;  // "prepare" (waiting for promises) or "accept"
  QStringList proposal;
  std::int64_t sinceNs = 0;
};

// A joiner's handoff in one view.
struct Handoff {
  QString joiner;
  std::uint64_t vid = 0;
  int received = 0;  // sources answered
  int needed = 0;    // 0: none answered yet
  int keys = 0;      // keys received so far
  QStringList from;
  bool done() const { return needed > 0 && received >= needed; }
};

// The "cats ..." text of a node's log record, without the component path
// the host puts in front ("/n3/cats: cats view ..."); empty for other records.
QString catsLogText(const ::catslab::trace::Record& record);

class CatsHistory {
 public:
  void clear();
  void append(const ::catslab::trace::Record& record, int index);
  bool empty() const { return events_.empty(); }

  // Slices with any reconfiguration line up to `upTo`.
  std::vector<int> slices(int upTo) const;
  std::vector<ViewStep> views(int slice, int upTo) const;
  std::optional<PaxosRound> roundInProgress(int slice, int upTo) const;
  // Handoffs of the newest view each joiner installed as `joining`.
  std::vector<Handoff> handoffs(int slice, int upTo) const;
  // Partition cuts in force after record `upTo`.
  std::vector<PartitionCut> partitions(int upTo) const;
  // Index of the record where view `vid` of `slice` was decided (-1: none).
  int decisionIndex(int slice, std::uint64_t vid) const;

 private:
  enum class Kind { Install, Prepare, Accept, Decided, Ended, HandoffStep };
  struct Event {
    Kind kind = Kind::Install;
    int index = 0;
    std::int64_t timeNs = 0;
    QString node;
    std::uint64_t vid = 0;
    QStringList members;
    QString text;  // status, ballot or handoff source
    int a = 0, b = 0, keys = 0;
  };
  struct Cut {
    int index;
    std::optional<PartitionCut> cut;  // empty: heal
  };
  std::map<int, std::vector<Event>> events_;  // by slice, in record order
  std::vector<Cut> cuts_;
  // "cats genesis": view 1 of every slice is {that node}, with no Paxos.
  QString genesisNode_;
  std::int64_t genesisNs_ = 0;
  int genesisIndex_ = -1;
};

}  // namespace catslab::ui::ring
