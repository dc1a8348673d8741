// A handler for an event that can never arrive on the port does not compile.
#include "common.h"

class Client : public rt::ComponentDefinition {
 public:
  Client() {
    subscribe(port_, [](const Other&) {});  // EXPECT-ERROR
  }

 private:
  rt::Positive<Service> port_ = require<Service>();
};
