// Cyclon in simulation: the overlay stays connected through churn,
// in-degrees stay close to the view size, and crashed nodes vanish from
// every view within a bounded time.
#include <QtTest>
#include <cmath>
#include <queue>

#include "protocols/cyclon/cyclon.h"
#include "tests/protocols/part_b_sim.h"

using namespace catslab::protocols::cyclon;
using namespace std::chrono_literals;
using partb::World;

namespace {

constexpr int kViewSize = 6;
const std::map<std::string, std::string> kParams{{"view", "6"}, {"shuffle", "3"}};

std::vector<std::string> nodeIds(int n) {
  std::vector<std::string> ids;
  for (int i = 1; i <= n; ++i) ids.push_back("n" + std::to_string(i));
  return ids;
}

// Live nodes' views restricted to live neighbours, as an adjacency list.
std::map<std::string, std::vector<std::string>> overlay(World& w) {
  std::map<std::string, std::vector<std::string>> g;
  for (const auto& id : w.live()) {
    for (const auto& d : w.find<Cyclon>(id)->view()) g[id].push_back(d.address.id);
  }
  return g;
}

// Empty if the undirected overlay over live nodes is connected.
std::string connectivityError(World& w) {
  std::map<std::string, std::set<std::string>> undirected;
  for (const auto& [a, ns] : overlay(w)) {
    for (const auto& b : ns) {
      if (!w.live().count(b)) continue;
      undirected[a].insert(b);
      undirected[b].insert(a);
    }
  }
  std::set<std::string> seen{*w.live().begin()};
  std::queue<std::string> todo;
  todo.push(*w.live().begin());
  while (!todo.empty()) {
    for (const auto& n : undirected[todo.front()]) {
      if (seen.insert(n).second) todo.push(n);
    }
    todo.pop();
  }
  if (seen.size() == w.live().size()) return {};
  return "only " + std::to_string(seen.size()) + " of " + std::to_string(w.live().size()) +
         " live nodes reachable";
}

std::string deadLinkError(World& w) {
  for (const auto& [a, ns] : overlay(w)) {
    for (const auto& b : ns) {
      if (!w.live().count(b)) return a + " still lists crashed " + b;
    }
  }
  return {};
}

double inDegreeStddev(World& w) {
  std::map<std::string, int> in;
  for (const auto& id : w.live()) in[id] = 0;
  for (const auto& [a, ns] : overlay(w)) {
    for (const auto& b : ns) {
      if (in.count(b)) ++in[b];
    }
  }
  double mean = 0;
  for (const auto& [id, d] : in) mean += d;
  mean /= static_cast<double>(in.size());
  double var = 0;
  for (const auto& [id, d] : in) var += (d - mean) * (d - mean);
  return std::sqrt(var / static_cast<double>(in.size()));
}

}  // namespace

class tst_cyclon : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    World::copyable<ShuffleRequest>();
    World::copyable<ShuffleReply>();
  }

  // 24 nodes join through n1, run 40 shuffle periods, then a third of them
  // crash and others join; checks hold 30 periods after the churn.
  void overlayStaysConnectedBalancedAndClean() {
    double worstStddev = 0, sumStddev = 0;
    const auto all = partb::seeds(200);
    for (std::uint64_t seed : all) {
      World w({.seed = seed});
      const auto ids = nodeIds(30);
      w.declare(ids, "n1");
      for (int i = 0; i < 24; ++i) w.start(ids[i], "cyclon", kParams);
      w.runFor(8s);
      const auto where = [&](const std::string& what) {
        return what + "; " +
               partb::reproduce(seed, "tst_cyclon", "overlayStaysConnectedBalancedAndClean");
      };
      std::string error = connectivityError(w);
      QVERIFY2(error.empty(), where(error).c_str());
      for (int i = 0; i < 8; ++i) {
        w.crash(ids[1 + w.random().below(23)]);
        w.runFor(std::chrono::milliseconds(w.random().between(0, 200)));
      }
      for (int i = 24; i < 30; ++i) w.start(ids[i], "cyclon", kParams);
      w.runFor(6s);  // 30 shuffle periods of 200 ms
      error = connectivityError(w);
      QVERIFY2(error.empty(), where(error).c_str());
      error = deadLinkError(w);
      QVERIFY2(error.empty(), where(error).c_str());
      // Full, or one short while the node's own shuffle is in flight (the
      // partner is out of the view until it answers).
      for (const auto& id : w.live()) {
        QVERIFY2(w.find<Cyclon>(id)->view().size() >= kViewSize - 1,
                 where(id + " has a view of " + std::to_string(w.find<Cyclon>(id)->view().size()))
                     .c_str());
      }
      const double sd = inDegreeStddev(w);
      worstStddev = std::max(worstStddev, sd);
      sumStddev += sd;
      // Views are (nearly) full, so the mean in-degree is about the view
      // size; the spread stays a fraction of it even right after churn,
      // when newcomers are still little known.
      QVERIFY2(sd < 0.7 * kViewSize, where("in-degree stddev " + std::to_string(sd)).c_str());
    }
    const double meanStddev = sumStddev / static_cast<double>(all.size());
    qInfo("in-degree stddev: mean %.2f, worst %.2f (view size %d)", meanStddev, worstStddev,
          kViewSize);
    QVERIFY2(meanStddev < 0.4 * kViewSize, qPrintable(QString::number(meanStddev)));
  }

  void consoleShowsTheView() {
    World w({.seed = 5});
    w.declare(nodeIds(4), "n1");
    for (const auto& id : nodeIds(4)) w.start(id, "cyclon", kParams);
    w.runFor(3s);
    w.command("n2", "view");
    w.command("n2", "help");
    w.command("n2", "jump");
    const auto& out = w.output("n2");
    QCOMPARE(out.size(), std::size_t(3));
    // Three other nodes: all known, but one may be out on a shuffle.
    QVERIFY2(out[0].rfind("view 3/6: ", 0) == 0 || out[0].rfind("view 2/6: ", 0) == 0,
             out[0].c_str());
    QVERIFY2(out[0].find("(age ") != std::string::npos, out[0].c_str());
    QCOMPARE(out[2], std::string("!error: unknown command 'jump' (try 'help')"));
  }

  void badParametersAreReported() {
    QVERIFY(!CyclonConfig::fromParams({{"view", "0"}}));
    auto r = CyclonConfig::fromParams({{"view", "4"}, {"shuffle", "5"}});
    QVERIFY(!r);
    QVERIFY(r.error().find("shuffle") != std::string::npos);
  }
};

QTEST_MAIN(tst_cyclon)
#include "tst_cyclon.moc"
