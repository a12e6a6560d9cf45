set(ORM_QUERIES_RUN_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/queries/run.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/queries/reaper.cc
)
