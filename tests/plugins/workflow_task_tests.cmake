jobmond_add_test(workflow_task_route_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/workflow_task_route_test.cc
  LIBS http_test_support jobmon_plugin_api
  LABELS routes http)
