jobmond_add_test(bind_route_tests
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/bind_route_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/bind_dag_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/bind_race_test.cc
  LIBS http_test_support jobmon_plugin_api
  LABELS routes http)
