// The commands the RESP front end understands, with what COMMAND and
// COMMAND DOCS report about them (Redis 7 shapes, so redis-cli's help and
// client libraries that ask the server which commands exist work).
// Arity follows Redis: n > 0 means exactly n words including the name,
// n < 0 means at least -n. Pure data.
#pragma once

#include <string_view>
#include <vector>

namespace catslab::cats {

struct RespCommandSpec {
  std::string_view name;  // lower case
  int arity;
  std::vector<std::string_view> flags;  // Redis command flags, e.g. "readonly", "fast"
  int firstKey;                         // positions of keys among the arguments (0: none)
  int lastKey;                          // -1: up to the last argument
  int keyStep;
  std::string_view group;  // Redis's command group: "string", "generic", "connection", ...
  std::string_view summary;
  std::string_view since;      // the Redis version that introduced it
  std::string_view arguments;  // for people: "key value", shown by redis-cli's help
};

const std::vector<RespCommandSpec>& respCommands();
// The spec of `lowerName`, or null.
const RespCommandSpec* findRespCommand(std::string_view lowerName);

}  // namespace catslab::cats
