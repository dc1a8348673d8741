#include "cats/resp/resp_session.h"

#include <algorithm>
#include <utility>

#include "cats/resp/resp_command_table.h"
#include "cats/resp/resp_reply.h"

namespace catslab::cats {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Redis's "unknown command" text: the name and the first arguments, each
// quoted and cut so that the arguments take about 128 characters.
std::string unknownCommand(const std::vector<std::string>& args) {
  std::string list;
  for (std::size_t i = 1; i < args.size() && list.size() < 128; ++i) {
    list += "'" + args[i].substr(0, 128 - list.size()) + "' ";
  }
  return resp::oneLine("ERR unknown command '" + args[0].substr(0, 128) +
                       "', with args beginning with: " + list);
}

}  // namespace

std::shared_ptr<RespSession> RespSession::create(RespBackend& backend, RespSessionConfig config,
                                                 std::function<void()> wake) {
  return std::shared_ptr<RespSession>(new RespSession(backend, std::move(config), std::move(wake)));
}

RespSession::RespSession(RespBackend& backend, RespSessionConfig config, std::function<void()> wake)
    : backend_(backend),
      config_(std::move(config)),
      wake_(std::move(wake)),
      parser_(config_.limits),
      authenticated_(config_.requirepass.empty()) {}

void RespSession::receive(std::string_view bytes) {
  ++busy_;
  if (!closing_) {
    parser_.feed(bytes);
    pump();
  }
  --busy_;
}

std::string RespSession::takeOutput() {
  ++busy_;
  std::string out = std::exchange(out_, {});
  pump();  // taking output may have unblocked parsing
  out += std::exchange(out_, {});
  --busy_;
  return out;
}

bool RespSession::wantsInput() const {
  return !closing_ && slots_.size() < config_.maxPending && out_.size() < config_.maxOutputBytes;
}

void RespSession::pump() {
  if (pumping_) return;
  pumping_ = true;
  while (!closing_ && slots_.size() < config_.maxPending && out_.size() < config_.maxOutputBytes) {
    RespParse parsed = parser_.next();
    if (parsed.kind == RespParse::Kind::NeedMore) break;
    const std::uint64_t seq = firstSeq_ + slots_.size();
    slots_.emplace_back();
    if (parsed.kind == RespParse::Kind::Error) {
      if (config_.stats) ++config_.stats->protocolErrors;
      closing_ = true;
      protocolError_ = "Protocol error: " + parsed.error;
      replyError(seq, "ERR Protocol error: " + parsed.error);
      break;
    }
    if (config_.stats) ++config_.stats->totalCommands;
    execute(seq, parsed.args);
  }
  pumping_ = false;
}

void RespSession::execute(std::uint64_t seq, std::vector<std::string>& args) {
  const std::string name = lower(args[0]);
  const RespCommandSpec* spec = findRespCommand(name);
  if (!spec) return replyError(seq, unknownCommand(args));
  const int n = static_cast<int>(args.size());
  if ((spec->arity > 0 && n != spec->arity) || (spec->arity < 0 && n < -spec->arity)) {
    return replyError(seq, "ERR wrong number of arguments for '" + name + "' command");
  }
  if (!authenticated_ && name != "auth" && name != "quit") {
    return replyError(seq, "NOAUTH Authentication required.");
  }
  for (const auto& [command, handler] : handlers()) {
    if (command == name) return (this->*handler)(seq, args);
  }
  replyError(seq, unknownCommand(args));  // in the table, not implemented: cannot happen
}

