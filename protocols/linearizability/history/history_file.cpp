#include "protocols/linearizability/history/history_file.h"

#include <fstream>

#include "protocols/linearizability/history/jepsen_parser.h"
#include "protocols/linearizability/history/trace_reader.h"

namespace catslab::checker {

Result<History> loadHistory(const std::string& path, Format format) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot open file"};
  if (format == Format::Auto) {
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    bool jepsen =
        head.find("jepsen.util") != std::string::npos || head.find(":invoke") != std::string::npos;
    format = jepsen ? Format::Jepsen : Format::Trace;
    in.clear();
    in.seekg(0);
  }
  if (format == Format::Jepsen) return parseJepsenLog(in, path);
  return readTraceHistory(in, path);
}

}  // namespace catslab::checker
