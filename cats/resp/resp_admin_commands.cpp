// The connection and server commands of RespSession: PING, ECHO, INFO,
// COMMAND, CLIENT, SELECT, AUTH, QUIT, CONFIG GET. All answer at once.
#include <algorithm>

#include "cats/resp/resp_command_table.h"
#include "cats/resp/resp_reply.h"
#include "cats/resp/resp_session.h"

namespace catslab::cats {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Glob match with * and ? (CONFIG GET patterns).
bool globMatch(std::string_view pattern, std::string_view text) {
  if (pattern.empty()) return text.empty();
  if (pattern[0] == '*') {
    for (std::size_t i = 0; i <= text.size(); ++i) {
      if (globMatch(pattern.substr(1), text.substr(i))) return true;
    }
    return false;
  }
  if (text.empty()) return false;
  if (pattern[0] != '?' && pattern[0] != text[0]) return false;
  return globMatch(pattern.substr(1), text.substr(1));
}

// Compares without stopping at the first difference (AUTH).
bool sameSecret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  }
  return diff == 0;
}

void commandInfo(std::string& out, const RespCommandSpec& spec) {
  resp::arrayHeader(out, 10);
  resp::bulk(out, spec.name);
  resp::integer(out, spec.arity);
  resp::arrayHeader(out, spec.flags.size());
  for (auto flag : spec.flags) resp::simple(out, flag);
  resp::integer(out, spec.firstKey);
  resp::integer(out, spec.lastKey);
  resp::integer(out, spec.keyStep);
  for (int i = 0; i < 4; ++i)
    resp::arrayHeader(out, 0);  // ACL categories, tips, key specs, subcommands
}

void commandDocs(std::string& out, const RespCommandSpec& spec) {
  resp::bulk(out, spec.name);
  resp::arrayHeader(out, 8);
  resp::bulk(out, "summary");
  resp::bulk(out, spec.summary);
  resp::bulk(out, "since");
  resp::bulk(out, spec.since);
  resp::bulk(out, "group");
  resp::bulk(out, spec.group);
  resp::bulk(out, "complexity");
  resp::bulk(out, spec.arity == 2 || spec.arity == 3 ? "O(1)" : "O(N)");
}

}  // namespace

void RespSession::cmdPing(std::uint64_t seq, std::vector<std::string>& args) {
  if (args.size() > 2) return replyError(seq, "ERR wrong number of arguments for 'ping' command");
  std::string out;
  if (args.size() == 2) {
    resp::bulk(out, args[1]);
  } else {
    resp::simple(out, "PONG");
  }
  reply(seq, std::move(out));
}

void RespSession::cmdEcho(std::uint64_t seq, std::vector<std::string>& args) {
  std::string out;
  resp::bulk(out, args[1]);
  reply(seq, std::move(out));
}

std::string RespSession::infoSection(std::string_view name) const {
  std::string s;
  const auto line = [&s](std::string_view key, const std::string& value) {
    s.append(key).append(":").append(value).append("\r\n");
  };
  const auto nodeLines = [this, &s](std::string_view section) {
    if (!config_.nodeInfo) return;
    std::string text = config_.nodeInfo(section);
    // Accept \n or \r\n from the node; emit \r\n as Redis does.
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string_view l(text.data() + start, end - start);
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      if (!l.empty()) s.append(l).append("\r\n");
      start = end + 1;
    }
  };
  const RespServerStats* stats = config_.stats.get();
  if (name == "server") {
    s = "# Server\r\n";
    line("redis_version", "7.0.0");  // the protocol level we follow, for clients that check
    line("redis_mode", "standalone");
    line("server_name", "catslab-cats");
    line("arch_bits", std::to_string(sizeof(void*) * 8));
    if (stats) line("tcp_port", std::to_string(stats->port));
    nodeLines("server");  // the host adds what needs its clock (uptime)
  } else if (name == "clients") {
    s = "# Clients\r\n";
    line("connected_clients", std::to_string(stats ? stats->connectedClients.load() : 1));
  } else if (name == "stats") {
    s = "# Stats\r\n";
    if (stats) {
      line("total_connections_received", std::to_string(stats->totalConnections.load()));
      line("total_commands_processed", std::to_string(stats->totalCommands.load()));
      line("total_protocol_errors", std::to_string(stats->protocolErrors.load()));
    }
  } else if (name == "keyspace") {
    s = "# Keyspace\r\n";
    nodeLines("keyspace");
  } else if (name == "cats") {
    s = "# Cats\r\n";
    nodeLines("cats");
  }
  return s;
}

void RespSession::cmdInfo(std::uint64_t seq, std::vector<std::string>& args) {
  static const std::vector<std::string_view> all = {"server", "clients", "stats", "keyspace",
                                                    "cats"};
  std::vector<std::string> wanted;
  for (std::size_t i = 1; i < args.size(); ++i) wanted.push_back(lower(args[i]));
  const bool everything =
      wanted.empty() || std::any_of(wanted.begin(), wanted.end(), [](const std::string& w) {
        return w == "default" || w == "all" || w == "everything";
      });
  std::string text;
  for (auto section : all) {
    if (!everything && std::find(wanted.begin(), wanted.end(), section) == wanted.end()) continue;
    if (!text.empty()) text += "\r\n";
    text += infoSection(section);
  }
  std::string out;
  resp::bulk(out, text);  // an unknown section gives an empty text, as in Redis
  reply(seq, std::move(out));
}

