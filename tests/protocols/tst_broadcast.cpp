// Best-effort, eager reliable and majority-ack uniform reliable broadcast
// ("broadcast" stack) on the real simulator: validity, no duplication, no
// creation, agreement (RB) and uniform agreement (URB), with crashes —
// including a sender crashing in the middle of its broadcasts. Every message
// crosses the network through its wire codec.
#include <QTest>
#include <set>

#include "protocols/broadcast/basic_broadcast.h"
#include "protocols/broadcast/eager_reliable_broadcast.h"
#include "protocols/broadcast/majority_ack_urb.h"
#include "protocols/broadcast/payload_codec.h"
#include "runtime/runtime.h"
#include "sim_suite.h"

using namespace protosim;

namespace {

std::vector<std::string> split(const std::string& list) {
  // setList renders "[a, b]"; entries here never contain ", ".
  std::vector<std::string> out;
  if (list.size() <= 2) return out;
  std::string body = list.substr(1, list.size() - 2);
  std::size_t pos = 0;
  while (true) {
    auto next = body.find(", ", pos);
    out.push_back(body.substr(pos, next == std::string::npos ? std::string::npos : next - pos));
    if (next == std::string::npos) break;
    pos = next + 2;
  }
  return out;
}

// What node `id` delivered with broadcast `kind` (beb, rb, urb), as inspected.
std::string delivered(const sim::Simulation& s, const std::string& id, const std::string& kind) {
  return s.nodeState(id).at("broadcast." + kind);
}

}  // namespace

class tst_broadcast : public QObject {
  Q_OBJECT

 private slots:
  void properties_data() {
    QTest::addColumn<QString>("kind");
    QTest::newRow("beb") << "beb";
    QTest::newRow("rb") << "rb";
    QTest::newRow("urb") << "urb";
  }

  void properties() {
    QFETCH(QString, kind);
    const std::string k = kind.toStdString();
    for (std::uint64_t seed : seeds(200)) {
      auto sim = group(seed, 5, "broadcast", uniformLink(1, 30));
      auto& rng = sim->scenarioRandom();
      // Each node broadcasts a few messages at random times; a minority
      // crashes at random times (possibly while its messages are in flight).
      std::map<std::string, std::set<std::string>> sent;  // by sender
      std::set<std::string> crashed;
      const int crashes = static_cast<int>(rng.below(3));
      for (int step = 0; step < 20; ++step) {
        const auto live = upNodes(*sim);
        const std::string who = live[rng.below(live.size())];
        const std::string text = who + "-m" + std::to_string(step);
        command(*sim, who, k + " " + text);
        sent[who].insert(who + ": " + text);
        if (static_cast<int>(crashed.size()) < crashes && rng.chance(0.15)) {
          // Crash right after a broadcast: its messages may reach only some nodes.
          sim->runFor(rng.between(0, sim::ms(3)));
          QVERIFY(sim->killNode(who));
          crashed.insert(who);
        }
        sim->runFor(sim::ms(rng.between(0, 20)));
      }
      sim->runFor(sim::seconds(2));

      const auto fail = [&](const std::string& what) {
        QFAIL(("seed " + std::to_string(seed) + " (" + k + "): " + what + "; " +
               reproduce(seed, "tst_broadcast", "properties:" + k))
                  .c_str());
      };
      if (const std::string bad = health(*sim, crashed); !bad.empty()) fail(bad);
      std::set<std::string> allSent;
      for (const auto& [who, texts] : sent) allSent.insert(texts.begin(), texts.end());
      std::map<std::string, std::set<std::string>> deliveredBy;
      for (const auto& id : upNodes(*sim)) {
        const auto list = split(delivered(*sim, id, k));
        std::set<std::string> unique(list.begin(), list.end());
        if (unique.size() != list.size()) fail(id + " delivered a message twice");
        for (const auto& m : unique) {
          if (!allSent.count(m)) fail(id + " delivered '" + m + "', which nobody sent");
        }
        // Validity: a correct sender's messages reach every correct process.
        for (const auto& sender : upNodes(*sim)) {
          for (const auto& m : sent[sender]) {
            if (!unique.count(m)) fail(id + " never delivered '" + m + "' of correct " + sender);
          }
        }
        deliveredBy[id] = unique;
      }
      if (k != "beb") {
        // Agreement among correct processes.
        for (const auto& [id, set] : deliveredBy) {
          if (set != deliveredBy.begin()->second) fail(id + " delivered a different set");
        }
      }
      if (QTest::currentTestFailed()) return;
    }
  }

