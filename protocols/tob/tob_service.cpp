#include "protocols/tob/tob_service.h"

#include "protocols/broadcast/basic_broadcast.h"
#include "protocols/broadcast/eager_reliable_broadcast.h"
#include "protocols/common/node_set.h"
#include "protocols/fd/increasing_timeout_fd.h"
#include "protocols/omega/monarchical_eld.h"
#include "protocols/tob/consensus_tob.h"

namespace catslab::protocols {

TobService::TobService(runtime::Address self, std::vector<runtime::Address> all,
                       PaxosOptions options) {
  all = allNodes(self, all);
  auto fd = create<IncreasingTimeoutFd>(self);
  auto eld = create<MonarchicalEld>(self, all);
  auto beb = create<BasicBroadcast>(self, all);
  auto rb = create<EagerReliableBroadcast>(self);
  auto paxos = create<Paxos>(self, all, options);
  auto tob = create<ConsensusTob>(self, all);
  for (const runtime::ComponentRef& c :
       {runtime::ComponentRef(fd), runtime::ComponentRef(beb), runtime::ComponentRef(paxos)}) {
    connect(network_, c.negative<runtime::Network>());
  }
  connect(timer_, fd.negative<runtime::Timer>());
  connect(timer_, paxos.negative<runtime::Timer>());
  connect(fd.positive<EventuallyPerfectFailureDetector>(),
          eld.negative<EventuallyPerfectFailureDetector>());
  connect(eld.positive<EventualLeaderDetector>(), paxos.negative<EventualLeaderDetector>());
  connect(beb.positive<BestEffortBroadcast>(), rb.negative<BestEffortBroadcast>());
  connect(beb.positive<BestEffortBroadcast>(), paxos.negative<BestEffortBroadcast>());
  connect(rb.positive<ReliableBroadcast>(), paxos.negative<ReliableBroadcast>());
  connect(rb.positive<ReliableBroadcast>(), tob.negative<ReliableBroadcast>());
  connect(paxos.positive<Consensus>(), tob.negative<Consensus>());
  connect(tob_, tob.positive<TotalOrderBroadcast>());
}

}  // namespace catslab::protocols
