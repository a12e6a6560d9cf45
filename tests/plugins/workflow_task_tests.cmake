jobmond_add_test(workflow_task_route_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/workflow_task_route_test.cc
          ${CMAKE_CURRENT_LIST_DIR}/workflow_task_scenario_test.cc
          ${CMAKE_CURRENT_LIST_DIR}/workflow_routes_test.cc
  LIBS http_test_support jobmon_plugin_api
  LABELS routes http
  TIMEOUT 300)

# The v3 ownership rule at handler level (no HTTP session support to log a user in).
jobmond_add_test(workflow_task_ownership_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/ownership_test.cc
  LIBS jobmon_routes orm_test_support
  LABELS routes)
