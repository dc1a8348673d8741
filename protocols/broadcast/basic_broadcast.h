// Basic broadcast (Cachin, Guerraoui, Rodrigues, Algorithm 3.1), implementing
// BestEffortBroadcast over Network: send the payload to every process.
//
// Validity holds when links are perfect (TCP, or a simulated network without
// loss) and the sender is correct; no duplication and no creation hold
// because each BebData is delivered once per receipt and only sent here. The
// sender delivers its own payload locally instead of through the network.
//
// Owned by its parent; single-threaded like every component.
#pragma once

#include <vector>

#include "protocols/broadcast/broadcast_ports.h"
#include "runtime/component.h"

namespace catslab::protocols {

struct BebData : runtime::EventOf<BebData, runtime::Message> {
  BebData(runtime::Address src, runtime::Address dst, PayloadPtr p)
      : Base(std::move(src), std::move(dst)), payload(std::move(p)) {}
  std::string describe() const override { return "BebData " + payload->describe(); }
  PayloadPtr payload;
};

class BasicBroadcast : public runtime::ComponentDefinition {
 public:
  BasicBroadcast(runtime::Address self, std::vector<runtime::Address> all);
  void inspect(runtime::StateWriter& out) const override;

 private:
  void onBroadcast(const BebBroadcast& request);
  void onData(const BebData& data);

  runtime::Negative<BestEffortBroadcast> beb_ = provide<BestEffortBroadcast>();
  runtime::Positive<runtime::Network> network_ = require<runtime::Network>();

  runtime::Address self_;
  std::vector<runtime::Address> all_;
  std::uint64_t broadcasts_ = 0;
  std::uint64_t delivered_ = 0;
};

}  // namespace catslab::protocols
