# The MPI build (-DES_MPI=ON): under `mpirun -np 1..4` every report is
# byte-identical to the same program run as one process, on data/ and on
# 2,000 generated essays (tests/scripts/mpi.sh). Only with ES_MPI and an
# mpirun; as root, Open MPI refuses to start without the two variables.
if(ES_MPI AND MPIEXEC_EXECUTABLE)
  add_test(NAME mpi_identical
           COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/mpi.sh
                   $<TARGET_FILE:essay-stats> ${MPIEXEC_EXECUTABLE}
                   ${PROJECT_SOURCE_DIR})
  set_tests_properties(mpi_identical PROPERTIES
    ENVIRONMENT "LC_ALL=C;OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1"
    SKIP_RETURN_CODE 77 TIMEOUT 600 RUN_SERIAL TRUE)
endif()
