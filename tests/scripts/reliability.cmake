# Reliability under faults (tests/hostile/): signals during --out-dir
# writes, files changing between discovery and reading, output folder
# rules, hostile inputs with a time bound. Races and signals are made
# deterministic by eshook, a small LD_PRELOAD library (tests/hostile/eshook.c)
# that acts at a chosen open, fstat or fdopen.
set(ES_HOSTILE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/hostile)

add_library(eshook MODULE ${ES_HOSTILE_DIR}/eshook.c)
target_link_libraries(eshook PRIVATE ${CMAKE_DL_LIBS} Threads::Threads)
# Its functions must be visible to interpose (the project default hides).
set_target_properties(eshook PROPERTIES C_VISIBILITY_PRESET default)
# The hook must not carry sanitizer runtimes of its own: with ES_SANITIZE
# the program already has them, and LD_PRELOAD of an ASan object fails.
if(ES_SANITIZE OR ES_TSAN OR ES_FUZZ)
  target_compile_options(eshook PRIVATE -fno-sanitize=all)
  target_link_options(eshook PRIVATE -fno-sanitize=all)
endif()

foreach(t outdir signals messages race limits)
  add_test(NAME reliability_${t}
           COMMAND sh ${ES_HOSTILE_DIR}/test_${t}.sh
                   $<TARGET_FILE:essay-stats> $<TARGET_FILE:eshook>
                   ${PROJECT_SOURCE_DIR})
  set(es_sanitize 0)
  set(es_asan "")
  if(ES_SANITIZE)
    set(es_sanitize 1)
    # gcc links libasan dynamically; with the hook preloaded ahead of it,
    # ASan refuses to start unless told the order is intended.
    set(es_asan ";ASAN_OPTIONS=detect_leaks=1:verify_asan_link_order=0")
  endif()
  set_tests_properties(reliability_${t} PROPERTIES
                       ENVIRONMENT "LC_ALL=C;ES_SANITIZE=${es_sanitize}${es_asan}"
                       TIMEOUT 600 SKIP_RETURN_CODE 77)
endforeach()

# Hostile inputs within --max-file-size take linear time (CPU-time bound).
find_program(ES_PYTHON3 python3)
if(ES_PYTHON3)
  add_test(NAME reliability_pathological
           COMMAND ${ES_PYTHON3} ${ES_HOSTILE_DIR}/test_pathological.py
                   $<TARGET_FILE:essay-stats> ${PROJECT_SOURCE_DIR})
  set(ES_PATHOLOGICAL_LIMIT 5)
  if(ES_SANITIZE)
    set(ES_PATHOLOGICAL_LIMIT 40)
  endif()
  set_tests_properties(reliability_pathological PROPERTIES
    ENVIRONMENT "LC_ALL=C;ES_PATHOLOGICAL_LIMIT=${ES_PATHOLOGICAL_LIMIT}"
    TIMEOUT 900)
endif()
