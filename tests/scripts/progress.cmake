# --progress: one line per phase in a log, a line redrawn in place on a
# (pseudo-)terminal; singular and plural forms.
find_program(ES_PYTHON3_PROGRESS python3)
if(ES_PYTHON3_PROGRESS)
  add_test(NAME progress
           COMMAND ${ES_PYTHON3_PROGRESS} ${CMAKE_CURRENT_LIST_DIR}/progress.py
                   $<TARGET_FILE:essay-stats> ${PROJECT_SOURCE_DIR})
  set_tests_properties(progress PROPERTIES ENVIRONMENT "LC_ALL=C.UTF-8"
                       TIMEOUT 120)
endif()
