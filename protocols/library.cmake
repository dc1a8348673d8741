# libcatslab_protocols: one sub-folder per abstraction. Each sub-folder that
# has a sources.cmake adds its files with target_sources(catslab_protocols ...),
# so engineers working on different abstractions never edit the same list.
add_library(catslab_protocols STATIC)
target_include_directories(catslab_protocols PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(catslab_protocols PUBLIC catslab_options catslab_runtime)
file(GLOB _protocol_parts LIST_DIRECTORIES true RELATIVE ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/*)
list(SORT _protocol_parts)
foreach(part ${_protocol_parts})
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${part}/sources.cmake)
    include(${part}/sources.cmake)
  endif()
endforeach()
# An empty library still needs one source.
target_sources(catslab_protocols PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/protocols_version.cpp)
