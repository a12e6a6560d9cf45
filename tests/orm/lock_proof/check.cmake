# cmake -DCXX=... -DINCLUDE=... -DSOURCE=... -DEXPECT=fail|pass -P check.cmake
execute_process(COMMAND ${CXX} -std=c++20 -fsyntax-only -I${INCLUDE} ${SOURCE}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(EXPECT STREQUAL "fail" AND rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but an unlocked TaskInstance change must not")
elseif(EXPECT STREQUAL "pass" AND NOT rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE} must compile:\n${err}")
endif()
message(STATUS "${SOURCE}: ${EXPECT} as expected")
