// catslab-bench-store: what group commit buys on this machine's disk.
//
//   catslab-bench-store [--dir DIR] [--seconds S] [--value-bytes B] [--batches 1,8,64]
//
// For each batch size b, a LevelDbStore (sync commits) repeatedly stages b
// puts of B-byte values (100,000 keys in turn) and commits them, for S seconds;
// the same loop then runs on a MemoryStore. One line per run:
//   store batch commits_per_sec ops_per_sec commit_p50_us commit_p99_us log_fsyncs
// ops = puts made durable. DIR (default: a new folder under /tmp, removed
// afterwards) must be on the disk you want to measure: /tmp on tmpfs would
// measure nothing.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "cats/store/leveldb_store.h"
#include "cats/store/memory_store.h"

using namespace catslab::cats;
using Clock = std::chrono::steady_clock;

namespace {

struct Args {
  std::string dir;
  double seconds = 3;
  std::size_t valueBytes = 100;
  std::vector<int> batches = {1, 8, 64};
};

int usage(const char* why) {
  std::fprintf(stderr,
               "catslab-bench-store: %s\nusage: catslab-bench-store [--dir DIR] [--seconds S] "
               "[--value-bytes B] [--batches 1,8,64]\n",
               why);
  return 2;
}

struct Run {
  std::uint64_t commits = 0;
  std::uint64_t ops = 0;
  double seconds = 0;
  double p50us = 0;
  double p99us = 0;
};

Run measure(LocalStore& store, int batch, const Args& args, std::uint32_t slice) {
  const std::string value(args.valueBytes, 'v');
  std::vector<double> latencies;
  Run run;
  const auto start = Clock::now();
  const auto stop = start + std::chrono::duration<double>(args.seconds);
  std::uint64_t key = 0;
  while (Clock::now() < stop) {
    const auto t0 = Clock::now();
    for (int i = 0; i < batch; ++i) {
      // 100,000 distinct keys, overwritten in turn: memory stays bounded.
      ++key;
      store.put(slice, "key" + std::to_string(key % 100000), Versioned{{key, "n1"}, false, value});
    }
    if (auto s = store.commit(); !s) {
      std::fprintf(stderr, "catslab-bench-store: %s\n", s.error().c_str());
      std::exit(1);
    }
    latencies.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    ++run.commits;
    run.ops += batch;
  }
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(latencies.begin(), latencies.end());
  if (!latencies.empty()) {
    run.p50us = latencies[latencies.size() / 2];
    run.p99us = latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
  }
  return run;
}

void print(const char* kind, int batch, const Run& r, std::uint64_t fsyncs) {
  std::printf(
      "%-8s batch=%-3d commits_per_sec=%-9.0f ops_per_sec=%-9.0f commit_p50_us=%-8.1f "
      "commit_p99_us=%-8.1f log_fsyncs=%llu\n",
      kind, batch, r.commits / r.seconds, r.ops / r.seconds, r.p50us, r.p99us,
      static_cast<unsigned long long>(fsyncs));
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) return usage(("missing value after " + a).c_str());
    const char* v = argv[++i];
    char* end = nullptr;
    if (a == "--dir") {
      args.dir = v;
    } else if (a == "--seconds") {
      args.seconds = std::strtod(v, &end);
      if (*end || args.seconds <= 0) return usage("--seconds: expected a positive number");
    } else if (a == "--value-bytes") {
      args.valueBytes = std::strtoul(v, &end, 10);
      if (*end) return usage("--value-bytes: expected a whole number");
    } else if (a == "--batches") {
      args.batches.clear();
      std::stringstream list(v);
      for (std::string item; std::getline(list, item, ',');) {
        const int b = std::atoi(item.c_str());
        if (b <= 0) return usage("--batches: expected positive whole numbers, e.g. 1,8,64");
        args.batches.push_back(b);
      }
    } else {
      return usage(("unknown option " + a).c_str());
    }
  }
  bool removeDir = false;
  if (args.dir.empty()) {
    args.dir = (std::filesystem::temp_directory_path() /
                ("catslab-bench-store-" + std::to_string(::getpid())))
                   .string();
    removeDir = true;
  }
  {
    auto store = LevelDbStore::open(args.dir, "bench");
    if (!store) {
      std::fprintf(stderr, "catslab-bench-store: %s\n", store.error().c_str());
      return 2;
    }
    std::uint32_t slice = 0;
    for (int batch : args.batches) {
      const auto fsyncs = (*store)->logSyncs();
      const Run r = measure(**store, batch, args, slice++);
      print("leveldb", batch, r, (*store)->logSyncs() - fsyncs);
    }
  }
  MemoryStore memory;
  std::uint32_t slice = 0;
  for (int batch : args.batches) print("memory", batch, measure(memory, batch, args, slice++), 0);
  if (removeDir) std::filesystem::remove_all(args.dir);
  return 0;
}
