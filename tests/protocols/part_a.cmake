# Part-A protocol suites: fd, omega, broadcast, paxos, abd, tob, rsm. They run
# on the real simulator (catslab::sim::Simulation) through sim_suite.h, with
# every message round-tripped through its wire codec (catslab_net registry).
# Each property suite runs 200 seeds (plus sim_suite.h regressionSeeds())
# under label `protocols` and, under label `long`, 10,000 seeds from a base
# drawn fresh each run and printed first (same executable, CATSLAB_SEEDS in the environment; the
# QtTest watchdog, 300 s per function by default, gets the ctest timeout,
# since a loaded 2-core machine can stretch one long function past it).
function(catslab_parta_test name)
  catslab_add_qtest(NAME ${name} SOURCES ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp
    ${CMAKE_CURRENT_LIST_DIR}/sim_suite.h
    LIBS catslab_runtime catslab_sim catslab_net catslab_linearizability ${ARGN}
    LABELS protocols)
  catslab_link_stacks(${name})
  set_target_properties(${name} PROPERTIES AUTOMOC ON)
  add_test(NAME ${name}_long COMMAND ${name})
  set_tests_properties(${name}_long PROPERTIES LABELS "protocols;long" TIMEOUT 7200
    ENVIRONMENT "CATSLAB_SEEDS=10000;QT_QPA_PLATFORM=offscreen;QTEST_FUNCTION_TIMEOUT=7200000")
endfunction()

foreach(t tst_fd tst_omega tst_broadcast tst_paxos tst_abd tst_tob tst_rsm)
  if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/${t}.cpp)
    catslab_parta_test(${t})
  endif()
endforeach()

# A malformed CATSLAB_SEEDS_MAX (the sanitizer presets' seed cap) stops a
# suite before any test runs and names the variable (sim_suite.h).
if(TARGET tst_fd)
  add_test(NAME tst_fd_bad_seeds_max COMMAND tst_fd)
  set_tests_properties(tst_fd_bad_seeds_max PROPERTIES LABELS protocols
    ENVIRONMENT "CATSLAB_SEEDS_MAX=20x;QT_QPA_PLATFORM=offscreen"
    PASS_REGULAR_EXPRESSION "CATSLAB_SEEDS_MAX='20x': expected a seed count")
endif()
