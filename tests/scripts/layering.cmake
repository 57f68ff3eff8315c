# Includes follow the layers (util < doc < parse < corpus < analytics <
# mpi < reports < cli), and third-party headers stay in their layer. CMake's
# per-layer link lists cannot enforce this (system headers are visible to
# every target), so a script reads the includes.
add_test(NAME layering
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/layering.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(layering PROPERTIES SKIP_RETURN_CODE 77)
