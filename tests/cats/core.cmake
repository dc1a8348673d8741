# The store's property suite on the simulator (label cats; 200 seeds per
# scenario, 10,000 under label long).
catslab_add_qtest(NAME tst_cats SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_cats.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cats_sim.h
  LIBS catslab_sim catslab_net catslab_linearizability LABELS cats TIMEOUT 1200 SANITIZER_SEEDS 2)
catslab_link_stacks(tst_cats)
set_target_properties(tst_cats PROPERTIES AUTOMOC ON)
add_test(NAME tst_cats_long COMMAND tst_cats)
set_tests_properties(tst_cats_long PROPERTIES LABELS "cats;long" TIMEOUT 36000
  ENVIRONMENT "CATSLAB_SEEDS=10000;QT_QPA_PLATFORM=offscreen;QTEST_FUNCTION_TIMEOUT=36000000")
catslab_add_qtest(NAME tst_cats_tombstones SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_cats_tombstones.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cats_sim.h LIBS catslab_sim catslab_net catslab_linearizability
  LABELS cats TIMEOUT 600 SANITIZER_SEEDS 5)
catslab_link_stacks(tst_cats_tombstones)
set_target_properties(tst_cats_tombstones PROPERTIES AUTOMOC ON)
catslab_add_qtest(NAME tst_cats_console SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_cats_console.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cats_sim.h LIBS catslab_sim catslab_net catslab_linearizability
  LABELS cats)
catslab_link_stacks(tst_cats_console)
set_target_properties(tst_cats_console PROPERTIES AUTOMOC ON)
# CATS client operations in the trace, decided by catslab-check (needs the binary).
catslab_add_qtest(NAME tst_cats_trace SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_cats_trace.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cats_sim.h LIBS catslab_sim catslab_net catslab_linearizability
  LABELS cats)
catslab_link_stacks(tst_cats_trace)
set_target_properties(tst_cats_trace PROPERTIES AUTOMOC ON)
add_dependencies(tst_cats_trace catslab-check)
