#include "runtime/network.h"

#include "runtime/host_address.h"

namespace catslab::runtime {

std::uint64_t nodeKey(const std::string& id) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : id) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

std::uint64_t Address::key() const { return nodeKey(id); }

std::string Address::toString() const { return id + "@" + hostPort(host, port); }

const std::shared_ptr<const ChannelSelector>& byDestination() {
  static const auto selector =
      ChannelSelector::of<Message>([](const Message& m) { return m.destination.key(); });
  return selector;
}

}  // namespace catslab::runtime
