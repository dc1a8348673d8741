// RunStore and the views over it: the event log is a valid model while
// records stream in, its filters pick the right rows, and moving the cursor
// (the timeline) shows the state of that moment, changes highlighted.
#include <QAbstractItemModelTester>
#include <QSlider>
#include <QTest>
#include <QTreeWidget>

#include "snapshot_view/event_log_model.h"
#include "snapshot_view/node_state_view.h"
#include "snapshot_view/run_store.h"
#include "snapshot_view/timeline_widget.h"

using namespace catslab::ui;
namespace tr = catslab::trace;

namespace {
std::int64_t ms(int v) { return std::int64_t(v) * 1'000'000; }

tr::Record up(const char* node, int atMs) {
  tr::Record r;
  r.set_node(node);
  r.set_time_ns(ms(atMs));
  r.mutable_node_up()->set_stack("ping");
  return r;
}
tr::Record state(const char* node, int atMs, const char* key, const char* value) {
  tr::Record r;
  r.set_node(node);
  r.set_time_ns(ms(atMs));
  auto* e = r.mutable_state()->add_entries();
  e->set_key(key);
  e->set_value(value);
  return r;
}
tr::Record message(const char* from, const char* to, int atMs, tr::MessageEventKind kind,
                   std::uint64_t id) {
  tr::Record r;
  r.set_node(kind == tr::MESSAGE_DELIVERED ? to : from);
  r.set_time_ns(ms(atMs));
  auto* m = r.mutable_message();
  m->set_kind(kind);
  m->set_from(from);
  m->set_to(to);
  m->set_type("Ping");
  m->set_message_id(id);
  if (kind == tr::MESSAGE_DROPPED) m->set_drop_reason("loss");
  return r;
}

// n1 and n2 come up, n1 counts to three while pinging n2; one ping is lost.
std::vector<tr::Record> run() {
  std::vector<tr::Record> v{up("n1", 0),
                            up("n2", 0),
                            state("n1", 10, "ping.sent", "1"),
                            message("n1", "n2", 10, tr::MESSAGE_SENT, 1),
                            message("n1", "n2", 30, tr::MESSAGE_DELIVERED, 1),
                            state("n1", 1200, "ping.sent", "2"),
                            message("n1", "n2", 1200, tr::MESSAGE_SENT, 2),
                            message("n1", "n2", 1220, tr::MESSAGE_DROPPED, 2),
                            state("n1", 2500, "ping.sent", "3")};
  for (std::size_t i = 0; i < v.size(); ++i) v[i].set_seq(i);
  return v;
}

QString valueOf(QTreeWidget* tree, const QString& leaf, bool* highlighted = nullptr) {
  QTreeWidgetItemIterator it(tree);
  for (; *it; ++it) {
    if ((*it)->text(0) == leaf) {
      if (highlighted) *highlighted = (*it)->background(1).style() != Qt::NoBrush;
      return (*it)->text(1);
    }
  }
  return {};
}
}  // namespace

class tst_RunStore : public QObject {
  Q_OBJECT
 private slots:
  void eventLogPassesModelTester();
  void filters_data();
  void filters();
  void followsNewRecordsUntilUserSeeks();
  void seekingShowsThatPointsState();
  void seekByTime();
  void timelineSliderMovesCursor();
};

