// LevelDbStore beyond the shared contract: what an operator sees when a
// data directory is wrong (another node's, another program's, damaged) —
// a clear error naming the path and nothing changed on disk — and what a
// node killed with SIGKILL finds when it restarts: exactly its commits.
// Each check that could pass vacuously is also run against a deliberately
// broken store (LevelDbOptions::broken*) to show that it fails.
#include <leveldb/db.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QDirIterator>
#include <QTemporaryDir>
#include <QTest>
#include <map>

#include "cats/store/leveldb_format.h"
#include "cats/store/leveldb_store.h"

using namespace catslab::cats;

namespace {

Versioned versioned(std::uint64_t counter, std::string value) {
  return Versioned{Timestamp{counter, "n1"}, false, std::move(value)};
}

// --- the crashing child ------------------------------------------------------
// It commits kCommitted keys in rounds, stages more writes, and kills itself
// with SIGKILL before committing them. Values are large enough (6.4 MB in
// all) that LevelDB flushes its memtable to a table while the child runs.
constexpr int kRounds = 4;
constexpr int kPerRound = 10;
constexpr int kCommitted = kRounds * kPerRound;
constexpr int kStaged = 10;

std::string crashKey(int i) { return "key" + std::to_string(i); }
std::string crashValue(int i) { return std::string(160 * 1024, static_cast<char>('a' + i % 26)); }

[[noreturn]] void runCrashChild(const std::string& dir, bool writeThrough) {
  LevelDbOptions options;
  options.brokenWriteThrough = writeThrough;
  auto store = LevelDbStore::open(dir, "n1", options);
  if (!store) _exit(3);
  for (int i = 0; i < kCommitted; ++i) {
    (*store)->put(1, crashKey(i), versioned(1, crashValue(i)));
    if ((i + 1) % kPerRound == 0 && !(*store)->commit().isOk()) _exit(4);
  }
  for (int i = kCommitted; i < kCommitted + kStaged; ++i) {
    (*store)->put(1, crashKey(i), versioned(1, crashValue(i)));
  }
  (*store)->put(1, crashKey(0), versioned(2, "overwritten"));
  (*store)->putMeta("view/1", "uncommitted");
  ::kill(::getpid(), SIGKILL);
  _exit(5);
}

// Starts this test program again as the crashing child (a fresh process:
// LevelDB's background thread does not survive a bare fork) and waits for
// it. Returns what is wrong with the store afterwards; empty if nothing.
QString crashAndCheck(const std::string& dir, bool writeThrough) {
  char self[4096];
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return QStringLiteral("cannot find this program");
  self[n] = '\0';
  std::string mode = writeThrough ? "write-through" : "normal";
  std::string flag = "--crash-child";
  std::string dirArg = dir;
  char* argv[] = {self, flag.data(), dirArg.data(), mode.data(), nullptr};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execv(self, argv);
    _exit(127);
  }
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid) return QStringLiteral("fork/wait failed");
  if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
    return QStringLiteral("the child did not die by SIGKILL (status %1)").arg(status);
  }

  auto store = LevelDbStore::open(dir, "n1");
  if (!store) return QString::fromStdString("reopen failed: " + store.error());
  QStringList problems;
  const auto first = (*store)->get(1, crashKey(0));
  if (!first || *first != versioned(1, crashValue(0))) {
    problems << QStringLiteral("key0 lost its committed value (uncommitted overwrite kept?)");
  }
  for (int i = 1; i < kCommitted; ++i) {
    const auto v = (*store)->get(1, crashKey(i));
    if (!v || *v != versioned(1, crashValue(i)))
      problems << QStringLiteral("committed key%1 lost").arg(i);
  }
  for (int i = kCommitted; i < kCommitted + kStaged; ++i) {
    if ((*store)->get(1, crashKey(i))) problems << QStringLiteral("uncommitted key%1 kept").arg(i);
  }
  if ((*store)->getMeta("view/1")) problems << QStringLiteral("uncommitted metadata kept");
  if ((*store)->count(1) != kCommitted) {
    problems << QStringLiteral("%1 keys, expected %2").arg((*store)->count(1)).arg(kCommitted);
  }
  return problems.join(QStringLiteral("; "));
}

