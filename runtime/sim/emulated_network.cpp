#include "runtime/sim/emulated_network.h"

#include "runtime/component_core.h"

namespace catslab::sim {

std::uint32_t estimateSize(const runtime::Message& m) {
  return static_cast<std::uint32_t>(32 + m.source.id.size() + m.destination.id.size());
}

EmulatedNetwork::EmulatedNetwork(EventLoop& loop, TraceRecorder* recorder)
    : loop_(loop), recorder_(recorder) {
  subscribe(net_, &EmulatedNetwork::onMessage);
}

void EmulatedNetwork::setMessageCopy(MessageCopy copy) {
  std::lock_guard lock(mutex_);
  copy_ = copy ? std::make_shared<const MessageCopy>(std::move(copy)) : nullptr;
}

void EmulatedNetwork::setUp(const std::string& node, bool up) {
  std::lock_guard lock(mutex_);
  if (up)
    up_.insert(node);
  else
    up_.erase(node);
}

bool EmulatedNetwork::isUp(const std::string& node) const {
  std::lock_guard lock(mutex_);
  return up_.count(node) != 0;
}

NetworkStats EmulatedNetwork::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void EmulatedNetwork::inspect(runtime::StateWriter& out) const {
  const NetworkStats s = stats();
  out.set("sent", s.sent);
  out.set("delivered", s.delivered);
  out.set("dropped", s.dropped);
}

void EmulatedNetwork::onMessage(const runtime::Message& message) {
  const runtime::EventPtr* current = core().currentEvent();
  auto shared = std::static_pointer_cast<const runtime::Message>(*current);
  const std::string& from = message.source.id;
  const std::string& to = message.destination.id;
  std::uint64_t id = 0;
  if (recorder_) {
    id = recorder_->messageSent(from, to, message.typeName(), estimateSize(message),
                                message.describe());
  }
  Verdict verdict;
  std::shared_ptr<const MessageCopy> copy;  // null (no refcount traffic) unless set
  {
    std::lock_guard lock(mutex_);
    copy = copy_;
    ++stats_.sent;
    verdict = model_.decide(from, to, loop_.nowNs(), random());
    if (!verdict.deliver) ++stats_.dropped;
  }
  if (!verdict.deliver) {
    if (recorder_) {
      recorder_->messageDropped(id, from, to, message.typeName(), estimateSize(message),
                                message.describe(), verdict.dropReason);
    }
    return;
  }
  if (copy) shared = (*copy)(message);
  loop_.after(verdict.delayNs, Due{&EmulatedNetwork::deliverDue, this, std::move(shared), id});
}

void EmulatedNetwork::deliverDue(void* self, const std::shared_ptr<const void>& message,
                                 std::uint64_t id) {
  static_cast<EmulatedNetwork*>(self)->deliver(
      std::static_pointer_cast<const runtime::Message>(message), id);
}

void EmulatedNetwork::deliver(const std::shared_ptr<const runtime::Message>& message,
                              std::uint64_t id) {
  const std::string& to = message->destination.id;
  bool up;
  {
    std::lock_guard lock(mutex_);
    up = up_.count(to) != 0;
    if (up)
      ++stats_.delivered;
    else
      ++stats_.dropped;
  }
  if (recorder_) {
    if (up) {
      recorder_->messageDelivered(id, message->source.id, to, message->typeName(),
                                  estimateSize(*message), message->describe());
    } else {
      recorder_->messageDropped(id, message->source.id, to, message->typeName(),
                                estimateSize(*message), message->describe(), "node down");
    }
  }
  if (up && !core().destroyed()) trigger(message, net_);
}

}  // namespace catslab::sim
