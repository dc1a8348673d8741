// Parsing Jepsen register histories in every form Jepsen writes them (old
// and new log layouts, tabs or spaces, timed-out completions without a
// value, history.txt, history.edn, jepsen.independent's [key value]), ignored
// noise, and malformed client lines reported as file:line: reason. The
// fixtures copy the shapes of real Jepsen output (etcd, ArangoDB and
// Maelstrom lin-kv runs); the values are our own.
#include <QTest>
#include <sstream>

#include "protocols/linearizability/history/jepsen_parser.h"

using namespace catslab::checker;

class tst_lin_jepsen : public QObject {
  Q_OBJECT

 private slots:
  void parsesOperations();
  void ignoresNonClientLines();
  void timedOutCompletionsTakeTheInvokedValue();
  void spaceSeparatedColumns();
  void logbackLayoutWithKeysAndErrors();
  void historyTxt();
  void ednHistory();
  void ednHistoryWithoutTimesShowsLines();
  void ednDiscardsAnyNumberInARow();
  void malformed_data();
  void malformed();
};

void tst_lin_jepsen::parsesOperations() {
  std::istringstream in(
      "INFO  jepsen.util - 3\t:invoke\t:cas\t[3 0]\n"
      "INFO  jepsen.util - 1\t:invoke\t:read\tnil\n"
      "INFO  jepsen.util - 3\t:fail\t:cas\t[3 0]\n"
      "INFO  jepsen.util - 1\t:ok\t:read\t4\n"
      "INFO  jepsen.util - 2\t:invoke\t:write\t2\n"
      "INFO  jepsen.util - 4\t:invoke\t:write\t1\n"
      "INFO  jepsen.util - 4\t:info\t:write\t1\n");
  Result<History> r = parseJepsenLog(in, "h.log");
  QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
  const History& h = r.value();
  QCOMPARE(h.ops.size(), std::size_t{4});
  QCOMPARE(h.ops[0].kind, OpKind::Cas);
  QCOMPARE(h.ops[0].expected, std::string("3"));
  QCOMPARE(h.ops[0].value, std::string("0"));
  QCOMPARE(h.ops[0].outcome, Outcome::Fail);
  QCOMPARE(h.ops[0].completeAt, std::int64_t{3});
  QCOMPARE(h.ops[1].kind, OpKind::Read);
  QCOMPARE(h.ops[1].value, std::string("4"));
  QCOMPARE(h.ops[1].outcome, Outcome::Ok);
  QCOMPARE(h.ops[1].client, std::string("1"));
  QCOMPARE(h.ops[2].outcome, Outcome::Unknown);  // never returned
  QCOMPARE(h.ops[2].completeAt, kNever);
  QCOMPARE(h.ops[3].outcome, Outcome::Unknown);  // :info
  QCOMPARE(h.ops[3].completeAt, kNever);
  QCOMPARE(h.ops[3].origin, std::string("h.log:6"));
}

void tst_lin_jepsen::ignoresNonClientLines() {
  std::istringstream in(
      "2013-04-01 12:00:00 setting up the cluster\n"
      "INFO  jepsen.util - :nemesis\t:info\t:start\tnil\n"
      "INFO  jepsen.util - 0\t:invoke\t:read\tnil\n"
      "\tat clojure.core$eval.invoke(core.clj:10)\n"
      "INFO  jepsen.util - 0\t:ok\t:read\tnil\n");
  Result<History> r = parseJepsenLog(in, "h.log");
  QVERIFY(r.ok());
  QCOMPARE(r.value().ops.size(), std::size_t{1});
  QCOMPARE(r.value().ops[0].value, std::string());  // nil
}

// etcd's Jepsen test (log4j layout): a timed-out op completes with the
// keyword :timed-out in place of its value, and the process comes back
// under a new number.
void tst_lin_jepsen::timedOutCompletionsTakeTheInvokedValue() {
  std::istringstream in(
      "INFO  jepsen.core - Worker 0 starting\n"
      "INFO  jepsen.util - 0\t:invoke\t:cas\t[0 0]\n"
      "INFO  jepsen.util - 1\t:invoke\t:write\t4\n"
      "INFO  jepsen.util - 2\t:invoke\t:read\tnil\n"
      "INFO  jepsen.util - 0\t:info\t:cas\t:timed-out\n"
      "INFO  jepsen.util - 1\t:info\t:write\t:timed-out\n"
      "INFO  jepsen.util - 2\t:fail\t:read\t:timed-out\n"
      "INFO  jepsen.util - 5\t:invoke\t:read\tnil\n"
      "INFO  jepsen.util - 5\t:ok\t:read\t4\n");
  Result<History> r = parseJepsenLog(in, "jepsen.log");
  QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
  const History& h = r.value();
  QCOMPARE(h.ops.size(), std::size_t{4});
  QCOMPARE(h.ops[0].kind, OpKind::Cas);
  QCOMPARE(h.ops[0].expected, std::string("0"));
  QCOMPARE(h.ops[0].value, std::string("0"));
  QCOMPARE(h.ops[0].outcome, Outcome::Unknown);
  QCOMPARE(h.ops[0].completeAt, kNever);
  QCOMPARE(h.ops[0].completeTime, std::int64_t{5});  // the :info line
  QCOMPARE(h.ops[1].value, std::string("4"));        // the invoked value, not :timed-out
  QCOMPARE(h.ops[1].outcome, Outcome::Unknown);
  QCOMPARE(h.ops[2].outcome, Outcome::Fail);
  QCOMPARE(h.ops[3].client, std::string("5"));
  QCOMPARE(h.ops[3].value, std::string("4"));
  QCOMPARE(h.ops[3].origin, std::string("jepsen.log:8"));
}

