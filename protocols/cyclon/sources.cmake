target_sources(catslab_protocols PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/cyclon.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cyclon_codecs.cpp)
