// Deploy-time composition: a registry of named stacks. A stack is the
// application a node runs (e.g. "ping", "paxos", "cats"). Its top
// component requires Network and Timer and provides Console; the host that
// builds it (catslab-node, the simulator, the stress profile) connects
// those to the real or emulated network and timer.
//
// Stacks register themselves from their library with a static Registration;
// hosts call linkAllStacks() (defined by each library that has stacks, see
// below) so that static registrations are not dropped by the linker.
// Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "runtime/component.h"
#include "runtime/network.h"

namespace catslab::runtime {

struct StackContext {
  Address self;
  std::vector<Address> peers;                 // every other node of the topology
  std::map<std::string, std::string> params;  // the node's stack parameters
  std::string bootstrap;                      // node id of the bootstrap server, may be empty
};

// Creates the stack's top component as a child of `parent` and returns it.
// The child must provide Console and require Network and Timer.
using StackFactory = std::function<ComponentRef(ComponentDefinition& parent, const StackContext&)>;

struct StackInfo {
  std::string name;
  std::string description;
  StackFactory factory;
};

class StackRegistry {
 public:
  static void add(StackInfo info);
  static const StackInfo* find(const std::string& name);
  static std::vector<std::string> names();

  struct Registration {
    explicit Registration(StackInfo info) { add(std::move(info)); }
  };
};

// ComponentDefinition::create is protected; factories call this instead.
class StackBuilder {
 public:
  template <class C, class... Args>
  static Component<C> createIn(ComponentDefinition& parent, const std::string& name,
                               Args&&... args) {
    return parent.createNamed<C>(name, std::forward<Args>(args)...);
  }
};

}  // namespace catslab::runtime
