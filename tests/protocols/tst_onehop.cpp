// One-hop routing on the simulator users run (catslab::sim::Simulation):
// after churn, membership converges to the live set and every route reaches
// the responsible node in one hop. Every message is round-tripped through
// its wire codec.
#include <QTest>
#include <set>

#include "protocols/chord/ring.h"
#include "protocols/onehop/onehop.h"
#include "runtime/runtime.h"
#include "runtime/state_writer.h"
#include "tests/protocols/sim_suite.h"

using namespace catslab::protocols;
namespace sim = catslab::sim;

using protosim::healthError;
using protosim::liveSet;
using protosim::nodeIds;

namespace {

// n1..nN running onehop with n1 as bootstrap, 1-10 ms links, none started.
std::unique_ptr<sim::Simulation> makeGroup(std::uint64_t seed, int nodes) {
  return protosim::makeGroup({.seed = seed,
                              .nodes = nodes,
                              .stack = "onehop",
                              .link = protosim::uniformLink(1, 10),
                              .bootstrap = "n1",
                              .start = false});
}

std::string membershipError(sim::Simulation& s) {
  const auto up = liveSet(s);
  for (const auto& id : up) {
    std::set<std::string> known;
    for (const auto& a : s.component<onehop::OneHop>(id)->members()) known.insert(a.id);
    if (known != up) {
      std::string text = id + " knows {";
      for (const auto& k : known) text += " " + k;
      text += " }, live set {";
      for (const auto& k : up) text += " " + k;
      return text + " }";
    }
  }
  return {};
}

// One process's clock as a life of a node sees it: now() counts from the
// process's start, epochNs() is the wall clock.
class LifeClock final : public catslab::runtime::Clock {
 public:
  LifeClock(std::int64_t sinceStartNs, std::int64_t epochNs)
      : sinceStartNs_(sinceStartNs), epochNs_(epochNs) {}
  std::int64_t nowNs() const override { return sinceStartNs_; }
  std::int64_t epochNs() const override { return epochNs_; }
  bool isVirtual() const override { return true; }

 private:
  std::int64_t sinceStartNs_;
  std::int64_t epochNs_;
};

// The incarnation n2 gives itself when its OneHop starts `sinceStartNs` into
// its process, at wall-clock time `epochNs`.
std::uint64_t incarnationOfALife(std::int64_t sinceStartNs, std::int64_t epochNs) {
  namespace rt = catslab::runtime;
  rt::Runtime runtime({.scheduler = rt::SchedulerKind::Deterministic,
                       .clock = std::make_shared<LifeClock>(sinceStartNs, epochNs)});
  rt::StackContext context{.self = {"n2", "127.0.0.1", 7002},
                           .peers = {{"n1", "127.0.0.1", 7001}},
                           .params = {},
                           .bootstrap = "n1"};
  auto node = runtime.createRoot<onehop::OneHop>(context, onehop::OneHopConfig{});
  runtime.start();
  runtime.runUntilIdle();
  rt::MapStateWriter state;
  node->inspect(state);
  return std::stoull(state.entries().at("incarnation"));
}

}  // namespace

class tst_onehop : public QObject {
  Q_OBJECT

