target_sources(catslab_protocols PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/basic_broadcast.cpp
  ${CMAKE_CURRENT_LIST_DIR}/eager_reliable_broadcast.cpp
  ${CMAKE_CURRENT_LIST_DIR}/majority_ack_urb.cpp
  ${CMAKE_CURRENT_LIST_DIR}/payload_codec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/broadcast_codecs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/broadcast_stack.cpp
  ${CMAKE_CURRENT_LIST_DIR}/perfect_links.cpp
  ${CMAKE_CURRENT_LIST_DIR}/perfect_links_codecs.cpp)
