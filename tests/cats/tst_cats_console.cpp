// The cats stack as a person meets it: console commands and their answers,
// bad input, a whole-cluster restart that keeps every acknowledged write, and
// an isolated node that answers "unavailable" naming the group. Runs on the
// deterministic simulator (one seed per test; the property suite is tst_cats).
#include <QTest>

#include "cats_sim.h"

using namespace catssim;

namespace {

ClusterOptions options(const std::string& scope, std::map<std::string, std::string> extra = {}) {
  ClusterOptions o;
  o.seed = 7;
  o.scope = "tst_cats_console/" + scope;
  o.params = {{"slices", "8"}, {"replication", "3"}};
  for (auto& [k, v] : extra) o.params[k] = v;
  o.workload.untilNs = 0;  // no background clients
  return o;
}

// Runs `line` on `node` and returns the lines that answer it, waiting (in
// virtual time) until `lines` of them arrived or 10 s passed.
std::vector<sim::ConsoleLine> ask(Cluster& c, const std::string& node, const std::string& line,
                                  std::size_t lines = 1) {
  const auto id = protosim::command(c.sim(), node, line);
  std::vector<sim::ConsoleLine> out;
  for (int i = 0; i < 1000; ++i) {
    out.clear();
    for (const auto& l : c.sim().console(node)) {
      if (l.commandId == id) out.push_back(l);
    }
    if (out.size() >= lines) break;
    c.sim().runFor(sim::ms(10));
  }
  return out;
}

std::string first(const std::vector<sim::ConsoleLine>& lines) {
  return lines.empty() ? std::string("(no answer)") : lines.front().text;
}

void converge(Cluster& c) {
  for (int i = 0; i < 300 && !c.viewsMatchRing().empty(); ++i) c.sim().runFor(sim::ms(100));
  QVERIFY2(c.viewsMatchRing().empty(), c.viewsMatchRing().c_str());
}

}  // namespace

class tst_cats_console : public QObject {
  Q_OBJECT

 private slots:
  void putGetDeleteAnswerWithGroupAndView() {
    Cluster c(options("basic"));
    converge(c);
    QVERIFY(
        first(ask(c, "n2", "put greeting hello world")).starts_with("put greeting: ok (group "));
    const auto got = first(ask(c, "n4", "get greeting"));
    QVERIFY2(got.starts_with("get greeting = hello world (group "), got.c_str());
    QVERIFY(got.find(" v") != std::string::npos && got.ends_with(" ms)"));
    QVERIFY(first(ask(c, "n5", "del greeting")).starts_with("del greeting: ok"));
    QVERIFY(first(ask(c, "n1", "get greeting")).starts_with("get greeting: (nil)"));
    QVERIFY(first(ask(c, "n3", "get never-written")).starts_with("get never-written: (nil)"));
  }

  void inspectionCommandsDescribeRingAndGroups() {
    Cluster c(options("inspect"));
    converge(c);
    (void)ask(c, "n1", "put k v1");
    QVERIFY(first(ask(c, "n1", "ring")).starts_with("ring (6 live): "));
    const auto views = first(ask(c, "n2", "views"));
    QVERIFY2(views.starts_with("member of "), views.c_str());
    QVERIFY(views.find(" ready") != std::string::npos);
    // "group k": a header, then one line per replica with its version.
    const auto group = ask(c, "n6", "group k", 4);
    QCOMPARE(group.size(), std::size_t{4});
    QVERIFY2(group[0].text.starts_with("key k: group "), group[0].text.c_str());
    int holders = 0;
    for (std::size_t i = 1; i < group.size(); ++i)
      holders += group[i].text.find("'v1'") != std::string::npos;
    QVERIFY2(holders >= 2, "a majority of the group must hold the acknowledged version");
    QVERIFY(first(ask(c, "n3", "status")).starts_with("node n3 ring position "));
  }

  void badInputGetsAnErrorAndTheNodeKeepsServing() {
    Cluster c(options("bad", {{"max_value_bytes", "16"}}));
    converge(c);
    auto lines = ask(c, "n2", "put k this-value-is-longer-than-sixteen-bytes");
    QVERIFY(!lines.empty() && lines[0].error);
    QVERIFY2(first(lines).find("rejected: value of 39 bytes exceeds the limit of 16") !=
                 std::string::npos,
             first(lines).c_str());
    lines = ask(c, "n2", "put onlykey");
    QVERIFY(!lines.empty() && lines[0].error &&
            first(lines).find("usage: put <key> <value>") != std::string::npos);
    lines = ask(c, "n2", "frobnicate");
    QVERIFY(!lines.empty() && lines[0].error &&
            first(lines).find("unknown command") != std::string::npos);
    QVERIFY(first(ask(c, "n2", "put k short")).starts_with("put k: ok"));
  }

