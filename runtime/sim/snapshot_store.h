// SnapshotStore: time travel over a trace. It keeps the record stream and
// folds it into global snapshots (GlobalState: per node up/down and inspect
// key/values, plus messages in flight) on demand.
//
// Seeking: at(n) is the state after the first n records. The store keeps a
// keyframe (a full GlobalState) every `keyframeEvery` records, so at(n)
// finds the keyframe before n by binary search (O(log k)) and replays at most
// keyframeEvery records from it. atTime(t) first finds n by binary search
// over record times (records are in time order). forward()/backward() step a
// state one record either way (backward replays from the keyframe).
//
// Memory policy for long runs (Options):
//  - maxKeyframes: when exceeded, every other keyframe is dropped and the
//    spacing doubles, so keyframe memory stays bounded while seeks get at
//    most twice as slow per halving.
//  - maxRecords (0 = unbounded): when exceeded, the oldest records are
//    dropped back to a keyframe, which becomes the base (so at most
//    maxRecords + keyframeEvery() records are kept). States before
//    firstIndex() are then gone: at(n) clamps n to [firstIndex(), endIndex()].
//
// The GUI builds its timeline on this class; it has no Qt. Not thread-safe:
// feed and query it from one thread (or guard it).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "runtime/proto/trace.pb.h"
#include "runtime/result.h"
#include "runtime/sim/global_state.h"
#include "runtime/sim/trace_recorder.h"

namespace catslab::sim {

class SnapshotStore {
 public:
  struct Options {
    std::size_t keyframeEvery = 1024;
    std::size_t maxKeyframes = 4096;
    std::size_t maxRecords = 0;  // 0: keep every record
  };
  SnapshotStore() : SnapshotStore(Options{}) {}
  explicit SnapshotStore(Options options);

  // Records must come in stream order (the header included or not).
  void append(const trace::Record& record);
  RecordSink sink();  // valid while the store lives
  // Reads a whole trace file (header first, as written by TraceFileWriter).
  static runtime::Result<SnapshotStore> fromFile(const std::string& path, Options options);
  static runtime::Result<SnapshotStore> fromFile(const std::string& path) {
    return fromFile(path, Options{});
  }
  // Writes the retained records (a header record is written first if the
  // store has none at its start).
  runtime::Status writeTo(const std::string& path) const;

  // Indices are positions in the whole stream (record seq order, from 0).
  std::uint64_t firstIndex() const { return first_; }
  std::uint64_t endIndex() const { return first_ + records_.size(); }
  const trace::Record& record(std::uint64_t index) const { return records_.at(index - first_); }
  // The state after every record so far.
  const GlobalState& latest() const { return latest_; }

  GlobalState at(std::uint64_t n) const;
  // Number of records with time <= timeNs (so atTime shows everything up to t).
  std::uint64_t indexAtTime(std::int64_t timeNs) const;
  GlobalState atTime(std::int64_t timeNs) const { return at(indexAtTime(timeNs)); }
  // One record forward / back; false at either end. `state` must come from this store.
  bool forward(GlobalState& state) const;
  bool backward(GlobalState& state) const;

  std::size_t keyframes() const { return keyframes_.size(); }
  std::size_t keyframeEvery() const { return every_; }

 private:
  struct Keyframe {
    std::uint64_t n;
    GlobalState state;
  };
  void trim();

  Options options_;
  std::size_t every_;
  std::uint64_t first_ = 0;
  std::deque<trace::Record> records_;
  std::vector<Keyframe> keyframes_;  // sorted by n; keyframes_[0].n == first_
  GlobalState latest_;
  // The stream index each stored record had (records carry seq, but a store
  // also accepts streams that start at an arbitrary seq).
  std::uint64_t next_ = 0;
};

}  // namespace catslab::sim
