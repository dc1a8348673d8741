// A channel joins ports of the same type only.
#include "common.h"

class Provider : public rt::ComponentDefinition {
  rt::Negative<Service> port_ = provide<Service>();
};
class Client : public rt::ComponentDefinition {
  rt::Positive<OtherService> port_ = require<OtherService>();
};

class Parent : public rt::ComponentDefinition {
 public:
  Parent() {
    auto p = create<Provider>();
    auto c = create<Client>();
    connect(p.positive<Service>(), c.negative<OtherService>());  // EXPECT-ERROR
  }
};
