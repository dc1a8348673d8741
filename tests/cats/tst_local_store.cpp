// The LocalStore contract (cats/store/local_store.h), run against both
// implementations: what a CATS component relies on — exact values, key
// order per slice, reads that see staged writes, and after a crash exactly
// what was committed. LevelDB-only behaviour (directories, a real process
// killed mid-write, fsync) is in tst_leveldb_store.
#include <QTemporaryDir>
#include <QTest>
#include <stdexcept>

#include "cats/store/leveldb_store.h"
#include "cats/store/memory_store.h"
#include "cats/store/store_params.h"

using namespace catslab::cats;

namespace {

Versioned versioned(std::uint64_t counter, std::string writer, std::string value,
                    bool tombstone = false) {
  return Versioned{Timestamp{counter, std::move(writer)}, tombstone, std::move(value)};
}

std::vector<std::string> keysOf(const std::vector<std::pair<std::string, Versioned>>& scanned) {
  std::vector<std::string> keys;
  for (const auto& entry : scanned) keys.push_back(entry.first);
  return keys;
}

// Bytes that must survive: NUL, 0xff, a newline, an empty string.
const std::string kNul("a\0b", 3);
const std::string kHigh("\xff\xfe\x00\x01", 4);

}  // namespace

class tst_local_store : public QObject {
  Q_OBJECT

  QTemporaryDir dirs_;
  int opened_ = 0;
  std::string name_;  // this test row's store: a MemoryStores name or a folder in dirs_
  QString kind_;
  std::shared_ptr<LocalStore> store_;

  // A fresh store of the row's kind.
  void openFresh() {
    QFETCH(QString, kind);
    kind_ = kind;
    name_ = "tst_local_store/" + std::to_string(++opened_);
    reopen();
  }
  // The same store again, as a restarted node finds it: the memory store by
  // its name, the LevelDB one by closing and reopening its directory.
  void reopen() {
    store_.reset();
    if (kind_ == QLatin1String("memory")) {
      store_ = MemoryStores::open(name_);
      return;
    }
    auto opened =
        LevelDbStore::open(dirs_.filePath(QString::fromStdString(name_)).toStdString(), "n1");
    // A helper cannot QVERIFY for its caller; QtTest reports the exception.
    if (!opened) throw std::runtime_error(opened.error());
    store_ = std::move(*opened);
  }
  // What a crash does: staged writes are lost, committed ones stay.
  void crashAndReopen() {
    if (kind_ == QLatin1String("memory")) MemoryStores::crash(name_);
    reopen();  // a LevelDbStore closed without commit never wrote its batch
  }
  void commit() {
    const auto s = store_->commit();
    QVERIFY2(s.isOk(), s.error().c_str());
  }
  static void kinds() {
    QTest::addColumn<QString>("kind");
    QTest::newRow("memory") << "memory";
    QTest::newRow("leveldb") << "leveldb";
  }

 private slots:
  void initTestCase() { QVERIFY(dirs_.isValid()); }
  void cleanup() {
    store_.reset();
    MemoryStores::drop("tst_local_store/");
  }

  void valuesRoundTripExactly_data() { kinds(); }
  void valuesRoundTripExactly() {
    openFresh();
    const std::vector<std::pair<std::string, Versioned>> records = {
        {kNul, versioned(1, "n1", kHigh)},
        {kHigh, versioned(UINT64_MAX, std::string("w\0x", 3), kNul)},
        {"", versioned(0, "", "")},
        {"newline\n", versioned(7, "n2", "line\nbreak")},
        {"big", versioned(3, "n3", std::string(1 << 20, '\x80'))},
        {"deleted", versioned(9, "n1", "kept bytes", true)},
    };
    for (const auto& [key, v] : records) store_->put(4, key, v);
    const auto check = [&](const char* when) {
      for (const auto& [key, v] : records) {
        const auto got = store_->get(4, key);
        QVERIFY2(got.has_value(), when);
        QVERIFY2(*got == v, when);
      }
    };
    check("staged");
    commit();
    check("committed");
    reopen();
    check("reopened");
  }

  void scanIsKeyOrderedPerSlice_data() { kinds(); }
  void scanIsKeyOrderedPerSlice() {
    openFresh();
    const std::vector<std::string> keys = {"b", "a", kNul, kHigh, "", "a\x01", "ab"};
    for (std::uint32_t slice : {0u, 1u, 2u, UINT32_MAX}) {
      for (const auto& key : keys) {
        store_->put(slice, key, versioned(slice, "n1", key + "@" + std::to_string(slice)));
      }
    }
    store_->put(1, "only-in-1", versioned(1, "n1", "x"));
    commit();
    // Bytewise order, as unsigned bytes: 0xff sorts last.
    const std::vector<std::string> sorted = {"", "a", kNul, "a\x01", "ab", "b", kHigh};
    for (std::uint32_t slice : {0u, 2u, UINT32_MAX}) {
      QCOMPARE(keysOf(store_->scan(slice)), sorted);
      QCOMPARE(store_->count(slice), sorted.size());
    }
    auto inOne = sorted;
    inOne.insert(inOne.begin() + 6, "only-in-1");
    QCOMPARE(keysOf(store_->scan(1)), inOne);
    for (const auto& [key, v] : store_->scan(UINT32_MAX)) {
      QCOMPARE(v.value, key + "@" + std::to_string(UINT32_MAX));
    }
    QCOMPARE(store_->scan(3).size(), std::size_t(0));
    QVERIFY(!store_->get(3, "a").has_value());
    QCOMPARE(store_->slices(), (std::vector<std::uint32_t>{0, 1, 2, UINT32_MAX}));
  }

