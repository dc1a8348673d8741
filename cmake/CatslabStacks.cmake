# Stacks register themselves with static StackRegistry::Registration objects
# inside static libraries; linking those libraries whole keeps every
# registration in hosts (catslab-node, catslab-sim, catslab, tests).
# catslab_cats does not link catslab_protocols itself (cats/CMakeLists.txt),
# so each archive appears here once, whole.
function(catslab_link_stacks target)
  foreach(lib catslab_protocols catslab_cats)
    if(TARGET ${lib})
      target_link_libraries(${target} PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,${lib}>")
    endif()
  endforeach()
endfunction()
