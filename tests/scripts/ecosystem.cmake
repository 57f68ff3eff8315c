# Ecosystem checks: the docs against the code, installation through
# pkg-config, and the reports loaded by notebook tools (pandas, R) with the
# types of datapackage.json. Each skips (77) when its tool is missing.

# The generator of the column dictionary in README.md.
add_executable(es_dictionary ${PROJECT_SOURCE_DIR}/docs/dictionary.c)
target_include_directories(es_dictionary PRIVATE ${PROJECT_SOURCE_DIR}/reports)
target_compile_options(es_dictionary PRIVATE ${ES_WARNINGS})
target_link_libraries(es_dictionary PRIVATE essay_stats_static)

# The document holding the column dictionary and the loading snippets.
set(ES_REPORTS_DOC ${PROJECT_SOURCE_DIR}/README.md)

add_test(NAME docs_dictionary
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/docs_dictionary.sh
                 $<TARGET_FILE:es_dictionary> ${ES_REPORTS_DOC})
add_test(NAME docs_cli
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/docs_cli.sh
                 $<TARGET_FILE:essay-stats> ${PROJECT_SOURCE_DIR})
add_test(NAME install_pkgconfig
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/install_pkgconfig.sh
                 ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR}
                 ${CMAKE_C_COMPILER} "${ES_SANITIZE}")
foreach(tool pandas r)
  add_test(NAME notebook_${tool}
           COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/notebook.sh ${tool}
                   $<TARGET_FILE:essay-stats> ${PROJECT_SOURCE_DIR}
                   ${ES_REPORTS_DOC})
endforeach()
set_tests_properties(docs_dictionary docs_cli install_pkgconfig
                     notebook_pandas notebook_r PROPERTIES
                     SKIP_RETURN_CODE 77 ENVIRONMENT "LC_ALL=C" TIMEOUT 120)
