target_sources(catslab_protocols PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/abd.cpp
  ${CMAKE_CURRENT_LIST_DIR}/abd_codecs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/abd_stack.cpp)