void RespSession::cmdCommand(std::uint64_t seq, std::vector<std::string>& args) {
  const auto& table = respCommands();
  std::string out;
  if (args.size() == 1) {
    resp::arrayHeader(out, table.size());
    for (const auto& spec : table) commandInfo(out, spec);
    return reply(seq, std::move(out));
  }
  const std::string sub = lower(args[1]);
  if (sub == "count" && args.size() == 2) {
    resp::integer(out, static_cast<long long>(table.size()));
  } else if (sub == "list" && args.size() == 2) {
    resp::arrayHeader(out, table.size());
    for (const auto& spec : table) resp::bulk(out, spec.name);
  } else if (sub == "info") {
    resp::arrayHeader(out, args.size() - 2);
    for (std::size_t i = 2; i < args.size(); ++i) {
      if (const RespCommandSpec* spec = findRespCommand(lower(args[i]))) {
        commandInfo(out, *spec);
      } else {
        out += "*-1\r\n";
      }
    }
  } else if (sub == "docs") {
    // A map in RESP3; in RESP2 a flat array of name, docs pairs. Unknown
    // names are left out, as Redis does.
    std::vector<const RespCommandSpec*> specs;
    if (args.size() == 2) {
      for (const auto& spec : table) specs.push_back(&spec);
    }
    for (std::size_t i = 2; i < args.size(); ++i) {
      if (const RespCommandSpec* spec = findRespCommand(lower(args[i]))) specs.push_back(spec);
    }
    resp::arrayHeader(out, specs.size() * 2);
    for (const auto* spec : specs) commandDocs(out, *spec);
  } else {
    return replyError(seq,
                      "ERR unknown subcommand '" + args[1].substr(0, 128) + "'. Try COMMAND HELP.");
  }
  reply(seq, std::move(out));
}

void RespSession::cmdClient(std::uint64_t seq, std::vector<std::string>& args) {
  const std::string sub = lower(args[1]);
  std::string out;
  if (sub == "setname" && args.size() == 3) {
    for (char c : args[2]) {
      if (c < '!' || c > '~') {
        return replyError(
            seq, "ERR Client names cannot contain spaces, newlines or special characters.");
      }
    }
    name_ = args[2];
    return reply(seq, resp::ok());
  }
  if (sub == "getname" && args.size() == 2) {
    if (name_.empty()) {
      resp::nullBulk(out);
    } else {
      resp::bulk(out, name_);
    }
    return reply(seq, std::move(out));
  }
  if (sub == "setinfo" && args.size() == 4) {
    // Client libraries (redis-py 5, go-redis 9, Jedis) announce themselves.
    return reply(seq, resp::ok());
  }
  if (sub == "id" && args.size() == 2) {
    resp::integer(out, static_cast<long long>(config_.clientId));
    return reply(seq, std::move(out));
  }
  if (sub == "setname" || sub == "getname" || sub == "id" || sub == "setinfo") {
    return replyError(seq, "ERR wrong number of arguments for 'client|" + sub + "' command");
  }
  replyError(seq, "ERR unknown subcommand '" + args[1].substr(0, 128) + "'. Try CLIENT HELP.");
}

void RespSession::cmdSelect(std::uint64_t seq, std::vector<std::string>& args) {
  const std::string& text = args[1];
  long long index = 0;
  std::size_t used = 0;
  try {
    index = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size()) {
    return replyError(seq, "ERR value is not an integer or out of range");
  }
  if (index != 0) return replyError(seq, "ERR DB index is out of range");
  reply(seq, resp::ok());
}

void RespSession::cmdAuth(std::uint64_t seq, std::vector<std::string>& args) {
  if (args.size() > 3) return replyError(seq, "ERR syntax error");
  if (config_.requirepass.empty()) {
    return replyError(seq,
                      "ERR AUTH <password> called without any password configured for the "
                      "default user. Are you sure your configuration is correct?");
  }
  const bool userOk = args.size() == 2 || args[1] == "default";
  if (!userOk || !sameSecret(args.back(), config_.requirepass)) {
    authenticated_ = false;
    return replyError(seq, "WRONGPASS invalid username-password pair or user is disabled.");
  }
  authenticated_ = true;
  reply(seq, resp::ok());
}

void RespSession::cmdQuit(std::uint64_t seq, std::vector<std::string>& /*args*/) {
  closing_ = true;  // nothing after QUIT is read; earlier replies still go out
  reply(seq, resp::ok());
}

void RespSession::cmdConfig(std::uint64_t seq, std::vector<std::string>& args) {
  if (lower(args[1]) != "get") {
    return replyError(seq,
                      "ERR unknown subcommand '" + args[1].substr(0, 128) + "'. Try CONFIG HELP.");
  }
  if (args.size() < 3) {
    return replyError(seq, "ERR wrong number of arguments for 'config|get' command");
  }
  // What redis-benchmark and monitoring tools ask for; CATS persists
  // through its own store, never through Redis's RDB or AOF.
  static const std::vector<std::pair<std::string_view, std::string_view>> settings = {
      {"save", ""}, {"appendonly", "no"}, {"databases", "1"}};
  std::vector<std::pair<std::string_view, std::string_view>> found;
  for (const auto& [key, value] : settings) {
    for (std::size_t i = 2; i < args.size(); ++i) {
      if (globMatch(lower(args[i]), key)) {
        found.emplace_back(key, value);
        break;
      }
    }
  }
  std::string out;
  resp::arrayHeader(out, found.size() * 2);
  for (const auto& [key, value] : found) {
    resp::bulk(out, key);
    resp::bulk(out, value);
  }
  reply(seq, std::move(out));
}

}  // namespace catslab::cats