void tst_lin_jepsen::spaceSeparatedColumns() {
  std::istringstream in(
      "INFO  jepsen.util - 2   :invoke :read   nil\n"
      "INFO  jepsen.util - 2   :fail   :read   :timed-out\n"
      "INFO  jepsen.util - 3   :invoke :cas    [1 2]\n"
      "INFO  jepsen.util - 3   :ok     :cas    [1 2]\n"
      "INFO  jepsen.util - 4 :invoke :write 7\n"
      "INFO  jepsen.util - 4 :ok :write 7\n");
  Result<History> r = parseJepsenLog(in, "h.log");
  QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
  const History& h = r.value();
  QCOMPARE(h.ops.size(), std::size_t{3});
  QCOMPARE(h.ops[0].outcome, Outcome::Fail);
  QCOMPARE(h.ops[1].expected, std::string("1"));
  QCOMPARE(h.ops[1].value, std::string("2"));
  QCOMPARE(h.ops[1].outcome, Outcome::Ok);
  QCOMPARE(h.ops[2].value, std::string("7"));
}

// Newer Jepsen (logback layout) with jepsen.independent keys and the :error
// column after the value; Maelstrom's lin-kv writes the same shape.
void tst_lin_jepsen::logbackLayoutWithKeysAndErrors() {
  std::istringstream in(
      "2026-11-11 15:14:13,020{GMT}\tINFO\t[jepsen test runner] jepsen.core: Relative time begins "
      "now\n"
      "2026-11-11 15:14:13,020{GMT}\tINFO\t[jepsen worker 12] jepsen.util: 12\t:invoke\t:write\t[9 "
      "3]\n"
      "2026-11-11 15:14:13,022{GMT}\tINFO\t[jepsen worker 12] jepsen.util: 12\t:ok\t:write\t[9 3]\n"
      "2026-11-11 15:14:13,026{GMT}\tINFO\t[jepsen worker 16] jepsen.util: 16\t:invoke\t:cas\t[8 "
      "[1 2]]\n"
      "2026-11-11 15:14:20,037{GMT}\tWARN\t[jepsen worker 16] jepsen.tests.register: connection "
      "broken\n"
      "2026-11-11 15:14:20,037{GMT}\tINFO\t[jepsen worker 16] jepsen.util: 16\t:info\t:cas\t[8 [1 "
      "2]]\t:conn-closed\n"
      "2026-11-11 15:14:21,001{GMT}\tINFO\t[jepsen worker 4] jepsen.util: 4\t:invoke\t:read\t[9 "
      "nil]\n"
      "2026-11-11 15:14:21,003{GMT}\tINFO\t[jepsen worker 4] jepsen.util: 4\t:ok\t:read\t[9 3]\n"
      "2026-11-11 15:14:22,000{GMT}\tINFO\t[jepsen worker 18] jepsen.util: 18\t:invoke\t:read\t[7 "
      "nil]\n"
      "2026-11-11 15:14:22,010{GMT}\tINFO\t[jepsen worker 18] jepsen.util: 18\t:fail\t:read\t[7 "
      "nil]\t"
      "[:unavailable \"no leader, try again\"]\n"
      "2026-11-11 15:14:23,000{GMT}\tINFO\t[jepsen nemesis] jepsen.util: "
      ":nemesis\t:info\t:start\tnil\n");
  Result<History> r = parseJepsenLog(in, "jepsen.log");
  QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
  const History& h = r.value();
  QCOMPARE(h.ops.size(), std::size_t{4});
  QCOMPARE(h.ops[0].key, std::string("9"));
  QCOMPARE(h.ops[0].value, std::string("3"));
  QCOMPARE(h.ops[1].key, std::string("8"));
  QCOMPARE(h.ops[1].expected, std::string("1"));
  QCOMPARE(h.ops[1].value, std::string("2"));
  QCOMPARE(h.ops[1].outcome, Outcome::Unknown);
  QCOMPARE(h.ops[2].key, std::string("9"));
  QCOMPARE(h.ops[2].value, std::string("3"));
  QCOMPARE(h.ops[2].outcome, Outcome::Ok);
  QCOMPARE(h.ops[3].key, std::string("7"));
  QCOMPARE(h.ops[3].outcome, Outcome::Fail);
}

