target_sources(catslab_protocols PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/onehop.cpp
  ${CMAKE_CURRENT_LIST_DIR}/onehop_codecs.cpp)
