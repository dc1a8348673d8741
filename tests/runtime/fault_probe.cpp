// rt_fault_probe: a tiny program for tst_faults. It runs one component under
// the work-stealing scheduler and exits with Runtime::awaitTermination()'s
// code. Hidden flags (test use only):
//   --clean                 the component shuts the system down with code 0
//   --throw-in-handler      a handler throws; nobody handles the fault
//   --throw-in-child        a grandchild throws and every level escalates
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "runtime/runtime.h"

namespace rt = catslab::runtime;

namespace {

struct Go : rt::EventOf<Go> {};
struct Self : rt::PortType<rt::Requests<Go>, rt::Indications<>> {};

// Handles Go from its parent: shuts the system down cleanly, or throws.
class Worker : public rt::ComponentDefinition {
 public:
  explicit Worker(bool fail) {
    subscribe(port_, [this, fail](const Go&) {
      if (fail) throw std::runtime_error("probe failure on purpose");
      shutdownSystem(0);
    });
  }

 private:
  rt::Negative<Self> port_ = provide<Self>();
};

class Middle : public rt::ComponentDefinition {
 public:
  explicit Middle(bool fail) {
    auto w = createNamed<Worker>("worker", fail);
    target_ = w.positive<Self>();
  }

 private:
  void onStart() override { trigger(Go{}, target_); }
  rt::Positive<Self> target_;
};

class Top : public rt::ComponentDefinition {
 public:
  Top(bool fail, bool deep) {
    if (deep) {
      createNamed<Middle>("middle", fail);
    } else {
      auto w = createNamed<Worker>("worker", fail);
      target_ = w.positive<Self>();
    }
  }

 private:
  void onStart() override {
    if (target_.valid()) trigger(Go{}, target_);
  }
  rt::Positive<Self> target_;
};

}  // namespace

int main(int argc, char** argv) {
  bool fail = false;
  bool deep = false;
  if (argc != 2) {
    std::fprintf(stderr, "usage: rt_fault_probe --clean|--throw-in-handler|--throw-in-child\n");
    return 2;
  }
  if (std::strcmp(argv[1], "--throw-in-handler") == 0) {
    fail = true;
  } else if (std::strcmp(argv[1], "--throw-in-child") == 0) {
    fail = true;
    deep = true;
  } else if (std::strcmp(argv[1], "--clean") != 0) {
    std::fprintf(stderr, "rt_fault_probe: unknown flag %s\n", argv[1]);
    return 2;
  }
  rt::Runtime runtime({.workers = 2});
  runtime.createRoot<Top>(fail, deep);
  runtime.start();
  return runtime.awaitTermination();
}
