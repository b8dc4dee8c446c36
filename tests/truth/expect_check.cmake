# Runs truth_check on TRUTH and OUTPUT; passes when it exits with
# EXPECTED_EXIT and prints something matching EXPECTED_REGEX.
cmake_minimum_required(VERSION 3.25)
execute_process(COMMAND "${CHECK}" "${TRUTH}" "${OUTPUT}"
                RESULT_VARIABLE result
                OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
message("${out}${err}")
if(NOT "${result}" STREQUAL "${EXPECTED_EXIT}")
  message(FATAL_ERROR "truth_check exited with ${result}, expected ${EXPECTED_EXIT}")
endif()
if(NOT "${out}${err}" MATCHES "${EXPECTED_REGEX}")
  message(FATAL_ERROR "truth_check's output does not match: ${EXPECTED_REGEX}")
endif()
