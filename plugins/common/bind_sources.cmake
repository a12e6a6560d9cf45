set(ROUTES_BIND_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/bind_table.cc
  ${CMAKE_CURRENT_LIST_DIR}/cluster_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/dag_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/task_template_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/tool_routes.cc
)