 private slots:
  // The others take a removed member back only with a newer incarnation
  // (merge keeps the highest (incarnation, heartbeat)). A real process
  // restarted counts now() from zero again, so its incarnation must come from
  // the wall clock: here the first life started 10 s into its process, the
  // restart 1 ms into its own, 30 s later.
  void aRestartedProcessIsANewerLife() {
    constexpr std::int64_t s = 1'000'000'000;
    const std::uint64_t first = incarnationOfALife(10 * s, 1'800'000'000 * s);
    const std::uint64_t second = incarnationOfALife(s / 1000, 1'800'000'030 * s);
    QVERIFY2(second > first,
             qPrintable(QStringLiteral("restarted life %1, first life %2").arg(second).arg(first)));
  }

  void membershipConvergesAndRoutesTakeOneHop() {
    const auto ids = nodeIds(14);
    for (std::uint64_t seed : protosim::seeds(200)) {
      auto s = makeGroup(seed, 14);
      std::set<std::string> up(ids.begin(), ids.begin() + 10);
      for (const auto& id : up) QVERIFY(s->startNode(id));
      s->runFor(sim::seconds(3));
      for (int round = 0; round < 8; ++round) {
        const std::string who = ids[1 + s->scenarioRandom().below(ids.size() - 1)];
        QVERIFY(up.erase(who) ? s->killNode(who) : (up.insert(who), s->startNode(who)));
        s->runFor(sim::ms(static_cast<double>(s->scenarioRandom().between(0, 400))));
      }
      // fail timeout 2 s + a few exchange periods.
      s->runFor(sim::seconds(4));
      const std::string where =
          " at " + std::to_string(s->now() / 1000000) + " ms; " +
          protosim::reproduce(seed, "tst_onehop", "membershipConvergesAndRoutesTakeOneHop");
      std::string error = healthError(*s, up);
      if (error.empty()) error = membershipError(*s);
      QVERIFY2(error.empty(), (error + where).c_str());
      std::vector<catslab::runtime::Address> members;
      for (const auto& id : liveSet(*s)) members.push_back(catslab::runtime::Address{id});
      for (int i = 0; i < 5; ++i) {
        const std::string from = members[s->scenarioRandom().below(members.size())].id;
        const std::string key = "k" + std::to_string(s->scenarioRandom().below(100000));
        QVERIFY(s->command(from, "route " + key));
        const auto command = s->lastCommandId();
        s->runFor(sim::ms(100));
        std::vector<std::string> answers;
        for (const auto& line : s->console(from)) {
          if (line.commandId == command) answers.push_back(line.text);
        }
        QVERIFY2(answers.size() == 1, ("no single answer to route " + key + where).c_str());
        const auto owner = chord::responsibleFor(chord::ringKey(key), members);
        const int hops = owner->id == from ? 0 : 1;
        const std::string expected = "key " + std::to_string(chord::ringKey(key)) + " -> " +
                                     owner->id + " (" + std::to_string(hops) + " hops)";
        QVERIFY2(answers[0] == expected, (answers[0] + " expected " + expected + where).c_str());
      }
    }
  }

  void consoleListsMembers() {
    auto s = makeGroup(4, 3);
    s->startAll();
    s->runFor(sim::seconds(2));
    for (const char* line : {"members", "route", "fly"}) QVERIFY(s->command("n3", line));
    s->runFor(0);
    const auto out = s->console("n3");
    QCOMPARE(out.size(), std::size_t(3));
    QVERIFY2(out[0].text.rfind("3 members:", 0) == 0, out[0].text.c_str());
    QVERIFY(!out[0].error);
    QCOMPARE(out[1].text, std::string("error: usage: route <key>"));
    QVERIFY(out[1].error);
    QCOMPARE(out[2].text, std::string("error: unknown command 'fly' (try 'help')"));
    QCOMPARE(out[2].commandId, s->lastCommandId());
  }

  void inspectListsMembers() {
    auto s = makeGroup(5, 3);
    s->startAll();
    s->runFor(sim::seconds(2));
    std::string all;
    for (const auto& [k, v] : s->nodeState("n2")) all += k + "=" + v + " ";
    QVERIFY2(all.find("n1") != std::string::npos && all.find("n3") != std::string::npos,
             all.c_str());
  }

  void badParametersAreReported() {
    auto r = onehop::OneHopConfig::fromParams({{"period_ms", "500"}, {"fail_ms", "600"}});
    QVERIFY(!r);
    QVERIFY(r.error().find("fail_ms") != std::string::npos);
  }
};

QTEST_MAIN(tst_onehop)
#include "tst_onehop.moc"
