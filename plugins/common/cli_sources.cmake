set(ROUTES_CLI_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/pandas_json.cc
  ${CMAKE_CURRENT_LIST_DIR}/cli_statistics.cc
  ${CMAKE_CURRENT_LIST_DIR}/cli_workflow_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/cli_task_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/cli_task_template_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/cli_table.cc
)
