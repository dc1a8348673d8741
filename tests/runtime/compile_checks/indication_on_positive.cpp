// A requirer (Positive) may not trigger an indication.
#include "common.h"

class Client : public rt::ComponentDefinition {
 public:
  Client() {
    trigger(Answer{}, port_);  // EXPECT-ERROR
  }

 private:
  rt::Positive<Service> port_ = require<Service>();
};
