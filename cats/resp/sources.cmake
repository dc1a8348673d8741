# The RESP (Redis protocol) front end (docs/cats.md). The parser, the command
# semantics and the KvBridge component are pure and live in catslab_cats;
# the socket server is catslab_cats_resp, linked only by hosts and tests
# (cats/ proper opens no sockets).
target_sources(catslab_cats PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/kv_bridge.cpp
  ${CMAKE_CURRENT_LIST_DIR}/resp_admin_commands.cpp
  ${CMAKE_CURRENT_LIST_DIR}/resp_command_table.cpp
  ${CMAKE_CURRENT_LIST_DIR}/resp_kv_commands.cpp
  ${CMAKE_CURRENT_LIST_DIR}/resp_params.cpp
  ${CMAKE_CURRENT_LIST_DIR}/resp_parser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/resp_session.cpp
)

add_library(catslab_cats_resp STATIC)
target_sources(catslab_cats_resp PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/server/resp_attach.cpp
  ${CMAKE_CURRENT_LIST_DIR}/server/resp_connection.cpp
  ${CMAKE_CURRENT_LIST_DIR}/server/resp_front_end.cpp
  ${CMAKE_CURRENT_LIST_DIR}/server/resp_server.cpp
)
# catslab_cats and catslab_protocols whole, as catslab_link_stacks links them
# (one link feature per archive; catslab_cats does not link the protocols).
target_link_libraries(catslab_cats_resp PUBLIC catslab_options
  "$<LINK_LIBRARY:WHOLE_ARCHIVE,catslab_cats>"
  "$<LINK_LIBRARY:WHOLE_ARCHIVE,catslab_protocols>" catslab_net catslab_runtime)
