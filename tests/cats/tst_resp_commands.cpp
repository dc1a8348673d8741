// RespSession against a fake asynchronous backend: the replies a Redis
// client sees for each command, Redis's exact error texts where clients
// match them, replies in request order when the store answers out of
// order, the store's failures as errors (never as nil), AUTH, QUIT,
// protocol errors, and back-pressure.
#include <QTest>
#include <algorithm>

#include "cats/resp/resp_session.h"
#include "fake_backend.h"

using namespace catslab;
using catslab::testing::FakeBackend;

namespace {

std::string cmd(const std::vector<std::string>& args) {
  std::string s = "*" + std::to_string(args.size()) + "\r\n";
  for (const auto& a : args) s += "$" + std::to_string(a.size()) + "\r\n" + a + "\r\n";
  return s;
}

struct Client {
  explicit Client(cats::RespSessionConfig config = {}) {
    session = cats::RespSession::create(backend, std::move(config), [this] { ++wakes; });
  }
  // Sends bytes and returns every reply that is ready.
  std::string send(const std::string& bytes) {
    session->receive(bytes);
    return session->takeOutput();
  }
  std::string call(const std::vector<std::string>& args) { return send(cmd(args)); }

  FakeBackend backend;
  std::shared_ptr<cats::RespSession> session;
  int wakes = 0;
};

}  // namespace

class tst_RespCommands : public QObject {
  Q_OBJECT

 private slots:
  void connectionCommands() {
    Client c;
    QCOMPARE(c.call({"PING"}), std::string("+PONG\r\n"));
    QCOMPARE(c.call({"ping", "hi there"}), std::string("$8\r\nhi there\r\n"));
    QCOMPARE(c.call({"ECHO", std::string("a\0b", 3)}), std::string("$3\r\na\0b\r\n", 9));
    QCOMPARE(c.call({"SELECT", "0"}), std::string("+OK\r\n"));
    QCOMPARE(c.call({"SELECT", "1"}), std::string("-ERR DB index is out of range\r\n"));
    QCOMPARE(c.call({"SELECT", "x"}),
             std::string("-ERR value is not an integer or out of range\r\n"));
    QCOMPARE(c.call({"CLIENT", "GETNAME"}), std::string("$-1\r\n"));
    QCOMPARE(c.call({"CLIENT", "SETNAME", "worker-1"}), std::string("+OK\r\n"));
    QCOMPARE(c.call({"client", "getname"}), std::string("$8\r\nworker-1\r\n"));
    QCOMPARE(c.call({"CLIENT", "SETNAME", "a b"}),
             std::string("-ERR Client names cannot contain spaces, newlines or special "
                         "characters.\r\n"));
    QCOMPARE(c.call({"CLIENT", "SETINFO", "LIB-NAME", "redis-py"}), std::string("+OK\r\n"));
    QCOMPARE(c.call({"CLIENT", "KILL", "x"}),
             std::string("-ERR unknown subcommand 'KILL'. Try CLIENT HELP.\r\n"));
    // Inline form, as typed at a telnet prompt.
    QCOMPARE(c.send("PING\r\n"), std::string("+PONG\r\n"));
  }

  void unknownCommandsUseRedisText() {
    Client c;
    QCOMPARE(c.call({"FLUSHALL"}),
             std::string("-ERR unknown command 'FLUSHALL', with args beginning with: \r\n"));
    QCOMPARE(
        c.call({"hset", "h", "f", "v"}),
        std::string("-ERR unknown command 'hset', with args beginning with: 'h' 'f' 'v' \r\n"));
    // Never a line break inside an error reply.
    QCOMPARE(c.call({"x\r\ny", "a\nb"}),
             std::string("-ERR unknown command 'x  y', with args beginning with: 'a b' \r\n"));
    QCOMPARE(c.call({"GET"}), std::string("-ERR wrong number of arguments for 'get' command\r\n"));
    QCOMPARE(c.call({"SET", "k"}),
             std::string("-ERR wrong number of arguments for 'set' command\r\n"));
    QCOMPARE(c.call({"MSET", "a", "1", "b"}),
             std::string("-ERR wrong number of arguments for 'mset' command\r\n"));
  }

