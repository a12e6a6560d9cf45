# Hostile input against every JSON route (issue "Reliability"); one test per route and backend.
jobmond_add_test(bad_input_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/bad_input_test.cc
  LIBS http_test_support jobmon_plugin_api rapidjson
  LABELS routes http reliability
  TIMEOUT 600)

# SIGKILL mid-lifecycle, SIGTERM under load, and a PostgreSQL outage under load.
jobmond_add_test(survival_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/crash_test.cc
  LIBS http_test_support jobmon_plugin_api
  LABELS routes http reliability
  TIMEOUT 600)
target_compile_definitions(survival_tests PRIVATE JOBMOND_SOURCE_DIR="${CMAKE_SOURCE_DIR}")

# GET /metrics after real traffic (issue "Operator experience").
jobmond_add_test(metrics_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/metrics_test.cc
  LIBS http_test_support jobmon_plugin_api rapidjson
  LABELS routes http)
