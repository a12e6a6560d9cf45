jobmond_add_test(cli_route_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/cli_route_test.cc
          ${CMAKE_CURRENT_LIST_DIR}/cli_viz_route_test.cc
  LIBS http_test_support jobmon_plugin_api
  LABELS routes http
  TIMEOUT 600)

# The CLI area's statistics, pandas tables and error clustering.
jobmond_add_test(cli_unit_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/cli_unit_test.cc
  LIBS jobmon_routes)

# v2's forms of the CLI routes (plugins/v2/cli_routes.h) against v3's on the same rows, called
# as the plugins register them, without HTTP.
jobmond_add_test(cli_translation_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/cli_translation_test.cc
          ${CMAKE_SOURCE_DIR}/plugins/v2/cli_routes.cc
          ${CMAKE_SOURCE_DIR}/plugins/v2/cli_resource_usage.cc
  LIBS http_test_support jobmon_routes
  LABELS routes http
  TIMEOUT 600)
