// The words of the `link` command for a model (link_command.h): what
// linkCommandArgs() and describeLink() print, typed back into the command,
// sets the very same model, whatever its numbers.
#include <QTest>

#include "runtime/net/link_command.h"

using namespace catslab;
using topology::LatencyModel;

namespace {

topology::LinkModel makeModel(LatencyModel::Kind kind, double a, double b, double jitter,
                              double loss) {
  topology::LinkModel m;
  LatencyModel& l = *m.mutable_latency();
  l.set_kind(kind);
  switch (kind) {
    case LatencyModel::UNIFORM:
      l.set_min_ms(a);
      l.set_max_ms(b);
      break;
    case LatencyModel::NORMAL:
      l.set_mean_ms(a);
      l.set_stddev_ms(b);
      break;
    case LatencyModel::PARETO:
      l.set_min_ms(a);
      l.set_shape(b);
      break;
    default:
      l.set_mean_ms(a);
      break;
  }
  m.set_jitter_ms(jitter);
  m.set_loss(loss);
  return m;
}

// Types `words` after "link n2 " into a table whose n2 link is `before`;
// the model n2 has then, or why the command refused.
runtime::Result<topology::LinkModel> typedBack(const topology::LinkModel& before,
                                               const std::string& words) {
  net::LinkTable table;
  table.set("n2", before);
  if (auto answer = net::runLinkCommand(table, "n2 " + words); !answer) {
    return runtime::Result<topology::LinkModel>::failure(answer.error());
  }
  return table.get("n2");
}

}  // namespace

Q_DECLARE_METATYPE(topology::LinkModel)

class tst_link_command : public QObject {
  Q_OBJECT

 private slots:
  void numbersAreShortestExact_data() {
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("a tenth") << 0.1 << "0.1";
    QTest::newRow("a third") << 1.0 / 3 << "0.3333333333333333";
    QTest::newRow("a sum that is not 0.3") << 0.1 + 0.2 << "0.30000000000000004";
    QTest::newRow("small, as %g") << 0.0001 << "0.0001";
    QTest::newRow("tiny") << 1e-7 << "1e-07";
    QTest::newRow("large, as %g but every digit") << 1234567.0 << "1.234567e+06";
    QTest::newRow("large, as %g") << 100000.0 << "100000";
    QTest::newRow("zero") << 0.0 << "0";
  }
  void numbersAreShortestExact() {
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(net::linkNumber(value)), text);
  }

  void awkwardModelsRoundTrip_data() {
    QTest::addColumn<topology::LinkModel>("model");
    QTest::newRow("normal 0.1, sd 1/3, loss 0.001")
        << makeModel(LatencyModel::NORMAL, 0.1, 1.0 / 3, 0, 0.001);
    QTest::newRow("pareto 1/3, shape 2.5, jitter 0.7")
        << makeModel(LatencyModel::PARETO, 1.0 / 3, 2.5, 0.7, 1e-7);
    QTest::newRow("uniform 0.1 to 0.1 + 0.2")
        << makeModel(LatencyModel::UNIFORM, 0.1, 0.1 + 0.2, 2.0 / 3, 0.25);
    QTest::newRow("exponential 2/3, tiny jitter")
        << makeModel(LatencyModel::EXPONENTIAL, 2.0 / 3, 0, 1e-7, 0.0001);
    QTest::newRow("constant 1234567.891")
        << makeModel(LatencyModel::CONSTANT, 1234567.891, 0, 0, 0);
  }
  // The command text replaces what the link had (its jitter too); the line
  // shown to people, typed back over a plain link, gives the model again.
  void awkwardModelsRoundTrip() {
    QFETCH(topology::LinkModel, model);
    const topology::LinkModel other = makeModel(LatencyModel::NORMAL, 100, 50, 9, 0.5);
    for (const auto& [before, words] :
         {std::pair{other, net::linkCommandArgs(model)},
          std::pair{topology::LinkModel(), net::describeLink(model)}}) {
      const auto got = typedBack(before, words);
      QVERIFY2(got, got.error().c_str());
      QVERIFY2(got->SerializeAsString() == model.SerializeAsString(),
               qPrintable(QStringLiteral("'%1' set {%2}, not {%3}")
                              .arg(QString::fromStdString(words),
                                   QString::fromStdString(got->ShortDebugString()),
                                   QString::fromStdString(model.ShortDebugString()))));
    }
  }

  // People read a zero jitter as nothing and a down link as "down".
  void describeLeavesOutWhatIsNotThere() {
    QCOMPARE(net::describeLink(makeModel(LatencyModel::CONSTANT, 20, 0, 0, 0)),
             std::string("latency 20 ms loss 0"));
    QCOMPARE(net::linkCommandArgs(makeModel(LatencyModel::CONSTANT, 20, 0, 0, 0)),
             std::string("latency 20 ms jitter 0 ms loss 0"));
    topology::LinkModel down = makeModel(LatencyModel::NORMAL, 30, 5, 2, 0.1);
    QCOMPARE(net::describeLink(down),
             std::string("latency normal 30 ms sd 5 ms jitter 2 ms loss 0.1"));
    down.set_down(true);
    QCOMPARE(net::describeLink(down), std::string("down"));
  }
};

QTEST_MAIN(tst_link_command)
#include "tst_link_command.moc"
