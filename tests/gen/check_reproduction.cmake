# Generates the captures into OUTDIR and compares them, byte for byte and
# file for file, with the committed ones in COMMITTED (its top-level files;
# captures/recorded/ and captures/lab/ are the lab's, not the generator's).
# Usage: cmake -DGENERATOR=... -DCOMMITTED=... -DOUTDIR=... -P this file
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${OUTDIR}")
execute_process(COMMAND "${GENERATOR}" "${OUTDIR}" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "gen_captures failed: ${result}")
endif()

file(GLOB generated RELATIVE "${OUTDIR}" "${OUTDIR}/*")
file(GLOB committed LIST_DIRECTORIES false RELATIVE "${COMMITTED}"
     "${COMMITTED}/*")
list(FILTER committed EXCLUDE REGEX "^README")
set(failed FALSE)
foreach(name IN LISTS generated)
  if(NOT name IN_LIST committed)
    message(SEND_ERROR "generated but not committed: captures/${name}")
    set(failed TRUE)
  else()
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files
                      "${OUTDIR}/${name}" "${COMMITTED}/${name}"
                    RESULT_VARIABLE differs)
    if(NOT differs EQUAL 0)
      message(SEND_ERROR "differs from the generator's output: captures/${name}")
      set(failed TRUE)
    endif()
  endif()
endforeach()
foreach(name IN LISTS committed)
  if(NOT name IN_LIST generated)
    message(SEND_ERROR "committed but not generated: captures/${name}")
    set(failed TRUE)
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "captures/ is not what gen_captures writes: run the "
                      "regenerate-captures target and review the difference")
endif()
list(LENGTH generated count)
message(STATUS "${count} files reproduced byte for byte")
