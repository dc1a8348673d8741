// Three CATS nodes for the suites that launch them as real catslab-node
// processes (tst_process_backend, tst_process_views): the topology, and when
// their ring has settled so that requests are answered.
#pragma once

#include <QString>
#include <QtGlobal>

#include "runtime/topology.h"
#include "snapshot_view/ring/ring_snapshot.h"
#include "snapshot_view/run_store.h"
#include "tests/free_port.h"

namespace catslab::testing {

// n1..n3 of resources/examples/cats/topology.json (replication 3, n1 the
// bootstrap node) on free ports, without their scripts (only the test's
// requests run) and without RESP front ends.
inline ::catslab::topology::Topology threeCatsNodes() {
  const QString path = qEnvironmentVariable("CATSLAB_SOURCE_DIR") +
                       QStringLiteral("/resources/examples/cats/topology.json");
  auto loaded = ::catslab::runtime::loadTopology(path.toStdString());
  if (!loaded) qFatal("%s", loaded.error().c_str());
  ::catslab::topology::Topology t = *loaded;
  t.mutable_nodes()->DeleteSubrange(3, t.nodes_size() - 3);
  for (auto& n : *t.mutable_nodes()) {
    n.set_port(freePort());
    n.mutable_params()->erase("resp_port");
    n.clear_script();
  }
  t.set_bootstrap("n1");
  return t;
}

// Whether the run's latest state has the three nodes' ring whole (all ready,
// each one's successor the next clockwise, its predecessor the one before)
// and their groups settled: with replication 3 every node is in every group,
// none joining. Until then a request may meet a view being changed and be
// answered "unavailable", as a client would see.
inline bool catsSettled(const ::catslab::ui::RunStore& store) {
  namespace ring = ::catslab::ui::ring;
  if (store.recordCount() == 0) return false;
  const ring::RingSnapshot r = ring::buildRing(store.stateAfter(store.recordCount() - 1));
  if (r.kind != ring::RingKind::Cats || r.nodes.size() != 3) return false;
  const int groups = r.nodes.front().groups;
  for (std::size_t i = 0; i < 3; ++i) {
    const ring::RingNode& n = r.nodes[i];
    if (n.status != ring::NodeStatus::Ready || n.successors.isEmpty() ||
        n.successors.first() != r.nodes[(i + 1) % 3].id ||
        n.predecessor != r.nodes[(i + 2) % 3].id || n.groups == 0 || n.groups != groups ||
        n.joiningGroups != 0)
      return false;
  }
  return true;
}

}  // namespace catslab::testing
