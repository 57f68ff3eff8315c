# The parser's fuzz target (tests/fuzz/es_fuzz_parse.c).
#
# Always: es_fuzz_replay links the target with a standalone main and ctest
# replays the seed corpus (tests/fuzz/corpus/, plus data/ when present)
# under whatever compiler builds the project, sanitizers included.
#
# With -DES_FUZZ=ON (clang only): es_fuzz_parse is the libFuzzer binary.
# The parser's sources are compiled into it again with coverage
# instrumentation, so that the fuzzer sees the project's branches (system
# libraries such as cmark and libyaml are not instrumented). Run it as
#   build-fuzz/tests/es_fuzz_parse -rss_limit_mb=2048 -max_total_time=600 \
#       NEW_DIR tests/fuzz/corpus
set(ES_FUZZ_DIR ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)

add_executable(es_fuzz_replay ${ES_FUZZ_DIR}/es_fuzz_parse.c
                              ${ES_FUZZ_DIR}/standalone.c)
target_compile_options(es_fuzz_replay PRIVATE ${ES_WARNINGS})
target_link_libraries(es_fuzz_replay PRIVATE essay_stats_static)
add_test(NAME fuzz_replay
         COMMAND es_fuzz_replay ${ES_FUZZ_DIR}/corpus ${PROJECT_SOURCE_DIR}/data)
set_tests_properties(fuzz_replay PROPERTIES ENVIRONMENT "LC_ALL=C")

if(ES_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "ES_FUZZ=ON needs clang (libFuzzer): "
                        "CC=clang cmake -B build-fuzz -DES_FUZZ=ON")
  endif()
  set(ES_FUZZ_SOURCES
      ${PROJECT_SOURCE_DIR}/engine/util/util.c
      ${PROJECT_SOURCE_DIR}/engine/util/arena.c
      ${PROJECT_SOURCE_DIR}/engine/util/dict.c
      ${PROJECT_SOURCE_DIR}/engine/util/utf8.c
      ${PROJECT_SOURCE_DIR}/engine/parse/text.c
      ${PROJECT_SOURCE_DIR}/engine/parse/parse.c
      ${PROJECT_SOURCE_DIR}/engine/parse/frontmatter.c
      ${PROJECT_SOURCE_DIR}/engine/parse/body.c
      ${PROJECT_SOURCE_DIR}/engine/doc/doc.c)
  add_executable(es_fuzz_parse ${ES_FUZZ_DIR}/es_fuzz_parse.c ${ES_FUZZ_SOURCES})
  target_include_directories(es_fuzz_parse PRIVATE ${PROJECT_SOURCE_DIR}/include)
  target_compile_options(es_fuzz_parse PRIVATE ${ES_WARNINGS} -g
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all)
  target_link_options(es_fuzz_parse PRIVATE
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all)
  target_link_libraries(es_fuzz_parse PRIVATE PkgConfig::CMARK PkgConfig::YAML
                        PkgConfig::UTF8PROC Threads::Threads)
endif()