// --- file snapshots ----------------------------------------------------------
// Every file under `path` (or the file itself) with its bytes.
std::map<QString, QByteArray> snapshot(const QString& path) {
  std::map<QString, QByteArray> files;
  const auto add = [&files](const QString& file) {
    QFile f(file);
    files[file] = f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
  };
  if (QFileInfo(path).isFile()) {
    add(path);
    return files;
  }
  QDirIterator it(path, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot,
                  QDirIterator::Subdirectories);
  while (it.hasNext()) add(it.next());
  return files;
}

void writeFile(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
  f.write(bytes);
}

QString onlyFile(const QString& dir, const QString& pattern) {
  const auto names = QDir(dir).entryList({pattern}, QDir::Files);
  return names.size() == 1 ? QDir(dir).filePath(names.front()) : QString();
}

// A store of node n1 in `dir` with committed data, closed.
void makeStore(const QString& dir) {
  auto store = LevelDbStore::open(dir.toStdString(), "n1");
  QVERIFY2(store.isOk(), store.error().c_str());
  for (int i = 0; i < 100; ++i) {
    (*store)->put(i % 3, "k" + std::to_string(i), versioned(1, std::string(100, 'v')));
  }
  (*store)->putMeta("view/0", "members");
  QVERIFY((*store)->commit().isOk());
}

}  // namespace

