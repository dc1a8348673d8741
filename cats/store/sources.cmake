# The local store (issue 10): MemoryStore for simulation, LevelDbStore for
# node processes. LevelDB is Debian's libleveldb-dev (shared library).
find_package(leveldb REQUIRED CONFIG GLOBAL)
target_sources(catslab_cats PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/memory_store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/leveldb_format.cpp
  ${CMAKE_CURRENT_LIST_DIR}/leveldb_dir.cpp
  ${CMAKE_CURRENT_LIST_DIR}/leveldb_env.cpp
  ${CMAKE_CURRENT_LIST_DIR}/leveldb_store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/store_params.cpp)
# PRIVATE: no LevelDB header is reachable from cats/store's headers.
target_link_libraries(catslab_cats PRIVATE leveldb::leveldb)
