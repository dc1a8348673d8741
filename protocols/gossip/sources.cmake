target_sources(catslab_protocols PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/gossip.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gossip_stack.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gossip_codecs.cpp)
