#include "properties.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace catslab::ycsb {
namespace {

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

// Java's Properties.load: a logical line may continue over several natural
// lines (an odd number of trailing backslashes); the continuation's leading
// blanks are dropped.
struct LogicalLine {
  std::string text;
  int firstLine = 0;
};

std::vector<LogicalLine> logicalLines(const std::string& text) {
  std::vector<LogicalLine> out;
  std::istringstream in(text);
  std::string natural;
  int number = 0;
  bool continuing = false;
  while (std::getline(in, natural)) {
    ++number;
    if (!natural.empty() && natural.back() == '\r') natural.pop_back();
    size_t start = 0;
    while (start < natural.size() && isBlank(natural[start])) ++start;
    std::string part = natural.substr(start);
    if (!continuing) {
      if (part.empty() || part[0] == '#' || part[0] == '!') continue;
      out.push_back({"", number});
    }
    size_t slashes = 0;
    while (slashes < part.size() && part[part.size() - 1 - slashes] == '\\') ++slashes;
    continuing = slashes % 2 == 1;
    if (continuing) part.pop_back();
    out.back().text += part;
  }
  return out;
}

// Resolves Java's escapes; `\uXXXX` only below 0x80 (YCSB's files are ASCII).
Result<std::string> unescape(const std::string& s, const std::string& where) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    switch (c) {
      case 't':
        out += '\t';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u': {
        unsigned code = 0;
        auto [end, ec] =
            std::from_chars(s.data() + i + 1, s.data() + std::min(s.size(), i + 5), code, 16);
        if (ec != std::errc() || end != s.data() + i + 5) {
          return Result<std::string>::failure(where + ": malformed \\uXXXX escape");
        }
        if (code >= 0x80) {
          return Result<std::string>::failure(where + ": \\u" + s.substr(i + 1, 4) +
                                              " is not ASCII (only ASCII escapes are read)");
        }
        out += static_cast<char>(code);
        i += 4;
        break;
      }
      default:
        out += c;
    }
  }
  return out;
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

}  // namespace

Status Properties::parse(const std::string& text, const std::string& source) {
  for (const LogicalLine& line : logicalLines(text)) {
    const std::string& t = line.text;
    std::string where = source + ":" + std::to_string(line.firstLine);
    // The key ends at the first unescaped '=', ':' or blank.
    size_t end = 0;
    while (end < t.size()) {
      if (t[end] == '\\') {
        end += 2;
        continue;
      }
      if (t[end] == '=' || t[end] == ':' || isBlank(t[end])) break;
      ++end;
    }
    end = std::min(end, t.size());
    size_t valueStart = end;
    while (valueStart < t.size() && isBlank(t[valueStart])) ++valueStart;
    if (valueStart < t.size() && (t[valueStart] == '=' || t[valueStart] == ':')) ++valueStart;
    while (valueStart < t.size() && isBlank(t[valueStart])) ++valueStart;
    auto key = unescape(t.substr(0, end), where);
    if (!key) return Status::failure(key.error());
    auto value = unescape(t.substr(valueStart), where);
    if (!value) return Status::failure(value.error());
    set(*key, *value, where);
  }
  return Status::ok();
}

Status Properties::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::failure(path + ": cannot read the workload file (" +
                           std::string(std::strerror(errno)) + ")");
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  if (s.find('\0') != std::string::npos) {
    return Status::failure(path + ": is not a property file (it holds NUL bytes)");
  }
  return parse(s, path);
}

Status Properties::setOverride(const std::string& assignment) {
  size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    return Status::failure("-p " + assignment + ": expected key=value");
  }
  set(assignment.substr(0, eq), assignment.substr(eq + 1), "-p");
  return Status::ok();
}

void Properties::set(const std::string& key, const std::string& value, const std::string& origin) {
  entries_[key] = Entry{value, origin};
}

std::optional<std::string> Properties::get(const std::string& key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second.value;
}

std::string Properties::get(const std::string& key, const std::string& fallback) const {
  return get(key).value_or(fallback);
}

std::string Properties::where(const std::string& key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return key;
  if (it->second.origin == "-p") return "-p " + key;
  return it->second.origin + ": " + key;
}

Result<int64_t> Properties::getInt(const std::string& key, int64_t fallback, int64_t min,
                                   int64_t max) const {
  auto v = get(key);
  if (!v) return fallback;
  int64_t n = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || end != v->data() + v->size()) {
    return Result<int64_t>::failure(where(key) + ": expected an integer, got " + quoted(*v));
  }
  if (n < min || n > max) {
    std::string range = max == INT64_MAX ? "at least " + std::to_string(min)
                                         : std::to_string(min) + ".." + std::to_string(max);
    return Result<int64_t>::failure(where(key) + ": expected " + range + ", got " + *v);
  }
  return n;
}

Result<double> Properties::getDouble(const std::string& key, double fallback, double min,
                                     double max) const {
  auto v = get(key);
  if (!v) return fallback;
  char* end = nullptr;
  errno = 0;
  double d = v->empty() ? NAN : std::strtod(v->c_str(), &end);
  if (v->empty() || end != v->c_str() + v->size() || errno != 0 || !std::isfinite(d)) {
    return Result<double>::failure(where(key) + ": expected a number, got " + quoted(*v));
  }
  if (d < min || d > max) {
    std::ostringstream range;
    if (max >= 1e300) {
      range << "at least " << min;
    } else {
      range << min << ".." << max;
    }
    return Result<double>::failure(where(key) + ": expected " + range.str() + ", got " + *v);
  }
  return d;
}

Result<bool> Properties::getBool(const std::string& key, bool fallback) const {
  auto v = get(key);
  if (!v) return fallback;
  if (*v == "true") return true;
  if (*v == "false") return false;
  return Result<bool>::failure(where(key) + ": expected true or false, got " + quoted(*v));
}

}  // namespace catslab::ycsb
