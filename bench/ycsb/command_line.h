// catslab-ycsb's command line, YCSB's own:
//   catslab-ycsb load|run <db> -P <workload file> [-P file]... [-p key=value]...
//                [-threads N] [-target N] [-s] [-l label]
// Files are read in order; -p values replace any file's, whatever the order;
// -threads and -target may also come as the properties threadcount and
// target, as in YCSB.
#pragma once

#include <string>
#include <vector>

#include "client.h"
#include "properties.h"

namespace catslab::ycsb {

struct CommandLine {
  ClientOptions options;
  Properties props;
  std::vector<double> percentiles;  // hdrhistogram.percentiles, default 95,99
};

std::string usage();
// Parses and loads the property files; a failure message names the file
// and key, or the bad argument.
Result<CommandLine> parseCommandLine(const std::vector<std::string>& args);

}  // namespace catslab::ycsb
