// Misuse of the API is a clear std::logic_error naming the component and
// port, never undefined behaviour.
#include <QTest>
#include <atomic>
#include <functional>
#include <stdexcept>
#include <string>

#include "runtime_test_support.h"

namespace rt = catslab::runtime;

namespace {

struct Ping : rt::EventOf<Ping> {};
struct Pong : rt::EventOf<Pong> {};
struct PingPort : rt::PortType<rt::Requests<Ping>, rt::Indications<Pong>> {};
struct OtherPort : rt::PortType<rt::Requests<Ping>, rt::Indications<Pong>> {};

class Leaf : public rt::ComponentDefinition {
 public:
  void ping() { trigger(Ping{}, out_); }
  void listenTwice() {
    subscribe(out_, &Leaf::onPong);
    subscribe(out_, &Leaf::onPong);
  }
  void handlerTwice() {
    subscribe(out_, handler_);
    subscribe(out_, handler_);
  }
  void lambdaTwice() {
    subscribe(out_, [](const Pong&) {});
    subscribe(out_, [](const Pong&) {});
  }
  void dropUnknown() { unsubscribe(out_, &Leaf::onPong); }
  void listenTo(const rt::Positive<PingPort>& foreign) {
    subscribe(foreign, [](const Pong&) {});
  }

 private:
  void onPong(const Pong&) {}
  rt::Handler<Pong> handler_{[](const Pong&) {}};
  rt::Positive<PingPort> out_ = require<PingPort>();
};

class Middle : public rt::ComponentDefinition {
 public:
  Middle() { leaf = createNamed<Leaf>("leaf"); }
  rt::Component<Leaf> leaf;

 private:
  rt::Negative<PingPort> in_ = provide<PingPort>();
};

class Root : public rt::ComponentDefinition {
 public:
  Root() {
    middle = createNamed<Middle>("middle");
    sibling = createNamed<Leaf>("sibling");
  }
  void killMiddle() { kill(middle); }
  void connectTo(const rt::Positive<PingPort>& p, const rt::Negative<PingPort>& n) {
    connect(p, n);
  }
  void subscribeTo(const rt::Negative<PingPort>& n) {
    subscribe(n, [](const Ping&) {});
  }
  rt::Component<Middle> middle;
  rt::Component<Leaf> sibling;
};

// Runs `fn` and checks it throws std::logic_error whose message contains
// every one of `needles`.
void expectLogicError(const std::function<void()>& fn, const QStringList& needles) {
  try {
    fn();
  } catch (const std::logic_error& e) {
    const QString what = QString::fromUtf8(e.what());
    for (const auto& n : needles) {
      QVERIFY2(what.contains(n), qPrintable(QStringLiteral("'%1' lacks '%2'").arg(what, n)));
    }
    return;
  } catch (...) {
    QFAIL("threw something other than std::logic_error");
  }
  QFAIL("did not throw");
}

struct Fixture {
  rt::Runtime runtime{{.scheduler = rt::SchedulerKind::Deterministic}};
  rt::Component<Root> root = runtime.createRoot<Root>();
  Fixture() {
    runtime.start();
    runtime.runUntilIdle();
  }
};

// Calls awaitTermination from its own handler, which can only deadlock.
class Waiter : public rt::ComponentDefinition {
  void onStart() override { core().runtime().awaitTermination(); }
};

class WaiterRoot : public rt::ComponentDefinition {
 public:
  WaiterRoot() { create<Waiter>(); }
  std::atomic<bool> faulted{false};
  std::string what;

 private:
  rt::FaultAction onFault(const rt::Fault& f) override {
    what = f.what;
    faulted.store(true);
    return rt::FaultAction::Resolved;
  }
};

}  // namespace

class tst_Misuse : public QObject {
  Q_OBJECT

 private slots:
  void triggeringOnADestroyedComponentsPortNamesIt() {
    Fixture f;
    Leaf* leaf = &f.root->middle->leaf.definition();
    f.root->killMiddle();
    f.runtime.runUntilIdle();
    QCOMPARE(f.root->middle.state(), rt::LifecycleState::Destroyed);
    expectLogicError([&] { leaf->ping(); }, {"trigger", "PingPort", "/middle/leaf", "destroyed"});
  }