// history.txt: Jepsen's columns without the logger's prefix.
void tst_lin_jepsen::historyTxt() {
  std::istringstream in(
      "0\t:invoke\t:write\t3\n"
      ":nemesis\t:info\t:start\tnil\n"
      "1\t:invoke\t:read\tnil\n"
      "0\t:info\t:write\t3\t:timed-out\n"
      "1\t:ok\t:read\t3\n"
      ":nemesis\t:info\t:start\t\"partitioned n1 from n2\"\n");
  Result<History> r = parseJepsenLog(in, "history.txt");
  QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
  const History& h = r.value();
  QCOMPARE(h.ops.size(), std::size_t{2});
  QCOMPARE(h.ops[0].value, std::string("3"));
  QCOMPARE(h.ops[0].outcome, Outcome::Unknown);
  QCOMPARE(h.ops[1].value, std::string("3"));
  QCOMPARE(h.ops[1].origin, std::string("history.txt:3"));
}

// history.edn: one map per operation, keys in any order, nemesis maps, an
// :error key, comments, and newer Jepsen's tagged Op records.
void tst_lin_jepsen::ednHistory() {
  std::istringstream in(
      "; a register history\n"
      "[{:type :invoke, :f :write, :value 3, :process 0, :time 1000, :index 0}\n"
      " {:type :info, :f :start, :value nil, :process :nemesis, :time 1500, :index 1}\n"
      " {:process 1, :type :invoke, :f :cas, :value [3 4], :time 2000, :index 2}\n"
      " {:type :ok, :f :write, :value 3, :process 0, :time 3000, :index 3}\n"
      " {:type :info, :f :cas, :value [3 4], :process 1, :time 4000, :index 4, "
      ":error [:timeout \"took too long\"]}\n"
      " #jepsen.history.Op{:index 5, :time 5000, :type :invoke, :process 2, :f :read, :value nil}\n"
      " #jepsen.history.Op{:index 6, :time 6000, :type :ok, :process 2, :f :read, :value 4}]\n");
  Result<History> r = parseJepsenLog(in, "history.edn");
  QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
  const History& h = r.value();
  QCOMPARE(h.timeUnit, std::string("ns"));
  QCOMPARE(h.ops.size(), std::size_t{3});
  QCOMPARE(h.ops[0].invokeTime, std::int64_t{1000});
  QCOMPARE(h.ops[0].completeTime, std::int64_t{3000});
  QCOMPARE(h.ops[1].outcome, Outcome::Unknown);
  QCOMPARE(h.ops[1].completeTime, std::int64_t{4000});
  QCOMPARE(h.ops[1].expected, std::string("3"));
  QCOMPARE(h.ops[2].value, std::string("4"));
  QCOMPARE(h.ops[2].origin, std::string("history.edn:7"));
  // Real-time order survives: the write completed before the read began.
  QVERIFY(h.ops[0].completeAt < h.ops[2].invokeAt);
}

// Knossos' test histories: a list of maps without :time; lines are shown.
void tst_lin_jepsen::ednHistoryWithoutTimesShowsLines() {
  std::istringstream in(
      "({:type :invoke, :f :write, :value 0, :process 0}\n"
      " {:type :ok, :f :write, :value 0, :process 0}\n"
      " {:type :invoke, :f :read, :value nil, :process 1}\n"
      " {:type :ok, :f :read, :value 0, :process 1})\n");
  Result<History> r = parseJepsenLog(in, "h.edn");
  QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
  QCOMPARE(r.value().timeUnit, std::string("(line)"));
  QCOMPARE(r.value().ops.size(), std::size_t{2});
  QCOMPARE(r.value().ops[1].invokeTime, std::int64_t{3});
}

// #_ drops the next form, also another #_ and its form; any number of them
// in a row is read (the fuzzer's stack overflow, tests/fuzz/regressions/jepsen).
void tst_lin_jepsen::ednDiscardsAnyNumberInARow() {
  std::string text = "[{:type :invoke, :f :write, :value 1, :process 0}\n";
  for (int i = 0; i < 100000; ++i) text += "#_{:type :ok} ";
  text += "#_ #_ 1 2 {:type :ok, :f :write, :value 1, :process 0}]\n";
  std::istringstream in(text);
  Result<History> r = parseJepsenLog(in, "h.edn");
  QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
  QCOMPARE(r.value().ops.size(), std::size_t{1});
}