  void getSetDelExists() {
    Client c;
    QCOMPARE(c.call({"GET", "k"}), std::string("$-1\r\n"));
    const std::string value("v\0\r\n\xff", 5);
    QCOMPARE(c.call({"SET", "k", value}), std::string("+OK\r\n"));
    QCOMPARE(c.call({"GET", "k"}), "$5\r\n" + value + "\r\n");
    QCOMPARE(c.call({"SET", "j", ""}), std::string("+OK\r\n"));
    QCOMPARE(c.call({"GET", "j"}), std::string("$0\r\n\r\n"));
    QCOMPARE(c.call({"EXISTS", "k", "k", "nope", "j"}), std::string(":3\r\n"));
    // DEL counts the keys that existed; a key named twice counts once.
    QCOMPARE(c.call({"DEL", "k", "k", "nope"}), std::string(":1\r\n"));
    QCOMPARE(c.call({"GET", "k"}), std::string("$-1\r\n"));
    QCOMPARE(c.call({"DEL", "k"}), std::string(":0\r\n"));
    // Absent keys are read, never deleted: no tombstone for nothing.
    QVERIFY(std::count(c.backend.log.begin(), c.backend.log.end(), "delete nope") == 0);
  }

  void msetAndMget() {
    Client c;
    QCOMPARE(c.call({"MSET", "a", "1", "b", "2"}), std::string("+OK\r\n"));
    QCOMPARE(c.call({"MGET", "a", "missing", "b"}),
             std::string("*3\r\n$1\r\n1\r\n$-1\r\n$1\r\n2\r\n"));
  }

  void setOptionsAreRefused() {
    Client c;
    QCOMPARE(c.call({"SET", "k", "v", "EX", "10"}),
             std::string("-ERR SET option 'EX' is not supported by CATS (no expiry, no "
                         "conditional writes)\r\n"));
    QCOMPARE(c.call({"SET", "k", "v", "nx"}),
             std::string("-ERR SET option 'NX' is not supported by CATS (no expiry, no "
                         "conditional writes)\r\n"));
    QCOMPARE(c.call({"SET", "k", "v", "bogus"}), std::string("-ERR syntax error\r\n"));
    QVERIFY(c.backend.data.empty());
  }

  void storeFailuresAreErrorsNeverNil() {
    Client c;
    const std::string unavailable =
        "-UNAVAILABLE group 4 (view 2) unavailable: no consistent quorum  before the "
        "deadline\r\n";
    QCOMPARE(c.call({"GET", "unavailable:k"}), unavailable);
    QCOMPARE(c.call({"SET", "unavailable:k", "v"}), unavailable);
    QCOMPARE(c.call({"SET", "rejected:k", "v"}), std::string("-ERR key too long\r\n"));
    QCOMPARE(c.call({"MGET", "a", "unavailable:k"}), unavailable);
    QCOMPARE(c.call({"EXISTS", "a", "unavailable:k"}), unavailable);
    QCOMPARE(c.call({"DEL", "a", "unavailable:k"}), unavailable);
    QCOMPARE(c.call({"MSET", "a", "1", "unavailable:k", "2"}),
             std::string("-UNAVAILABLE 1 of 2 keys not confirmed, the others were written: "
                         "group 4 (view 2) unavailable: no consistent quorum  before the "
                         "deadline\r\n"));
    QCOMPARE(c.backend.data.at("a"), std::string("1"));
  }

  void pipelinedRepliesKeepRequestOrder() {
    Client c;
    c.backend.deferred = true;
    c.backend.data["a"] = "1";
    c.backend.data["d"] = "4";
    std::string out = c.send(cmd({"GET", "a"}) + cmd({"SET", "b", "2"}) + "PING\r\n" +
                             cmd({"GET", "c"}) + cmd({"MGET", "d", "e"}));
    QCOMPARE(out, std::string());  // the first reply waits for the store
    // Different keys: all five operations are in the store at once.
    QCOMPARE(c.backend.waiting(), std::size_t(5));
    // The store answers the last operations first.
    c.backend.release(4);
    c.backend.release(3);
    c.backend.release(2);
    QCOMPARE(c.session->takeOutput(), std::string());
    QCOMPARE(c.wakes, 0);
    c.backend.release(0);  // GET a: its reply is ready; PING's waits behind SET b
    QCOMPARE(c.wakes, 1);
    QCOMPARE(c.session->takeOutput(), std::string("$1\r\n1\r\n"));
    c.backend.release(0);  // SET b
    QCOMPARE(c.session->takeOutput(),
             std::string("+OK\r\n+PONG\r\n$-1\r\n*2\r\n$1\r\n4\r\n$-1\r\n"));
    QCOMPARE(c.session->pending(), std::size_t(0));
  }

