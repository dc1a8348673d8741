// RespParser: an incremental parser of Redis protocol (RESP2) requests.
//
// Bytes arrive in pieces of any size (feed()); next() returns the next
// complete command as its arguments, binary-safe, in the two forms Redis
// accepts:
//   - arrays of bulk strings, what client libraries, redis-cli and
//     redis-benchmark send:  *2\r\n$3\r\nGET\r\n$1\r\nk\r\n
//   - inline commands, what people type in telnet or nc:  GET k\r\n
//     (split on blanks; "double" quotes take \n \r \t \b \a \\ \" \xHH
//     escapes, 'single' quotes take \'; a line may end in \n alone).
// Empty arrays (*0, *-1) and empty inline lines are skipped, as Redis does.
//
// Malformed or oversized input is an error ("invalid bulk length", ...) that
// the server sends as "-ERR Protocol error: <message>" before it closes the
// connection. Errors are sticky: once next() reports one the parser reports
// it again and consumes nothing more. The limits are checked before the
// bytes are buffered in full, so a client cannot make the server hold more
// than about one limit's worth of a request it is going to refuse.
//
// Not thread-safe: one parser per connection, used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace catslab::cats {

struct RespLimits {
  std::size_t maxBulkLength = 512u * 1024 * 1024;  // one argument (Redis: proto-max-bulk-len)
  std::size_t maxArrayLength = 1024 * 1024;        // arguments of one command
  std::size_t maxInlineLength = 64 * 1024;         // an inline command line, or a header line
};

struct RespParse {
  enum class Kind { NeedMore, Command, Error };
  Kind kind = Kind::NeedMore;
  std::vector<std::string> args;  // Command: the command name and its arguments
  std::string error;              // Error: what was wrong, e.g. "invalid bulk length"
};

class RespParser {
 public:
  explicit RespParser(RespLimits limits = {}) : limits_(limits) {}

  // Appends bytes received from the client.
  void feed(std::string_view bytes);
  // The next complete command, NeedMore, or the (sticky) protocol error.
  RespParse next();
  // Bytes received and not consumed by a command yet.
  std::size_t buffered() const { return buffer_.size() - pos_; }
  bool failed() const { return !error_.empty(); }

 private:
  enum class State { Start, ArrayItems, BulkPayload };

  // The next line (without its terminator) or false if it has not arrived.
  // A line longer than `limit` without a terminator is an error.
  bool takeLine(std::size_t limit, bool allowBareLf, std::string_view& line);
  RespParse fail(std::string message);
  RespParse parseInline(std::string_view line);
  void compact();

  RespLimits limits_;
  std::string buffer_;
  std::size_t pos_ = 0;      // first unconsumed byte
  std::size_t scanned_ = 0;  // bytes after pos_ already searched for a line end
  State state_ = State::Start;
  std::size_t itemsLeft_ = 0;   // ArrayItems/BulkPayload: bulk strings still to read
  std::size_t bulkLength_ = 0;  // BulkPayload: payload bytes expected
  std::vector<std::string> args_;
  std::string error_;
};

// Splits an inline command line like Redis's sdssplitargs; false on
// unbalanced quotes.
bool splitInlineArgs(std::string_view line, std::vector<std::string>& out);

}  // namespace catslab::cats
