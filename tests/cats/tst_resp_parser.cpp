// RespParser on byte streams shaped as redis-cli, redis-benchmark and people
// at a telnet prompt send them: arrays of bulk strings, pipelined batches
// split at every byte boundary, inline commands with quotes, and the
// malformed or oversized input the server must refuse.
#include <QTest>

#include "cats/resp/resp_parser.h"

using namespace catslab::cats;
using Commands = std::vector<std::vector<std::string>>;

Q_DECLARE_METATYPE(std::string)

namespace {

std::string bulkArray(const std::vector<std::string>& args) {
  std::string s = "*" + std::to_string(args.size()) + "\r\n";
  for (const auto& a : args) s += "$" + std::to_string(a.size()) + "\r\n" + a + "\r\n";
  return s;
}

// Everything the parser yields for `pieces` fed one after another; the
// error (if any) ends the list.
Commands parseAll(const std::vector<std::string_view>& pieces, std::string* error = nullptr,
                  RespLimits limits = {}) {
  RespParser parser(limits);
  Commands out;
  for (auto piece : pieces) {
    parser.feed(piece);
    while (true) {
      RespParse r = parser.next();
      if (r.kind == RespParse::Kind::NeedMore) break;
      if (r.kind == RespParse::Kind::Error) {
        if (error) *error = r.error;
        return out;
      }
      out.push_back(r.args);
    }
  }
  return out;
}

// What redis-benchmark -t set,get -P 16 writes: 16 SETs in one write.
std::string benchmarkBatch(const std::string& command, Commands& expected) {
  std::string batch;
  for (int i = 0; i < 16; ++i) {
    std::vector<std::string> args = {command, "key:" + std::to_string(100000000000 + i)};
    if (command == "SET") args.push_back("VXK");
    batch += bulkArray(args);
    expected.push_back(args);
  }
  return batch;
}

}  // namespace

class tst_RespParser : public QObject {
  Q_OBJECT

 private slots:
  void redisCliArray() {
    // Captured from redis-cli 7.0 `redis-cli set a b`.
    const Commands got = parseAll({"*3\r\n$3\r\nset\r\n$1\r\na\r\n$1\r\nb\r\n"});
    QCOMPARE(got, (Commands{{"set", "a", "b"}}));
  }

  void bulkStringsAreBinarySafe() {
    const std::string value("bin\0ary\r\n$3\r\n\xff", 14);
    const Commands got = parseAll({bulkArray({"SET", "k\r\nx", value})});
    QCOMPARE(got, (Commands{{"SET", "k\r\nx", value}}));
    QCOMPARE(got[0][2].size(), std::size_t(14));
  }

