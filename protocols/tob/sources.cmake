target_sources(catslab_protocols PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/consensus_tob.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tob_codecs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tob_service.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tob_stack.cpp)
