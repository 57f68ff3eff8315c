# The parser's fuzz targets (tests/fuzz/):
#   es_fuzz_parse      any bytes as an essay (first bytes may pick options);
#   es_fuzz_quadratic  a fragment of the input repeated until the essay is
#                      large, which must parse within a time bound (like
#                      cmark-gfm's fuzz_quadratic): finds superlinear paths.
#
# Always: es_fuzz_replay and es_fuzz_quadratic_replay link the targets with
# a standalone main, and ctest replays their seed corpora under whatever
# compiler builds the project, sanitizers included.
#
# With -DES_FUZZ=ON (clang only) the whole library is compiled with
# coverage for libFuzzer (CMakeLists.txt), and es_fuzz_parse and
# es_fuzz_quadratic are libFuzzer binaries. .ci/run runs each briefly:
#   build-fuzz/tests/es_fuzz_parse -dict=tests/fuzz/essay.dict \
#       -max_total_time=60 -timeout=10 NEW_DIR tests/fuzz/corpus
set(ES_FUZZ_DIR ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)

foreach(t parse quadratic)
  add_executable(es_fuzz_${t}_replay ${ES_FUZZ_DIR}/es_fuzz_${t}.c
                                     ${ES_FUZZ_DIR}/standalone.c)
  target_compile_options(es_fuzz_${t}_replay PRIVATE ${ES_WARNINGS})
  target_link_libraries(es_fuzz_${t}_replay PRIVATE essay_stats_static)
  if(ES_FUZZ)
    add_executable(es_fuzz_${t} ${ES_FUZZ_DIR}/es_fuzz_${t}.c)
    target_compile_options(es_fuzz_${t} PRIVATE ${ES_WARNINGS})
    target_link_options(es_fuzz_${t} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(es_fuzz_${t} PRIVATE essay_stats_static)
  endif()
endforeach()
# The historical name of the replay of the parse target.
set_target_properties(es_fuzz_parse_replay PROPERTIES OUTPUT_NAME es_fuzz_replay)

add_test(NAME fuzz_replay
         COMMAND es_fuzz_parse_replay ${ES_FUZZ_DIR}/corpus
                 ${PROJECT_SOURCE_DIR}/data)
add_test(NAME fuzz_quadratic_replay
         COMMAND es_fuzz_quadratic_replay ${ES_FUZZ_DIR}/quadratic)
set_tests_properties(fuzz_replay fuzz_quadratic_replay PROPERTIES
                     ENVIRONMENT "LC_ALL=C" TIMEOUT 300)
