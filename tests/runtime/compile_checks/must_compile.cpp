// The legal uses, so the rejection checks cannot pass just because the
// snippets fail to compile for some other reason.
#include "common.h"

class Provider : public rt::ComponentDefinition {
 public:
  Provider() {
    subscribe(port_, [this](const Ask&) { trigger(Answer{}, port_); });
    subscribe(port_, [](const UrgentAsk&) {});
    subscribe(port_, [](const rt::Event&) {});  // a supertype sees everything in that direction
  }

 private:
  rt::Negative<Service> port_ = provide<Service>();
};

class Client : public rt::ComponentDefinition {
 public:
  Client() {
    subscribe(port_, &Client::onAnswer);
    trigger(Ask{}, port_);
    trigger(UrgentAsk{}, port_);  // subtypes of listed requests are allowed
  }

 private:
  void onAnswer(const Answer&) {}
  rt::Positive<Service> port_ = require<Service>();
};

class Parent : public rt::ComponentDefinition {
 public:
  Parent() {
    auto p = create<Provider>();
    auto c = create<Client>();
    connect(p.positive<Service>(), c.negative<Service>());
    connect(c.negative<Service>(), p.positive<Service>(), rt::ChannelKind::RequestsOnly);
  }
};

int main() { return 0; }