  void connectingADestroyedPortNamesIt() {
    Fixture f;
    auto provided = f.root->middle.positive<PingPort>();
    auto required = f.root->sibling.negative<PingPort>();
    f.root->killMiddle();
    f.runtime.runUntilIdle();
    expectLogicError([&] { f.root->connectTo(provided, required); },
                     {"connect", "PingPort", "/middle", "destroyed"});
  }

  void lookingUpPortsOfADestroyedComponentNamesIt() {
    Fixture f;
    auto middle = f.root->middle;
    f.root->killMiddle();
    f.runtime.runUntilIdle();
    expectLogicError([&] { (void)middle.positive<PingPort>(); }, {"/middle", "destroyed"});
    expectLogicError([&] { (void)middle.definition(); }, {"destroyed"});
  }

  void lookingUpAPortTheComponentDoesNotHaveNamesIt() {
    Fixture f;
    expectLogicError([&] { (void)f.root->middle.positive<OtherPort>(); },
                     {"/middle", "does not provide"});
    expectLogicError([&] { (void)f.root->middle.negative<PingPort>(); },
                     {"/middle", "does not require"});
  }

  void subscribingTheSameMemberHandlerTwiceNamesComponentAndPort() {
    Fixture f;
    expectLogicError([&] { f.root->sibling->listenTwice(); }, {"/sibling", "PingPort", "already"});
  }

  void subscribingTheSameHandlerObjectTwiceNamesComponentAndPort() {
    Fixture f;
    expectLogicError([&] { f.root->sibling->handlerTwice(); }, {"/sibling", "PingPort", "already"});
  }

  void distinctLambdasMayBeSubscribedTwice() {
    Fixture f;
    f.root->sibling->lambdaTwice();
    QCOMPARE(f.root->sibling.core()->ports().front()->inside().subscriptionCount(), std::size_t{2});
  }

  void unsubscribingAHandlerThatIsNotSubscribedNamesThePort() {
    Fixture f;
    expectLogicError([&] { f.root->sibling->dropUnknown(); }, {"unsubscribe", "PingPort"});
  }

  void subscribingToASiblingsPortIsRefused() {
    Fixture f;
    auto siblingsPort = f.root->middle.positive<PingPort>();
    expectLogicError([&] { f.root->sibling->listenTo(siblingsPort); },
                     {"/sibling", "own ports", "/middle"});
  }

  void subscribingToAGrandchildsPortIsRefused() {
    Fixture f;
    // The leaf requires PingPort; its outside half belongs to its parent's
    // view, not to the root two levels up.
    auto grandchildPort = f.root->middle->leaf.negative<PingPort>();
    expectLogicError([&] { f.root->subscribeTo(grandchildPort); }, {"component /", "/middle/leaf"});
  }

  void constructingAComponentDirectlyIsRefused() {
    expectLogicError([] { Leaf leaf; }, {"create"});
  }

  void secondRootIsRefused() {
    Fixture f;
    expectLogicError([&] { f.runtime.createRoot<Leaf>(); }, {"one root"});
  }

  void startWithoutRootIsRefused() {
    rt::Runtime runtime({.scheduler = rt::SchedulerKind::Deterministic});
    expectLogicError([&] { runtime.start(); }, {"createRoot"});
  }

  void awaitTerminationFromAHandlerIsAFaultNotADeadlock() {
    rt::Runtime runtime({.workers = 2});
    auto root = runtime.createRoot<WaiterRoot>();
    const WaiterRoot* r = &root.definition();
    runtime.start();
    QVERIFY(rtt::driveUntil(runtime, [&] { return r->faulted.load(); }));
    QVERIFY(QString::fromStdString(r->what).contains(QStringLiteral("deadlock")));
    runtime.shutdown();
    QCOMPARE(runtime.awaitTermination(), 0);
  }

  void steppingAWorkStealingRuntimeIsRefused() {
    rt::Runtime runtime({.workers = 1});
    expectLogicError([&] { runtime.step(); }, {"deterministic"});
  }
};

QTEST_MAIN(tst_Misuse)
#include "tst_misuse.moc"
