// The messages CATS nodes exchange. Every one names its slice; operation
// messages carry the view id they are meant for, which is what makes a
// quorum consistent (CATS.md): a replica answers only in the view it has
// installed and is READY in, and otherwise refuses with that view.
//
// Each message writes its fields with FieldWriter (write) and reads them
// back (read, null on malformed bytes); codecs.cpp registers them all with
// the runtime's codec registry, so they cross TCP and the simulator's wire
// round trip the same way.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cats/core/view.h"
#include "runtime/network.h"

namespace catslab::cats {

using protocols::FieldReader;
using protocols::FieldWriter;
using runtime::Address;

// ---- operations (coordinator <-> replicas) ---------------------------------

// Phase 1 of get and put: "your version of key, in view vid".
struct OpRead : runtime::EventOf<OpRead, runtime::Message> {
  OpRead(Address s, Address d, std::uint32_t sl, std::uint64_t v, std::uint64_t o, std::string k)
      : Base(std::move(s), std::move(d)), slice(sl), vid(v), op(o), key(std::move(k)) {}
  std::uint32_t slice;
  std::uint64_t vid;
  std::uint64_t op;  // the coordinator's operation attempt id
  std::string key;
  void write(FieldWriter& out) const { out.u64(slice).u64(vid).u64(op).str(key); }
  static std::shared_ptr<const OpRead> read(Address s, Address d, FieldReader& in);
};

struct OpReadReply : runtime::EventOf<OpReadReply, runtime::Message> {
  OpReadReply(Address s, Address d, std::uint32_t sl, std::uint64_t v, std::uint64_t o, bool f,
              Versioned ver)
      : Base(std::move(s), std::move(d)),
        slice(sl),
        vid(v),
        op(o),
        found(f),
        version(std::move(ver)) {}
  std::uint32_t slice;
  std::uint64_t vid;
  std::uint64_t op;
  bool found;  // the replica has a version (a value or a tombstone)
  Versioned version;
  std::uint64_t floor = 0;  // the slice's floor: a put's counter must exceed it
  void write(FieldWriter& out) const;
  static std::shared_ptr<const OpReadReply> read(Address s, Address d, FieldReader& in);
};

// Phase 2: "store this version of key if it is newer, in view vid".
struct OpWrite : runtime::EventOf<OpWrite, runtime::Message> {
  OpWrite(Address s, Address d, std::uint32_t sl, std::uint64_t v, std::uint64_t o, std::string k,
          Versioned ver)
      : Base(std::move(s), std::move(d)),
        slice(sl),
        vid(v),
        op(o),
        key(std::move(k)),
        version(std::move(ver)) {}
  std::uint32_t slice;
  std::uint64_t vid;
  std::uint64_t op;
  std::string key;
  Versioned version;
  void write(FieldWriter& out) const;
  static std::shared_ptr<const OpWrite> read(Address s, Address d, FieldReader& in);
};

struct OpWriteAck : runtime::EventOf<OpWriteAck, runtime::Message> {
  OpWriteAck(Address s, Address d, std::uint32_t sl, std::uint64_t v, std::uint64_t o)
      : Base(std::move(s), std::move(d)), slice(sl), vid(v), op(o) {}
  std::uint32_t slice;
  std::uint64_t vid;
  std::uint64_t op;
  void write(FieldWriter& out) const { out.u64(slice).u64(vid).u64(op); }
  static std::shared_ptr<const OpWriteAck> read(Address s, Address d, FieldReader& in);
};

// "I do not serve that view": the replica's own view and standing, so the
// coordinator can move to a newer view (or help the replica catch up).
struct OpRefused : runtime::EventOf<OpRefused, runtime::Message> {
  OpRefused(Address s, Address d, std::uint32_t sl, std::uint64_t o, View v, GroupStatus st)
      : Base(std::move(s), std::move(d)), slice(sl), op(o), view(std::move(v)), status(st) {}
  std::uint32_t slice;
  std::uint64_t op;
  View view;
  GroupStatus status;
  void write(FieldWriter& out) const;
  static std::shared_ptr<const OpRefused> read(Address s, Address d, FieldReader& in);
};

// ---- reconfiguration: single-decree Paxos per view slot --------------------
// The slot is vid + 1; the acceptors are view vid's members.

struct Prepare : runtime::EventOf<Prepare, runtime::Message> {
  Prepare(Address s, Address d, std::uint32_t sl, std::uint64_t v, Ballot b)
      : Base(std::move(s), std::move(d)), slice(sl), vid(v), ballot(std::move(b)) {}
  std::uint32_t slice;
  std::uint64_t vid;
  Ballot ballot;
  void write(FieldWriter& out) const;
  static std::shared_ptr<const Prepare> read(Address s, Address d, FieldReader& in);
};

struct Promise : runtime::EventOf<Promise, runtime::Message> {
  Promise(Address s, Address d, std::uint32_t sl, std::uint64_t v, Ballot b, bool has, Ballot ab,
          View av)
      : Base(std::move(s), std::move(d)),
        slice(sl),
        vid(v),
        ballot(std::move(b)),
        accepted(has),
        acceptedBallot(std::move(ab)),
        acceptedView(std::move(av)) {}
  std::uint32_t slice;
  std::uint64_t vid;
  Ballot ballot;
  bool accepted;  // the acceptor accepted a proposal for this slot
  Ballot acceptedBallot;
  View acceptedView;
  void write(FieldWriter& out) const;
  static std::shared_ptr<const Promise> read(Address s, Address d, FieldReader& in);
};

struct Accept : runtime::EventOf<Accept, runtime::Message> {
  Accept(Address s, Address d, std::uint32_t sl, std::uint64_t v, Ballot b, View p)
      : Base(std::move(s), std::move(d)),
        slice(sl),
        vid(v),
        ballot(std::move(b)),
        proposal(std::move(p)) {}
  std::uint32_t slice;
  std::uint64_t vid;
  Ballot ballot;
  View proposal;
  void write(FieldWriter& out) const;
  static std::shared_ptr<const Accept> read(Address s, Address d, FieldReader& in);
};

struct Accepted : runtime::EventOf<Accepted, runtime::Message> {
  Accepted(Address s, Address d, std::uint32_t sl, std::uint64_t v, Ballot b)
      : Base(std::move(s), std::move(d)), slice(sl), vid(v), ballot(std::move(b)) {}
  std::uint32_t slice;
  std::uint64_t vid;
  Ballot ballot;
  void write(FieldWriter& out) const;
  static std::shared_ptr<const Accepted> read(Address s, Address d, FieldReader& in);
};

// An acceptor that will not take part: it promised a higher ballot, or it is
// in another view (its view travels along so the proposer catches up).
struct PaxosRejected : runtime::EventOf<PaxosRejected, runtime::Message> {
  PaxosRejected(Address s, Address d, std::uint32_t sl, std::uint64_t v, Ballot p, View c)
      : Base(std::move(s), std::move(d)),
        slice(sl),
        vid(v),
        promised(std::move(p)),
        current(std::move(c)) {}
  std::uint32_t slice;
  std::uint64_t vid;
  Ballot promised;
  View current;
  void write(FieldWriter& out) const;
  static std::shared_ptr<const PaxosRejected> read(Address s, Address d, FieldReader& in);
};

// A decided view (sent by the proposer, and by anyone who knows a newer view
// than the sender of a ViewQuery or a refused message).
struct ViewDecided : runtime::EventOf<ViewDecided, runtime::Message> {
  ViewDecided(Address s, Address d, std::uint32_t sl, View v)
      : Base(std::move(s), std::move(d)), slice(sl), view(std::move(v)) {}
  std::uint32_t slice;
  View view;
  void write(FieldWriter& out) const;
  static std::shared_ptr<const ViewDecided> read(Address s, Address d, FieldReader& in);
};

// Anti-entropy: "I have view vid of this slice (and am READY in it)";
// whoever knows a newer view answers with it. Repeats READY announcements
// that were lost.
struct ViewQuery : runtime::EventOf<ViewQuery, runtime::Message> {
  ViewQuery(Address s, Address d, std::uint32_t sl, std::uint64_t v, bool r)
      : Base(std::move(s), std::move(d)), slice(sl), vid(v), ready(r) {}
  std::uint32_t slice;
  std::uint64_t vid;
  bool ready;
  void write(FieldWriter& out) const { out.u64(slice).u64(vid).flag(ready); }
  static std::shared_ptr<const ViewQuery> read(Address s, Address d, FieldReader& in);
};

// ---- handoff ---------------------------------------------------------------

// A member new in `joining` asks a member of the previous view for the
// slice's data; the answer is sent only after the answerer installed it.
struct HandoffRequest : runtime::EventOf<HandoffRequest, runtime::Message> {
  HandoffRequest(Address s, Address d, std::uint32_t sl, View j)
      : Base(std::move(s), std::move(d)), slice(sl), joining(std::move(j)) {}
  std::uint32_t slice;
  View joining;
  void write(FieldWriter& out) const;
  static std::shared_ptr<const HandoffRequest> read(Address s, Address d, FieldReader& in);
};

struct HandoffData : runtime::EventOf<HandoffData, runtime::Message> {
  HandoffData(Address s, Address d, std::uint32_t sl, std::uint64_t v,
              std::vector<std::pair<std::string, Versioned>> e)
      : Base(std::move(s), std::move(d)), slice(sl), vid(v), entries(std::move(e)) {}
  std::uint32_t slice;
  std::uint64_t vid;  // the joining view it answers
  std::vector<std::pair<std::string, Versioned>> entries;
  std::uint64_t floor = 0;  // the sender's floor for the slice (collected tombstones)
  void write(FieldWriter& out) const;
  static std::shared_ptr<const HandoffData> read(Address s, Address d, FieldReader& in);
};

// Tombstone collection (tombstones.cpp): "which of these tombstones do you
// hold, at that timestamp or newer, in view vid?" and the answer.
struct TombstoneQuery : runtime::EventOf<TombstoneQuery, runtime::Message> {
  TombstoneQuery(Address s, Address d, std::uint32_t sl, std::uint64_t v,
                 std::vector<std::pair<std::string, Timestamp>> e)
      : Base(std::move(s), std::move(d)), slice(sl), vid(v), entries(std::move(e)) {}
  std::uint32_t slice;
  std::uint64_t vid;
  std::vector<std::pair<std::string, Timestamp>> entries;
  void write(FieldWriter& out) const;
  static std::shared_ptr<const TombstoneQuery> read(Address s, Address d, FieldReader& in);
};

struct TombstoneHeld : runtime::EventOf<TombstoneHeld, runtime::Message> {
  TombstoneHeld(Address s, Address d, std::uint32_t sl, std::uint64_t v, std::vector<std::string> k)
      : Base(std::move(s), std::move(d)), slice(sl), vid(v), keys(std::move(k)) {}
  std::uint32_t slice;
  std::uint64_t vid;
  std::vector<std::string> keys;  // held at the asked timestamp or newer
  void write(FieldWriter& out) const;
  static std::shared_ptr<const TombstoneHeld> read(Address s, Address d, FieldReader& in);
};

// "I am READY in view vid" (to the view's and the previous view's members).
struct GroupReady : runtime::EventOf<GroupReady, runtime::Message> {
  GroupReady(Address s, Address d, std::uint32_t sl, std::uint64_t v)
      : Base(std::move(s), std::move(d)), slice(sl), vid(v) {}
  std::uint32_t slice;
  std::uint64_t vid;
  void write(FieldWriter& out) const { out.u64(slice).u64(vid); }
  static std::shared_ptr<const GroupReady> read(Address s, Address d, FieldReader& in);
};

// ---- membership and inspection -----------------------------------------------

// A graceful leave: placement stops counting the sender.
struct LeaveNotice : runtime::EventOf<LeaveNotice, runtime::Message> {
  LeaveNotice(Address s, Address d, bool l) : Base(std::move(s), std::move(d)), leaving(l) {}
  bool leaving;
  void write(FieldWriter& out) const { out.flag(leaving); }
  static std::shared_ptr<const LeaveNotice> read(Address s, Address d, FieldReader& in);
};

// The console's "group <key>": each replica's version, whatever its view.
struct VersionQuery : runtime::EventOf<VersionQuery, runtime::Message> {
  VersionQuery(Address s, Address d, std::uint32_t sl, std::uint64_t r, std::string k)
      : Base(std::move(s), std::move(d)), slice(sl), request(r), key(std::move(k)) {}
  std::uint32_t slice;
  std::uint64_t request;
  std::string key;
  void write(FieldWriter& out) const { out.u64(slice).u64(request).str(key); }
  static std::shared_ptr<const VersionQuery> read(Address s, Address d, FieldReader& in);
};

struct VersionReply : runtime::EventOf<VersionReply, runtime::Message> {
  VersionReply(Address s, Address d, std::uint64_t r, View v, GroupStatus st, bool f, Versioned ver)
      : Base(std::move(s), std::move(d)),
        request(r),
        view(std::move(v)),
        status(st),
        found(f),
        version(std::move(ver)) {}
  std::uint64_t request;
  View view;
  GroupStatus status;
  bool found;
  Versioned version;
  void write(FieldWriter& out) const;
  static std::shared_ptr<const VersionReply> read(Address s, Address d, FieldReader& in);
};

}  // namespace catslab::cats
