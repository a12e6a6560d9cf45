# jobmond_add_plugin(NAME SOURCES...): a route plugin, loaded at run time by the host.
# MODULE library named exactly NAME.so in ${JOBMOND_PLUGIN_DIR}; it links the plugin API and the
# shared route library, never Pistache; unresolved symbols fail at link time, not at dlopen.
set(JOBMOND_PLUGIN_DIR "${CMAKE_BINARY_DIR}/plugins")
function(jobmond_add_plugin name)
  cmake_parse_arguments(ARG "" "OUTPUT_DIR" "SOURCES;LIBS" ${ARGN})
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR "${JOBMOND_PLUGIN_DIR}")
  endif()
  add_library(plugin_${name} MODULE ${ARG_SOURCES})
  set_target_properties(plugin_${name} PROPERTIES PREFIX "" OUTPUT_NAME "${name}"
    LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIR}" INSTALL_RPATH "$ORIGIN/..")
  target_link_libraries(plugin_${name} PRIVATE jobmon_plugin_api ${ARG_LIBS})
  target_link_options(plugin_${name} PRIVATE -Wl,--no-undefined)
  target_compile_definitions(plugin_${name} PRIVATE
    JOBMOND_BUILD_SIGNATURE="${JOBMOND_BUILD_SIGNATURE}")
endfunction()

# Which backends the suites run on is decided when ctest discovers the tests (PRE_TEST), and
# ctest caches that list until the executable changes: without this guard, a first run without
# JOBMON_TEST_POSTGRES_URI / JOBMON_TEST_MYSQL_URI would make later runs with them silently skip
# those backends. The guard runs before each directory's discovery scripts and drops the cached
# lists whenever the backend set changed. jobmond_add_test installs it in its directory.
function(jobmond_backend_guard)
  get_property(done DIRECTORY PROPERTY JOBMOND_BACKEND_GUARD_SET)
  if(done)
    return()
  endif()
  set_property(DIRECTORY PROPERTY JOBMOND_BACKEND_GUARD_SET TRUE)
  set(guard "${CMAKE_CURRENT_BINARY_DIR}/backend_guard.cmake")
  file(WRITE "${guard}" "\
set(backends \"sqlite\")
if(NOT \"\$ENV{JOBMON_TEST_POSTGRES_URI}\" STREQUAL \"\")
  list(APPEND backends postgresql)
endif()
if(NOT \"\$ENV{JOBMON_TEST_MYSQL_URI}\" STREQUAL \"\")
  list(APPEND backends mysql)
endif()
set(stamp \"${CMAKE_CURRENT_BINARY_DIR}/discovered_backends.txt\")
set(old \"\")
if(EXISTS \"\${stamp}\")
  file(READ \"\${stamp}\" old)
endif()
if(NOT old STREQUAL backends)
  file(GLOB lists \"${CMAKE_CURRENT_BINARY_DIR}/*_tests.cmake\")
  if(lists)
    file(REMOVE \${lists})
  endif()
  file(WRITE \"\${stamp}\" \"\${backends}\")
endif()
")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${guard}")
endfunction()

# jobmond_add_test(NAME SOURCES... [LIBS ...] [LABELS ...]): one GoogleTest executable, each TEST
# its own ctest entry. Tests that dlopen plugins depend on them being built first.
function(jobmond_add_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS;DEPENDS" ${ARGN})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  jobmond_backend_guard()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    JOBMOND_PLUGIN_DIR="${JOBMOND_PLUGIN_DIR}"
    JOBMOND_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
    JOBMOND_TEST_FIXTURE_DIR="${CMAKE_BINARY_DIR}/tests/fixtures")
  if(TARGET jobmond)
    target_compile_definitions(${name} PRIVATE JOBMOND_BINARY="$<TARGET_FILE:jobmond>")
  endif()
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 DISCOVERY_MODE PRE_TEST
    PROPERTIES TIMEOUT ${ARG_TIMEOUT} LABELS "${ARG_LABELS}")
endfunction()
