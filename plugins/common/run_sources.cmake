set(ROUTES_RUN_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/workflow_run_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/task_instance_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/workflow_run_reads.cc
  ${CMAKE_CURRENT_LIST_DIR}/run_table.cc
)
