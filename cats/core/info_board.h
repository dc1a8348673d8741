// InfoBoard: the latest snapshot of each CATS node's ring and groups, as
// text, for readers on other threads (the RESP front end's INFO cats runs
// on the server's I/O thread, while a CatsNode's state may only be read in
// its own handlers).
//
// A CatsNode whose stack has a RESP front end (parameter resp_port)
// publishes a fresh snapshot every view-gossip period (500 ms); readers get
// the last one published. One board per runtime
// (runtime.service<InfoBoard>()), keyed by node id.
//
// Thread-safe: publish() and read() take one mutex.
#pragma once

#include <map>
#include <mutex>
#include <string>

namespace catslab::runtime {
class Runtime;
}

namespace catslab::cats {

class InfoBoard {
 public:
  explicit InfoBoard(runtime::Runtime&) {}
  void publish(const std::string& node, std::string text) {
    std::lock_guard lock(mutex_);
    texts_[node] = std::move(text);
  }
  // The node's last snapshot ("key:value" lines), or empty if none yet.
  std::string read(const std::string& node) const {
    std::lock_guard lock(mutex_);
    auto it = texts_.find(node);
    return it == texts_.end() ? std::string() : it->second;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> texts_;  // guarded by mutex_
};

}  // namespace catslab::cats
