target_sources(catslab_cats PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/cats_node.cpp
  ${CMAKE_CURRENT_LIST_DIR}/config.cpp
  ${CMAKE_CURRENT_LIST_DIR}/console.cpp
  ${CMAKE_CURRENT_LIST_DIR}/coordinator.cpp
  ${CMAKE_CURRENT_LIST_DIR}/handoff.cpp
  ${CMAKE_CURRENT_LIST_DIR}/messages.cpp
  ${CMAKE_CURRENT_LIST_DIR}/op_trace.cpp
  ${CMAKE_CURRENT_LIST_DIR}/paxos.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reconfiguration.cpp
  ${CMAKE_CURRENT_LIST_DIR}/replica.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stack.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tombstones.cpp
  ${CMAKE_CURRENT_LIST_DIR}/view.cpp)
