#include "protocols/omega/monarchical_eld.h"

#include "protocols/common/node_set.h"

namespace catslab::protocols {

MonarchicalEld::MonarchicalEld(runtime::Address self, std::vector<runtime::Address> all)
    : self_(std::move(self)), all_(allNodes(self_, all)) {
  subscribe(fd_, &MonarchicalEld::onSuspect);
  subscribe(fd_, &MonarchicalEld::onRestore);
}

void MonarchicalEld::onStart() {
  for (const auto& node : all_) {
    if (!(node == self_)) trigger(StartMonitoring(node), fd_);
  }
  updateLeader();
}

void MonarchicalEld::onSuspect(const Suspect& s) {
  suspected_.insert(s.node.id);
  updateLeader();
}

void MonarchicalEld::onRestore(const Restore& r) {
  suspected_.erase(r.node.id);
  updateLeader();
}

// leader := maxrank(Π \ suspected); trigger Leader when it changes.
void MonarchicalEld::updateLeader() {
  for (const auto& node : all_) {
    if (suspected_.count(node.id)) continue;
    if (node.id != leader_) {
      leader_ = node.id;
      ++changes_;
      trigger(Leader(node), omega_);
    }
    return;
  }
}

void MonarchicalEld::inspect(runtime::StateWriter& out) const {
  out.set("leader", leader_);
  out.set("suspects", joinIds(suspected_));
  out.set("leaderChanges", changes_);
}

}  // namespace catslab::protocols
