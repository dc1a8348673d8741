target_sources(catslab_protocols PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/chord.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chord_codecs.cpp)
target_link_libraries(catslab_protocols PUBLIC catslab_net)