  // Every acknowledged put survives crashing every node at once (uncommitted
  // writes are lost, as on a real disk) and restarting them all.
  void restartingEveryNodeKeepsAcknowledgedWrites() {
    Cluster c(options("restart"));
    converge(c);
    for (int i = 0; i < 30; ++i) {
      const auto node = "n" + std::to_string(1 + i % 6);
      const auto key = "key" + std::to_string(i);
      QVERIFY(first(ask(c, node, "put " + key + " value" + std::to_string(i)))
                  .starts_with("put " + key + ": ok"));
    }
    for (const auto& id : c.sim().nodeIds()) {
      (void)c.sim().killNode(id);
      catslab::cats::MemoryStores::crash("tst_cats_console/restart/" + id);
    }
    c.sim().runFor(sim::seconds(1));
    for (const auto& id : c.sim().nodeIds()) QVERIFY(c.sim().startNode(id));
    for (int i = 0; i < 30; ++i) {
      const auto key = "key" + std::to_string(i);
      const auto got = first(ask(c, "n" + std::to_string(1 + (i + 3) % 6), "get " + key));
      QVERIFY2(got.starts_with("get " + key + " = value" + std::to_string(i) + " "), got.c_str());
    }
  }

  // A node cut off from everyone cannot form a quorum of any group: it says
  // so, naming the group, and never answers with a value.
  void isolatedNodeAnswersUnavailable() {
    Cluster c(options("isolated", {{"deadline_ms", "1000"}}));
    converge(c);
    (void)ask(c, "n1", "put x before");
    std::vector<std::string> rest;
    for (const auto& id : c.sim().nodeIds()) {
      if (id != "n4") rest.push_back(id);
    }
    c.sim().partition({"n4"}, rest);
    auto lines = ask(c, "n4", "get x");
    QVERIFY(!lines.empty() && lines[0].error);
    QVERIFY2(first(lines).starts_with("error: get x: unavailable: group "), first(lines).c_str());
    lines = ask(c, "n4", "put x during");
    QVERIFY2(first(lines).find("unavailable") != std::string::npos, first(lines).c_str());
    c.sim().heal();
    QVERIFY2(first(ask(c, "n2", "get x")).starts_with("get x = "),
             "the majority side keeps serving");
  }

  // "watch k" makes a node report its own copy of k in its state, as
  // watch.k (the GUI's key inspector reads it from the trace); the param
  // watch=k does it from the start, "unwatch" stops it.
  void watchedKeyIsReportedInTheNodeState() {
    Cluster c(options("watch", {{"watch", "w1"}}));
    converge(c);
    QVERIFY(first(ask(c, "n1", "put w1 hello")).starts_with("put w1: ok"));
    c.sim().runFor(sim::ms(300));
    auto watched = [&c](const std::string& node, const std::string& key) {
      const catslab::sim::GlobalState state = c.sim().snapshot();
      if (const auto* n = state.node(node)) {
        for (const auto& [k, v] : n->state) {
          if (k.ends_with(".watch." + key)) return v;
        }
      }
      return std::string("(not reported)");
    };
    int holders = 0, none = 0;
    for (const auto& id : c.sim().nodeIds()) {
      const std::string v = watched(id, "w1");
      holders += v.find("'hello'") != std::string::npos;
      none += v == "none";
    }
    QVERIFY2(holders >= 2, "a majority of w1's group holds the acknowledged version");
    QCOMPARE(holders + none, 6);  // every node reports it: a version or none
    QCOMPARE(watched("n2", "w2"), std::string("(not reported)"));
    QVERIFY(first(ask(c, "n2", "watch w2")).starts_with("watching w2"));
    QVERIFY(first(ask(c, "n3", "put w2 x")).starts_with("put w2: ok"));
    c.sim().runFor(sim::ms(300));
    QVERIFY(watched("n2", "w2") != "(not reported)");
    QVERIFY(first(ask(c, "n2", "unwatch w2")).starts_with("not watching w2"));
    c.sim().runFor(sim::ms(300));
    QCOMPARE(watched("n2", "w2"), std::string("(not reported)"));
    const auto lines = ask(c, "n2", "watch");
    QVERIFY(!lines.empty() && lines[0].error &&
            first(lines).find("usage: watch <key>") != std::string::npos);
    std::string many;
    for (int i = 0; i <= 64; ++i) many += "k" + std::to_string(i) + ",";
    const auto r = catslab::cats::CatsConfig::fromParams({{"watch", many}});
    QVERIFY(!r && r.error().find("'watch': at most 64 keys") != std::string::npos);
  }

  // The node's parameters are checked: a bad one is an error naming it.
  void badParametersAreRefused() {
    auto r = catslab::cats::CatsConfig::fromParams({{"replication", "0"}});
    QVERIFY(!r);
    QVERIFY(r.error().find("'replication'") != std::string::npos);
    r = catslab::cats::CatsConfig::fromParams({{"consistency", "strong"}});
    QVERIFY(!r && r.error().find("linearizable or eventual") != std::string::npos);
    r = catslab::cats::CatsConfig::fromParams({{"broken", "everything"}});
    QVERIFY(!r && r.error().find("unknown variant") != std::string::npos);
  }
};

QTEST_APPLESS_MAIN(tst_cats_console)
#include "tst_cats_console.moc"
