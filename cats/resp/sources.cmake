# The RESP (Redis protocol) front end (docs/cats.md). The parser, the command
# semantics and the KvBridge component are pure and live in catslab_cats;
# the socket server opens sockets, so it lives with the host that serves it
# (app/catslab_node/resp/, library catslab_resp_server): cats/ never includes
# runtime/net/.
target_sources(catslab_cats PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/kv_bridge.cpp
  ${CMAKE_CURRENT_LIST_DIR}/resp_admin_commands.cpp
  ${CMAKE_CURRENT_LIST_DIR}/resp_command_table.cpp
  ${CMAKE_CURRENT_LIST_DIR}/resp_kv_commands.cpp
  ${CMAKE_CURRENT_LIST_DIR}/resp_params.cpp
  ${CMAKE_CURRENT_LIST_DIR}/resp_parser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/resp_session.cpp
)

