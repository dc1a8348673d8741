target_sources(catslab_protocols PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/increasing_timeout_fd.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fd_stack.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fd_codecs.cpp)
# Part-A protocols register their wire codecs with the serializer registry.
target_link_libraries(catslab_protocols PUBLIC catslab_net)
