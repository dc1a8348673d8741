#pragma once
// How long a test waits for something that should happen, scaled for slow
// builds. A test's timeouts are what a quiet machine with the optimized build
// needs, with room to spare; they only matter when the awaited event never
// comes. Under a sanitizer (-O0, ASan's shadow memory, TSan's 5-15x) on a
// loaded CI machine the same events take several times longer, so the
// sanitizer test presets set CATSLAB_TEST_TIMEOUT_SCALE (a positive number,
// default 1) and every wait in the suites goes through scaledMs().

#include <QDeadlineTimer>
#include <QtGlobal>
#include <cstdlib>

namespace catslab::testing {

inline double timeoutScale() {
  static const double scale = [] {
    const char* v = std::getenv("CATSLAB_TEST_TIMEOUT_SCALE");
    if (v == nullptr || *v == '\0') return 1.0;
    char* end = nullptr;
    const double s = std::strtod(v, &end);
    if (end == v || *end != '\0' || !(s > 0) || s > 1000) {
      qFatal("CATSLAB_TEST_TIMEOUT_SCALE must be a number in (0, 1000], got '%s'", v);
    }
    return s;
  }();
  return scale;
}

// `ms` (a quiet machine's timeout) times the scale.
inline int scaledMs(int ms) { return int(double(ms) * timeoutScale()); }

// A deadline `ms` (scaled) from now.
inline QDeadlineTimer deadlineIn(int ms) { return QDeadlineTimer(qint64(scaledMs(ms))); }

}  // namespace catslab::testing
