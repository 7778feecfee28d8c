# libgit2: Debian's (pkg-config) for the libraries, the tests and every
# other program; for the git-bench command, when it is there, the static
# libgit2 that scripts/build-libgit2 builds from Debian's source without
# TLS, SSH and GSSAPI. Debian's libgit2 parses the system's whole CA bundle
# in git_libgit2_init() and loads about fifteen libraries (mbedTLS, libssh2,
# OpenSSL, Kerberos) that git-bench never uses: three times the start-up
# of `git rev-parse HEAD`, paid by every command and every push through
# the hook. docs/performance.md, "Start-up", says why this way.
#
# GB_STATIC_LIBGIT2: AUTO (use it when built, else say so), ON (required),
# OFF. GB_LIBGIT2_DIR: where it is (by default where the script puts it).
pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET libgit2)

set(GB_STATIC_LIBGIT2 AUTO CACHE STRING
    "Link git-bench with the libgit2 of scripts/build-libgit2: AUTO, ON or OFF")
set_property(CACHE GB_STATIC_LIBGIT2 PROPERTY STRINGS AUTO ON OFF)
if(NOT GB_LIBGIT2_DIR)
  execute_process(COMMAND sh ${PROJECT_SOURCE_DIR}/scripts/build-libgit2 --print
                  OUTPUT_VARIABLE GB_LIBGIT2_DEFAULT_DIR
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()
set(GB_LIBGIT2_DIR ${GB_LIBGIT2_DEFAULT_DIR} CACHE PATH
    "The static libgit2 built by scripts/build-libgit2")

# LIBGIT2_VERSION "x.y.z" and LIBGIT2_SOVERSION "x.y" of a version.h.
function(gb_libgit2_header_version out header)
  file(STRINGS ${header} lines REGEX "^#define LIBGIT2_(SO)?VERSION ")
  string(REGEX REPLACE "#define LIBGIT2_([A-Z]+) +\"([^\"]*)\"" "\\1=\\2"
         lines "${lines}")
  set(${out} "${lines}" PARENT_SCOPE)
endfunction()

# Why the static libgit2 cannot be used, or "" when it can.
function(gb_libgit2_static_problem out dir)
  if(NOT EXISTS ${dir}/lib/libgit2.a OR NOT EXISTS ${dir}/debian-version)
    set(${out} "${dir} has no libgit2 (run scripts/build-libgit2)" PARENT_SCOPE)
    return()
  endif()
  # git-bench's code is compiled against the system's headers: the two
  # must be the same upstream release and ABI (Debian keeps the ABI of a
  # soname across its revisions of it).
  gb_libgit2_header_version(static ${dir}/include/git2/version.h)
  gb_libgit2_header_version(system ${LIBGIT2_INCLUDEDIR}/git2/version.h)
  if(NOT static STREQUAL system)
    set(${out} "${dir} holds libgit2 ${static}, the system ${system} (run scripts/build-libgit2 again)"
        PARENT_SCOPE)
    return()
  endif()
  set(${out} "" PARENT_SCOPE)
endfunction()

set(GB_LIBGIT2_STATIC_USED OFF)
if(GB_STATIC_LIBGIT2 STREQUAL AUTO OR GB_STATIC_LIBGIT2)
  gb_libgit2_static_problem(problem ${GB_LIBGIT2_DIR})
  if(problem AND NOT GB_STATIC_LIBGIT2 STREQUAL AUTO)
    message(FATAL_ERROR "GB_STATIC_LIBGIT2=${GB_STATIC_LIBGIT2}: ${problem}")
  elseif(problem)
    message(WARNING "git-bench links Debian's shared libgit2, whose start-up "
            "costs about 10 ms a command more: ${problem}")
  else()
    set(GB_LIBGIT2_STATIC_USED ON)
  endif()
endif()

if(GB_LIBGIT2_STATIC_USED)
  file(STRINGS ${GB_LIBGIT2_DIR}/debian-version GB_LIBGIT2_STATIC_VERSION)
  # What the archive needs, from its own pkg-config file.
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env
            PKG_CONFIG_PATH=${GB_LIBGIT2_DIR}/lib/pkgconfig
            ${PKG_CONFIG_EXECUTABLE} --static --libs-only-l libgit2
    OUTPUT_VARIABLE libs OUTPUT_STRIP_TRAILING_WHITESPACE
    RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "pkg-config cannot read ${GB_LIBGIT2_DIR}/lib/pkgconfig/libgit2.pc")
  endif()
  separate_arguments(libs UNIX_COMMAND "${libs}")
  list(TRANSFORM libs REPLACE "^-l" "")
  list(REMOVE_ITEM libs git2)
  add_library(gb_libgit2_static STATIC IMPORTED)
  set_target_properties(gb_libgit2_static PROPERTIES
    IMPORTED_LOCATION ${GB_LIBGIT2_DIR}/lib/libgit2.a
    INTERFACE_LINK_LIBRARIES "${libs}")
  # PkgConfig::LIBGIT2 links the static archive into the git-bench
  # executable and the shared library into everything else, so that the
  # targets below name libgit2 one way.
  get_target_property(shared PkgConfig::LIBGIT2 INTERFACE_LINK_LIBRARIES)
  set(cli "$<STREQUAL:$<TARGET_PROPERTY:NAME>,git-bench>")
  set(link "$<${cli}:gb_libgit2_static>")
  foreach(item ${shared})
    list(APPEND link "$<$<NOT:${cli}>:${item}>")
  endforeach()
  set_property(TARGET PkgConfig::LIBGIT2 PROPERTY INTERFACE_LINK_LIBRARIES
               "${link}")
  message(STATUS "git-bench links libgit2 ${GB_LIBGIT2_STATIC_VERSION} "
          "statically from ${GB_LIBGIT2_DIR}; libgitbench links Debian's")
endif()
