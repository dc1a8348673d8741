# catslab_proto(TARGET <lib> PROTOS a.proto b.proto)
# Generates C++ for the listed .proto files into the build tree and adds them
# to <lib>; the include path is "<folder-relative>/x.pb.h" rooted at the
# source root, e.g. #include "runtime/proto/trace.pb.h".
function(catslab_proto)
  cmake_parse_arguments(ARG "" "TARGET" "PROTOS" ${ARGN})
  set(out_root ${CMAKE_BINARY_DIR}/gen)
  foreach(proto ${ARG_PROTOS})
    get_filename_component(abs ${proto} ABSOLUTE)
    file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR} ${abs})
    string(REGEX REPLACE "\\.proto$" "" stem ${rel})
    set(cc ${out_root}/${stem}.pb.cc)
    set(h ${out_root}/${stem}.pb.h)
    add_custom_command(
      OUTPUT ${cc} ${h}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${out_root}
      COMMAND protobuf::protoc --cpp_out=${out_root} -I ${CMAKE_SOURCE_DIR} ${abs}
      DEPENDS ${abs} protobuf::protoc
      COMMENT "protoc ${rel}"
      VERBATIM)
    target_sources(${ARG_TARGET} PRIVATE ${cc} ${h})
    # Generated code is not written to share a unity file (the sanitizer presets).
    set_source_files_properties(${cc} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
  endforeach()
  target_include_directories(${ARG_TARGET} PUBLIC ${out_root})
  target_link_libraries(${ARG_TARGET} PUBLIC protobuf::libprotobuf)
endfunction()
