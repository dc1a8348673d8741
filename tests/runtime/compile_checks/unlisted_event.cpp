// An event type the port type does not list cannot be triggered on it.
#include "common.h"

class Client : public rt::ComponentDefinition {
 public:
  Client() {
    trigger(Unlisted{}, port_);  // EXPECT-ERROR
  }

 private:
  rt::Positive<Service> port_ = require<Service>();
};