  void readsSeeStagedWrites_data() { kinds(); }
  void readsSeeStagedWrites() {
    openFresh();
    store_->put(1, "a", versioned(1, "n1", "one"));
    store_->put(1, "b", versioned(1, "n1", "bee"));
    QCOMPARE(store_->staged(), std::size_t(2));
    commit();
    QCOMPARE(store_->staged(), std::size_t(0));
    QCOMPARE(store_->syncs(), std::uint64_t(1));

    store_->put(1, "a", versioned(2, "n2", "two"));
    store_->erase(1, "b");
    store_->put(1, "c", versioned(1, "n1", "sea"));
    store_->putMeta("view/1", "v1");
    QCOMPARE(store_->staged(), std::size_t(4));
    QCOMPARE(store_->get(1, "a")->value, std::string("two"));
    QVERIFY(!store_->get(1, "b").has_value());
    QCOMPARE(keysOf(store_->scan(1)), (std::vector<std::string>{"a", "c"}));
    QCOMPARE(store_->count(1), std::size_t(2));
    QCOMPARE(*store_->getMeta("view/1"), std::string("v1"));
    QCOMPARE(store_->syncs(), std::uint64_t(1));  // staging costs no sync

    commit();
    QCOMPARE(store_->syncs(), std::uint64_t(2));
    commit();  // nothing staged: no sync
    QCOMPARE(store_->syncs(), std::uint64_t(2));
    reopen();
    QCOMPARE(store_->get(1, "a")->value, std::string("two"));
    QVERIFY(!store_->get(1, "b").has_value());
    QCOMPARE(keysOf(store_->scan(1)), (std::vector<std::string>{"a", "c"}));
  }

  void eraseSliceRemovesOnlyThatSlice_data() { kinds(); }
  void eraseSliceRemovesOnlyThatSlice() {
    openFresh();
    for (int i = 0; i < 50; ++i) {
      store_->put(7, "k" + std::to_string(i), versioned(1, "n1", "v"));
      store_->put(8, "k" + std::to_string(i), versioned(1, "n1", "w"));
    }
    store_->put(6, "k", versioned(1, "n1", "u"));
    store_->putMeta("view/7", "seven");
    commit();
    store_->put(7, "staged", versioned(2, "n1", "s"));  // staged, then erased with the slice
    store_->eraseSlice(7);
    store_->put(7, "after", versioned(3, "n1", "a"));  // staged after the erase: kept
    QCOMPARE(keysOf(store_->scan(7)), std::vector<std::string>{"after"});
    QCOMPARE(store_->count(8), std::size_t(50));
    commit();
    reopen();
    QCOMPARE(keysOf(store_->scan(7)), std::vector<std::string>{"after"});
    QCOMPARE(store_->count(8), std::size_t(50));
    QCOMPARE(store_->get(6, "k")->value, std::string("u"));
    QCOMPARE(*store_->getMeta("view/7"), std::string("seven"));

    store_->eraseSlice(7);
    QCOMPARE(store_->slices(), (std::vector<std::uint32_t>{6, 8}));
    commit();
    reopen();
    QCOMPARE(store_->slices(), (std::vector<std::uint32_t>{6, 8}));
    QCOMPARE(store_->count(7), std::size_t(0));
  }

  void metadataScansByPrefix_data() { kinds(); }
  void metadataScansByPrefix() {
    openFresh();
    const std::string highPrefix("p\xff", 2);
    store_->putMeta("view/2", "b");
    store_->putMeta("view/10", "c");
    store_->putMeta("view/1", "a");
    store_->putMeta("view", "bare");
    store_->putMeta("viex/1", "next door");
    store_->putMeta("paxos/1", std::string("\0acc", 4));
    store_->putMeta(highPrefix + "\xff", "x");
    store_->putMeta(highPrefix, "y");
    store_->putMeta("q", "z");
    using Records = std::vector<std::pair<std::string, std::string>>;
    const Records views = {{"view/1", "a"}, {"view/10", "c"}, {"view/2", "b"}};
    QCOMPARE(store_->scanMeta("view/"), views);
    QCOMPARE(store_->scanMeta(highPrefix),
             (Records{{highPrefix, "y"}, {highPrefix + "\xff", "x"}}));
    QCOMPARE(store_->scanMeta("").size(), std::size_t(9));
    QVERIFY(store_->slices().empty());  // metadata is not data
    commit();
    store_->eraseMeta("view/10");
    QCOMPARE(store_->scanMeta("view/"), (Records{{"view/1", "a"}, {"view/2", "b"}}));
    commit();
    reopen();
    QCOMPARE(store_->scanMeta("view/"), (Records{{"view/1", "a"}, {"view/2", "b"}}));
    QCOMPARE(*store_->getMeta("paxos/1"), std::string("\0acc", 4));
    QVERIFY(!store_->getMeta("view/10").has_value());
    QVERIFY(!store_->getMeta("absent").has_value());
  }

