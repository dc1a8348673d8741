# The "ping" stack (protocols/ping/ping.h) and its wire codecs.
target_link_libraries(catslab_protocols PUBLIC catslab_net)
target_sources(catslab_protocols PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/ping.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ping_codecs.cpp
)
