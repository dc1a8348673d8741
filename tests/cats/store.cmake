# The local store (cats/store, issue 10): the LocalStore contract on both
# implementations, and LevelDB's directory checks, crash recovery and fsync.
catslab_add_qtest(NAME tst_local_store SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_local_store.cpp
  LIBS catslab_cats Qt6::Core LABELS cats)
catslab_add_qtest(NAME tst_leveldb_store SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_leveldb_store.cpp
  LIBS catslab_cats leveldb::leveldb Qt6::Core LABELS cats)
set_target_properties(tst_local_store tst_leveldb_store PROPERTIES AUTOMOC ON)
