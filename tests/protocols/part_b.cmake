# Part-B protocol suites: cyclon, gossip, chord, onehop, bootstrap. They run
# on the real simulator (catslab::sim::Simulation) through sim_suite.h, with
# every message round-tripped through its wire codec (catslab_net registry).
# Each property suite runs 200 seeds (plus sim_suite.h regressionSeeds())
# under label `protocols` and, under label `long`, 10,000 seeds from a base
# drawn fresh each run and printed first (same executable, CATSLAB_SEEDS in the environment; the
# QtTest watchdog, 300 s per function by default, gets the ctest timeout).
function(catslab_partb_test name)
  catslab_add_qtest(NAME ${name} SOURCES ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp
    ${CMAKE_CURRENT_LIST_DIR}/sim_suite.h
    LIBS catslab_runtime catslab_sim catslab_net LABELS protocols)
  catslab_link_stacks(${name})
  set_target_properties(${name} PROPERTIES AUTOMOC ON)
  add_test(NAME ${name}_long COMMAND ${name})
  set_tests_properties(${name}_long PROPERTIES LABELS "protocols;long" TIMEOUT 7200
    ENVIRONMENT "CATSLAB_SEEDS=10000;QT_QPA_PLATFORM=offscreen;QTEST_FUNCTION_TIMEOUT=7200000")
endfunction()

foreach(t tst_chord tst_bootstrap tst_cyclon tst_gossip tst_onehop)
  catslab_partb_test(${t})
endforeach()