void tst_RunStore::eventLogPassesModelTester() {
  RunStore store;
  EventLogModel model(&store);
  EventFilterProxy proxy;
  proxy.setSourceModel(&model);
  QAbstractItemModelTester t1(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  QAbstractItemModelTester t2(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
  auto records = run();
  store.append({records.begin(), records.begin() + 4});
  proxy.setNodeFilter(QStringLiteral("n2"));
  store.append({records.begin() + 4, records.end()});
  store.setCurrent(2);
  proxy.setKindFilter(QStringLiteral("sent"));
  QCOMPARE(model.rowCount(), 9);
  store.clear();
  QCOMPARE(model.rowCount(), 0);
  QCOMPARE(proxy.rowCount(), 0);
}

void tst_RunStore::filters_data() {
  QTest::addColumn<QString>("node");
  QTest::addColumn<QString>("type");
  QTest::addColumn<QString>("kind");
  QTest::addColumn<int>("rows");
  QTest::newRow("everything") << QString() << QString() << QString() << 9;
  QTest::newRow("n2: its up record and the messages to it")
      << QStringLiteral("n2") << QString() << QString() << 5;
  QTest::newRow("Ping messages") << QString() << QStringLiteral("Ping") << QString() << 4;
  QTest::newRow("drops") << QString() << QString() << QStringLiteral("dropped") << 1;
  QTest::newRow("n1 state") << QStringLiteral("n1") << QString() << QStringLiteral("state") << 3;
}

void tst_RunStore::filters() {
  QFETCH(QString, node);
  QFETCH(QString, type);
  QFETCH(QString, kind);
  QFETCH(int, rows);
  RunStore store;
  EventLogModel model(&store);
  EventFilterProxy proxy;
  proxy.setSourceModel(&model);
  store.append(run());
  proxy.setNodeFilter(node);
  proxy.setTypeFilter(type);
  proxy.setKindFilter(kind);
  QCOMPARE(proxy.rowCount(), rows);
}

void tst_RunStore::followsNewRecordsUntilUserSeeks() {
  RunStore store;
  auto records = run();
  store.append({records.begin(), records.begin() + 3});
  QCOMPARE(store.current(), 2);
  store.setCurrent(1);  // the user travels back
  QVERIFY(!store.follow());
  store.append({records.begin() + 3, records.end()});
  QCOMPARE(store.current(), 1);  // stays where the user looks
  store.setFollow(true);
  QCOMPARE(store.current(), 8);
}

void tst_RunStore::seekingShowsThatPointsState() {
  RunStore store;
  store.append(run());
  NodeStateView view(&store);
  view.setNode(QStringLiteral("n1"));
  bool highlighted = false;
  QCOMPARE(valueOf(view.tree(), QStringLiteral("sent"), &highlighted), QStringLiteral("3"));
  store.setCurrent(5);  // the second ping was just counted
  QCOMPARE(valueOf(view.tree(), QStringLiteral("sent"), &highlighted), QStringLiteral("2"));
  QVERIFY(highlighted);
  store.stepForward();  // a message event: the counter did not change
  QCOMPARE(valueOf(view.tree(), QStringLiteral("sent"), &highlighted), QStringLiteral("2"));
  QVERIFY(!highlighted);
  store.setCurrent(0);  // n1 is up but reported nothing yet
  QCOMPARE(valueOf(view.tree(), QStringLiteral("sent")), QString());
  // In-flight messages follow the cursor too.
  QCOMPARE(store.stateAfter(3).inFlight.size(), std::size_t(1));
  QCOMPARE(store.stateAfter(4).inFlight.size(), std::size_t(0));
}

void tst_RunStore::seekByTime() {
  RunStore store;
  store.append(run());
  store.seekTime(ms(1210));
  QCOMPARE(store.current(), 6);
  QCOMPARE(store.stateAfter(store.current()).node("n1")->get("ping.sent"), std::string("2"));
  store.seekTime(ms(5000));
  QCOMPARE(store.current(), 8);
}

void tst_RunStore::timelineSliderMovesCursor() {
  RunStore store;
  TimelineWidget timeline(&store);
  store.append(run());
  QCOMPARE(timeline.slider()->maximum(), 8);
  QCOMPARE(timeline.slider()->value(), 8);
  timeline.slider()->setValue(2);
  QCOMPARE(store.current(), 2);
  QCOMPARE(store.stateAfter(store.current()).node("n1")->get("ping.sent"), std::string("1"));
}

QTEST_MAIN(tst_RunStore)
#include "tst_run_store.moc"
