target_sources(catslab_protocols PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/paxos.cpp
  ${CMAKE_CURRENT_LIST_DIR}/paxos_codecs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/paxos_stack.cpp)
