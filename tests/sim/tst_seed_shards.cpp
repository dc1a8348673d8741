// A seed range split into shards (catslab-sim --shard I/N, one process or
// machine per shard): the shards together run every seed of the range
// exactly once and find the same failing seeds as one unsharded run; bad
// shard specifications are refused with a clear message and exit code 2.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <mutex>
#include <set>

#include "runtime/sim/scenario_file.h"
#include "runtime/sim/seed_sweep.h"
#include "tests/timeouts.h"

using namespace catslab;

namespace {

// Three ping nodes; n1's pings to n2 and n3 are lost half of the time, n1
// pings everyone three times, and the check allows at most 3 of the 6 pings
// to time out: about a third of the seeds fail it, the others pass.
const char* kFlakyScenario = R"({
  "name": "flaky-ping",
  "topology": {
    "name": "ping3-lossy",
    "nodes": [
      { "id": "n1", "stack": "ping", "params": { "timeout_ms": "300" } },
      { "id": "n2", "stack": "ping" },
      { "id": "n3", "stack": "ping" }
    ],
    "links": [
      { "a": "n1", "b": "n2", "model": { "latency": { "kind": "CONSTANT", "meanMs": 20 } },
        "aToB": { "latency": { "kind": "CONSTANT", "meanMs": 20 }, "loss": 0.5 } },
      { "a": "n1", "b": "n3", "model": { "latency": { "kind": "CONSTANT", "meanMs": 20 } },
        "aToB": { "latency": { "kind": "CONSTANT", "meanMs": 20 }, "loss": 0.5 } }
    ]
  },
  "processes": [
    { "name": "pings", "startAtMs": 10, "interArrivalMs": { "kind": "constant", "mean": 50 },
      "raise": [ { "count": 3, "operation": { "op": "request",
        "params": [ { "kind": "constant", "text": "n1" },
                    { "kind": "constant", "text": "ping all" } ] } } ] }
  ],
  "terminateAfterTerminationOf": "pings",
  "terminateDelayMs": 1000,
  "checks": [
    { "name": "few pings lost", "when": "end", "quantifier": "all",
      "key": "ping.timeouts", "op": "<=", "value": "3" }
  ]
})";

constexpr std::uint64_t kFirst = 5;
constexpr std::uint64_t kLast = 64;

struct Swept {
  std::multiset<std::uint64_t> seedsRun;
  std::vector<std::uint64_t> failed;
};

Swept sweepShard(const sim::Scenario& sc, sim::Shard shard, int jobs) {
  Swept out;
  std::mutex m;
  sim::SweepOptions so;
  so.first = kFirst;
  so.last = kLast;
  so.shard = shard;
  so.jobs = jobs;
  so.stopOnFailure = false;
  so.progress = [&](const sim::RunResult& r, std::uint64_t, std::uint64_t) {
    std::lock_guard lock(m);
    out.seedsRun.insert(r.seed);
  };
  out.failed = sim::sweep(sc, so).failedSeeds;
  return out;
}

QString simBinary() {
  return qEnvironmentVariable("CATSLAB_BIN_DIR") + QStringLiteral("/catslab-sim");
}

struct Cli {
  int exitCode = -1;
  QString out;
  QString err;
};

Cli runSim(const QStringList& args,
           const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
  QProcess p;
  p.setProcessEnvironment(env);
  p.start(simBinary(), args);
  Cli c;
  // Generous: a loaded machine under sanitizers; the runs take well under 10 s.
  if (!p.waitForFinished(catslab::testing::scaledMs(300000))) return c;
  c.exitCode = p.exitCode();
  c.out = QString::fromUtf8(p.readAllStandardOutput());
  c.err = QString::fromUtf8(p.readAllStandardError());
  return c;
}

// The seeds named by the "replay:" lines of a --keep-going run.
std::set<std::uint64_t> replayedSeeds(const QString& out) {
  std::set<std::uint64_t> seeds;
  static const QRegularExpression re(QStringLiteral("^replay: .* --seed (\\d+) "),
                                     QRegularExpression::MultilineOption);
  for (auto it = re.globalMatch(out); it.hasNext();)
    seeds.insert(it.next().captured(1).toULongLong());
  return seeds;
}

}  // namespace

