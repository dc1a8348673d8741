// The checks LevelDbStore makes on a data directory before LevelDB opens
// it, and the CATS_STORE marker it writes into a new one (format:
// leveldb_format.h). Everything refused is refused before any file in the
// directory is changed; every message starts with the path.
#pragma once

#include <string>

#include "runtime/result.h"

namespace catslab::cats {

enum class DataDirState {
  New,       // created or empty: the marker is now written, the database is to be created
  Existing,  // this node's store: the database is to be opened (and must exist)
};

// Creates `dir` if missing; writes the marker if it is new (durably: a
// temporary file, fsync, rename, fsync of the directory); refuses a path
// that is not a directory, a directory of another node or format version,
// and a non-empty directory without a marker (another program's, or a
// LevelDB database that is not a CATS store).
[[nodiscard]] runtime::Result<DataDirState> prepareDataDir(const std::string& dir,
                                                           const std::string& nodeId);

}  // namespace catslab::cats
