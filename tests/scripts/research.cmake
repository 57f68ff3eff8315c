# The research reports recomputed by an independent implementation
# (research_check.py: pure Python, math.erfc for the chi-squared tail) from
# the integer columns of the reports themselves, on data/ grouped by
# categoryName, with and without stop words, under both weightings.
foreach(variant plain english sklearn)
  set(weighting ltc)
  set(extra)
  if(variant STREQUAL "english")
    set(extra --stopwords english)
  elseif(variant STREQUAL "sklearn")
    set(weighting sklearn)
  endif()
  add_test(NAME research_check_${variant}
           COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/research_check.sh
                   $<TARGET_FILE:essay-stats> ${PROJECT_SOURCE_DIR} ${weighting}
                   ${extra})
  set_tests_properties(research_check_${variant} PROPERTIES
                       SKIP_RETURN_CODE 77 ENVIRONMENT "LC_ALL=C" TIMEOUT 120)
endforeach()
