# Compile one snippet with -fsyntax-only and check the outcome.
#   cmake -DCXX=<compiler> -DINCLUDE=<dir> -DSOURCE=<file> -DEXPECT=pass|fail -P compile_check.cmake
# EXPECT=fail requires an error reported on the line marked EXPECT-ERROR, so a
# snippet broken for an unrelated reason (typo, missing include) is caught.
execute_process(
  COMMAND ${CXX} -std=c++20 -fsyntax-only -I${INCLUDE} ${SOURCE}
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
get_filename_component(name ${SOURCE} NAME)
if(EXPECT STREQUAL "pass")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${name} should compile but did not:\n${err}")
  endif()
  message(STATUS "${name}: compiles, as it should")
  return()
endif()
if(rc EQUAL 0)
  message(FATAL_ERROR "${name} compiled, but it must be rejected at compile time")
endif()
file(STRINGS ${SOURCE} lines)
set(number 0)
set(marked "")
foreach(line IN LISTS lines)
  math(EXPR number "${number} + 1")
  if(line MATCHES "EXPECT-ERROR")
    set(marked ${number})
  endif()
endforeach()
if(marked STREQUAL "")
  message(FATAL_ERROR "${name} has no line marked EXPECT-ERROR")
endif()
if(NOT err MATCHES "${name}:${marked}:[0-9]+: error")
  message(FATAL_ERROR "${name} failed, but not on line ${marked}:\n${err}")
endif()
message(STATUS "${name}: rejected on line ${marked}, as it should be")
