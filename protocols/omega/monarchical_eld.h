// Monarchical eventual leader detection (Cachin, Guerraoui, Rodrigues,
// Algorithm 2.8), implementing EventualLeaderDetector over an
// EventuallyPerfectFailureDetector.
//
// The leader is the highest-ranked process that is not suspected; here the
// rank order is the node-id order, so the smallest unsuspected id leads.
// Once ◇P stops making mistakes every correct process computes the same
// leader over the same set of crashed processes: eventual accuracy and
// eventual agreement follow from ◇P's completeness and accuracy.
//
// Owned by its parent; single-threaded like every component.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "protocols/fd/fd_port.h"
#include "protocols/omega/omega_port.h"
#include "runtime/component.h"

namespace catslab::protocols {

class MonarchicalEld : public runtime::ComponentDefinition {
 public:
  MonarchicalEld(runtime::Address self, std::vector<runtime::Address> all);
  void inspect(runtime::StateWriter& out) const override;

 private:
  void onStart() override;
  void onSuspect(const Suspect& s);
  void onRestore(const Restore& r);
  void updateLeader();

  runtime::Negative<EventualLeaderDetector> omega_ = provide<EventualLeaderDetector>();
  runtime::Positive<EventuallyPerfectFailureDetector> fd_ =
      require<EventuallyPerfectFailureDetector>();

  runtime::Address self_;
  std::vector<runtime::Address> all_;  // sorted: rank = position
  std::set<std::string> suspected_;
  std::string leader_;  // id, empty before start
  std::uint64_t changes_ = 0;
};

}  // namespace catslab::protocols