  void pipelinedCommandsOnOneKeyTakeEffectInOrder() {
    Client c;
    c.backend.deferred = true;
    c.send(cmd({"SET", "k", "1"}) + cmd({"GET", "k"}) + cmd({"DEL", "k"}) + cmd({"GET", "k"}) +
           cmd({"SET", "k", "2"}) + cmd({"SET", "other", "x"}));
    // One operation on k at a time; "other" does not wait for k.
    QCOMPARE(c.backend.log, (std::vector<std::string>{"put k", "put other"}));
    c.backend.releaseAll();
    QCOMPARE(c.backend.log, (std::vector<std::string>{"put k", "put other", "get k", "get k",
                                                      "delete k", "get k", "put k"}));
    QCOMPARE(c.session->takeOutput(), std::string("+OK\r\n$1\r\n1\r\n:1\r\n$-1\r\n+OK\r\n+OK\r\n"));
    QCOMPARE(c.backend.data.at("k"), std::string("2"));
  }

  void authGatesCommands() {
    cats::RespSessionConfig config;
    config.requirepass = "s3cret";
    Client c(config);
    QCOMPARE(c.call({"GET", "k"}), std::string("-NOAUTH Authentication required.\r\n"));
    QCOMPARE(c.call({"PING"}), std::string("-NOAUTH Authentication required.\r\n"));
    QCOMPARE(c.call({"AUTH", "wrong"}),
             std::string("-WRONGPASS invalid username-password pair or user is disabled.\r\n"));
    QCOMPARE(c.call({"AUTH", "admin", "s3cret"}),
             std::string("-WRONGPASS invalid username-password pair or user is disabled.\r\n"));
    QVERIFY(c.backend.log.empty());
    QCOMPARE(c.call({"AUTH", "s3cret"}), std::string("+OK\r\n"));
    QCOMPARE(c.call({"GET", "k"}), std::string("$-1\r\n"));
    Client d(config);
    QCOMPARE(d.call({"AUTH", "default", "s3cret"}), std::string("+OK\r\n"));

    Client open;
    QCOMPARE(open.call({"AUTH", "x"}),
             std::string("-ERR AUTH <password> called without any password configured for the "
                         "default user. Are you sure your configuration is correct?\r\n"));
  }

  void quitAnswersEarlierCommandsThenStops() {
    Client c;
    c.backend.deferred = true;
    const std::string out = c.send(cmd({"SET", "a", "1"}) + "QUIT\r\n" + cmd({"SET", "b", "2"}));
    QCOMPARE(out, std::string());
    QVERIFY(c.session->closing());
    QVERIFY(!c.session->wantsInput());
    QVERIFY(!c.session->finished());  // SET a still owed
    c.backend.releaseAll();
    QCOMPARE(c.session->takeOutput(), std::string("+OK\r\n+OK\r\n"));
    QVERIFY(c.session->finished());
    QVERIFY(c.backend.data.count("b") == 0);  // nothing after QUIT ran
  }

  void protocolErrorAfterEarlierReplies() {
    Client c;
    const std::string out = c.send("PING\r\n*1\r\n$x\r\n" + cmd({"SET", "k", "v"}));
    QCOMPARE(out, std::string("+PONG\r\n-ERR Protocol error: invalid bulk length\r\n"));
    QVERIFY(c.session->finished());
    QCOMPARE(c.session->protocolError(), std::string("Protocol error: invalid bulk length"));
    QVERIFY(c.backend.log.empty());
  }

