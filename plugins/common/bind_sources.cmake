set(ROUTES_BIND_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/tool_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/dag_routes.cc
)
