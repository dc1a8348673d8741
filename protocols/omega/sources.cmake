target_sources(catslab_protocols PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/monarchical_eld.cpp
  ${CMAKE_CURRENT_LIST_DIR}/omega_stack.cpp)
