# catslab_add_qtest(NAME tst_x SOURCES tst_x.cpp LIBS lib... LABELS runtime ...
#                   [TIMEOUT s] [SANITIZER_SEEDS n])
# One QtTest executable per unit, registered with CTest under its labels so
# that `ctest -L <label>` runs a library's suite. SANITIZER_SEEDS caps a
# seed-driven suite's normal run at seeds 1..n in a sanitizer tree
# (CATSLAB_SEEDS_MAX, tests/protocols/sim_suite.h), for the heaviest suites;
# the test presets cap every other suite at 20.
function(catslab_add_qtest)
  cmake_parse_arguments(ARG "" "NAME;TIMEOUT;SANITIZER_SEEDS" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  # A unity build (the sanitizer presets) merges a target's sources into one
  # file; a suite's test classes and file-local helpers are not written for
  # that, and a suite is mostly one file anyway.
  set_target_properties(${ARG_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests
    UNITY_BUILD OFF)
  target_link_libraries(${ARG_NAME} PRIVATE catslab_options Qt6::Test ${ARG_LIBS})
  target_include_directories(${ARG_NAME} PRIVATE ${CMAKE_SOURCE_DIR})  # "tests/timeouts.h"
  add_test(NAME ${ARG_NAME} COMMAND ${ARG_NAME})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  # A sanitizer build runs several times slower (and its tests' own waits are
  # scaled by CATSLAB_TEST_TIMEOUT_SCALE, tests/timeouts.h): so is CTest's limit.
  set(env "QT_QPA_PLATFORM=offscreen;CATSLAB_BIN_DIR=${CMAKE_BINARY_DIR}/bin;CATSLAB_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
  if(CMAKE_CXX_FLAGS MATCHES "-fsanitize=(address|thread)")
    math(EXPR ARG_TIMEOUT "${ARG_TIMEOUT} * 4")
    if(ARG_SANITIZER_SEEDS)
      list(APPEND env "CATSLAB_SEEDS_MAX=${ARG_SANITIZER_SEEDS}")
    endif()
  endif()
  set_tests_properties(${ARG_NAME} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "${env}")
endfunction()
