// RestartCheck explains a restarted node that the others will keep
// ignoring: its new one-hop incarnation is not above its earlier lives'.
// A later start, a first life, or another protocol's "incarnation" say
// nothing; the explanation comes once per life and names what to do.
#include <QTest>

#include "runtime/proto/trace.pb.h"
#include "ui/restart_check.h"

using namespace catslab;
using namespace catslab::ui;

namespace {

trace::Record up(const std::string& node) {
  trace::Record r;
  r.set_node(node);
  r.mutable_node_up()->set_address("127.0.0.1:1");
  return r;
}

// A state record of `node` with "<prefix>incarnation" and, for one-hop,
// "<prefix>membershipSize".
trace::Record state(const std::string& node, const std::string& prefix, quint64 incarnation,
                    bool oneHop = true) {
  trace::Record r;
  r.set_node(node);
  auto* e = r.mutable_state()->add_entries();
  e->set_key(prefix + "incarnation");
  e->set_value(std::to_string(incarnation));
  if (oneHop) {
    e = r.mutable_state()->add_entries();
    e->set_key(prefix + "membershipSize");
    e->set_value("3");
  }
  return r;
}

constexpr quint64 kAt40 = 1'796'212'800'040'000'001;
constexpr quint64 kAt55 = 1'796'212'800'055'000'001;

QString shown(quint64 incarnation) {
  return incarnation == kAt40 ? QStringLiteral("2026-12-02 12:00:00.040 UTC")
                              : QStringLiteral("2026-12-02 12:00:00.055 UTC");
}

}  // namespace

class tst_RestartCheck : public QObject {
  Q_OBJECT
 private slots:
  void explainsAnOlderNewLife_data();
  void explainsAnOlderNewLife();
  void oncePerLife();
};

void tst_RestartCheck::explainsAnOlderNewLife_data() {
  QTest::addColumn<quint64>("first");
  QTest::addColumn<quint64>("second");
  QTest::addColumn<bool>("oneHop");
  QTest::addColumn<bool>("explained");
  // Incarnations are wall-clock start times in ns since the Unix epoch, + 1:
  // 2026-12-02 12:00:00.040 and .055 UTC.
  QTest::newRow("later start: taken back") << kAt40 << kAt55 << true << false;
  QTest::newRow("clock set back: ignored") << kAt55 << kAt40 << true << true;
  QTest::newRow("same start: ignored") << kAt40 << kAt40 << true << true;
  QTest::newRow("not one-hop") << kAt55 << kAt40 << false << false;
}

void tst_RestartCheck::explainsAnOlderNewLife() {
  QFETCH(quint64, first);
  QFETCH(quint64, second);
  QFETCH(bool, oneHop);
  QFETCH(bool, explained);
  RestartCheck check;
  QVERIFY(!check.add(up("n3")));
  QVERIFY(!check.add(state("n3", "cats.OneHop.", first, oneHop)));  // a first life says nothing
  QVERIFY(!check.add(up("n3")));
  const auto why = check.add(state("n3", "cats.OneHop.", second, oneHop));
  QCOMPARE(why.has_value(), explained);
  if (!why) return;
  // Names the node, the two start times, the cause and what to do.
  QVERIFY2(why->startsWith(QStringLiteral("n3 is back but")), qPrintable(*why));
  QVERIFY2(why->contains(QStringLiteral("stays suspected")), qPrintable(*why));
  QVERIFY2(why->contains(QStringLiteral("began at ") + shown(second)), qPrintable(*why));
  QVERIFY2(why->contains(QStringLiteral("earlier life (") + shown(first) + QLatin1Char(')')),
           qPrintable(*why));
  QVERIFY2(why->contains(QStringLiteral("clock was set back")), qPrintable(*why));
  QVERIFY2(why->contains(QStringLiteral("Restart n3 again once the clock is past ") + shown(first)),
           qPrintable(*why));
}

void tst_RestartCheck::oncePerLife() {
  RestartCheck check;
  (void)check.add(up("n1"));
  (void)check.add(state("n1", "", 9'000'001));
  // A life that never reported (killed at once) leaves the one before as
  // the one to beat.
  (void)check.add(up("n1"));
  (void)check.add(up("n1"));
  QVERIFY(check.add(state("n1", "", 7'000'001)));
  QVERIFY(!check.add(state("n1", "", 7'000'001)));  // told once
  QVERIFY(!check.add(state("n2", "", 1)));          // another node's first life
  // The next life must beat the newest life the others took (9, not 7).
  (void)check.add(up("n1"));
  QVERIFY(check.add(state("n1", "", 8'000'001)));
  (void)check.add(up("n1"));
  QVERIFY(!check.add(state("n1", "", 9'500'001)));
}

QTEST_MAIN(tst_RestartCheck)
#include "tst_restart_check.moc"
