set(ORM_QUERIES_CLI_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/queries/cli_workflow.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/queries/cli_task.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/queries/cli_task_template.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/queries/cli_viz.cc
)
