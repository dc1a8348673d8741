target_sources(catslab_protocols PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/bootstrap_client.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bootstrap_server.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bootstrap_stack.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bootstrap_codecs.cpp)
