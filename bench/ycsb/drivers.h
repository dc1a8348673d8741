// The drivers' constructors, for createDb (db.cpp).
#pragma once

#include <memory>

#include "db.h"

namespace catslab::ycsb {

// redis: redis.host (localhost), redis.port (6379), redis.password,
// redis.timeout (ms, 10000). One connection per client thread.
Result<std::unique_ptr<Db>> createRedisDb(const Properties& props, int thread);
// cats: cats.hosts=host:port,host:port,... (the nodes' RESP ports; default
// 127.0.0.1:6401), cats.timeout (ms, 10000), cats.password. Client thread i
// starts on host i mod n, so threads (and the keys they touch) spread over
// the nodes, and fails over to the next host when its node cannot be
// reached or stops answering (failover_client.h).
Result<std::unique_ptr<Db>> createCatsDb(const Properties& props, int thread);
// etcd: etcd.endpoints=http://host:port,... (client URLs; default
// http://127.0.0.1:2379), etcd.timeout (ms, 10000); thread i uses endpoint i mod n.
Result<std::unique_ptr<Db>> createEtcdDb(const Properties& props, int thread);

}  // namespace catslab::ycsb
