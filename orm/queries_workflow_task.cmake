set(ORM_QUERIES_WORKFLOW_TASK_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/queries/workflow_task.cc
)
