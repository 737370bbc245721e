# Project-wide compile policy, carried by one INTERFACE target that every target links.
add_library(entra_common INTERFACE)
add_library(Entra::Common ALIAS entra_common)

target_compile_features(entra_common INTERFACE cxx_std_20)
set_target_properties(entra_common PROPERTIES INTERFACE_CXX_EXTENSIONS OFF)

target_compile_options(entra_common INTERFACE
    -Wall -Wextra -Wpedantic -Wnon-virtual-dtor -Wcast-qual
    # A local hiding another local or a parameter; clang's -Wshadow is the same check (plus
    # names hiding globals), it has no "=local" spelling.
    $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>
    $<$<CXX_COMPILER_ID:Clang>:-Wshadow>)
if(ENTRA_DOCTOR_WERROR)
    target_compile_options(entra_common INTERFACE -Werror)
endif()

# Qt strictness: no implicit ASCII conversions, no connections without a context object.
target_compile_definitions(entra_common INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_FOREACH
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_UP_TO=0x060400
    ENTRA_DOCTOR_VERSION="${PROJECT_VERSION}")
