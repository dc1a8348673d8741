// Parsing Jepsen single-register logs: well-formed logs, ignored noise, and
// malformed client lines reported as file:line: reason.
#include <QTest>
#include <sstream>

#include "protocols/linearizability/history/jepsen_parser.h"

using namespace catslab::checker;

class tst_lin_jepsen : public QObject {
  Q_OBJECT

 private slots:
  void parsesOperations();
  void ignoresNonClientLines();
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
