#include "cats/store/leveldb_dir.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "cats/store/leveldb_format.h"

namespace catslab::cats {
namespace fs = std::filesystem;
namespace {

using R = runtime::Result<DataDirState>;
const std::string kMarkerTemp = std::string(leveldb_format::kMarkerFile) + ".tmp";

std::string errnoText() { return std::strerror(errno); }

// Writes `text` to dir/name through a temporary file, so that the marker is
// either absent or complete after a crash, and durable when this returns.
runtime::Status writeDurably(const fs::path& dir, const std::string& name,
                             const std::string& text) {
  const fs::path temp = dir / kMarkerTemp;
  const fs::path target = dir / name;
  const auto fail = [&](const std::string& step) {
    return runtime::Status::failure(target.string() + ": cannot " + step + ": " + errnoText());
  };
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fail("create");
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return fail("write");
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return fail("sync");
  }
  if (::close(fd) != 0) return fail("close");
  if (::rename(temp.c_str(), target.c_str()) != 0) return fail("rename into place");
  const int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirFd < 0) return fail("open the directory to sync it");
  const int synced = ::fsync(dirFd);
  ::close(dirFd);
  if (synced != 0) return fail("sync the directory");
  return runtime::Status::ok();
}

runtime::Result<std::string> readSmallFile(const fs::path& path) {
  using S = runtime::Result<std::string>;
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return S::failure(path.string() + ": cannot read: " + ec.message());
  if (size > 4096) return S::failure(path.string() + ": too large to be a CATS store marker");
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return S::failure(path.string() + ": cannot read");
  return text;
}

std::string listSome(const std::set<std::string>& names) {
  std::string out;
  int shown = 0;
  for (const auto& n : names) {
    if (shown == 3) return out + ", ...";
    out += (shown++ ? ", '" : "'") + n + "'";
  }
  return out;
}

}  // namespace

runtime::Result<DataDirState> prepareDataDir(const std::string& dirName,
                                             const std::string& nodeId) {
  if (nodeId.empty() || nodeId.find('\n') != std::string::npos) {
    return R::failure("a store's node id must be one non-empty line, got '" + nodeId + "'");
  }
  if (dirName.empty()) return R::failure("the data directory is an empty path");
  const fs::path dir(dirName);
  std::error_code ec;
  const fs::file_status status = fs::status(dir, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return R::failure(dirName + ": cannot inspect: " + ec.message());
  }
  if (fs::exists(status) && !fs::is_directory(status)) {
    return R::failure(dirName + ": not a directory (a CATS data directory must be a directory)");
  }
  if (!fs::exists(status)) {
    fs::create_directories(dir, ec);
    if (ec) return R::failure(dirName + ": cannot create the data directory: " + ec.message());
  }

  std::set<std::string> names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name != kMarkerTemp) names.insert(name);  // an interrupted marker write: ours, no data
  }
  if (ec) return R::failure(dirName + ": cannot list: " + ec.message());
  const std::string markerName(leveldb_format::kMarkerFile);
  const bool hasMarker = names.count(markerName) > 0;
  const bool hasDatabase = names.count("CURRENT") > 0;

  if (!hasMarker) {
    if (hasDatabase) {
      return R::failure(dirName + ": holds a LevelDB database that is not a CATS store (no " +
                        markerName + " file); refusing to use it");
    }
    if (!names.empty()) {
      return R::failure(dirName + ": is not empty and is not a CATS store (it holds " +
                        listSome(names) + "); refusing to use it: give each node an empty or " +
                        "new data_dir");
    }
    auto written = writeDurably(dir, markerName, leveldb_format::markerText(nodeId));
    if (!written) return written;
    return DataDirState::New;
  }

  auto text = readSmallFile(dir / markerName);
  if (!text) return R::failure(text.error());
  auto marker = leveldb_format::parseMarker(*text);
  if (!marker) {
    return R::failure((dir / markerName).string() + ": not a CATS store marker: it " +
                      marker.error());
  }
  if (marker->version != leveldb_format::kVersion) {
    return R::failure(dirName + ": store format version " + std::to_string(marker->version) +
                      ", this build reads version " + std::to_string(leveldb_format::kVersion));
  }
  if (marker->nodeId != nodeId) {
    return R::failure(dirName + ": belongs to node '" + marker->nodeId + "', not to '" + nodeId +
                      "' (each node needs its own data_dir)");
  }
  if (hasDatabase) return DataDirState::Existing;
  if (names.size() == 1) return DataDirState::New;  // the first open stopped after the marker
  return R::failure(dirName + ": has a " + markerName +
                    " marker but no LevelDB database (CURRENT is missing): damaged or " +
                    "incompletely created; refusing to use it");
}

}  // namespace catslab::cats
