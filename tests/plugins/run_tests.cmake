jobmond_add_test(run_route_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/run_route_test.cc
          ${CMAKE_CURRENT_LIST_DIR}/run_transitions_test.cc
          ${CMAKE_CURRENT_LIST_DIR}/run_race_test.cc
          ${CMAKE_CURRENT_LIST_DIR}/client_generation_route_test.cc
  LIBS http_test_support jobmon_plugin_api
  LABELS routes http
  TIMEOUT 600)

jobmond_add_test(auth_route_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/auth_route_test.cc
  LIBS http_test_support token_test_support jobmon_plugin_api
  LABELS routes http auth)

jobmond_add_test(contract_tour_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/contract_tour_test.cc
  LIBS http_test_support jobmon_plugin_api
  LABELS routes http)

jobmond_add_test(admin_route_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/admin_route_test.cc
  LIBS http_test_support jobmon_plugin_api
  LABELS routes http admin)
