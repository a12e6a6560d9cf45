# Debian 12 packages only; see docs/dependencies.md §3 for why each line is as it is.
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)

# Pistache: pkg-config only, module "libpistache". Always the shared library.
pkg_check_modules(Pistache REQUIRED IMPORTED_TARGET libpistache)

# Bearer tokens: libjwt (OpenSSL flavour) verifies signatures; OpenSSL builds JWKS keys.
pkg_check_modules(LibJWT REQUIRED IMPORTED_TARGET libjwt)
find_package(OpenSSL REQUIRED)

# Logging (text or JSON lines).
find_package(spdlog REQUIRED)

find_package(RapidJSON REQUIRED)
add_library(rapidjson INTERFACE)
target_include_directories(rapidjson SYSTEM INTERFACE ${RAPIDJSON_INCLUDE_DIRS})

# Boost.DLL is header-only; std::filesystem instead of boost_filesystem.
find_package(Boost 1.74 REQUIRED)
add_library(boost_dll INTERFACE)
target_link_libraries(boost_dll INTERFACE Boost::headers ${CMAKE_DL_LIBS})
target_compile_definitions(boost_dll INTERFACE BOOST_DLL_USE_STD_FS)

# SOCI: Debian ships neither a CMake config nor a .pc file.
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
find_library(SOCI_CORE_LIB soci_core REQUIRED)
find_library(SOCI_SQLITE3_LIB soci_sqlite3 REQUIRED)
find_library(SOCI_PG_LIB soci_postgresql REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
add_library(SOCI::core INTERFACE IMPORTED)
set_target_properties(SOCI::core PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${SOCI_INCLUDE_DIR}"
  INTERFACE_LINK_LIBRARIES "${SOCI_CORE_LIB};${CMAKE_DL_LIBS}")
add_library(SOCI::sqlite3 INTERFACE IMPORTED)
set_target_properties(SOCI::sqlite3 PROPERTIES
  INTERFACE_LINK_LIBRARIES "${SOCI_SQLITE3_LIB};SOCI::core;SQLite::SQLite3")
add_library(SOCI::postgresql INTERFACE IMPORTED)
set_target_properties(SOCI::postgresql PROPERTIES
  INTERFACE_LINK_LIBRARIES "${SOCI_PG_LIB};SOCI::core;PostgreSQL::PostgreSQL")
