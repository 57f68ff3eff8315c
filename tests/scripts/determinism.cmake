# Same input, same bytes, whatever --jobs is.
add_test(NAME determinism_jobs
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/determinism.sh
                 $<TARGET_FILE:essay-stats> ${PROJECT_SOURCE_DIR})
set_tests_properties(determinism_jobs PROPERTIES ENVIRONMENT "LC_ALL=C"
                     TIMEOUT 300)
