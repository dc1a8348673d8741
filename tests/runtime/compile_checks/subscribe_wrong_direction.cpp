// A requirer cannot subscribe to requests (they flow the other way).
#include "common.h"

class Client : public rt::ComponentDefinition {
 public:
  Client() {
    subscribe(port_, &Client::onAsk);  // EXPECT-ERROR
  }

 private:
  void onAsk(const Ask&) {}
  rt::Positive<Service> port_ = require<Service>();
};
