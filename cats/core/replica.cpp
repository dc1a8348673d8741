// The replica role: answers phase messages for the slices this node is READY
// in, in exactly the view it installed. Anything else is refused with the
// node's own view, so a coordinator never counts a reply from another view
// (the consistent quorum of CATS.md).
#include "cats/core/cats_node.h"

namespace catslab::cats {

bool CatsNode::serves(const Group& g, std::uint64_t vid) const {
  if (config_.broken == Broken::PlainMajority) {
    // The lookup-inconsistency bug: whoever holds data answers, in any view.
    return g.status != GroupStatus::None && !g.collected;
  }
  return g.status == GroupStatus::Ready && g.view.vid == vid;
}

void CatsNode::refuse(const Address& to, std::uint32_t slice, std::uint64_t op) {
  auto it = groups_.find(slice);
  View view = it != groups_.end() ? it->second.view : View{};
  GroupStatus status = it != groups_.end() ? it->second.status : GroupStatus::None;
  if (auto k = known_.find(slice); k != known_.end() && k->second.vid > view.vid) {
    view = k->second;  // a newer decided view this node knows of, as a hint
    status = GroupStatus::None;
  }
  send(std::make_shared<const OpRefused>(self_, to, slice, op, std::move(view), status));
}

void CatsNode::onOpRead(const OpRead& m) {
  auto it = groups_.find(m.slice);
  if (it == groups_.end() || !serves(it->second, m.vid)) {
    refuse(m.source, m.slice, m.op);
    return;
  }
  const auto version = store_->get(m.slice, m.key);
  auto reply = std::make_shared<OpReadReply>(self_, m.source, m.slice, m.vid, m.op,
                                             version.has_value(), version.value_or(Versioned{}));
  reply->floor = floorOf(m.slice);
  send(std::move(reply));
}

void CatsNode::onOpWrite(const OpWrite& m) {
  auto it = groups_.find(m.slice);
  if (it == groups_.end() || !serves(it->second, m.vid)) {
    refuse(m.source, m.slice, m.op);
    return;
  }
  const auto current = store_->get(m.slice, m.key);
  if (!current || current->ts < m.version.ts) {
    store_->put(m.slice, m.key, m.version);
    noteTombstone(m.slice, m.key, m.version);
  }
  sendDurable(std::make_shared<const OpWriteAck>(self_, m.source, m.slice, m.vid, m.op));
}

void CatsNode::onVersionQuery(const VersionQuery& m) {
  auto it = groups_.find(m.slice);
  const View view = it != groups_.end() ? it->second.view : View{};
  const GroupStatus status = it != groups_.end() ? it->second.status : GroupStatus::None;
  const auto version = store_->get(m.slice, m.key);
  send(std::make_shared<const VersionReply>(self_, m.source, m.request, view, status,
                                            version.has_value(), version.value_or(Versioned{})));
}

}  // namespace catslab::cats
