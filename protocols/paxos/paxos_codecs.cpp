// Wire codecs of Paxos: the payloads Prepare, Accept, Decided (broadcast) and
// the messages Promise, Accepted, Nack, Forward, DecidedNotice.
#include "protocols/broadcast/payload_codec.h"
#include "protocols/common/net_codec.h"
#include "protocols/paxos/paxos_messages.h"

namespace catslab::protocols {
namespace {

void putBallot(FieldWriter& out, const Ballot& b) { out.u64(b.round).i64(b.rank); }
bool getBallot(FieldReader& in, Ballot& b) {
  std::int64_t rank = 0;
  if (!in.u64(b.round) || !in.i64(rank)) return false;
  b.rank = static_cast<int>(rank);
  return true;
}

const PayloadCodecs::Registration kPrepare = payloadCodec<PaxosPrepare>(
    "paxos.Prepare",
    [](const PaxosPrepare& p, FieldWriter& out) {
      out.u64(p.instance);
      putBallot(out, p.ballot);
    },
    [](FieldReader& in) -> std::shared_ptr<const PaxosPrepare> {
      std::uint64_t instance = 0;
      Ballot b;
      if (!in.u64(instance) || !getBallot(in, b)) return nullptr;
      return std::make_shared<const PaxosPrepare>(instance, b);
    });

const PayloadCodecs::Registration kAccept = payloadCodec<PaxosAccept>(
    "paxos.Accept",
    [](const PaxosAccept& p, FieldWriter& out) {
      out.u64(p.instance);
      putBallot(out, p.ballot);
      out.str(p.value);
    },
    [](FieldReader& in) -> std::shared_ptr<const PaxosAccept> {
      std::uint64_t instance = 0;
      Ballot b;
      std::string value;
      if (!in.u64(instance) || !getBallot(in, b) || !in.str(value)) return nullptr;
      return std::make_shared<const PaxosAccept>(instance, b, std::move(value));
    });

const PayloadCodecs::Registration kDecided = payloadCodec<PaxosDecided>(
    "paxos.Decided",
    [](const PaxosDecided& p, FieldWriter& out) { out.u64(p.instance).str(p.value); },
    [](FieldReader& in) -> std::shared_ptr<const PaxosDecided> {
      std::uint64_t instance = 0;
      std::string value;
      if (!in.u64(instance) || !in.str(value)) return nullptr;
      return std::make_shared<const PaxosDecided>(instance, std::move(value));
    });

using runtime::Address;

const runtime::Serializers::Registration kPromise = fieldCodec<PaxosPromise>(
    "paxos.Promise",
    [](const PaxosPromise& m, FieldWriter& out) {
      out.u64(m.instance);
      putBallot(out, m.ballot);
      putBallot(out, m.acceptedBallot);
      out.flag(m.acceptedValue.has_value()).str(m.acceptedValue.value_or(""));
    },
    [](Address s, Address d, FieldReader& in) -> std::shared_ptr<const PaxosPromise> {
      std::uint64_t instance = 0;
      Ballot b, ab;
      bool has = false;
      std::string value;
      if (!in.u64(instance) || !getBallot(in, b) || !getBallot(in, ab) || !in.flag(has) ||
          !in.str(value)) {
        return nullptr;
      }
      std::optional<std::string> av;
      if (has) av = std::move(value);
      return std::make_shared<const PaxosPromise>(std::move(s), std::move(d), instance, b, ab, av);
    });

const runtime::Serializers::Registration kAccepted = fieldCodec<PaxosAccepted>(
    "paxos.Accepted",
    [](const PaxosAccepted& m, FieldWriter& out) {
      out.u64(m.instance);
      putBallot(out, m.ballot);
    },
    [](Address s, Address d, FieldReader& in) -> std::shared_ptr<const PaxosAccepted> {
      std::uint64_t instance = 0;
      Ballot b;
      if (!in.u64(instance) || !getBallot(in, b)) return nullptr;
      return std::make_shared<const PaxosAccepted>(std::move(s), std::move(d), instance, b);
    });

const runtime::Serializers::Registration kNack = fieldCodec<PaxosNack>(
    "paxos.Nack",
    [](const PaxosNack& m, FieldWriter& out) {
      out.u64(m.instance);
      putBallot(out, m.ballot);
      putBallot(out, m.promised);
    },
    [](Address s, Address d, FieldReader& in) -> std::shared_ptr<const PaxosNack> {
      std::uint64_t instance = 0;
      Ballot b, p;
      if (!in.u64(instance) || !getBallot(in, b) || !getBallot(in, p)) return nullptr;
      return std::make_shared<const PaxosNack>(std::move(s), std::move(d), instance, b, p);
    });

template <class M>
runtime::MessageCodec instanceValueCodec(std::string name) {
  return fieldCodec<M>(
      std::move(name), [](const M& m, FieldWriter& out) { out.u64(m.instance).str(m.value); },
      [](Address s, Address d, FieldReader& in) -> std::shared_ptr<const M> {
        std::uint64_t instance = 0;
        std::string value;
        if (!in.u64(instance) || !in.str(value)) return nullptr;
        return std::make_shared<const M>(std::move(s), std::move(d), instance, std::move(value));
      });
}

const runtime::Serializers::Registration kForward =
    instanceValueCodec<PaxosForward>("paxos.Forward");
const runtime::Serializers::Registration kNotice =
    instanceValueCodec<PaxosDecidedNotice>("paxos.DecidedNotice");

}  // namespace
}  // namespace catslab::protocols
