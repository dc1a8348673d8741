# The "ping" stack (protocols/ping/ping.h).
target_sources(catslab_protocols PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/ping.cpp
)
