// A provider (Negative) may not trigger a request.
#include "common.h"

class Provider : public rt::ComponentDefinition {
 public:
  Provider() {
    trigger(Ask{}, port_);  // EXPECT-ERROR
  }

 private:
  rt::Negative<Service> port_ = provide<Service>();
};
