target_sources(catslab_protocols PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/kv_state_machine.cpp
  ${CMAKE_CURRENT_LIST_DIR}/replicated_kv.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rsm_stack.cpp)
