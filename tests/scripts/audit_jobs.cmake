# The audit as a scheduled job (SPEC section 8): every --format read back by
# Python's json and xml modules on hostile names, baselines, usage errors
# and an empty corpus (audit_cli.py); and the README's nightly-job example
# run as written (nightly_readme.py; skips without PyYAML).
add_test(NAME audit_cli
         COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/audit_cli.py
                 $<TARGET_FILE:essay-stats>)
add_test(NAME nightly_readme
         COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/nightly_readme.py
                 $<TARGET_FILE:essay-stats> ${PROJECT_SOURCE_DIR})
set_tests_properties(audit_cli nightly_readme PROPERTIES
                     SKIP_RETURN_CODE 77 ENVIRONMENT "LC_ALL=C" TIMEOUT 120)