  void pipelinedBatchSplitAtEveryByte() {
    Commands expected;
    std::string stream = benchmarkBatch("SET", expected);
    stream += benchmarkBatch("GET", expected);
    stream += "PING\r\n" + bulkArray({"ECHO", ""});
    expected.push_back({"PING"});
    expected.push_back({"ECHO", ""});
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
      const std::string_view s(stream);
      const Commands got = parseAll({s.substr(0, cut), s.substr(cut)});
      if (got != expected) QFAIL(qPrintable(QStringLiteral("split at byte %1").arg(cut)));
    }
    std::vector<std::string_view> bytes;
    for (std::size_t i = 0; i < stream.size(); ++i)
      bytes.push_back(std::string_view(stream).substr(i, 1));
    QCOMPARE(parseAll(bytes), expected);
  }

  void inlineCommands_data() {
    QTest::addColumn<std::string>("line");
    QTest::addColumn<Commands>("expected");
    QTest::newRow("telnet") << std::string("PING\r\n") << Commands{{"PING"}};
    QTest::newRow("bare LF") << std::string("get k\n") << Commands{{"get", "k"}};
    QTest::newRow("blanks") << std::string("  set   a\tb  \r\n") << Commands{{"set", "a", "b"}};
    QTest::newRow("double quotes")
        << std::string("set k \"a b\\n\\x41\\\"\"\r\n") << Commands{{"set", "k", "a b\nA\""}};
    QTest::newRow("single quotes")
        << std::string("set k 'it\\'s \"x\"'\r\n") << Commands{{"set", "k", "it's \"x\""}};
    QTest::newRow("empty quotes") << std::string("echo \"\"\r\n") << Commands{{"echo", ""}};
    QTest::newRow("empty lines skipped")
        << std::string("\r\n\n  \r\nPING\r\n") << Commands{{"PING"}};
    QTest::newRow("empty arrays skipped")
        << std::string("*0\r\n*-1\r\nPING\r\n") << Commands{{"PING"}};
  }
  void inlineCommands() {
    QFETCH(std::string, line);
    QFETCH(Commands, expected);
    std::string error;
    QCOMPARE(parseAll({line}, &error), expected);
    QCOMPARE(error, std::string());
  }

  void malformedInput_data() {
    QTest::addColumn<std::string>("input");
    QTest::addColumn<std::string>("error");
    QTest::newRow("count not a number")
        << std::string("*x\r\n") << std::string("invalid multibulk length");
    QTest::newRow("not a bulk") << std::string("*1\r\n:1\r\n")
                                << std::string("expected '$', got ':'");
    QTest::newRow("binary junk") << std::string("*1\r\n\x01")
                                 << std::string("expected '$', got '\\x01'");
    QTest::newRow("negative bulk")
        << std::string("*1\r\n$-5\r\n") << std::string("invalid bulk length");
    QTest::newRow("bulk not a number")
        << std::string("*1\r\n$abc\r\n") << std::string("invalid bulk length");
    QTest::newRow("no CRLF after bulk")
        << std::string("*1\r\n$3\r\nabcXY")
        << std::string("expected CRLF after a bulk string of 3 bytes");
    QTest::newRow("header without CR")
        << std::string("*1\n") << std::string("expected CRLF at the end of a line");
    QTest::newRow("unbalanced quotes")
        << std::string("set k \"abc\r\n") << std::string("unbalanced quotes in request");
    QTest::newRow("text after quote")
        << std::string("set k \"a\"b\r\n") << std::string("unbalanced quotes in request");
    QTest::newRow("inline too long")
        << std::string(64 * 1024 + 1, 'a') << std::string("too big inline request");
    QTest::newRow("bulk count too long")
        << "*1\r\n$" + std::string(100, '1') << std::string("too big bulk count string");
  }
  void malformedInput() {
    QFETCH(std::string, input);
    QFETCH(std::string, error);
    std::string got;
    parseAll({input}, &got);
    QCOMPARE(got, error);
  }

  void limitsRefuseBeforeBuffering() {
    RespLimits limits;
    limits.maxBulkLength = 1024;
    limits.maxArrayLength = 8;
    std::string error;
    // Only the header has arrived: the error comes before any payload.
    parseAll({"*2\r\n$3\r\nSET\r\n$1025\r\n"}, &error, limits);
    QCOMPARE(error, std::string("a bulk string of 1025 bytes is over the limit of 1024"));
    const std::string exact = bulkArray({"SET", std::string(1024, 'v')});
    QCOMPARE(parseAll({exact}, &error, limits).size(), std::size_t(1));
    error.clear();
    parseAll({"*9\r\n"}, &error, limits);
    QCOMPARE(error, std::string("a command of 9 arguments is over the limit of 8"));
  }

  void errorsAreSticky() {
    RespParser parser;
    parser.feed("PING\r\n*1\r\n$x\r\n");
    QCOMPARE(parser.next().kind, RespParse::Kind::Command);
    QCOMPARE(parser.next().error, std::string("invalid bulk length"));
    parser.feed("PING\r\n");
    const RespParse again = parser.next();
    QCOMPARE(again.kind, RespParse::Kind::Error);
    QCOMPARE(again.error, std::string("invalid bulk length"));
    QCOMPARE(parser.buffered(), std::size_t(0));
  }

  void consumedBytesAreReleased() {
    RespParser parser;
    std::size_t commands = 0;
    for (int i = 0; i < 10000; ++i) {
      parser.feed(bulkArray({"SET", "k", std::string(100, 'x')}));
      while (parser.next().kind == RespParse::Kind::Command) ++commands;
      QCOMPARE(parser.buffered(), std::size_t(0));
    }
    QCOMPARE(commands, std::size_t(10000));
  }
};

QTEST_GUILESS_MAIN(tst_RespParser)
#include "tst_resp_parser.moc"
