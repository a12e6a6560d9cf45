# Hostile input against every JSON route (issue "Reliability"); one test per route and backend.
jobmond_add_test(bad_input_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/bad_input_test.cc
  LIBS http_test_support jobmon_plugin_api rapidjson
  LABELS routes http reliability
  TIMEOUT 600)