class tst_leveldb_store : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  int dirs_ = 0;
  QString freshPath() { return tmp_.filePath(QStringLiteral("d%1").arg(++dirs_)); }

 private slots:
  void initTestCase() { QVERIFY(tmp_.isValid()); }

  void newDirectoryIsCreatedWithItsMarker() {
    const QString dir = freshPath() + QStringLiteral("/nested/node1");
    auto store = LevelDbStore::open(dir.toStdString(), "n1");
    QVERIFY2(store.isOk(), store.error().c_str());
    QFile marker(dir + QStringLiteral("/CATS_STORE"));
    QVERIFY(marker.open(QIODevice::ReadOnly));
    QCOMPARE(marker.readAll(), QByteArray("catslab-cats-store 1\nnode n1\n"));
    QVERIFY(QFileInfo::exists(dir + QStringLiteral("/CURRENT")));
  }

  // A directory refused is refused before LevelDB touches it: every file
  // keeps its bytes, and the message names the path and the reason.
  void badDirectoryIsRefusedUntouched_data() {
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("node");
    QTest::addColumn<QString>("reason");
    QTest::newRow("another node") << "none"
                                  << "n2"
                                  << "belongs to node 'n1', not to 'n2'";
    QTest::newRow("garbage in CURRENT") << "current-garbage"
                                        << "n1"
                                        << "LevelDB cannot open the store: Corruption";
    QTest::newRow("CURRENT names a missing MANIFEST") << "current-missing"
                                                      << "n1"
                                                      << "LevelDB cannot open the store: ";
    QTest::newRow("garbage MANIFEST") << "manifest-garbage"
                                      << "n1"
                                      << "LevelDB cannot open the store: Corruption";
    QTest::newRow("damaged log record") << "log-damaged"
                                        << "n1"
                                        << "LevelDB cannot open the store: Corruption";
    QTest::newRow("CURRENT removed") << "current-removed"
                                     << "n1"
                                     << "CURRENT is missing";
    QTest::newRow("marker of another format")
        << "marker-v2"
        << "n1"
        << "store format version 2, this build reads version 1";
    QTest::newRow("garbage marker") << "marker-garbage"
                                    << "n1"
                                    << "CATS_STORE: not a CATS store marker";
    QTest::newRow("another program's directory")
        << "foreign"
        << "n1"
        << "is not empty and is not a CATS store (it holds 'notes.txt'";
    QTest::newRow("LevelDB of another program")
        << "foreign-leveldb"
        << "n1"
        << "holds a LevelDB database that is not a CATS store";
    QTest::newRow("plain file") << "plain-file"
                                << "n1"
                                << "not a directory";
  }
  void badDirectoryIsRefusedUntouched() {
    QFETCH(QString, damage);
    QFETCH(QString, node);
    QFETCH(QString, reason);
    const QString dir = freshPath();
    if (damage == QLatin1String("plain-file")) {
      writeFile(dir, "not a directory\n");
    } else if (damage == QLatin1String("foreign")) {
      QVERIFY(QDir().mkpath(dir + QStringLiteral("/photos")));
      writeFile(dir + QStringLiteral("/notes.txt"), "mine\n");
    } else if (damage == QLatin1String("foreign-leveldb")) {
      leveldb::Options o;
      o.create_if_missing = true;
      leveldb::DB* raw = nullptr;
      QVERIFY(leveldb::DB::Open(o, dir.toStdString(), &raw).ok());
      std::unique_ptr<leveldb::DB> db(raw);
      QVERIFY(db->Put({}, "their-key", "their-value").ok());
    } else {
      makeStore(dir);
      const QString current = dir + QStringLiteral("/CURRENT");
      const QString marker = dir + QStringLiteral("/CATS_STORE");
      if (damage == QLatin1String("current-garbage")) writeFile(current, "garbage");
      if (damage == QLatin1String("current-missing")) writeFile(current, "MANIFEST-999999\n");
      if (damage == QLatin1String("current-removed")) QVERIFY(QFile::remove(current));
      if (damage == QLatin1String("manifest-garbage")) {
        writeFile(onlyFile(dir, QStringLiteral("MANIFEST-*")), QByteArray(300, '\x5a'));
      }
      if (damage == QLatin1String("log-damaged")) {
        QFile log(onlyFile(dir, QStringLiteral("*.log")));
        QVERIFY(log.open(QIODevice::ReadWrite));
        QVERIFY(log.size() > 200);
        log.seek(100);
        log.write(QByteArray(16, 'X'));
      }
      if (damage == QLatin1String("marker-v2")) {
        writeFile(marker, "catslab-cats-store 2\nnode n1\n");
      }
      if (damage == QLatin1String("marker-garbage")) writeFile(marker, "hello\n");
    }
    const auto before = snapshot(dir);
    QVERIFY(!before.empty());

    auto store = LevelDbStore::open(dir.toStdString(), node.toStdString());
    QVERIFY2(!store.isOk(), "a bad directory was accepted");
    const QString error = QString::fromStdString(store.error());
    QVERIFY2(error.startsWith(dir), qPrintable(error));
    QVERIFY2(error.contains(reason), qPrintable(error));
    QVERIFY2(snapshot(dir) == before, "a refused directory was changed");
  }

  void theOwnerStillOpensAfterARefusal() {
    const QString dir = freshPath();
    makeStore(dir);
    QVERIFY(!LevelDbStore::open(dir.toStdString(), "n2").isOk());
    auto store = LevelDbStore::open(dir.toStdString(), "n1");
    QVERIFY2(store.isOk(), store.error().c_str());
    QCOMPARE((*store)->count(0) + (*store)->count(1) + (*store)->count(2), std::size_t(100));
  }

  void aDirectoryInUseIsRefused() {
    const QString dir = freshPath();
    auto first = LevelDbStore::open(dir.toStdString(), "n1");
    QVERIFY2(first.isOk(), first.error().c_str());
    auto second = LevelDbStore::open(dir.toStdString(), "n1");
    QVERIFY(!second.isOk());
    QVERIFY2(QString::fromStdString(second.error()).contains(QStringLiteral("another node")),
             second.error().c_str());
  }

  // The first open wrote the marker and died before LevelDB created the
  // database: nothing to lose, so the next open finishes the job.
  void anInterruptedCreationIsCompleted() {
    const QString dir = freshPath();
    QVERIFY(QDir().mkpath(dir));
    writeFile(dir + QStringLiteral("/CATS_STORE"), "catslab-cats-store 1\nnode n1\n");
    auto store = LevelDbStore::open(dir.toStdString(), "n1");
    QVERIFY2(store.isOk(), store.error().c_str());
  }

  void aCorruptRecordIsAnErrorNotAValue() {
    const QString dir = freshPath();
    makeStore(dir);
    {
      leveldb::DB* raw = nullptr;
      QVERIFY(leveldb::DB::Open(leveldb::Options(), dir.toStdString(), &raw).ok());
      std::unique_ptr<leveldb::DB> db(raw);
      QVERIFY(db->Put({}, leveldb_format::dataKey(5, "bad"), "short").ok());
    }
    auto store = LevelDbStore::open(dir.toStdString(), "n1");
    QVERIFY2(store.isOk(), store.error().c_str());
    QVERIFY_THROWS_EXCEPTION(StoreError, (*store)->get(5, "bad"));
    try {
      (void)(*store)->scan(5);
      QFAIL("scan of a corrupt record returned");
    } catch (const StoreError& e) {
      const QString what = QString::fromUtf8(e.what());
      QVERIFY2(what.startsWith(dir) && what.contains(QStringLiteral("corrupt record")), e.what());
    }
  }

  void decodeRejectsDamagedRecords_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("reason");
    QTest::newRow("short") << QByteArray("\0\0\0", 3) << "shorter than its 13-byte header";
    QTest::newRow("flags") << QByteArray(13, '\x07') << "unknown flags 7";
    QByteArray longWriter(13, '\0');
    longWriter[12] = 5;  // writer length 5, no bytes follow
    QTest::newRow("writer length") << longWriter << "writer length 5 exceeds the record";
  }
  void decodeRejectsDamagedRecords() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, reason);
    const auto v = leveldb_format::decodeValue(std::string_view(bytes.data(), bytes.size()));
    QVERIFY(!v.isOk());
    QVERIFY2(QString::fromStdString(v.error()).contains(reason), v.error().c_str());
  }

  // SIGKILL with writes staged: the restarted node finds exactly its commits.
  // Broken variant: writes that reach LevelDB before commit survive the
  // crash, and the check says so.
  void sigkillKeepsExactlyTheCommits_data() {
    QTest::addColumn<bool>("broken");
    QTest::newRow("store") << false;
    QTest::newRow("broken: write-through") << true;
  }
  void sigkillKeepsExactlyTheCommits() {
    QFETCH(bool, broken);
    const QString problems = crashAndCheck(freshPath().toStdString(), broken);
    if (!broken) {
      QVERIFY2(problems.isEmpty(), qPrintable(problems));
    } else {
      QVERIFY2(problems.contains(QStringLiteral("uncommitted key40 kept")), qPrintable(problems));
    }
  }

  // A process kill cannot tell a synced write from one left in the page
  // cache, so the fsync is checked where it happens: below LevelDB, on its
  // write-ahead log. Broken variant: commits without sync.
  void commitSyncsTheLogOnce_data() {
    QTest::addColumn<bool>("broken");
    QTest::newRow("store") << false;
    QTest::newRow("broken: no sync") << true;
  }
  void commitSyncsTheLogOnce() {
    QFETCH(bool, broken);
    LevelDbOptions options;
    options.brokenNoSync = broken;
    auto opened = LevelDbStore::open(freshPath().toStdString(), "n1", options);
    QVERIFY2(opened.isOk(), opened.error().c_str());
    LevelDbStore& store = **opened;
    QStringList problems;
    for (int round = 0; round < 3; ++round) {
      const auto before = store.logSyncs();
      for (int i = 0; i < 8; ++i) store.put(1, "k" + std::to_string(i), versioned(round, "v"));
      store.putMeta("view/1", "v");
      if (store.logSyncs() != before) problems << QStringLiteral("staging synced");
      QVERIFY(store.commit().isOk());
      if (store.logSyncs() != before + 1) {
        problems << QStringLiteral("a commit did %1 log fsyncs").arg(store.logSyncs() - before);
      }
      QVERIFY(store.commit().isOk());  // nothing staged
      if (store.logSyncs() != before + 1) problems << QStringLiteral("an empty commit synced");
    }
    QCOMPARE(store.syncs(), std::uint64_t(3));
    if (!broken) {
      QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
    } else {
      QVERIFY2(problems.contains(QStringLiteral("a commit did 0 log fsyncs")),
               qPrintable(problems.join(QStringLiteral("; "))));
    }
  }
};

int main(int argc, char** argv) {
  if (argc == 4 && std::string_view(argv[1]) == "--crash-child") {
    runCrashChild(argv[2], std::string_view(argv[3]) == "write-through");
  }
  QCoreApplication app(argc, argv);
  tst_leveldb_store test;
  QTEST_SET_MAIN_SOURCE_PATH
  return QTest::qExec(&test, argc, argv);
}

#include "tst_leveldb_store.moc"
