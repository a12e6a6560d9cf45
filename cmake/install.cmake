# Installation layout, the plugin SDK (find_package(jobmond)) and the Debian package (CPack).
#   bin/jobmond
#   lib/jobmond/{liborm,libjobmon_plugin_api,libjobmon_routes}.so   (RPATH $ORIGIN)
#   lib/jobmond/plugins/{v2,v3,compat}.so                           (RPATH $ORIGIN/..)
#   include/jobmon/{plugin_api,json,errors}.h, include/jobmon/orm/...
#   lib/cmake/jobmond/jobmondConfig.cmake
#   bin/jobmon-auth-proxy, bin/jobmon-mint-token, share/doc/jobmond/{README.md,docs/*.md}
# In the .deb also lib/systemd/system/jobmond.service, jobmond-reaper.service and
# /etc/jobmond/jobmond.env (0640).
include(CMakePackageConfigHelpers)

set(JOBMOND_INSTALL_LIB_DIR lib/jobmond)
set(JOBMOND_INSTALL_PLUGIN_DIR ${JOBMOND_INSTALL_LIB_DIR}/plugins)
set(JOBMOND_INSTALL_CMAKE_DIR lib/cmake/jobmond)
file(STRINGS "${CMAKE_SOURCE_DIR}/host/include/jobmon/plugin_api.h" api_line
     REGEX "kPluginApiVersion = [0-9]+")
string(REGEX MATCH "[0-9]+" JOBMOND_PLUGIN_API_VERSION "${api_line}")

set_target_properties(jobmon_plugin_api PROPERTIES EXPORT_NAME plugin_api)
install(TARGETS jobmond RUNTIME DESTINATION bin)
install(TARGETS orm jobmon_plugin_api rapidjson EXPORT jobmondTargets
        LIBRARY DESTINATION ${JOBMOND_INSTALL_LIB_DIR})
install(TARGETS jobmon_routes LIBRARY DESTINATION ${JOBMOND_INSTALL_LIB_DIR})
install(TARGETS plugin_v2 plugin_v3 plugin_compat LIBRARY DESTINATION ${JOBMOND_INSTALL_PLUGIN_DIR})
install(DIRECTORY host/include/jobmon orm/include/jobmon DESTINATION include
        FILES_MATCHING PATTERN "*.h")
install(EXPORT jobmondTargets NAMESPACE jobmond:: DESTINATION ${JOBMOND_INSTALL_CMAKE_DIR})
configure_package_config_file(cmake/jobmondConfig.cmake.in
  "${CMAKE_BINARY_DIR}/jobmondConfig.cmake"
  INSTALL_DESTINATION ${JOBMOND_INSTALL_CMAKE_DIR}
  PATH_VARS JOBMOND_INSTALL_PLUGIN_DIR)
write_basic_package_version_file("${CMAKE_BINARY_DIR}/jobmondConfigVersion.cmake"
  VERSION ${PROJECT_VERSION} COMPATIBILITY ExactVersion)
install(FILES "${CMAKE_BINARY_DIR}/jobmondConfig.cmake" "${CMAKE_BINARY_DIR}/jobmondConfigVersion.cmake"
        DESTINATION ${JOBMOND_INSTALL_CMAKE_DIR})
# The README and every document in docs/, in the same layout (README.md beside docs/): the README
# and the documents cite each other, and a list here would miss the next new one. The directory
# is read at install time, so a document added needs no re-configure.
install(FILES README.md DESTINATION share/doc/jobmond)
install(DIRECTORY docs/ DESTINATION share/doc/jobmond/docs FILES_MATCHING PATTERN "*.md")
# The clients' helpers docs/auth.md describes (Python standard library only).
install(PROGRAMS scripts/jobmon-auth-proxy scripts/jobmon-mint-token DESTINATION bin)

# The service: only in the package (an /etc path outside the prefix).
install(FILES packaging/jobmond.service packaging/jobmond-reaper.service
        DESTINATION lib/systemd/system COMPONENT service EXCLUDE_FROM_ALL)
# It may hold the database password: readable by root and, once postinst has made the group,
# by the service's group only.
install(FILES packaging/jobmond.env DESTINATION /etc/jobmond COMPONENT service EXCLUDE_FROM_ALL
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME jobmond)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "jobmond maintainers <jobmond@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Jobmon server in C++ (drop-in for the Python server)")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL OFF)
set(CPACK_INSTALL_CMAKE_PROJECTS "${CMAKE_BINARY_DIR};jobmond;ALL;/"
                                 "${CMAKE_BINARY_DIR};jobmond;service;/")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
# SOCI loads its backends at run time (libsoci_mysql.so.4.0 for MySQL/MariaDB URIs), so they are
# dependencies no linker sees; tests/packaging checks every library jobmond loads is covered.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libpistache0 (>= 0.0.5), libsoci-core4.0, libsoci-sqlite3-4.0, libsoci-postgresql4.0, libsoci-mysql4.0, libjwt0, libspdlog1.10, libfmt9, libssl3, libsqlite3-0, libpq5, adduser")
# The plugin SDK's headers include RapidJSON's; the client helpers are Python scripts.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "python3")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "rapidjson-dev, cmake, g++")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${CMAKE_SOURCE_DIR}/packaging/postinst;${CMAKE_SOURCE_DIR}/packaging/conffiles")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
