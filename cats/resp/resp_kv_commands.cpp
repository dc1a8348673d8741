// The data commands of RespSession: each key is one KeyValueStore
// operation; a command of several keys runs its operations in parallel and
// answers once all of them did.
#include <set>

#include "cats/resp/resp_reply.h"
#include "cats/resp/resp_session.h"

namespace catslab::cats {

namespace {

// The first answer that is not Ok, or null.
const KvResponse* firstFailure(const std::vector<KvResponse>& results) {
  for (const auto& r : results) {
    if (r.status != KvStatus::Ok) return &r;
  }
  return nullptr;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

void RespSession::cmdGet(std::uint64_t seq, std::vector<std::string>& args) {
  runAll(seq, {{KvKind::Get, std::move(args[1]), {}}}, [](std::vector<KvResponse>& r) {
    std::string out;
    if (r[0].status != KvStatus::Ok) {
      resp::error(out, errorFor(r[0]));
    } else if (r[0].found) {
      resp::bulk(out, r[0].value);
    } else {
      resp::nullBulk(out);
    }
    return out;
  });
}

void RespSession::cmdSet(std::uint64_t seq, std::vector<std::string>& args) {
  if (args.size() > 3) {
    // Redis's options need expiry (EX, PX, EXAT, PXAT, KEEPTTL) or a
    // conditional write (NX, XX, GET) that a get followed by a put would not
    // make atomic: refuse them rather than pretend.
    static const std::set<std::string> known = {"NX", "XX",   "GET",  "EX",
                                                "PX", "EXAT", "PXAT", "KEEPTTL"};
    const std::string option = upper(args[3]);
    if (known.count(option)) {
      return replyError(seq, "ERR SET option '" + option +
                                 "' is not supported by CATS (no expiry, no conditional writes)");
    }
    return replyError(seq, "ERR syntax error");
  }
  runAll(seq, {{KvKind::Put, std::move(args[1]), std::move(args[2])}},
         [](std::vector<KvResponse>& r) {
           if (r[0].status != KvStatus::Ok) {
             std::string out;
             resp::error(out, errorFor(r[0]));
             return out;
           }
           return resp::ok();
         });
}

void RespSession::cmdExists(std::uint64_t seq, std::vector<std::string>& args) {
  std::vector<Op> ops;
  for (std::size_t i = 1; i < args.size(); ++i) ops.push_back({KvKind::Get, args[i], {}});
  runAll(seq, std::move(ops), [](std::vector<KvResponse>& r) {
    std::string out;
    if (const KvResponse* failed = firstFailure(r)) {
      resp::error(out, errorFor(*failed));
      return out;
    }
    long long count = 0;
    for (const auto& one : r) count += one.found ? 1 : 0;
    resp::integer(out, count);
    return out;
  });
}

void RespSession::cmdMget(std::uint64_t seq, std::vector<std::string>& args) {
  std::vector<Op> ops;
  for (std::size_t i = 1; i < args.size(); ++i) ops.push_back({KvKind::Get, args[i], {}});
  runAll(seq, std::move(ops), [](std::vector<KvResponse>& r) {
    std::string out;
    // A nil would say "absent": a key we could not read makes it an error.
    if (const KvResponse* failed = firstFailure(r)) {
      resp::error(out, errorFor(*failed));
      return out;
    }
    resp::arrayHeader(out, r.size());
    for (const auto& one : r) {
      if (one.found) {
        resp::bulk(out, one.value);
      } else {
        resp::nullBulk(out);
      }
    }
    return out;
  });
}

void RespSession::cmdMset(std::uint64_t seq, std::vector<std::string>& args) {
  if (args.size() % 2 == 0) {
    return replyError(seq, "ERR wrong number of arguments for 'mset' command");
  }
  std::vector<Op> ops;
  for (std::size_t i = 1; i + 1 < args.size(); i += 2) {
    ops.push_back({KvKind::Put, std::move(args[i]), std::move(args[i + 1])});
  }
  runAll(seq, std::move(ops), [](std::vector<KvResponse>& r) {
    std::size_t failed = 0;
    for (const auto& one : r) failed += one.status != KvStatus::Ok ? 1 : 0;
    if (failed == 0) return resp::ok();
    // Not atomic: the others may have been written (and a failed one too,
    // if it was Unavailable). Say so.
    const KvResponse* first = firstFailure(r);
    std::string text = errorFor(*first);
    const auto space = text.find(' ');
    text.insert(space + 1, std::to_string(failed) + " of " + std::to_string(r.size()) +
                               " keys not confirmed, the others were written: ");
    std::string out;
    resp::error(out, text);
    return out;
  });
}

void RespSession::cmdDel(std::uint64_t seq, std::vector<std::string>& args) {
  // The port's delete does not say whether the key existed, so each key is
  // read first and deleted only if found; the count is of keys found by
  // that read. A key named twice is counted once, as in Redis.
  struct Del {
    std::size_t left = 0;
    long long deleted = 0;
    std::string error;  // the first failure
  };
  std::set<std::string> keys(args.begin() + 1, args.end());
  auto state = std::make_shared<Del>();
  state->left = keys.size();
  std::weak_ptr<RespSession> self = weak_from_this();
  auto finishOne = [self, state, seq](const std::string& error, bool deleted) {
    auto session = self.lock();
    if (!session) return;
    if (!error.empty() && state->error.empty()) state->error = error;
    if (deleted) ++state->deleted;
    if (--state->left > 0) return;
    std::string out;
    if (state->error.empty()) {
      resp::integer(out, state->deleted);
    } else {
      resp::error(out, state->error);
    }
    session->complete(seq, std::move(out));
  };
  for (const std::string& key : keys) {
    // The read and the delete hold the key together, so that a later
    // command of this connection on it cannot come between them.
    serialize(key, [this, self, key, finishOne](std::function<void()> release) {
      auto done = [finishOne, release](const std::string& error, bool deleted) {
        release();
        finishOne(error, deleted);
      };
      backend_.get(key, [this, self, key, done](const KvResponse& got) {
        if (!self.lock()) return;
        if (got.status != KvStatus::Ok) return done(errorFor(got), false);
        if (!got.found) return done({}, false);
        backend_.remove(key, [done](const KvResponse& removed) {
          if (removed.status != KvStatus::Ok) return done(errorFor(removed), false);
          done({}, true);
        });
      });
    });
  }
}

}  // namespace catslab::cats
