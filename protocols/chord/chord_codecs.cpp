// Wire codecs of Chord's messages ("chord.*"), for real TCP.
#include "protocols/chord/address_fields.h"
#include "protocols/chord/chord_messages.h"
#include "protocols/common/net_codec.h"

namespace catslab::protocols::chord {
namespace {

using runtime::Address;

const runtime::Serializers::Registration kFindSuccessor = fieldCodec<FindSuccessor>(
    "chord.FindSuccessor",
    [](const FindSuccessor& m, FieldWriter& out) {
      out.u64(m.key);
      writeAddress(out, m.origin);
      out.u64(m.request).u64(static_cast<std::uint64_t>(m.hops));
    },
    [](Address s, Address d, FieldReader& in) -> std::shared_ptr<const FindSuccessor> {
      std::uint64_t key = 0, request = 0, hops = 0;
      Address origin;
      if (!in.u64(key) || key >= kRingSize || !readAddress(in, origin) || !in.u64(request) ||
          !in.u64(hops) || hops > 1000)
        return nullptr;
      return std::make_shared<const FindSuccessor>(std::move(s), std::move(d), key, origin, request,
                                                   static_cast<int>(hops));
    });

const runtime::Serializers::Registration kSuccessorFound = fieldCodec<SuccessorFound>(
    "chord.SuccessorFound",
    [](const SuccessorFound& m, FieldWriter& out) {
      out.u64(m.key);
      writeAddress(out, m.successor);
      out.u64(m.request).u64(static_cast<std::uint64_t>(m.hops));
    },
    [](Address s, Address d, FieldReader& in) -> std::shared_ptr<const SuccessorFound> {
      std::uint64_t key = 0, request = 0, hops = 0;
      Address successor;
      if (!in.u64(key) || key >= kRingSize || !readAddress(in, successor) || !in.u64(request) ||
          !in.u64(hops) || hops > 1000)
        return nullptr;
      return std::make_shared<const SuccessorFound>(std::move(s), std::move(d), key, successor,
                                                    request, static_cast<int>(hops));
    });

const runtime::Serializers::Registration kGetPredecessor = fieldCodec<GetPredecessor>(
    "chord.GetPredecessor", [](const GetPredecessor&, FieldWriter&) {},
    [](Address s, Address d, FieldReader&) {
      return std::make_shared<const GetPredecessor>(std::move(s), std::move(d));
    });

const runtime::Serializers::Registration kPredecessorIs = fieldCodec<PredecessorIs>(
    "chord.PredecessorIs",
    [](const PredecessorIs& m, FieldWriter& out) {
      out.flag(m.hasPredecessor);
      writeAddress(out, m.predecessor);
      writeAddresses(out, m.successors);
    },
    [](Address s, Address d, FieldReader& in) -> std::shared_ptr<const PredecessorIs> {
      bool has = false;
      Address p;
      std::vector<Address> list;
      if (!in.flag(has) || !readAddress(in, p) || !readAddresses(in, list)) return nullptr;
      return std::make_shared<const PredecessorIs>(std::move(s), std::move(d), has, p,
                                                   std::move(list));
    });

const runtime::Serializers::Registration kNotify = fieldCodec<Notify>(
    "chord.Notify", [](const Notify&, FieldWriter&) {},
    [](Address s, Address d, FieldReader&) {
      return std::make_shared<const Notify>(std::move(s), std::move(d));
    });

}  // namespace
}  // namespace catslab::protocols::chord
