# Stacks register themselves with static StackRegistry::Registration objects
# inside static libraries; linking those libraries whole keeps every
# registration in hosts (catslab-node, catslab-sim, catslab, tests).
function(catslab_link_stacks target)
  # catslab_cats brings the protocols archive (whole) with it; naming both
  # here put it on the link line twice and every symbol clashed.
  if(TARGET catslab_cats)
    target_link_libraries(${target} PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,catslab_cats>")
  else()
    target_link_libraries(${target} PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,catslab_protocols>")
  endif()
endfunction()