  // The reason commit() exists: a component sends only after committing, and
  // a crash loses exactly the writes it had not committed.
  void crashKeepsExactlyTheCommittedWrites_data() { kinds(); }
  void crashKeepsExactlyTheCommittedWrites() {
    openFresh();
    store_->put(1, "kept", versioned(1, "n1", "old"));
    store_->put(1, "erased", versioned(1, "n1", "e"));
    store_->put(2, "other", versioned(1, "n1", "o"));
    store_->putMeta("view/1", "committed");
    commit();
    store_->put(1, "kept", versioned(2, "n1", "new"));
    store_->put(1, "lost", versioned(1, "n1", "l"));
    store_->erase(1, "erased");
    store_->eraseSlice(2);
    store_->putMeta("view/1", "uncommitted");
    store_->putMeta("paxos/1", "uncommitted");
    crashAndReopen();
    QCOMPARE(store_->staged(), std::size_t(0));
    QCOMPARE(*store_->get(1, "kept"), versioned(1, "n1", "old"));
    QVERIFY(!store_->get(1, "lost").has_value());
    QCOMPARE(store_->get(1, "erased")->value, std::string("e"));
    QCOMPARE(store_->get(2, "other")->value, std::string("o"));
    QCOMPARE(*store_->getMeta("view/1"), std::string("committed"));
    QVERIFY(!store_->getMeta("paxos/1").has_value());
    QCOMPARE(store_->slices(), (std::vector<std::uint32_t>{1, 2}));
  }

  void memoryStoresAreSharedByName() {
    const auto a = MemoryStores::open("tst_local_store/shared/a");
    QCOMPARE(MemoryStores::open("tst_local_store/shared/a").get(), a.get());
    QVERIFY(MemoryStores::open("tst_local_store/shared/b").get() != a.get());
    a->put(1, "k", versioned(1, "n1", "v"));
    QVERIFY(a->commit().isOk());
    QCOMPARE(MemoryStores::open("tst_local_store/shared/a")->get(1, "k")->value, std::string("v"));
    QCOMPARE(MemoryStores::crash("tst_local_store/shared/none"), std::size_t(0));
    QCOMPARE(MemoryStores::drop("tst_local_store/shared/"), std::size_t(2));
    QVERIFY(!MemoryStores::open("tst_local_store/shared/a")->get(1, "k").has_value());
    QCOMPARE(a->get(1, "k")->value, std::string("v"));  // a holder keeps its store
  }

  void storeParametersChooseTheStore_data() {
    QTest::addColumn<QString>("store");
    QTest::addColumn<QString>("dataDir");
    QTest::addColumn<QString>("error");  // empty: accepted
    QTest::newRow("default") << ""
                             << ""
                             << "";
    QTest::newRow("memory") << "memory"
                            << ""
                            << "";
    QTest::newRow("leveldb") << "leveldb"
                             << "dir"
                             << "";
    QTest::newRow("leveldb without dir") << "leveldb"
                                         << ""
                                         << "parameter 'data_dir': store=leveldb needs";
    QTest::newRow("unknown store") << "rocksdb"
                                   << ""
                                   << "parameter 'store': expected 'memory' or 'leveldb', "
                                      "got 'rocksdb'";
    QTest::newRow("memory with dir") << "memory"
                                     << "dir"
                                     << "parameter 'data_dir': given, but store=memory";
  }
  void storeParametersChooseTheStore() {
    QFETCH(QString, store);
    QFETCH(QString, dataDir);
    QFETCH(QString, error);
    std::map<std::string, std::string> params;
    if (!store.isEmpty()) params["store"] = store.toStdString();
    if (!dataDir.isEmpty()) params["data_dir"] = dirs_.filePath(dataDir).toStdString();
    const auto parsed = storeParams(params);
    if (!error.isEmpty()) {
      QVERIFY(!parsed);
      QVERIFY2(QString::fromStdString(parsed.error()).startsWith(error), parsed.error().c_str());
      return;
    }
    QVERIFY2(parsed.isOk(), parsed.error().c_str());
    auto opened = openStore(*parsed, "n1", "tst_local_store/params");
    QVERIFY2(opened.isOk(), opened.error().c_str());
    const bool isLevelDb = dynamic_cast<LevelDbStore*>(opened->get()) != nullptr;
    QCOMPARE(isLevelDb, store == QLatin1String("leveldb"));
  }
};

QTEST_GUILESS_MAIN(tst_local_store)
#include "tst_local_store.moc"
