// CatsConfig: the parameters of a CATS node (topology node params; every one
// is listed with its default in docs/cats.md, "Parameters").
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "runtime/clock.h"
#include "runtime/result.h"

namespace catslab::cats {

enum class Consistency { Linearizable, Eventual };

// Deliberately wrong variants: the property tests prove they are caught.
enum class Broken {
  None,
  PlainMajority,       // quorums counted without comparing view ids (lookup inconsistency)
  ServeBeforeHandoff,  // a joiner serves before it merged the old view's data
  GetWithoutImpose,    // get returns the highest version without writing it back
  EagerTombstoneGc,    // tombstones dropped at the next round: no confirmation, horizon or floor
  KeepLeftovers,       // a node re-joining a group merges what it still held of an older view
};

// Watched keys cost a store lookup each after every handler: keep them few.
inline constexpr std::size_t kMaxWatchedKeys = 64;

struct CatsConfig {
  std::uint32_t slices = 32;  // fixed ring slices (replication groups)
  int replication = 3;        // r: replicas per slice
  Consistency consistency = Consistency::Linearizable;
  Broken broken = Broken::None;
  runtime::Duration tick = std::chrono::milliseconds(50);         // housekeeping period
  runtime::Duration retransmit = std::chrono::milliseconds(200);  // unanswered phase messages
  runtime::Duration deadline = std::chrono::seconds(5);           // then "unavailable"
  runtime::Duration proposeTimeout = std::chrono::milliseconds(800);
  runtime::Duration viewGossip = std::chrono::milliseconds(500);  // view anti-entropy
  runtime::Duration gcDelay = std::chrono::seconds(2);  // a removed member keeps data this long
  // A tombstone every member holds is dropped this long after that was
  // confirmed (0: never); longer than deadline (tombstones.cpp).
  runtime::Duration tombstoneHorizon = std::chrono::seconds(30);
  std::size_t maxKeyBytes = 64 * 1024;          // "max_key_bytes"
  std::size_t maxValueBytes = 8 * 1024 * 1024;  // "max_value_bytes"
  std::string store = "memory";                 // "memory" or "leveldb"
  std::string dataDir;                          // leveldb: the node's data directory
  std::string storeScope;                       // memory: stores are named "<scope>/<node id>"
  // Keys whose version inspect() reports as "watch.<key>" ("watch", comma
  // separated; the GUI's key inspector): a bounded few, never the whole store.
  std::vector<std::string> watch;

  // Reads the stack parameters; every malformed or unknown value is an error
  // naming the parameter.
  static runtime::Result<CatsConfig> fromParams(const std::map<std::string, std::string>& p);
};

}  // namespace catslab::cats
