// RespBackend: the asynchronous key-value store behind a RespSession, in
// the terms of the KeyValueStore port (cats/kv_port.h). The server adapts
// a KvBridge to it; tests use fakes that answer at once or out of order.
//
// Each call answers `done` exactly once, before it returns or later. A
// RespSession needs its answers on the thread that drives it; KvBridge
// answers on a runtime worker thread, so RespServer wraps it in a backend
// that posts every answer to the connection's I/O thread.
#pragma once

#include <functional>
#include <string>

#include "cats/kv_port.h"

namespace catslab::cats {

class RespBackend {
 public:
  using Done = std::function<void(const KvResponse&)>;
  virtual ~RespBackend() = default;
  virtual void get(std::string key, Done done) = 0;
  virtual void put(std::string key, std::string value, Done done) = 0;
  virtual void remove(std::string key, Done done) = 0;
};

}  // namespace catslab::cats