  void backPressureStopsParsing() {
    cats::RespSessionConfig config;
    config.maxPending = 4;
    Client c(config);
    c.backend.deferred = true;
    std::string batch;
    for (int i = 0; i < 10; ++i) batch += cmd({"SET", "k" + std::to_string(i), "v"});
    c.send(batch);
    QCOMPARE(c.backend.waiting(), std::size_t(4));  // the other six wait unparsed
    QVERIFY(!c.session->wantsInput());
    c.backend.release(0);
    QCOMPARE(c.backend.waiting(), std::size_t(4));  // one answered, one more started
    std::string out;
    while (c.backend.waiting() > 0) c.backend.release(0);
    out = c.session->takeOutput();
    QCOMPARE(out.size(), std::string("+OK\r\n").size() * 10);
    QCOMPARE(c.backend.data.size(), std::size_t(10));
    QVERIFY(c.session->wantsInput());
  }

  void infoSections() {
    cats::RespSessionConfig config;
    config.nodeInfo = [](std::string_view section) -> std::string {
      if (section == "cats") return "ring_id:42\nview_count:3\n";
      if (section == "keyspace") return "db0:keys=7,expires=0,avg_ttl=0";
      return {};
    };
    Client c(config);
    const std::string all = c.call({"INFO"});
    QVERIFY(all.find("# Server\r\nredis_version:") != std::string::npos);
    QVERIFY(all.find("# Keyspace\r\ndb0:keys=7,expires=0,avg_ttl=0\r\n") != std::string::npos);
    QVERIFY(all.find("# Cats\r\nring_id:42\r\nview_count:3\r\n") != std::string::npos);
    const std::string cats = "# Cats\r\nring_id:42\r\nview_count:3\r\n";
    QCOMPARE(c.call({"INFO", "CATS"}), "$" + std::to_string(cats.size()) + "\r\n" + cats + "\r\n");
    QCOMPARE(c.call({"INFO", "nosuchsection"}), std::string("$0\r\n\r\n"));
  }

  void commandIntrospection() {
    Client c;
    QCOMPARE(c.call({"COMMAND", "COUNT"}), std::string(":15\r\n"));
    const std::string all = c.call({"COMMAND"});
    QVERIFY(all.rfind("*15\r\n", 0) == 0);
    QVERIFY(all.find("$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n") !=
            std::string::npos);
    const std::string info = c.call({"COMMAND", "INFO", "get", "nosuch"});
    QVERIFY(info.rfind("*2\r\n*10\r\n$3\r\nget\r\n", 0) == 0);
    QVERIFY(info.size() > 5 && info.substr(info.size() - 5) == "*-1\r\n");
    // What redis-cli 7 asks at startup: a name -> docs map (a flat array).
    const std::string docs = c.call({"COMMAND", "DOCS", "set"});
    QVERIFY(docs.rfind("*2\r\n$3\r\nset\r\n*8\r\n$7\r\nsummary\r\n", 0) == 0);
    QCOMPARE(c.call({"COMMAND", "GETKEYS"}),
             std::string("-ERR unknown subcommand 'GETKEYS'. Try COMMAND HELP.\r\n"));
  }

  void configGetForBenchmarks() {
    Client c;
    // What redis-benchmark asks before it starts.
    QCOMPARE(c.send(cmd({"CONFIG", "GET", "save"}) + cmd({"CONFIG", "GET", "appendonly"})),
             std::string("*2\r\n$4\r\nsave\r\n$0\r\n\r\n*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n"));
    QCOMPARE(c.call({"CONFIG", "GET", "requirepass"}), std::string("*0\r\n"));
    QCOMPARE(c.call({"CONFIG", "SET", "save", ""}),
             std::string("-ERR unknown subcommand 'SET'. Try CONFIG HELP.\r\n"));
  }

  void answersAfterTheSessionIsGoneAreDropped() {
    FakeBackend backend;
    backend.deferred = true;
    auto session = cats::RespSession::create(backend, {});
    session->receive(cmd({"GET", "k"}));
    session.reset();
    backend.releaseAll();  // must not touch the destroyed session
    QCOMPARE(backend.waiting(), std::size_t(0));
  }
};

QTEST_GUILESS_MAIN(tst_RespCommands)
#include "tst_resp_commands.moc"
