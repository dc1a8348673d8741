# catslab_add_qtest(NAME tst_x SOURCES tst_x.cpp LIBS lib... LABELS runtime ...)
# One QtTest executable per unit, registered with CTest under its labels so
# that `ctest -L <label>` runs a library's suite.
function(catslab_add_qtest)
  cmake_parse_arguments(ARG "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  set_target_properties(${ARG_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_link_libraries(${ARG_NAME} PRIVATE catslab_options Qt6::Test ${ARG_LIBS})
  target_include_directories(${ARG_NAME} PRIVATE ${CMAKE_SOURCE_DIR})  # "tests/timeouts.h"
  add_test(NAME ${ARG_NAME} COMMAND ${ARG_NAME})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  # A sanitizer build runs several times slower (and its tests' own waits are
  # scaled by CATSLAB_TEST_TIMEOUT_SCALE, tests/timeouts.h): so is CTest's limit.
  if(CMAKE_CXX_FLAGS MATCHES "-fsanitize=(address|thread)")
    math(EXPR ARG_TIMEOUT "${ARG_TIMEOUT} * 4")
  endif()
  set_tests_properties(${ARG_NAME} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;CATSLAB_BIN_DIR=${CMAKE_BINARY_DIR}/bin;CATSLAB_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
endfunction()
