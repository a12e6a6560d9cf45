jobmond_add_test(bind_route_tests
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/bind_route_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/bind_dag_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/bind_race_test.cc
  LIBS http_test_support jobmon_plugin_api
  LABELS routes http)

# v2's translations of bind routes (plugins/v2) against the shared handlers, at handler level.
jobmond_add_test(bind_version_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/bind_version_test.cc
          ${CMAKE_SOURCE_DIR}/plugins/v2/task_template_routes.cc
  LIBS jobmon_routes orm_test_support
  LABELS routes)
target_include_directories(bind_version_tests PRIVATE ${CMAKE_SOURCE_DIR}/tests/orm)
