# sipscan --format json CAPTURES > OUTPUT && truth_check TRUTH OUTPUT
# CAPTURES: capture paths separated by commas.
cmake_minimum_required(VERSION 3.25)
string(REPLACE "," ";" captures "${CAPTURES}")
execute_process(COMMAND "${SIPSCAN}" --format json ${captures}
                OUTPUT_FILE "${OUTPUT}"
                RESULT_VARIABLE result)
if(NOT "${result}" STREQUAL "0")
  message(FATAL_ERROR "sipscan exited with ${result}")
endif()
execute_process(COMMAND "${CHECK}" "${TRUTH}" "${OUTPUT}"
                RESULT_VARIABLE result)
if(NOT "${result}" STREQUAL "0")
  message(FATAL_ERROR "sipscan's output (${OUTPUT}) differs from ${TRUTH}")
endif()
