// Reading client operations from a trace written with the protobuf API.
#include <google/protobuf/util/delimited_message_util.h>

#include <QTest>
#include <sstream>

#include "protocols/linearizability/checker.h"
#include "protocols/linearizability/history/trace_reader.h"
#include "runtime/proto/trace.pb.h"

using namespace catslab::checker;
using catslab::trace::ClientOp;
using catslab::trace::Record;

namespace {

class TraceWriter {
 public:
  void header() {
    Record r;
    r.set_seq(seq_++);
    r.mutable_header()->set_format("catslab-trace/1");
    write(r);
  }
  void op(ClientOp::Phase phase, std::uint64_t id, const std::string& op, const std::string& key,
          const std::string& value, const std::string& expected = {}) {
    Record r;
    r.set_seq(seq_);
    r.set_time_ns(static_cast<std::int64_t>(seq_) * 1000);
    ++seq_;
    ClientOp* c = r.mutable_client_op();
    c->set_phase(phase);
    c->set_op_id(id);
    c->set_client("c" + std::to_string(id % 3));
    c->set_op(op);
    c->set_key(key);
    c->set_value(value);
    c->set_expected(expected);
    write(r);
  }
  void log() {
    Record r;
    r.set_seq(seq_++);
    r.mutable_log()->set_text("noise");
    write(r);
  }
  std::string bytes() const { return out_.str(); }

 private:
  void write(const Record& r) {
    QVERIFY(google::protobuf::util::SerializeDelimitedToOstream(r, &out_));
  }
  std::ostringstream out_;
  std::uint64_t seq_ = 0;
};

Result<History> readBytes(const std::string& bytes) {
  std::istringstream in(bytes);
  return readTraceHistory(in, "t.trace");
}

}  // namespace

class tst_lin_trace : public QObject {
  Q_OBJECT

 private slots:
  void readsClientOps();
  void keyValueHistoryIsChecked();
  void errors_data();
  void errors();
  void truncatedFile();
};

void tst_lin_trace::readsClientOps() {
  TraceWriter w;
  w.header();
  w.op(ClientOp::INVOKE, 1, "write", "", "5");
  w.log();
  w.op(ClientOp::OK, 1, "write", "", "");
  w.op(ClientOp::INVOKE, 2, "cas", "", "6", "5");
  w.op(ClientOp::INVOKE, 3, "read", "", "");
  w.op(ClientOp::OK, 3, "read", "", "6");
  w.op(ClientOp::INFO, 2, "cas", "", "");
  w.op(ClientOp::INVOKE, 4, "write", "", "9");
  Result<History> r = readBytes(w.bytes());
  QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
  const History& h = r.value();
  QCOMPARE(h.ops.size(), std::size_t{4});
  QCOMPARE(h.ops[0].value, std::string("5"));
  QCOMPARE(h.ops[0].outcome, Outcome::Ok);
  QCOMPARE(h.ops[0].invokeTime, std::int64_t{1000});
  QCOMPARE(h.ops[1].kind, OpKind::Cas);
  QCOMPARE(h.ops[1].expected, std::string("5"));
  QCOMPARE(h.ops[1].outcome, Outcome::Unknown);
  QCOMPARE(h.ops[2].value, std::string("6"));
  QCOMPARE(h.ops[3].outcome, Outcome::Unknown);
  // The read of 6 is explained by the cas whose outcome is unknown.
  QCOMPARE(checkHistory(h).verdict, Verdict::Linearizable);
}

void tst_lin_trace::keyValueHistoryIsChecked() {
  TraceWriter w;
  w.op(ClientOp::INVOKE, 1, "put", "x", "1");
  w.op(ClientOp::OK, 1, "put", "x", "");
  w.op(ClientOp::INVOKE, 2, "put", "y", "2");
  w.op(ClientOp::OK, 2, "put", "y", "");
  w.op(ClientOp::INVOKE, 3, "get", "x", "");
  w.op(ClientOp::OK, 3, "get", "x", "1");
  w.op(ClientOp::INVOKE, 4, "get", "y", "");
  w.op(ClientOp::OK, 4, "get", "y", "1");
  Result<History> r = readBytes(w.bytes());
  QVERIFY(r.ok());
  CheckReport report = checkHistory(r.value());
  QCOMPARE(report.verdict, Verdict::NotLinearizable);
  QCOMPARE(report.violation->key, std::string("y"));
}

void tst_lin_trace::errors_data() {
  QTest::addColumn<int>("kind");
  QTest::addColumn<QString>("error");
  QTest::newRow("unknown op") << 0 << "t.trace: record 0 (byte 0): field op: unknown operation";
  QTest::newRow("completion without invoke") << 1 << "t.trace: record 0 (byte 0): field op_id";
  QTest::newRow("invoked twice") << 2 << "t.trace: record 1 (byte";
  QTest::newRow("completed twice") << 3 << "t.trace: record 2 (byte";
}

void tst_lin_trace::errors() {
  QFETCH(int, kind);
  QFETCH(QString, error);
  TraceWriter w;
  switch (kind) {
    case 0:
      w.op(ClientOp::INVOKE, 1, "incr", "", "1");
      break;
    case 1:
      w.op(ClientOp::OK, 7, "read", "", "1");
      break;
    case 2:
      w.op(ClientOp::INVOKE, 1, "read", "", "");
      w.op(ClientOp::INVOKE, 1, "read", "", "");
      break;
    case 3:
      w.op(ClientOp::INVOKE, 1, "read", "", "");
      w.op(ClientOp::OK, 1, "read", "", "");
      w.op(ClientOp::OK, 1, "read", "", "");
      break;
  }
  Result<History> r = readBytes(w.bytes());
  QVERIFY(!r.ok());
  QVERIFY2(QString::fromStdString(r.error()).startsWith(error), r.error().c_str());
}

void tst_lin_trace::truncatedFile() {
  TraceWriter w;
  w.op(ClientOp::INVOKE, 1, "write", "", "5");
  w.op(ClientOp::OK, 1, "write", "", "");
  std::string bytes = w.bytes();
  bytes.resize(bytes.size() - 3);
  Result<History> r = readBytes(bytes);
  QVERIFY(!r.ok());
  QVERIFY2(r.error().find("record 1") != std::string::npos, r.error().c_str());
  QVERIFY(r.error().find("truncated or corrupt") != std::string::npos);
}

QTEST_MAIN(tst_lin_trace)
#include "tst_lin_trace.moc"
