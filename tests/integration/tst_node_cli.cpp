// The node process as a command-line program: arguments and topology
// errors (exit 2), console commands, orderly shutdown on quit, EOF and
// SIGTERM (exit 0), and the monitor stream (fake_monitor.h plays the app).
#include <QProcess>
#include <QTest>

#include "fake_monitor.h"
#include "node_process.h"

using namespace catslab;
using namespace catslab::testing;

class tst_node_cli : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY2(haveEnvironment(),
             "run through ctest: CATSLAB_SOURCE_DIR and CATSLAB_BIN_DIR must "
             "name the source tree and build/bin");
  }
  void badInvocationsExitWithTwo_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("no arguments") << QStringList{} << "--topology FILE is required";
    QTest::newRow("unknown option") << QStringList{"--frob", "1"} << "unknown option '--frob'";
    QTest::newRow("missing file") << QStringList{"--topology", "/nonexistent/t.json", "--node",
                                                 "n1"}
                                  << "/nonexistent/t.json";
    QTest::newRow("unknown node") << QStringList{"--topology", "@ping3", "--node", "n9"}
                                  << "no node 'n9' (nodes: n1, n2, n3)";
    QTest::newRow("bad monitor") << QStringList{"--topology", "@ping3",    "--node",
                                                "n1",         "--monitor", "x"}
                                 << "--monitor wants HOST:PORT";
    QTest::newRow("bad seed") << QStringList{"--topology", "@ping3", "--node",
                                             "n1",         "--seed", "soon"}
                              << "--seed wants a whole number, got 'soon'";
  }
  void badInvocationsExitWithTwo() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    args.replaceInStrings(QStringLiteral("@ping3"),
                          sourceDir() + QStringLiteral("/resources/topologies/ping3.json"));
    NodeProcess p;
    p.start(args);
    QCOMPARE(p.waitForExit(), 2);
    QVERIFY2(p.allErr().contains(message), qPrintable(p.allErr()));
  }

  // --help is a question, not a mistake: usage on stdout, exit 0, for
  // every command-line program of the project.
  void helpPrintsUsageAndExitsWithZero_data() {
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("catslab-node") << "catslab-node"
                                  << "--monitor-tls on|off";
    QTest::newRow("catslab-sim") << "catslab-sim"
                                 << "--seeds A-B";
    QTest::newRow("catslab-check") << "catslab-check"
                                   << "--format";
  }
  void helpPrintsUsageAndExitsWithZero() {
    QFETCH(QString, program);
    QFETCH(QString, mentions);
    const QString path = binDir() + QLatin1Char('/') + program;
    if (!QFile::exists(path)) QSKIP(qPrintable(program + QStringLiteral(" is not built")));
    QProcess p;
    p.start(path, {QStringLiteral("--help")});
    QVERIFY(p.waitForFinished(catslab::testing::scaledMs(10000)));
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
    QVERIFY2(out.startsWith(QStringLiteral("usage: ") + program, Qt::CaseInsensitive) &&
                 out.contains(mentions),
             qPrintable(out));
    QVERIFY2(err.isEmpty(), qPrintable(err));
  }

  void badStackParameterExitsWithTwo() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("param.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"nodes":[{"id":"n1","stack":"ping","host":"127.0.0.1","port":7199,)"
            R"("params":{"timeout_ms":"soon"}}]})");
    f.close();
    NodeProcess p;
    p.start({QStringLiteral("--topology"), path, QStringLiteral("--node"), QStringLiteral("n1")});
    QCOMPARE(p.waitForExit(), 2);
    QVERIFY2(p.allErr().contains(QStringLiteral("timeout_ms")) &&
                 p.allErr().contains(QStringLiteral("soon")),
             qPrintable(p.allErr()));
  }

  void malformedTopologyNamesFileAndField() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"nodes":[{"id":"n1","stack":"ping"}],"links":[{"a":"n1","b":"n7"}]})");
    f.close();
    NodeProcess p;
    p.start({QStringLiteral("--topology"), path, QStringLiteral("--node"), QStringLiteral("n1")});
    QCOMPARE(p.waitForExit(), 2);
    QVERIFY2(p.allErr().contains(path) && p.allErr().contains(QStringLiteral("links[0]")),
             qPrintable(p.allErr()));
  }

  void shutsDownInOrder_data() {
    QTest::addColumn<QString>("how");
    QTest::newRow("quit") << "quit";
    QTest::newRow("eof") << "eof";
    QTest::newRow("sigterm") << "sigterm";
  }
  void shutsDownInOrder() {
    QFETCH(QString, how);
    QTemporaryDir dir;
    const QString topo = makeTopology(dir, QStringLiteral("ping3.json"));
    NodeProcess n1;
    QVERIFY(n1.startNode(topo, QStringLiteral("n1")));
    if (how == QLatin1String("quit")) n1.send(QStringLiteral("quit"));
    if (how == QLatin1String("eof")) n1.closeStdin();
    if (how == QLatin1String("sigterm")) n1.signal(SIGTERM);
    QCOMPARE(n1.waitForExit(), 0);
  }

  void consoleAnswersEveryLine() {
    QTemporaryDir dir;
    const QString topo = makeTopology(dir, QStringLiteral("ping3.json"));
    NodeProcess n1;
    QVERIFY(n1.startNode(topo, QStringLiteral("n1")));
    n1.send(QStringLiteral("frobnicate now"));
    QVERIFY(n1.waitForLine(QStringLiteral("^error: unknown command 'frobnicate"), 5000) >= 0);
    n1.send(QStringLiteral("link n9 down"));
    QVERIFY(n1.waitForLine(QStringLiteral("^error: unknown peer 'n9'"), 5000) >= 0);
    n1.send(QStringLiteral("link n2 latency abc"));
    QVERIFY(n1.waitForLine(QStringLiteral("^error: link: 'latency' needs a number"), 5000) >= 0);
    n1.send(QStringLiteral("link n2 latency 5 jitter 1 loss 0.25"));
    QVERIFY(n1.waitForLine(QStringLiteral("^n2: latency 5 ms jitter 1 ms loss 0.25$"), 5000) >= 0);
    n1.send(QStringLiteral("help"));
    QVERIFY(n1.waitForLine(QStringLiteral("link <peer\\|all> down\\|up"), 5000) >= 0);
    QVERIFY(n1.waitForLine(QStringLiteral("ping <node>"), 5000) >= 0);
    n1.send(QStringLiteral("tree"));
    QVERIFY(n1.waitForLine(QStringLiteral("TcpNetwork"), 5000) >= 0);
    n1.send(QStringLiteral("status"));
    QVERIFY(n1.waitForLine(QStringLiteral("^peer n2 idle"), 5000) >= 0);
    n1.send(QStringLiteral("quit"));
    QCOMPARE(n1.waitForExit(), 0);
  }

  // `link <peer> latency` takes every distribution a topology file can
  // hold, not only a constant, and `link <peer>` answers in the words that
  // set it (the answer typed after `link <peer>` sets the same again).
  void linkTakesLatencyDistributions_data() {
    QTest::addColumn<QStringList>("typed");
    QTest::addColumn<QString>("answer");  // to the last line, and to `link n2` after it
    QTest::newRow("constant") << QStringList{"link n2 latency 50"} << "n2: latency 50 ms loss 0";
    QTest::newRow("uniform") << QStringList{"link n2 latency uniform 10 50"}
                             << "n2: latency uniform 10 50 ms loss 0";
    QTest::newRow("normal, jitter, loss")
        << QStringList{"link n2 latency normal 30 5 jitter 2 loss 0.1"}
        << "n2: latency normal 30 ms sd 5 ms jitter 2 ms loss 0.1";
    QTest::newRow("exponential") << QStringList{"link n2 latency exponential 20"}
                                 << "n2: latency exponential 20 ms loss 0";
    QTest::newRow("pareto") << QStringList{"link n2 latency pareto 5 1.5"}
                            << "n2: latency pareto 5 ms shape 1.5 loss 0";
    QTest::newRow("an answer typed back")
        << QStringList{"link n2 latency normal 30 ms sd 5 ms jitter 2 ms loss 0.1"}
        << "n2: latency normal 30 ms sd 5 ms jitter 2 ms loss 0.1";
    QTest::newRow("loss alone keeps the distribution")
        << QStringList{"link n2 latency uniform 10 50", "link n2 loss 0.2"}
        << "n2: latency uniform 10 50 ms loss 0.2";
    QTest::newRow("a constant replaces a distribution")
        << QStringList{"link n2 latency pareto 5 1.5", "link n2 latency 7"}
        << "n2: latency 7 ms loss 0";
    QTest::newRow("down and up keep it")
        << QStringList{"link n2 latency exponential 20", "link n2 down", "link n2 up"}
        << "n2: latency exponential 20 ms loss 0";
  }
  void linkTakesLatencyDistributions() {
    QFETCH(QStringList, typed);
    QFETCH(QString, answer);
    QTemporaryDir dir;
    const QString topo = makeTopology(dir, QStringLiteral("ping3.json"));
    NodeProcess n3;  // n1 of ping3 pings by script; n3 prints only answers
    QVERIFY(n3.startNode(topo, QStringLiteral("n3")));
    int answered = -1;
    for (const QString& line : std::as_const(typed)) {
      n3.send(line);
      answered = n3.waitForLine(QStringLiteral("^n2: "), 5000, answered + 1);
      QVERIFY2(answered >= 0, qPrintable(line));
    }
    QCOMPARE(n3.lines().at(answered), answer);
    n3.send(QStringLiteral("link n2"));
    answered = n3.waitForLine(QStringLiteral("^n2: "), 5000, answered + 1);
    QVERIFY(answered >= 0);
    QCOMPARE(n3.lines().at(answered), answer);
    n3.send(QStringLiteral("quit"));
    QCOMPARE(n3.waitForExit(), 0);
  }

  // A latency the node cannot emulate gets one `error:` line saying what is
  // wrong, and the link keeps its model (the file's 20 ms).
  void linkRejectsBadLatency_data() {
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("error");
    QTest::newRow("no value") << "link n2 latency"
                              << "error: link: 'latency' needs a number or a distribution "
                                 "(uniform MIN MAX, normal MEAN SD, exponential MEAN, pareto "
                                 "SCALE SHAPE)";
    QTest::newRow("unknown kind") << "link n2 latency gamma 3"
                                  << "error: link: 'latency' needs a number or a distribution, "
                                     "got 'gamma' (uniform MIN MAX, normal MEAN SD, exponential "
                                     "MEAN, pareto SCALE SHAPE)";
    QTest::newRow("missing max") << "link n2 latency uniform 10"
                                 << "error: link: 'latency uniform' needs MIN MAX in ms, "
                                    "e.g. latency uniform 10 50";
    QTest::newRow("word for a number") << "link n2 latency normal 30 wide loss 0.1"
                                       << "error: link: 'latency normal' needs MEAN SD in ms, "
                                          "e.g. latency normal 30 5";
    QTest::newRow("missing mean") << "link n2 latency exponential loss 0.1"
                                  << "error: link: 'latency exponential' needs MEAN in ms, "
                                     "e.g. latency exponential 20";
    QTest::newRow("negative") << "link n2 latency normal -30 5"
                              << "error: link: 'latency normal' must not be negative, got -30";
    QTest::newRow("negative constant") << "link n2 latency -5"
                                       << "error: link: 'latency' must not be negative, got -5";
    QTest::newRow("min above max")
        << "link n2 latency uniform 50 10"
        << "error: link: 'latency uniform' needs MIN <= MAX, got 50 > 10";
    QTest::newRow("shape zero") << "link n2 latency pareto 5 0"
                                << "error: link: 'latency pareto' needs SHAPE > 0, got 0";
    QTest::newRow("shape negative") << "link n2 latency pareto 5 -1.5"
                                    << "error: link: 'latency pareto' must not be negative, "
                                       "got -1.5";
    QTest::newRow("scale zero") << "link n2 latency pareto 0 1.5"
                                << "error: link: 'latency pareto' needs SCALE > 0, got 0";
    QTest::newRow("one number too many") << "link n2 latency exponential 20 30"
                                         << "error: link: unknown setting '30' (expected down, "
                                            "up, latency, jitter or loss)";
  }
  void linkRejectsBadLatency() {
    QFETCH(QString, typed);
    QFETCH(QString, error);
    QTemporaryDir dir;
    const QString topo = makeTopology(dir, QStringLiteral("ping3.json"));
    NodeProcess n3;
    QVERIFY(n3.startNode(topo, QStringLiteral("n3")));
    const int mark = n3.lines().size();
    n3.send(typed);
    n3.send(QStringLiteral("link n2"));
    const int shown = n3.waitForLine(QStringLiteral("^n2: "), 5000, mark);
    QVERIFY(shown >= 0);
    QCOMPARE(n3.lines().mid(mark, shown - mark), QStringList{error});
    QCOMPARE(n3.lines().at(shown), QStringLiteral("n2: latency 20 ms loss 0"));
    n3.send(QStringLiteral("quit"));
    QCOMPARE(n3.waitForExit(), 0);
  }

  void monitorGetsRecordsAndSendsCommands() {
    QTemporaryDir dir;
    const QString topo = makeTopology(dir, QStringLiteral("ping3.json"));
    FakeMonitor monitor;
    NodeProcess n2, n1;
    QVERIFY(n2.startNode(topo, QStringLiteral("n2")));
    QVERIFY(n1.startNode(
        topo, QStringLiteral("n1"),
        {QStringLiteral("--monitor"), QStringLiteral("127.0.0.1:%1").arg(monitor.port())}));
    QTRY_VERIFY_WITH_TIMEOUT(monitor.accepted(), catslab::testing::scaledMs(10000));
    n1.send(QStringLiteral("ping n2"));
    QVERIFY(n1.waitForLine(QStringLiteral("^reply from n2: "), 10000) >= 0);
    QTRY_VERIFY_WITH_TIMEOUT(monitor.sawPingTo("n2"), catslab::testing::scaledMs(10000));
    const auto& records = monitor.pump();
    QVERIFY(records.front().has_header());
    QCOMPARE(records.front().header().profile(), std::string("production"));
    QVERIFY(std::any_of(records.begin(), records.end(), [](const trace::Record& r) {
      return r.has_node_up() && r.node() == "n1";
    }));

    // Commands come back over the same socket.
    monitor.send("link n2 down");
    QVERIFY(n1.waitForLine(QStringLiteral("^n2: down$"), 10000) >= 0);
    // A monitor that vanishes does not hurt the node.
    monitor.close();
    const int mark = n1.lines().size();
    n1.send(QStringLiteral("status"));
    QVERIFY(n1.waitForLine(QStringLiteral("^peer n2 up; link down"), 10000, mark) >= 0);
    n1.send(QStringLiteral("quit"));
    QCOMPARE(n1.waitForExit(), 0);
  }

  // Regression: the monitor's socket and timer outlived the runtime's
  // io_context, so every monitored node ended in a heap-use-after-free
  // (AddressSanitizer turned `quit` into exit 1; the default build hid it).
  void monitoredNodeExitsCleanly_data() {
    QTest::addColumn<QString>("monitor");
    QTest::newRow("connected") << "connected";
    QTest::newRow("monitor went away") << "gone";
    QTest::newRow("monitor unreachable") << "unreachable";
  }
  void monitoredNodeExitsCleanly() {
    QFETCH(QString, monitor);
    QTemporaryDir dir;
    const QString topo = makeTopology(dir, QStringLiteral("ping3.json"));
    FakeMonitor app;
    const quint16 port = monitor == QLatin1String("unreachable") ? freePort() : app.port();
    NodeProcess n1;
    QVERIFY(n1.startNode(topo, QStringLiteral("n1"),
                         {QStringLiteral("--monitor"), QStringLiteral("127.0.0.1:%1").arg(port)}));
    if (monitor != QLatin1String("unreachable"))
      QTRY_VERIFY_WITH_TIMEOUT(app.accepted(), catslab::testing::scaledMs(10000));
    if (monitor == QLatin1String("gone")) app.close();
    n1.send(QStringLiteral("tree"));
    QVERIFY(n1.waitForLine(QStringLiteral("TcpNetwork"), 10000) >= 0);
    n1.send(QStringLiteral("quit"));
    QCOMPARE(n1.waitForExit(), 0);
    QVERIFY2(!n1.allErr().contains(QStringLiteral("Sanitizer")), qPrintable(n1.allErr()));
  }

  // The same on the way out through bad input: the stack rejects a
  // parameter after the monitor exists (exit 2, one line, nothing else).
  void monitoredNodeWithBadParameterExitsWithTwo() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("param.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"nodes":[{"id":"n1","stack":"ping","host":"127.0.0.1","port":)" +
            QByteArray::number(freePort()) + R"(,"params":{"timeout_ms":"soon"}}]})");
    f.close();
    NodeProcess p;
    p.start({QStringLiteral("--topology"), path, QStringLiteral("--node"), QStringLiteral("n1"),
             QStringLiteral("--monitor"), QStringLiteral("127.0.0.1:%1").arg(freePort())});
    QCOMPARE(p.waitForExit(), 2);
    QVERIFY2(p.allErr().contains(QStringLiteral("timeout_ms")) &&
                 !p.allErr().contains(QStringLiteral("Sanitizer")),
             qPrintable(p.allErr()));
  }
};

QTEST_MAIN(tst_node_cli)
#include "tst_node_cli.moc"
