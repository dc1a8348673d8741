// Byte forms of the CATS messages, and their registration with the codec
// registry (names "cats.<Type>").
#include "cats/core/messages.h"

#include "protocols/common/net_codec.h"

namespace catslab::cats {
namespace {

bool readStatus(FieldReader& in, GroupStatus& status) {
  std::uint64_t s = 0;
  if (!in.u64(s) || s > 3) return false;
  status = static_cast<GroupStatus>(s);
  return true;
}

bool readSlice(FieldReader& in, std::uint32_t& slice) {
  std::uint64_t s = 0;
  if (!in.u64(s) || s > 0xffffffffu) return false;
  slice = static_cast<std::uint32_t>(s);
  return true;
}

}  // namespace

std::shared_ptr<const OpRead> OpRead::read(Address s, Address d, FieldReader& in) {
  std::uint32_t sl = 0;
  std::uint64_t v = 0, o = 0;
  std::string k;
  if (!readSlice(in, sl) || !in.u64(v) || !in.u64(o) || !in.str(k)) return nullptr;
  return std::make_shared<const OpRead>(std::move(s), std::move(d), sl, v, o, std::move(k));
}

void OpReadReply::write(FieldWriter& out) const {
  out.u64(slice).u64(vid).u64(op).flag(found);
  writeVersioned(out, version);
  out.u64(floor);
}
std::shared_ptr<const OpReadReply> OpReadReply::read(Address s, Address d, FieldReader& in) {
  std::uint32_t sl = 0;
  std::uint64_t v = 0, o = 0;
  bool f = false;
  Versioned ver;
  std::uint64_t fl = 0;
  if (!readSlice(in, sl) || !in.u64(v) || !in.u64(o) || !in.flag(f) || !readVersioned(in, ver) ||
      !in.u64(fl)) {
    return nullptr;
  }
  auto m = std::make_shared<OpReadReply>(std::move(s), std::move(d), sl, v, o, f, std::move(ver));
  m->floor = fl;
  return m;
}

void OpWrite::write(FieldWriter& out) const {
  out.u64(slice).u64(vid).u64(op).str(key);
  writeVersioned(out, version);
}
std::shared_ptr<const OpWrite> OpWrite::read(Address s, Address d, FieldReader& in) {
  std::uint32_t sl = 0;
  std::uint64_t v = 0, o = 0;
  std::string k;
  Versioned ver;
  if (!readSlice(in, sl) || !in.u64(v) || !in.u64(o) || !in.str(k) || !readVersioned(in, ver)) {
    return nullptr;
  }
  return std::make_shared<const OpWrite>(std::move(s), std::move(d), sl, v, o, std::move(k),
                                         std::move(ver));
}

std::shared_ptr<const OpWriteAck> OpWriteAck::read(Address s, Address d, FieldReader& in) {
  std::uint32_t sl = 0;
  std::uint64_t v = 0, o = 0;
  if (!readSlice(in, sl) || !in.u64(v) || !in.u64(o)) return nullptr;
  return std::make_shared<const OpWriteAck>(std::move(s), std::move(d), sl, v, o);
}

void OpRefused::write(FieldWriter& out) const {
  out.u64(slice).u64(op);
  writeView(out, view);
  out.u64(static_cast<std::uint64_t>(status));
}
std::shared_ptr<const OpRefused> OpRefused::read(Address s, Address d, FieldReader& in) {
  std::uint32_t sl = 0;
  std::uint64_t o = 0;
  View v;
  GroupStatus st{};
  if (!readSlice(in, sl) || !in.u64(o) || !readView(in, v) || !readStatus(in, st)) return nullptr;
  return std::make_shared<const OpRefused>(std::move(s), std::move(d), sl, o, std::move(v), st);
}

void Prepare::write(FieldWriter& out) const {
  out.u64(slice).u64(vid);
  writeBallot(out, ballot);
}
std::shared_ptr<const Prepare> Prepare::read(Address s, Address d, FieldReader& in) {
  std::uint32_t sl = 0;
  std::uint64_t v = 0;
  Ballot b;
  if (!readSlice(in, sl) || !in.u64(v) || !readBallot(in, b)) return nullptr;
  return std::make_shared<const Prepare>(std::move(s), std::move(d), sl, v, std::move(b));
}

void Promise::write(FieldWriter& out) const {
  out.u64(slice).u64(vid);
  writeBallot(out, ballot);
  out.flag(accepted);
  writeBallot(out, acceptedBallot);
  writeView(out, acceptedView);
}
std::shared_ptr<const Promise> Promise::read(Address s, Address d, FieldReader& in) {
  std::uint32_t sl = 0;
  std::uint64_t v = 0;
  Ballot b, ab;
  bool has = false;
  View av;
  if (!readSlice(in, sl) || !in.u64(v) || !readBallot(in, b) || !in.flag(has) ||
      !readBallot(in, ab) || !readView(in, av)) {
    return nullptr;
  }
  return std::make_shared<const Promise>(std::move(s), std::move(d), sl, v, std::move(b), has,
                                         std::move(ab), std::move(av));
}

void Accept::write(FieldWriter& out) const {
  out.u64(slice).u64(vid);
  writeBallot(out, ballot);
  writeView(out, proposal);
}
std::shared_ptr<const Accept> Accept::read(Address s, Address d, FieldReader& in) {
  std::uint32_t sl = 0;
  std::uint64_t v = 0;
  Ballot b;
  View p;
  if (!readSlice(in, sl) || !in.u64(v) || !readBallot(in, b) || !readView(in, p)) return nullptr;
  return std::make_shared<const Accept>(std::move(s), std::move(d), sl, v, std::move(b),
                                        std::move(p));
}

void Accepted::write(FieldWriter& out) const {
  out.u64(slice).u64(vid);
  writeBallot(out, ballot);
}
std::shared_ptr<const Accepted> Accepted::read(Address s, Address d, FieldReader& in) {
  std::uint32_t sl = 0;
  std::uint64_t v = 0;
  Ballot b;
  if (!readSlice(in, sl) || !in.u64(v) || !readBallot(in, b)) return nullptr;
  return std::make_shared<const Accepted>(std::move(s), std::move(d), sl, v, std::move(b));
}

void PaxosRejected::write(FieldWriter& out) const {
  out.u64(slice).u64(vid);
  writeBallot(out, promised);
  writeView(out, current);
}
std::shared_ptr<const PaxosRejected> PaxosRejected::read(Address s, Address d, FieldReader& in) {
  std::uint32_t sl = 0;
  std::uint64_t v = 0;
  Ballot p;
  View c;
  if (!readSlice(in, sl) || !in.u64(v) || !readBallot(in, p) || !readView(in, c)) return nullptr;
  return std::make_shared<const PaxosRejected>(std::move(s), std::move(d), sl, v, std::move(p),
                                               std::move(c));
}

void ViewDecided::write(FieldWriter& out) const {
  out.u64(slice);
  writeView(out, view);
}
std::shared_ptr<const ViewDecided> ViewDecided::read(Address s, Address d, FieldReader& in) {
  std::uint32_t sl = 0;
  View v;
  if (!readSlice(in, sl) || !readView(in, v)) return nullptr;
  return std::make_shared<const ViewDecided>(std::move(s), std::move(d), sl, std::move(v));
}

std::shared_ptr<const ViewQuery> ViewQuery::read(Address s, Address d, FieldReader& in) {
  std::uint32_t sl = 0;
  std::uint64_t v = 0;
  bool r = false;
  if (!readSlice(in, sl) || !in.u64(v) || !in.flag(r)) return nullptr;
  return std::make_shared<const ViewQuery>(std::move(s), std::move(d), sl, v, r);
}

void HandoffRequest::write(FieldWriter& out) const {
  out.u64(slice);
  writeView(out, joining);
}
std::shared_ptr<const HandoffRequest> HandoffRequest::read(Address s, Address d, FieldReader& in) {
  std::uint32_t sl = 0;
  View j;
  if (!readSlice(in, sl) || !readView(in, j)) return nullptr;
  return std::make_shared<const HandoffRequest>(std::move(s), std::move(d), sl, std::move(j));
}

void HandoffData::write(FieldWriter& out) const {
  out.u64(slice).u64(vid).u64(entries.size());
  for (const auto& [key, version] : entries) {
    out.str(key);
    writeVersioned(out, version);
  }
  out.u64(floor);
}
std::shared_ptr<const HandoffData> HandoffData::read(Address s, Address d, FieldReader& in) {
  std::uint32_t sl = 0;
  std::uint64_t v = 0, n = 0;
  if (!readSlice(in, sl) || !in.u64(v) || !in.u64(n) || n > in.rest().size()) return nullptr;
  std::vector<std::pair<std::string, Versioned>> entries(n);
  for (auto& [key, version] : entries) {
    if (!in.str(key) || !readVersioned(in, version)) return nullptr;
  }
  std::uint64_t fl = 0;
  if (!in.u64(fl)) return nullptr;
  auto m = std::make_shared<HandoffData>(std::move(s), std::move(d), sl, v, std::move(entries));
  m->floor = fl;
  return m;
}

void TombstoneQuery::write(FieldWriter& out) const {
  out.u64(slice).u64(vid).u64(entries.size());
  for (const auto& [key, ts] : entries) out.str(key).u64(ts.counter).str(ts.writer);
}
std::shared_ptr<const TombstoneQuery> TombstoneQuery::read(Address s, Address d, FieldReader& in) {
  std::uint32_t sl = 0;
  std::uint64_t v = 0, n = 0;
  if (!readSlice(in, sl) || !in.u64(v) || !in.u64(n) || n > in.rest().size()) return nullptr;
  std::vector<std::pair<std::string, Timestamp>> entries(n);
  for (auto& [key, ts] : entries) {
    if (!in.str(key) || !in.u64(ts.counter) || !in.str(ts.writer)) return nullptr;
  }
  return std::make_shared<const TombstoneQuery>(std::move(s), std::move(d), sl, v,
                                                std::move(entries));
}

void TombstoneHeld::write(FieldWriter& out) const {
  out.u64(slice).u64(vid).u64(keys.size());
  for (const auto& key : keys) out.str(key);
}
std::shared_ptr<const TombstoneHeld> TombstoneHeld::read(Address s, Address d, FieldReader& in) {
  std::uint32_t sl = 0;
  std::uint64_t v = 0, n = 0;
  if (!readSlice(in, sl) || !in.u64(v) || !in.u64(n) || n > in.rest().size()) return nullptr;
  std::vector<std::string> keys(n);
  for (auto& key : keys) {
    if (!in.str(key)) return nullptr;
  }
  return std::make_shared<const TombstoneHeld>(std::move(s), std::move(d), sl, v, std::move(keys));
}

std::shared_ptr<const GroupReady> GroupReady::read(Address s, Address d, FieldReader& in) {
  std::uint32_t sl = 0;
  std::uint64_t v = 0;
  if (!readSlice(in, sl) || !in.u64(v)) return nullptr;
  return std::make_shared<const GroupReady>(std::move(s), std::move(d), sl, v);
}

std::shared_ptr<const LeaveNotice> LeaveNotice::read(Address s, Address d, FieldReader& in) {
  bool l = false;
  if (!in.flag(l)) return nullptr;
  return std::make_shared<const LeaveNotice>(std::move(s), std::move(d), l);
}

std::shared_ptr<const VersionQuery> VersionQuery::read(Address s, Address d, FieldReader& in) {
  std::uint32_t sl = 0;
  std::uint64_t r = 0;
  std::string k;
  if (!readSlice(in, sl) || !in.u64(r) || !in.str(k)) return nullptr;
  return std::make_shared<const VersionQuery>(std::move(s), std::move(d), sl, r, std::move(k));
}

void VersionReply::write(FieldWriter& out) const {
  out.u64(request);
  writeView(out, view);
  out.u64(static_cast<std::uint64_t>(status)).flag(found);
  writeVersioned(out, version);
}
std::shared_ptr<const VersionReply> VersionReply::read(Address s, Address d, FieldReader& in) {
  std::uint64_t r = 0;
  View v;
  GroupStatus st{};
  bool f = false;
  Versioned ver;
  if (!in.u64(r) || !readView(in, v) || !readStatus(in, st) || !in.flag(f) ||
      !readVersioned(in, ver)) {
    return nullptr;
  }
  return std::make_shared<const VersionReply>(std::move(s), std::move(d), r, std::move(v), st, f,
                                              std::move(ver));
}

namespace {

template <class M>
runtime::MessageCodec codec(const char* name) {
  return protocols::fieldCodec<M>(
      name, [](const M& m, FieldWriter& out) { m.write(out); },
      [](Address s, Address d, FieldReader& in) {
        return M::read(std::move(s), std::move(d), in);
      });
}

const runtime::Serializers::Registration kCodecs[] = {
    codec<OpRead>("cats.OpRead"),
    codec<OpReadReply>("cats.OpReadReply"),
    codec<OpWrite>("cats.OpWrite"),
    codec<OpWriteAck>("cats.OpWriteAck"),
    codec<OpRefused>("cats.OpRefused"),
    codec<Prepare>("cats.Prepare"),
    codec<Promise>("cats.Promise"),
    codec<Accept>("cats.Accept"),
    codec<Accepted>("cats.Accepted"),
    codec<PaxosRejected>("cats.PaxosRejected"),
    codec<ViewDecided>("cats.ViewDecided"),
    codec<ViewQuery>("cats.ViewQuery"),
    codec<HandoffRequest>("cats.HandoffRequest"),
    codec<HandoffData>("cats.HandoffData"),
    codec<GroupReady>("cats.GroupReady"),
    codec<LeaveNotice>("cats.LeaveNotice"),
    codec<VersionQuery>("cats.VersionQuery"),
    codec<VersionReply>("cats.VersionReply"),
    codec<TombstoneQuery>("cats.TombstoneQuery"),
    codec<TombstoneHeld>("cats.TombstoneHeld"),
};

}  // namespace
}  // namespace catslab::cats