  // Regression: message identities ignored the sender's incarnation, so a node
  // restarted with the same id numbered its broadcasts 1, 2, ... again and
  // every other node dropped them as duplicates of its previous life's.
  // A restarted node is a new process: from its restart on it is correct, so
  // it must deliver what is broadcast from then on, and what it broadcasts
  // must reach everyone. At most two crashes out of five keep URB's majority.
  void restartedNodeIsHeard_data() {
    QTest::addColumn<QString>("kind");
    QTest::newRow("rb") << "rb";
    QTest::newRow("urb") << "urb";
  }

  void restartedNodeIsHeard() {
    QFETCH(QString, kind);
    const std::string k = kind.toStdString();
    struct Sent {
      std::string sender;
      std::string line;  // as the stack records it: "sender: text"
      std::int64_t at;   // virtual time of the broadcast
    };
    for (std::uint64_t seed : seeds(200)) {
      auto sim = group(seed, 5, "broadcast", uniformLink(1, 30));
      auto& rng = sim->scenarioRandom();
      std::vector<Sent> sent;
      std::map<std::string, std::int64_t> born;  // start time of each node's current life
      std::map<std::string, int> restartAt;      // down node -> step it comes back
      std::set<int> crashSteps;
      const int crashes = static_cast<int>(rng.between(1, 2));
      while (static_cast<int>(crashSteps.size()) < crashes) {
        crashSteps.insert(static_cast<int>(rng.between(2, 14)));
      }
      const auto broadcast = [&](const std::string& who, const std::string& text) {
        command(*sim, who, k + " " + text);
        sent.push_back({who, who + ": " + text, sim->now()});
      };
      for (const auto& id : sim->nodeIds()) born[id] = 0;
      for (int step = 0; step < 24; ++step) {
        for (auto it = restartAt.begin(); it != restartAt.end();) {
          if (it->second != step) {
            ++it;
            continue;
          }
          QVERIFY(sim->restartNode(it->first));
          born[it->first] = sim->now();
          // What the user does after restarting a node: broadcast on it.
          broadcast(it->first, it->first + "-hello" + std::to_string(step));
          it = restartAt.erase(it);
        }
        const auto live = upNodes(*sim);
        const std::string who = live[rng.below(live.size())];
        broadcast(who, who + "-m" + std::to_string(step));
        if (crashSteps.count(step)) {
          // Crash right after a broadcast, so its previous life's numbers are in use.
          sim->runFor(rng.between(0, sim::ms(3)));
          QVERIFY(sim->killNode(who));
          restartAt[who] = step + static_cast<int>(rng.between(1, 4));
        }
        sim->runFor(sim::ms(rng.between(0, 20)));
      }
      sim->runFor(sim::seconds(2));

      const auto fail = [&](const std::string& what) {
        if (QTest::currentTestFailed()) return;  // the first violation tells the story
        QFAIL(("seed " + std::to_string(seed) + " (" + k + "): " + what + "; " +
               reproduce(seed, "tst_broadcast", "restartedNodeIsHeard:" + k))
                  .c_str());
      };
      if (const std::string bad = health(*sim, {}); !bad.empty()) fail(bad);
      std::set<std::string> allSent;
      for (const auto& m : sent) allSent.insert(m.line);
      std::map<std::string, std::set<std::string>> deliveredBy;
      for (const auto& id : sim->nodeIds()) {
        const auto list = split(delivered(*sim, id, k));
        std::set<std::string> unique(list.begin(), list.end());
        if (unique.size() != list.size()) fail(id + " delivered a message twice");
        for (const auto& m : unique) {
          if (!allSent.count(m)) fail(id + " delivered '" + m + "', which nobody sent");
        }
        deliveredBy[id] = std::move(unique);
      }
      for (const auto& m : sent) {
        // A node owes m if its current life began before m was broadcast.
        const bool fromCorrect = born[m.sender] <= m.at;
        std::string deliverer;
        for (const auto& [id, set] : deliveredBy) {
          if (set.count(m.line)) deliverer = id;
        }
        for (const auto& [id, set] : deliveredBy) {
          if (born[id] > m.at || set.count(m.line)) continue;
          if (fromCorrect) fail(id + " never delivered '" + m.line + "' of correct " + m.sender);
          if (!deliverer.empty()) {
            fail(id + " never delivered '" + m.line + "', which " + deliverer + " delivered");
          }
        }
      }
      if (QTest::currentTestFailed()) return;
    }
  }

