# The project's documents stand alone: every relative link in README.md
# and docs/*.md resolves inside the repository (anchors included), and none
# refers to files outside it.
find_program(ES_PYTHON3 python3)
if(ES_PYTHON3)
  add_test(NAME docs_links
           COMMAND ${ES_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/docs_links.py
                   ${PROJECT_SOURCE_DIR})
  set_tests_properties(docs_links PROPERTIES ENVIRONMENT "LC_ALL=C.UTF-8")
endif()

# The README's pandas blocks, run as a reader would (skips without pandas).
if(EXISTS /usr/bin/python3)
  add_test(NAME docs_snippets
           COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/docs_snippets.py
                   $<TARGET_FILE:essay-stats> ${PROJECT_SOURCE_DIR})
  set_tests_properties(docs_snippets PROPERTIES SKIP_RETURN_CODE 77
                       ENVIRONMENT "LC_ALL=C.UTF-8" TIMEOUT 120)
endif()
