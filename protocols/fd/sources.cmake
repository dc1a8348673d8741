target_sources(catslab_protocols PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/increasing_timeout_fd.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fd_stack.cpp)