  // The incarnation crosses the wire (catslab-node peers must tell lives
  // apart too), and a damaged envelope is refused with its codec's name.
  void envelopeCodecsKeepIncarnation() {
    using namespace catslab::protocols;
    const rt::Address a{"n1", "127.0.0.1", 7001};
    const rt::Address b{"n2", "127.0.0.1", 7002};
    const std::uint64_t life = 0xfedcba9876543210ULL;
    const auto text = std::make_shared<const TextPayload>("hello");
    const auto* bebCodec = catslab::runtime::Serializers::find(BebData::staticTypeId());
    QVERIFY(bebCodec);

    const BebData rbMessage(a, b, std::make_shared<const RbData>(a, life, 7, text));
    auto rbBack = bebCodec->decode(a, b, bebCodec->encode(rbMessage));
    QVERIFY(rbBack);
    auto rb = payloadAs<RbData>(static_cast<const BebData&>(**rbBack).payload);
    QVERIFY(rb);
    QCOMPARE(rb->incarnation, life);
    QCOMPARE(rb->seq, std::uint64_t(7));
    QCOMPARE(rb->origin.port, std::uint16_t(7001));

    const BebData urbMessage(a, b, std::make_shared<const UrbData>(a, life, 8, text));
    const std::string urbBytes = bebCodec->encode(urbMessage);
    auto urbBack = bebCodec->decode(a, b, urbBytes);
    QVERIFY(urbBack);
    auto urb = payloadAs<UrbData>(static_cast<const BebData&>(**urbBack).payload);
    QVERIFY(urb);
    QCOMPARE(urb->incarnation, life);
    QCOMPARE(urb->seq, std::uint64_t(8));
    QVERIFY(!bebCodec->decode(a, b, urbBytes.substr(0, urbBytes.size() - 3)));

    FieldWriter out;
    encodePayload(*urbMessage.payload, out);
    const std::string bytes = out.take();
    FieldReader truncated(std::string_view(bytes).substr(0, bytes.size() - 3));
    auto damaged = decodePayload(truncated);
    QVERIFY(!damaged);
    QCOMPARE(QString::fromStdString(damaged.error()),
             QStringLiteral("malformed payload urb.UrbData"));
  }

  // What a user inspecting a node sees: plain "n1#1" while n1 has one life,
  // the two lives told apart by their tags once n1 was restarted.
  void inspectTellsLivesApart() {
    using catslab::protocols::EagerReliableBroadcast;
    sim::LinkModel link;
    link.latency = sim::LatencyModel::constant(5);
    auto sim = group(3, 3, "broadcast", link);
    const auto rbState = [&](const std::string& id) {
      auto* rb = sim->component<EagerReliableBroadcast>(id);
      if (!rb) throw std::logic_error("no EagerReliableBroadcast on " + id);
      rt::MapStateWriter out;
      rb->inspect(out);
      return out.entries();
    };
    command(*sim, "n1", "rb before");
    sim->runFor(sim::seconds(1));
    QCOMPARE(QString::fromStdString(rbState("n2").at("delivered")), QStringLiteral("[n1#1]"));
    const std::string oldLife = rbState("n1").at("incarnation");

    QVERIFY(sim->restartNode("n1"));
    const std::string newLife = rbState("n1").at("incarnation");
    QVERIFY2(newLife != oldLife, newLife.c_str());
    command(*sim, "n1", "rb after");
    sim->runFor(sim::seconds(1));
    const std::string expected = "[n1." + oldLife + "#1, n1." + newLife + "#1]";
    const std::string seen = rbState("n2").at("delivered");
    // The set is ordered by incarnation value, not by time.
    QVERIFY2(seen == expected || seen == "[n1." + newLife + "#1, n1." + oldLife + "#1]",
             seen.c_str());
    QCOMPARE(QString::fromStdString(delivered(*sim, "n3", "rb")),
             QStringLiteral("[n1: after, n1: before]"));
  }

  // Uniform agreement needs the majority-ack rule: a process that delivers and
  // then crashes must not have delivered anything the others will not.
  void urbDeliversOnlyWithMajority() {
    sim::LinkModel link;
    link.latency = sim::LatencyModel::constant(5);
    auto sim = group(5, 3, "broadcast", link);
    sim->partition({"n1"}, {"n2", "n3"});
    command(*sim, "n1", "urb lonely");
    command(*sim, "n1", "rb lonely");
    sim->runFor(sim::seconds(1));
    // Alone, n1 cannot collect a majority of acks: no URB delivery, but RB delivers locally.
    QCOMPARE(QString::fromStdString(delivered(*sim, "n1", "urb")), QStringLiteral("[]"));
    QCOMPARE(QString::fromStdString(delivered(*sim, "n1", "rb")), QStringLiteral("[n1: lonely]"));
    sim->heal();
    command(*sim, "n1", "urb together");
    sim->runFor(sim::seconds(1));
    QCOMPARE(QString::fromStdString(delivered(*sim, "n2", "urb")),
             QStringLiteral("[n1: together]"));
    QCOMPARE(QString::fromStdString(health(*sim, {})), QString());
  }
};

QTEST_GUILESS_MAIN(tst_broadcast)
#include "tst_broadcast.moc"
