# RESP front-end suites (label cats; the real redis-cli/redis-benchmark run
# is labelled integration). Included from tests/cats/CMakeLists.txt.
set(CMAKE_AUTOMOC ON)
catslab_add_qtest(NAME tst_resp_parser SOURCES tst_resp_parser.cpp LIBS catslab_cats LABELS cats)
catslab_add_qtest(NAME tst_resp_commands SOURCES tst_resp_commands.cpp LIBS catslab_cats LABELS cats)
catslab_add_qtest(NAME tst_resp_bridge SOURCES tst_resp_bridge.cpp LIBS catslab_cats LABELS cats)
catslab_add_qtest(NAME tst_resp_server SOURCES tst_resp_server.cpp LIBS catslab_resp_server
                  LABELS cats TIMEOUT 120)
catslab_add_qtest(NAME tst_resp_redis_cli SOURCES tst_resp_redis_cli.cpp LIBS catslab_resp_server
                  LABELS integration TIMEOUT 300)
if(TARGET catslab-node)
  add_dependencies(tst_resp_redis_cli catslab-node)
endif()
foreach(t tst_resp_parser tst_resp_commands tst_resp_bridge tst_resp_server tst_resp_redis_cli)
  target_include_directories(${t} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
endforeach()
