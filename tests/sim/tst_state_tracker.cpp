// StateTracker finds exactly what one inspect() pass changed against the
// last one: the diffs the trace records and time travel replays.
#include <QTest>
#include <map>

#include "runtime/sim/state_tracker.h"

using catslab::sim::StateTracker;

namespace {

using Pass = std::vector<std::pair<std::string, std::string>>;
using Changes = std::map<std::string, std::string>;  // key -> value, "<removed>"

Changes run(StateTracker& t, const Pass& pass) {
  for (const auto& [k, v] : pass) t.set(k, v);
  Changes out;
  t.finishPass([&](const std::string& key, const std::string* value) {
    QVERIFY2(!out.count(key), ("reported twice: " + key).c_str());
    out[key] = value ? *value : "<removed>";
  });
  return out;
}

// A small deterministic generator (xorshift64) for the model tests.
struct Xorshift {
  std::uint64_t x;
  std::uint64_t operator()() {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  }
};

// What a pass from `before` to `after` must report: the straightforward diff.
Changes diff(const std::map<std::string, std::string>& before,
             const std::map<std::string, std::string>& after) {
  Changes expected;
  for (const auto& [k, v] : after) {
    auto it = before.find(k);
    if (it == before.end() || it->second != v) expected[k] = v;
  }
  for (const auto& [k, v] : before) {
    if (!after.count(k)) expected[k] = "<removed>";
  }
  return expected;
}

}  // namespace

class tst_state_tracker : public QObject {
  Q_OBJECT
 private slots:
  void firstPassReportsEverything() {
    StateTracker t;
    QCOMPARE(run(t, {{"b", "1"}, {"a", "2"}}), (Changes{{"a", "2"}, {"b", "1"}}));
  }
  void unchangedPassReportsNothing() {
    StateTracker t;
    run(t, {{"a", "1"}, {"b", "2"}});
    QCOMPARE(run(t, {{"a", "1"}, {"b", "2"}}), Changes{});
  }
  void changedValueInTheSameOrder() {
    StateTracker t;
    run(t, {{"a", "1"}, {"b", "2"}, {"c", "3"}});
    QCOMPARE(run(t, {{"a", "1"}, {"b", "20"}, {"c", "3"}}), (Changes{{"b", "20"}}));
  }
  void addedAndRemovedKeys() {
    StateTracker t;
    run(t, {{"a", "1"}, {"c", "3"}});
    QCOMPARE(run(t, {{"a", "1"}, {"b", "2"}}), (Changes{{"b", "2"}, {"c", "<removed>"}}));
    QCOMPARE(run(t, {}), (Changes{{"a", "<removed>"}, {"b", "<removed>"}}));
    QVERIFY(t.empty());
  }
  void reorderedKeysAreNotChanges() {
    StateTracker t;
    run(t, {{"a", "1"}, {"b", "2"}});
    QCOMPARE(run(t, {{"b", "2"}, {"a", "1"}}), Changes{});
    QCOMPARE(run(t, {{"b", "3"}, {"a", "1"}}), (Changes{{"b", "3"}}));
  }
  void aKeyWrittenTwiceKeepsTheLastValue() {
    StateTracker t;
    QCOMPARE(run(t, {{"a", "1"}, {"a", "2"}}), (Changes{{"a", "2"}}));
    // Same sequence again: nothing changed, even though a key repeats.
    QCOMPARE(run(t, {{"a", "1"}, {"a", "2"}}), Changes{});
    QCOMPARE(run(t, {{"a", "5"}, {"a", "2"}}), Changes{});
    QCOMPARE(run(t, {{"a", "2"}, {"a", "6"}}), (Changes{{"a", "6"}}));
    QCOMPARE(t.keys(), std::vector<std::string>{"a"});
  }
  void aChangeBeforeTheKeysDivergeIsKept() {
    // The first entries change in place; then the key sequence differs.
    StateTracker t;
    run(t, {{"a", "1"}, {"b", "2"}, {"c", "3"}});
    QCOMPARE(run(t, {{"a", "10"}, {"x", "5"}, {"c", "3"}}),
             (Changes{{"a", "10"}, {"b", "<removed>"}, {"x", "5"}}));
    QCOMPARE(run(t, {{"a", "10"}, {"x", "5"}, {"c", "3"}}), Changes{});
    // A shorter pass, with a change on the way.
    QCOMPARE(run(t, {{"a", "11"}, {"x", "5"}}), (Changes{{"a", "11"}, {"c", "<removed>"}}));
    QCOMPARE(run(t, {{"a", "11"}, {"x", "5"}, {"y", "1"}}), (Changes{{"y", "1"}}));
    QCOMPARE(t.keys(), (std::vector<std::string>{"a", "x", "y"}));
  }
  void stableOrderPassesMatchAMapModel() {
    // Mostly the same keys in the same order (the in-place path), values
    // changing, now and then a key dropped, added or written twice.
    StateTracker t;
    std::map<std::string, std::string> model;
    std::vector<std::string> keys{"a", "b", "c", "d", "e", "f"};
    Xorshift next{2463534242ULL};
    for (int pass = 0; pass < 3000; ++pass) {
      const auto roll = next() % 16;
      if (roll == 0 && !keys.empty()) keys.erase(keys.begin() + next() % keys.size());
      if (roll == 1)
        keys.insert(keys.begin() + next() % (keys.size() + 1),
                    std::string(1, static_cast<char>('a' + next() % 10)));
      Pass p;
      std::map<std::string, std::string> now;
      for (const auto& k : keys) {
        std::string v = std::to_string(next() % 4 == 0 ? next() % 3 : 0);
        p.emplace_back(k, v);
        now[k] = v;
      }
      QCOMPARE(run(t, p), diff(model, now));
      model = now;
    }
  }
  void manyPassesMatchAMapModel() {
    // Random passes against a straightforward map diff.
    StateTracker t;
    std::map<std::string, std::string> model;
    Xorshift next{88172645463325252ULL};
    for (int pass = 0; pass < 2000; ++pass) {
      Pass p;
      std::map<std::string, std::string> now;
      const int n = static_cast<int>(next() % 6);
      for (int i = 0; i < n; ++i) {
        std::string k(1, static_cast<char>('a' + next() % 5));
        std::string v = std::to_string(next() % 3);
        p.emplace_back(k, v);
        now[k] = v;
      }
      QCOMPARE(run(t, p), diff(model, now));
      model = now;
    }
  }
};

QTEST_MAIN(tst_state_tracker)
#include "tst_state_tracker.moc"
