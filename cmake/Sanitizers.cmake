# Sanitizer builds (issue 8). ENTRA_DOCTOR_SANITIZE is a comma-separated list handed to
# -fsanitize=: "address,undefined" for the whole test suite, "thread" for the threaded tests.
# Applied to every target of the tree (our libraries, the program, the tests, fakecloud), so a
# report always has our frames symbolised. Qt and the system libraries are not instrumented.
#
# ENTRA_DOCTOR_FUZZ=ON (clang only) additionally compiles entra_core for libFuzzer's coverage
# (-fsanitize=fuzzer-no-link) and builds the fuzz/ targets; it implies address,undefined when no
# sanitizer was chosen.
set(ENTRA_DOCTOR_SANITIZE "" CACHE STRING
    "Sanitizers for the whole build, as for -fsanitize= (address,undefined or thread)")
option(ENTRA_DOCTOR_FUZZ "Build the libFuzzer targets under fuzz/ (clang)" OFF)

if(ENTRA_DOCTOR_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR
            "ENTRA_DOCTOR_FUZZ=ON needs clang (libFuzzer), not ${CMAKE_CXX_COMPILER_ID}: "
            "configure a fresh build directory with -DCMAKE_CXX_COMPILER=clang++.")
    endif()
    if(ENTRA_DOCTOR_SANITIZE STREQUAL "")
        set(ENTRA_DOCTOR_SANITIZE "address,undefined" CACHE STRING
            "Sanitizers for the whole build, as for -fsanitize= (address,undefined or thread)"
            FORCE)
    endif()
    if(ENTRA_DOCTOR_SANITIZE MATCHES "thread")
        message(FATAL_ERROR "ENTRA_DOCTOR_FUZZ=ON goes with address,undefined, not thread.")
    endif()
endif()

if(NOT ENTRA_DOCTOR_SANITIZE STREQUAL "")
    string(REPLACE "," ";" _entra_sanitizers "${ENTRA_DOCTOR_SANITIZE}")
    foreach(_s IN LISTS _entra_sanitizers)
        if(NOT _s MATCHES "^(address|undefined|thread|leak)$")
            message(FATAL_ERROR "ENTRA_DOCTOR_SANITIZE: unknown sanitizer '${_s}' "
                "(address, undefined, thread, leak)")
        endif()
    endforeach()
    if("thread" IN_LIST _entra_sanitizers AND "address" IN_LIST _entra_sanitizers)
        message(FATAL_ERROR "ENTRA_DOCTOR_SANITIZE: thread and address cannot be combined.")
    endif()
    message(STATUS "Sanitizers: ${ENTRA_DOCTOR_SANITIZE}")
    add_compile_options(-fsanitize=${ENTRA_DOCTOR_SANITIZE} -fno-omit-frame-pointer)
    add_link_options(-fsanitize=${ENTRA_DOCTOR_SANITIZE})
    if("undefined" IN_LIST _entra_sanitizers)
        # Any undefined behaviour fails the test that hit it instead of printing and going on.
        add_compile_options(-fno-sanitize-recover=undefined)
    endif()
endif()

# The sanitizers' run-time options, for every test's ENVIRONMENT (entra_add_test and the few
# plain add_test calls append it), so `ctest` by hand behaves as CI. Suppressions are narrow and
# commented in tests/sanitizers/: only third-party code (Qt's own synchronisation that TSan cannot
# see, leaks inside system libraries); races and leaks in our code get fixed.
set(ENTRA_SANITIZER_ENVIRONMENT "")
if(NOT ENTRA_DOCTOR_SANITIZE STREQUAL "")
    set(_supp "${PROJECT_SOURCE_DIR}/tests/sanitizers/")
    list(APPEND ENTRA_SANITIZER_ENVIRONMENT
        "ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:check_initialization_order=1"
        "LSAN_OPTIONS=suppressions=${_supp}lsan.supp:print_suppressions=0"
        "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions=${_supp}ubsan.supp"
        # die_after_fork=0: QProcess forks (then execs swtpm, fakecloud) from a process with threads.
        "TSAN_OPTIONS=suppressions=${_supp}tsan.supp:second_deadlock_stack=1:history_size=4:die_after_fork=0:ignore_noninstrumented_modules=1")
endif()
