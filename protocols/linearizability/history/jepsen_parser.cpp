#include "protocols/linearizability/history/jepsen_parser.h"

#include <cctype>
#include <string_view>
#include <unordered_map>

namespace catslab::checker {

namespace {

constexpr std::string_view kMarker = "jepsen.util - ";

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Splits off the next whitespace-separated token.
std::string_view nextToken(std::string_view& rest) {
  rest = trim(rest);
  std::size_t end = 0;
  while (end < rest.size() && !std::isspace(static_cast<unsigned char>(rest[end]))) ++end;
  std::string_view token = rest.substr(0, end);
  rest.remove_prefix(end);
  return token;
}

std::string valueOf(std::string_view token) {
  return token == "nil" ? std::string() : std::string(token);
}

struct ParsedLine {
  std::string process;
  std::string_view type;
  OpKind kind = OpKind::Read;
  std::string value;
  std::string expected;
  bool hasValue = false;
};

// Parses the part after the marker. Returns an empty string on success.
std::string parseClientLine(std::string_view rest, ParsedLine& out) {
  out.process = std::string(nextToken(rest));
  out.type = nextToken(rest);
  if (out.type != ":invoke" && out.type != ":ok" && out.type != ":fail" && out.type != ":info")
    return "expected :invoke, :ok, :fail or :info after the process, got '" +
           std::string(out.type) + "'";
  std::string_view f = nextToken(rest);
  if (f == ":read") {
    out.kind = OpKind::Read;
  } else if (f == ":write") {
    out.kind = OpKind::Write;
  } else if (f == ":cas") {
    out.kind = OpKind::Cas;
  } else {
    return "unknown function '" + std::string(f) + "' (expected :read, :write or :cas)";
  }
  rest = trim(rest);
  if (rest.empty()) return "missing value after " + std::string(f);
  out.hasValue = true;
  if (out.kind == OpKind::Cas) {
    if (rest.front() != '[')
      return "cas value must be [expected new], got '" + std::string(rest) + "'";
    std::size_t close = rest.find(']');
    if (close == std::string_view::npos) return "cas value lacks a closing ']'";
    std::string_view inside = rest.substr(1, close - 1);
    std::string_view a = nextToken(inside);
    std::string_view b = nextToken(inside);
    if (a.empty() || b.empty() || !trim(inside).empty())
      return "cas value must hold exactly two values, got '" +
             std::string(rest.substr(0, close + 1)) + "'";
    out.expected = valueOf(a);
    out.value = valueOf(b);
    return {};
  }
  std::string_view v = nextToken(rest);
  if (v.front() == '[' || v.front() == '{')
    return "expected a single value for " + std::string(f) + ", got '" + std::string(v) + "'";
  out.value = valueOf(v);
  return {};
}

bool isProcessNumber(std::string_view rest) {
  std::size_t digits = 0;
  while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
  return digits > 0 &&
         (digits == rest.size() || std::isspace(static_cast<unsigned char>(rest[digits])));
}

}  // namespace

Result<History> parseJepsenLog(std::istream& in, const std::string& name) {
  History history;
  history.timeUnit = "(line)";
  std::unordered_map<std::string, std::size_t> open;  // process -> op index
  std::string line;
  std::int64_t lineNo = 0;
  std::size_t clientLines = 0;
  auto fail = [&](const std::string& reason) {
    return Error{name + ":" + std::to_string(lineNo) + ": " + reason};
  };
  while (std::getline(in, line)) {
    ++lineNo;
    std::string_view view(line);
    std::size_t at = view.find(kMarker);
    if (at == std::string_view::npos) continue;
    std::string_view rest = view.substr(at + kMarker.size());
    if (!isProcessNumber(rest)) continue;  // nemesis and other non-client lines
    ++clientLines;
    ParsedLine parsed;
    if (std::string reason = parseClientLine(rest, parsed); !reason.empty()) return fail(reason);

    auto it = open.find(parsed.process);
    if (parsed.type == ":invoke") {
      if (it != open.end())
        return fail("process " + parsed.process + " invokes again while its operation from " +
                    history.ops[it->second].origin + " is still open");
      if (parsed.kind == OpKind::Read && !parsed.value.empty())
        return fail("a read invocation must carry nil, got '" + parsed.value + "'");
      Operation op;
      op.client = parsed.process;
      op.kind = parsed.kind;
      op.value = parsed.kind == OpKind::Read ? std::string() : parsed.value;
      op.expected = parsed.expected;
      op.invokeAt = lineNo;
      op.invokeTime = lineNo;
      op.origin = name + ":" + std::to_string(lineNo);
      open.emplace(parsed.process, history.ops.size());
      history.ops.push_back(std::move(op));
      continue;
    }
    if (it == open.end())
      return fail("process " + parsed.process + " completes (" + std::string(parsed.type) +
                  ") without an open invocation");
    Operation& op = history.ops[it->second];
    if (op.kind != parsed.kind)
      return fail(std::string("completion is a ") + toString(parsed.kind) +
                  " but the open invocation (" + op.origin + ") is a " + toString(op.kind));
    op.completeAt = lineNo;
    op.completeTime = lineNo;
    if (parsed.type == ":ok") {
      op.outcome = Outcome::Ok;
      if (op.kind == OpKind::Read) op.value = parsed.value;
    } else if (parsed.type == ":fail") {
      op.outcome = Outcome::Fail;
    } else {
      op.outcome = Outcome::Unknown;
      op.completeAt = kNever;  // an :info op may take effect even later
    }
    open.erase(it);
  }
  if (in.bad()) return Error{name + ": read error"};
  if (clientLines == 0)
    return Error{name + ": no Jepsen client lines (\"... jepsen.util - <process> :invoke ...\")"};
  return history;
}

}  // namespace catslab::checker
