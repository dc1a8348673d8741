// Stack parameters (protocols/common/params.h): what a user who mistypes a
// topology's params sees. Every error names the parameter and the value.
#include <QTest>

#include "protocols/common/params.h"

using namespace catslab::protocols;

class tst_params : public QObject {
  Q_OBJECT

 private slots:
  void positiveIntAcceptsWholeNumbersAndDefaults() {
    const std::map<std::string, std::string> params{{"view", "8"}};
    QCOMPARE(*paramPositiveInt(params, "view", 3), 8);
    QCOMPARE(*paramPositiveInt(params, "shuffle", 3), 3);
  }
  void positiveIntRejects_data() {
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("reason");
    QTest::newRow("zero") << "0"
                          << "must be at least 1";
    QTest::newRow("negative") << "-4"
                              << "must be at least 1";
    QTest::newRow("empty") << ""
                           << "not a whole number";
    QTest::newRow("fraction") << "2.5"
                              << "not a whole number";
    QTest::newRow("words") << "ten"
                           << "not a whole number";
    QTest::newRow("trailing") << "10ms"
                              << "not a whole number";
    QTest::newRow("huge") << "99999999999"
                          << "too large";
    QTest::newRow("beyond 64 bits") << "999999999999999999999999"
                                    << "too large";
  }
  void positiveIntRejects() {
    QFETCH(QString, value);
    QFETCH(QString, reason);
    const std::map<std::string, std::string> params{{"view", value.toStdString()}};
    const auto r = paramPositiveInt(params, "view", 3);
    QVERIFY(!r);
    const std::string expected = "parameter 'view': expected a positive integer, got '" +
                                 value.toStdString() + "' (" + reason.toStdString() + ")";
    QCOMPARE(QString::fromStdString(r.error()), QString::fromStdString(expected));
  }
  void firstFailureKeepsTheOrder() {
    const std::map<std::string, std::string> params{{"a", "x"}, {"b", "0"}};
    const auto a = paramPositiveInt(params, "a", 1);
    const auto b = paramPositiveInt(params, "b", 1);
    const auto c = paramPositiveInt(params, "c", 1);
    QVERIFY(firstFailure(c, a, b).error().find("'a'") != std::string::npos);
    QVERIFY(firstFailure(c, b, a).error().find("'b'") != std::string::npos);
    QVERIFY(firstFailure(c).isOk());
  }
  void stackConfigPrefixesTheStack() {
    const auto bad = catslab::runtime::Result<int>::failure("parameter 'view': nope");
    try {
      stackConfig("cyclon", bad);
      QFAIL("no error");
    } catch (const std::invalid_argument& e) {
      QCOMPARE(QString(e.what()), QStringLiteral("cyclon stack: parameter 'view': nope"));
    }
  }
  void intAndMsThrowNamingTheParameter() {
    const std::map<std::string, std::string> params{{"period_ms", "fast"}, {"n", "12"}};
    QCOMPARE(paramInt(params, "n", 1), 12LL);
    QCOMPARE(paramMs(params, "other_ms", 7).count(), 7LL);
    try {
      (void)paramMs(params, "period_ms", 100);
      QFAIL("no error");
    } catch (const std::invalid_argument& e) {
      QVERIFY2(std::string(e.what()).find("period_ms") != std::string::npos, e.what());
      QVERIFY2(std::string(e.what()).find("fast") != std::string::npos, e.what());
    }
  }
};

QTEST_MAIN(tst_params)
#include "tst_params.moc"
