// Link emulation for the real network: the topology's per-link model
// (latency distribution, jitter, loss, down) applied to this node's outgoing
// messages, so a topology drawn in the GUI is felt on localhost.
//
// Each node emulates only its outgoing direction (self -> peer); a message
// on a link with 20 ms latency each way therefore sees a 40 ms round trip,
// and a loss of p on one direction loses that fraction of messages sent that
// way. Self-sends are never emulated.
//
// LinkTable holds the model in force per peer and can be changed at run time
// (console command `link ...`, the monitor channel). decide() draws the fate
// of one message from the caller's random stream, so the component that
// calls it keeps its randomness in its own context.
//
// Thread safety: LinkTable is thread-safe (one mutex); decide() is a pure
// function of its arguments.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "runtime/clock.h"
#include "runtime/proto/topology.pb.h"
#include "runtime/random.h"

namespace catslab::net {

class LinkTable {
 public:
  LinkTable() = default;
  // Models from `self` to every other node of `topology`.
  static std::shared_ptr<LinkTable> fromTopology(const topology::Topology& topology,
                                                 const std::string& self);

  // The model for self -> peer: the peer's entry, or the default.
  topology::LinkModel get(const std::string& peer) const;
  void set(const std::string& peer, topology::LinkModel model);
  void setDefault(topology::LinkModel model);
  topology::LinkModel defaultModel() const;
  // Every peer with an entry, by id.
  std::map<std::string, topology::LinkModel> entries() const;
  // True if no entry and no default can delay or drop anything: sends skip
  // the emulation path entirely.
  bool transparent() const;

 private:
  void recomputeTransparentLocked();
  mutable std::mutex mutex_;
  std::map<std::string, topology::LinkModel> peers_;
  topology::LinkModel default_;
  bool transparent_ = true;
};

// The fate of one message on a link.
struct LinkDecision {
  bool drop = false;
  const char* reason = "";  // "link down" or "loss" when dropped
  runtime::Duration delay{0};
};

LinkDecision decide(const topology::LinkModel& model, runtime::Random& random);

// True if the model neither delays nor drops.
bool isTransparent(const topology::LinkModel& model);

}  // namespace catslab::net