void tst_lin_jepsen::malformed_data() {
  QTest::addColumn<QString>("log");
  QTest::addColumn<QString>("error");
  QTest::newRow("unknown type") << "INFO  jepsen.util - 1\t:maybe\t:read\tnil\n"
                                << "h.log:1: expected :invoke, :ok, :fail or :info";
  QTest::newRow("unknown function") << "INFO  jepsen.util - 1\t:invoke\t:incr\t1\n"
                                    << "h.log:1: unknown function ':incr'";
  QTest::newRow("missing value") << "INFO  jepsen.util - 1\t:invoke\t:write\n"
                                 << "h.log:1: missing value";
  QTest::newRow("cas with one value") << "INFO  jepsen.util - 1\t:invoke\t:cas\t[3]\n"
                                      << "h.log:1: cas value must hold exactly two values";
  QTest::newRow("cas without brackets") << "INFO  jepsen.util - 1\t:invoke\t:cas\t3 4\n"
                                        << "h.log:1: cas value must be [expected new]";
  QTest::newRow("completion without invoke") << "INFO  jepsen.util - 1\t:invoke\t:read\tnil\n"
                                                "INFO  jepsen.util - 2\t:ok\t:read\t1\n"
                                             << "h.log:2: process 2 completes (:ok) without";
  QTest::newRow("double invoke") << "INFO  jepsen.util - 1\t:invoke\t:read\tnil\n"
                                    "INFO  jepsen.util - 1\t:invoke\t:read\tnil\n"
                                 << "h.log:2: process 1 invokes again";
  QTest::newRow("mismatched completion") << "INFO  jepsen.util - 1\t:invoke\t:read\tnil\n"
                                            "INFO  jepsen.util - 1\t:ok\t:write\t1\n"
                                         << "h.log:2: completion is a write";
  QTest::newRow("read invoked with a value") << "INFO  jepsen.util - 1\t:invoke\t:read\t3\n"
                                             << "h.log:1: a read invocation must carry nil";
  QTest::newRow("no client lines") << "just some text\n"
                                   << "h.log: no Jepsen client lines";
  QTest::newRow("ok read without value") << "INFO  jepsen.util - 1\t:invoke\t:read\tnil\n"
                                            "INFO  jepsen.util - 1\t:ok\t:read\n"
                                         << "h.log:2: an :ok read must carry the value read";
  QTest::newRow("unclosed vector") << "INFO  jepsen.util - 1\t:invoke\t:cas\t[1 2\n"
                                   << "h.log:1: ']' missing";
  QTest::newRow("read of a key answers another key")
      << "INFO  jepsen.util - 1\t:invoke\t:read\t[4 nil]\n"
         "INFO  jepsen.util - 1\t:ok\t:read\t[5 1]\n"
      << "h.log:2: the read completes for key 5 but was invoked (h.log:1) for key 4";
  QTest::newRow("keyed read answers a bare value")
      << "INFO  jepsen.util - 1\t:invoke\t:read\t[4 nil]\n"
         "INFO  jepsen.util - 1\t:ok\t:read\t1\n"
      << "h.log:2: a read of key 4 must complete with [key value]";
  QTest::newRow("write of a map") << "3\t:invoke\t:write\t{:a 1}\n"
                                  << "h.log:1: expected a single value";
  QTest::newRow("edn without :f") << "[{:type :invoke, :value 1, :process 0}]\n"
                                  << "h.log:1: an operation needs an :f keyword";
  QTest::newRow("edn unknown function")
      << "{:type :invoke, :f :read, :value nil, :process 0}\n"
         "{:type :invoke, :f :txn, :value [[:r 1 nil]], :process 1}\n"
      << "h.log:2: unknown function ':txn'";
  QTest::newRow("edn not a map") << "[{:type :invoke, :f :read, :value nil, :process 0}\n 42]\n"
                                 << "h.log:2: expected an operation map";
  QString nestedDiscards;
  for (int i = 0; i < 100000; ++i) nestedDiscards += QStringLiteral("#_");
  QTest::newRow("edn discards nested too deeply")
      << nestedDiscards + QStringLiteral("1") << "h.log:1: forms nested too deeply";
  QTest::newRow("edn unterminated") << "[{:type :invoke, :f :read, :value nil, :process 0}\n"
                                    << "h.log:1: ']' missing at the end of the input";
}

void tst_lin_jepsen::malformed() {
  QFETCH(QString, log);
  QFETCH(QString, error);
  std::istringstream in(log.toStdString());
  Result<History> r = parseJepsenLog(in, "h.log");
  QVERIFY(!r.ok());
  QVERIFY2(QString::fromStdString(r.error()).startsWith(error), r.error().c_str());
}

QTEST_MAIN(tst_lin_jepsen)
#include "tst_lin_jepsen.moc"