const std::vector<std::pair<std::string_view, RespSession::Handler>>& RespSession::handlers() {
  static const std::vector<std::pair<std::string_view, Handler>> table = {
      {"get", &RespSession::cmdGet},       {"set", &RespSession::cmdSet},
      {"del", &RespSession::cmdDel},       {"exists", &RespSession::cmdExists},
      {"mget", &RespSession::cmdMget},     {"mset", &RespSession::cmdMset},
      {"ping", &RespSession::cmdPing},     {"echo", &RespSession::cmdEcho},
      {"info", &RespSession::cmdInfo},     {"command", &RespSession::cmdCommand},
      {"client", &RespSession::cmdClient}, {"select", &RespSession::cmdSelect},
      {"auth", &RespSession::cmdAuth},     {"quit", &RespSession::cmdQuit},
      {"config", &RespSession::cmdConfig},
  };
  return table;
}

void RespSession::complete(std::uint64_t seq, std::string bytes) {
  Slot& slot = slots_.at(seq - firstSeq_);
  slot.bytes = std::move(bytes);
  slot.ready = true;
  bool moved = false;
  while (!slots_.empty() && slots_.front().ready) {
    out_ += slots_.front().bytes;
    slots_.pop_front();
    ++firstSeq_;
    moved = true;
  }
  if (!moved || busy_ > 0) return;
  // An answer that came later: parsing may go on, and the server must know.
  ++busy_;
  pump();
  --busy_;
  if (wake_ && !out_.empty()) wake_();
}

void RespSession::replyError(std::uint64_t seq, std::string_view text) {
  std::string bytes;
  resp::error(bytes, resp::oneLine(text));
  complete(seq, std::move(bytes));
}

std::string RespSession::errorFor(const KvResponse& response) {
  std::string reason = response.reason;
  if (response.status == KvStatus::Unavailable) {
    if (reason.empty()) reason = "the key's replication group did not answer in time";
    return "UNAVAILABLE " + resp::oneLine(reason);
  }
  if (reason.empty()) reason = "the store rejected the request";
  return "ERR " + resp::oneLine(reason);
}

void RespSession::start(const Op& op, RespBackend::Done done) {
  serialize(op.key, [this, op, done = std::move(done)](std::function<void()> release) {
    RespBackend::Done then = [done, release](const KvResponse& response) {
      done(response);
      release();
    };
    switch (op.kind) {
      case KvKind::Get:
        backend_.get(op.key, std::move(then));
        break;
      case KvKind::Put:
        backend_.put(op.key, op.value, std::move(then));
        break;
      case KvKind::Delete:
        backend_.remove(op.key, std::move(then));
        break;
    }
  });
}

void RespSession::serialize(const std::string& key, KeyTask task) {
  auto [it, fresh] = busyKeys_.try_emplace(key);
  if (!fresh) {
    it->second.push_back(std::move(task));
    return;
  }
  runKeyed(key, std::move(task));
}

void RespSession::runKeyed(const std::string& key, KeyTask task) {
  std::weak_ptr<RespSession> self = weak_from_this();
  task([self, key] {
    if (auto session = self.lock()) session->releaseKey(key);
  });
}

void RespSession::releaseKey(const std::string& key) {
  auto it = busyKeys_.find(key);
  if (it == busyKeys_.end()) return;
  if (it->second.empty()) {
    busyKeys_.erase(it);
    return;
  }
  KeyTask next = std::move(it->second.front());
  it->second.pop_front();
  runKeyed(key, std::move(next));
}

void RespSession::runAll(std::uint64_t seq, std::vector<Op> ops, Finish finish) {
  struct Gather {
    std::size_t left;
    std::vector<KvResponse> results;
    Finish finish;
  };
  auto gather = std::make_shared<Gather>();
  gather->left = ops.size();
  gather->results.resize(ops.size());
  gather->finish = std::move(finish);
  std::weak_ptr<RespSession> self = weak_from_this();
  for (std::size_t i = 0; i < ops.size(); ++i) {
    start(ops[i], [self, gather, seq, i](const KvResponse& response) {
      auto session = self.lock();
      if (!session) return;
      gather->results[i] = response;
      if (--gather->left == 0) session->complete(seq, gather->finish(gather->results));
    });
  }
}

}  // namespace catslab::cats
