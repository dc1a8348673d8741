// RespSession: the Redis command semantics of one client connection, over
// an asynchronous RespBackend. It parses the client's bytes (RespParser),
// runs each command, and produces the replies in request order even when
// the backend answers out of order (pipelining): every command gets a
// reply slot when it is parsed, and output is the prefix of filled slots.
//
// Commands and their differences from Redis are listed in docs/cats.md
// ("RESP (Redis protocol) front end"). In short: GET/SET/DEL/EXISTS/MGET/
// MSET map to KvGet/KvPut/KvDelete; a multi-key command is one operation
// per key, each linearizable, not atomic together; a connection's
// operations on the same key reach the store one at a time, in the order
// sent, while those on different keys run concurrently; DEL reads each key and
// deletes the ones it found, and answers how many it found; a backend
// answer that is not Ok turns the whole command into an error:
// Unavailable -> "-UNAVAILABLE <reason>", Rejected -> "-ERR <reason>".
//
// Flow control: the session parses no further command while maxPending
// replies are outstanding or maxOutputBytes of output wait to be taken, and
// wantsInput() tells the server whether to read more from the socket. After
// QUIT or a protocol error it reads nothing more; finished() says when the
// last reply has been taken and the connection can be closed.
//
// Not thread-safe: all calls, and all backend answers, on one thread. Make
// it with create(); backend answers that arrive after the session is gone
// are dropped.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cats/resp/resp_backend.h"
#include "cats/resp/resp_parser.h"

namespace catslab::cats {

// Counters one server shares among its sessions (for INFO). Thread-safe.
struct RespServerStats {
  std::atomic<std::uint64_t> connectedClients{0};
  std::atomic<std::uint64_t> totalConnections{0};
  std::atomic<std::uint64_t> totalCommands{0};
  std::atomic<std::uint64_t> protocolErrors{0};
  std::uint16_t port = 0;
};

struct RespSessionConfig {
  RespLimits limits;
  std::string requirepass;                   // empty: no AUTH needed
  std::size_t maxPending = 1024;             // replies outstanding before parsing pauses
  std::size_t maxOutputBytes = 1024 * 1024;  // untaken output before parsing pauses
  // Lines "name:value" for INFO's node sections, "server" (appended),
  // "keyspace" and "cats", or
  // "" (called on the session's thread; must be thread-safe if shared).
  std::function<std::string(std::string_view section)> nodeInfo;
  std::shared_ptr<RespServerStats> stats;  // may be null
  std::uint64_t clientId = 0;              // CLIENT ID
};

class RespSession : public std::enable_shared_from_this<RespSession> {
 public:
  // `wake` runs (on the session's thread) when a backend answer has made
  // output ready outside receive()/takeOutput().
  static std::shared_ptr<RespSession> create(RespBackend& backend, RespSessionConfig config,
                                             std::function<void()> wake = {});

  // Bytes from the client: parses and starts commands.
  void receive(std::string_view bytes);
  // The replies ready to send, in request order, moved out.
  std::string takeOutput();
  bool wantsInput() const;
  bool closing() const { return closing_; }
  bool finished() const { return closing_ && slots_.empty() && out_.empty(); }
  // Commands started whose replies are not in the output yet.
  std::size_t pending() const { return slots_.size(); }
  // The protocol error that ended the session ("" if none), for logs.
  const std::string& protocolError() const { return protocolError_; }

 private:
  struct Slot {
    bool ready = false;
    std::string bytes;
  };
  // One backend operation of a command.
  struct Op {
    KvKind kind;
    std::string key;
    std::string value;
  };
  using Finish = std::function<std::string(std::vector<KvResponse>&)>;
  using Handler = void (RespSession::*)(std::uint64_t seq, std::vector<std::string>& args);

  RespSession(RespBackend& backend, RespSessionConfig config, std::function<void()> wake);
  RespSession(const RespSession&) = delete;
  RespSession& operator=(const RespSession&) = delete;

  void pump();
  void execute(std::uint64_t seq, std::vector<std::string>& args);
  void complete(std::uint64_t seq, std::string bytes);
  void reply(std::uint64_t seq, std::string bytes) { complete(seq, std::move(bytes)); }
  void replyError(std::uint64_t seq, std::string_view text);
  // Starts `ops` in parallel; `finish` makes the reply once all answered.
  void runAll(std::uint64_t seq, std::vector<Op> ops, Finish finish);
  void start(const Op& op, RespBackend::Done done);
  // Runs `task` once this connection's earlier operations on `key` are
  // done; the task calls its argument when it is done with the key.
  using KeyTask = std::function<void(std::function<void()> release)>;
  void serialize(const std::string& key, KeyTask task);
  void runKeyed(const std::string& key, KeyTask task);
  void releaseKey(const std::string& key);
  static std::string errorFor(const KvResponse& response);
  static const std::vector<std::pair<std::string_view, Handler>>& handlers();

  // Commands (resp_kv_commands.cpp).
  void cmdGet(std::uint64_t seq, std::vector<std::string>& args);
  void cmdSet(std::uint64_t seq, std::vector<std::string>& args);
  void cmdDel(std::uint64_t seq, std::vector<std::string>& args);
  void cmdExists(std::uint64_t seq, std::vector<std::string>& args);
  void cmdMget(std::uint64_t seq, std::vector<std::string>& args);
  void cmdMset(std::uint64_t seq, std::vector<std::string>& args);
  // Commands (resp_admin_commands.cpp).
  void cmdPing(std::uint64_t seq, std::vector<std::string>& args);
  void cmdEcho(std::uint64_t seq, std::vector<std::string>& args);
  void cmdInfo(std::uint64_t seq, std::vector<std::string>& args);
  void cmdCommand(std::uint64_t seq, std::vector<std::string>& args);
  void cmdClient(std::uint64_t seq, std::vector<std::string>& args);
  void cmdSelect(std::uint64_t seq, std::vector<std::string>& args);
  void cmdAuth(std::uint64_t seq, std::vector<std::string>& args);
  void cmdQuit(std::uint64_t seq, std::vector<std::string>& args);
  void cmdConfig(std::uint64_t seq, std::vector<std::string>& args);
  std::string infoSection(std::string_view name) const;

  RespBackend& backend_;
  RespSessionConfig config_;
  std::function<void()> wake_;
  RespParser parser_;
  std::deque<Slot> slots_;
  std::uint64_t firstSeq_ = 0;  // the sequence number of slots_.front()
  std::string out_;
  // Keys with an operation in the store, and the tasks waiting for each.
  std::unordered_map<std::string, std::deque<KeyTask>> busyKeys_;
  bool closing_ = false;
  bool authenticated_ = false;
  bool pumping_ = false;
  int busy_ = 0;      // inside receive()/takeOutput(): the caller takes the output
  std::string name_;  // CLIENT SETNAME
  std::string protocolError_;
};

}  // namespace catslab::cats
