// FUZZ_CHECK: an invariant a fuzz target asserts about the parser it drives.
// Unlike assert() it holds in every build type (the replay tests run in the
// RelWithDebInfo tree, where NDEBUG is set), and a broken invariant aborts,
// which libFuzzer and the replay tests both report as a crash.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                                     \
  do {                                                                                       \
    if (!(cond)) {                                                                           \
      std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (0)