class tst_seed_shards : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir dir_;
  QString scenarioPath_;

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    scenarioPath_ = dir_.filePath(QStringLiteral("flaky.json"));
    QFile f(scenarioPath_);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kFlakyScenario);
  }

  void parsesShards_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<quint64>("index");
    QTest::addColumn<quint64>("count");
    QTest::newRow("only shard") << QStringLiteral("0/1") << quint64(0) << quint64(1);
    QTest::newRow("last of three") << QStringLiteral("2/3") << quint64(2) << quint64(3);
    QTest::newRow("large") << QStringLiteral("999/1000") << quint64(999) << quint64(1000);
  }
  void parsesShards() {
    QFETCH(QString, text);
    QFETCH(quint64, index);
    QFETCH(quint64, count);
    const auto s = sim::parseShard(text.toStdString());
    QVERIFY2(s, s.error().c_str());
    QCOMPARE(s->index, index);
    QCOMPARE(s->count, count);
    QCOMPARE(QString::fromStdString(s->toString()), text);
  }

  void refusesBadShards_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");
    QTest::newRow("index past count") << QStringLiteral("3/2") << QStringLiteral("below N");
    QTest::newRow("index equals count") << QStringLiteral("2/2") << QStringLiteral("below N");
    QTest::newRow("no shards") << QStringLiteral("0/0") << QStringLiteral("at least 1");
    QTest::newRow("garbage") << QStringLiteral("garbage") << QStringLiteral("expected I/N");
    QTest::newRow("negative") << QStringLiteral("-1/2") << QStringLiteral("non-negative");
    QTest::newRow("no index") << QStringLiteral("/2") << QStringLiteral("non-negative");
    QTest::newRow("no count") << QStringLiteral("1/") << QStringLiteral("non-negative");
    QTest::newRow("two slashes") << QStringLiteral("1/2/3") << QStringLiteral("non-negative");
    QTest::newRow("overflow") << QStringLiteral("1/99999999999999999999999")
                              << QStringLiteral("non-negative");
  }
  void refusesBadShards() {
    QFETCH(QString, text);
    QFETCH(QString, reason);
    const auto s = sim::parseShard(text.toStdString());
    QVERIFY(!s);
    const QString err = QString::fromStdString(s.error());
    QVERIFY2(err.contains(text) && err.contains(reason), qPrintable(err));
  }

  // The sizes add up to the range for every split, including more shards
  // than seeds (those shards run nothing).
  void shardSizesAddUpToTheRange() {
    for (std::uint64_t n : {1, 2, 3, 7, 59, 60, 61, 200}) {
      std::uint64_t total = 0;
      for (std::uint64_t i = 0; i < n; ++i) total += sim::seedsInShard(kFirst, kLast, {i, n});
      QCOMPARE(total, kLast - kFirst + 1);
    }
    QCOMPARE(sim::seedsInShard(10, 10, {0, 4}), std::uint64_t(1));
    QCOMPARE(sim::seedsInShard(10, 10, {3, 4}), std::uint64_t(0));
  }

  // Three shards run each seed of the range once and fail on exactly the
  // seeds one unsharded run fails on.
  void shardsCoverTheRangeExactlyOnce() {
    auto sc = sim::parseScenario(kFlakyScenario, "flaky-ping", ".");
    QVERIFY2(sc, sc.error().c_str());
    const Swept whole = sweepShard(*sc, {}, 2);
    QCOMPARE(whole.seedsRun.size(), std::size_t(kLast - kFirst + 1));
    // The scenario must be flaky for the comparison to mean anything.
    QVERIFY2(!whole.failed.empty() && whole.failed.size() < whole.seedsRun.size(),
             qPrintable(QStringLiteral("%1 of %2 seeds failed")
                            .arg(whole.failed.size())
                            .arg(whole.seedsRun.size())));

    std::multiset<std::uint64_t> run;
    std::set<std::uint64_t> failed;
    for (std::uint64_t i = 0; i < 3; ++i) {
      const Swept part = sweepShard(*sc, {i, 3}, 1);
      QCOMPARE(part.seedsRun.size(), std::size_t(sim::seedsInShard(kFirst, kLast, {i, 3})));
      for (std::uint64_t s : part.seedsRun) QCOMPARE((s - kFirst) % 3, i);
      run.insert(part.seedsRun.begin(), part.seedsRun.end());
      failed.insert(part.failed.begin(), part.failed.end());
    }
    QCOMPARE(run, whole.seedsRun);  // each seed once: a multiset has no duplicates to hide
    QCOMPARE(std::vector<std::uint64_t>(failed.begin(), failed.end()), whole.failed);
  }

  // The same through the command line, as a Kubernetes Indexed Job runs it:
  // the summary names the shard, and the replay lines of the shards' logs
  // together name the failing seeds of the unsharded run.
  void commandLineShardsFindTheSameFailingSeeds() {
    const QStringList base{QStringLiteral("--scenario"), scenarioPath_, QStringLiteral("--seeds"),
                           QStringLiteral("%1-%2").arg(kFirst).arg(kLast),
                           QStringLiteral("--keep-going")};
    const Cli whole = runSim(base);
    QCOMPARE(whole.exitCode, 1);
    const std::set<std::uint64_t> expected = replayedSeeds(whole.out);
    QVERIFY2(!expected.empty(), qPrintable(whole.out));
    QVERIFY2(whole.out.contains(QStringLiteral("%1 failing seed(s)").arg(expected.size())),
             qPrintable(whole.out));

    std::set<std::uint64_t> found;
    std::uint64_t seeds = 0;
    for (int i = 0; i < 4; ++i) {
      const Cli part =
          runSim(base + QStringList{QStringLiteral("--shard"), QStringLiteral("%1/4").arg(i)});
      QVERIFY2(part.exitCode == 0 || part.exitCode == 1, qPrintable(part.out + part.err));
      static const QRegularExpression summary(
          QStringLiteral(
              "^(\\d+) seed\\(s\\), .*, shard (\\d+)/4 of seeds %1-%2 \\((\\d+) seeds\\)$")
              .arg(kFirst)
              .arg(kLast),
          QRegularExpression::MultilineOption);
      const auto m = summary.match(part.out);
      QVERIFY2(m.hasMatch(), qPrintable(part.out));
      QCOMPARE(m.captured(2).toInt(), i);
      QCOMPARE(m.captured(1), m.captured(3));  // ran every seed of its shard
      seeds += m.captured(1).toULongLong();
      for (std::uint64_t s : replayedSeeds(part.out)) {
        QCOMPARE(int((s - kFirst) % 4), i);
        QVERIFY2(found.insert(s).second, "a seed failed in two shards");
      }
    }
    QCOMPARE(seeds, kLast - kFirst + 1);
    QCOMPARE(found, expected);
  }

  // --shard-count takes the index from a Kubernetes Indexed Job's
  // environment.
  void shardIndexComesFromTheJob() {
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("JOB_COMPLETION_INDEX"), QStringLiteral("2"));
    const Cli c = runSim({QStringLiteral("--scenario"), scenarioPath_, QStringLiteral("--seeds"),
                          QStringLiteral("1-6"), QStringLiteral("--keep-going"),
                          QStringLiteral("--shard-count"), QStringLiteral("3")},
                         env);
    QVERIFY2(c.out.contains(QStringLiteral(", shard 2/3 of seeds 1-6 (2 seeds)")),
             qPrintable(c.out + c.err));
  }

  void commandLineRefusesBadShards_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("jobIndex");
    QTest::addColumn<QString>("message");
    const QStringList seeds{QStringLiteral("--seeds"), QStringLiteral("1-10")};
    QTest::newRow("3/2") << seeds + QStringList{QStringLiteral("--shard"), QStringLiteral("3/2")}
                         << QString() << QStringLiteral("--shard '3/2': the shard index I");
    QTest::newRow("0/0") << seeds + QStringList{QStringLiteral("--shard"), QStringLiteral("0/0")}
                         << QString() << QStringLiteral("--shard '0/0': the shard count N");
    QTest::newRow("garbage") << seeds +
                                    QStringList{QStringLiteral("--shard"), QStringLiteral("half")}
                             << QString() << QStringLiteral("--shard 'half': expected I/N");
    QTest::newRow("missing") << seeds + QStringList{QStringLiteral("--shard")} << QString()
                             << QStringLiteral("--shard needs I/N");
    QTest::newRow("without --seeds")
        << QStringList{QStringLiteral("--seed"), QStringLiteral("1"), QStringLiteral("--shard"),
                       QStringLiteral("0/2")}
        << QString() << QStringLiteral("go with --seeds");
    QTest::newRow("both") << seeds + QStringList{QStringLiteral("--shard"), QStringLiteral("0/2"),
                                                 QStringLiteral("--shard-count"),
                                                 QStringLiteral("2")}
                          << QStringLiteral("0") << QStringLiteral("either --shard I/N or");
    QTest::newRow("count without job")
        << seeds + QStringList{QStringLiteral("--shard-count"), QStringLiteral("2")} << QString()
        << QStringLiteral("needs JOB_COMPLETION_INDEX");
    QTest::newRow("job index past count")
        << seeds + QStringList{QStringLiteral("--shard-count"), QStringLiteral("2")}
        << QStringLiteral("5") << QStringLiteral("JOB_COMPLETION_INDEX=5 with --shard-count 2");
    QTest::newRow("zero count") << seeds + QStringList{QStringLiteral("--shard-count"),
                                                       QStringLiteral("0")}
                                << QStringLiteral("0")
                                << QStringLiteral("--shard-count needs a positive integer");
  }
  void commandLineRefusesBadShards() {
    QFETCH(QStringList, args);
    QFETCH(QString, jobIndex);
    QFETCH(QString, message);
    auto env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("JOB_COMPLETION_INDEX"));
    if (!jobIndex.isEmpty()) env.insert(QStringLiteral("JOB_COMPLETION_INDEX"), jobIndex);
    const Cli c = runSim(QStringList{QStringLiteral("--scenario"), scenarioPath_} + args, env);
    QCOMPARE(c.exitCode, 2);
    QVERIFY2(c.err.contains(message), qPrintable(c.err));
    QVERIFY2(c.out.isEmpty(), qPrintable(c.out));  // nothing ran
  }
};

QTEST_GUILESS_MAIN(tst_seed_shards)
#include "tst_seed_shards.moc"
