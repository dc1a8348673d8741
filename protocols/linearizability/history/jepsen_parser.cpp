#include "protocols/linearizability/history/jepsen_parser.h"

#include <cctype>
#include <iterator>
#include <string_view>
#include <vector>

#include "protocols/linearizability/history/edn_reader.h"
#include "protocols/linearizability/history/jepsen_ops.h"

namespace catslab::checker {

namespace {

// log4j's layout ("INFO  jepsen.util - 0\t...") and logback's
// ("... [jepsen worker 0] jepsen.util: 0\t...").
constexpr std::string_view kMarkers[] = {"jepsen.util - ", "jepsen.util: "};

bool isSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string_view skipSpace(std::string_view s) {
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  return s;
}

// "<digits><space>": the start of a client operation (nemesis lines start
// with :nemesis, other loggers with anything else).
bool startsWithProcess(std::string_view s) {
  std::size_t digits = 0;
  while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
  return digits > 0 && digits < s.size() && isSpace(s[digits]);
}

// The operation columns of a line, or an empty view if it is not a client line.
std::string_view clientColumns(std::string_view line) {
  for (std::string_view marker : kMarkers) {
    std::size_t at = line.find(marker);
    if (at == std::string_view::npos) continue;
    std::string_view rest = line.substr(at + marker.size());
    return startsWithProcess(rest) ? rest : std::string_view();
  }
  // history.txt: the columns alone. A process, then a keyword.
  std::string_view rest = skipSpace(line);
  if (!startsWithProcess(rest)) return {};
  std::string_view after = skipSpace(rest.substr(rest.find_first_not_of("0123456789")));
  return !after.empty() && after.front() == ':' ? rest : std::string_view();
}

// First character of the first form, skipping whitespace and ; comments.
char firstSignificant(std::string_view text, std::size_t* at) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (isSpace(text[i]) || text[i] == ',') {
      ++i;
    } else if (text[i] == ';') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else {
      break;
    }
  }
  *at = i;
  return i < text.size() ? text[i] : '\0';
}

bool looksLikeEdn(std::string_view text) {
  std::size_t at = 0;
  char c = firstSignificant(text, &at);
  if (c == '{' || c == '#') return true;
  if (c != '[' && c != '(') return false;
  char next = firstSignificant(text.substr(at + 1), &at);
  return next == '{' || next == '#' || next == ']' || next == ')';
}

Result<History> parseLogText(std::string_view text, const std::string& name) {
  JepsenHistoryBuilder builder;
  std::int64_t lineNo = 0;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++lineNo;
    std::string_view columns = clientColumns(line);
    if (columns.empty()) continue;
    auto fail = [&](const std::string& reason) {
      return Error{name + ":" + std::to_string(lineNo) + ": " + reason};
    };
    // The columns are EDN forms: process, type, f, value; anything after
    // the value (Jepsen's :error column) is not needed.
    edn::EdnReader reader(columns, lineNo);
    edn::Value forms[4];
    int count = 0;
    for (; count < 4 && reader.more(); ++count) {
      Result<edn::Value> form = reader.read();
      if (!form) return Error{name + ":" + form.error()};
      forms[count] = std::move(form.value());
    }
    if (count < 2 || forms[1].type != edn::Type::Keyword)
      return fail("expected :invoke, :ok, :fail or :info after the process, got '" +
                  (count < 2 ? std::string() : edn::show(forms[1])) + "'");
    if (count < 3) return fail("missing function after " + forms[1].text);
    JepsenRecord record;
    record.process = forms[0].text;
    record.type = forms[1].text;
    record.f = forms[2].type == edn::Type::Keyword ? forms[2].text : edn::show(forms[2]);
    record.value = count == 4 ? &forms[3] : nullptr;
    record.origin = name + ":" + std::to_string(lineNo);
    record.time = lineNo;
    if (std::string reason = builder.add(record); !reason.empty()) return fail(reason);
  }
  if (builder.records() == 0)
    return Error{name +
                 ": no Jepsen client lines (\"... jepsen.util - <process> :invoke ...\", "
                 "\"<process> :invoke ...\" or {:type :invoke ...} maps)"};
  return builder.take("(line)");
}

}  // namespace

Result<History> parseJepsenEdn(const std::string& text, const std::string& name) {
  // Read every form first: shown times are Jepsen's :time (ns) only if
  // every client operation has one, else line numbers.
  std::vector<edn::Value> forms;
  edn::EdnReader reader(text);
  while (reader.more()) {
    Result<edn::Value> form = reader.read();
    if (!form) return Error{name + ":" + form.error()};
    forms.push_back(std::move(form.value()));
  }
  std::vector<const edn::Value*> ops;
  for (const edn::Value& v : forms) {
    if (v.type == edn::Type::Vector || v.type == edn::Type::List) {
      for (const edn::Value& item : v.items) ops.push_back(&item);
    } else {
      ops.push_back(&v);
    }
  }
  auto timeOf = [](const edn::Value& map) -> std::int64_t {
    const edn::Value* time = map.get(":time");
    if (time == nullptr || time->type != edn::Type::Number) return -1;
    try {
      return std::stoll(time->text);
    } catch (const std::exception&) {
      return -1;
    }
  };
  auto mapOf = [](const edn::Value* form) {
    return form->type == edn::Type::Tagged ? &form->items.front() : form;
  };
  bool allTimed = true;
  for (const edn::Value* form : ops)
    if (mapOf(form)->type == edn::Type::Map && timeOf(*mapOf(form)) < 0) allTimed = false;

  JepsenHistoryBuilder builder;
  for (const edn::Value* form : ops) {
    auto fail = [&](const std::string& reason) {
      return Error{name + ":" + std::to_string(form->line) + ": " + reason};
    };
    const edn::Value* map = mapOf(form);
    if (map->type != edn::Type::Map)
      return fail("expected an operation map {:type ... :f ... :process ...}, got '" +
                  edn::show(*form).substr(0, 60) + "'");
    const edn::Value* process = map->get(":process");
    // Nemesis and other non-client operations have a keyword process.
    if (process == nullptr || process->type != edn::Type::Number) continue;
    const edn::Value* type = map->get(":type");
    const edn::Value* f = map->get(":f");
    if (type == nullptr || type->type != edn::Type::Keyword)
      return fail("an operation needs a :type keyword (:invoke, :ok, :fail or :info)");
    if (f == nullptr || f->type != edn::Type::Keyword)
      return fail("an operation needs an :f keyword (:read, :write or :cas)");
    JepsenRecord record;
    record.process = process->text;
    record.type = type->text;
    record.f = f->text;
    record.value = map->get(":value");
    record.origin = name + ":" + std::to_string(form->line);
    record.time = allTimed ? timeOf(*map) : form->line;
    if (std::string reason = builder.add(record); !reason.empty()) return fail(reason);
  }
  if (builder.records() == 0) return Error{name + ": no client operations in the EDN history"};
  return builder.take(allTimed ? "ns" : "(line)");
}

Result<History> parseJepsenLog(std::istream& in, const std::string& name) {
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Error{name + ": read error"};
  if (looksLikeEdn(text)) return parseJepsenEdn(text, name);
  return parseLogText(text, name);
}

}  // namespace catslab::checker
