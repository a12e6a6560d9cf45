set(ROUTES_WORKFLOW_TASK_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/workflow_bind_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/ownership.cc
)
